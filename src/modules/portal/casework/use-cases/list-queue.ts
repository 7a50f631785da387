import type { Deps } from '../../../../platform/deps.ts';
import type { Actor } from '../../../../platform/auth/actor.ts';
import type { RequestStatus } from '../../db.ts';
import { calendarFor, deadlineFlags, dueSoonUntil, type DeadlineFlags } from '../deadline.ts';
import { queueScope, refuseUnlessCaseStaff } from '../policy.ts';
import { listQueue as listRows, type QueueRow } from '../repo.ts';
import { userIdOf } from './common.ts';

export const QUEUE_PAGE_SIZE = 50;

export interface QueueInput {
  serviceId?: string;
  status?: RequestStatus;
  assignee?: 'me' | 'none';
  flag?: 'due_soon' | 'overdue';
  sort?: 'due' | 'submitted';
  page: number;
}

export type QueueItem = QueueRow & { flags: DeadlineFlags };

/** The officer's work queue: submitted requests of their agencies, soonest deadline first. */
export async function listQueue(deps: Pick<Deps, 'db' | 'clock' | 'config'>, actor: Actor | null, input: QueueInput): Promise<{ items: QueueItem[]; hasNext: boolean }> {
  refuseUnlessCaseStaff(actor);
  const calendar = await calendarFor(deps);
  const now = deps.clock.now();
  const rows = await listRows(deps.db, {
    opdIds: queueScope(actor),
    serviceId: input.serviceId,
    status: input.status,
    assignee: input.assignee,
    userId: userIdOf(actor),
    flag: input.flag,
    today: calendar.localDay(now),
    dueSoonUntil: dueSoonUntil(calendar, now),
    sort: input.sort ?? 'due',
    limit: QUEUE_PAGE_SIZE + 1,
    offset: (input.page - 1) * QUEUE_PAGE_SIZE,
  });
  return {
    items: rows.slice(0, QUEUE_PAGE_SIZE).map((r) => ({ ...r, flags: deadlineFlags(calendar, r, now) })),
    hasNext: rows.length > QUEUE_PAGE_SIZE,
  };
}
