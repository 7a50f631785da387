import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import type { AppCategory, ArchKind, CodeUsage, Lifecycle } from './db.ts';

export interface AppFilter {
  opdIds: 'all' | string[];
  search?: string;
  opdId?: string;
  category?: AppCategory;
  lifecycle?: Lifecycle;
  code?: string;
  limit: number;
  offset: number;
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const appColumns = [
  'a.id',
  'a.key',
  'a.name',
  'a.acronym',
  'a.description',
  'a.opd_id',
  'opd.name as opd_name',
  'a.category',
  'a.hosting',
  'a.url',
  'a.technology',
  'a.users',
  'a.yearly_cost',
  'a.legal_basis',
  'a.lifecycle',
  'a.lifecycle_changed_at',
  'a.merged_into_id',
  'a.replaced_by',
  'a.synthetic',
  'a.version',
  'a.created_at',
  'a.updated_at',
] as const;

export async function searchApps(db: Kysely<DB>, f: AppFilter) {
  if (f.opdIds !== 'all' && f.opdIds.length === 0) return [];
  let q = db.selectFrom('katalog_app as a').leftJoin('opd', 'opd.id', 'a.opd_id').select(appColumns);
  if (f.opdIds !== 'all') q = q.where('a.opd_id', 'in', f.opdIds);
  if (f.opdId) q = q.where('a.opd_id', '=', f.opdId);
  if (f.category) q = q.where('a.category', '=', f.category);
  if (f.lifecycle) q = q.where('a.lifecycle', '=', f.lifecycle);
  if (f.search) {
    const like = likePattern(f.search);
    q = q.where((eb) => eb.or([eb('a.name', 'ilike', like), eb('a.acronym', 'ilike', like), eb('a.description', 'ilike', like), eb('a.key', 'ilike', like)]));
  }
  if (f.code) {
    const code = f.code;
    q = q.where(({ exists, selectFrom }) =>
      exists(selectFrom('katalog_app_code as c').select('c.app_id').whereRef('c.app_id', '=', 'a.id').where((eb) => eb.or([eb('c.code', '=', code), eb('c.code', 'like', `${code}.%`)]))),
    );
  }
  return q.orderBy('a.name').orderBy('a.id').limit(f.limit).offset(f.offset).execute();
}

export type AppRow = Awaited<ReturnType<typeof searchApps>>[number];

export function findApp(db: Kysely<DB>, id: string) {
  return db.selectFrom('katalog_app as a').leftJoin('opd', 'opd.id', 'a.opd_id').select(appColumns).where('a.id', '=', id).executeTakeFirst();
}

export function findAppIdByKey(db: Kysely<DB>, key: string) {
  return db.selectFrom('katalog_app').select(['id', 'opd_id', 'version']).where('key', '=', key).executeTakeFirst();
}

export function appCodes(db: Kysely<DB>, appIds: string[]) {
  if (appIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('katalog_app_code').select(['app_id', 'code', 'usage']).where('app_id', 'in', appIds).orderBy('code').execute();
}

export async function replaceAppCodes(db: Kysely<DB>, appId: string, codes: { code: string; usage: CodeUsage }[]): Promise<void> {
  await db.deleteFrom('katalog_app_code').where('app_id', '=', appId).execute();
  if (codes.length) await db.insertInto('katalog_app_code').values(codes.map((c) => ({ app_id: appId, ...c }))).execute();
}

/** Codes from the list that are missing from the reference, or are of another kind than expected. */
export async function archCodesOfKind(db: Kysely<DB>, codes: string[], options: { includeRetired?: boolean } = { includeRetired: true }): Promise<Map<string, ArchKind>> {
  if (codes.length === 0) return new Map();
  let q = db.selectFrom('arch_ref').select(['code', 'kind']).where('code', 'in', codes);
  if (!options.includeRetired) q = q.where('retired_at', 'is', null);
  const rows = await q.execute();
  return new Map(rows.map((r) => [r.code, r.kind]));
}

/** Codes of the list that the SPBE team retired (kept for history, offered no more). */
export async function retiredCodes(db: Kysely<DB>, codes: string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db.selectFrom('arch_ref').select('code').where('code', 'in', codes).where('retired_at', 'is not', null).execute();
  return new Set(rows.map((r) => r.code));
}

export function listArchRef(db: Kysely<DB>, kind?: ArchKind) {
  let q = db.selectFrom('arch_ref').select(['code', 'kind', 'name', 'level', 'parent_code', 'origin']);
  if (kind) q = q.where('kind', '=', kind);
  return q.orderBy('code').execute();
}

export function recordAppEvent(db: Kysely<DB>, e: { appId: string; at: Date; from: Lifecycle | null; to: Lifecycle; opdId: string | null }) {
  return db.insertInto('katalog_app_event').values({ app_id: e.appId, at: e.at, from_lifecycle: e.from, to_lifecycle: e.to, opd_id: e.opdId }).execute();
}

export function opdExists(db: Kysely<DB>, opdId: string) {
  return db.selectFrom('opd').select(['id', 'active']).where('id', '=', opdId).executeTakeFirst();
}

export function appNames(db: Kysely<DB>, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('katalog_app').select(['id', 'key', 'name', 'opd_id']).where('id', 'in', ids).execute();
}

/** Moves every katalog record of one agency to another (agency merge). */
export async function moveAgencyRecords(db: Kysely<DB>, fromId: string, toId: string): Promise<void> {
  await db.updateTable('katalog_app').set({ opd_id: toId }).where('opd_id', '=', fromId).execute();
  await db.updateTable('katalog_service').set({ opd_id: toId }).where('opd_id', '=', fromId).execute();
  await db.updateTable('katalog_dataset').set({ producer_opd_id: toId }).where('producer_opd_id', '=', fromId).execute();
  await db.updateTable('katalog_dataset').set({ walidata_opd_id: toId }).where('walidata_opd_id', '=', fromId).execute();
  await db.updateTable('katalog_infra').set({ operator_opd_id: toId }).where('operator_opd_id', '=', fromId).execute();
  await db.updateTable('katalog_roadmap_item').set({ owner_opd_id: toId }).where('owner_opd_id', '=', fromId).execute();
  await sql`INSERT INTO katalog_infra_tenant (infra_id, opd_id, since)
            SELECT infra_id, ${toId}::uuid, since FROM katalog_infra_tenant WHERE opd_id = ${fromId}::uuid
            ON CONFLICT DO NOTHING`.execute(db);
  await db.deleteFrom('katalog_infra_tenant').where('opd_id', '=', fromId).execute();
}
