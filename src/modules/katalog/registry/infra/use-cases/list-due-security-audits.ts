import type { Deps } from '../../../../../platform/deps.ts';
import type { Actor } from '../../../../../platform/auth/actor.ts';
import { katalogPolicy } from '../../../policy.ts';
import { ensureKatalogReader } from '../../checks.ts';
import { addDays, daysBetween, localDate } from '../../shared.ts';
import { dueSecurityAudits } from '../repo.ts';
import { UPCOMING_DAYS } from '../security-due.ts';

/**
 * Apps and infrastructure whose latest security audit is overdue, or falls due within the next
 * 90 days, for the agencies the actor may read (optionally one of them).
 */
export async function listDueSecurityAudits(deps: Pick<Deps, 'db' | 'clock' | 'config'>, actor: Actor | null, filter: { opdId?: string }) {
  ensureKatalogReader(actor);
  const today = localDate(deps.clock.now(), deps.config.timeZone);
  const until = addDays(today, UPCOMING_DAYS);
  const rows = await dueSecurityAudits(deps.db, { until, opdIds: katalogPolicy.readableOpdIds(actor), opdId: filter.opdId });
  const items = rows.map((r) => ({ ...r, daysLeft: daysBetween(today, r.next_due) }));
  return { today, until, overdue: items.filter((r) => r.next_due < today), upcoming: items.filter((r) => r.next_due >= today) };
}

export type DueAudit = Awaited<ReturnType<typeof listDueSecurityAudits>>['overdue'][number];
