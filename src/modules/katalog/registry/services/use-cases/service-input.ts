import type { Kysely } from 'kysely';
import type { DB } from '../../../../../platform/db/schema.ts';
import type { FieldError } from '../../../../../platform/http/errors.ts';
import type { ServiceAudience, ServiceChannel } from '../../db.ts';
import { checkArchCode, checkOpd, checkRefIds } from '../../checks.ts';
import { STANDARD_CODES } from '../standard.ts';

export interface ServiceInput {
  name?: string;
  description?: string | null;
  opdId?: string | null;
  audience?: ServiceAudience;
  ralCode?: string | null;
  /** Component code → text; an empty text or null clears that component. */
  standard?: Record<string, string | null | undefined>;
  slaWorkingDays?: number | null;
  fee?: number | null;
  feeNote?: string | null;
  channels?: ServiceChannel[];
  appIds?: string[];
}

/** What the schema cannot check: the agency is active, the RAL code exists, the apps exist. */
export async function checkServiceInput(db: Kysely<DB>, input: ServiceInput): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  await checkOpd(db, input.opdId, 'opdId', errors);
  await checkArchCode(db, input.ralCode, 'RAL', 'ralCode', errors);
  if (input.appIds) await checkRefIds(db, 'app', input.appIds, 'appIds', errors);
  return errors;
}

/** The stored standard after applying a patch: trimmed texts, empty ones dropped, in the file's order. */
export function mergeStandard(current: Record<string, string>, patch: ServiceInput['standard']): Record<string, string> {
  const next: Record<string, string> = {};
  for (const code of STANDARD_CODES) {
    const value = patch && code in patch ? patch[code] : current[code];
    const text = typeof value === 'string' ? value.trim() : '';
    if (text) next[code] = text;
  }
  return next;
}
