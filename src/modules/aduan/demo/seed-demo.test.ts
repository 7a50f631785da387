import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from '../../../../test/support/db.ts';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { seedPlatformDemo } from '../../../platform/accounts/seed-demo.ts';
import { seedAduanDemo } from './seed-demo.ts';

interface DemoData {
  open311: { endpoint: string; jurisdictionId: string; apiKey: string; clientId: string };
  reports: { created: number; existing: number };
}

for (const engine of engines()) {
  describe(`aduan demo data on ${engine}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(engine);
      await seedPlatformDemo(t.deps);
    });
    after(() => t.close());

    const post = (apiKey: string) =>
      t.app.inject({
        method: 'POST',
        url: '/open311/v2/requests.json',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ api_key: apiKey, jurisdiction_id: '35.78', service_code: 'transportasi', address_string: 'Terminal Joyoboyo', description: 'Jadwal bus tidak sesuai papan informasi.', 'attribute[jenis]': 'pengaduan' }).toString(),
      });

    test('seed-demo returns a working Open311 key; a second run rotates it and adds no reports', async () => {
      const first = (await seedAduanDemo(t.deps, null)).data as DemoData;
      assert.match(first.open311.apiKey, /^o311_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{20,}$/);
      assert.equal(first.open311.endpoint, 'http://localhost:3000/open311/v2');
      assert.equal(first.open311.jurisdictionId, '35');
      assert.equal(first.reports.created, 5);
      const res = await post(first.open311.apiKey);
      assert.equal(res.statusCode, 200, res.body);
      assert.match(res.json()[0].service_request_id, /^ADU-/);

      const second = (await seedAduanDemo(t.deps, null)).data as DemoData;
      assert.equal(second.open311.clientId, first.open311.clientId, 'the same demo client');
      assert.notEqual(second.open311.apiKey, first.open311.apiKey, 'with a fresh key');
      assert.deepEqual(second.reports, { created: 0, existing: 5 });
      assert.equal((await post(first.open311.apiKey)).statusCode, 403, 'the old key no longer works');
      assert.equal((await post(second.open311.apiKey)).statusCode, 200);
      const clients = await t.deps.db.selectFrom('aduan_open311_client').select('id').execute();
      assert.equal(clients.length, 1);
    });

    test('the demo reports show several states, and the public pages have something to show', async () => {
      const reports = await t.deps.db.selectFrom('aduan_report').select(['status', 'synthetic', 'rahasia', 'lapor_state']).where('synthetic', '=', true).execute();
      assert.deepEqual(reports.map((r) => r.status).sort(), ['diproses', 'ditanggapi', 'diteruskan_lapor', 'menunggu_verifikasi', 'selesai']);
      assert.equal(reports.find((r) => r.status === 'diteruskan_lapor')!.lapor_state, 'menunggu', 'marked for SP4N-LAPOR! (no adapter configured)');
      const list = await t.app.inject({ method: 'GET', url: '/api/v1/aduan/public/reports' });
      assert.ok(list.json().items.length >= 3);
    });
  });
}
