import type { Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema.ts';
import type { Deps } from '../../../platform/deps.ts';
import { workingCalendar, type WorkingCalendar } from '../../../platform/calendar/index.ts';
import type { RequestStatus } from '../db.ts';
import { clockOf, setClock } from './repo.ts';

/**
 * Deadlines of online requests in working days (hari kerja, src/platform/calendar): the due day
 * at submission, working days left, "due soon" and "overdue", and the stopped clock while the
 * citizen fixes something (paused_since … resume: the due day moves later by the working days
 * spent waiting, kept in paused_working_days).
 */

/** "Due soon": this many working days left or fewer (and not yet overdue). */
export const DUE_SOON_WORKING_DAYS = 2;

/** Statuses in which the agency's clock runs (needs_fix: stopped, waiting for the citizen). */
export const CLOCK_RUNNING: readonly RequestStatus[] = ['submitted', 'in_review'];
/** Statuses of a request still with the agency or the citizen (not decided, not withdrawn). */
export const OPEN_STATUSES: readonly RequestStatus[] = ['submitted', 'in_review', 'needs_fix'];

type CalendarDeps = { db: Kysely<DB>; config: { timeZone: string; province: string } };

/** An instant inside `day` (YYYY-MM-DD) in the calendar's time zone. */
export function instantOnDay(calendar: WorkingCalendar, day: string): Date {
  const noonUtc = new Date(`${day}T12:00:00Z`);
  const local = calendar.localDay(noonUtc);
  if (local === day) return noonUtc;
  // Time zones far from UTC: step half a day towards the wanted date.
  return new Date(noonUtc.getTime() + (local < day ? 12 : -12) * 3_600_000);
}

/** The due day (local date) of a request submitted at `submittedAt` with an SLA of `slaWorkingDays`. */
export function dueDayAtSubmission(calendar: WorkingCalendar, submittedAt: Date, slaWorkingDays: number | null): string | null {
  if (!slaWorkingDays) return null;
  return calendar.localDay(calendar.addWorkingDays(submittedAt, slaWorkingDays));
}

/** `day` moved `workingDays` working days later (a due day after the clock stood still). */
export function moveDueDay(calendar: WorkingCalendar, day: string, workingDays: number): string {
  if (workingDays <= 0) return day;
  return calendar.localDay(calendar.addWorkingDays(instantOnDay(calendar, day), workingDays));
}

/**
 * Working days left until the end of `dueDay`, seen on `asOf`: 0 on the due day itself, negative
 * when overdue (−1 on the first working day after it). Days that are not working days do not count.
 */
export function workingDaysLeft(calendar: WorkingCalendar, dueDay: string, asOf: Date): number {
  const today = calendar.localDay(asOf);
  const due = instantOnDay(calendar, dueDay);
  if (today <= dueDay) return calendar.workingDaysBetween(asOf, due);
  return -calendar.workingDaysBetween(due, asOf);
}

export interface DeadlineFlags {
  /** Working days left (negative: overdue); null without a deadline or once decided. */
  daysLeft: number | null;
  dueSoon: boolean;
  overdue: boolean;
  /** The clock is stopped (waiting for the citizen). */
  paused: boolean;
}

/**
 * Flags of one request. While the clock is stopped the time left is counted at the moment it
 * stopped; decided and withdrawn requests have no flags.
 */
export function deadlineFlags(
  calendar: WorkingCalendar,
  r: { status: RequestStatus; due_day: string | null; paused_since: Date | string | null },
  now: Date,
): DeadlineFlags {
  const paused = r.status === 'needs_fix' && r.paused_since !== null;
  if (!r.due_day || !OPEN_STATUSES.includes(r.status)) return { daysLeft: null, dueSoon: false, overdue: false, paused: false };
  const asOf = paused ? new Date(r.paused_since!) : now;
  const daysLeft = workingDaysLeft(calendar, r.due_day, asOf);
  const overdue = calendar.localDay(asOf) > r.due_day && daysLeft < 0;
  return { daysLeft, overdue, dueSoon: !overdue && daysLeft <= DUE_SOON_WORKING_DAYS, paused };
}

/**
 * The last due day that is "due soon" from `now`: every due day up to it (and not before today)
 * has at most DUE_SOON_WORKING_DAYS working days left.
 */
export function dueSoonUntil(calendar: WorkingCalendar, now: Date): string {
  // The due day D has workingDaysBetween(today, D) <= 2 exactly when D is before the third
  // working day after today.
  const third = calendar.localDay(calendar.addWorkingDays(now, DUE_SOON_WORKING_DAYS + 1));
  const dayBefore = new Date(instantOnDay(calendar, third).getTime() - 86_400_000);
  return calendar.localDay(dayBefore);
}

/** Stops the clock: the request waits for the citizen from `now`. Call inside the caller's transaction. */
export async function pauseClock(tx: Kysely<DB>, requestId: string, now: Date): Promise<void> {
  const row = await clockOf(tx, requestId);
  if (row && !row.paused_since) await setClock(tx, requestId, { due_day: row.due_day, paused_since: now, paused_working_days: row.paused_working_days });
}

export interface ResumedClock {
  /** Working days the clock stood still this time. */
  pausedDays: number;
  dueDay: string | null;
}

/**
 * Restarts the clock when the citizen sends the fixed request back: the due day moves later by
 * the working days spent waiting (from the local day the fix was asked for, exclusive, to `now`'s,
 * inclusive), which add to paused_working_days. Nothing happens when the clock is running.
 * For the requests part (resubmission): call it inside your transaction, with the row locked.
 */
export async function resumeClock(tx: Kysely<DB>, deps: { db?: Kysely<DB>; config: { timeZone: string; province: string } }, requestId: string, now: Date): Promise<ResumedClock> {
  const row = await clockOf(tx, requestId);
  if (!row || !row.paused_since) return { pausedDays: 0, dueDay: row?.due_day ?? null };
  const calendar = await workingCalendar({ db: deps.db ?? tx, config: deps.config });
  const pausedDays = calendar.workingDaysBetween(new Date(row.paused_since), now);
  const dueDay = row.due_day ? moveDueDay(calendar, row.due_day, pausedDays) : null;
  await setClock(tx, requestId, { paused_since: null, paused_working_days: row.paused_working_days + pausedDays, due_day: dueDay });
  return { pausedDays, dueDay };
}

/** The province's working calendar (cached; see src/platform/calendar). */
export function calendarFor(deps: Pick<Deps, 'db' | 'config'> | CalendarDeps): Promise<WorkingCalendar> {
  return workingCalendar(deps);
}
