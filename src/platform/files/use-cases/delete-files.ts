import type { Kysely } from 'kysely';
import type { Deps, Clock } from '../../deps.ts';
import type { DB } from '../../db/schema.ts';
import { recordAudit, recordAudits, type AuditContext } from '../../audit/record-audit.ts';
import { AppError } from '../../http/errors.ts';
import type { StoredFile } from '../contract.ts';
import { findLiveFile, markDeleted, markPurged, toStoredFile } from '../repo.ts';
import { storageFor } from '../storage/index.ts';

/**
 * Marks files deleted inside the caller's transaction (a module deleting a record and its
 * attachments together), with one audit row each. The bytes stay until the purge job removes
 * them `PADU_FILES_PURGE_DAYS` later, so a mistaken deletion can still be undone by an operator.
 */
export async function markFilesDeleted(tx: Kysely<DB>, clock: Clock, audit: AuditContext, fileIds: readonly string[]): Promise<number> {
  if (fileIds.length === 0) return 0;
  const rows = await markDeleted(tx, fileIds, clock.now());
  await recordAudits(
    tx,
    clock,
    audit,
    rows.map((r) => ({ action: 'file.deleted', targetType: 'file', targetId: r.id, opdId: r.opd_id, before: { purpose: r.purpose, name: r.name, sha256: r.sha256 } })),
  );
  return rows.length;
}

/** Deletes one file if `allow` (the owning module's decision) says so; others' files are not found. */
export async function deleteFile(
  deps: Pick<Deps, 'db' | 'clock'>,
  audit: AuditContext,
  fileId: string,
  allow: (file: StoredFile) => boolean | Promise<boolean>,
): Promise<void> {
  const row = /^[0-9a-f-]{36}$/i.test(fileId) ? await findLiveFile(deps.db, fileId) : undefined;
  if (!row || !(await allow(toStoredFile(row)))) throw new AppError('not_found', 'error.not_found');
  await deps.db.transaction().execute((tx) => markFilesDeleted(tx, deps.clock, audit, [fileId]));
}

/**
 * Removes files at once, bytes included: uploads of a form that was then refused, which no record
 * ever pointed to. Audited like any deletion.
 */
export async function discardFiles(deps: Pick<Deps, 'db' | 'clock' | 'config'>, audit: AuditContext, files: readonly StoredFile[]): Promise<void> {
  if (files.length === 0) return;
  const now = deps.clock.now();
  const rows = await deps.db.transaction().execute(async (tx) => {
    const deleted = await markDeleted(tx, files.map((f) => f.id), now);
    for (const r of deleted) {
      await recordAudit(tx, deps.clock, audit, { action: 'file.discarded', targetType: 'file', targetId: r.id, opdId: r.opd_id, before: { purpose: r.purpose, name: r.name } });
    }
    return deleted;
  });
  for (const row of rows) {
    await storageFor(deps.config, row.storage).delete(row.storage_key);
    await markPurged(deps.db, row.id, now);
  }
}
