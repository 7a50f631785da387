import type { Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { ensure } from '../../../platform/auth/policy.ts';
import { validationError, type FieldError } from '../../../platform/http/errors.ts';
import type { ArchKind } from '../db.ts';
import { katalogPolicy } from '../policy.ts';
import { opdExists } from '../repo.ts';
import type { RoadmapTargetType } from './db.ts';
import { archRefRows, refsByIds, refsByKeys, type RecordRef } from './repo.ts';
import './messages.ts';

/** Checks the registry's use cases share: who may read or own, and that referenced things exist. */

/** 401 for anonymous callers, 403 for callers who read no agency's katalog at all (citizens). */
export function ensureKatalogReader(actor: Actor | null): asserts actor is Actor {
  const readable = katalogPolicy.readableOpdIds(actor);
  ensure(actor, readable === 'all' || readable.length > 0);
}

/** May file or move a record under `opdId`: its editors, or the SPBE team for records without an owner. */
export const mayOwn = (actor: Actor | null, opdId: string | null | undefined) =>
  katalogPolicy.edit(actor, opdId ?? null) || (!opdId && katalogPolicy.rationalise(actor));

export async function checkOpd(db: Kysely<DB>, opdId: string | null | undefined, field: string, errors: FieldError[]): Promise<void> {
  if (!opdId) return;
  const opd = await opdExists(db, opdId);
  if (!opd || !opd.active) errors.push({ field, messageKey: 'katalog.unknown_opd' });
}

/** The code exists in the reference, is of the expected kind, and is not retired. */
export async function checkArchCode(db: Kysely<DB>, code: string | null | undefined, kind: ArchKind, field: string, errors: FieldError[]): Promise<void> {
  if (!code) return;
  const [row] = await archRefRows(db, [code]);
  if (!row) errors.push({ field, messageKey: 'katalog.unknown_code', params: { code } });
  else if (row.kind !== kind) errors.push({ field, messageKey: 'katalog.wrong_code_kind', params: { code, kind } });
  else if (row.retired_at) errors.push({ field, messageKey: 'katalog.registry.code_retired', params: { code } });
}

/** Records named by id in an API body; unknown ids are one error on `field`. */
export async function checkRefIds(db: Kysely<DB>, type: RoadmapTargetType, ids: string[] | undefined, field: string, errors: FieldError[]): Promise<RecordRef[]> {
  const unique = [...new Set(ids ?? [])];
  const found = await refsByIds(db, type, unique);
  const missing = unique.filter((id) => !found.some((r) => r.id === id));
  if (missing.length) errors.push({ field, messageKey: 'katalog.registry.unknown_ids', params: { ids: missing.join(', ') } });
  return found;
}

/** Form inputs name records by key; turns them into ids or fails naming the unknown keys. */
export async function idsForKeys(db: Kysely<DB>, type: RoadmapTargetType, keys: string[], field: string, errors: FieldError[]): Promise<string[]> {
  if (keys.length === 0) return [];
  const found = await refsByKeys(db, type, keys);
  const missing = keys.filter((k) => !found.some((r) => r.key === k));
  if (missing.length) errors.push({ field, messageKey: 'katalog.registry.unknown_keys', params: { keys: missing.join(', ') } });
  return keys.map((k) => found.find((r) => r.key === k)?.id).filter((id): id is string => !!id);
}

export function throwIfAny(errors: FieldError[]): void {
  if (errors.length) throw validationError(errors);
}
