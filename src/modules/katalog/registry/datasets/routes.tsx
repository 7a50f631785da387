import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { parseForm, StringEnum, Uuid } from '../../../../platform/http/validation.ts';
import { AppError, type FieldError } from '../../../../platform/http/errors.ts';
import { auditContext } from '../../../../platform/http/request-context.ts';
import { redirectWithFlash, sendPage } from '../../../../platform/html/render.tsx';
import { handleForm } from '../../../../platform/html/forms.ts';
import { emptyForm, type FormState, type PageContext } from '../../../../platform/html/context.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import { listAuditForTarget } from '../../../../platform/audit/index.ts';
import { katalogPolicy } from '../../policy.ts';
import { SENSITIVITIES, UPDATE_FREQUENCIES, type Sensitivity, type UpdateFrequency } from '../db.ts';
import { idsForKeys, throwIfAny } from '../checks.ts';
import { HistoryOut, presentHistory } from '../history.ts';
import { allOpdOptions, editableOpdOptions, readableOpdOptions } from '../options.ts';
import { flattenFieldErrors, parseKeyList, parseTextList } from '../shared.ts';
import * as S from './schemas.ts';
import { presentDataset } from './present.ts';
import { createDataset, type NewDataset } from './use-cases/create-dataset.ts';
import { getDataset, type DatasetDetail } from './use-cases/get-dataset.ts';
import { listDatasets } from './use-cases/list-datasets.ts';
import { updateDataset } from './use-cases/update-dataset.ts';
import type { DatasetInput } from './use-cases/dataset-input.ts';
import { DatasetFormPage, DatasetListPage, DatasetPage } from './views.tsx';

const Params = Type.Object({ datasetId: Uuid() });

const DatasetForm = Type.Object({
  key: Type.Optional(S.NewDatasetBody.properties.key),
  name: Type.String({ minLength: 2, maxLength: 300 }),
  description: Type.Optional(Type.String({ maxLength: 5000 })),
  radCode: Type.Optional(Type.String({ maxLength: 40 })),
  producerOpdId: Type.Optional(Uuid()),
  walidataOpdId: Type.Optional(Uuid()),
  sensitivity: StringEnum(SENSITIVITIES),
  format: Type.Optional(Type.String({ maxLength: 100 })),
  updateFrequency: Type.Optional(StringEnum(UPDATE_FREQUENCIES)),
  referenceCodes: Type.Optional(Type.String({ maxLength: 6000 })),
  readAppKeys: Type.Optional(Type.String({ maxLength: 4000 })),
  writeAppKeys: Type.Optional(Type.String({ maxLength: 4000 })),
  version: Type.Optional(Type.Integer({ minimum: 1 })),
});

const formField = (field: string) => field.replace(/^readAppIds$/, 'readAppKeys').replace(/^writeAppIds$/, 'writeAppKeys').replace(/^referenceCodes\..*$/, 'referenceCodes');

async function formToInput(req: FastifyRequest): Promise<NewDataset & { version?: number }> {
  const f = parseForm(DatasetForm, req.body) as Record<string, unknown> & { name: string; sensitivity: Sensitivity };
  const db = req.server.padu.deps.db;
  const errors: FieldError[] = [];
  const readAppIds = await idsForKeys(db, 'app', parseKeyList(f.readAppKeys), 'readAppKeys', errors);
  const writeAppIds = await idsForKeys(db, 'app', parseKeyList(f.writeAppKeys), 'writeAppKeys', errors);
  const referenceCodes = parseTextList(f.referenceCodes);
  if (referenceCodes.some((c) => c.length > 200)) errors.push({ field: 'referenceCodes', messageKey: 'validation.max_length', params: { limit: 200 } });
  throwIfAny(errors);
  const opt = (k: string) => (f[k] as string | undefined) ?? null;
  return {
    key: f.key as string | undefined,
    name: f.name,
    description: opt('description'),
    radCode: opt('radCode')?.toUpperCase() ?? null,
    producerOpdId: opt('producerOpdId'),
    walidataOpdId: opt('walidataOpdId'),
    sensitivity: f.sensitivity,
    format: opt('format'),
    updateFrequency: opt('updateFrequency') as UpdateFrequency | null,
    referenceCodes,
    readAppIds,
    writeAppIds,
    version: f.version as number | undefined,
  };
}

function formValues(d: DatasetDetail): Record<string, unknown> {
  return {
    name: d.name,
    description: d.description,
    radCode: d.rad_code,
    producerOpdId: d.producer_opd_id ?? '',
    walidataOpdId: d.walidata_opd_id ?? '',
    sensitivity: d.sensitivity,
    format: d.format,
    updateFrequency: d.update_frequency ?? '',
    referenceCodes: d.reference_codes.join('\n'),
    readAppKeys: d.readApps.map((a) => a.key).join(', '),
    writeAppKeys: d.writeApps.map((a) => a.key).join(', '),
  };
}

export const datasetRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = app.padu.deps;

  async function pickers(req: FastifyRequest, d?: DatasetDetail) {
    return {
      producerOptions: await editableOpdOptions(deps.db, req.actor, d ? { id: d.producer_opd_id, name: d.producer_name } : undefined),
      walidataOptions: await allOpdOptions(deps.db),
    };
  }
  const formView = (ctx: PageContext, form: FormState, p: Awaited<ReturnType<typeof pickers>>, d?: DatasetDetail) => (
    <DatasetFormPage
      ctx={ctx}
      form={form}
      action={d ? `/katalog/datasets/${d.id}` : '/katalog/datasets'}
      {...p}
      isNew={!d}
      version={d?.version}
      dataset={d}
      title={d ? ctx.t('katalog.dataset.edit_title', { name: d.name }) : ctx.t('katalog.dataset.new')}
    />
  );
  async function formPage(req: FastifyRequest, reply: FastifyReply, form: FormState, d?: DatasetDetail, status = 200) {
    const p = await pickers(req, d);
    return sendPage(reply, (ctx) => formView(ctx, form, p, d), status);
  }

  // ---- Screens ---------------------------------------------------------------------------------
  app.get('/katalog/datasets', { schema: { hide: true, querystring: S.DatasetListQuery } }, async (req, reply) => {
    const { q = '', opdId = '', sensitivity = '', page = 1 } = req.query;
    const result = await listDatasets(deps, req.actor, { search: q || undefined, opdId: opdId || undefined, sensitivity: sensitivity || undefined, page });
    const opdOptions = await readableOpdOptions(deps.db, req.actor);
    return sendPage(reply, (ctx) => (
      <DatasetListPage ctx={ctx} items={result.items} hasNext={result.hasNext} page={page} filter={{ q, opdId, sensitivity }} opdOptions={opdOptions} canCreate={katalogPolicy.create(req.actor)} />
    ));
  });

  app.get('/katalog/datasets/new', { schema: { hide: true } }, async (req, reply) => {
    ensure(req.actor, katalogPolicy.create(req.actor));
    const mine = await editableOpdOptions(deps.db, req.actor);
    return formPage(req, reply, emptyForm({ sensitivity: 'terbatas', producerOpdId: mine.length === 1 ? mine[0]!.value : '' }));
  });

  app.post('/katalog/datasets', { schema: { hide: true } }, async (req, reply) => {
    ensure(req.actor, katalogPolicy.create(req.actor));
    const p = await pickers(req);
    return handleForm(
      reply,
      req.body,
      'name',
      async () => {
        const input = await formToInput(req);
        const { datasetId } = await createDataset(deps, auditContext(req), input).catch((e) => flattenFieldErrors(e, formField));
        return redirectWithFlash(reply, `/katalog/datasets/${datasetId}`, 'flash.saved');
      },
      (ctx, form) => formView(ctx, form, p),
    );
  });

  app.get('/katalog/datasets/:datasetId', { schema: { hide: true, params: Params } }, async (req, reply) => {
    const d = await getDataset(deps, req.actor, req.params.datasetId);
    const history = await listAuditForTarget(deps.db, 'katalog_dataset', d.id);
    return sendPage(reply, (ctx) => <DatasetPage ctx={ctx} dataset={d} history={history} canEdit={katalogPolicy.edit(req.actor, d.producer_opd_id)} canOpenApp={(opdId) => katalogPolicy.read(req.actor, opdId)} />);
  });

  app.get('/katalog/datasets/:datasetId/edit', { schema: { hide: true, params: Params } }, async (req, reply) => {
    const d = await getDataset(deps, req.actor, req.params.datasetId);
    ensure(req.actor, katalogPolicy.edit(req.actor, d.producer_opd_id));
    return formPage(req, reply, emptyForm(formValues(d)), d);
  });

  app.post('/katalog/datasets/:datasetId', { schema: { hide: true, params: Params } }, async (req, reply) => {
    const d = await getDataset(deps, req.actor, req.params.datasetId);
    ensure(req.actor, katalogPolicy.edit(req.actor, d.producer_opd_id));
    try {
      await updateDataset(deps, auditContext(req), d.id, await formToInput(req)).catch((e) => flattenFieldErrors(e, formField));
      return redirectWithFlash(reply, `/katalog/datasets/${d.id}`, 'flash.saved');
    } catch (error) {
      if (error instanceof AppError && (error.code === 'validation' || error.code === 'conflict')) {
        const errors = error.fields.length ? error.fields : [{ field: 'name', messageKey: error.messageKey }];
        return formPage(req, reply, { values: req.body as Record<string, unknown>, errors }, await getDataset(deps, req.actor, d.id), error.status);
      }
      throw error;
    }
  });

  // ---- API -------------------------------------------------------------------------------------
  app.get(
    '/api/v1/katalog/datasets',
    { schema: { tags: ['katalog'], summary: 'List data sets I may see (produced by or stewarded by my agency; all for the SPBE team)', querystring: S.DatasetListQuery, response: { 200: S.DatasetListOut } } },
    async (req) => {
      const { q, opdId, sensitivity, page = 1 } = req.query;
      const result = await listDatasets(deps, req.actor, { search: q || undefined, opdId: opdId || undefined, sensitivity: sensitivity || undefined, page });
      return { items: result.items.map(presentDataset), hasNext: result.hasNext, page };
    },
  );

  app.post(
    '/api/v1/katalog/datasets',
    { schema: { tags: ['katalog'], summary: 'Add a data set (Satu Data: producer, walidata, reference codes)', body: S.NewDatasetBody, response: { 201: S.DatasetOut } } },
    async (req, reply) => {
      const { datasetId } = await createDataset(deps, auditContext(req), req.body as NewDataset);
      return reply.status(201).send(presentDataset(await getDataset(deps, req.actor, datasetId)));
    },
  );

  app.get(
    '/api/v1/katalog/datasets/:datasetId',
    { schema: { tags: ['katalog'], summary: 'One data set', params: Params, response: { 200: S.DatasetOut } } },
    async (req) => presentDataset(await getDataset(deps, req.actor, req.params.datasetId)),
  );

  app.patch(
    '/api/v1/katalog/datasets/:datasetId',
    { schema: { tags: ['katalog'], summary: "Change a data set (the producer's admins; send `version` to refuse stale edits)", params: Params, body: S.UpdateDatasetBody, response: { 200: S.DatasetOut } } },
    async (req) => {
      await updateDataset(deps, auditContext(req), req.params.datasetId, req.body as DatasetInput & { version?: number });
      return presentDataset(await getDataset(deps, req.actor, req.params.datasetId));
    },
  );

  app.get(
    '/api/v1/katalog/datasets/:datasetId/history',
    { schema: { tags: ['katalog'], summary: "A data set's change history (from the audit log)", params: Params, response: { 200: HistoryOut } } },
    async (req) => presentHistory(deps.db, 'katalog_dataset', (await getDataset(deps, req.actor, req.params.datasetId)).id),
  );
};
