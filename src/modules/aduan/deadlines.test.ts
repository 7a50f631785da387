import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from '../../../test/support/db.ts';
import { createTestApp, createUser, type TestApp } from '../../../test/support/app.ts';
import { forgetCalendar } from '../../platform/calendar/index.ts';
import { loadDeadlines } from './deadlines.ts';
import { readComplaintSla } from './reference.ts';
import { changeSla } from './use-cases/manage-settings.ts';

/** Ends of local days in Asia/Jakarta (UTC+7): a deadline is the last millisecond of its day. */
const endOfWib = (day: string) => new Date(`${day}T16:59:59.999Z`);
const wib = (local: string) => new Date(`${local}+07:00`);

for (const engine of engines()) {
  describe(`aduan deadlines on ${engine} (real holidays and collective leave)`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(engine);
    });
    after(() => t.close());

    test('the reference deadlines are loaded: verify 3, follow-up 5, auto-close 10; tiers 2/5/14/60', async () => {
      const d = await loadDeadlines(t.deps);
      assert.deepEqual(d.sla.steps, { verify: 3, follow_up: 5, auto_close: 10 });
      assert.deepEqual([...d.sla.tiers].map(([code, tier]) => [code, tier.days]), readComplaintSla().tiers.map((x) => [x.code, x.days]));
      assert.deepEqual([...d.sla.tiers.values()].map((x) => x.days), [2, 5, 14, 60]);
    });

    test('Lebaran 2025: Nyepi, Idul Fitri and six days of cuti bersama are skipped', async () => {
      const d = await loadDeadlines(t.deps);
      // Thursday 27 March 2025. Closed: Fri 28 (cuti Nyepi), weekend, Mon 31 and Tue 1 April
      // (Idul Fitri), Wed 2 – Fri 4 and Mon 7 April (cuti bersama). Working again Tue 8 April.
      const received = wib('2025-03-27T10:00:00');
      assert.deepEqual(d.verifyBy(received), endOfWib('2025-04-10'));
      assert.deepEqual(d.followUpBy(received), endOfWib('2025-04-14'));
      assert.deepEqual(d.resolveBy(received, 'ringan'), endOfWib('2025-04-09'));
      // 14 working days: 8–11, 14–17 April, Good Friday 18 April closed, 21–25, 28 April.
      assert.deepEqual(d.resolveBy(received, 'non_pengawasan'), endOfWib('2025-04-28'));
      assert.equal(d.calendar.workingDaysBetween(received, wib('2025-04-08T09:00:00')), 1);
    });

    test('Lebaran 2026: Nyepi and Idul Fitri with cuti bersama on both sides', async () => {
      const d = await loadDeadlines(t.deps);
      // Tuesday 17 March 2026. Closed: Wed 18 (cuti Nyepi), Thu 19 (Nyepi), Fri 20 (cuti), weekend
      // (Idul Fitri), Mon 23 and Tue 24 (cuti). Working again Wed 25 March.
      const received = wib('2026-03-17T09:00:00');
      assert.deepEqual(d.verifyBy(received), endOfWib('2026-03-27'));
      assert.deepEqual(d.followUpBy(received), endOfWib('2026-03-31'));
      // Ten working days: 25–27, 30–31 March, 1–2 April, Good Friday 3 April closed, 6–8 April.
      assert.deepEqual(d.autoCloseAt(received), endOfWib('2026-04-08'));
      assert.deepEqual(d.resolveBy(received, 'non_pengawasan'), endOfWib('2026-04-14'));
      // Had cuti bersama counted as working days, verification would have been due on 23 March.
      assert.ok(d.verifyBy(received) > endOfWib('2026-03-23'));
      // A report that arrives on a Saturday is counted from Monday.
      assert.deepEqual(d.verifyBy(wib('2026-03-07T20:00:00')), endOfWib('2026-03-11'));
    });

    test('a report received late in the evening counts from the next day in the province’s time zone', async () => {
      const d = await loadDeadlines(t.deps);
      // 23:30 WIB on Monday 2 March 2026 is still Monday in Jakarta (16:30 UTC).
      assert.deepEqual(d.verifyBy(new Date('2026-03-02T16:30:00Z')), endOfWib('2026-03-05'));
      // 00:30 WIB on Tuesday is Monday in UTC, but Tuesday for the deadline.
      assert.deepEqual(d.verifyBy(new Date('2026-03-02T17:30:00Z')), endOfWib('2026-03-06'));
    });

    test('the province may change the deadlines; new deadlines follow', async () => {
      const admin = await createUser(t.deps, { email: 'admin.tenggat@jatimprov.go.id', name: 'Admin', roles: [{ role: 'admin' }] });
      const actor = { kind: 'user' as const, userId: admin, name: 'Admin', email: 'admin.tenggat@jatimprov.go.id', grants: [{ role: 'admin' as const, opdId: null }] };
      await changeSla(t.deps, { actor }, { steps: { verify: 2 }, tiers: { ringan: 3 } });
      forgetCalendar(t.deps.db);
      const d = await loadDeadlines(t.deps);
      assert.equal(d.sla.steps.verify, 2);
      assert.deepEqual(d.verifyBy(wib('2026-03-17T09:00:00')), endOfWib('2026-03-26'));
      assert.deepEqual(d.resolveBy(wib('2026-03-17T09:00:00'), 'ringan'), endOfWib('2026-03-27'));
      const audit = await t.deps.db.selectFrom('audit_log').select(['action', 'actor_label']).where('action', '=', 'aduan.sla_changed').execute();
      assert.deepEqual(audit, [{ action: 'aduan.sla_changed', actor_label: 'admin.tenggat@jatimprov.go.id' }]);
      await assert.rejects(changeSla(t.deps, { actor: null }, { steps: { verify: 9 } }), /unauthorized/);
    });
  });
}
