import type { Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema.ts';
import { parseInstrument, type Instrument } from './instrument.ts';

/** The only SQL for instruments. */
export function listInstrumentRows(db: Kysely<DB>) {
  return db.selectFrom('tata_kelola_instrument').select(['id', 'title', 'index_name', 'confirmed', 'sha256', 'source', 'loaded_at']).orderBy('loaded_at').orderBy('id').execute();
}

export function findInstrumentRow(db: Kysely<DB>, id: string) {
  return db.selectFrom('tata_kelola_instrument').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function instrumentInUse(db: Kysely<DB>, id: string): Promise<boolean> {
  return !!(await db.selectFrom('tata_kelola_assessment').select('id').where('instrument_id', '=', id).executeTakeFirst());
}

export async function saveInstrumentRow(
  db: Kysely<DB>,
  row: { id: string; title: string; indexName: string; confirmed: boolean; definition: unknown; sha256: string; source: string; at: Date },
): Promise<void> {
  const values = {
    id: row.id,
    title: row.title,
    index_name: row.indexName,
    confirmed: row.confirmed,
    definition: JSON.stringify(row.definition),
    sha256: row.sha256,
    source: row.source,
    loaded_at: row.at,
  };
  await db
    .insertInto('tata_kelola_instrument')
    .values(values)
    .onConflict((oc) => oc.column('id').doUpdateSet({ title: values.title, index_name: values.index_name, confirmed: values.confirmed, definition: values.definition, sha256: values.sha256, source: values.source, loaded_at: values.loaded_at }))
    .execute();
}

// Parsed instruments by content hash: a stored definition never changes under the same hash.
const parsed = new Map<string, Instrument>();

/** The instrument as stored (validated again on first use in this process). */
export async function loadInstrument(db: Kysely<DB>, id: string): Promise<Instrument | undefined> {
  const row = await findInstrumentRow(db, id);
  if (!row) return undefined;
  let instrument = parsed.get(row.sha256);
  if (!instrument) {
    instrument = parseInstrument(row.definition, `instrument ${id}`);
    parsed.set(row.sha256, instrument);
  }
  return instrument;
}
