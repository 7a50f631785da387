import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { FieldError } from '../../http/errors.ts';
import { regionExists, subtreeIds } from '../repo.ts';

/** Checks that need the database: the region is known and the parent is an active agency outside this one's subtree. */
export async function checkOpdReferences(db: Kysely<DB>, input: { regionCode?: string; parentId?: string | null }, selfId?: string): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  if (input.regionCode !== undefined && !(await regionExists(db, input.regionCode))) errors.push({ field: 'regionCode', messageKey: 'opd.unknown_region' });
  if (input.parentId) {
    const parent = await db.selectFrom('opd').select(['id', 'active']).where('id', '=', input.parentId).executeTakeFirst();
    if (!parent || !parent.active) errors.push({ field: 'parentId', messageKey: 'opd.unknown_parent' });
    else if (selfId && (await subtreeIds(db, selfId)).includes(input.parentId)) errors.push({ field: 'parentId', messageKey: 'opd.parent_cycle' });
  }
  return errors;
}
