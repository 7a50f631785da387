import type { Kysely } from 'kysely';
import type { DB } from '../../../../platform/db/schema.ts';
import { AppError } from '../../../../platform/http/errors.ts';
import type { MessageKey, Translator } from '../../../../platform/i18n/index.ts';
import { PUBLIC_STATUSES, type Status } from '../../db.ts';
import { eventText, isPublishedReport, overdueStages } from '../../present.ts';
import { firstPublicImages, publicEventsOf, type ReportRow } from '../../repo.ts';
import type { AduanDeps } from '../../use-cases/common.ts';
import type { Jurisdiction } from '../jurisdiction.ts';
import { authenticateClient } from './create-request.ts';

const DAY_MS = 86_400_000;
export const MAX_PAGE_SIZE = 1000;
const CLOSED: readonly Status[] = ['selesai', 'diteruskan_lapor', 'duplikat', 'ditolak'];

export interface RequestQuery {
  ids?: string[];
  serviceCodes?: string[];
  start?: Date;
  end?: Date;
  statuses?: ('open' | 'closed')[];
  page: number;
  pageSize: number;
  extensions: boolean;
  /** The calling client (api_key given): its own requests are visible before publication. */
  clientId?: string;
}

const first = (v: unknown): string | undefined => {
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' && s.trim() !== '' ? s.trim() : undefined;
};
const list = (v: unknown): string[] =>
  (Array.isArray(v) ? v : [v])
    .filter((s): s is string => typeof s === 'string')
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);

// W3C date-time with a time zone (the specification requires one).
const W3C = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function date(raw: string | undefined, name: string): Date | undefined {
  if (raw === undefined) return undefined;
  const d = new Date(raw);
  if (!W3C.test(raw) || Number.isNaN(d.getTime())) throw new AppError('bad_request', 'aduan.open311.date_invalid', { params: { name } });
  return d;
}

function positiveInt(raw: string | undefined, fallback: number, max: number, name: string): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new AppError('bad_request', 'aduan.open311.page_invalid', { params: { name, max } });
  return n;
}

/** Reads GET requests' query string; errors are the specification's 400s. */
export async function parseRequestQuery(deps: AduanDeps, query: Record<string, unknown>): Promise<RequestQuery> {
  const statuses = list(query.status);
  if (statuses.some((s) => s !== 'open' && s !== 'closed')) throw new AppError('bad_request', 'aduan.open311.status_invalid');
  const apiKey = first(query.api_key);
  return {
    ids: query.service_request_id !== undefined ? list(query.service_request_id).map((s) => s.toUpperCase()) : undefined,
    serviceCodes: query.service_code !== undefined ? list(query.service_code) : undefined,
    start: date(first(query.start_date), 'start_date'),
    end: date(first(query.end_date), 'end_date'),
    statuses: statuses as ('open' | 'closed')[],
    page: positiveInt(first(query.page), 1, 100_000, 'page'),
    pageSize: positiveInt(first(query.page_size), MAX_PAGE_SIZE, MAX_PAGE_SIZE, 'page_size'),
    extensions: first(query.extensions) === 'true',
    clientId: apiKey ? (await authenticateClient(deps, apiKey)).id : undefined,
  };
}

function base(db: Kysely<DB>, jurisdiction: Jurisdiction, clientId: string | undefined) {
  let q = db
    .selectFrom('aduan_report as r')
    .innerJoin('aduan_category as c', 'c.code', 'r.category_code')
    .innerJoin('region as rg', 'rg.code', 'r.region_code')
    .leftJoin('region as d', 'd.code', 'r.district_code')
    .leftJoin('opd as o', 'o.id', 'r.opd_id')
    .leftJoin('aduan_report as dup', 'dup.id', 'r.duplicate_of_id')
    .leftJoin('aduan_tier as t', 't.code', 'r.tier_code')
    .selectAll('r')
    .select(['c.name as category_name', 'rg.name as region_name', 'd.name as district_name', 'o.name as opd_name', 'o.code as opd_code', 'dup.tracking_id as duplicate_of_tracking_id', 't.name as tier_name'])
    // Published requests; a client also sees the ones it filed that are not published (yet).
    .where((eb) =>
      eb.or([
        eb.and([eb('r.rahasia', '=', false), eb('r.status', 'in', [...PUBLIC_STATUSES])]),
        ...(clientId ? [eb.and([eb('r.open311_client_id', '=', clientId), eb('r.status', '!=', 'menunggu_konfirmasi')])] : []),
      ]),
    );
  if (jurisdiction.regionCode) q = q.where('r.region_code', '=', jurisdiction.regionCode);
  return q;
}

/**
 * GET requests. A list of ids overrides every other filter. Without dates the window is the most
 * recent 90 days; a window may not span more than 90 days. Pages (`page`, `page_size`, 1-based,
 * at most 1000) are the widely implemented extension; without them the first 1000 are returned.
 */
export async function queryOpen311Requests(deps: AduanDeps, jurisdiction: Jurisdiction, q: RequestQuery): Promise<ReportRow[]> {
  let query = base(deps.db, jurisdiction, q.clientId);
  if (q.ids) {
    if (q.ids.length === 0) return [];
    query = query.where('r.tracking_id', 'in', q.ids.slice(0, MAX_PAGE_SIZE));
  } else {
    let { start, end } = q;
    if (!start && !end) ((end = deps.clock.now()), (start = new Date(end.getTime() - 90 * DAY_MS)));
    else if (!start) start = new Date(end!.getTime() - 90 * DAY_MS);
    else if (!end) end = new Date(start.getTime() + 90 * DAY_MS);
    if (end!.getTime() < start!.getTime()) throw new AppError('bad_request', 'aduan.open311.date_order');
    if (end!.getTime() - start!.getTime() > 90 * DAY_MS) throw new AppError('bad_request', 'aduan.open311.date_span');
    query = query.where('r.created_at', '>=', start!).where('r.created_at', '<=', end!);
    if (q.serviceCodes?.length) query = query.where('r.category_code', 'in', q.serviceCodes);
    const statuses = new Set(q.statuses ?? []);
    if (statuses.size === 1) query = statuses.has('closed') ? query.where('r.status', 'in', [...CLOSED]) : query.where('r.status', 'not in', [...CLOSED]);
  }
  return query
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
}

export async function getOpen311Request(deps: AduanDeps, jurisdiction: Jurisdiction, id: string, clientId: string | undefined): Promise<ReportRow> {
  const row = await base(deps.db, jurisdiction, clientId).where('r.tracking_id', '=', id.toUpperCase()).executeTakeFirst();
  if (!row) throw new AppError('not_found', 'aduan.open311.request_unknown');
  return row;
}

/** GET tokens/{token}: the request id once the request exists as one (batch services: once accepted). */
export async function resolveOpen311Token(deps: AduanDeps, jurisdiction: Jurisdiction, token: string) {
  let q = deps.db
    .selectFrom('aduan_report as r')
    .innerJoin('aduan_category as c', 'c.code', 'r.category_code')
    .select(['r.tracking_id', 'r.status', 'r.open311_token', 'c.open311_type'])
    .where('r.open311_token', '=', token);
  if (jurisdiction.regionCode) q = q.where('r.region_code', '=', jurisdiction.regionCode);
  const row = await q.executeTakeFirst();
  if (!row) throw new AppError('not_found', 'aduan.open311.token_unknown');
  const pending = row.open311_type === 'batch' && (row.status === 'menunggu_verifikasi' || row.status === 'menunggu_konfirmasi');
  return { service_request_id: pending ? null : row.tracking_id, token: row.open311_token };
}

const NOTE_TYPES: Record<string, string> = {
  diterima: 'submitted',
  didisposisi: 'assigned',
  ditandai_lapor: 'forwarded',
  terkirim_lapor: 'forwarded',
  duplikat: 'closed',
  tanggapan: 'response',
  balasan: 'reply',
  dinilai: 'rated',
  dibuka_kembali: 'reopened',
  ditutup: 'closed',
  ditutup_otomatis: 'closed',
  terlambat: 'overdue',
};

/** One request in the specification's shape, with the extensions when asked (`extensions=true`). */
export async function presentOpen311Requests(deps: AduanDeps, t: Translator, rows: ReportRow[], extensions: boolean) {
  const ids = rows.map((r) => r.id);
  const [images, events] = await Promise.all([firstPublicImages(deps.db, ids), extensions ? publicEventsOf(deps.db, ids) : Promise.resolve([])]);
  const now = deps.clock.now();
  const base = deps.config.baseUrl;
  return rows.map((r) => {
    const published = isPublishedReport(r);
    const image = images.get(r.id);
    const request: Record<string, string | number | null | Record<string, unknown> | unknown[]> = {
      service_request_id: r.tracking_id,
      status: CLOSED.includes(r.status) ? 'closed' : 'open',
      status_notes: statusNotes(t, r),
      service_name: r.category_name,
      service_code: r.category_code,
      description: r.description,
      agency_responsible: r.opd_name ?? (r.competence === 'pusat' ? 'SP4N-LAPOR!' : null),
      service_notice: null,
      requested_datetime: r.created_at.toISOString(),
      updated_datetime: r.updated_at.toISOString(),
      expected_datetime: (r.resolution_due_at ?? (r.status === 'menunggu_verifikasi' ? r.verify_due_at : null))?.toISOString() ?? null,
      address: [r.address, r.district_name, r.region_name].filter(Boolean).join(', '),
      address_id: r.district_code,
      zipcode: null,
      lat: r.lat,
      long: r.lon,
      media_url: image ? `${base}/aduan/lampiran/${image}` : r.media_url,
    };
    if (extensions) {
      request.extended_attributes = {
        title: r.title,
        report_type: r.type,
        channel: r.channel,
        padu_status: r.status,
        overdue: overdueStages(r, now).join(','),
        reopen_count: r.reopen_count,
        rating: r.rating,
        url: published ? `${base}/aduan/laporan/${r.tracking_id}` : null,
      };
      request.notes = events
        .filter((e) => e.report_id === r.id)
        .map((e) => ({ datetime: e.at.toISOString(), description: e.body ? `${eventText(t, e)}: ${e.body}` : eventText(t, e), type: NOTE_TYPES[e.kind] ?? e.kind }));
    }
    return request;
  });
}

function statusNotes(t: Translator, r: ReportRow): string {
  const label = t(`aduan.status.${r.status}` as MessageKey);
  if (r.status === 'duplikat' && r.duplicate_of_tracking_id) return `${label}: ${r.duplicate_of_tracking_id}`;
  if (r.status === 'diteruskan_lapor' && r.lapor_reference) return `${label}: ${r.lapor_reference}`;
  return label;
}
