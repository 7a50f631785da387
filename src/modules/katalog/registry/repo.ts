import type { Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema.ts';
import { slugify } from '../../../platform/text/slug.ts';
import type { RoadmapTargetType } from './db.ts';

/** SQL the registry's record types share: finding records by key or id, and free keys. */

export interface RecordRef {
  id: string;
  key: string;
  name: string;
  /** The agency that owns it (app/service owner, data producer, infrastructure operator). */
  opd_id: string | null;
}

const TABLE = {
  app: 'katalog_app',
  service: 'katalog_service',
  dataset: 'katalog_dataset',
  infra: 'katalog_infra',
} as const;

/** Records of one type by key or by id, as references (id, key, name, owner agency). */
async function refs(db: Kysely<DB>, type: RoadmapTargetType, by: 'key' | 'id', values: string[]): Promise<RecordRef[]> {
  if (values.length === 0) return [];
  switch (type) {
    case 'app':
      return db.selectFrom('katalog_app').select(['id', 'key', 'name', 'opd_id']).where(by, 'in', values).orderBy('name').execute();
    case 'service':
      return db.selectFrom('katalog_service').select(['id', 'key', 'name', 'opd_id']).where(by, 'in', values).orderBy('name').execute();
    case 'dataset':
      return db.selectFrom('katalog_dataset').select(['id', 'key', 'name', 'producer_opd_id as opd_id']).where(by, 'in', values).orderBy('name').execute();
    case 'infra':
      return db.selectFrom('katalog_infra').select(['id', 'key', 'name', 'operator_opd_id as opd_id']).where(by, 'in', values).orderBy('name').execute();
  }
}

export const refsByKeys = (db: Kysely<DB>, type: RoadmapTargetType, keys: string[]) => refs(db, type, 'key', keys);
export const refsByIds = (db: Kysely<DB>, type: RoadmapTargetType, ids: string[]) => refs(db, type, 'id', ids);

export async function keyTaken(db: Kysely<DB>, table: (typeof TABLE)[RoadmapTargetType] | 'katalog_roadmap_item', key: string): Promise<boolean> {
  return !!(await db.selectFrom(table).select('id').where('key', '=', key).executeTakeFirst());
}

/** A readable stable key: the agency's code and the record's name, numbered if taken. */
export async function freeKey(db: Kysely<DB>, table: (typeof TABLE)[RoadmapTargetType] | 'katalog_roadmap_item', opdId: string | null | undefined, name: string, fallback: string): Promise<string> {
  const opdCode = opdId ? (await db.selectFrom('opd').select('code').where('id', '=', opdId).executeTakeFirst())?.code : undefined;
  const base = slugify([opdCode, name].filter(Boolean).join('-')).slice(0, 70) || fallback;
  for (let n = 1; ; n++) {
    const key = n === 1 ? base : `${base}-${n}`;
    if (!(await keyTaken(db, table, key))) return key;
  }
}

export function archRefRows(db: Kysely<DB>, codes: string[]) {
  if (codes.length === 0) return Promise.resolve([]);
  return db.selectFrom('arch_ref').select(['code', 'kind', 'name', 'level', 'retired_at']).where('code', 'in', codes).execute();
}

export function opdNames(db: Kysely<DB>, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('opd').select(['id', 'name', 'active']).where('id', 'in', ids).execute();
}
