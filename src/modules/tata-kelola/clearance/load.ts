import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema.ts';
import { REFERENCE_DIR } from '../../../platform/reference/load-reference-data.ts';
import { parseCheckFile } from './checks.ts';
import { insertMissingChecks } from './repo.ts';

/** Loads reference/clearance-checks.json: checks not yet in the table are added, edited ones are left alone. */
export async function loadClearanceChecks(db: Kysely<DB>, now: Date, file = path.join(REFERENCE_DIR, 'clearance-checks.json')): Promise<number> {
  return insertMissingChecks(db, parseCheckFile(JSON.parse(fs.readFileSync(file, 'utf8')), path.basename(file)), now);
}
