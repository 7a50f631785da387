import type { Kysely } from 'kysely';
import type { DB } from '../../../../../platform/db/schema.ts';
import type { FieldError } from '../../../../../platform/http/errors.ts';
import type { InfraKind } from '../../db.ts';
import { checkArchCode, checkOpd } from '../../checks.ts';

export interface InfraInput {
  name?: string;
  kind?: InfraKind;
  raiCode?: string | null;
  operatorOpdId?: string | null;
  description?: string | null;
  location?: string | null;
}

export async function checkInfraInput(db: Kysely<DB>, input: InfraInput): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  await checkArchCode(db, input.raiCode, 'RAI', 'raiCode', errors);
  await checkOpd(db, input.operatorOpdId, 'operatorOpdId', errors);
  return errors;
}
