import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from '../../../../../test/support/db.ts';
import { Client, createTestApp, createUser, opdId, type TestApp } from '../../../../../test/support/app.ts';
import { BUDGET_CODE_PATTERN } from './use-cases/roadmap-input.ts';

for (const engine of engines()) {
  describe(`katalog roadmap (Peta Rencana SPBE) on ${engine}`, () => {
    let t: TestApp;
    const c = {} as Record<'spbe' | 'kominfoAdmin' | 'kominfoOfficer' | 'dinkesAdmin', Client>;
    let diskominfo: string;
    let dinkes: string;

    before(async () => {
      t = await createTestApp(engine);
      const people = {
        spbe: { email: 'tim.spbe@jatimprov.go.id', roles: [{ role: 'tim_spbe' as const }] },
        kominfoAdmin: { email: 'admin@kominfo.go.id', roles: [{ role: 'admin_opd' as const, opd: 'diskominfo' }] },
        kominfoOfficer: { email: 'petugas@kominfo.go.id', roles: [{ role: 'petugas' as const, opd: 'diskominfo' }] },
        dinkesAdmin: { email: 'admin@dinkes.go.id', roles: [{ role: 'admin_opd' as const, opd: 'dinkes' }] },
      };
      for (const [name, p] of Object.entries(people)) {
        await createUser(t.deps, p);
        c[name as keyof typeof c] = new Client(t.app);
        await c[name as keyof typeof c].signIn(p.email);
      }
      diskominfo = await opdId(t.deps, 'diskominfo');
      dinkes = await opdId(t.deps, 'dinkes');
      await c.kominfoAdmin.send('POST', '/api/v1/katalog/apps', { key: 'kominfo-eoffice', name: 'e-Office', category: 'khusus', opdId: diskominfo });
      await c.kominfoAdmin.send('POST', '/api/v1/katalog/services', { key: 'layanan-ppid', name: 'Layanan PPID', audience: 'G2C', opdId: diskominfo });
      await c.kominfoAdmin.send('POST', '/api/v1/katalog/datasets', { key: 'data-aset-tik', name: 'Data Aset TIK', sensitivity: 'terbatas', producerOpdId: diskominfo });
      await c.kominfoAdmin.send('POST', '/api/v1/katalog/infra', { key: 'pusat-data-jatim', name: 'Pusat Data Jatim', kind: 'pusat_data', operatorOpdId: diskominfo });
    });
    after(() => t.close());

    test('the budget sub-activity code pattern', () => {
      for (const ok of ['2.16.02.1.01.01', '2.16.02.1.01.0006', 'X.XX.01.1.02.01', '1.02.02.2.01.01']) assert.ok(BUDGET_CODE_PATTERN.test(ok), ok);
      for (const bad of ['2.16.02.1.01', '216.02.1.01.01', '2.16.02.1.01.001', '2-16-02-1-01-01', 'RAB.01.01']) assert.ok(!BUDGET_CODE_PATTERN.test(bad), bad);
    });

    test('the owner agency records an item linked to what it changes; bad input is refused in Indonesian', async () => {
      const bad = await c.kominfoAdmin.postForm('/katalog/roadmap', { area: 'aplikasi', title: 'Konsolidasi e-Office', startYear: '2027', endYear: '2025', ownerOpdId: diskominfo, budgetCode: '2.16.2.1.1.1', status: 'rencana', linkApps: 'kominfo-eoffice, tidak-ada' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /Kunci tidak dikenal: tidak-ada/);
      const bad2 = await c.kominfoAdmin.postForm('/katalog/roadmap', { area: 'aplikasi', title: 'Konsolidasi e-Office', startYear: '2027', endYear: '2025', ownerOpdId: diskominfo, budgetCode: '2.16.2.1.1.1', status: 'rencana' });
      assert.match(bad2.body, /Tahun selesai tidak boleh sebelum tahun mulai/);
      assert.match(bad2.body, /Tulis kode sub kegiatan seperti 2.16.02.1.01.01/);
      assert.match(bad2.body, /href="#f-budgetCode"/);
      assert.equal((await t.deps.db.selectFrom('katalog_roadmap_item').select('id').execute()).length, 0);

      const ok = await c.kominfoAdmin.postForm('/katalog/roadmap', {
        area: 'aplikasi',
        title: 'Konsolidasi e-Office',
        baseline: '12 aplikasi persuratan',
        target: '1 aplikasi persuratan (SRIKANDI)',
        startYear: '2026',
        endYear: '2027',
        ownerOpdId: diskominfo,
        budgetCode: '2.16.02.1.01.0006',
        status: 'berjalan',
        linkApps: 'kominfo-eoffice',
        linkServices: 'layanan-ppid',
        linkDatasets: 'data-aset-tik',
        linkInfra: 'pusat-data-jatim',
      });
      assert.equal(ok.statusCode, 303, ok.body.slice(0, 400));
      const id = String(ok.headers.location).split('/').pop()!;
      const item = (await c.kominfoOfficer.getJson(`/api/v1/katalog/roadmap/${id}`)).json();
      assert.equal(item.budgetCode, '2.16.02.1.01.0006');
      assert.deepEqual([item.links.apps[0].key, item.links.services[0].key, item.links.datasets[0].key, item.links.infra[0].key], ['kominfo-eoffice', 'layanan-ppid', 'data-aset-tik', 'pusat-data-jatim']);
      const audit = await t.deps.db.selectFrom('audit_log').select(['action', 'opd_id']).where('target_id', '=', id).execute();
      assert.deepEqual(audit, [{ action: 'katalog.roadmap.created', opd_id: diskominfo }]);
      const page = await c.kominfoOfficer.get(`/katalog/roadmap/${id}`);
      assert.match(page.body, /2026–2027/);
      assert.match(page.body, /href="\/katalog\/infra\/[0-9a-f-]+">Pusat Data Jatim/);
    });

    test('the roadmap view groups items by area and marks the years they run', async () => {
      await c.spbe.send('POST', '/api/v1/katalog/roadmap', { area: 'tata_kelola', title: 'Pergub Arsitektur SPBE', startYear: 2025, endYear: 2025, ownerOpdId: diskominfo, budgetCode: 'x.xx.01.1.02.01' });
      await c.dinkesAdmin.send('POST', '/api/v1/katalog/roadmap', { area: 'layanan', title: 'Rekam medis elektronik', startYear: 2026, endYear: 2028, ownerOpdId: dinkes });
      const page = await c.spbe.get('/katalog/roadmap');
      assert.equal(page.statusCode, 200);
      const body = page.body;
      const order = ['Tata kelola SPBE', 'Layanan SPBE', 'Aplikasi SPBE'].map((a) => body.indexOf(`<th scope="rowgroup" colspan="7">${a}</th>`));
      assert.ok(order.every((i) => i > 0) && order[0]! < order[1]! && order[1]! < order[2]!, `areas in roadmap order: ${order}`);
      assert.match(body, /<th scope="col">2025<\/th><th scope="col">2026<\/th><th scope="col">2027<\/th><th scope="col">2028<\/th>/);
      const row = body.slice(body.indexOf('Rekam medis elektronik'));
      const cells = row.slice(0, row.indexOf('</tr>')).split('<td>').slice(3).map((c) => (c.includes('■') ? 'x' : '-'));
      assert.deepEqual(cells, ['-', 'x', 'x', 'x']);
      assert.match(body, /dilaksanakan pada 2028/);
      const pergub = (await c.spbe.getJson('/api/v1/katalog/roadmap?year=2025')).json().items;
      assert.deepEqual(pergub.map((i: { title: string; budgetCode: string }) => [i.title, i.budgetCode]), [['Pergub Arsitektur SPBE', 'X.XX.01.1.02.01']]);
    });

    test('scoping: the owner agency edits, others see 404, the SPBE team edits all', async () => {
      const all = (await c.spbe.getJson('/api/v1/katalog/roadmap')).json().items as { id: string; title: string; version: number; ownerOpdId: string }[];
      const dinkesItem = all.find((i) => i.ownerOpdId === dinkes)!;
      const kominfoItem = all.find((i) => i.title === 'Konsolidasi e-Office')!;
      assert.equal((await c.kominfoAdmin.getJson(`/api/v1/katalog/roadmap/${dinkesItem.id}`)).statusCode, 404);
      assert.equal((await c.kominfoAdmin.send('PATCH', `/api/v1/katalog/roadmap/${dinkesItem.id}`, { status: 'batal' })).statusCode, 404);
      assert.deepEqual((await c.kominfoOfficer.getJson('/api/v1/katalog/roadmap')).json().items.map((i: { title: string }) => i.title).sort(), ['Konsolidasi e-Office', 'Pergub Arsitektur SPBE']);
      assert.equal((await c.kominfoOfficer.send('PATCH', `/api/v1/katalog/roadmap/${kominfoItem.id}`, { status: 'selesai' })).statusCode, 403);
      assert.equal((await c.kominfoAdmin.send('POST', '/api/v1/katalog/roadmap', { area: 'layanan', title: 'Titipan', startYear: 2026, endYear: 2026, ownerOpdId: dinkes })).statusCode, 403);
      const byTeam = await c.spbe.send('PATCH', `/api/v1/katalog/roadmap/${dinkesItem.id}`, { version: dinkesItem.version, status: 'berjalan', links: { apps: [] } });
      assert.equal(byTeam.statusCode, 200, byTeam.body);
      const stale = await c.dinkesAdmin.send('PATCH', `/api/v1/katalog/roadmap/${dinkesItem.id}`, { version: dinkesItem.version, status: 'batal' });
      assert.equal(stale.statusCode, 409);
      const endBeforeStart = await c.dinkesAdmin.send('PATCH', `/api/v1/katalog/roadmap/${dinkesItem.id}`, { endYear: 2025 });
      assert.equal(endBeforeStart.statusCode, 400);
      const unlink = await c.kominfoAdmin.send('PATCH', `/api/v1/katalog/roadmap/${kominfoItem.id}`, { links: { apps: [] } });
      assert.deepEqual(unlink.json().links.apps, []);
      assert.equal(unlink.json().links.services.length, 1, 'types not sent keep their links');
      const history = (await c.kominfoAdmin.getJson(`/api/v1/katalog/roadmap/${kominfoItem.id}/history`)).json().items;
      assert.equal(history[0].action, 'katalog.roadmap.updated');
      assert.equal(history[0].before.links.apps.length, 1);
      assert.deepEqual(history[0].after.links.apps, []);
      const en = new Client(t.app, { acceptLanguage: 'en' });
      await en.signIn('admin@dinkes.go.id');
      assert.match((await en.send('PATCH', `/api/v1/katalog/roadmap/${dinkesItem.id}`, { budgetCode: '1.2.3' })).body, /Write the sub-activity code like/);
    });
  });
}
