import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from '../../../../test/support/db.ts';
import { Client, createTestApp, createUser, type TestApp } from '../../../../test/support/app.ts';
import { DEMO_BASELINE, DEMO_TARGET, seedKatalogDemo } from './seed-demo.ts';

for (const engine of engines()) {
  describe(`katalog demo data on ${engine}`, () => {
    let t: TestApp;
    let spbe: Client;
    before(async () => {
      t = await createTestApp(engine);
      t.clock.current = new Date('2026-11-28T03:00:00Z');
      await createUser(t.deps, { email: 'tim.spbe@jatimprov.go.id', roles: [{ role: 'tim_spbe' }] });
      spbe = new Client(t.app);
      await spbe.signIn('tim.spbe@jatimprov.go.id');
    });
    after(() => t.close());

    test('865 apps in use in 2019, 496 at the end of 2025, every one marked synthetic; a second run adds nothing', async () => {
      const first = await seedKatalogDemo(t.deps);
      assert.equal((first.data as { baseline: number }).baseline, DEMO_BASELINE);
      assert.equal((first.data as { liveAtEnd: number }).liveAtEnd, DEMO_TARGET);
      const again = await seedKatalogDemo(t.deps);
      assert.equal((again.data as { created: number }).created, 0);
      const apps = await t.deps.db.selectFrom('katalog_app').select(['synthetic', 'lifecycle', 'merged_into_id', 'replaced_by']).execute();
      assert.ok(apps.every((a) => a.synthetic));
      assert.equal(apps.filter((a) => a.lifecycle === 'aktif' || a.lifecycle === 'dalam_konsolidasi').length, DEMO_TARGET);
      assert.ok(apps.filter((a) => a.lifecycle === 'digabung').every((a) => a.merged_into_id));
      assert.ok(apps.filter((a) => a.lifecycle === 'diganti_aplikasi_umum').every((a) => a.replaced_by));
      assert.ok(apps.some((a) => a.lifecycle === 'digabung') && apps.some((a) => a.lifecycle === 'diganti_aplikasi_umum') && apps.some((a) => a.lifecycle === 'dipensiunkan'));
    });

    test('the portfolio curve tells the 865 → 496 story, and the duplicate finder has work to show', async () => {
      const portfolio = (await spbe.getJson('/api/v1/katalog/portfolio')).json();
      const months: string[] = portfolio.months;
      const active: number[] = portfolio.active;
      assert.equal(active[months.indexOf('2019-12')], DEMO_BASELINE);
      assert.equal(active[months.indexOf('2025-12')], DEMO_TARGET);
      const page = await spbe.get('/katalog/apps');
      assert.match(page.body, /data sintetis untuk demonstrasi/);
      const groups = (await spbe.getJson('/api/v1/katalog/duplicates')).json();
      assert.ok(groups.groups.length > 20, `found ${groups.groups.length} candidate groups among ${groups.appsConsidered} apps`);
      assert.ok(groups.groups.some((g: { kind: string }) => g.kind === 'aplikasi_umum_lookalike'));
    });
  });
}
