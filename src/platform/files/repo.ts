import type { Kysely, Selectable } from 'kysely';
import type { DB, StoredFileTable } from '../db/schema.ts';
import type { StoredFile } from './contract.ts';

/** The only SQL for files: their metadata rows. */
export type StoredFileRow = Selectable<StoredFileTable>;

export function toStoredFile(row: StoredFileRow): StoredFile {
  return {
    id: row.id,
    purpose: row.purpose,
    name: row.name,
    contentType: row.content_type,
    size: Number(row.size),
    sha256: row.sha256,
    opdId: row.opd_id,
    uploadedBy: row.uploaded_by,
    createdAt: row.created_at,
  };
}

export async function insertFile(db: Kysely<DB>, row: Omit<StoredFileRow, 'size' | 'deleted_at' | 'purged_at'> & { size: number }): Promise<void> {
  await db.insertInto('stored_file').values(row).execute();
}

/** A file that has not been deleted. */
export function findLiveFile(db: Kysely<DB>, id: string) {
  return db.selectFrom('stored_file').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
}

export async function findLiveFiles(db: Kysely<DB>, ids: readonly string[]): Promise<StoredFileRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('stored_file').selectAll().where('id', 'in', [...ids]).where('deleted_at', 'is', null).execute();
}

/** Marks files deleted; returns the rows that were live before. */
export function markDeleted(db: Kysely<DB>, ids: readonly string[], at: Date) {
  return db
    .updateTable('stored_file')
    .set({ deleted_at: at })
    .where('id', 'in', [...ids])
    .where('deleted_at', 'is', null)
    .returning(['id', 'purpose', 'name', 'sha256', 'opd_id', 'storage', 'storage_key'])
    .execute();
}

export async function markPurged(db: Kysely<DB>, id: string, at: Date): Promise<void> {
  await db.updateTable('stored_file').set({ purged_at: at }).where('id', '=', id).execute();
}

/** Deleted files whose bytes are still stored, deleted before `before`, oldest first. */
export function filesToPurge(db: Kysely<DB>, before: Date, limit: number) {
  return db
    .selectFrom('stored_file')
    .select(['id', 'purpose', 'opd_id', 'storage', 'storage_key', 'deleted_at'])
    .where('deleted_at', '<=', before)
    .where('purged_at', 'is', null)
    .orderBy('deleted_at')
    .limit(limit)
    .execute();
}

/** Files whose bytes should be in storage, in id order after `afterId` (for `padu files verify`). */
export function storedFilesPage(db: Kysely<DB>, afterId: string | null, limit: number) {
  let query = db.selectFrom('stored_file').select(['id', 'name', 'size', 'sha256', 'storage', 'storage_key']).where('purged_at', 'is', null);
  if (afterId) query = query.where('id', '>', afterId);
  return query.orderBy('id').limit(limit).execute();
}
