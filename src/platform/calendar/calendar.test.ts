import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from '../../../test/support/db.ts';
import { Client, createTestApp, createUser, type TestApp } from '../../../test/support/app.ts';
import { createWorkingCalendar, workingCalendar } from './index.ts';

const jakarta = (local: string) => new Date(`${local}+07:00`);

describe('working-day arithmetic', () => {
  const cal = createWorkingCalendar(
    [
      { day: '2025-03-28', kind: 'cuti_bersama', name: 'Cuti Bersama Nyepi' },
      { day: '2025-03-31', kind: 'libur_nasional', name: 'Idul Fitri' },
      { day: '2025-04-01', kind: 'libur_nasional', name: 'Idul Fitri' },
      { day: '2025-04-02', kind: 'cuti_bersama', name: 'Cuti Bersama Idul Fitri' },
      { day: '2025-04-03', kind: 'cuti_bersama', name: 'Cuti Bersama Idul Fitri' },
      { day: '2025-04-04', kind: 'cuti_bersama', name: 'Cuti Bersama Idul Fitri' },
      { day: '2025-04-07', kind: 'cuti_bersama', name: 'Cuti Bersama Idul Fitri' },
    ],
    { timeZone: 'Asia/Jakarta' },
  );

  test('counting starts the day after receipt and ends at the end of the last working day, local time', () => {
    // Monday 10:00 + 3 working days = end of Thursday in Jakarta.
    assert.equal(cal.addWorkingDays(jakarta('2025-02-03T10:00:00'), 3).toISOString(), '2025-02-06T16:59:59.999Z');
    // Friday + 1 = end of Monday; Saturday + 3 = end of Wednesday.
    assert.equal(cal.localDay(cal.addWorkingDays(jakarta('2025-02-07T16:00:00'), 1)), '2025-02-10');
    assert.equal(cal.localDay(cal.addWorkingDays(jakarta('2025-02-08T09:00:00'), 3)), '2025-02-12');
    // 23:30 UTC on Sunday is already Monday in Jakarta.
    assert.equal(cal.localDay(cal.addWorkingDays(new Date('2025-02-09T23:30:00Z'), 1)), '2025-02-11');
    assert.equal(cal.addWorkingDays(jakarta('2025-02-03T10:00:00'), 0).toISOString(), '2025-02-03T16:59:59.999Z');
  });

  test('national holidays and collective leave are skipped: Lebaran 2025 eats two weeks', () => {
    // Thursday 27 March + 1 → Friday 28 is cuti bersama, 31 March–7 April closed → Tuesday 8 April.
    assert.equal(cal.localDay(cal.addWorkingDays(jakarta('2025-03-27T08:00:00'), 1)), '2025-04-08');
    assert.equal(cal.localDay(cal.addWorkingDays(jakarta('2025-03-27T08:00:00'), 5)), '2025-04-14');
    assert.equal(cal.closedBecause('2025-04-02'), 'Cuti Bersama Idul Fitri');
    assert.equal(cal.closedBecause('2025-04-05'), 'weekend');
    assert.equal(cal.closedBecause('2025-04-08'), null);
    assert.equal(cal.workingDaysBetween(jakarta('2025-03-27T08:00:00'), jakarta('2025-04-14T09:00:00')), 5);
    assert.equal(cal.workingDaysBetween(jakarta('2025-04-14T09:00:00'), jakarta('2025-03-27T08:00:00')), 0);
  });

  test('a province may count cuti bersama as working days', () => {
    const open = createWorkingCalendar([{ day: '2025-04-02', kind: 'cuti_bersama', name: 'Cuti Bersama' }], { timeZone: 'Asia/Jakarta', cutiBersamaIsWorking: true });
    assert.equal(open.isWorkingDay('2025-04-02'), true);
    assert.throws(() => open.addWorkingDays(new Date(), -1), RangeError);
  });
});

for (const engine of engines()) {
  describe(`calendar on ${engine}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(engine);
      await createUser(t.deps, { email: 'admin@jatimprov.go.id', roles: [{ role: 'admin' }] });
      await createUser(t.deps, { email: 'admin@kominfo.go.id', roles: [{ role: 'admin_opd', opd: 'diskominfo' }] });
    });
    after(() => t.close());

    test('the reference holidays 2025–2027 are loaded and used', async () => {
      const cal = await workingCalendar(t.deps);
      assert.deepEqual(cal.coverage, { from: 2025, to: 2027 });
      assert.equal(cal.isWorkingDay('2026-08-17'), false, 'Hari Kemerdekaan');
      assert.equal(cal.isWorkingDay('2025-12-25'), false);
      const res = await new Client(t.app).getJson('/api/v1/calendar/deadline?from=2025-12-24T09:00:00%2B07:00&days=2');
      assert.equal(res.statusCode, 200, res.body);
      // 25 Dec holiday, 26 Dec cuti bersama, weekend → Monday 29, Tuesday 30.
      assert.equal(res.json().localDay, '2025-12-30');
    });

    test('admins add a regional holiday; it moves deadlines; agency admins cannot', async () => {
      const admin = new Client(t.app);
      await admin.signIn('admin@jatimprov.go.id');
      const other = new Client(t.app);
      await other.signIn('admin@kominfo.go.id');
      assert.equal((await other.send('POST', '/api/v1/calendar/days', { day: '2026-10-14', name: 'Hari Jadi Provinsi' })).statusCode, 403);
      const bad = await admin.send('POST', '/api/v1/calendar/days', { day: '2026-02-30', name: 'X' });
      assert.equal(bad.statusCode, 400);
      const ok = await admin.send('POST', '/api/v1/calendar/days', { day: '2026-10-13', name: 'Libur daerah (uji)' });
      assert.equal(ok.statusCode, 201, ok.body);
      const res = await admin.getJson('/api/v1/calendar/deadline?from=2026-10-12T09:00:00%2B07:00&days=1');
      assert.equal(res.json().localDay, '2026-10-14');
      const audit = await t.deps.db.selectFrom('audit_log').select('action').where('action', '=', 'calendar.day_added').execute();
      assert.equal(audit.length, 1);
      const list = (await new Client(t.app).getJson('/api/v1/calendar/days?year=2026')).json().items;
      assert.ok(list.some((d: { day: string; kind: string }) => d.day === '2026-10-13' && d.kind === 'libur_daerah'));
    });
  });
}
