import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { parseForm, StringEnum, Uuid } from '../../../../platform/http/validation.ts';
import { AppError, type FieldError } from '../../../../platform/http/errors.ts';
import { auditContext } from '../../../../platform/http/request-context.ts';
import { redirectWithFlash, sendPage } from '../../../../platform/html/render.tsx';
import { handleForm } from '../../../../platform/html/forms.ts';
import { emptyForm } from '../../../../platform/html/context.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import { listAuditForTarget } from '../../../../platform/audit/index.ts';
import { ROADMAP_AREAS } from '../../db.ts';
import { katalogPolicy } from '../../policy.ts';
import { ROADMAP_STATUSES, type RoadmapStatus } from '../db.ts';
import { idsForKeys, throwIfAny } from '../checks.ts';
import { HistoryOut, presentHistory } from '../history.ts';
import { editableOpdOptions, readableOpdOptions } from '../options.ts';
import { flattenFieldErrors, parseKeyList } from '../shared.ts';
import * as S from './schemas.ts';
import { presentRoadmapItem } from './present.ts';
import type { RoadmapArea } from './repo.ts';
import { getRoadmapItem, type RoadmapDetail } from './use-cases/get-roadmap-item.ts';
import { listRoadmap } from './use-cases/list-roadmap.ts';
import { createRoadmapItem, updateRoadmapItem, type NewRoadmapItem } from './use-cases/save-roadmap-item.ts';
import type { RoadmapInput } from './use-cases/roadmap-input.ts';
import { RoadmapFormPage, RoadmapItemPage, RoadmapPage } from './views.tsx';

const Params = Type.Object({ itemId: Uuid() });
const Year = Type.Integer({ minimum: 2000, maximum: 2100 });
const RoadmapForm = Type.Object({
  key: Type.Optional(S.NewRoadmapBody.properties.key),
  area: StringEnum(ROADMAP_AREAS),
  title: Type.String({ minLength: 2, maxLength: 300 }),
  description: Type.Optional(Type.String({ maxLength: 5000 })),
  baseline: Type.Optional(Type.String({ maxLength: 2000 })),
  target: Type.Optional(Type.String({ maxLength: 2000 })),
  startYear: Year,
  endYear: Year,
  ownerOpdId: Type.Optional(Uuid()),
  budgetCode: Type.Optional(Type.String({ maxLength: 40 })),
  status: StringEnum(ROADMAP_STATUSES),
  linkApps: Type.Optional(Type.String({ maxLength: 4000 })),
  linkServices: Type.Optional(Type.String({ maxLength: 4000 })),
  linkDatasets: Type.Optional(Type.String({ maxLength: 4000 })),
  linkInfra: Type.Optional(Type.String({ maxLength: 4000 })),
  version: Type.Optional(Type.Integer({ minimum: 1 })),
});
const HtmlQuery = Type.Object({
  opdId: Type.Optional(Type.Union([Uuid(), Type.Literal('')])),
  area: Type.Optional(Type.Union([StringEnum(ROADMAP_AREAS), Type.Literal('')])),
  status: Type.Optional(Type.Union([StringEnum(ROADMAP_STATUSES), Type.Literal('')])),
  year: Type.Optional(Type.String({ maxLength: 4 })),
});

const formField = (f: string) => ({ 'links.apps': 'linkApps', 'links.services': 'linkServices', 'links.datasets': 'linkDatasets', 'links.infra': 'linkInfra' })[f] ?? f;

async function formToInput(req: FastifyRequest): Promise<NewRoadmapItem & { version?: number }> {
  const f = parseForm(RoadmapForm, req.body);
  const db = req.server.padu.deps.db;
  const errors: FieldError[] = [];
  const links = {
    apps: await idsForKeys(db, 'app', parseKeyList(f.linkApps), 'linkApps', errors),
    services: await idsForKeys(db, 'service', parseKeyList(f.linkServices), 'linkServices', errors),
    datasets: await idsForKeys(db, 'dataset', parseKeyList(f.linkDatasets), 'linkDatasets', errors),
    infra: await idsForKeys(db, 'infra', parseKeyList(f.linkInfra), 'linkInfra', errors),
  };
  throwIfAny(errors);
  return {
    key: f.key,
    area: f.area as RoadmapArea,
    title: f.title,
    description: f.description ?? null,
    baseline: f.baseline ?? null,
    target: f.target ?? null,
    startYear: f.startYear,
    endYear: f.endYear,
    ownerOpdId: f.ownerOpdId ?? null,
    budgetCode: f.budgetCode ?? null,
    status: f.status as RoadmapStatus,
    links,
    version: f.version,
  };
}

const keys = (list: { key: string }[]) => list.map((r) => r.key).join(', ');
const formValues = (i: RoadmapDetail) => ({
  area: i.area,
  title: i.title,
  description: i.description,
  baseline: i.baseline,
  target: i.target,
  startYear: i.start_year,
  endYear: i.end_year,
  ownerOpdId: i.owner_opd_id ?? '',
  budgetCode: i.budget_code,
  status: i.status,
  linkApps: keys(i.links.app),
  linkServices: keys(i.links.service),
  linkDatasets: keys(i.links.dataset),
  linkInfra: keys(i.links.infra),
});

export const roadmapRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = app.padu.deps;

  // ---- Screens ---------------------------------------------------------------------------------
  app.get('/katalog/roadmap', { schema: { hide: true, querystring: HtmlQuery } }, async (req, reply) => {
    const { opdId = '', area = '', status = '', year = '' } = req.query;
    const y = /^\d{4}$/.test(year) ? Number(year) : undefined;
    const items = await listRoadmap(deps, req.actor, { opdId: opdId || undefined, area: (area || undefined) as RoadmapArea | undefined, status: (status || undefined) as RoadmapStatus | undefined, year: y });
    const opdOptions = await readableOpdOptions(deps.db, req.actor);
    return sendPage(reply, (ctx) => <RoadmapPage ctx={ctx} items={items} filter={{ opdId, area, status, year }} opdOptions={opdOptions} canCreate={katalogPolicy.create(req.actor)} />);
  });

  app.get('/katalog/roadmap/new', { schema: { hide: true } }, async (req, reply) => {
    ensure(req.actor, katalogPolicy.create(req.actor));
    const opdOptions = await editableOpdOptions(deps.db, req.actor);
    const year = deps.clock.now().getUTCFullYear();
    const form = emptyForm({ status: 'rencana', startYear: year, endYear: year, ownerOpdId: opdOptions.length === 1 ? opdOptions[0]!.value : '' });
    return sendPage(reply, (ctx) => <RoadmapFormPage ctx={ctx} form={form} opdOptions={opdOptions} />);
  });

  app.post('/katalog/roadmap', { schema: { hide: true } }, async (req, reply) => {
    ensure(req.actor, katalogPolicy.create(req.actor));
    const opdOptions = await editableOpdOptions(deps.db, req.actor);
    return handleForm(
      reply,
      req.body,
      'title',
      async () => {
        const { itemId } = await createRoadmapItem(deps, auditContext(req), await formToInput(req)).catch((e) => flattenFieldErrors(e, formField));
        return redirectWithFlash(reply, `/katalog/roadmap/${itemId}`, 'flash.saved');
      },
      (ctx, form) => <RoadmapFormPage ctx={ctx} form={form} opdOptions={opdOptions} />,
    );
  });

  app.get('/katalog/roadmap/:itemId', { schema: { hide: true, params: Params } }, async (req, reply) => {
    const item = await getRoadmapItem(deps, req.actor, req.params.itemId);
    const history = await listAuditForTarget(deps.db, 'katalog_roadmap_item', item.id);
    return sendPage(reply, (ctx) => <RoadmapItemPage ctx={ctx} item={item} history={history} canEdit={katalogPolicy.edit(req.actor, item.owner_opd_id)} />);
  });

  app.get('/katalog/roadmap/:itemId/edit', { schema: { hide: true, params: Params } }, async (req, reply) => {
    const item = await getRoadmapItem(deps, req.actor, req.params.itemId);
    ensure(req.actor, katalogPolicy.edit(req.actor, item.owner_opd_id));
    const opdOptions = await editableOpdOptions(deps.db, req.actor, { id: item.owner_opd_id, name: item.owner_name });
    return sendPage(reply, (ctx) => <RoadmapFormPage ctx={ctx} form={emptyForm(formValues(item))} opdOptions={opdOptions} item={item} />);
  });

  app.post('/katalog/roadmap/:itemId', { schema: { hide: true, params: Params } }, async (req, reply) => {
    const item = await getRoadmapItem(deps, req.actor, req.params.itemId);
    ensure(req.actor, katalogPolicy.edit(req.actor, item.owner_opd_id));
    try {
      await updateRoadmapItem(deps, auditContext(req), item.id, await formToInput(req)).catch((e) => flattenFieldErrors(e, formField));
      return redirectWithFlash(reply, `/katalog/roadmap/${item.id}`, 'flash.saved');
    } catch (error) {
      if (error instanceof AppError && (error.code === 'validation' || error.code === 'conflict')) {
        const errors = error.fields.length ? error.fields : [{ field: 'title', messageKey: error.messageKey }];
        const fresh = await getRoadmapItem(deps, req.actor, item.id);
        const opdOptions = await editableOpdOptions(deps.db, req.actor, { id: fresh.owner_opd_id, name: fresh.owner_name });
        return sendPage(reply, (ctx) => <RoadmapFormPage ctx={ctx} form={{ values: req.body as Record<string, unknown>, errors }} opdOptions={opdOptions} item={fresh} />, error.status);
      }
      throw error;
    }
  });

  // ---- API -------------------------------------------------------------------------------------
  app.get(
    '/api/v1/katalog/roadmap',
    { schema: { tags: ['katalog'], summary: 'Roadmap items I may see (all for the SPBE team), by start year; filter by agency, area, status or a year', querystring: S.RoadmapQuery, response: { 200: S.RoadmapListOut } } },
    async (req) => {
      const { opdId, area, status, year } = req.query;
      const items = await listRoadmap(deps, req.actor, { opdId: opdId || undefined, area: (area || undefined) as RoadmapArea | undefined, status: (status || undefined) as RoadmapStatus | undefined, year: year || undefined });
      return { items: items.map(presentRoadmapItem) };
    },
  );

  app.post(
    '/api/v1/katalog/roadmap',
    { schema: { tags: ['katalog'], summary: 'Add a roadmap item (Peta Rencana SPBE)', body: S.NewRoadmapBody, response: { 201: S.RoadmapOut } } },
    async (req, reply) => {
      const { itemId } = await createRoadmapItem(deps, auditContext(req), req.body as NewRoadmapItem);
      return reply.status(201).send(presentRoadmapItem(await getRoadmapItem(deps, req.actor, itemId)));
    },
  );

  app.get(
    '/api/v1/katalog/roadmap/:itemId',
    { schema: { tags: ['katalog'], summary: 'One roadmap item with the records it changes', params: Params, response: { 200: S.RoadmapOut } } },
    async (req) => presentRoadmapItem(await getRoadmapItem(deps, req.actor, req.params.itemId)),
  );

  app.patch(
    '/api/v1/katalog/roadmap/:itemId',
    { schema: { tags: ['katalog'], summary: 'Change a roadmap item (send `version` to refuse stale edits)', params: Params, body: S.UpdateRoadmapBody, response: { 200: S.RoadmapOut } } },
    async (req) => {
      await updateRoadmapItem(deps, auditContext(req), req.params.itemId, req.body as RoadmapInput & { version?: number });
      return presentRoadmapItem(await getRoadmapItem(deps, req.actor, req.params.itemId));
    },
  );

  app.get(
    '/api/v1/katalog/roadmap/:itemId/history',
    { schema: { tags: ['katalog'], summary: "A roadmap item's change history (from the audit log)", params: Params, response: { 200: HistoryOut } } },
    async (req) => presentHistory(deps.db, 'katalog_roadmap_item', (await getRoadmapItem(deps, req.actor, req.params.itemId)).id),
  );
};
