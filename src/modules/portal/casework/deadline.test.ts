import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createWorkingCalendar, type CalendarDay } from '../../../platform/calendar/index.ts';
import { REFERENCE_DIR } from '../../../platform/reference/load-reference-data.ts';
import { parseCsvRecords } from '../../../platform/text/csv.ts';
import { deadlineFlags, dueDayAtSubmission, dueSoonUntil, moveDueDay, workingDaysLeft } from './deadline.ts';

/** The province's real calendar: reference/holidays-id.csv (national holidays and cuti bersama). */
const days: CalendarDay[] = parseCsvRecords(fs.readFileSync(path.join(REFERENCE_DIR, 'holidays-id.csv'), 'utf8'), ['date', 'name', 'kind']).map((r) => ({ day: r.date!, kind: r.kind as CalendarDay['kind'], name: r.name! }));
const cal = createWorkingCalendar(days, { timeZone: 'Asia/Jakarta' });
const wib = (local: string) => new Date(`${local}+07:00`);

describe('request deadlines in working days (reference holidays)', () => {
  test('a request submitted just before Idul Fitri 2026: Nyepi, Lebaran and cuti bersama do not count', () => {
    // Tuesday 17 March 2026. Closed: 18 (cuti Nyepi), 19 (Nyepi), 20 (cuti Idul Fitri), 21–22
    // (Idul Fitri, weekend), 23–24 (cuti). Working again Wednesday 25 March.
    const submitted = wib('2026-03-17T14:00:00');
    assert.equal(dueDayAtSubmission(cal, submitted, 1), '2026-03-25');
    assert.equal(dueDayAtSubmission(cal, submitted, 5), '2026-03-31');
    // 10 days: 25–27, 30–31 March, 1–2 April, Good Friday 3 April closed, 6–8 April.
    assert.equal(dueDayAtSubmission(cal, submitted, 10), '2026-04-08');
    assert.equal(dueDayAtSubmission(cal, submitted, null), null);
    // Late in the evening in Jakarta is still that day; after midnight WIB it is the next.
    assert.equal(dueDayAtSubmission(cal, new Date('2026-03-16T16:30:00Z'), 1), '2026-03-17');
    assert.equal(dueDayAtSubmission(cal, new Date('2026-03-16T17:30:00Z'), 1), '2026-03-25');
  });

  test('working days left: 0 on the due day, negative after it, holidays skipped both ways', () => {
    assert.equal(workingDaysLeft(cal, '2026-03-25', wib('2026-03-17T09:00:00')), 1);
    assert.equal(workingDaysLeft(cal, '2026-03-25', wib('2026-03-21T09:00:00')), 1, 'Idul Fitri: still one working day');
    assert.equal(workingDaysLeft(cal, '2026-03-25', wib('2026-03-25T16:00:00')), 0);
    assert.equal(workingDaysLeft(cal, '2026-03-25', wib('2026-03-26T08:00:00')), -1);
    // Due Tuesday 17 March; seen on Wednesday 25 March: only the 25th is a working day after it.
    assert.equal(workingDaysLeft(cal, '2026-03-17', wib('2026-03-25T08:00:00')), -1);
    assert.equal(workingDaysLeft(cal, '2026-03-17', wib('2026-03-27T08:00:00')), -3);
  });

  test('flags: due soon at two working days or fewer, overdue after the due day, stopped while waiting', () => {
    const open = (due: string) => ({ status: 'in_review' as const, due_day: due, paused_since: null });
    assert.deepEqual(deadlineFlags(cal, open('2026-03-31'), wib('2026-03-17T09:00:00')), { daysLeft: 5, dueSoon: false, overdue: false, paused: false });
    assert.deepEqual(deadlineFlags(cal, open('2026-03-26'), wib('2026-03-17T09:00:00')), { daysLeft: 2, dueSoon: true, overdue: false, paused: false });
    assert.deepEqual(deadlineFlags(cal, open('2026-03-17'), wib('2026-03-25T09:00:00')), { daysLeft: -1, dueSoon: false, overdue: true, paused: false });
    // While the citizen fixes something, time left is counted at the moment the clock stopped.
    const paused = { status: 'needs_fix' as const, due_day: '2026-03-26', paused_since: wib('2026-03-13T10:00:00') };
    assert.deepEqual(deadlineFlags(cal, paused, wib('2026-04-30T10:00:00')), { daysLeft: 4, dueSoon: false, overdue: false, paused: true });
    assert.deepEqual(deadlineFlags(cal, { status: 'approved', due_day: '2026-03-17', paused_since: null }, wib('2026-04-30T10:00:00')), { daysLeft: null, dueSoon: false, overdue: false, paused: false });
    // The queue's "due soon" window: due days up to the day before the third working day.
    assert.equal(dueSoonUntil(cal, wib('2026-03-17T09:00:00')), '2026-03-26');
    assert.equal(dueSoonUntil(cal, wib('2026-03-13T09:00:00')), '2026-03-24', 'up to Lebaran: 16 and 17 March are the two working days');
  });

  test('resuming the clock moves the due day by the working days spent waiting, across Lebaran', () => {
    // Due Monday 16 March; 4 working days of waiting move it past Nyepi and Idul Fitri.
    assert.equal(moveDueDay(cal, '2026-03-16', 4), '2026-03-27');
    assert.equal(moveDueDay(cal, '2026-03-16', 0), '2026-03-16');
    // Waiting from Friday 13 to Wednesday 25 March costs 3 working days: 16, 17 and 25.
    assert.equal(cal.workingDaysBetween(wib('2026-03-13T10:00:00'), wib('2026-03-25T10:00:00')), 3);
  });
});
