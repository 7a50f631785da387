import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from '../../../../../test/support/db.ts';
import { Client, createTestApp, createUser, opdId, type TestApp } from '../../../../../test/support/app.ts';

for (const engine of engines()) {
  describe(`katalog data sets on ${engine}`, () => {
    let t: TestApp;
    const c = {} as Record<'spbe' | 'dinkesAdmin' | 'dinkesOfficer' | 'kominfoAdmin' | 'dishubAdmin' | 'auditor', Client>;
    let diskominfo: string;
    let dinkes: string;
    let rad: string;

    before(async () => {
      t = await createTestApp(engine);
      const people = {
        spbe: { email: 'tim.spbe@jatimprov.go.id', roles: [{ role: 'tim_spbe' as const }] },
        dinkesAdmin: { email: 'admin@dinkes.go.id', roles: [{ role: 'admin_opd' as const, opd: 'dinkes' }] },
        dinkesOfficer: { email: 'petugas@dinkes.go.id', roles: [{ role: 'petugas' as const, opd: 'dinkes' }] },
        kominfoAdmin: { email: 'admin@kominfo.go.id', roles: [{ role: 'admin_opd' as const, opd: 'diskominfo' }] },
        dishubAdmin: { email: 'admin@dishub.go.id', roles: [{ role: 'admin_opd' as const, opd: 'dishub' }] },
        auditor: { email: 'auditor@jatimprov.go.id', roles: [{ role: 'auditor' as const }] },
      };
      for (const [name, p] of Object.entries(people)) {
        await createUser(t.deps, p);
        c[name as keyof typeof c] = new Client(t.app);
        await c[name as keyof typeof c].signIn(p.email);
      }
      diskominfo = await opdId(t.deps, 'diskominfo');
      dinkes = await opdId(t.deps, 'dinkes');
      await c.dinkesAdmin.send('POST', '/api/v1/katalog/apps', { key: 'dinkes-simkes', name: 'SIM Kesehatan', category: 'khusus', opdId: dinkes });
      await c.kominfoAdmin.send('POST', '/api/v1/katalog/apps', { key: 'kominfo-satudata', name: 'Portal Satu Data', category: 'khusus', opdId: diskominfo });
      rad = (await t.deps.db.selectFrom('arch_ref').select('code').where('kind', '=', 'RAD').where('level', '=', 2).orderBy('code').executeTakeFirstOrThrow()).code;
    });
    after(() => t.close());

    test('the producer records a data set with reference codes and the apps that hold it', async () => {
      const bad = await c.dinkesAdmin.postForm('/katalog/datasets', { name: 'Data Fasilitas Kesehatan', sensitivity: 'terbuka', producerOpdId: dinkes, radCode: 'RAL.01', writeAppKeys: 'dinkes-simkes, tidak-ada' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /Kunci tidak dikenal: tidak-ada/);
      const bad2 = await c.dinkesAdmin.postForm('/katalog/datasets', { name: 'Data Fasilitas Kesehatan', sensitivity: 'rahasia-sekali', producerOpdId: dinkes, radCode: 'RAL.01' });
      assert.equal(bad2.statusCode, 400);
      assert.match(bad2.body, /Pilih salah satu pilihan yang tersedia/);
      const bad3 = await c.dinkesAdmin.postForm('/katalog/datasets', { name: 'Data Fasilitas Kesehatan', sensitivity: 'terbuka', producerOpdId: dinkes, radCode: 'ral.01' });
      assert.match(bad3.body, /Kode RAL.01 bukan kode RAD/);
      assert.equal((await t.deps.db.selectFrom('katalog_dataset').select('id').execute()).length, 0);

      const ok = await c.dinkesAdmin.postForm('/katalog/datasets', {
        name: 'Data Fasilitas Kesehatan',
        sensitivity: 'terbuka',
        producerOpdId: dinkes,
        walidataOpdId: diskominfo,
        radCode: rad.toLowerCase(),
        format: 'CSV',
        updateFrequency: 'triwulanan',
        referenceCodes: 'Kode Wilayah Kemendagri\nKode Fasyankes Kemenkes; Kode Wilayah Kemendagri',
        writeAppKeys: 'dinkes-simkes',
        readAppKeys: 'kominfo-satudata',
      });
      assert.equal(ok.statusCode, 303, ok.body.slice(0, 400));
      const id = String(ok.headers.location).split('/').pop()!;
      const d = (await c.dinkesAdmin.getJson(`/api/v1/katalog/datasets/${id}`)).json();
      assert.equal(d.key, 'dinkes-data-fasilitas-kesehatan');
      assert.equal(d.radCode, rad);
      assert.deepEqual(d.referenceCodes, ['Kode Wilayah Kemendagri', 'Kode Fasyankes Kemenkes']);
      assert.deepEqual(d.writeApps.map((a: { key: string }) => a.key), ['dinkes-simkes']);
      assert.deepEqual(d.readApps.map((a: { key: string }) => a.key), ['kominfo-satudata']);
      assert.equal(d.walidataName, 'Dinas Komunikasi dan Informatika Provinsi Jawa Timur');
      const audit = await t.deps.db.selectFrom('audit_log').select(['action', 'opd_id']).where('target_type', '=', 'katalog_dataset').where('target_id', '=', id).execute();
      assert.deepEqual(audit, [{ action: 'katalog.dataset.created', opd_id: dinkes }]);
      const page = await c.dinkesOfficer.get(`/katalog/datasets/${id}`);
      assert.match(page.body, /Triwulanan/);
      assert.match(page.body, /Kode Fasyankes Kemenkes/);
    });

    test('the walidata reads but does not edit; other agencies see 404; the producer admin edits', async () => {
      const d = (await c.spbe.getJson('/api/v1/katalog/datasets')).json().items[0];
      assert.equal((await c.kominfoAdmin.getJson(`/api/v1/katalog/datasets/${d.id}`)).statusCode, 200, 'the walidata agency reads it');
      assert.equal((await c.kominfoAdmin.send('PATCH', `/api/v1/katalog/datasets/${d.id}`, { name: 'Diubah walidata' })).statusCode, 403);
      assert.equal((await c.dishubAdmin.getJson(`/api/v1/katalog/datasets/${d.id}`)).statusCode, 404);
      assert.equal((await c.dishubAdmin.send('PATCH', `/api/v1/katalog/datasets/${d.id}`, { name: 'Diubah' })).statusCode, 404);
      assert.equal((await c.dishubAdmin.getJson('/api/v1/katalog/datasets')).json().items.length, 0);
      assert.equal((await c.dinkesOfficer.send('PATCH', `/api/v1/katalog/datasets/${d.id}`, { name: 'Diubah' })).statusCode, 403);
      assert.equal((await c.auditor.send('PATCH', `/api/v1/katalog/datasets/${d.id}`, { name: 'Diubah' })).statusCode, 403);
      assert.equal((await c.kominfoAdmin.send('POST', '/api/v1/katalog/datasets', { name: 'Titipan', sensitivity: 'terbuka', producerOpdId: dinkes })).statusCode, 403);

      const res = await c.dinkesAdmin.send('PATCH', `/api/v1/katalog/datasets/${d.id}`, { version: d.version, sensitivity: 'terbatas', readAppIds: [], referenceCodes: ['Kode Wilayah Kemendagri'] });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json().readApps, []);
      const history = (await c.dinkesAdmin.getJson(`/api/v1/katalog/datasets/${d.id}/history`)).json().items;
      assert.deepEqual(history[0].after.sensitivity, 'terbatas');
      assert.deepEqual(history[0].before.readAppIds.length, 1);
      assert.deepEqual(history[0].after.readAppIds, []);
      assert.equal((await c.dinkesAdmin.send('PATCH', `/api/v1/katalog/datasets/${d.id}`, { version: d.version, name: 'Basi' })).statusCode, 409);
    });

    test('English on request', async () => {
      const en = new Client(t.app, { acceptLanguage: 'en' });
      await en.signIn('admin@dinkes.go.id');
      const bad = await en.send('POST', '/api/v1/katalog/datasets', { name: 'Data X', sensitivity: 'terbuka', producerOpdId: dinkes, radCode: 'RAD.99.99' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /Code RAD.99.99 is not in the architecture reference/);
      assert.match((await en.get('/katalog/datasets')).body, /Data catalogue/);
    });
  });
}
