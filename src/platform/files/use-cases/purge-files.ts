import fs from 'node:fs';
import path from 'node:path';
import type { Deps } from '../../deps.ts';
import { recordAudit } from '../../audit/record-audit.ts';
import { filesToPurge, markPurged } from '../repo.ts';
import { storageFor, tempDir } from '../storage/index.ts';

const DAY = 24 * 60 * 60 * 1000;

export interface PurgeResult {
  purged: number;
  failed: number;
  /** Temporary files of uploads that never finished (a crash mid-upload), removed. */
  staleTemporary: number;
}

/**
 * Removes the bytes of files deleted more than `PADU_FILES_PURGE_DAYS` ago (the metadata row
 * stays, with `purged_at`, so audit rows and references keep their target), and temporary files
 * older than a day. Run daily by the `files.purge` job and by `padu files purge`.
 */
export async function purgeDeletedFiles(deps: Pick<Deps, 'db' | 'clock' | 'config' | 'logger'>, options: { batch?: number } = {}): Promise<PurgeResult> {
  const now = deps.clock.now();
  const before = new Date(now.getTime() - deps.config.files.purgeAfterDays * DAY);
  const result: PurgeResult = { purged: 0, failed: 0, staleTemporary: 0 };
  const batch = options.batch ?? 500;
  const failedIds = new Set<string>();
  for (;;) {
    const rows = (await filesToPurge(deps.db, before, batch + failedIds.size)).filter((r) => !failedIds.has(r.id));
    if (rows.length === 0) break;
    for (const row of rows) {
      try {
        await storageFor(deps.config, row.storage).delete(row.storage_key);
        await deps.db.transaction().execute(async (tx) => {
          await markPurged(tx, row.id, now);
          await recordAudit(tx, deps.clock, { actor: null, system: 'job:files.purge' }, { action: 'file.purged', targetType: 'file', targetId: row.id, opdId: row.opd_id });
        });
        result.purged++;
      } catch (error) {
        // One unreachable object must not stop the rest; it is tried again tomorrow.
        deps.logger.error({ err: error, fileId: row.id }, 'cannot purge deleted file');
        failedIds.add(row.id);
        result.failed++;
      }
    }
    if (rows.length < batch) break;
  }
  result.staleTemporary = await removeStaleTemporary(tempDir(deps.config), now.getTime() - DAY);
  return result;
}

async function removeStaleTemporary(dir: string, olderThan: number): Promise<number> {
  let names: string[];
  try {
    names = await fs.promises.readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const file = path.join(dir, name);
    const stat = await fs.promises.stat(file).catch(() => undefined);
    if (stat?.isFile() && stat.mtimeMs < olderThan) {
      await fs.promises.rm(file, { force: true });
      removed++;
    }
  }
  return removed;
}
