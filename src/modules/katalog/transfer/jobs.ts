import type { Deps } from '../../../platform/deps.ts';
import type { JobQueue } from '../../../platform/jobs/index.ts';
import { runImport } from './use-cases/run-import.ts';

/** The queue large imports run on; any process that runs jobs may pick them up. */
export const IMPORT_JOB = 'katalog.import';

export async function registerImportJobs(queue: JobQueue, deps: Deps): Promise<void> {
  // runImport records its own failures in the import's report, so a job fails only when the
  // process dies; pg-boss then retries it, and runImport starts that import over.
  await queue.work<{ importId: string }>(IMPORT_JOB, async ({ importId }) => runImport(deps, importId));
}

export function enqueueImport(queue: JobQueue) {
  return async (importId: string) => void (await queue.send(IMPORT_JOB, { importId }, { singletonKey: importId }));
}
