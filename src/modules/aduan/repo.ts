import { sql, type Expression, type ExpressionBuilder, type Insertable, type Kysely, type SqlBool, type Updateable } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import {
  AGENCY_OPEN,
  PUBLIC_STATUSES,
  type AduanAttachmentTable,
  type AduanCategoryTable,
  type AduanEventTable,
  type AduanReportTable,
  type OverdueStage,
  type Status,
} from './db.ts';

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

type ReportEb = ExpressionBuilder<DB & { r: AduanReportTable }, 'r'>;

// ---- Reports -------------------------------------------------------------------------------------

function reportBase(db: Kysely<DB>) {
  return db
    .selectFrom('aduan_report as r')
    .innerJoin('aduan_category as c', 'c.code', 'r.category_code')
    .innerJoin('region as rg', 'rg.code', 'r.region_code')
    .leftJoin('region as d', 'd.code', 'r.district_code')
    .leftJoin('opd as o', 'o.id', 'r.opd_id')
    .leftJoin('aduan_report as dup', 'dup.id', 'r.duplicate_of_id')
    .leftJoin('aduan_tier as t', 't.code', 'r.tier_code')
    .selectAll('r')
    .select([
      'c.name as category_name',
      'rg.name as region_name',
      'd.name as district_name',
      'o.name as opd_name',
      'o.code as opd_code',
      'dup.tracking_id as duplicate_of_tracking_id',
      't.name as tier_name',
    ]);
}

export type ReportRow = NonNullable<Awaited<ReturnType<typeof findReport>>>;

export function findReport(db: Kysely<DB>, id: string) {
  return reportBase(db).where('r.id', '=', id).executeTakeFirst();
}

export function findReportByTracking(db: Kysely<DB>, trackingId: string) {
  return reportBase(db).where('r.tracking_id', '=', trackingId.toUpperCase()).executeTakeFirst();
}

export function findReportsByTracking(db: Kysely<DB>, trackingIds: string[]) {
  if (trackingIds.length === 0) return Promise.resolve([]);
  return reportBase(db).where('r.tracking_id', 'in', trackingIds.map((t) => t.toUpperCase())).execute();
}

/** Locks the report row for a state change (the caller is in a transaction). */
export function lockReport(tx: Kysely<DB>, id: string) {
  return tx.selectFrom('aduan_report').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function trackingIdExists(db: Kysely<DB>, trackingId: string): Promise<boolean> {
  return !!(await db.selectFrom('aduan_report').select('id').where('tracking_id', '=', trackingId).executeTakeFirst());
}

export async function insertReport(tx: Kysely<DB>, row: Insertable<AduanReportTable>): Promise<void> {
  await tx.insertInto('aduan_report').values(row).execute();
}

export async function updateReport(tx: Kysely<DB>, id: string, changes: Updateable<AduanReportTable>): Promise<void> {
  await tx.updateTable('aduan_report').set(changes).where('id', '=', id).execute();
}

/** Published: verified, not declined, and not secret. */
export function isPublished(eb: ReportEb): Expression<SqlBool> {
  return eb.and([eb('r.rahasia', '=', false), eb('r.status', 'in', [...PUBLIC_STATUSES])]);
}

/** Past a deadline right now: verification, the agency's follow-up, or resolution. */
export function isOverdue(eb: ReportEb, now: Date): Expression<SqlBool> {
  return eb.or([
    eb.and([eb('r.status', '=', 'menunggu_verifikasi'), eb('r.verify_due_at', '<', now)]),
    eb.and([eb('r.status', 'in', ['diproses', 'dibuka_kembali']), eb('r.follow_up_due_at', '<', now)]),
    eb.and([eb('r.status', 'in', [...AGENCY_OPEN]), eb('r.resolution_due_at', '<', now)]),
  ]);
}

export interface StaffScope {
  /** Every report (SPBE team, admins, auditors). */
  all: boolean;
  /** Reports disposed to these agencies. */
  opdIds: string[];
  /** Reports these coordinator agencies verify: 'all' or regency/city codes. */
  coordinatorRegions: 'all' | string[];
}

export interface StaffFilter {
  scope: StaffScope;
  status?: Status;
  overdue?: boolean;
  search?: string;
  opdId?: string;
  categoryCode?: string;
  now: Date;
  limit: number;
  offset: number;
}

export async function searchStaffReports(db: Kysely<DB>, f: StaffFilter) {
  const { scope } = f;
  const regions = scope.coordinatorRegions;
  if (!scope.all && scope.opdIds.length === 0 && regions !== 'all' && regions.length === 0) return [];
  let q = reportBase(db).where('r.status', '!=', 'menunggu_konfirmasi');
  if (!scope.all && regions !== 'all') {
    q = q.where((eb) =>
      eb.or([
        ...(scope.opdIds.length ? [eb('r.opd_id', 'in', scope.opdIds)] : []),
        ...(regions.length ? [eb('r.region_code', 'in', regions)] : []),
      ]),
    );
  }
  if (f.status) q = q.where('r.status', '=', f.status);
  if (f.opdId) q = q.where('r.opd_id', '=', f.opdId);
  if (f.categoryCode) q = q.where('r.category_code', '=', f.categoryCode);
  if (f.overdue) q = q.where((eb) => isOverdue(eb as unknown as ReportEb, f.now));
  if (f.search) {
    const like = likePattern(f.search);
    q = q.where((eb) => eb.or([eb('r.tracking_id', 'ilike', like), eb('r.title', 'ilike', like)]));
  }
  return q.orderBy('r.created_at', 'desc').orderBy('r.id').limit(f.limit).offset(f.offset).execute();
}

export interface PublicFilter {
  opdId?: string;
  categoryCode?: string;
  status?: Status;
  regionCode?: string;
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
}

export async function searchPublicReports(db: Kysely<DB>, f: PublicFilter) {
  let q = reportBase(db).where((eb) => isPublished(eb as unknown as ReportEb));
  if (f.opdId) q = q.where('r.opd_id', '=', f.opdId);
  if (f.categoryCode) q = q.where('r.category_code', '=', f.categoryCode);
  if (f.status) q = q.where('r.status', '=', f.status);
  if (f.regionCode) q = q.where('r.region_code', '=', f.regionCode);
  if (f.from) q = q.where('r.created_at', '>=', f.from);
  if (f.to) q = q.where('r.created_at', '<', f.to);
  return q.orderBy('r.created_at', 'desc').orderBy('r.id').limit(f.limit).offset(f.offset).execute();
}

/** The newest published reports of one agency, for its feeds. */
export function agencyFeedReports(db: Kysely<DB>, opdId: string, limit: number) {
  return reportBase(db)
    .where((eb) => isPublished(eb as unknown as ReportEb))
    .where('r.opd_id', '=', opdId)
    .orderBy('r.updated_at', 'desc')
    .orderBy('r.id')
    .limit(limit)
    .execute();
}

export function reportsOfUser(db: Kysely<DB>, userId: string, limit: number, offset: number) {
  return reportBase(db).where('r.reporter_user_id', '=', userId).orderBy('r.created_at', 'desc').orderBy('r.id').limit(limit).offset(offset).execute();
}

/** Reports whose deadline has passed and that were not flagged for that deadline yet. */
export async function newlyOverdue(db: Kysely<DB>, now: Date) {
  const notFlagged = (stage: OverdueStage, due: 'verify_due_at' | 'follow_up_due_at' | 'resolution_due_at') =>
    sql<SqlBool>`NOT EXISTS (SELECT 1 FROM aduan_overdue ov WHERE ov.report_id = r.id AND ov.stage = ${stage} AND ov.due_at = r.${sql.ref(due)})`;
  const base = () => db.selectFrom('aduan_report as r').select(['r.id', 'r.tracking_id', 'r.opd_id', 'r.region_code', 'r.title']);
  const [verify, followUp, resolution] = await Promise.all([
    base().select('r.verify_due_at as due_at').where('r.status', '=', 'menunggu_verifikasi').where('r.verify_due_at', '<', now).where(notFlagged('verify', 'verify_due_at')).execute(),
    base().select('r.follow_up_due_at as due_at').where('r.status', 'in', ['diproses', 'dibuka_kembali']).where('r.follow_up_due_at', '<', now).where(notFlagged('follow_up', 'follow_up_due_at')).execute(),
    base().select('r.resolution_due_at as due_at').where('r.status', 'in', [...AGENCY_OPEN]).where('r.resolution_due_at', '<', now).where(notFlagged('resolution', 'resolution_due_at')).execute(),
  ]);
  return [
    ...verify.map((r) => ({ ...r, stage: 'verify' as const, due_at: r.due_at! })),
    ...followUp.map((r) => ({ ...r, stage: 'follow_up' as const, due_at: r.due_at! })),
    ...resolution.map((r) => ({ ...r, stage: 'resolution' as const, due_at: r.due_at! })),
  ];
}

export async function insertOverdue(tx: Kysely<DB>, row: { report_id: string; stage: OverdueStage; due_at: Date; opd_id: string | null; flagged_at: Date }): Promise<boolean> {
  const result = await tx.insertInto('aduan_overdue').values(row).onConflict((oc) => oc.doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export function reportsToAutoClose(db: Kysely<DB>, now: Date) {
  return db.selectFrom('aduan_report').select(['id']).where('status', '=', 'ditanggapi').where('auto_close_at', '<=', now).orderBy('auto_close_at').execute();
}

export function reportsToForward(db: Kysely<DB>, maxAttempts: number) {
  return db
    .selectFrom('aduan_report')
    .select(['id'])
    .where('status', '=', 'diteruskan_lapor')
    .where('lapor_state', 'in', ['menunggu', 'gagal'])
    .where('lapor_attempts', '<', maxAttempts)
    .orderBy('disposed_at')
    .execute();
}

/** The rows the per-agency figures are computed from: reports disposed to an agency in the period. */
export function figureRows(db: Kysely<DB>, from: Date, to: Date) {
  return db
    .selectFrom('aduan_report as r')
    .innerJoin('opd as o', 'o.id', 'r.opd_id')
    .select(['r.opd_id', 'o.name as opd_name', 'o.code as opd_code', 'r.status', 'r.disposed_at', 'r.first_response_at', 'r.first_follow_up_due_at', 'r.reopen_count'])
    .where('r.disposed_at', '>=', from)
    .where('r.disposed_at', '<', to)
    .execute();
}

/** Reports currently past a deadline, per agency (for the figures). */
export function overdueCounts(db: Kysely<DB>, now: Date) {
  return db
    .selectFrom('aduan_report as r')
    .select(['r.opd_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('r.opd_id', 'is not', null)
    .where((eb) => isOverdue(eb as unknown as ReportEb, now))
    .groupBy('r.opd_id')
    .execute();
}

// ---- Timeline and attachments --------------------------------------------------------------------

export async function insertEvent(tx: Kysely<DB>, row: Insertable<AduanEventTable>): Promise<void> {
  await tx.insertInto('aduan_event').values(row).execute();
}

export function listEvents(db: Kysely<DB>, reportId: string, options: { publicOnly: boolean }) {
  let q = db
    .selectFrom('aduan_event as e')
    .leftJoin('opd as o', 'o.id', 'e.opd_id')
    .select(['e.id', 'e.at', 'e.kind', 'e.actor_kind', 'e.actor_user_id', 'e.opd_id', 'o.name as opd_name', 'e.body', 'e.public', 'e.data'])
    .where('e.report_id', '=', reportId);
  if (options.publicOnly) q = q.where('e.public', '=', true);
  return q.orderBy('e.at').orderBy('e.seq').execute();
}

export type EventRow = Awaited<ReturnType<typeof listEvents>>[number];

export async function insertAttachments(tx: Kysely<DB>, rows: Insertable<AduanAttachmentTable>[]): Promise<void> {
  if (rows.length) await tx.insertInto('aduan_attachment').values(rows).execute();
}

export function listAttachments(db: Kysely<DB>, reportId: string, options: { publicOnly: boolean }) {
  let q = db.selectFrom('aduan_attachment').selectAll().where('report_id', '=', reportId);
  if (options.publicOnly) q = q.where('public', '=', true);
  return q.orderBy('created_at').orderBy('id').execute();
}

export type AttachmentRow = Awaited<ReturnType<typeof listAttachments>>[number];

export function findAttachment(db: Kysely<DB>, id: string) {
  return db.selectFrom('aduan_attachment').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The first public photo per report, for Open311's media_url. */
export async function firstPublicImages(db: Kysely<DB>, reportIds: string[]): Promise<Map<string, string>> {
  if (reportIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('aduan_attachment')
    .select(['report_id', 'id', 'created_at'])
    .where('report_id', 'in', reportIds)
    .where('public', '=', true)
    .where('content_type', 'like', 'image/%')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const map = new Map<string, string>();
  for (const r of rows) if (!map.has(r.report_id)) map.set(r.report_id, r.id);
  return map;
}

/** Public timeline events of several reports (Open311's update history). */
export function publicEventsOf(db: Kysely<DB>, reportIds: string[]) {
  if (reportIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('aduan_event as e')
    .leftJoin('opd as o', 'o.id', 'e.opd_id')
    .select(['e.report_id', 'e.at', 'e.kind', 'e.actor_kind', 'o.name as opd_name', 'e.body', 'e.data'])
    .where('e.report_id', 'in', reportIds)
    .where('e.public', '=', true)
    .orderBy('e.at')
    .orderBy('e.seq')
    .execute();
}

// ---- Categories, tiers, deadlines -------------------------------------------------------------

export function listCategories(db: Kysely<DB>, options: { activeOnly: boolean }) {
  let q = db
    .selectFrom('aduan_category as c')
    .leftJoin('opd as o', 'o.id', 'c.opd_id')
    .innerJoin('aduan_tier as t', 't.code', 'c.tier_code')
    .selectAll('c')
    .select(['o.name as opd_name', 't.name as tier_name', 't.days as tier_days']);
  if (options.activeOnly) q = q.where('c.active', '=', true);
  return q.orderBy('c.name').execute();
}

export type CategoryRow = Awaited<ReturnType<typeof listCategories>>[number];

export function findCategory(db: Kysely<DB>, code: string) {
  return db
    .selectFrom('aduan_category as c')
    .leftJoin('opd as o', 'o.id', 'c.opd_id')
    .innerJoin('aduan_tier as t', 't.code', 'c.tier_code')
    .selectAll('c')
    .select(['o.name as opd_name', 't.name as tier_name', 't.days as tier_days'])
    .where('c.code', '=', code)
    .executeTakeFirst();
}

export async function insertCategory(tx: Kysely<DB>, row: Insertable<AduanCategoryTable>): Promise<void> {
  await tx.insertInto('aduan_category').values(row).execute();
}

export async function updateCategory(tx: Kysely<DB>, code: string, changes: Updateable<AduanCategoryTable>): Promise<void> {
  await tx.updateTable('aduan_category').set(changes).where('code', '=', code).execute();
}

export function listTiers(db: Kysely<DB>) {
  return db.selectFrom('aduan_tier').selectAll().orderBy('sort').orderBy('code').execute();
}

export function listSlaSteps(db: Kysely<DB>) {
  return db.selectFrom('aduan_sla_step').selectAll().orderBy('step').execute();
}

// ---- Coordinators ----------------------------------------------------------------------------------

export function listCoordinators(db: Kysely<DB>) {
  return db
    .selectFrom('aduan_coordinator as k')
    .innerJoin('opd as o', 'o.id', 'k.opd_id')
    .leftJoin('region as rg', 'rg.code', 'k.region_code')
    .select(['k.opd_id', 'o.name as opd_name', 'k.region_code', 'rg.name as region_name', 'k.created_at'])
    .orderBy('o.name')
    .execute();
}

/** Coordinator agencies that verify reports from `regionCode`. */
export async function coordinatorOpdIdsFor(db: Kysely<DB>, regionCode: string): Promise<string[]> {
  const rows = await db
    .selectFrom('aduan_coordinator')
    .select('opd_id')
    .where((eb) => eb.or([eb('region_code', 'is', null), eb('region_code', '=', regionCode)]))
    .execute();
  return rows.map((r) => r.opd_id);
}

export function coordinatorRowsFor(db: Kysely<DB>, opdIds: string[]) {
  if (opdIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('aduan_coordinator').select(['opd_id', 'region_code']).where('opd_id', 'in', opdIds).execute();
}

// ---- Open311 clients ------------------------------------------------------------------------------

export function listOpen311Clients(db: Kysely<DB>) {
  return db
    .selectFrom('aduan_open311_client as k')
    .leftJoin('opd as o', 'o.id', 'k.opd_id')
    .select(['k.id', 'k.name', 'k.opd_id', 'o.name as opd_name', 'k.key_prefix', 'k.created_at', 'k.last_used_at', 'k.revoked_at'])
    .orderBy('k.created_at', 'desc')
    .orderBy('k.id')
    .execute();
}

export function findOpen311ClientByHash(db: Kysely<DB>, keyHash: string) {
  return db.selectFrom('aduan_open311_client').selectAll().where('key_hash', '=', keyHash).executeTakeFirst();
}

export async function touchOpen311Client(db: Kysely<DB>, id: string, now: Date): Promise<void> {
  const staleBefore = new Date(now.getTime() - 60_000);
  await db
    .updateTable('aduan_open311_client')
    .set({ last_used_at: now })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', staleBefore)]))
    .execute();
}

// ---- Places and people -------------------------------------------------------------------------

/** The regencies and cities of the province, and their districts. */
export async function listPlaces(db: Kysely<DB>, province: string) {
  const regions = await db.selectFrom('region').select(['code', 'name', 'kind', 'parent_code']).where('kind', 'in', ['kabupaten', 'kota', 'kecamatan']).orderBy('code').execute();
  const regencies = regions.filter((r) => r.kind !== 'kecamatan' && r.parent_code === province);
  const codes = new Set(regencies.map((r) => r.code));
  const districts = regions.filter((r) => r.kind === 'kecamatan' && r.parent_code && codes.has(r.parent_code));
  return { regencies, districts };
}

export function findRegion(db: Kysely<DB>, code: string) {
  return db.selectFrom('region').select(['code', 'name', 'kind', 'parent_code']).where('code', '=', code).executeTakeFirst();
}

/** The regency/city government (an agency of kind `pemda`) of a region. */
export function pemdaOf(db: Kysely<DB>, regionCode: string) {
  return db.selectFrom('opd').select(['id', 'name']).where('kind', '=', 'pemda').where('region_code', '=', regionCode).where('active', '=', true).executeTakeFirst();
}

export function findOpdById(db: Kysely<DB>, id: string) {
  return db.selectFrom('opd').select(['id', 'code', 'name', 'parent_id', 'active', 'kind', 'region_code']).where('id', '=', id).executeTakeFirst();
}

export function findOpdByCode(db: Kysely<DB>, code: string) {
  return db.selectFrom('opd').select(['id', 'code', 'name', 'parent_id', 'active', 'kind', 'region_code']).where('code', '=', code).executeTakeFirst();
}

/** Emails of the people holding one of `roles` in an agency (active accounts). */
export async function agencyEmails(db: Kysely<DB>, opdId: string, roles: ('petugas' | 'admin_opd')[]): Promise<{ email: string; locale: 'id' | 'en' | null }[]> {
  return db
    .selectFrom('role_grant as g')
    .innerJoin('app_user as u', 'u.id', 'g.user_id')
    .select(['u.email', 'u.locale'])
    .distinct()
    .where('g.opd_id', '=', opdId)
    .where('g.role', 'in', roles)
    .where('u.status', '=', 'active')
    .execute();
}

export async function timSpbeEmails(db: Kysely<DB>): Promise<{ email: string; locale: 'id' | 'en' | null }[]> {
  return db
    .selectFrom('role_grant as g')
    .innerJoin('app_user as u', 'u.id', 'g.user_id')
    .select(['u.email', 'u.locale'])
    .distinct()
    .where('g.role', '=', 'tim_spbe')
    .where('u.status', '=', 'active')
    .execute();
}

/** Moves an agency's reports to the agency it was merged into (in the merge's transaction). */
export async function moveAgencyRecords(tx: Kysely<DB>, fromId: string, toId: string): Promise<void> {
  await tx.updateTable('aduan_report').set({ opd_id: toId }).where('opd_id', '=', fromId).execute();
  await tx.updateTable('aduan_category').set({ opd_id: toId }).where('opd_id', '=', fromId).execute();
  await tx.updateTable('aduan_overdue').set({ opd_id: toId }).where('opd_id', '=', fromId).execute();
  await tx.updateTable('aduan_open311_client').set({ opd_id: toId }).where('opd_id', '=', fromId).execute();
  const moved = await tx.selectFrom('aduan_coordinator').selectAll().where('opd_id', '=', fromId).executeTakeFirst();
  if (moved) {
    await tx.deleteFrom('aduan_coordinator').where('opd_id', '=', fromId).execute();
    await tx.insertInto('aduan_coordinator').values({ ...moved, opd_id: toId }).onConflict((oc) => oc.doNothing()).execute();
  }
}

export async function insertCoordinator(tx: Kysely<DB>, row: { opd_id: string; region_code: string | null; created_at: Date }): Promise<boolean> {
  const result = await tx.insertInto('aduan_coordinator').values(row).onConflict((oc) => oc.doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function deleteCoordinator(tx: Kysely<DB>, opdId: string): Promise<boolean> {
  const result = await tx.deleteFrom('aduan_coordinator').where('opd_id', '=', opdId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function updateSlaStep(tx: Kysely<DB>, step: string, days: number, now: Date): Promise<void> {
  await tx.updateTable('aduan_sla_step').set({ days, updated_at: now }).where('step', '=', step as 'verify').execute();
}

export async function updateTierDays(tx: Kysely<DB>, code: string, days: number, now: Date): Promise<void> {
  await tx.updateTable('aduan_tier').set({ days, updated_at: now }).where('code', '=', code).execute();
}

export function findOpen311Client(db: Kysely<DB>, id: string) {
  return db.selectFrom('aduan_open311_client').selectAll().where('id', '=', id).executeTakeFirst();
}
