import type { Deps } from '../../../../platform/deps.ts';
import type { Actor } from '../../../../platform/auth/actor.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import { katalogPolicy } from '../../policy.ts';
import { getApp } from '../../use-cases/get-app.ts';
import { localDate } from '../metrics.ts';
import { decisionsForApp, searchDecisions, type DecisionStatusFilter } from '../repo.ts';

export const DECISION_PAGE_SIZE = 50;

/** Decisions on the apps this actor may read: open ones by target date, or overdue, done, cancelled. */
export async function listDecisions(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  actor: Actor | null,
  filter: { opdId?: string; status: DecisionStatusFilter; page: number },
) {
  const opdIds = katalogPolicy.readableOpdIds(actor);
  ensure(actor, opdIds === 'all' || opdIds.length > 0);
  const today = localDate(deps.clock.now(), deps.config.timeZone);
  const rows = await searchDecisions(deps.db, { opdIds, opdId: filter.opdId, status: filter.status, today, limit: DECISION_PAGE_SIZE + 1, offset: (filter.page - 1) * DECISION_PAGE_SIZE });
  return { items: rows.slice(0, DECISION_PAGE_SIZE), hasNext: rows.length > DECISION_PAGE_SIZE, today };
}

/** Every decision about one app, newest first. */
export async function listAppDecisions(deps: Pick<Deps, 'db'>, actor: Actor | null, appId: string) {
  const app = await getApp(deps, actor, appId);
  return { app, items: await decisionsForApp(deps.db, app.id) };
}
