import type { Deps } from '../../platform/deps.ts';
import type { JobQueue } from '../../platform/jobs/index.ts';
import type { LaporAdapter } from './lapor/adapter.ts';
import { forwardToLapor } from './use-cases/forward-to-lapor.ts';
import { runSweep, type SweepResult } from './use-cases/run-sweep.ts';

export const SWEEP_JOB = 'aduan.sweep';
export const LAPOR_JOB = 'aduan.lapor-forward';

/** What the module's routes and jobs share: the SP4N-LAPOR! adapter and how work is started. */
export interface AduanRuntime {
  lapor: LaporAdapter | null;
  /** Hands a report to SP4N-LAPOR!: as a job when this process has a queue, else right away. */
  forward(reportId: string): Promise<void>;
  sweep(): Promise<SweepResult>;
}

export function createRuntime(deps: Deps, lapor: LaporAdapter | null, queue: () => JobQueue | undefined): AduanRuntime {
  return {
    lapor,
    async forward(reportId) {
      const jobs = queue();
      if (jobs) await jobs.send(LAPOR_JOB, { reportId }, { singletonKey: reportId });
      else await forwardToLapor(deps, lapor, reportId);
    },
    sweep: () => runSweep(deps, lapor),
  };
}

/** Workers: the periodic sweep (overdue flags, automatic closing, forwarding retries) and forwarding. */
export async function registerAduanJobs(queue: JobQueue, deps: Deps, lapor: LaporAdapter | null, cron: string): Promise<void> {
  await queue.work(SWEEP_JOB, async () => {
    const result = await runSweep(deps, lapor);
    if (result.autoClosed || result.flagged || result.forwarded) deps.logger.info(result, 'aduan sweep');
  });
  await queue.schedule(SWEEP_JOB, cron);
  await queue.work<{ reportId: string }>(LAPOR_JOB, async ({ reportId }) => void (await forwardToLapor(deps, lapor, reportId)));
}
