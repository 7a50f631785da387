import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { parseForm, StringEnum, Uuid } from '../../../../platform/http/validation.ts';
import { AppError } from '../../../../platform/http/errors.ts';
import { auditContext } from '../../../../platform/http/request-context.ts';
import { redirectWithFlash, sendPage } from '../../../../platform/html/render.tsx';
import { handleForm } from '../../../../platform/html/forms.ts';
import { emptyForm, type FormState, type PageContext } from '../../../../platform/html/context.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import { listAuditForTarget } from '../../../../platform/audit/index.ts';
import { katalogPolicy } from '../../policy.ts';
import { getApp } from '../../use-cases/get-app.ts';
import { INFRA_KINDS, type InfraKind } from '../db.ts';
import { HistoryOut, presentHistory } from '../history.ts';
import { allOpdOptions, editableOpdOptions, readableOpdOptions } from '../options.ts';
import * as S from './schemas.ts';
import { presentDueAudit, presentInfra, presentInfraItem } from './present.ts';
import { createInfra, type NewInfra } from './use-cases/create-infra.ts';
import { getInfra, type InfraDetail } from './use-cases/get-infra.ts';
import { listInfra } from './use-cases/list-infra.ts';
import { updateInfra } from './use-cases/update-infra.ts';
import { removeTenant, setTenant } from './use-cases/set-tenant.ts';
import { recordSecurityAudit } from './use-cases/record-security-audit.ts';
import { listDueSecurityAudits } from './use-cases/list-due-security-audits.ts';
import type { InfraInput } from './use-cases/infra-input.ts';
import { DueAuditsPage, InfraFormPage, InfraListPage, InfraPage, SecurityAuditFormPage } from './views.tsx';

const Params = Type.Object({ infraId: Uuid() });
const TenantParams = Type.Object({ infraId: Uuid(), opdId: Uuid() });

const InfraForm = Type.Object({
  key: Type.Optional(S.NewInfraBody.properties.key),
  name: Type.String({ minLength: 2, maxLength: 300 }),
  kind: StringEnum(INFRA_KINDS),
  operatorOpdId: Type.Optional(Uuid()),
  raiCode: Type.Optional(Type.String({ maxLength: 40 })),
  location: Type.Optional(Type.String({ maxLength: 300 })),
  description: Type.Optional(Type.String({ maxLength: 5000 })),
  version: Type.Optional(Type.Integer({ minimum: 1 })),
});
const TenantForm = Type.Object({ opdId: Uuid(), since: Type.Optional(Type.String({ format: 'date' })) });
const AuditForm = Type.Object({
  appId: Type.Optional(Uuid()),
  infraId: Type.Optional(Uuid()),
  auditedOn: Type.String({ format: 'date' }),
  auditor: Type.String({ minLength: 2, maxLength: 200 }),
  result: Type.Optional(Type.String({ maxLength: 5000 })),
});
const AuditTargetQuery = Type.Object({ appId: Type.Optional(Uuid()), infraId: Type.Optional(Uuid()) });

function formToInput(body: unknown): NewInfra & { version?: number } {
  const f = parseForm(InfraForm, body) as Record<string, unknown> & { name: string; kind: InfraKind };
  const opt = (k: string) => (f[k] as string | undefined) ?? null;
  return {
    key: f.key as string | undefined,
    name: f.name,
    kind: f.kind,
    operatorOpdId: opt('operatorOpdId'),
    raiCode: opt('raiCode')?.toUpperCase() ?? null,
    location: opt('location'),
    description: opt('description'),
    version: f.version as number | undefined,
  };
}

const formValues = (i: InfraDetail) => ({ name: i.name, kind: i.kind, operatorOpdId: i.operator_opd_id ?? '', raiCode: i.rai_code, location: i.location, description: i.description });

export const infraRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = app.padu.deps;

  const formView = (ctx: PageContext, form: FormState, opdOptions: Awaited<ReturnType<typeof editableOpdOptions>>, i?: InfraDetail) => (
    <InfraFormPage
      ctx={ctx}
      form={form}
      action={i ? `/katalog/infra/${i.id}` : '/katalog/infra'}
      opdOptions={opdOptions}
      isNew={!i}
      version={i?.version}
      infra={i}
      title={i ? ctx.t('katalog.infra.edit_title', { name: i.name }) : ctx.t('katalog.infra.new')}
    />
  );

  async function detailPage(req: FastifyRequest, reply: FastifyReply, infraId: string, tenantForm: FormState = emptyForm(), status = 200) {
    const infra = await getInfra(deps, req.actor, infraId);
    const [history, opdOptions] = await Promise.all([listAuditForTarget(deps.db, 'katalog_infra', infra.id), allOpdOptions(deps.db)]);
    return sendPage(reply, (ctx) => <InfraPage ctx={ctx} infra={infra} history={history} canEdit={katalogPolicy.edit(req.actor, infra.operator_opd_id)} tenantForm={tenantForm} opdOptions={opdOptions} />, status);
  }

  // ---- Screens: infrastructure -----------------------------------------------------------------
  app.get('/katalog/infra', { schema: { hide: true, querystring: S.InfraListQuery } }, async (req, reply) => {
    const { q = '', opdId = '', kind = '', page = 1 } = req.query;
    const result = await listInfra(deps, req.actor, { search: q || undefined, opdId: opdId || undefined, kind: kind || undefined, page });
    const opdOptions = await readableOpdOptions(deps.db, req.actor);
    return sendPage(reply, (ctx) => <InfraListPage ctx={ctx} items={result.items} hasNext={result.hasNext} page={page} filter={{ q, opdId, kind }} opdOptions={opdOptions} canCreate={katalogPolicy.create(req.actor)} />);
  });

  app.get('/katalog/infra/new', { schema: { hide: true } }, async (req, reply) => {
    ensure(req.actor, katalogPolicy.create(req.actor));
    const opdOptions = await editableOpdOptions(deps.db, req.actor);
    return sendPage(reply, (ctx) => formView(ctx, emptyForm({ kind: 'pusat_data', operatorOpdId: opdOptions.length === 1 ? opdOptions[0]!.value : '' }), opdOptions));
  });

  app.post('/katalog/infra', { schema: { hide: true } }, async (req, reply) => {
    ensure(req.actor, katalogPolicy.create(req.actor));
    const opdOptions = await editableOpdOptions(deps.db, req.actor);
    return handleForm(
      reply,
      req.body,
      'name',
      async () => {
        const { infraId } = await createInfra(deps, auditContext(req), formToInput(req.body));
        return redirectWithFlash(reply, `/katalog/infra/${infraId}`, 'flash.saved');
      },
      (ctx, form) => formView(ctx, form, opdOptions),
    );
  });

  app.get('/katalog/infra/:infraId', { schema: { hide: true, params: Params } }, async (req, reply) => detailPage(req, reply, req.params.infraId));

  app.get('/katalog/infra/:infraId/edit', { schema: { hide: true, params: Params } }, async (req, reply) => {
    const i = await getInfra(deps, req.actor, req.params.infraId);
    ensure(req.actor, katalogPolicy.edit(req.actor, i.operator_opd_id));
    const opdOptions = await editableOpdOptions(deps.db, req.actor, { id: i.operator_opd_id, name: i.operator_name });
    return sendPage(reply, (ctx) => formView(ctx, emptyForm(formValues(i)), opdOptions, i));
  });

  app.post('/katalog/infra/:infraId', { schema: { hide: true, params: Params } }, async (req, reply) => {
    const i = await getInfra(deps, req.actor, req.params.infraId);
    ensure(req.actor, katalogPolicy.edit(req.actor, i.operator_opd_id));
    try {
      await updateInfra(deps, auditContext(req), i.id, formToInput(req.body));
      return redirectWithFlash(reply, `/katalog/infra/${i.id}`, 'flash.saved');
    } catch (error) {
      if (error instanceof AppError && (error.code === 'validation' || error.code === 'conflict')) {
        const errors = error.fields.length ? error.fields : [{ field: 'name', messageKey: error.messageKey }];
        const fresh = await getInfra(deps, req.actor, i.id);
        const opdOptions = await editableOpdOptions(deps.db, req.actor, { id: fresh.operator_opd_id, name: fresh.operator_name });
        return sendPage(reply, (ctx) => formView(ctx, { values: req.body as Record<string, unknown>, errors }, opdOptions, fresh), error.status);
      }
      throw error;
    }
  });

  app.post('/katalog/infra/:infraId/tenants', { schema: { hide: true, params: Params } }, async (req, reply) => {
    const i = await getInfra(deps, req.actor, req.params.infraId);
    ensure(req.actor, katalogPolicy.edit(req.actor, i.operator_opd_id));
    try {
      const f = parseForm(TenantForm, req.body);
      await setTenant(deps, auditContext(req), i.id, { opdId: f.opdId, since: f.since ?? null });
      return redirectWithFlash(reply, `/katalog/infra/${i.id}`, 'flash.saved');
    } catch (error) {
      if (error instanceof AppError && error.code === 'validation') return detailPage(req, reply, i.id, { values: req.body as Record<string, unknown>, errors: error.fields }, 400);
      throw error;
    }
  });

  app.post('/katalog/infra/:infraId/tenants/:opdId/delete', { schema: { hide: true, params: TenantParams } }, async (req, reply) => {
    await removeTenant(deps, auditContext(req), req.params.infraId, req.params.opdId);
    return redirectWithFlash(reply, `/katalog/infra/${req.params.infraId}`, 'katalog.infra.removed');
  });

  // ---- Screens: security audits ----------------------------------------------------------------
  app.get('/katalog/security-audits', { schema: { hide: true, querystring: S.DueQuery } }, async (req, reply) => {
    const opdId = req.query.opdId ?? '';
    const result = await listDueSecurityAudits(deps, req.actor, { opdId: opdId || undefined });
    const opdOptions = await readableOpdOptions(deps.db, req.actor);
    return sendPage(reply, (ctx) => <DueAuditsPage ctx={ctx} result={result} opdId={opdId} opdOptions={opdOptions} />);
  });

  /** The audited thing, if the actor may record its audits (404 when unreadable, 403 when read-only). */
  async function auditTarget(req: FastifyRequest, q: { appId?: string; infraId?: string }) {
    if (q.appId) {
      const a = await getApp(deps, req.actor, q.appId);
      ensure(req.actor, katalogPolicy.edit(req.actor, a.opd_id));
      return { appId: a.id, name: a.name, href: `/katalog/apps/${a.id}` };
    }
    if (q.infraId) {
      const i = await getInfra(deps, req.actor, q.infraId);
      ensure(req.actor, katalogPolicy.edit(req.actor, i.operator_opd_id));
      return { infraId: i.id, name: i.name, href: `/katalog/infra/${i.id}` };
    }
    throw new AppError('not_found', 'error.not_found');
  }

  app.get('/katalog/security-audits/new', { schema: { hide: true, querystring: AuditTargetQuery } }, async (req, reply) => {
    const target = await auditTarget(req, req.query);
    return sendPage(reply, (ctx) => <SecurityAuditFormPage ctx={ctx} form={emptyForm()} target={target} />);
  });

  app.post('/katalog/security-audits', { schema: { hide: true } }, async (req, reply) => {
    const raw = (req.body ?? {}) as Record<string, unknown>;
    const target = await auditTarget(req, { appId: typeof raw.appId === 'string' ? raw.appId : undefined, infraId: typeof raw.infraId === 'string' ? raw.infraId : undefined });
    return handleForm(
      reply,
      req.body,
      'auditedOn',
      async () => {
        const f = parseForm(AuditForm, req.body);
        await recordSecurityAudit(deps, auditContext(req), { appId: target.appId ?? null, infraId: target.infraId ?? null, auditedOn: f.auditedOn, auditor: f.auditor, result: f.result ?? null });
        return redirectWithFlash(reply, target.href, 'katalog.audit.recorded');
      },
      (ctx, form) => <SecurityAuditFormPage ctx={ctx} form={form} target={target} />,
    );
  });

  // ---- API -------------------------------------------------------------------------------------
  app.get(
    '/api/v1/katalog/infra',
    { schema: { tags: ['katalog'], summary: 'List infrastructure I may see (operated by or serving my agency; all for the SPBE team)', querystring: S.InfraListQuery, response: { 200: S.InfraListOut } } },
    async (req) => {
      const { q, opdId, kind, page = 1 } = req.query;
      const result = await listInfra(deps, req.actor, { search: q || undefined, opdId: opdId || undefined, kind: kind || undefined, page });
      return { items: result.items.map(presentInfraItem), hasNext: result.hasNext, page };
    },
  );

  app.post(
    '/api/v1/katalog/infra',
    { schema: { tags: ['katalog'], summary: 'Add a data centre, intranet or other infrastructure', body: S.NewInfraBody, response: { 201: S.InfraOut } } },
    async (req, reply) => {
      const { infraId } = await createInfra(deps, auditContext(req), req.body as NewInfra);
      return reply.status(201).send(presentInfra(await getInfra(deps, req.actor, infraId)));
    },
  );

  app.get(
    '/api/v1/katalog/infra/:infraId',
    { schema: { tags: ['katalog'], summary: 'One piece of infrastructure, with tenants and security audits', params: Params, response: { 200: S.InfraOut } } },
    async (req) => presentInfra(await getInfra(deps, req.actor, req.params.infraId)),
  );

  app.patch(
    '/api/v1/katalog/infra/:infraId',
    { schema: { tags: ['katalog'], summary: "Change infrastructure (the operator's admins; send `version` to refuse stale edits)", params: Params, body: S.UpdateInfraBody, response: { 200: S.InfraOut } } },
    async (req) => {
      await updateInfra(deps, auditContext(req), req.params.infraId, req.body as InfraInput & { version?: number });
      return presentInfra(await getInfra(deps, req.actor, req.params.infraId));
    },
  );

  app.get(
    '/api/v1/katalog/infra/:infraId/history',
    { schema: { tags: ['katalog'], summary: "Infrastructure's change history (from the audit log)", params: Params, response: { 200: HistoryOut } } },
    async (req) => presentHistory(deps.db, 'katalog_infra', (await getInfra(deps, req.actor, req.params.infraId)).id),
  );

  app.put(
    '/api/v1/katalog/infra/:infraId/tenants/:opdId',
    { schema: { tags: ['katalog'], summary: 'Add a tenant (or connect an agency to the intranet), or change since when', params: TenantParams, body: S.TenantBody, response: { 200: S.InfraOut } } },
    async (req) => {
      await setTenant(deps, auditContext(req), req.params.infraId, { opdId: req.params.opdId, since: req.body.since ?? null });
      return presentInfra(await getInfra(deps, req.actor, req.params.infraId));
    },
  );

  app.delete(
    '/api/v1/katalog/infra/:infraId/tenants/:opdId',
    { schema: { tags: ['katalog'], summary: 'Remove a tenant or connected agency', params: TenantParams, response: { 200: S.InfraOut } } },
    async (req) => {
      await removeTenant(deps, auditContext(req), req.params.infraId, req.params.opdId);
      return presentInfra(await getInfra(deps, req.actor, req.params.infraId));
    },
  );

  app.get(
    '/api/v1/katalog/security-audits',
    { schema: { tags: ['katalog'], summary: 'Security audits overdue or due within 90 days (latest audit per app or infrastructure)', querystring: S.DueQuery, response: { 200: S.DueListOut } } },
    async (req) => {
      const result = await listDueSecurityAudits(deps, req.actor, { opdId: req.query.opdId || undefined });
      return { today: result.today, until: result.until, overdue: result.overdue.map(presentDueAudit), upcoming: result.upcoming.map(presentDueAudit) };
    },
  );

  app.post(
    '/api/v1/katalog/security-audits',
    { schema: { tags: ['katalog'], summary: 'Record a security audit of an app or infrastructure; the next due date is computed (1 year for general apps and infrastructure, 2 for agency apps)', body: S.NewSecurityAuditBody, response: { 201: S.RecordedSecurityAuditOut } } },
    async (req, reply) => {
      const r = await recordSecurityAudit(deps, auditContext(req), { ...req.body, result: req.body.result ?? null });
      return reply.status(201).send({ id: r.auditId, nextDue: r.nextDue, intervalYears: r.intervalYears });
    },
  );
};
