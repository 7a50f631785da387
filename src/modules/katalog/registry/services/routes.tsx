import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { parseForm, StringEnum, Uuid } from '../../../../platform/http/validation.ts';
import { AppError, type FieldError } from '../../../../platform/http/errors.ts';
import { auditContext } from '../../../../platform/http/request-context.ts';
import { redirectWithFlash, sendPage } from '../../../../platform/html/render.tsx';
import { handleForm } from '../../../../platform/html/forms.ts';
import { emptyForm, type FormState } from '../../../../platform/html/context.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import { listAuditForTarget } from '../../../../platform/audit/index.ts';
import { katalogPolicy } from '../../policy.ts';
import { SERVICE_AUDIENCES, SERVICE_CHANNELS, type ServiceAudience, type ServiceChannel } from '../db.ts';
import { idsForKeys, throwIfAny } from '../checks.ts';
import { HistoryOut, presentHistory } from '../history.ts';
import { editableOpdOptions, readableOpdOptions } from '../options.ts';
import { flattenFieldErrors, parseKeyList, withLists } from '../shared.ts';
import * as S from './schemas.ts';
import { presentService } from './present.ts';
import { STANDARD_CODES } from './standard.ts';
import { createService } from './use-cases/create-service.ts';
import { getService, type ServiceDetail } from './use-cases/get-service.ts';
import { listServices } from './use-cases/list-services.ts';
import { updateService } from './use-cases/update-service.ts';
import type { ServiceInput } from './use-cases/service-input.ts';
import { ServiceFormPage, ServiceListPage, ServicePage } from './views.tsx';

const Params = Type.Object({ serviceId: Uuid() });

// The form is flat: one textarea per standard component (std_<code>), apps by key, channels as
// checkboxes; an emptied field clears the value.
const ServiceForm = Type.Object({
  key: Type.Optional(S.NewServiceBody.properties.key),
  name: Type.String({ minLength: 2, maxLength: 300 }),
  description: Type.Optional(Type.String({ maxLength: 5000 })),
  opdId: Type.Optional(Uuid()),
  audience: StringEnum(SERVICE_AUDIENCES),
  ralCode: Type.Optional(Type.String({ maxLength: 40 })),
  slaWorkingDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
  fee: Type.Optional(Type.Integer({ minimum: 0, maximum: 1e12 })),
  feeNote: Type.Optional(Type.String({ maxLength: 500 })),
  channels: Type.Array(StringEnum(SERVICE_CHANNELS)),
  appKeys: Type.Optional(Type.String({ maxLength: 4000 })),
  ...Object.fromEntries(STANDARD_CODES.map((c) => [`std_${c}`, Type.Optional(Type.String({ maxLength: 5000 }))])),
  version: Type.Optional(Type.Integer({ minimum: 1 })),
});

const formField = (field: string) => field.replace(/^standard\./, 'std_').replace(/^appIds$/, 'appKeys');

async function formToInput(req: FastifyRequest): Promise<ServiceInput & { name: string; audience: ServiceAudience; key?: string; version?: number }> {
  const f = parseForm(ServiceForm, withLists(req.body, ['channels'])) as Record<string, unknown> & { name: string; audience: ServiceAudience; channels: ServiceChannel[] };
  const errors: FieldError[] = [];
  const appIds = await idsForKeys(req.server.padu.deps.db, 'app', parseKeyList(f.appKeys), 'appKeys', errors);
  throwIfAny(errors);
  const opt = (k: string) => (f[k] as string | undefined) ?? null;
  return {
    key: f.key as string | undefined,
    name: f.name,
    description: opt('description'),
    opdId: opt('opdId'),
    audience: f.audience,
    ralCode: opt('ralCode')?.toUpperCase() ?? null,
    slaWorkingDays: (f.slaWorkingDays as number | undefined) ?? null,
    fee: (f.fee as number | undefined) ?? null,
    feeNote: opt('feeNote'),
    channels: f.channels,
    appIds,
    standard: Object.fromEntries(STANDARD_CODES.map((c) => [c, opt(`std_${c}`)])),
    version: f.version as number | undefined,
  };
}

function formValues(s: ServiceDetail): Record<string, unknown> {
  return {
    name: s.name,
    description: s.description,
    opdId: s.opd_id ?? '',
    audience: s.audience,
    ralCode: s.ral_code,
    slaWorkingDays: s.sla_working_days,
    fee: s.fee,
    feeNote: s.fee_note,
    channels: s.channels,
    appKeys: s.apps.map((a) => a.key).join(', '),
    ...Object.fromEntries(STANDARD_CODES.map((c) => [`std_${c}`, s.standard[c] ?? ''])),
  };
}

export const serviceRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = app.padu.deps;

  // ---- Screens ---------------------------------------------------------------------------------
  app.get('/katalog/services', { schema: { hide: true, querystring: S.ServiceListQuery } }, async (req, reply) => {
    const { q = '', opdId = '', audience = '', page = 1 } = req.query;
    const result = await listServices(deps, req.actor, { search: q || undefined, opdId: opdId || undefined, audience: audience || undefined, page });
    const opdOptions = await readableOpdOptions(deps.db, req.actor);
    return sendPage(reply, (ctx) => (
      <ServiceListPage ctx={ctx} items={result.items} hasNext={result.hasNext} page={page} filter={{ q, opdId, audience }} opdOptions={opdOptions} canCreate={katalogPolicy.create(req.actor)} />
    ));
  });

  app.get('/katalog/services/new', { schema: { hide: true } }, async (req, reply) => {
    ensure(req.actor, katalogPolicy.create(req.actor));
    const opdOptions = await editableOpdOptions(deps.db, req.actor);
    const form = emptyForm({ audience: 'G2C', channels: [], opdId: opdOptions.length === 1 ? opdOptions[0]!.value : '' });
    return sendPage(reply, (ctx) => <ServiceFormPage ctx={ctx} form={form} action="/katalog/services" opdOptions={opdOptions} isNew title={ctx.t('katalog.service.new')} />);
  });

  app.post('/katalog/services', { schema: { hide: true } }, async (req, reply) => {
    ensure(req.actor, katalogPolicy.create(req.actor));
    const opdOptions = await editableOpdOptions(deps.db, req.actor);
    return handleForm(
      reply,
      withLists(req.body, ['channels']),
      'name',
      async () => {
        const input = await formToInput(req);
        const { serviceId } = await createService(deps, auditContext(req), input).catch((e) => flattenFieldErrors(e, formField));
        return redirectWithFlash(reply, `/katalog/services/${serviceId}`, 'flash.saved');
      },
      (ctx, form) => <ServiceFormPage ctx={ctx} form={form} action="/katalog/services" opdOptions={opdOptions} isNew title={ctx.t('katalog.service.new')} />,
    );
  });

  app.get('/katalog/services/:serviceId', { schema: { hide: true, params: Params } }, async (req, reply) => {
    const service = await getService(deps, req.actor, req.params.serviceId);
    const history = await listAuditForTarget(deps.db, 'katalog_service', service.id);
    return sendPage(reply, (ctx) => (
      <ServicePage ctx={ctx} service={service} history={history} canEdit={katalogPolicy.edit(req.actor, service.opd_id)} canOpenApp={(opdId) => katalogPolicy.read(req.actor, opdId)} />
    ));
  });

  async function renderEdit(req: FastifyRequest, reply: FastifyReply, s: ServiceDetail, form: FormState, status = 200) {
    const opdOptions = await editableOpdOptions(deps.db, req.actor, { id: s.opd_id, name: s.opd_name });
    return sendPage(
      reply,
      (ctx) => <ServiceFormPage ctx={ctx} form={form} action={`/katalog/services/${s.id}`} opdOptions={opdOptions} isNew={false} version={s.version} service={s} title={ctx.t('katalog.service.edit_title', { name: s.name })} />,
      status,
    );
  }

  app.get('/katalog/services/:serviceId/edit', { schema: { hide: true, params: Params } }, async (req, reply) => {
    const s = await getService(deps, req.actor, req.params.serviceId);
    ensure(req.actor, katalogPolicy.edit(req.actor, s.opd_id));
    return renderEdit(req, reply, s, emptyForm(formValues(s)));
  });

  app.post('/katalog/services/:serviceId', { schema: { hide: true, params: Params } }, async (req, reply) => {
    const s = await getService(deps, req.actor, req.params.serviceId);
    ensure(req.actor, katalogPolicy.edit(req.actor, s.opd_id));
    try {
      const input = await formToInput(req);
      await updateService(deps, auditContext(req), s.id, input).catch((e) => flattenFieldErrors(e, formField));
      return redirectWithFlash(reply, `/katalog/services/${s.id}`, 'flash.saved');
    } catch (error) {
      if (error instanceof AppError && (error.code === 'validation' || error.code === 'conflict')) {
        const errors = error.fields.length ? error.fields : [{ field: 'name', messageKey: error.messageKey }];
        return renderEdit(req, reply, await getService(deps, req.actor, s.id), { values: withLists(req.body, ['channels']), errors }, error.status);
      }
      throw error;
    }
  });

  // ---- API -------------------------------------------------------------------------------------
  app.get(
    '/api/v1/katalog/services',
    { schema: { tags: ['katalog'], summary: 'List services I may see (every agency for the SPBE team)', querystring: S.ServiceListQuery, response: { 200: S.ServiceListOut } } },
    async (req) => {
      const { q, opdId, audience, page = 1 } = req.query;
      const result = await listServices(deps, req.actor, { search: q || undefined, opdId: opdId || undefined, audience: audience || undefined, page });
      return { items: result.items.map(presentService), hasNext: result.hasNext, page };
    },
  );

  app.post(
    '/api/v1/katalog/services',
    { schema: { tags: ['katalog'], summary: 'Add a service (public or administrative) with its service standard', body: S.NewServiceBody, response: { 201: S.ServiceOut } } },
    async (req, reply) => {
      const { serviceId } = await createService(deps, auditContext(req), req.body as ServiceInput & { name: string; audience: ServiceAudience });
      return reply.status(201).send(presentService(await getService(deps, req.actor, serviceId)));
    },
  );

  app.get(
    '/api/v1/katalog/services/:serviceId',
    { schema: { tags: ['katalog'], summary: 'One service, with its standard completeness', params: Params, response: { 200: S.ServiceOut } } },
    async (req) => presentService(await getService(deps, req.actor, req.params.serviceId)),
  );

  app.patch(
    '/api/v1/katalog/services/:serviceId',
    { schema: { tags: ['katalog'], summary: 'Change a service (send `version` to refuse stale edits; standard components merge, null clears one)', params: Params, body: S.UpdateServiceBody, response: { 200: S.ServiceOut } } },
    async (req) => {
      await updateService(deps, auditContext(req), req.params.serviceId, req.body as ServiceInput & { version?: number });
      return presentService(await getService(deps, req.actor, req.params.serviceId));
    },
  );

  app.get(
    '/api/v1/katalog/services/:serviceId/history',
    { schema: { tags: ['katalog'], summary: "A service's change history (from the audit log)", params: Params, response: { 200: HistoryOut } } },
    async (req) => presentHistory(deps.db, 'katalog_service', (await getService(deps, req.actor, req.params.serviceId)).id),
  );
};
