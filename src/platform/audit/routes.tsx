import { Readable } from 'node:stream';
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Static } from 'typebox';
import { parseForm } from '../http/validation.ts';
import { AppError } from '../http/errors.ts';
import { sendPage } from '../html/render.tsx';
import { ensure, platformPolicy } from '../auth/policy.ts';
import { listOpdOptions } from '../org/index.ts';
import { csvLine } from '../text/csv.ts';
import './messages.ts';
import * as S from './schemas.ts';
import { describeChanges, auditChanges } from './changes.ts';
import { localDate, localIsoString } from './time-zone.ts';
import { searchAuditLog, PAGE_SIZE, type AuditEntry, type AuditSearchInput } from './use-cases/search-audit-log.ts';
import { exportAuditLog, MAX_EXPORT_ROWS } from './use-cases/export-audit-log.ts';
import { AuditLogPage } from './views/audit-pages.tsx';

const FILTER_NAMES = ['actor', 'action', 'targetType', 'targetId', 'opdId', 'from', 'to', 'requestId'] as const;

/** The filters worth repeating in a link (no cursor, no empty values), as a query string. */
function filterQuery(input: Partial<Record<string, unknown>>, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const name of FILTER_NAMES) {
    const value = input[name];
    if (typeof value === 'string' && value.trim() !== '') params.set(name, value.trim());
  }
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** Browsers send each field once; a repeated parameter keeps its first value. */
function formValues(query: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of [...FILTER_NAMES, 'before'] as const) {
    const raw = (query as Record<string, unknown> | undefined)?.[name];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (typeof value === 'string') out[name] = value;
  }
  return out;
}

const CSV_HEADER = [
  'id',
  'time',
  'actor',
  'actor_name',
  'actor_roles',
  'opd_id',
  'opd_name',
  'action',
  'target_type',
  'target_id',
  'changes',
  'before',
  'after',
  'request_id',
  'ip',
];

function csvRecord(e: AuditEntry, timeZone: string): (string | null)[] {
  return [
    e.id,
    localIsoString(e.at, timeZone),
    e.actorLabel,
    e.actorName,
    e.roles.map((r) => (r.opdId ? `${r.role}@${r.opdName ?? r.opdId}` : r.role)).join('; '),
    e.opdId,
    e.opdName,
    e.action,
    e.targetType,
    e.targetId,
    describeChanges(auditChanges(e.before, e.after)),
    e.before === null ? null : JSON.stringify(e.before),
    e.after === null ? null : JSON.stringify(e.after),
    e.requestId,
    e.ip,
  ];
}

export const auditRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = app.padu.deps;
  const timeZone = deps.config.timeZone;

  app.get('/admin/audit', { schema: { hide: true } }, async (req, reply) => {
    // Refuse before validating, so a stranger learns nothing from error messages about filters.
    ensure(req.actor, platformPolicy.readAudit(req.actor));
    const values = formValues(req.query);
    const opdOptions = await listOpdOptions(deps.db);
    let input: Static<typeof S.AuditPageQuery>;
    let result: Awaited<ReturnType<typeof searchAuditLog>>;
    try {
      input = parseForm(S.AuditPageQuery, values);
      result = await searchAuditLog(deps, req.actor, { ...input, limit: PAGE_SIZE });
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'validation') throw error;
      return sendPage(
        reply,
        (ctx) => (
          <AuditLogPage ctx={ctx} form={{ values, errors: error.fields }} entries={[]} opdOptions={opdOptions} timeZone={timeZone} olderHref={null} newestHref={null} csvHref="" csvLimit={MAX_EXPORT_ROWS} />
        ),
        400,
      );
    }
    const olderHref = result.nextBefore ? `/admin/audit${filterQuery(input, { before: result.nextBefore })}` : null;
    const newestHref = input.before ? `/admin/audit${filterQuery(input)}` : null;
    return sendPage(reply, (ctx) => (
      <AuditLogPage
        ctx={ctx}
        form={{ values, errors: [] }}
        entries={result.entries}
        opdOptions={opdOptions}
        timeZone={timeZone}
        olderHref={olderHref}
        newestHref={newestHref}
        csvHref={`/api/v1/audit.csv${filterQuery(input)}`}
        csvLimit={MAX_EXPORT_ROWS}
      />
    ));
  });

  app.get(
    '/api/v1/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Search the audit log (admins and auditors), newest first, paged with the `before` cursor',
        querystring: S.AuditQuery,
        response: { 200: S.AuditPageOut },
      },
    },
    async (req) => {
      const result = await searchAuditLog(deps, req.actor, req.query as AuditSearchInput);
      return { items: result.entries.map(S.presentEntry), nextBefore: result.nextBefore };
    },
  );

  app.get(
    '/api/v1/audit.csv',
    {
      schema: {
        tags: ['audit'],
        summary: `Download the matching audit records as CSV (UTF-8 with BOM, newest first, at most ${MAX_EXPORT_ROWS})`,
        querystring: S.AuditCsvQuery,
        produces: ['text/csv'],
        response: { 200: { description: 'CSV file', content: { 'text/csv': { schema: S.AuditCsvOut } } } },
      },
    },
    async (req, reply) => {
      const batches = exportAuditLog(deps, req.actor, req.query as AuditSearchInput);
      async function* chunks() {
        // The byte-order mark makes Excel read the file as UTF-8 (names and agencies in Indonesian).
        yield Buffer.from(`\uFEFF${csvLine(CSV_HEADER)}\r\n`, 'utf8');
        for await (const batch of batches) {
          yield Buffer.from(batch.map((e) => `${csvLine(csvRecord(e, timeZone))}\r\n`).join(''), 'utf8');
        }
      }
      const filename = `padu-audit-${localDate(deps.clock.now(), timeZone)}.csv`;
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${filename}"`)
        .header('cache-control', 'no-store')
        // The schema documents the body as a string; streaming it keeps 100k rows out of memory.
        .send(Readable.from(chunks()) as unknown as string);
    },
  );
};
