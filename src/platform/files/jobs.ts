import type { Deps } from '../deps.ts';
import type { JobQueue } from '../jobs/index.ts';
import { purgeDeletedFiles } from './use-cases/purge-files.ts';

export const PURGE_JOB = 'files.purge';

/** Daily purge of deleted files' bytes (and stale temporary uploads), in whichever process runs jobs. */
export async function registerFileJobs(queue: JobQueue, deps: Deps): Promise<void> {
  await queue.work(PURGE_JOB, async () => {
    const result = await purgeDeletedFiles(deps);
    if (result.purged || result.failed || result.staleTemporary) deps.logger.info(result, 'deleted files purged');
  });
  await queue.schedule(PURGE_JOB, '17 2 * * *');
}
