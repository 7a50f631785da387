import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import multipart, { type MultipartFile } from '@fastify/multipart';
import Type from 'typebox';
import { Uuid } from '../../../platform/http/validation.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { auditContext } from '../../../platform/http/request-context.ts';
import { sendPage } from '../../../platform/html/render.tsx';
import { emptyForm } from '../../../platform/html/context.ts';
import { ensure, ensureSignedIn } from '../../../platform/auth/policy.ts';
import { katalogPolicy } from '../policy.ts';
import './messages.ts';
import * as S from './schemas.ts';
import { CONTENT_TYPES, type TableFormat } from './table.ts';
import { enqueueImport } from './jobs.ts';
import { MAX_FILE_BYTES, startImport, type UploadedFile } from './use-cases/start-import.ts';
import { getImport } from './use-cases/get-import.ts';
import { columnHelp, exportAppsFile, importTemplate } from './use-cases/export-apps.ts';
import { exportKatalog } from './use-cases/export-katalog.ts';
import { ImportFormPage, ImportResultPage } from './views/import-pages.tsx';

const ImportParams = Type.Object({ importId: Uuid() });
const XLSX_TYPE = CONTENT_TYPES.xlsx;

/** A multipart file field as the body carries it (see `onFile` below). */
interface FilePart {
  filename: string;
  data: Buffer;
}
const isFilePart = (v: unknown): v is FilePart => typeof v === 'object' && v !== null && Buffer.isBuffer((v as FilePart).data);

function localDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/**
 * Bulk import and export of the katalog. Uploads come as a multipart form (the screen, and API
 * callers with a file field) or as a raw CSV/XLSX body (scripts: `curl --data-binary @apps.csv`).
 */
export const katalogTransferRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = app.padu.deps;

  // Multipart fields land in the body as plain values (so the CSRF check finds `_csrf`), the file as
  // { filename, data }. Registered here, it applies to this plugin's routes only.
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 10, parts: 12 },
    async onFile(part: MultipartFile) {
      (part as MultipartFile & { value: FilePart }).value = { filename: part.filename, data: await part.toBuffer() };
    },
  });
  for (const type of ['text/csv', 'application/csv', XLSX_TYPE, 'application/octet-stream']) {
    app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: MAX_FILE_BYTES }, (_req, body, done) => done(null, body));
  }

  function uploaded(req: FastifyRequest): { file: UploadedFile | undefined; fields: Record<string, unknown> } {
    const body = req.body;
    if (Buffer.isBuffer(body)) return { file: { filename: (req.query as { filename?: string }).filename ?? '', content: body }, fields: {} };
    const fields = (body ?? {}) as Record<string, unknown>;
    const part = fields.file;
    return { file: isFilePart(part) && part.data.length > 0 ? { filename: part.filename, content: part.data } : undefined, fields };
  }

  const runner = () => (app.padu.jobs ? { enqueue: enqueueImport(app.padu.jobs) } : {});
  const canImport = (req: FastifyRequest) => katalogPolicy.create(req.actor);

  // ---- Screens -------------------------------------------------------------------------------------
  app.get('/katalog/import', { schema: { hide: true } }, async (req, reply) => {
    ensure(req.actor, canImport(req));
    return sendPage(reply, (ctx) => <ImportFormPage ctx={ctx} form={emptyForm()} columns={columnHelp(ctx.locale)} />);
  });

  app.post('/katalog/import', { schema: { hide: true, querystring: S.ImportQuery } }, async (req, reply) => {
    ensureSignedIn(req.actor);
    ensure(req.actor, canImport(req));
    const { file, fields } = uploaded(req);
    try {
      const { importId } = await startImport(deps, auditContext(req), file, { dryRun: S.flag(fields.dryRun), partial: S.flag(fields.partial) }, runner());
      return reply.redirect(`/katalog/import/${importId}`, 303);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'validation') throw error;
      const values = { dryRun: fields.dryRun, partial: fields.partial };
      return sendPage(reply, (ctx) => <ImportFormPage ctx={ctx} form={{ values, errors: error.fields }} columns={columnHelp(ctx.locale)} />, 400);
    }
  });

  app.get('/katalog/import/:importId', { schema: { hide: true, params: ImportParams, querystring: Type.Object({ refresh: Type.Optional(Type.String({ maxLength: 5 })) }) } }, async (req, reply) => {
    const record = await getImport(deps, req.actor, req.params.importId);
    return sendPage(reply, (ctx) => <ImportResultPage ctx={ctx} result={S.presentImport(record, ctx.locale)} autoRefresh={req.query.refresh !== '0'} canImport={canImport(req)} />);
  });

  // ---- API -----------------------------------------------------------------------------------------
  app.post(
    '/api/v1/katalog/imports',
    {
      schema: {
        tags: ['katalog'],
        summary: 'Import applications from a CSV or XLSX file (dry run, all-or-nothing by default, or partial)',
        description:
          'Send the file as multipart/form-data (field `file`, and `dryRun`/`partial`) or as the raw body (text/csv or the XLSX type) with `dryRun`, `partial` and `filename` in the query. ' +
          'Rows are matched by `key`: new keys are created, changed rows updated, identical rows left alone. Files over 500 rows run in the background when the server runs jobs: ' +
          'the answer is then 202 and GET /api/v1/katalog/imports/{id} shows the progress.',
        consumes: ['multipart/form-data', 'text/csv', XLSX_TYPE],
        querystring: S.ImportQuery,
        response: { 200: S.ImportOut, 202: S.ImportOut },
      },
    },
    async (req, reply) => {
      const { file, fields } = uploaded(req);
      const dryRun = S.flag(fields.dryRun ?? req.query.dryRun);
      const partial = S.flag(fields.partial ?? req.query.partial);
      const { importId, background } = await startImport(deps, auditContext(req), file, { dryRun, partial }, runner());
      const record = await getImport(deps, req.actor, importId);
      return reply.status(background ? 202 : 200).send(S.presentImport(record, req.locale));
    },
  );

  app.get(
    '/api/v1/katalog/imports/:importId',
    { schema: { tags: ['katalog'], summary: "An import's progress and report (row, column, message)", params: ImportParams, response: { 200: S.ImportOut } } },
    async (req) => S.presentImport(await getImport(deps, req.actor, req.params.importId), req.locale),
  );

  function sendFile(reply: FastifyReply, format: TableFormat, name: string, body: Buffer) {
    return reply
      .type(CONTENT_TYPES[format])
      .header('content-disposition', `attachment; filename="${name}.${format}"`)
      .header('cache-control', 'no-store')
      .send(body);
  }

  for (const format of ['csv', 'xlsx'] as const) {
    app.get(
      `/api/v1/katalog/import-template.${format}`,
      {
        schema: {
          tags: ['katalog'],
          summary: `The application import template (${format.toUpperCase()})`,
          produces: [CONTENT_TYPES[format]],
          response: { 200: { description: 'Template', content: { [CONTENT_TYPES[format]]: { schema: S.FileOut } } } },
        },
      },
      async (req, reply) => {
        ensure(req.actor, canImport(req));
        return sendFile(reply, format, 'padu-katalog-templat', importTemplate(format, req.locale));
      },
    );

    app.get(
      `/api/v1/katalog/apps.${format}`,
      {
        schema: {
          tags: ['katalog'],
          summary: `Export the applications I may see as ${format.toUpperCase()} (the template's columns, so it imports back)`,
          produces: [CONTENT_TYPES[format]],
          response: { 200: { description: 'Applications', content: { [CONTENT_TYPES[format]]: { schema: S.FileOut } } } },
        },
      },
      async (req, reply) => {
        const body = await exportAppsFile(deps, req.actor, format, req.locale);
        return sendFile(reply, format, `padu-katalog-aplikasi-${localDate(deps.clock.now())}`, body);
      },
    );
  }

  app.get(
    '/api/v1/katalog/export.json',
    {
      schema: {
        tags: ['katalog'],
        summary: 'Export the whole katalog I may see as JSON: apps, services, data sets, infrastructure, integrations, roadmap, decisions',
        response: { 200: S.KatalogExportOut },
      },
    },
    async (req, reply) => {
      const body = await exportKatalog(deps, req.actor);
      return reply.header('content-disposition', `attachment; filename="padu-katalog-${localDate(deps.clock.now())}.json"`).header('cache-control', 'no-store').send(body);
    },
  );
};
