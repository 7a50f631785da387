import { sql, type Kysely } from 'kysely';
import type { DB, OpdKind } from '../db/schema.ts';

export function listActiveOpd(db: Kysely<DB>) {
  return db.selectFrom('opd').select(['id', 'code', 'name', 'abbreviation', 'kind', 'region_code']).where('active', '=', true).orderBy('name').execute();
}

const opdColumns = [
  'opd.id',
  'opd.code',
  'opd.name',
  'opd.abbreviation',
  'opd.kind',
  'opd.parent_id',
  'opd.region_code',
  'region.name as region_name',
  'opd.website',
  'opd.social_media',
  'opd.active',
  'opd.merged_into_id',
  'opd.created_at',
  'opd.updated_at',
] as const;

export type OpdRow = Awaited<ReturnType<typeof findOpd>> & {};

export function findOpd(db: Kysely<DB>, id: string) {
  return db.selectFrom('opd').innerJoin('region', 'region.code', 'opd.region_code').select(opdColumns).where('opd.id', '=', id).executeTakeFirst();
}

export function findOpdByCode(db: Kysely<DB>, code: string) {
  return db.selectFrom('opd').select(['id', 'active']).where('code', '=', code).executeTakeFirst();
}

export async function searchOpd(
  db: Kysely<DB>,
  filter: { search?: string; kind?: OpdKind; regionCode?: string; includeInactive?: boolean; limit: number; offset: number },
) {
  let query = db.selectFrom('opd').innerJoin('region', 'region.code', 'opd.region_code').select(opdColumns);
  if (!filter.includeInactive) query = query.where('opd.active', '=', true);
  if (filter.kind) query = query.where('opd.kind', '=', filter.kind);
  if (filter.regionCode) query = query.where('opd.region_code', '=', filter.regionCode);
  if (filter.search) {
    const like = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb('opd.name', 'ilike', like), eb('opd.abbreviation', 'ilike', like), eb('opd.code', 'ilike', like)]));
  }
  return query.orderBy('opd.kind').orderBy('opd.name').orderBy('opd.id').limit(filter.limit).offset(filter.offset).execute();
}

export function nameHistory(db: Kysely<DB>, opdId: string) {
  return db.selectFrom('opd_name_history').select(['name', 'valid_from', 'valid_to']).where('opd_id', '=', opdId).orderBy('valid_from', 'desc').orderBy('id', 'desc').execute();
}

export function childrenOf(db: Kysely<DB>, opdId: string) {
  return db.selectFrom('opd').select(['id', 'name', 'active']).where('parent_id', '=', opdId).orderBy('name').execute();
}

/** The agency and every unit below it, at any depth. */
export async function subtreeIds(db: Kysely<DB>, opdId: string): Promise<string[]> {
  const result = await sql<{ id: string }>`
    WITH RECURSIVE tree(id) AS (
      SELECT id FROM opd WHERE id = ${opdId}
      UNION
      SELECT o.id FROM opd o JOIN tree t ON o.parent_id = t.id
    )
    SELECT id FROM tree`.execute(db);
  return result.rows.map((r) => r.id);
}

export function listRegions(db: Kysely<DB>) {
  return db.selectFrom('region').select(['code', 'name', 'kind', 'parent_code']).where('kind', '!=', 'kecamatan').orderBy('code').execute();
}

export async function regionExists(db: Kysely<DB>, code: string): Promise<boolean> {
  return !!(await db.selectFrom('region').select('code').where('code', '=', code).executeTakeFirst());
}

export async function renameOpd(db: Kysely<DB>, opdId: string, name: string, createdAt: Date, now: Date): Promise<void> {
  const open = await db.selectFrom('opd_name_history').select('id').where('opd_id', '=', opdId).where('valid_to', 'is', null).executeTakeFirst();
  if (open) await db.updateTable('opd_name_history').set({ valid_to: now }).where('id', '=', open.id).execute();
  else {
    // Agencies created before history was kept: remember the old name from creation until now.
    const old = await db.selectFrom('opd').select('name').where('id', '=', opdId).executeTakeFirstOrThrow();
    await db.insertInto('opd_name_history').values({ opd_id: opdId, name: old.name, valid_from: createdAt, valid_to: now }).execute();
  }
  await db.insertInto('opd_name_history').values({ opd_id: opdId, name, valid_from: now, valid_to: null }).execute();
}

/**
 * Moves every role grant from one agency to another. A person who already holds the same role in
 * the target keeps that grant and loses the duplicate.
 */
export async function moveGrants(db: Kysely<DB>, fromId: string, toId: string): Promise<number> {
  await db
    .deleteFrom('role_grant as g')
    .where('g.opd_id', '=', fromId)
    .where(({ exists, selectFrom }) =>
      exists(selectFrom('role_grant as t').select('t.id').whereRef('t.user_id', '=', 'g.user_id').whereRef('t.role', '=', 'g.role').where('t.opd_id', '=', toId)),
    )
    .execute();
  const moved = await db.updateTable('role_grant').set({ opd_id: toId }).where('opd_id', '=', fromId).executeTakeFirst();
  return Number(moved.numUpdatedRows);
}

export async function revokeAgencyTokens(db: Kysely<DB>, opdId: string, now: Date): Promise<number> {
  const result = await db.updateTable('api_token').set({ revoked_at: now }).where('opd_id', '=', opdId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function moveChildren(db: Kysely<DB>, fromId: string, toId: string, now: Date): Promise<number> {
  const result = await db.updateTable('opd').set({ parent_id: toId, updated_at: now }).where('parent_id', '=', fromId).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function countActiveChildren(db: Kysely<DB>, opdId: string): Promise<number> {
  const row = await db.selectFrom('opd').select((eb) => eb.fn.countAll<string>().as('n')).where('parent_id', '=', opdId).where('active', '=', true).executeTakeFirstOrThrow();
  return Number(row.n);
}
