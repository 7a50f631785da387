import fs from 'node:fs';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { REFERENCE_DIR } from '../reference/load-reference-data.ts';
import { parseCsvRecords } from '../text/csv.ts';

/**
 * Working days for deadlines that regulations state in hari kerja: Monday to Friday, minus
 * national holidays, collective leave (cuti bersama, unless the province decides otherwise) and
 * regional holidays. Days are calendar dates in the province's time zone.
 */
export interface WorkingCalendar {
  readonly timeZone: string;
  /** First and last year the holiday data covers; outside it only weekends are known. */
  readonly coverage: { from: number; to: number } | null;
  /** `YYYY-MM-DD` of an instant in the calendar's time zone. */
  localDay(at: Date): string;
  isWorkingDay(day: string): boolean;
  /** Why a day is not a working day (`weekend` or the holiday's name), or null. */
  closedBecause(day: string): string | null;
  /**
   * The deadline `days` working days after `from`: the end (23:59:59.999 local) of the `days`-th
   * working day counted from the day after `from`'s local day. So a report received on Monday
   * with 3 days is due at the end of Thursday, and one received on Saturday at the end of Wednesday.
   */
  addWorkingDays(from: Date, days: number): Date;
  /** Working days after `from`'s local day up to and including `to`'s local day (0 when `to` is not later). */
  workingDaysBetween(from: Date, to: Date): number;
}

export interface CalendarDay {
  day: string;
  kind: 'libur_nasional' | 'cuti_bersama' | 'libur_daerah';
  name: string;
}

export interface CalendarOptions {
  timeZone: string;
  /** Count cuti bersama as working days (a local policy choice; default false). */
  cutiBersamaIsWorking?: boolean;
}

const DAY_MS = 86_400_000;

function toUtcMidnight(day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
}
function fromUtcMidnight(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The offset of `timeZone` at `at`, in ms (positive east of UTC). */
function offsetAt(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

export function createWorkingCalendar(days: readonly CalendarDay[], options: CalendarOptions): WorkingCalendar {
  const closed = new Map<string, string>();
  for (const d of days) {
    if (d.kind === 'cuti_bersama' && options.cutiBersamaIsWorking) continue;
    if (!closed.has(d.day)) closed.set(d.day, d.name);
  }
  const years = days.map((d) => Number(d.day.slice(0, 4)));
  const coverage = years.length ? { from: Math.min(...years), to: Math.max(...years) } : null;
  const tz = options.timeZone;
  const localDayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' });

  const calendar: WorkingCalendar = {
    timeZone: tz,
    coverage,
    localDay: (at) => localDayFormat.format(at),
    closedBecause(day) {
      const weekday = new Date(toUtcMidnight(day)).getUTCDay();
      if (weekday === 0 || weekday === 6) return 'weekend';
      return closed.get(day) ?? null;
    },
    isWorkingDay: (day) => calendar.closedBecause(day) === null,
    addWorkingDays(from, count) {
      if (!Number.isInteger(count) || count < 0) throw new RangeError(`working days must be a whole number >= 0, got ${count}`);
      let ms = toUtcMidnight(calendar.localDay(from));
      let left = count;
      while (left > 0) {
        ms += DAY_MS;
        if (calendar.isWorkingDay(fromUtcMidnight(ms))) left--;
      }
      // End of that local day, as an instant.
      const endLocal = ms + DAY_MS - 1;
      const guess = new Date(endLocal);
      return new Date(endLocal - offsetAt(guess, tz));
    },
    workingDaysBetween(from, to) {
      const start = toUtcMidnight(calendar.localDay(from));
      const end = toUtcMidnight(calendar.localDay(to));
      let n = 0;
      for (let ms = start + DAY_MS; ms <= end; ms += DAY_MS) if (calendar.isWorkingDay(fromUtcMidnight(ms))) n++;
      return n;
    },
  };
  return calendar;
}

/** Loads the holidays in reference/holidays-id.csv that are missing; days admins added stay. */
export async function loadHolidayReference(db: Kysely<DB>, now: Date, file = path.join(REFERENCE_DIR, 'holidays-id.csv')): Promise<number> {
  const rows = parseCsvRecords(fs.readFileSync(file, 'utf8'), ['date', 'name', 'kind']).map((r) => ({
    day: r.date!,
    kind: r.kind as CalendarDay['kind'],
    name: r.name!,
    province: null,
    confidence: r.confidence || null,
    created_at: now,
  }));
  if (rows.length === 0) return 0;
  const result = await db.insertInto('calendar_day').values(rows).onConflict((oc) => oc.columns(['day', 'kind', 'name']).doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

export async function listCalendarDays(db: Kysely<DB>, province: string): Promise<CalendarDay[]> {
  const rows = await sql<{ day: string; kind: CalendarDay['kind']; name: string }>`
    SELECT to_char(day, 'YYYY-MM-DD') AS day, kind, name FROM calendar_day
    WHERE province IS NULL OR province = ${province} ORDER BY day`.execute(db);
  return rows.rows;
}

// One calendar per database handle, reloaded at most once a minute so several processes pick up
// days an admin added.
const cache = new WeakMap<object, { calendar: WorkingCalendar; loadedAt: number }>();

export async function workingCalendar(deps: { db: Kysely<DB>; config: { timeZone: string; province: string } }, options: { maxAgeMs?: number } = {}): Promise<WorkingCalendar> {
  const hit = cache.get(deps.db);
  if (hit && Date.now() - hit.loadedAt < (options.maxAgeMs ?? 60_000)) return hit.calendar;
  const calendar = createWorkingCalendar(await listCalendarDays(deps.db, deps.config.province), { timeZone: deps.config.timeZone });
  cache.set(deps.db, { calendar, loadedAt: Date.now() });
  return calendar;
}

export function forgetCalendar(db: object): void {
  cache.delete(db);
}
