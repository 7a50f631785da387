import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../platform/db/database.ts';
import { REFERENCE_DIR } from '../../platform/reference/load-reference-data.ts';
import { parseCsvRecords } from '../../platform/text/csv.ts';
import { ARCH_KINDS, type ArchKind } from './db.ts';

/**
 * Loads the national reference architecture codes (Perpres 132/2022, levels 1-2) that are not yet
 * in the database. Names an SPBE team corrected, and their own level 3-4 codes, are left alone.
 */
export async function loadArchitectureReference(db: Db, now: Date, file = path.join(REFERENCE_DIR, 'architecture-reference.csv')): Promise<number> {
  const rows = parseCsvRecords(fs.readFileSync(file, 'utf8'), ['kind', 'code', 'name', 'level', 'parent_code']);
  const values = rows.map((r) => {
    if (!(ARCH_KINDS as readonly string[]).includes(r.kind!)) throw new Error(`${file}: unknown architecture kind ${r.kind}`);
    return {
      code: r.code!,
      kind: r.kind as ArchKind,
      name: r.name!,
      level: Number(r.level),
      parent_code: r.parent_code || null,
      origin: 'national' as const,
      confidence: r.confidence || null,
      created_at: now,
    };
  });
  // Parents first, so the foreign key holds row by row.
  values.sort((a, b) => a.level - b.level || a.code.localeCompare(b.code));
  const existing = new Set((await db.selectFrom('arch_ref').select('code').execute()).map((r) => r.code));
  const missing = values.filter((v) => !existing.has(v.code));
  if (missing.length) await db.insertInto('arch_ref').values(missing).onConflict((oc) => oc.column('code').doNothing()).execute();
  return missing.length;
}
