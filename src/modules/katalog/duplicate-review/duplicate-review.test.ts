import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from '../../../../test/support/db.ts';
import { Client, createTestApp, createUser, opdId, type TestApp } from '../../../../test/support/app.ts';
import { PassThrough } from 'node:stream';
import { resetDuplicateCache } from './use-cases/find-duplicates.ts';
import { duplicatesCommand } from './cli.ts';

for (const engine of engines()) {
  describe(`katalog duplicate review on ${engine}`, () => {
    let t: TestApp;
    let spbe: Client;
    let kominfoAdmin: Client;
    let auditor: Client;
    const ids: Record<string, string> = {};

    before(async () => {
      t = await createTestApp(engine);
      await createUser(t.deps, { email: 'tim.spbe@jatimprov.go.id', roles: [{ role: 'tim_spbe' }] });
      await createUser(t.deps, { email: 'admin@kominfo.go.id', roles: [{ role: 'admin_opd', opd: 'diskominfo' }] });
      await createUser(t.deps, { email: 'auditor@jatimprov.go.id', roles: [{ role: 'auditor' }] });
      spbe = new Client(t.app);
      await spbe.signIn('tim.spbe@jatimprov.go.id');
      kominfoAdmin = new Client(t.app);
      await kominfoAdmin.signIn('admin@kominfo.go.id');
      auditor = new Client(t.app);
      await auditor.signIn('auditor@jatimprov.go.id');
      const apps: [string, string, string, string | null, string][] = [
        ['simpeg-bkd', 'SIMPEG', 'bkd', 'Pengelolaan data induk pegawai dan riwayat kepangkatan', 'khusus'],
        ['sim-kepegawaian-setda', 'Sistem Informasi Manajemen Kepegawaian', 'setda', 'Data pegawai, riwayat pangkat dan jabatan', 'khusus'],
        ['izin-kesehatan', 'SI Perizinan Kesehatan', 'dinkes', 'Izin praktik tenaga kesehatan dan izin fasilitas kesehatan', 'khusus'],
        ['izin-usaha', 'SI Perizinan Usaha', 'dpmptsp', 'Perizinan berusaha dan penanaman modal', 'khusus'],
        ['e-arsip', 'e-Arsip', 'diskominfo', 'Pengelolaan arsip dinamis dan statis', 'khusus'],
        ['e-absen', 'e-Absen', 'diskominfo', 'Kehadiran harian pegawai', 'khusus'],
      ];
      for (const [key, name, opd, description, category] of apps) {
        const res = await spbe.send('POST', '/api/v1/katalog/apps', { key, name, description, category, opdId: await opdId(t.deps, opd) });
        assert.equal(res.statusCode, 201, res.body);
        ids[key] = res.json().id;
      }
    });
    beforeEach(() => resetDuplicateCache(t.deps.db));
    after(() => t.close());

    async function groups(client = spbe, query = '') {
      const res = await client.getJson(`/api/v1/katalog/duplicates${query}`);
      assert.equal(res.statusCode, 200, res.body);
      return res.json().groups as { id: string; kind: string; appKeys: string[]; status: string; reasons: { code: string; detail: string }[] }[];
    }
    // Two apps both resembling a national general application also share a look-alike group;
    // "suggested as duplicates of each other" means a similar-name or same-capability group.
    const hasPair = (list: { kind: string; appKeys: string[] }[], a: string, b: string) =>
      list.some((g) => g.kind !== 'aplikasi_umum_lookalike' && g.appKeys.includes(a) && g.appKeys.includes(b));

    test('the acronym and its expansion are found across agencies; look-alike names with different functions are not', async () => {
      const list = await groups();
      const simpeg = list.find((g) => g.kind === 'similar_name' && g.appKeys.includes('simpeg-bkd') && g.appKeys.includes('sim-kepegawaian-setda'));
      assert.ok(simpeg, JSON.stringify(list));
      assert.ok(simpeg.reasons.some((r) => r.code === 'acronym_expansion'), JSON.stringify(simpeg.reasons));
      assert.equal(simpeg.status, 'open');
      assert.ok(!hasPair(list, 'izin-kesehatan', 'izin-usaha'), 'different licences are different jobs');
      assert.ok(!hasPair(list, 'e-arsip', 'e-absen'), 'archives and attendance are different jobs');
    });

    test('only those who see every agency may look; only the SPBE team and admins review', async () => {
      assert.equal((await kominfoAdmin.getJson('/api/v1/katalog/duplicates')).statusCode, 403);
      assert.equal((await new Client(t.app).getJson('/api/v1/katalog/duplicates')).statusCode, 401);
      const list = await groups(auditor);
      const before = await t.deps.db.selectFrom('katalog_duplicate_review').selectAll().execute();
      assert.equal((await auditor.send('POST', `/api/v1/katalog/duplicates/${list[0]!.id}/review`, { status: 'dismissed' })).statusCode, 403);
      assert.deepEqual(await t.deps.db.selectFrom('katalog_duplicate_review').selectAll().execute(), before);
    });

    test('confirm through the form, dismiss through the API; a dismissal is remembered and can be reopened', async () => {
      const page = await spbe.get('/katalog/duplicates');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Kandidat aplikasi duplikat/);
      assert.match(page.body, /Singkatan cocok dengan kepanjangannya/);
      const simpeg = (await groups()).find((g) => g.kind === 'similar_name' && g.appKeys.includes('simpeg-bkd'))!;
      const confirmed = await spbe.postForm(`/katalog/duplicates/${simpeg.id}/review`, { status: 'confirmed', note: 'Satu SIMPEG provinsi', returnTo: '/katalog/duplicates?status=open' });
      assert.equal(confirmed.statusCode, 303);
      assert.equal(confirmed.headers.location, '/katalog/duplicates?status=open');
      const afterConfirm = (await groups(spbe, '?status=confirmed')).map((g) => g.id);
      assert.deepEqual(afterConfirm, [simpeg.id]);
      const audit = await t.deps.db.selectFrom('audit_log').select(['action', 'target_id']).where('action', '=', 'katalog.duplicates.confirmed').execute();
      assert.deepEqual(audit.map((a) => a.target_id).sort(), [ids['simpeg-bkd'], ids['sim-kepegawaian-setda']].sort());

      const dismissed = await spbe.send('POST', `/api/v1/katalog/duplicates/${simpeg.id}/review`, { status: 'dismissed', note: 'Berbeda: satu untuk PPPK' });
      assert.equal(dismissed.statusCode, 200);
      resetDuplicateCache(t.deps.db);
      assert.ok(!hasPair(await groups(), 'simpeg-bkd', 'sim-kepegawaian-setda'), 'a dismissed pair is not suggested again');
      // Even when the apps change, the dismissed pair stays apart.
      assert.equal((await spbe.send('PATCH', `/api/v1/katalog/apps/${ids['simpeg-bkd']}`, { description: 'Data induk pegawai provinsi' })).statusCode, 200);
      assert.ok(!hasPair(await groups(), 'simpeg-bkd', 'sim-kepegawaian-setda'));

      const reopened = await spbe.send('POST', `/api/v1/katalog/duplicates/${simpeg.id}/review`, { status: 'open' });
      assert.equal(reopened.statusCode, 200);
      assert.ok(hasPair(await groups(), 'simpeg-bkd', 'sim-kepegawaian-setda'), 'reopening forgets the dismissal');
      assert.equal((await spbe.send('POST', '/api/v1/katalog/duplicates/0123456789abcdef/review', { status: 'confirmed' })).statusCode, 404);
    });

    test('padu katalog duplicates --json prints the groups with keys, score and reasons', async () => {
      const out = new PassThrough();
      const err = new PassThrough();
      let printed = '';
      out.on('data', (c) => (printed += c));
      const ctx = { config: t.deps.config, withDeps: <T,>(fn: (d: typeof t.deps) => Promise<T>) => fn(t.deps), stdout: out, stderr: err };
      assert.equal(await duplicatesCommand.run(['--json', '--kind', 'similar_name'], ctx), 0);
      const parsed = JSON.parse(printed) as { groups: { appKeys: string[]; score: number; reasons: { code: string }[]; kind: string }[]; appsConsidered: number };
      assert.ok(parsed.groups.length > 0);
      assert.ok(parsed.groups.every((g) => g.kind === 'similar_name' && g.score > 0 && g.reasons.length > 0));
      assert.ok(parsed.groups.some((g) => g.appKeys.includes('simpeg-bkd')));
      assert.equal(await duplicatesCommand.run(['--kind', 'nonsense'], ctx), 2);
    });

    test('reasons read in English on request', async () => {
      const en = new Client(t.app, { acceptLanguage: 'en' });
      await en.signIn('tim.spbe@jatimprov.go.id');
      const page = await en.get('/katalog/duplicates');
      assert.match(page.body, /Duplicate application candidates/);
      assert.match(page.body, /Acronym matches its expansion/);
    });
  });
}
