import type { Deps } from '../../../platform/deps.ts';
import type { JobQueue } from '../../../platform/jobs/index.ts';
import { recordAudit } from '../../../platform/audit/record-audit.ts';
import * as repo from './repo.ts';

export const PURGE_BODIES_JOB = 'gerbang.evidence.purge-bodies';
const CHUNK = 5000;

/**
 * Deletes kept bodies older than PADU_EVIDENCE_BODY_DAYS. The evidence holds only the bodies'
 * hashes, so the log verifies as before; the detail page then shows the body as purged.
 * Records themselves are kept (PADU_EVIDENCE_KEEP_YEARS is their documented retention).
 */
export async function purgeExpiredBodies(deps: Pick<Deps, 'db' | 'clock' | 'config'>, bodyDays = deps.config.evidence.bodyDays): Promise<number> {
  if (bodyDays <= 0) return 0;
  const before = new Date(deps.clock.now().getTime() - bodyDays * 86_400_000);
  let total = 0;
  for (;;) {
    const deleted = await repo.deleteBodiesBefore(deps.db, before, CHUNK);
    total += deleted;
    if (deleted < CHUNK) break;
  }
  if (total > 0) {
    await recordAudit(deps.db, deps.clock, { actor: null, system: `job:${PURGE_BODIES_JOB}` }, {
      action: 'gerbang.evidence.bodies_purged',
      targetType: 'gerbang_evidence_body',
      after: { count: total, storedBefore: before.toISOString(), bodyDays },
    });
  }
  return total;
}

/** Runs the purge every hour in whichever process runs jobs (and on demand with `send`). */
export async function registerEvidenceJobs(queue: JobQueue, deps: Pick<Deps, 'db' | 'clock' | 'config' | 'logger'>): Promise<void> {
  await queue.work(PURGE_BODIES_JOB, async () => {
    const purged = await purgeExpiredBodies(deps);
    if (purged) deps.logger.info({ purged }, 'evidence bodies past retention deleted');
  });
  await queue.schedule(PURGE_BODIES_JOB, '23 * * * *');
}
