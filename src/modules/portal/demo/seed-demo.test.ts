import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from '../../../../test/support/db.ts';
import { Client, createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { seedPlatformDemo } from '../../../platform/accounts/seed-demo.ts';
import { searchServices } from '../catalogue/use-cases/search-services.ts';
import { getProfile } from '../citizens/use-cases/profile.ts';
import { DEMO_CITIZEN_NIK, seedPortalDemo } from './seed-demo.ts';

for (const engine of engines()) {
  describe(`portal demo on ${engine}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(engine);
    });
    after(() => t.close());

    test('a few hundred published services across the agencies, with topics, life events and survey answers; idempotent', async () => {
      const accounts = await seedPlatformDemo(t.deps);
      const first = (await seedPortalDemo(t.deps)).data as { services: number; surveyResponses: number };
      assert.ok(first.services >= 250 && first.services <= 500, `${first.services} services`);
      assert.ok(first.surveyResponses > 500);
      const again = (await seedPortalDemo(t.deps)).data as { created: number };
      assert.equal(again.created, 0);
      const agencies = await t.deps.db.selectFrom('portal_service').select('opd_id').distinct().where('published', '=', true).execute();
      assert.ok(agencies.length >= 45, `${agencies.length} agencies`);
      for (const code of ['kelahiran', 'sekolah', 'bekerja', 'usaha', 'kesehatan', 'perumahan', 'kendaraan', 'bantuan_sosial', 'kematian']) {
        const r = await searchServices(t.deps, { filter: { lifeEvent: code }, page: 1 });
        assert.ok(r.total > 0, `life event ${code} has services`);
      }
      const pkb = await searchServices(t.deps, { q: 'pajak motor', filter: {}, page: 1 });
      assert.equal(pkb.items[0]?.name, 'Pembayaran Pajak Kendaraan Bermotor (PKB) Tahunan');
      const imb = await searchServices(t.deps, { q: 'imb', filter: {}, page: 1 });
      assert.ok(imb.items.every((i) => i.name === 'Persetujuan Bangunan Gedung (PBG)'));
      // The demo citizen has a profile with a synthetic NIK, shown masked.
      const warga = accounts.accounts!.find((a) => a.email === 'warga@demo.padu.id')!;
      const user = await t.deps.db.selectFrom('app_user').select(['id', 'name', 'email']).where('email', '=', warga.email).executeTakeFirstOrThrow();
      const profile = await getProfile(t.deps, { kind: 'user', userId: user.id, name: user.name, email: user.email, grants: [{ role: 'warga', opdId: null }] });
      assert.equal(profile.nikMasked, `${DEMO_CITIZEN_NIK.slice(0, 4)}••••••••${DEMO_CITIZEN_NIK.slice(12)}`);
      const client = new Client(t.app);
      await client.signIn(warga.email, warga.password);
      assert.equal((await client.getJson('/api/v1/portal/me/consents')).json().items.length, 2);
      const page = await client.get('/layanan/35-78-akta-kelahiran');
      assert.equal(page.statusCode, 200);
    });
  });
}
