import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema.ts';
import { REFERENCE_DIR } from '../../../platform/reference/load-reference-data.ts';
import { InstrumentFormatError, parseInstrument, type Instrument } from './instrument.ts';
import { findInstrumentRow, instrumentInUse, saveInstrumentRow } from './repo.ts';

/** Instrument files in reference/: `spbe-instrument-<anything>.json`. */
export const INSTRUMENT_FILE = /^spbe-instrument-[A-Za-z0-9._-]+\.json$/;

export interface InstrumentFile {
  file: string;
  instrument: Instrument;
  json: unknown;
  sha256: string;
}

/** Reads and validates one file; a malformed one throws an `InstrumentFormatError` naming the file. */
export function readInstrumentFile(file: string): InstrumentFile {
  const text = fs.readFileSync(file, 'utf8');
  const name = path.basename(file);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InstrumentFormatError(name, [{ code: 'not_object', params: { detail: `: ${(error as Error).message}` } }]);
  }
  return { file: name, instrument: parseInstrument(json, name), json, sha256: sha256Of(json) };
}

export function sha256Of(json: unknown): string {
  return createHash('sha256').update(JSON.stringify(json)).digest('hex');
}

export type StoreOutcome = 'added' | 'updated' | 'unchanged' | 'kept';

/**
 * Stores a validated instrument: added when new, updated when its content changed and no
 * assessment uses it yet, otherwise `kept` (an instrument in use is never changed underneath the
 * years scored with it; a corrected file needs a new id).
 */
export async function storeInstrument(db: Kysely<DB>, entry: { instrument: Instrument; json: unknown; sha256: string; source: string }, now: Date): Promise<StoreOutcome> {
  const existing = await findInstrumentRow(db, entry.instrument.id);
  if (existing?.sha256 === entry.sha256) return 'unchanged';
  if (existing && (await instrumentInUse(db, entry.instrument.id))) return 'kept';
  const i = entry.instrument;
  await saveInstrumentRow(db, { id: i.id, title: i.title, indexName: i.indexName, confirmed: i.confirmed, definition: entry.json, sha256: entry.sha256, source: entry.source, at: now });
  return existing ? 'updated' : 'added';
}

/**
 * Loads every instrument file of reference/ at start. A malformed file stops the start with the
 * file's name and every problem in it, rather than scoring a year with a broken instrument.
 */
export async function loadInstrumentReference(db: Kysely<DB>, now: Date, dir = REFERENCE_DIR): Promise<Record<string, StoreOutcome>> {
  const outcomes: Record<string, StoreOutcome> = {};
  for (const name of fs.readdirSync(dir).filter((n) => INSTRUMENT_FILE.test(n)).sort()) {
    const entry = readInstrumentFile(path.join(dir, name));
    outcomes[entry.instrument.id] = await storeInstrument(db, { ...entry, source: name }, now);
  }
  return outcomes;
}
