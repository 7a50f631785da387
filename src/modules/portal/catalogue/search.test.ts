import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from '../../../../test/support/db.ts';
import { Client, createTestApp, createUser, opdId, type TestApp } from '../../../../test/support/app.ts';
import { addServices } from '../testing.ts';
import { searchServices } from './use-cases/search-services.ts';
import { normalizeQuery, planQuery, tokenize, toTsQueryText } from './search-query.ts';

test('query planning: synonyms, corrections and typed-out abbreviations become OR groups', () => {
  assert.deepEqual(tokenize(normalizeQuery('  Akte   KELAHIRAN! ')), ['akte', 'kelahiran']);
  assert.deepEqual(tokenize(normalizeQuery('e-KTP')), ['ktp']);
  const plan = planQuery(
    [
      { token: 'ktp', stopWord: false, known: true, expansions: ['kartu tanda penduduk'], corrections: [] },
      { token: 'dan', stopWord: true, known: true, expansions: [], corrections: [] },
      { token: 'kelahrian', stopWord: false, known: false, expansions: [], corrections: ['kelahiran'] },
    ],
    [],
  );
  assert.deepEqual(plan.groups, [['ktp', 'kartu <-> tanda <-> penduduk'], ['kelahrian', 'kelahiran']]);
  assert.deepEqual(plan.corrected, [{ from: 'kelahrian', to: 'kelahiran' }]);
  assert.equal(toTsQueryText(plan.groups, '&'), '(ktp | (kartu <-> tanda <-> penduduk)) & (kelahrian | kelahiran)');
  const typedOut = planQuery(
    ['kartu', 'tanda', 'penduduk', 'hilang'].map((token) => ({ token, stopWord: false, known: true, expansions: [], corrections: [] })),
    [{ term: 'ktp', expansion: 'kartu tanda penduduk' }],
  );
  assert.deepEqual(typedOut.groups, [['kartu <-> tanda <-> penduduk', 'ktp'], ['hilang']]);
  // Nothing a user types reaches the query text except [a-z0-9] words.
  assert.deepEqual(tokenize(normalizeQuery("izin') | !(apotek & y:*")), ['izin', 'apotek']);
});

for (const engine of engines()) {
  describe(`catalogue search on ${engine}`, () => {
    let t: TestApp;
    let anon: Client;
    let ids: string[];
    const names = async (q: string, extra: Partial<Parameters<typeof searchServices>[1]['filter']> = {}) =>
      (await searchServices(t.deps, { q, filter: extra, page: 1 })).items.map((i) => i.name);

    before(async () => {
      t = await createTestApp(engine);
      anon = new Client(t.app);
      const surabaya = await opdId(t.deps, '35.78');
      const malang = await opdId(t.deps, '35.73');
      const dpmptsp = await opdId(t.deps, 'dpmptsp');
      const dinkes = await opdId(t.deps, 'dinkes');
      ids = await addServices(t.deps.db, t.clock.now(), [
        { opdId: dpmptsp, name: 'Perizinan Berusaha Berbasis Risiko', description: 'Penerbitan perizinan berusaha kewenangan provinsi melalui OSS.', published: true, topics: ['perizinan'], lifeEvents: ['usaha'] },
        { opdId: dinkes, name: 'Izin Apotek', description: 'Izin operasional apotek.', published: true, topics: ['kesehatan'] },
        { opdId: surabaya, name: 'Penerbitan Akta Kelahiran', description: 'Pencatatan kelahiran anak.', published: true, popularity: 10, lifeEvents: ['kelahiran'] },
        { opdId: malang, name: 'Penerbitan Akta Kelahiran', description: 'Pencatatan kelahiran anak.', published: true, popularity: 900, lifeEvents: ['kelahiran'] },
        { opdId: surabaya, name: 'Penerbitan Kartu Identitas Anak', description: 'Kartu identitas bagi anak; lampirkan akta kelahiran.', published: true, lifeEvents: ['kelahiran', 'sekolah'] },
        { opdId: surabaya, name: 'Penerbitan Akta Kematian', description: 'Pencatatan kematian penduduk.', published: true },
        { opdId: surabaya, name: 'Penerbitan Kartu Tanda Penduduk Elektronik', description: 'Perekaman dan pencetakan kartu identitas penduduk.', published: true },
        { opdId: malang, name: 'Perekaman Data KTP-el Keliling', description: 'Perekaman di kecamatan.', published: true },
        { opdId: surabaya, name: 'Pembaruan Kartu Keluarga', description: 'Perubahan susunan anggota keluarga.', published: true },
        { opdId: surabaya, name: 'Persetujuan Bangunan Gedung', description: 'Persetujuan membangun atau mengubah bangunan.', published: true, topics: ['pekerjaan_umum'] },
        { opdId: dinkes, name: 'Izin Rahasia yang Belum Terbit', published: false },
        { opdId: dinkes, name: 'Izin Katalog Tanpa Portal' },
      ]);
    });
    after(() => t.close());

    test('affixes: "izin" finds "perizinan" and "perizinan" finds "izin"', async () => {
      const izin = await names('izin');
      assert.ok(izin.includes('Perizinan Berusaha Berbasis Risiko'));
      assert.ok(izin.includes('Izin Apotek'));
      assert.ok((await names('perizinan')).includes('Izin Apotek'));
    });

    test('typos are corrected from the catalogue vocabulary', async () => {
      const result = await searchServices(t.deps, { q: 'perizinann', filter: {}, page: 1 });
      assert.ok(result.items.some((i) => i.name === 'Perizinan Berusaha Berbasis Risiko'), JSON.stringify(result.items.map((i) => i.name)));
      assert.deepEqual(result.corrected, [{ from: 'perizinann', to: 'perizinan' }]);
      const akte = await names('akte kelahrian');
      assert.equal(akte[0], 'Penerbitan Akta Kelahiran');
      assert.ok(!akte.includes('Penerbitan Akta Kematian'), 'every word must match once corrected');
    });

    test('abbreviations expand both ways (KTP, KK, IMB → PBG)', async () => {
      const ktp = await names('KTP');
      assert.deepEqual(new Set(ktp), new Set(['Penerbitan Kartu Tanda Penduduk Elektronik', 'Perekaman Data KTP-el Keliling']));
      const typed = await names('kartu tanda penduduk');
      assert.ok(typed.includes('Perekaman Data KTP-el Keliling'), 'the typed-out phrase also finds services that only say KTP');
      assert.deepEqual(await names('kk'), ['Pembaruan Kartu Keluarga']);
      assert.deepEqual(await names('imb'), ['Persetujuan Bangunan Gedung']);
      assert.deepEqual(await names('PBG'), ['Persetujuan Bangunan Gedung']);
    });

    test('ranking: a match in the name beats one in the description; more used services first', async () => {
      const result = await searchServices(t.deps, { q: 'akta kelahiran', filter: {}, page: 1 });
      const order = result.items.map((i) => `${i.name}|${i.opd_name}`);
      assert.equal(result.mode, 'all');
      assert.equal(order[0], 'Penerbitan Akta Kelahiran|Pemerintah Kota Malang', 'the more popular of two equal names first');
      assert.equal(order[1], 'Penerbitan Akta Kelahiran|Pemerintah Kota Surabaya');
      assert.equal(order[2]?.split('|')[0], 'Penerbitan Kartu Identitas Anak');
      assert.ok(result.items[1]!.score > result.items[2]!.score);
    });

    test('where the searcher lives ranks first: their regency or city, then the province', async () => {
      const first = async (home: string | null, q: string, filter = {}) => (await searchServices(t.deps, { q, filter, home, page: 1 })).items[0]!.opd_name;
      assert.equal(await first(null, 'akta kelahiran'), 'Pemerintah Kota Malang', 'without a home, the more used');
      assert.equal(await first('35.78', 'akta kelahiran'), 'Pemerintah Kota Surabaya');
      assert.equal(await first('35.73', 'akta kelahiran'), 'Pemerintah Kota Malang');
      assert.equal(await first('35.78', 'akta kelahrian'), 'Pemerintah Kota Surabaya', 'with a corrected word too');
      assert.equal(await first('35.78', '', { lifeEvent: 'kelahiran' }), 'Pemerintah Kota Surabaya', 'and when browsing');
      // Their own city's services, then the province's, then other cities'.
      const all = (await searchServices(t.deps, { q: '', filter: {}, home: '35.73', page: 1 })).items.map((i) => i.opd_name);
      const dpmptsp = all.findIndex((n) => n !== 'Pemerintah Kota Malang');
      assert.deepEqual(all.slice(0, dpmptsp), ['Pemerintah Kota Malang', 'Pemerintah Kota Malang']);
      assert.ok(all.slice(dpmptsp, dpmptsp + 2).every((n) => n !== 'Pemerintah Kota Surabaya'), JSON.stringify(all));
      assert.ok(all.slice(dpmptsp + 2).every((n) => n === 'Pemerintah Kota Surabaya'), JSON.stringify(all));
      // Only an order among matches: a service elsewhere is still found when home has none.
      assert.equal(await first('35.73', 'kartu keluarga'), 'Pemerintah Kota Surabaya', 'Malang has no family-card service here');

      // The page uses the signed-in citizen's profile (a district counts as its city); the API also takes ?region=.
      const userId = await createUser(t.deps, { email: 'warga.malang@example.org', roles: [{ role: 'warga' }] });
      await t.deps.db.insertInto('portal_citizen').values({ user_id: userId, region_code: '35.73.01', created_at: t.clock.now(), updated_at: t.clock.now() }).execute();
      const citizen = new Client(t.app);
      await citizen.signIn('warga.malang@example.org');
      const order = (html: string) => [...html.matchAll(/Pemerintah Kota (Surabaya|Malang)/g)].map((m) => m[1]);
      assert.equal(order((await citizen.get('/layanan/cari?q=akta+kelahiran')).body)[0], 'Malang');
      assert.equal((await citizen.getJson('/api/v1/portal/services?q=akta+kelahiran')).json().items[0].opdName, 'Pemerintah Kota Malang');
      assert.equal((await anon.getJson('/api/v1/portal/services?q=akta+kelahiran&region=35.78')).json().items[0].opdName, 'Pemerintah Kota Surabaya');
      const bad = await anon.getJson('/api/v1/portal/services?q=akta&region=surabaya');
      assert.equal(bad.statusCode, 400);
    });

    test('no match for all words falls back to any word, then to similar names', async () => {
      const any = await searchServices(t.deps, { q: 'akta apotek', filter: {}, page: 1 });
      assert.equal(any.mode, 'any');
      assert.ok(any.items.some((i) => i.name === 'Izin Apotek'));
      const none = await searchServices(t.deps, { q: 'zzzqqq', filter: {}, page: 1 });
      assert.equal(none.total, 0);
    });

    test('unpublished and portal-less katalog services are never found; filters narrow', async () => {
      assert.ok(!(await names('rahasia')).length);
      assert.ok(!(await names('katalog tanpa portal')).some((n) => n.includes('Tanpa Portal')));
      const births = await searchServices(t.deps, { q: '', filter: { lifeEvent: 'kelahiran' }, page: 1 });
      assert.equal(births.mode, 'browse');
      assert.deepEqual(births.items.map((i) => i.name).sort(), ['Penerbitan Akta Kelahiran', 'Penerbitan Akta Kelahiran', 'Penerbitan Kartu Identitas Anak']);
      assert.equal(births.items[0]!.opd_name, 'Pemerintah Kota Malang', 'browsing lists the most used first');
      const malang = await opdId(t.deps, '35.73');
      assert.deepEqual((await names('akta', { opdId: malang })), ['Penerbitan Akta Kelahiran']);
      assert.deepEqual((await names('', { topic: 'perizinan' })), ['Perizinan Berusaha Berbasis Risiko']);
    });

    test('the search page and API answer without signing in', async () => {
      const page = await anon.get('/layanan/cari?q=akte+kelahrian');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Penerbitan Akta Kelahiran/);
      assert.match(page.body, /Termasuk hasil untuk: kelahiran/);
      const api = await anon.getJson('/api/v1/portal/services?q=ktp');
      assert.equal(api.statusCode, 200);
      const body = api.json();
      assert.equal(body.total, 2);
      assert.equal(body.mode, 'all');
      assert.ok(body.items.every((i: { key: string; availability: string }) => i.key && i.availability === 'in_person'));
      const browse = await anon.get('/layanan/cari?peristiwa=kelahiran');
      assert.match(browse.body, /Layanan untuk peristiwa: Kelahiran/);
      assert.equal((await anon.get('/layanan/cari?peristiwa=tidak_ada')).statusCode, 404);
      const home = await anon.get('/layanan');
      assert.equal(home.statusCode, 200);
      assert.match(home.body, /Kelahiran/);
      assert.match(home.body, /Pemerintah Kota Malang/);
      void ids;
    });
  });
}
