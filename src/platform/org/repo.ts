import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

export function listActiveOpd(db: Kysely<DB>) {
  return db.selectFrom('opd').select(['id', 'code', 'name', 'abbreviation', 'kind', 'region_code']).where('active', '=', true).orderBy('name').execute();
}
