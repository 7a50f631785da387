import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { parseForm, StringEnum, Uuid } from '../../../../platform/http/validation.ts';
import type { FieldError } from '../../../../platform/http/errors.ts';
import { auditContext } from '../../../../platform/http/request-context.ts';
import { redirectWithFlash, sendPage } from '../../../../platform/html/render.tsx';
import { handleForm } from '../../../../platform/html/forms.ts';
import { emptyForm } from '../../../../platform/html/context.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import { listAuditForTarget } from '../../../../platform/audit/index.ts';
import { INTEGRATION_CHANNELS } from '../../db.ts';
import { katalogPolicy } from '../../policy.ts';
import { getApp } from '../../use-cases/get-app.ts';
import { ensureKatalogReader, idsForKeys, throwIfAny } from '../checks.ts';
import { HistoryOut, presentHistory } from '../history.ts';
import { readableOpdOptions } from '../options.ts';
import { refsByKeys } from '../repo.ts';
import { flattenFieldErrors } from '../shared.ts';
import * as S from './schemas.ts';
import { presentIntegration } from './present.ts';
import type { Channel } from './repo.ts';
import { getIntegration } from './use-cases/get-integration.ts';
import { listIntegrations } from './use-cases/list-integrations.ts';
import { createIntegration, deleteIntegration, updateIntegration } from './use-cases/save-integration.ts';
import { IntegrationFormPage, IntegrationListPage } from './views.tsx';

const Params = Type.Object({ integrationId: Uuid() });
const Key = Type.String({ minLength: 2, maxLength: 80 });
const NewForm = Type.Object({ consumerKey: Key, providerKey: Key, datasetKey: Type.Optional(Key), channel: StringEnum(INTEGRATION_CHANNELS), note: Type.Optional(Type.String({ maxLength: 2000 })) });
const EditForm = Type.Object({ datasetKey: Type.Optional(Key), channel: StringEnum(INTEGRATION_CHANNELS), note: Type.Optional(Type.String({ maxLength: 2000 })) });
const HtmlListQuery = Type.Object({
  app: Type.Optional(Type.String({ maxLength: 80 })),
  opdId: Type.Optional(Type.Union([Uuid(), Type.Literal('')])),
  channel: Type.Optional(Type.Union([StringEnum(INTEGRATION_CHANNELS), Type.Literal('')])),
  integrated: Type.Optional(Type.Union([StringEnum(['true', 'false'] as const), Type.Literal('')])),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
});

const formField = (f: string) => ({ consumerAppId: 'consumerKey', providerAppId: 'providerKey', datasetId: 'datasetKey' })[f] ?? f;
const flag = (v: string | undefined) => (v === 'true' ? true : v === 'false' ? false : undefined);

export const integrationRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = app.padu.deps;

  async function datasetIdFor(key: string | undefined, errors: FieldError[]): Promise<string | null> {
    if (!key) return null;
    return (await idsForKeys(deps.db, 'dataset', [key.toLowerCase()], 'datasetKey', errors))[0] ?? null;
  }
  const canEdit = (req: FastifyRequest) => (g: { consumer_opd_id: string | null }) => katalogPolicy.edit(req.actor, g.consumer_opd_id);

  // ---- Screens ---------------------------------------------------------------------------------
  app.get('/katalog/integrations', { schema: { hide: true, querystring: HtmlListQuery } }, async (req, reply) => {
    const { app: appKey = '', opdId = '', channel = '', integrated = '', page = 1 } = req.query;
    ensureKatalogReader(req.actor);
    const appRef = appKey ? (await refsByKeys(deps.db, 'app', [appKey.trim().toLowerCase()]))[0] : undefined;
    const result =
      appKey && !appRef
        ? { items: [], hasNext: false }
        : await listIntegrations(deps, req.actor, { appId: appRef?.id, opdId: opdId || undefined, channel: (channel || undefined) as Channel | undefined, integrated: flag(integrated), page });
    const opdOptions = await readableOpdOptions(deps.db, req.actor);
    return sendPage(reply, (ctx) => (
      <IntegrationListPage ctx={ctx} items={result.items} hasNext={result.hasNext} page={page} filter={{ appKey, channel, integrated, opdId }} opdOptions={opdOptions} canCreate={katalogPolicy.create(req.actor)} canEdit={canEdit(req)} />
    ));
  });

  app.get('/katalog/integrations/new', { schema: { hide: true, querystring: Type.Object({ appId: Type.Optional(Uuid()) }) } }, async (req, reply) => {
    ensure(req.actor, katalogPolicy.create(req.actor));
    let consumerKey = '';
    if (req.query.appId) {
      const a = await getApp(deps, req.actor, req.query.appId);
      ensure(req.actor, katalogPolicy.edit(req.actor, a.opd_id));
      consumerKey = a.key;
    }
    return sendPage(reply, (ctx) => <IntegrationFormPage ctx={ctx} form={emptyForm({ consumerKey, channel: 'gerbang_padu' })} />);
  });

  app.post('/katalog/integrations', { schema: { hide: true } }, async (req, reply) => {
    ensure(req.actor, katalogPolicy.create(req.actor));
    return handleForm(
      reply,
      req.body,
      'consumerKey',
      async () => {
        const f = parseForm(NewForm, req.body);
        const errors: FieldError[] = [];
        const [consumerAppId] = await idsForKeys(deps.db, 'app', [f.consumerKey.toLowerCase()], 'consumerKey', errors);
        const [providerAppId] = await idsForKeys(deps.db, 'app', [f.providerKey.toLowerCase()], 'providerKey', errors);
        const datasetId = await datasetIdFor(f.datasetKey, errors);
        throwIfAny(errors);
        await createIntegration(deps, auditContext(req), { consumerAppId: consumerAppId!, providerAppId: providerAppId!, datasetId, channel: f.channel, note: f.note ?? null }).catch((e) => flattenFieldErrors(e, formField));
        return redirectWithFlash(reply, `/katalog/apps/${consumerAppId}`, 'flash.saved');
      },
      (ctx, form) => <IntegrationFormPage ctx={ctx} form={form} />,
    );
  });

  app.get('/katalog/integrations/:integrationId/edit', { schema: { hide: true, params: Params } }, async (req, reply) => {
    const g = await getIntegration(deps, req.actor, req.params.integrationId);
    ensure(req.actor, katalogPolicy.edit(req.actor, g.consumer_opd_id));
    const history = await listAuditForTarget(deps.db, 'katalog_integration', g.id);
    return sendPage(reply, (ctx) => <IntegrationFormPage ctx={ctx} form={emptyForm({ datasetKey: g.dataset_key, channel: g.channel, note: g.note })} integration={g} history={history} />);
  });

  app.post('/katalog/integrations/:integrationId', { schema: { hide: true, params: Params } }, async (req, reply) => {
    const g = await getIntegration(deps, req.actor, req.params.integrationId);
    ensure(req.actor, katalogPolicy.edit(req.actor, g.consumer_opd_id));
    return handleForm(
      reply,
      req.body,
      'channel',
      async () => {
        const f = parseForm(EditForm, req.body);
        const errors: FieldError[] = [];
        const datasetId = await datasetIdFor(f.datasetKey, errors);
        throwIfAny(errors);
        await updateIntegration(deps, auditContext(req), g.id, { channel: f.channel, datasetId, note: f.note ?? null }).catch((e) => flattenFieldErrors(e, formField));
        return redirectWithFlash(reply, `/katalog/apps/${g.consumer_app_id}`, 'flash.saved');
      },
      (ctx, form) => <IntegrationFormPage ctx={ctx} form={form} integration={g} />,
    );
  });

  app.post('/katalog/integrations/:integrationId/delete', { schema: { hide: true, params: Params } }, async (req, reply) => {
    const g = await getIntegration(deps, req.actor, req.params.integrationId);
    await deleteIntegration(deps, auditContext(req), g.id);
    return redirectWithFlash(reply, `/katalog/apps/${g.consumer_app_id}`, 'katalog.registry.deleted');
  });

  // ---- API -------------------------------------------------------------------------------------
  app.get(
    '/api/v1/katalog/integrations',
    { schema: { tags: ['katalog'], summary: "List integrations touching my agency's apps (all for the SPBE team); filter by app, channel or integrated", querystring: S.IntegrationListQuery, response: { 200: S.IntegrationListOut } } },
    async (req) => {
      const { appId, opdId, channel, integrated, page = 1 } = req.query;
      const result = await listIntegrations(deps, req.actor, { appId: appId || undefined, opdId: opdId || undefined, channel: (channel || undefined) as Channel | undefined, integrated: flag(integrated), page });
      return { items: result.items.map(presentIntegration), hasNext: result.hasNext, page };
    },
  );

  app.post(
    '/api/v1/katalog/integrations',
    { schema: { tags: ['katalog'], summary: 'Record that one app uses data of another, and through which channel', body: S.NewIntegrationBody, response: { 201: S.IntegrationOut } } },
    async (req, reply) => {
      const { integrationId } = await createIntegration(deps, auditContext(req), req.body);
      return reply.status(201).send(presentIntegration(await getIntegration(deps, req.actor, integrationId)));
    },
  );

  app.get(
    '/api/v1/katalog/integrations/:integrationId',
    { schema: { tags: ['katalog'], summary: 'One integration', params: Params, response: { 200: S.IntegrationOut } } },
    async (req) => presentIntegration(await getIntegration(deps, req.actor, req.params.integrationId)),
  );

  app.patch(
    '/api/v1/katalog/integrations/:integrationId',
    { schema: { tags: ['katalog'], summary: 'Change the channel, data set or note of an integration', params: Params, body: S.UpdateIntegrationBody, response: { 200: S.IntegrationOut } } },
    async (req) => {
      await updateIntegration(deps, auditContext(req), req.params.integrationId, req.body);
      return presentIntegration(await getIntegration(deps, req.actor, req.params.integrationId));
    },
  );

  app.delete(
    '/api/v1/katalog/integrations/:integrationId',
    { schema: { tags: ['katalog'], summary: 'Remove an integration record', params: Params, response: { 204: Type.Null() } } },
    async (req, reply) => {
      await deleteIntegration(deps, auditContext(req), req.params.integrationId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/katalog/integrations/:integrationId/history',
    { schema: { tags: ['katalog'], summary: "An integration's change history (from the audit log)", params: Params, response: { 200: HistoryOut } } },
    async (req) => presentHistory(deps.db, 'katalog_integration', (await getIntegration(deps, req.actor, req.params.integrationId)).id),
  );

};
