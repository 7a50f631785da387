import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from '../../../test/support/db.ts';
import { Client, createTestApp, createUser, opdId, type TestApp } from '../../../test/support/app.ts';

for (const engine of engines()) {
  describe(`katalog application inventory on ${engine}`, () => {
    let t: TestApp;
    const c = {} as Record<'admin' | 'spbe' | 'kominfoAdmin' | 'kominfoOfficer' | 'dinkesAdmin' | 'auditor', Client>;
    let diskominfo: string;
    let dinkes: string;

    before(async () => {
      t = await createTestApp(engine);
      const people = {
        admin: { email: 'admin@jatimprov.go.id', roles: [{ role: 'admin' as const }] },
        spbe: { email: 'tim.spbe@jatimprov.go.id', roles: [{ role: 'tim_spbe' as const }] },
        kominfoAdmin: { email: 'admin@kominfo.go.id', roles: [{ role: 'admin_opd' as const, opd: 'diskominfo' }] },
        kominfoOfficer: { email: 'petugas@kominfo.go.id', roles: [{ role: 'petugas' as const, opd: 'diskominfo' }] },
        dinkesAdmin: { email: 'admin@dinkes.go.id', roles: [{ role: 'admin_opd' as const, opd: 'dinkes' }] },
        auditor: { email: 'auditor@jatimprov.go.id', roles: [{ role: 'auditor' as const }] },
      };
      for (const [name, p] of Object.entries(people)) {
        await createUser(t.deps, p);
        c[name as keyof typeof c] = new Client(t.app);
        await c[name as keyof typeof c].signIn(p.email);
      }
      diskominfo = await opdId(t.deps, 'diskominfo');
      dinkes = await opdId(t.deps, 'dinkes');
    });
    after(() => t.close());

    test('the national reference architecture codes are loaded and public', async () => {
      const res = await new Client(t.app).getJson('/api/v1/katalog/arch-ref?kind=RAB');
      assert.equal(res.statusCode, 200);
      const items = res.json().items as { code: string; level: number }[];
      assert.equal(items.filter((i) => i.level === 1).length, 9);
      assert.ok(items.some((i) => i.code === 'RAB.09.01' || i.code.startsWith('RAB.09.')));
      const all = (await new Client(t.app).getJson('/api/v1/katalog/arch-ref')).json().items;
      assert.equal(all.length, 199, "every row of reference/architecture-reference.csv");
    });

    test('an agency admin records an app through the form; codes are checked against the reference', async () => {
      const bad = await c.kominfoAdmin.postForm('/katalog/apps', {
        name: 'Sistem Informasi Manajemen Kepegawaian',
        acronym: 'SIMPEG',
        category: 'khusus',
        opdId: diskominfo,
        codes_rab: 'RAB.09.01, RAL.01.01, RAB.99.99',
        lifecycle: 'aktif',
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /Kode RAL.01.01 bukan kode RAB/);
      assert.match(bad.body, /Kode RAB.99.99 tidak ada di referensi arsitektur/);
      assert.match(bad.body, /href="#f-codes_rab"/);
      assert.equal((await t.deps.db.selectFrom('katalog_app').select('id').execute()).length, 0);

      const rab = (await t.deps.db.selectFrom('arch_ref').select('code').where('kind', '=', 'RAB').where('level', '=', 2).orderBy('code').executeTakeFirstOrThrow()).code;
      const ok = await c.kominfoAdmin.postForm('/katalog/apps', {
        name: 'Sistem Informasi Manajemen Kepegawaian',
        acronym: 'SIMPEG',
        description: 'Data pegawai, kenaikan pangkat dan cuti.',
        category: 'khusus',
        opdId: diskominfo,
        codes_rab: rab.toLowerCase(),
        hosting: 'pusat_data_provinsi',
        yearlyCost: '120000000',
        lifecycle: 'aktif',
      });
      assert.equal(ok.statusCode, 303, ok.body.slice(0, 500));
      const id = String(ok.headers.location).split('/').pop()!;
      const app = (await c.kominfoAdmin.getJson(`/api/v1/katalog/apps/${id}`)).json();
      assert.equal(app.key, 'diskominfo-simpeg');
      assert.deepEqual(app.codes.rab, [rab]);
      assert.equal(app.yearlyCost, 120000000);
      assert.equal(app.opdName, 'Dinas Komunikasi dan Informatika Provinsi Jawa Timur');
      const page = await c.kominfoAdmin.get(`/katalog/apps/${id}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Rp\s?120\.000\.000/);
      assert.match(page.body, /Riwayat perubahan/);
    });

    test('agency scoping: staff see and change only their own agency; the SPBE team sees all', async () => {
      const mine = await c.kominfoAdmin.send('POST', '/api/v1/katalog/apps', { name: 'e-Surat Kominfo', category: 'khusus', opdId: diskominfo });
      assert.equal(mine.statusCode, 201);
      const theirs = await c.dinkesAdmin.send('POST', '/api/v1/katalog/apps', { name: 'SIMRS Dinkes', category: 'khusus', opdId: dinkes });
      assert.equal(theirs.statusCode, 201);
      const theirId = theirs.json().id;

      assert.equal((await c.kominfoAdmin.send('POST', '/api/v1/katalog/apps', { name: 'Aplikasi Titipan', category: 'khusus', opdId: dinkes })).statusCode, 403);
      assert.equal((await c.kominfoAdmin.getJson(`/api/v1/katalog/apps/${theirId}`)).statusCode, 404);
      assert.equal((await c.kominfoAdmin.send('PATCH', `/api/v1/katalog/apps/${theirId}`, { name: 'Diubah' })).statusCode, 404);
      assert.equal((await c.kominfoAdmin.postForm(`/katalog/apps/${theirId}`, { name: 'Diubah', category: 'khusus', lifecycle: 'aktif' })).statusCode, 404);
      const list = (await c.kominfoOfficer.getJson('/api/v1/katalog/apps')).json().items.map((a: { name: string }) => a.name);
      assert.ok(list.includes('e-Surat Kominfo') && !list.includes('SIMRS Dinkes'));
      assert.equal((await c.kominfoOfficer.send('PATCH', `/api/v1/katalog/apps/${mine.json().id}`, { name: 'Diubah' })).statusCode, 403, 'officers read, agency admins edit');
      const all = (await c.spbe.getJson('/api/v1/katalog/apps')).json().items.map((a: { name: string }) => a.name);
      assert.ok(all.includes('e-Surat Kominfo') && all.includes('SIMRS Dinkes'));
      assert.equal((await c.auditor.getJson(`/api/v1/katalog/apps/${theirId}`)).statusCode, 200);
      assert.equal((await c.auditor.send('PATCH', `/api/v1/katalog/apps/${theirId}`, { name: 'Diubah' })).statusCode, 403);
      assert.equal((await new Client(t.app).getJson('/api/v1/katalog/apps')).statusCode, 401);
      const unchanged = await t.deps.db.selectFrom('katalog_app').select('name').where('id', '=', theirId).executeTakeFirstOrThrow();
      assert.equal(unchanged.name, 'SIMRS Dinkes');
      const moved = await c.kominfoAdmin.send('PATCH', `/api/v1/katalog/apps/${mine.json().id}`, { opdId: dinkes });
      assert.equal(moved.statusCode, 403, 'cannot give an app to an agency one does not administer');
    });

    test('edits are versioned, audited, and lifecycle moves are recorded for the portfolio curve', async () => {
      const created = (await c.spbe.send('POST', '/api/v1/katalog/apps', { key: 'prov-e-office', name: 'e-Office Provinsi', category: 'khusus', opdId: diskominfo })).json();
      const first = await c.spbe.send('PATCH', `/api/v1/katalog/apps/${created.id}`, { version: created.version, lifecycle: 'dalam_konsolidasi', description: 'Surat-menyurat elektronik' });
      assert.equal(first.statusCode, 200);
      assert.equal(first.json().version, created.version + 1);
      const stale = await c.kominfoAdmin.send('PATCH', `/api/v1/katalog/apps/${created.id}`, { version: created.version, name: 'Tertimpa' });
      assert.equal(stale.statusCode, 409);
      assert.match(stale.body, /sudah diubah orang lain/);
      const target = (await c.spbe.send('POST', '/api/v1/katalog/apps', { name: 'SRIKANDI', category: 'umum', opdId: diskominfo })).json();
      const needsTarget = await c.spbe.send('PATCH', `/api/v1/katalog/apps/${created.id}`, { lifecycle: 'digabung' });
      assert.equal(needsTarget.statusCode, 400);
      assert.equal(needsTarget.json().errors[0].field, 'mergedIntoId');
      const merged = await c.spbe.send('PATCH', `/api/v1/katalog/apps/${created.id}`, { lifecycle: 'digabung', mergedIntoId: target.id });
      assert.equal(merged.json().lifecycle, 'digabung');
      const events = await t.deps.db.selectFrom('katalog_app_event').select(['from_lifecycle', 'to_lifecycle']).where('app_id', '=', created.id).orderBy('id').execute();
      assert.deepEqual(events.map((e) => [e.from_lifecycle, e.to_lifecycle]), [[null, 'aktif'], ['aktif', 'dalam_konsolidasi'], ['dalam_konsolidasi', 'digabung']]);
      const history = (await c.auditor.getJson(`/api/v1/katalog/apps/${created.id}/history`)).json().items;
      assert.deepEqual(history.map((h: { action: string }) => h.action), ['katalog.app.updated', 'katalog.app.updated', 'katalog.app.created']);
      assert.deepEqual(history[1].after, { description: 'Surat-menyurat elektronik', lifecycle: 'dalam_konsolidasi' });
      const page = await c.spbe.get(`/katalog/apps/${created.id}/edit`);
      assert.match(page.body, /name="version" value="3"/);
      assert.match(page.body, /name="mergedIntoKey"[^>]*value="[a-z0-9-]*srikandi"/);
    });

    test('an agency merge moves its apps to the new agency', async () => {
      const from = (await c.admin.send('POST', '/api/v1/opd', { code: 'dinas-lama-k', name: 'Dinas Lama K', kind: 'dinas', regionCode: '35' })).json().id;
      const app = (await c.admin.send('POST', '/api/v1/katalog/apps', { name: 'Aplikasi Dinas Lama', category: 'khusus', opdId: from })).json();
      assert.equal((await c.admin.send('POST', `/api/v1/opd/${from}/merge`, { intoId: diskominfo })).statusCode, 200);
      assert.equal((await c.admin.getJson(`/api/v1/katalog/apps/${app.id}`)).json().opdId, diskominfo);
    });

    test('a retired province code is not given to new apps but may stay on apps that have it', async () => {
      const parent = (await t.deps.db.selectFrom('arch_ref').select('code').where('kind', '=', 'RAB').where('level', '=', 2).orderBy('code').executeTakeFirstOrThrow()).code;
      const code = `${parent}.91`;
      await t.deps.db.insertInto('arch_ref').values({ code, kind: 'RAB', name: 'Kapabilitas uji', level: 3, parent_code: parent, origin: 'province', confidence: null, created_at: t.clock.now() }).execute();
      const holder = (await c.spbe.send('POST', '/api/v1/katalog/apps', { name: 'Pemegang Kode', category: 'khusus', opdId: diskominfo, codes: { rab: [code] } })).json();
      await t.deps.db.updateTable('arch_ref').set({ retired_at: t.clock.now() }).where('code', '=', code).execute();
      const refused = await c.spbe.send('POST', '/api/v1/katalog/apps', { name: 'Pendatang Baru', category: 'khusus', opdId: diskominfo, codes: { rab: [code] } });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /sudah tidak dipakai lagi/);
      const kept = await c.spbe.send('PATCH', `/api/v1/katalog/apps/${holder.id}`, { description: 'Masih memakai kode lama', codes: { rab: [code] } });
      assert.equal(kept.statusCode, 200, kept.body);
    });

    test('English on request', async () => {
      const en = new Client(t.app, { acceptLanguage: 'en' });
      await en.signIn('tim.spbe@jatimprov.go.id');
      const res = await en.get('/katalog/apps');
      assert.match(res.body, /Application catalogue/);
      const bad = await en.send('POST', '/api/v1/katalog/apps', { name: 'X1', category: 'khusus', opdId: diskominfo, codes: { ral: ['RAB.01'] } });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /Code RAB.01 is not a RAL code/);
    });
  });
}
