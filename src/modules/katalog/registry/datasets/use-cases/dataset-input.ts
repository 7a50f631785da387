import type { Kysely } from 'kysely';
import type { DB } from '../../../../../platform/db/schema.ts';
import type { FieldError } from '../../../../../platform/http/errors.ts';
import type { Sensitivity, UpdateFrequency } from '../../db.ts';
import { checkArchCode, checkOpd, checkRefIds } from '../../checks.ts';

export interface DatasetInput {
  name?: string;
  description?: string | null;
  radCode?: string | null;
  producerOpdId?: string | null;
  walidataOpdId?: string | null;
  sensitivity?: Sensitivity;
  format?: string | null;
  updateFrequency?: UpdateFrequency | null;
  referenceCodes?: string[];
  readAppIds?: string[];
  writeAppIds?: string[];
}

export async function checkDatasetInput(db: Kysely<DB>, input: DatasetInput): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  await checkArchCode(db, input.radCode, 'RAD', 'radCode', errors);
  await checkOpd(db, input.producerOpdId, 'producerOpdId', errors);
  await checkOpd(db, input.walidataOpdId, 'walidataOpdId', errors);
  if (input.readAppIds) await checkRefIds(db, 'app', input.readAppIds, 'readAppIds', errors);
  if (input.writeAppIds) await checkRefIds(db, 'app', input.writeAppIds, 'writeAppIds', errors);
  return errors;
}

export const cleanCodes = (codes: string[]) => [...new Set(codes.map((c) => c.trim()).filter(Boolean))];

export function appRows(readIds: string[], writeIds: string[]) {
  return [...[...new Set(readIds)].map((appId) => ({ appId, access: 'read' as const })), ...[...new Set(writeIds)].map((appId) => ({ appId, access: 'write' as const }))];
}
