import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from '../../../../test/support/db.ts';
import { Client, createTestApp, createUser, opdId, type TestApp } from '../../../../test/support/app.ts';
import { addServices } from '../testing.ts';
import { syncSearchIndex } from './use-cases/sync-search-index.ts';

const STANDARD = {
  SD1: '1. Fotokopi KTP-el pemilik.\n2. Denah lokasi apotek.',
  SD2: 'Permohonan diajukan, diverifikasi, lalu izin diterbitkan.',
  SD5: 'Surat izin apotek.',
  SD6: 'Melalui kanal aduan Padu.',
  SM1: 'UU 17/2023 tentang Kesehatan.',
};

for (const engine of engines()) {
  describe(`publishing public services on ${engine}`, () => {
    let t: TestApp;
    let dinkes: string;
    let serviceB: string;
    let adminKes: Client;
    let petugasKes: Client;
    let adminKominfo: Client;
    let tim: Client;
    let anon: Client;

    before(async () => {
      t = await createTestApp(engine);
      dinkes = await opdId(t.deps, 'dinkes');
      await createUser(t.deps, { email: 'admin@dinkes.go.id', roles: [{ role: 'admin_opd', opd: 'dinkes' }] });
      await createUser(t.deps, { email: 'petugas@dinkes.go.id', roles: [{ role: 'petugas', opd: 'dinkes' }] });
      await createUser(t.deps, { email: 'admin@kominfo.go.id', roles: [{ role: 'admin_opd', opd: 'diskominfo' }] });
      await createUser(t.deps, { email: 'tim@jatimprov.go.id', roles: [{ role: 'tim_spbe' }] });
      [serviceB] = await addServices(t.deps.db, t.clock.now(), [{ opdId: dinkes, key: 'dinkes-izin-apotek', name: 'Izin Apotek', description: 'Izin operasional apotek.', standard: STANDARD, sla: 12, fee: 25000, channels: ['online', 'loket'] }]) as [string];
      await addServices(t.deps.db, t.clock.now(), [
        { opdId: await opdId(t.deps, 'diskominfo'), name: 'Permohonan Informasi Publik', published: true },
        { opdId: dinkes, name: 'Rapat Koordinasi Internal', kind: 'administrasi' },
      ]);
      adminKes = new Client(t.app);
      await adminKes.signIn('admin@dinkes.go.id');
      petugasKes = new Client(t.app);
      await petugasKes.signIn('petugas@dinkes.go.id');
      adminKominfo = new Client(t.app);
      await adminKominfo.signIn('admin@kominfo.go.id');
      tim = new Client(t.app);
      await tim.signIn('tim@jatimprov.go.id');
      anon = new Client(t.app);
    });
    after(() => t.close());

    const state = () => t.deps.db.selectFrom('portal_service').selectAll().where('service_id', '=', serviceB).executeTakeFirst();

    test('agency staff see only their own agency’s public services', async () => {
      const mine = await adminKes.getJson('/api/v1/portal/manage/services');
      assert.equal(mine.statusCode, 200);
      assert.deepEqual(mine.json().items.map((i: { name: string }) => i.name), ['Izin Apotek'], 'administrative services are not listed');
      const theirs = await adminKominfo.getJson('/api/v1/portal/manage/services');
      assert.deepEqual(theirs.json().items.map((i: { name: string }) => i.name), ['Permohonan Informasi Publik']);
      const html = await adminKominfo.get('/portal/layanan');
      assert.equal(html.statusCode, 200);
      assert.ok(!html.body.includes('Izin Apotek'));
      assert.equal((await tim.getJson('/api/v1/portal/manage/services')).json().items.length, 2);
      assert.equal((await anon.getJson('/api/v1/portal/manage/services')).statusCode, 401);
    });

    test('agency A cannot publish agency B’s service, by API or form; nothing changes', async () => {
      for (const res of [
        await adminKominfo.send('POST', `/api/v1/portal/manage/services/${serviceB}/publish`),
        await adminKominfo.send('PATCH', `/api/v1/portal/manage/services/${serviceB}`, { published: true, inPersonWhere: 'Di sini' }),
        await adminKominfo.postForm(`/portal/layanan/${serviceB}`, { published: 'true', availability: 'in_person', inPersonWhere: 'Di sini' }),
        await adminKominfo.postForm(`/portal/layanan/${serviceB}/terbitkan`, {}),
        await adminKominfo.getJson(`/api/v1/portal/manage/services/${serviceB}`),
      ]) {
        assert.equal(res.statusCode, 404, res.body.slice(0, 200));
      }
      // Officers of the owning agency read the settings but do not publish.
      assert.equal((await petugasKes.getJson(`/api/v1/portal/manage/services/${serviceB}`)).statusCode, 200);
      assert.equal((await petugasKes.send('POST', `/api/v1/portal/manage/services/${serviceB}/publish`)).statusCode, 403);
      assert.equal((await petugasKes.postForm(`/portal/layanan/${serviceB}`, { availability: 'online' })).statusCode, 403);
      assert.equal(await state(), undefined);
      assert.equal((await anon.get('/layanan/dinkes-izin-apotek')).statusCode, 404);
    });

    test('publishing needs to say where to apply; the form shows the errors', async () => {
      const res = await adminKes.send('POST', `/api/v1/portal/manage/services/${serviceB}/publish`);
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().errors[0].field, 'inPersonWhere');
      const form = await adminKes.postForm(`/portal/layanan/${serviceB}`, { published: 'true', availability: 'elsewhere', elsewhereUrl: 'bukan alamat' });
      assert.equal(form.statusCode, 400);
      assert.match(form.body, /error-summary/);
      assert.match(form.body, /https:\/\//);
      assert.equal((await adminKes.send('PATCH', `/api/v1/portal/manage/services/${serviceB}`, { availability: 'elsewhere' })).statusCode, 400);
      assert.equal((await adminKes.send('PATCH', `/api/v1/portal/manage/services/${serviceB}`, { topics: ['tidak_ada'] })).statusCode, 400);
    });

    test('the owning agency publishes with topics and life events; audited; found by search', async () => {
      const form = await adminKes.postForm(`/portal/layanan/${serviceB}`, {
        published: 'true',
        availability: 'in_person',
        inPersonWhere: 'Kantor Dinas Kesehatan, Jl. A. Yani 118 Surabaya, Senin–Jumat 08.00–15.00',
        keywords: 'apotik farmasi',
        topics: 'kesehatan',
        lifeEvents: 'usaha',
      } as Record<string, string>);
      assert.equal(form.statusCode, 303, form.body.slice(0, 300));
      const row = await state();
      assert.equal(row?.published, true);
      assert.ok(row?.published_at);
      const audit = await t.deps.db.selectFrom('audit_log').selectAll().where('target_id', '=', serviceB).where('action', 'like', 'portal.%').execute();
      assert.deepEqual(audit.map((a) => a.action), ['portal.service.published']);
      assert.equal(audit[0]!.opd_id, dinkes);
      assert.equal(audit[0]!.actor_label, 'admin@dinkes.go.id');
      const found = (await anon.getJson('/api/v1/portal/services?q=apotik')).json();
      assert.deepEqual(found.items.map((i: { name: string }) => i.name), ['Izin Apotek'], 'staff keywords are searchable');
      const byTopic = (await anon.getJson('/api/v1/portal/services?topic=kesehatan&lifeEvent=usaha')).json();
      assert.equal(byTopic.total, 1);
    });

    test('the service page tells the standard in plain language, in both languages', async () => {
      const page = await anon.get('/layanan/dinkes-izin-apotek');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<h1>Izin Apotek<\/h1>/);
      assert.match(page.body, /12 hari kerja/);
      assert.match(page.body, /Rp\s25\.000/);
      assert.match(page.body, /<ol><li>Fotokopi KTP-el pemilik.<\/li><li>Denah lokasi apotek.<\/li><\/ol>/);
      assert.match(page.body, /hanya dapat diajukan secara langsung/);
      assert.match(page.body, /Jl. A. Yani 118/);
      assert.match(page.body, /href="\/aduan\/baru\?service=dinkes-izin-apotek"/);
      assert.match(page.body, /UU 17\/2023/);
      assert.match(page.body, /Belum ada hasil survei kepuasan/);
      const en = await new Client(t.app, { acceptLanguage: 'en' }).get('/layanan/dinkes-izin-apotek');
      assert.match(en.body, /12 working days/);
      assert.match(en.body, /What you need/);
      const api = (await anon.getJson('/api/v1/portal/services/dinkes-izin-apotek')).json();
      assert.equal(api.fee, 25000);
      assert.equal(api.standard.requirements, STANDARD.SD1);
      assert.equal(api.complaintUrl, '/aduan/baru?service=dinkes-izin-apotek');
      assert.deepEqual(api.topics, [{ code: 'kesehatan', name: 'Kesehatan' }]);
      assert.equal(api.ikm.result, null);
    });

    test('online and elsewhere availability show on the page', async () => {
      assert.equal((await adminKes.send('PATCH', `/api/v1/portal/manage/services/${serviceB}`, { availability: 'elsewhere', elsewhereUrl: 'https://oss.go.id' })).statusCode, 200);
      assert.match((await anon.get('/layanan/dinkes-izin-apotek')).body, /href="https:\/\/oss.go.id"/);
      const online = await adminKes.send('PATCH', `/api/v1/portal/manage/services/${serviceB}`, { availability: 'online' });
      assert.equal(online.json().availability, 'online');
      // Online, but no published form yet: the page says so and offers no button that would fail.
      const early = await anon.get('/layanan/dinkes-izin-apotek');
      assert.match(early.body, /Formulir daring layanan ini belum tersedia/);
      assert.doesNotMatch(early.body, /href="\/layanan\/dinkes-izin-apotek\/ajukan"/);
      assert.equal((await anon.getJson('/api/v1/portal/services/dinkes-izin-apotek')).json().requestUrl, null);
      const form = { fields: [{ name: 'nama', type: 'text', label: { id: 'Nama apotek' }, required: true }], documents: [] };
      await t.deps.db
        .insertInto('portal_form')
        .values({ id: t.deps.ids.uuid(), service_id: serviceB, version: 1, definition: JSON.stringify(form), status: 'published', created_by: null, created_at: t.clock.now(), published_at: t.clock.now() })
        .execute();
      const page = await anon.get('/layanan/dinkes-izin-apotek');
      assert.match(page.body, /href="\/layanan\/dinkes-izin-apotek\/ajukan"/);
      assert.equal((await anon.getJson('/api/v1/portal/services/dinkes-izin-apotek')).json().requestUrl, '/layanan/dinkes-izin-apotek/ajukan');
    });

    test('katalog edits reach the search index through the sync; unpublishing hides the page but staff preview it', async () => {
      await t.deps.db.updateTable('katalog_service').set({ name: 'Izin Operasional Apotek', version: 2 }).where('id', '=', serviceB).execute();
      assert.deepEqual(await syncSearchIndex(t.deps), { refreshed: 1 });
      assert.deepEqual((await anon.getJson('/api/v1/portal/services?q=operasional')).json().items.map((i: { name: string }) => i.name), ['Izin Operasional Apotek']);
      assert.deepEqual(await syncSearchIndex(t.deps), { refreshed: 0 });
      const res = await tim.send('POST', `/api/v1/portal/manage/services/${serviceB}/unpublish`);
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().published, false);
      assert.equal((await anon.get('/layanan/dinkes-izin-apotek')).statusCode, 404);
      assert.equal((await anon.getJson('/api/v1/portal/services?q=apotek')).json().total, 0);
      const preview = await petugasKes.get('/layanan/dinkes-izin-apotek');
      assert.equal(preview.statusCode, 200);
      assert.match(preview.body, /Pratinjau/);
      assert.equal((await adminKominfo.get('/layanan/dinkes-izin-apotek')).statusCode, 404);
      // A katalog service that stops being public is unpublished by the sync.
      await tim.send('POST', `/api/v1/portal/manage/services/${serviceB}/publish`);
      await t.deps.db.updateTable('katalog_service').set({ kind: 'administrasi', audience: 'G2G', version: 3 }).where('id', '=', serviceB).execute();
      await syncSearchIndex(t.deps);
      assert.equal((await state())?.published, false);
    });
  });
}
