import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';

/**
 * The katalog facts a report may point at: the public service or the application it concerns.
 * Read-only look-ups by id and key, kept in this one file so the link to the katalog's tables
 * has a single place to change if the katalog later offers them through its index.
 */
export interface KatalogRef {
  id: string;
  key: string;
  name: string;
  opdId: string | null;
}

/** Public services (G2C/G2B) offered on the report form; none when there are too many for a select. */
export async function publicServiceOptions(db: Kysely<DB>, max = 300): Promise<KatalogRef[]> {
  const rows = await db.selectFrom('katalog_service').select(['id', 'key', 'name', 'opd_id']).where('kind', '=', 'publik').orderBy('name').limit(max + 1).execute();
  if (rows.length > max) return [];
  return rows.map((r) => ({ id: r.id, key: r.key, name: r.name, opdId: r.opd_id }));
}

export async function findService(db: Kysely<DB>, by: { id?: string; key?: string }): Promise<KatalogRef | undefined> {
  let q = db.selectFrom('katalog_service').select(['id', 'key', 'name', 'opd_id']);
  q = by.id ? q.where('id', '=', by.id) : q.where('key', '=', by.key ?? '');
  const r = await q.executeTakeFirst();
  return r ? { id: r.id, key: r.key, name: r.name, opdId: r.opd_id } : undefined;
}

export async function findApp(db: Kysely<DB>, by: { id?: string; key?: string }): Promise<KatalogRef | undefined> {
  let q = db.selectFrom('katalog_app').select(['id', 'key', 'name', 'opd_id']);
  q = by.id ? q.where('id', '=', by.id) : q.where('key', '=', by.key ?? '');
  const r = await q.executeTakeFirst();
  return r ? { id: r.id, key: r.key, name: r.name, opdId: r.opd_id } : undefined;
}
