import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from '../../../../../test/support/db.ts';
import { Client, createTestApp, createUser, opdId, type TestApp } from '../../../../../test/support/app.ts';
import { SERVICE_STANDARD } from './standard.ts';

for (const engine of engines()) {
  describe(`katalog services on ${engine}`, () => {
    let t: TestApp;
    const c = {} as Record<'spbe' | 'kominfoAdmin' | 'kominfoOfficer' | 'dinkesAdmin' | 'auditor', Client>;
    let diskominfo: string;
    let dinkes: string;
    let appId: string;
    let ral: string;

    before(async () => {
      t = await createTestApp(engine);
      const people = {
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
      appId = (await c.kominfoAdmin.send('POST', '/api/v1/katalog/apps', { key: 'kominfo-sippn', name: 'Sistem Informasi Pelayanan Publik', category: 'khusus', opdId: diskominfo })).json().id;
      ral = (await t.deps.db.selectFrom('arch_ref').select('code').where('kind', '=', 'RAL').where('level', '=', 2).orderBy('code').executeTakeFirstOrThrow()).code;
    });
    after(() => t.close());

    test('the 14 service-standard components come from reference/ and make the form section', async () => {
      assert.equal(SERVICE_STANDARD.components.length, 14);
      const page = await c.kominfoAdmin.get('/katalog/services/new');
      assert.equal(page.statusCode, 200);
      assert.equal(page.body.match(/<textarea id="f-std_/g)?.length, 14);
      assert.match(page.body, /for="f-std_SD1">SD1\. Persyaratan/);
      assert.match(page.body, /for="f-std_SM8">SM8\. Evaluasi kinerja pelaksana/);
      assert.match(page.body, /type="checkbox" id="f-channels" name="channels" value="online"/);
    });

    test('the form refuses bad input with localized messages and saves nothing', async () => {
      const bad = await c.kominfoAdmin.postForm('/katalog/services', { name: 'Izin Praktik', audience: 'G2C', opdId: diskominfo, ralCode: 'RAB.01', fee: '-5', appKeys: 'tidak-ada', channels: 'online' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /Paling kecil 0/);
      assert.match(bad.body, /href="#f-fee"/);
      const bad2 = await c.kominfoAdmin.postForm('/katalog/services', { name: 'Izin Praktik', audience: 'G2C', opdId: diskominfo, ralCode: 'rab.01', appKeys: 'tidak-ada' });
      assert.equal(bad2.statusCode, 400);
      assert.match(bad2.body, /Kunci tidak dikenal: tidak-ada/);
      assert.match(bad2.body, /href="#f-appKeys"/);
      const bad3 = await c.kominfoAdmin.postForm('/katalog/services', { name: 'Izin Praktik', audience: 'G2C', opdId: diskominfo, ralCode: 'rab.01' });
      assert.match(bad3.body, /Kode RAB.01 bukan kode RAL/);
      assert.match(bad3.body, /href="#f-ralCode"/);
      assert.equal((await t.deps.db.selectFrom('katalog_service').select('id').execute()).length, 0);
    });

    test('an agency admin records a service; channels, apps, fee and completeness round-trip', async () => {
      const ok = await c.kominfoAdmin.postForm('/katalog/services', {
        name: 'Pengaduan Layanan Informasi Publik',
        audience: 'G2C',
        opdId: diskominfo,
        ralCode: ral.toLowerCase(),
        slaWorkingDays: '10',
        fee: '0',
        appKeys: 'kominfo-sippn',
        std_SD1: 'KTP pemohon',
        std_SD3: '10 hari kerja',
        std_SM1: '   ',
      });
      assert.equal(ok.statusCode, 303, ok.body.slice(0, 400));
      const id = String(ok.headers.location).split('/').pop()!;
      // Two ticked boxes arrive as repeated fields.
      const res = await c.kominfoAdmin.request('POST', `/katalog/services/${id}`, {
        form: { name: 'Pengaduan Layanan Informasi Publik', audience: 'G2C', opdId: diskominfo, ralCode: ral, fee: '0', appKeys: 'kominfo-sippn', std_SD1: 'KTP pemohon', std_SD3: '10 hari kerja', channels: 'online' },
      });
      assert.equal(res.statusCode, 303);
      const body = new URLSearchParams({ _csrf: c.kominfoAdmin.csrf, name: 'Pengaduan Layanan Informasi Publik', audience: 'G2C', opdId: diskominfo, ralCode: ral, fee: '0', appKeys: 'kominfo-sippn', std_SD1: 'KTP pemohon', std_SD3: '10 hari kerja' });
      body.append('channels', 'online');
      body.append('channels', 'loket');
      const multi = await t.app.inject({ method: 'POST', url: `/katalog/services/${id}`, payload: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', cookie: [...c.kominfoAdmin.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
      assert.equal(multi.statusCode, 303, multi.body.slice(0, 300));

      const s = (await c.kominfoAdmin.getJson(`/api/v1/katalog/services/${id}`)).json();
      assert.equal(s.kind, 'publik');
      assert.equal(s.ralCode, ral);
      assert.equal(s.fee, 0);
      assert.deepEqual(s.channels, ['online', 'loket']);
      assert.deepEqual(s.apps.map((a: { key: string }) => a.key), ['kominfo-sippn']);
      assert.deepEqual(s.standard, { SD1: 'KTP pemohon', SD3: '10 hari kerja' });
      assert.deepEqual(s.completeness, { filled: 2, total: 14, missing: ['SD2', 'SD4', 'SD5', 'SD6', 'SM1', 'SM2', 'SM3', 'SM4', 'SM5', 'SM6', 'SM7', 'SM8'] });
      const page = await c.kominfoOfficer.get(`/katalog/services/${id}`);
      assert.match(page.body, /2 dari 14 komponen terisi/);
      assert.match(page.body, /Gratis/);
      assert.match(page.body, /Daring \(situs web\), Loket/);
      assert.doesNotMatch(page.body, /katalog\/services\/[0-9a-f-]+\/edit/, 'officers see no edit button');
      const audit = await t.deps.db.selectFrom('audit_log').select(['action', 'opd_id', 'actor_label']).where('target_id', '=', id).orderBy('id').execute();
      assert.deepEqual(audit.map((a) => a.action), ['katalog.service.created', 'katalog.service.updated', 'katalog.service.updated'], 'one box ticked, then two');
      assert.equal(audit[0]!.opd_id, diskominfo);
      assert.equal(audit[0]!.actor_label, 'admin@kominfo.go.id');
      assert.match(page.body, /Riwayat perubahan/);
    });

    test('PATCH merges standard components, refuses stale versions, and audits before/after', async () => {
      const created = await c.kominfoAdmin.send('POST', '/api/v1/katalog/services', { name: 'Rekomendasi Menara Telekomunikasi', audience: 'G2B', opdId: diskominfo, standard: { SD1: 'Surat permohonan', SD2: 'Daring' }, channels: ['online'], appIds: [appId] });
      assert.equal(created.statusCode, 201, created.body);
      const s = created.json();
      assert.equal(s.completeness.filled, 2);
      const patched = await c.kominfoAdmin.send('PATCH', `/api/v1/katalog/services/${s.id}`, { version: s.version, standard: { SD2: null, SM1: 'Perda 5/2020' }, audience: 'G2G', fee: 150000 });
      assert.equal(patched.statusCode, 200, patched.body);
      assert.deepEqual(patched.json().standard, { SD1: 'Surat permohonan', SM1: 'Perda 5/2020' });
      assert.equal(patched.json().kind, 'administrasi');
      assert.equal(patched.json().fee, 150000);
      const stale = await c.kominfoAdmin.send('PATCH', `/api/v1/katalog/services/${s.id}`, { version: s.version, name: 'Tertimpa' });
      assert.equal(stale.statusCode, 409);
      const history = (await c.auditor.getJson(`/api/v1/katalog/services/${s.id}/history`)).json().items;
      assert.equal(history[0].action, 'katalog.service.updated');
      assert.deepEqual(history[0].before.standard, { SD1: 'Surat permohonan', SD2: 'Daring' });
      assert.deepEqual(history[0].after, { audience: 'G2G', fee: 150000, standard: { SD1: 'Surat permohonan', SM1: 'Perda 5/2020' } });
      const unknown = await c.kominfoAdmin.send('PATCH', `/api/v1/katalog/services/${s.id}`, { standard: { SX9: 'x' } });
      assert.equal(unknown.statusCode, 400);
    });

    test('agency scoping: other agencies see 404, officers and auditors cannot change', async () => {
      const theirs = (await c.dinkesAdmin.send('POST', '/api/v1/katalog/services', { name: 'Izin Apotek', audience: 'G2B', opdId: dinkes })).json();
      assert.equal((await c.kominfoAdmin.getJson(`/api/v1/katalog/services/${theirs.id}`)).statusCode, 404);
      assert.equal((await c.kominfoAdmin.send('PATCH', `/api/v1/katalog/services/${theirs.id}`, { name: 'Diubah' })).statusCode, 404);
      assert.equal((await c.kominfoAdmin.send('POST', '/api/v1/katalog/services', { name: 'Titipan', audience: 'G2C', opdId: dinkes })).statusCode, 403);
      const list = (await c.kominfoOfficer.getJson('/api/v1/katalog/services')).json().items.map((s: { name: string }) => s.name);
      assert.ok(!list.includes('Izin Apotek') && list.includes('Pengaduan Layanan Informasi Publik'));
      assert.equal((await c.auditor.getJson(`/api/v1/katalog/services/${theirs.id}`)).statusCode, 200);
      assert.equal((await c.auditor.send('PATCH', `/api/v1/katalog/services/${theirs.id}`, { name: 'Diubah' })).statusCode, 403);
      const mine = (await c.kominfoOfficer.getJson('/api/v1/katalog/services')).json().items[0];
      assert.equal((await c.kominfoOfficer.send('PATCH', `/api/v1/katalog/services/${mine.id}`, { name: 'Diubah' })).statusCode, 403);
      const all = (await c.spbe.getJson('/api/v1/katalog/services')).json().items.length;
      assert.equal(all, 3);
      assert.equal((await new Client(t.app).getJson('/api/v1/katalog/services')).statusCode, 401);
    });

    test('English on request', async () => {
      const en = new Client(t.app, { acceptLanguage: 'en' });
      await en.signIn('admin@kominfo.go.id');
      const bad = await en.postForm('/katalog/services', { name: 'X service', audience: 'G2C', opdId: diskominfo, appKeys: 'nope-1' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /Unknown keys: nope-1/);
      const list = await en.get('/katalog/services');
      assert.match(list.body, /Service catalogue/);
    });
  });
}
