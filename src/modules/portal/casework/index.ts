import type { FastifyPluginAsync } from 'fastify';
import type { Deps } from '../../../platform/deps.ts';
import type { JobQueue } from '../../../platform/jobs/index.ts';
import type { PaduModule } from '../../../platform/http/app.tsx';
import { registerOpdMergeHandler } from '../../../platform/org/index.ts';
import { moveAgencyRequests } from './repo.ts';
import { caseworkRoutes } from './routes.tsx';
import { escalateOverdue, listOverdueRequests } from './use-cases/escalate-overdue.ts';
import './messages.ts';

/**
 * Officers' side of online requests: the work queue, case actions, working-day deadlines and
 * their escalation, and the staff form editor. The portal module registers these.
 */
registerOpdMergeHandler('portal.requests', (tx, merge) => moveAgencyRequests(tx, merge.fromId, merge.toId));

export const ESCALATION_JOB = 'portal.escalate-overdue';

export function caseworkPlugin(): FastifyPluginAsync {
  return async (app) => {
    await app.register(caseworkRoutes(app.padu.deps));
  };
}

/** Escalation every 30 minutes (idempotent: each overdue request is escalated once). */
export async function registerCaseworkJobs(queue: JobQueue, deps: Deps): Promise<void> {
  await queue.work(ESCALATION_JOB, async () => {
    const result = await escalateOverdue(deps);
    if (result.escalated) deps.logger.info(result, 'portal escalation');
  });
  await queue.schedule(ESCALATION_JOB, '*/30 * * * *');
}

export const caseworkCli: NonNullable<PaduModule['cli']> = {
  overdue: {
    summary: 'List overdue requests (every agency) as JSON',
    help: 'Usage: padu portal overdue\n\nPrints the submitted requests whose working-day deadline has passed, with their agency and whether they were escalated, as JSON.\n',
    async run(_args, ctx) {
      const rows = await ctx.withDeps((deps) => listOverdueRequests(deps));
      ctx.stdout.write(`${JSON.stringify(rows)}\n`);
      return 0;
    },
  },
  escalate: {
    summary: 'Escalate overdue requests to their agency admins now (once per request)',
    help: 'Usage: padu portal escalate\n\nRuns the escalation job once and prints what it did as JSON. The job queue runs it every 30 minutes.\n',
    async run(_args, ctx) {
      const result = await ctx.withDeps((deps) => escalateOverdue(deps));
      ctx.stdout.write(`${JSON.stringify(result)}\n`);
      return 0;
    },
  },
};

export { resumeClock, pauseClock, dueDayAtSubmission, deadlineFlags, workingDaysLeft, DUE_SOON_WORKING_DAYS } from './deadline.ts';
export { escalateOverdue, listOverdueRequests } from './use-cases/escalate-overdue.ts';
