import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import multipart from '@fastify/multipart';
import Type from 'typebox';
import { parseForm, StringEnum } from '../../../platform/http/validation.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { auditContext } from '../../../platform/http/request-context.ts';
import { redirectWithFlash, sendPage } from '../../../platform/html/render.tsx';
import { emptyForm, type FormState } from '../../../platform/html/context.ts';
import { listOpdOptions } from '../../../platform/org/index.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { GerbangSettings } from '../config.ts';
import type { RequestStatus, ServiceLifecycle } from '../db.ts';
import { gerbangPolicy } from '../policy.ts';
import '../messages.ts';
import * as S from './schemas.ts';
import { listEndpoints, listRightsOfService, type ServiceRow } from './repo.ts';
import type { GerbangDeps } from './use-cases/visibility.ts';
import { loadAccessRequest } from './use-cases/visibility.ts';
import { createSubsystem } from './use-cases/create-subsystem.ts';
import { updateSubsystem } from './use-cases/update-subsystem.ts';
import { listSubsystems } from './use-cases/list-subsystems.ts';
import { getSubsystem } from './use-cases/get-subsystem.ts';
import { issueSubsystemToken } from './use-cases/issue-subsystem-token.ts';
import { revokeSubsystemToken } from './use-cases/revoke-subsystem-token.ts';
import { registerService, type NewService } from './use-cases/register-service.ts';
import { updateService, type ServiceChanges } from './use-cases/update-service.ts';
import { changeServiceLifecycle } from './use-cases/change-service-lifecycle.ts';
import { listServices } from './use-cases/list-services.ts';
import { getService } from './use-cases/get-service.ts';
import { getServiceOpenApi } from './use-cases/get-service-openapi.ts';
import { createGroup } from './use-cases/create-group.ts';
import { getGroup } from './use-cases/get-group.ts';
import { listGroups } from './use-cases/list-groups.ts';
import { addGroupMember } from './use-cases/add-group-member.ts';
import { removeGroupMember } from './use-cases/remove-group-member.ts';
import { grantAccess } from './use-cases/grant-access.ts';
import { revokeAccess } from './use-cases/revoke-access.ts';
import { requestAccess } from './use-cases/request-access.ts';
import { decideAccessRequest } from './use-cases/decide-access-request.ts';
import { listAccessRequests } from './use-cases/list-access-requests.ts';
import { listCallableServices, subsystemOfToken } from './use-cases/list-callable-services.ts';
import { parseEndpointLines } from './use-cases/service-input.ts';
import { OverviewPage, SubsystemPage, TokenIssuedPage } from './views/subsystem-pages.tsx';
import { RequestListPage, ServiceListPage, ServicePage } from './views/service-pages.tsx';
import { GroupListPage, GroupPage } from './views/group-pages.tsx';
import { listClientCertificates } from '../tls/use-cases/list-client-certificates.ts';
import { CertificatesSection } from '../tls/views/certificate-pages.tsx';

// ---- HTML form shapes (flat strings, as browsers send them) ---------------------------------

const OptionalInt = (max: number) => Type.Optional(Type.Integer({ minimum: 1, maximum: max }));
const ServiceForm = Type.Object({
  code: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  name: Type.Optional(Type.String({ maxLength: 200 })),
  description: Type.Optional(Type.String({ maxLength: 5000 })),
  upstreamUrl: Type.String({ minLength: 8, maxLength: 1000 }),
  version: Type.Optional(Type.String({ maxLength: 50 })),
  timeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 600000 })),
  bodyLimitBytes: Type.Optional(Type.Integer({ minimum: 0, maximum: 10737418240 })),
  capacityRps: OptionalInt(1_000_000),
  rateLimitRps: OptionalInt(1_000_000),
  dailyQuota: OptionalInt(1_000_000_000),
  personalData: Type.Optional(Type.Boolean()),
  keepBodies: Type.Optional(Type.Boolean()),
  healthPath: Type.Optional(Type.String({ maxLength: 500 })),
  endpoints: Type.Optional(Type.String({ maxLength: 100_000 })),
  openapi: Type.Optional(Type.String({ maxLength: 2 * 1024 * 1024 })),
  openapiUrl: Type.Optional(Type.String({ maxLength: 1000 })),
  openapiFile: Type.Optional(Type.String({ maxLength: 2 * 1024 * 1024 })),
});
const SubsystemForm = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  appId: Type.Optional(Type.String({ format: 'uuid' })),
  active: Type.Optional(Type.Boolean()),
});
const GrantForm = Type.Object({
  subsystem: Type.Optional(Type.String({ maxLength: 300 })),
  groupId: Type.Optional(Type.String({ format: 'uuid' })),
  method: Type.Optional(Type.String({ maxLength: 10 })),
  path: Type.Optional(Type.String({ maxLength: 500 })),
  rateLimitRps: OptionalInt(1_000_000),
  dailyQuota: OptionalInt(1_000_000_000),
});
const DecideForm = Type.Object({ decision: StringEnum(['approve', 'reject'] as const), reason: Type.String({ minLength: 3, maxLength: 2000 }) });

type Body = Record<string, unknown>;
const bodyOf = (req: FastifyRequest): Body => ({ ...((req.body ?? {}) as Body) });
/** A nullable setting the form sent empty means "clear it"; one it did not send means "keep it". */
const cleared = (body: Body, key: string) => body[key] === '';

function serviceFormInput(body: Body, editing: boolean): NewService & ServiceChanges {
  const f = parseForm(ServiceForm, body);
  const input: Record<string, unknown> = { ...f, openapi: f.openapiFile || f.openapi };
  delete input.openapiFile;
  input.endpoints = f.endpoints ? parseEndpointLines(f.endpoints) : undefined;
  if (editing) {
    for (const key of ['description', 'capacityRps', 'rateLimitRps', 'dailyQuota', 'healthPath']) if (cleared(body, key)) input[key] = null;
    input.personalData = f.personalData === true;
    input.keepBodies = f.keepBodies === true;
  }
  if (!editing && !f.code) throw new AppError('validation', 'error.validation', { fields: [{ field: 'code', messageKey: 'validation.required' }] });
  return input as unknown as NewService & ServiceChanges;
}

function serviceFormValues(s: ServiceRow): Body {
  return {
    name: s.name,
    description: s.description ?? '',
    upstreamUrl: s.upstream_url,
    version: s.version,
    timeoutMs: s.timeout_ms,
    bodyLimitBytes: Number(s.body_limit_bytes),
    capacityRps: s.capacity_rps ?? '',
    rateLimitRps: s.rate_limit_rps ?? '',
    dailyQuota: s.daily_quota ?? '',
    personalData: s.personal_data,
    keepBodies: s.keep_bodies,
    healthPath: s.health_path ?? '',
    openapiUrl: s.openapi_url ?? '',
  };
}

/** The gerbang control plane: members' subsystems and tokens, services, groups, access rights and requests. */
export function controlRoutes(settings: GerbangSettings): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const deps = app.padu.deps;
    const g: GerbangDeps = { ...deps, settings };
    const baseUrl = deps.config.baseUrl;

    // OpenAPI files are uploaded from the service forms (multipart); the text arrives as a field.
    if (!app.hasContentTypeParser('multipart/form-data')) {
      await app.register(multipart, {
        attachFieldsToBody: 'keyValues',
        limits: { fileSize: 2 * 1024 * 1024, files: 1, fields: 40, fieldSize: 2 * 1024 * 1024 },
        async onFile(part) {
          (part as unknown as { value: string }).value = (await part.toBuffer()).toString('utf8');
        },
      });
    }

    async function manageOptions(actor: Actor | null) {
      return (await listOpdOptions(deps.db)).filter((o) => gerbangPolicy.manage(actor, o.value));
    }

    // ---- Overview and subsystems -------------------------------------------------------------
    async function renderOverview(req: FastifyRequest, reply: FastifyReply, form: FormState = emptyForm(), status = 200) {
      const subsystems = await listSubsystems(g, req.actor);
      const pending = (await listAccessRequests(g, req.actor, { direction: 'incoming', status: 'pending' })).filter((r) => r.canDecide).length;
      const options = await manageOptions(req.actor);
      return sendPage(reply, (ctx) => <OverviewPage ctx={ctx} settings={settings} subsystems={subsystems} manageOptions={options} pendingIncoming={pending} form={form} />, status);
    }

    app.get('/gerbang', { schema: { hide: true } }, async (req, reply) => renderOverview(req, reply));

    app.post('/gerbang/subsystems', { schema: { hide: true } }, async (req, reply) => {
      const body = bodyOf(req);
      return formOnPage(
        reply,
        body,
        'code',
        async () => {
          const created = await createSubsystem(g, auditContext(req), parseForm(S.NewSubsystemBody, body));
          return redirectWithFlash(reply, `/gerbang/subsystems/${created.id}`, 'gerbang.flash.subsystem_created');
        },
        (form, status) => renderOverview(req, reply, form, status),
      );
    });

    async function renderSubsystem(
      req: FastifyRequest,
      reply: FastifyReply,
      id: string,
      forms: { edit?: FormState; token?: FormState; service?: FormState } = {},
      status = 200,
    ) {
      const detail = await getSubsystem(g, req.actor, id);
      const callable = await listCallableServices(g, req.actor, id);
      const certificates = await listClientCertificates(g, req.actor, id);
      const s = detail.subsystem;
      return sendPage(
        reply,
        (ctx) => (
          <SubsystemPage
            ctx={ctx}
            settings={settings}
            subsystem={s}
            tokens={detail.tokens}
            services={detail.services}
            requests={detail.requests}
            callable={callable.services}
            canManage={detail.canManage}
            editForm={forms.edit ?? emptyForm({ name: s.name, description: s.description ?? '', appId: s.app_id ?? '', active: s.active })}
            tokenForm={forms.token ?? emptyForm()}
            serviceForm={forms.service ?? emptyForm()}
            certificates={<CertificatesSection ctx={ctx} settings={settings} subsystem={s} certificates={certificates.certificates} canManage={detail.canManage} form={emptyForm()} />}
          />
        ),
        status,
      );
    }

    /** Runs a form action on a page that has several forms; errors re-render the page with that form filled in. */
    async function formOnPage(reply: FastifyReply, body: Body, firstField: string, action: () => Promise<FastifyReply>, rerender: (form: FormState, status: number) => Promise<FastifyReply>) {
      try {
        return await action();
      } catch (error) {
        if (!(error instanceof AppError) || !['validation', 'conflict', 'bad_request'].includes(error.code)) throw error;
        const errors = error.fields.length ? error.fields : [{ field: firstField, messageKey: error.messageKey, params: error.options.params }];
        delete body._csrf;
        delete body.openapiFile;
        return rerender({ values: body, errors }, error.status);
      }
    }

    app.get('/gerbang/subsystems/:subsystemId', { schema: { hide: true, params: S.SubsystemParams } }, async (req, reply) => renderSubsystem(req, reply, req.params.subsystemId));

    app.post('/gerbang/subsystems/:subsystemId', { schema: { hide: true, params: S.SubsystemParams } }, async (req, reply) => {
      const id = req.params.subsystemId;
      const body = bodyOf(req);
      return formOnPage(
        reply,
        body,
        'name',
        async () => {
          const f = parseForm(SubsystemForm, body);
          await updateSubsystem(g, auditContext(req), id, { name: f.name, description: f.description ?? null, appId: f.appId ?? null, active: f.active === true });
          return redirectWithFlash(reply, `/gerbang/subsystems/${id}`, 'gerbang.flash.saved');
        },
        (form, status) => renderSubsystem(req, reply, id, { edit: form }, status),
      );
    });

    app.post('/gerbang/subsystems/:subsystemId/tokens', { schema: { hide: true, params: S.SubsystemParams } }, async (req, reply) => {
      const id = req.params.subsystemId;
      const body = bodyOf(req);
      return formOnPage(
        reply,
        body,
        'name',
        async () => {
          const input = parseForm(S.NewTokenBody, body);
          const issued = await issueSubsystemToken(g, auditContext(req), id, input);
          // Not post/redirect/get: the plaintext exists only in this answer (sent no-store).
          return sendPage(reply, (ctx) => <TokenIssuedPage ctx={ctx} settings={settings} baseUrl={baseUrl} subsystem={issued.subsystem} token={issued.token} plaintext={issued.plaintext} />, 201);
        },
        (form, status) => renderSubsystem(req, reply, id, { token: form }, status),
      );
    });

    app.post('/gerbang/subsystems/:subsystemId/tokens/:tokenId/revoke', { schema: { hide: true, params: S.TokenParams } }, async (req, reply) => {
      await revokeSubsystemToken(g, auditContext(req), req.params.subsystemId, req.params.tokenId);
      return redirectWithFlash(reply, `/gerbang/subsystems/${req.params.subsystemId}#tokens`, 'gerbang.flash.token_revoked');
    });

    app.post('/gerbang/subsystems/:subsystemId/services', { schema: { hide: true, params: S.SubsystemParams } }, async (req, reply) => {
      const id = req.params.subsystemId;
      const body = bodyOf(req);
      return formOnPage(
        reply,
        body,
        'code',
        async () => {
          const created = await registerService(g, auditContext(req), id, serviceFormInput(body, false));
          return redirectWithFlash(reply, `/gerbang/services/${created.id}`, 'gerbang.flash.service_registered');
        },
        (form, status) => renderSubsystem(req, reply, id, { service: form }, status),
      );
    });

    // ---- Services ----------------------------------------------------------------------------
    app.get('/gerbang/services', { schema: { hide: true, querystring: S.ServiceListQuery } }, async (req, reply) => {
      const { opdId = '', q = '', lifecycle = '' } = req.query;
      const services = await listServices(g, req.actor, { opdId: opdId || undefined, search: q || undefined, lifecycle: (lifecycle || undefined) as ServiceLifecycle | undefined });
      const opdOptions = await listOpdOptions(deps.db);
      return sendPage(reply, (ctx) => <ServiceListPage ctx={ctx} settings={settings} services={services} opdOptions={opdOptions} filter={{ opdId, q, lifecycle }} />);
    });

    async function renderService(req: FastifyRequest, reply: FastifyReply, id: string, forms: { edit?: FormState; grant?: FormState; request?: FormState } = {}, status = 200) {
      const detail = await getService(g, req.actor, id);
      const s = detail.service;
      const groups = detail.canManage ? (await listGroups(g, req.actor)).filter((gr) => gr.opd_id === s.opd_id) : [];
      const requestSubsystems = (await listSubsystems(g, req.actor))
        .filter((sub) => sub.active && gerbangPolicy.requestAccess(req.actor, sub.opd_id))
        .map((sub) => ({ value: sub.id, label: `${sub.name} (${sub.opd_code}/${sub.code})` }));
      return sendPage(
        reply,
        (ctx) => (
          <ServicePage
            ctx={ctx}
            settings={settings}
            baseUrl={baseUrl}
            service={s}
            endpoints={detail.endpoints}
            rights={detail.rights}
            requests={detail.requests.map((r) => ({ ...r, canDecide: detail.canManage }))}
            providerView={detail.providerView}
            canManage={detail.canManage}
            groups={groups}
            requestSubsystems={requestSubsystems}
            editForm={forms.edit ?? emptyForm(serviceFormValues(s))}
            grantForm={forms.grant ?? emptyForm()}
            requestForm={forms.request ?? emptyForm()}
          />
        ),
        status,
      );
    }

    app.get('/gerbang/services/:serviceId', { schema: { hide: true, params: S.ServiceParams } }, async (req, reply) => renderService(req, reply, req.params.serviceId));

    app.post('/gerbang/services/:serviceId', { schema: { hide: true, params: S.ServiceParams } }, async (req, reply) => {
      const id = req.params.serviceId;
      const body = bodyOf(req);
      return formOnPage(
        reply,
        body,
        'upstreamUrl',
        async () => {
          await updateService(g, auditContext(req), id, serviceFormInput(body, true));
          return redirectWithFlash(reply, `/gerbang/services/${id}`, 'gerbang.flash.saved');
        },
        (form, status) => renderService(req, reply, id, { edit: form }, status),
      );
    });

    app.post('/gerbang/services/:serviceId/lifecycle', { schema: { hide: true, params: S.ServiceParams } }, async (req, reply) => {
      const { lifecycle } = parseForm(S.LifecycleBody, req.body);
      await changeServiceLifecycle(g, auditContext(req), req.params.serviceId, lifecycle);
      return redirectWithFlash(reply, `/gerbang/services/${req.params.serviceId}`, 'gerbang.flash.lifecycle_changed');
    });

    app.post('/gerbang/services/:serviceId/rights', { schema: { hide: true, params: S.ServiceParams } }, async (req, reply) => {
      const id = req.params.serviceId;
      const body = bodyOf(req);
      return formOnPage(
        reply,
        body,
        'subsystem',
        async () => {
          const f = parseForm(GrantForm, body);
          await grantAccess(g, auditContext(req), id, f);
          return redirectWithFlash(reply, `/gerbang/services/${id}#rights`, 'gerbang.flash.granted');
        },
        (form, status) => renderService(req, reply, id, { grant: form }, status),
      );
    });

    app.post('/gerbang/rights/:rightId/delete', { schema: { hide: true, params: S.RightParams } }, async (req, reply) => {
      const right = await revokeAccess(g, auditContext(req), req.params.rightId);
      return redirectWithFlash(reply, `/gerbang/services/${right.service_id}#rights`, 'gerbang.flash.right_revoked');
    });

    app.post('/gerbang/services/:serviceId/requests', { schema: { hide: true, params: S.ServiceParams } }, async (req, reply) => {
      const id = req.params.serviceId;
      const body = bodyOf(req);
      return formOnPage(
        reply,
        body,
        'reason',
        async () => {
          const f = parseForm(S.AccessRequestBody, body);
          await requestAccess(g, auditContext(req), id, f);
          return redirectWithFlash(reply, `/gerbang/services/${id}#requests`, 'gerbang.flash.requested');
        },
        (form, status) => renderService(req, reply, id, { request: form }, status),
      );
    });

    // ---- Requests ----------------------------------------------------------------------------
    app.get('/gerbang/requests', { schema: { hide: true, querystring: S.RequestListQuery } }, async (req, reply) => {
      const { direction = '', status = '' } = req.query;
      const requests = await listAccessRequests(g, req.actor, { direction: direction || undefined, status: (status || undefined) as RequestStatus | undefined });
      return sendPage(reply, (ctx) => <RequestListPage ctx={ctx} settings={settings} requests={requests} filter={{ direction, status }} />);
    });

    app.post('/gerbang/requests/:requestId/decide', { schema: { hide: true, params: S.RequestParams } }, async (req, reply) => {
      const request = await loadAccessRequest(g, req.actor, req.params.requestId, 'decide');
      const back = `/gerbang/services/${request.service_id}`;
      const body = bodyOf(req);
      return formOnPage(
        reply,
        body,
        'reason',
        async () => {
          const f = parseForm(DecideForm, body);
          await decideAccessRequest(g, auditContext(req), request.id, f);
          return redirectWithFlash(reply, `${back}#requests`, f.decision === 'approve' ? 'gerbang.flash.approved' : 'gerbang.flash.rejected');
        },
        (_form, status) => renderService(req, reply, request.service_id, {}, status),
      );
    });

    // ---- Groups ------------------------------------------------------------------------------
    async function renderGroups(req: FastifyRequest, reply: FastifyReply, form: FormState = emptyForm(), status = 200) {
      const groups = await listGroups(g, req.actor);
      const options = await manageOptions(req.actor);
      return sendPage(reply, (ctx) => <GroupListPage ctx={ctx} groups={groups} manageOptions={options} form={form} />, status);
    }
    app.get('/gerbang/groups', { schema: { hide: true } }, async (req, reply) => renderGroups(req, reply));
    app.post('/gerbang/groups', { schema: { hide: true } }, async (req, reply) => {
      const body = bodyOf(req);
      return formOnPage(
        reply,
        body,
        'code',
        async () => {
          const created = await createGroup(g, auditContext(req), parseForm(S.NewGroupBody, body));
          return redirectWithFlash(reply, `/gerbang/groups/${created.id}`, 'gerbang.flash.group_created');
        },
        (form, status) => renderGroups(req, reply, form, status),
      );
    });

    async function renderGroup(req: FastifyRequest, reply: FastifyReply, id: string, form: FormState = emptyForm(), status = 200) {
      const detail = await getGroup(g, req.actor, id);
      return sendPage(reply, (ctx) => <GroupPage ctx={ctx} settings={settings} group={detail.group} members={detail.members} canManage={detail.canManage} form={form} />, status);
    }
    app.get('/gerbang/groups/:groupId', { schema: { hide: true, params: S.GroupParams } }, async (req, reply) => renderGroup(req, reply, req.params.groupId));
    app.post('/gerbang/groups/:groupId/members', { schema: { hide: true, params: S.GroupParams } }, async (req, reply) => {
      const id = req.params.groupId;
      const body = bodyOf(req);
      return formOnPage(
        reply,
        body,
        'subsystem',
        async () => {
          await addGroupMember(g, auditContext(req), id, parseForm(S.GroupMemberBody, body).subsystem);
          return redirectWithFlash(reply, `/gerbang/groups/${id}`, 'gerbang.flash.member_added');
        },
        (form, status) => renderGroup(req, reply, id, form, status),
      );
    });
    app.post('/gerbang/groups/:groupId/members/:subsystemId/delete', { schema: { hide: true, params: S.GroupMemberParams } }, async (req, reply) => {
      await removeGroupMember(g, auditContext(req), req.params.groupId, req.params.subsystemId);
      return redirectWithFlash(reply, `/gerbang/groups/${req.params.groupId}`, 'gerbang.flash.member_removed');
    });

    // ---- API -----------------------------------------------------------------------------------
    const tags = ['gerbang'];
    const presentServiceWithEndpoints = async (s: ServiceRow, providerView: boolean) => S.presentService(settings, baseUrl, s, await listEndpoints(deps.db, [s.id]), providerView);

    app.get(
      '/api/v1/gerbang/subsystems',
      { schema: { tags, summary: 'Subsystems (member information systems) I can see', querystring: S.SubsystemListQuery, response: { 200: S.ItemsOf(S.SubsystemOut) } } },
      async (req) => ({ items: (await listSubsystems(g, req.actor, { opdId: req.query.opdId || undefined })).map((s) => S.presentSubsystem(settings, s)) }),
    );
    app.post(
      '/api/v1/gerbang/subsystems',
      { schema: { tags, summary: 'Register a subsystem of an agency', body: S.NewSubsystemBody, response: { 201: S.SubsystemOut } } },
      async (req, reply) => reply.status(201).send(S.presentSubsystem(settings, await createSubsystem(g, auditContext(req), req.body))),
    );
    app.get(
      '/api/v1/gerbang/subsystems/:subsystemId',
      { schema: { tags, summary: 'A subsystem, its tokens (never the secret) and the services it provides', params: S.SubsystemParams, response: { 200: S.SubsystemDetailOut } } },
      async (req) => {
        const d = await getSubsystem(g, req.actor, req.params.subsystemId);
        return {
          ...S.presentSubsystem(settings, d.subsystem),
          tokens: d.tokens.map(S.presentSubsystemToken),
          services: d.services.map((v) => ({ id: v.id, identifier: S.presentService(settings, baseUrl, v, [], false).identifier, name: v.name, lifecycle: v.lifecycle })),
        };
      },
    );
    app.patch(
      '/api/v1/gerbang/subsystems/:subsystemId',
      { schema: { tags, summary: 'Change a subsystem (name, description, katalog app, active)', params: S.SubsystemParams, body: S.SubsystemChangesBody, response: { 200: S.SubsystemOut } } },
      async (req) => S.presentSubsystem(settings, await updateSubsystem(g, auditContext(req), req.params.subsystemId, req.body)),
    );
    app.post(
      '/api/v1/gerbang/subsystems/:subsystemId/tokens',
      { schema: { tags, summary: 'Issue an API token for a subsystem (scope gerbang:call); the answer holds it, shown this once', params: S.SubsystemParams, body: S.NewTokenBody, response: { 201: S.CreatedTokenOut } } },
      async (req, reply) => {
        const issued = await issueSubsystemToken(g, auditContext(req), req.params.subsystemId, req.body);
        const status = issued.token.status;
        return reply.status(201).send({
          ...S.presentSubsystemToken({ ...issued.token, status }),
          token: issued.plaintext,
          clientHeader: S.presentSubsystem(settings, issued.subsystem).identifier,
        });
      },
    );
    app.delete(
      '/api/v1/gerbang/subsystems/:subsystemId/tokens/:tokenId',
      { schema: { tags, summary: 'Revoke a subsystem token (idempotent)', params: S.TokenParams, response: { 200: S.SubsystemTokenOut } } },
      async (req) => S.presentSubsystemToken(await revokeSubsystemToken(g, auditContext(req), req.params.subsystemId, req.params.tokenId)),
    );

    async function presentCallable(req: FastifyRequest, subsystemId: string) {
      const result = await listCallableServices(g, req.actor, subsystemId);
      return {
        client: S.presentSubsystem(settings, result.subsystem).identifier,
        items: result.services.map((c) => ({
          service: S.presentService(settings, baseUrl, c.service, c.endpoints, false),
          whole: c.whole,
          allowed: c.allowed,
          rateLimitRps: c.rateLimitRps,
          dailyQuota: c.dailyQuota,
          openapiUrl: `${baseUrl}/api/v1/gerbang/services/${c.service.id}/openapi`,
        })),
      };
    }
    app.get(
      '/api/v1/gerbang/subsystems/:subsystemId/callable',
      { schema: { tags, summary: 'The services a subsystem may call, and what of each', params: S.SubsystemParams, response: { 200: S.CallableListOut } } },
      async (req) => presentCallable(req, req.params.subsystemId),
    );
    app.get(
      '/api/v1/gerbang/client/services',
      { schema: { tags, summary: 'For a subsystem’s own token: the services it may call, with their OpenAPI', security: [{ bearer: [] }], response: { 200: S.CallableListOut } } },
      async (req) => presentCallable(req, await subsystemOfToken(g, req.actor)),
    );

    app.post(
      '/api/v1/gerbang/subsystems/:subsystemId/services',
      {
        schema: {
          tags,
          summary: 'Register a service by hand (endpoints) or from an OpenAPI 3 description (text or URL); it starts as a draft',
          params: S.SubsystemParams,
          body: S.NewServiceBody,
          response: { 201: S.ServiceOut },
        },
      },
      async (req, reply) => reply.status(201).send(await presentServiceWithEndpoints(await registerService(g, auditContext(req), req.params.subsystemId, req.body), true)),
    );
    app.get(
      '/api/v1/gerbang/services',
      { schema: { tags, summary: 'The service directory: open services of every agency, and all of my agency’s', querystring: S.ServiceListQuery, response: { 200: S.ItemsOf(S.ServiceOut) } } },
      async (req) => {
        const { opdId, q, lifecycle } = req.query;
        const rows = await listServices(g, req.actor, { opdId: opdId || undefined, search: q || undefined, lifecycle: (lifecycle || undefined) as ServiceLifecycle | undefined });
        return { items: rows.map((r) => S.presentService(settings, baseUrl, r, r.endpoints, r.providerView)) };
      },
    );
    app.get(
      '/api/v1/gerbang/services/:serviceId',
      { schema: { tags, summary: 'A service; its provider also sees the upstream, settings and access rights', params: S.ServiceParams, response: { 200: S.ServiceDetailOut } } },
      async (req) => {
        const d = await getService(g, req.actor, req.params.serviceId);
        return {
          ...S.presentService(settings, baseUrl, d.service, d.endpoints, d.providerView),
          ...(d.providerView ? { rights: d.rights.map((r) => S.presentRight(settings, r)) } : {}),
          requests: d.requests.map((r) => S.presentRequest(settings, r)),
        };
      },
    );
    app.patch(
      '/api/v1/gerbang/services/:serviceId',
      { schema: { tags, summary: 'Change a service’s settings, endpoints or OpenAPI description', params: S.ServiceParams, body: S.ServiceChangesBody, response: { 200: S.ServiceOut } } },
      async (req) => presentServiceWithEndpoints(await updateService(g, auditContext(req), req.params.serviceId, req.body), true),
    );
    app.post(
      '/api/v1/gerbang/services/:serviceId/lifecycle',
      { schema: { tags, summary: 'Move a service through its lifecycle (draft → published → deprecated → retired)', params: S.ServiceParams, body: S.LifecycleBody, response: { 200: S.ServiceOut } } },
      async (req) => presentServiceWithEndpoints(await changeServiceLifecycle(g, auditContext(req), req.params.serviceId, req.body.lifecycle), true),
    );
    app.get(
      '/api/v1/gerbang/services/:serviceId/openapi',
      {
        schema: {
          tags,
          summary: 'The service’s OpenAPI description (JSON or YAML), its servers pointing at the gateway',
          params: S.ServiceParams,
          response: { 200: Type.String({ description: 'The OpenAPI document' }) },
        },
      },
      async (req, reply) => {
        const doc = await getServiceOpenApi(g, req.actor, req.params.serviceId);
        return reply.type(doc.format === 'json' ? 'application/json; charset=utf-8' : 'application/yaml; charset=utf-8').send(doc.text);
      },
    );
    app.get(
      '/api/v1/gerbang/services/:serviceId/rights',
      { schema: { tags, summary: 'Access rights to a service (its provider only)', params: S.ServiceParams, response: { 200: S.ItemsOf(S.RightOut) } } },
      async (req) => {
        const d = await getService(g, req.actor, req.params.serviceId);
        if (!d.providerView) throw new AppError('forbidden', 'error.forbidden');
        return { items: (await listRightsOfService(deps.db, d.service.id)).map((r) => S.presentRight(settings, r)) };
      },
    );
    app.post(
      '/api/v1/gerbang/services/:serviceId/rights',
      { schema: { tags, summary: 'Grant a subsystem or group access to a service or one endpoint', params: S.ServiceParams, body: S.GrantBody, response: { 201: S.RightOut } } },
      async (req, reply) => reply.status(201).send(S.presentRight(settings, await grantAccess(g, auditContext(req), req.params.serviceId, req.body))),
    );
    app.delete(
      '/api/v1/gerbang/rights/:rightId',
      { schema: { tags, summary: 'Withdraw an access right', params: S.RightParams, response: { 200: S.RightOut } } },
      async (req) => S.presentRight(settings, await revokeAccess(g, auditContext(req), req.params.rightId)),
    );
    app.post(
      '/api/v1/gerbang/services/:serviceId/requests',
      { schema: { tags, summary: 'Ask the providing agency for access, with a reason', params: S.ServiceParams, body: S.AccessRequestBody, response: { 201: S.AccessRequestOut } } },
      async (req, reply) => reply.status(201).send(S.presentRequest(settings, await requestAccess(g, auditContext(req), req.params.serviceId, req.body))),
    );
    app.get(
      '/api/v1/gerbang/requests',
      { schema: { tags, summary: 'Access requests to and from my agencies', querystring: S.RequestListQuery, response: { 200: S.ItemsOf(S.AccessRequestOut) } } },
      async (req) => {
        const { direction, status } = req.query;
        const rows = await listAccessRequests(g, req.actor, { direction: direction || undefined, status: (status || undefined) as RequestStatus | undefined });
        return { items: rows.map((r) => S.presentRequest(settings, r)) };
      },
    );
    app.get(
      '/api/v1/gerbang/requests/:requestId',
      { schema: { tags, summary: 'One access request', params: S.RequestParams, response: { 200: S.AccessRequestOut } } },
      async (req) => S.presentRequest(settings, await loadAccessRequest(g, req.actor, req.params.requestId, 'read')),
    );
    for (const decision of ['approve', 'reject'] as const) {
      app.post(
        `/api/v1/gerbang/requests/:requestId/${decision}`,
        {
          schema: {
            tags,
            summary: decision === 'approve' ? 'Approve an access request (creates the right)' : 'Reject an access request',
            params: S.RequestParams,
            body: S.DecisionBody,
            response: { 200: S.AccessRequestOut },
          },
        },
        async (req) => S.presentRequest(settings, await decideAccessRequest(g, auditContext(req), req.params.requestId, { ...req.body, decision })),
      );
    }
    app.get(
      '/api/v1/gerbang/groups',
      { schema: { tags, summary: 'Subsystem groups of my agencies', response: { 200: S.ItemsOf(S.GroupOut) } } },
      async (req) => ({ items: (await listGroups(g, req.actor)).map((gr) => S.presentGroup(settings, gr)) }),
    );
    app.post(
      '/api/v1/gerbang/groups',
      { schema: { tags, summary: 'Create a subsystem group of an agency', body: S.NewGroupBody, response: { 201: S.GroupOut } } },
      async (req, reply) => reply.status(201).send(S.presentGroup(settings, await createGroup(g, auditContext(req), req.body), [])),
    );
    app.get(
      '/api/v1/gerbang/groups/:groupId',
      { schema: { tags, summary: 'A group and its members', params: S.GroupParams, response: { 200: S.GroupOut } } },
      async (req) => {
        const d = await getGroup(g, req.actor, req.params.groupId);
        return S.presentGroup(settings, d.group, d.members);
      },
    );
    app.post(
      '/api/v1/gerbang/groups/:groupId/members',
      { schema: { tags, summary: 'Add a subsystem (id or identifier) to a group', params: S.GroupParams, body: S.GroupMemberBody, response: { 200: S.GroupOut } } },
      async (req) => {
        await addGroupMember(g, auditContext(req), req.params.groupId, req.body.subsystem);
        const d = await getGroup(g, req.actor, req.params.groupId);
        return S.presentGroup(settings, d.group, d.members);
      },
    );
    app.delete(
      '/api/v1/gerbang/groups/:groupId/members/:subsystemId',
      { schema: { tags, summary: 'Remove a subsystem from a group', params: S.GroupMemberParams, response: { 200: S.GroupOut } } },
      async (req) => {
        await removeGroupMember(g, auditContext(req), req.params.groupId, req.params.subsystemId);
        const d = await getGroup(g, req.actor, req.params.groupId);
        return S.presentGroup(settings, d.group, d.members);
      },
    );
  };
}

