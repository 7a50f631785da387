import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

/**
 * The only SQL for agency API tokens. Nothing here selects `token_hash` except the insert: no
 * caller outside authentication ever needs it.
 */
const PUBLIC_COLUMNS = ['id', 'opd_id', 'name', 'token_prefix', 'scopes', 'created_by', 'created_at', 'expires_at', 'last_used_at', 'revoked_at'] as const;

export function findOpd(db: Kysely<DB>, opdId: string) {
  return db.selectFrom('opd').select(['id', 'name', 'active']).where('id', '=', opdId).executeTakeFirst();
}

export function listTokensOfOpd(db: Kysely<DB>, opdId: string) {
  return db.selectFrom('api_token').select(PUBLIC_COLUMNS).where('opd_id', '=', opdId).orderBy('created_at', 'desc').orderBy('name').execute();
}

export function findToken(db: Kysely<DB>, tokenId: string) {
  return db.selectFrom('api_token').select(PUBLIC_COLUMNS).where('id', '=', tokenId).executeTakeFirst();
}

/** An unrevoked, unexpired token of the agency with this name (names identify systems to people). */
export function findLiveTokenByName(db: Kysely<DB>, opdId: string, name: string, now: Date) {
  return db
    .selectFrom('api_token')
    .select('id')
    .where('opd_id', '=', opdId)
    .where('name', '=', name)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .executeTakeFirst();
}

export interface NewTokenRow {
  id: string;
  opd_id: string;
  name: string;
  token_prefix: string;
  token_hash: string;
  scopes: string[];
  created_by: string | null;
  created_at: Date;
  expires_at: Date | null;
}

export async function insertToken(db: Kysely<DB>, row: NewTokenRow): Promise<void> {
  await db.insertInto('api_token').values({ ...row, last_used_at: null, revoked_at: null }).execute();
}

/** Revokes once: answers the revocation time, or undefined when it was already revoked. */
export async function markRevoked(db: Kysely<DB>, tokenId: string, at: Date): Promise<Date | undefined> {
  const row = await db.updateTable('api_token').set({ revoked_at: at }).where('id', '=', tokenId).where('revoked_at', 'is', null).returning('revoked_at').executeTakeFirst();
  return row?.revoked_at ?? undefined;
}
