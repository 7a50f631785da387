import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from '../../../../../test/support/db.ts';
import { Client, createTestApp, createUser, opdId, type TestApp } from '../../../../../test/support/app.ts';

interface Node {
  code: string;
  level: number;
  origin: string;
  retired: boolean;
  name: string;
  children: Node[];
}

for (const engine of engines()) {
  describe(`katalog reference architecture codes on ${engine}`, () => {
    let t: TestApp;
    const c = {} as Record<'spbe' | 'kominfoAdmin', Client>;

    before(async () => {
      t = await createTestApp(engine);
      const people = {
        spbe: { email: 'tim.spbe@jatimprov.go.id', roles: [{ role: 'tim_spbe' as const }] },
        kominfoAdmin: { email: 'admin@kominfo.go.id', roles: [{ role: 'admin_opd' as const, opd: 'diskominfo' }] },
      };
      for (const [name, p] of Object.entries(people)) {
        await createUser(t.deps, p);
        c[name as keyof typeof c] = new Client(t.app);
        await c[name as keyof typeof c].signIn(p.email);
      }
    });
    after(() => t.close());

    test('the national codes form a public tree, by kind', async () => {
      const res = await new Client(t.app).getJson('/api/v1/katalog/arch-ref/tree?kind=RAB');
      assert.equal(res.statusCode, 200);
      const roots = res.json().items as Node[];
      assert.equal(roots.length, 9);
      const rab09 = roots.find((r) => r.code === 'RAB.09')!;
      assert.ok(rab09.children.some((n) => n.code === 'RAB.09.01' && n.level === 2 && n.origin === 'national'));
      const page = await new Client(t.app).get('/katalog/arch-ref?kind=RAB');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<code>RAB.09.01<\/code> Dalam Negeri/);
      assert.doesNotMatch(page.body, /Tambah kode di bawah/, 'no management links for the public');
    });

    test('the SPBE team adds level 3-4 codes that extend their parent; wrong places are refused', async () => {
      const add = (client: Client, body: Record<string, string>) => client.send('POST', '/api/v1/katalog/arch-ref', body);
      assert.equal((await add(c.kominfoAdmin, { parentCode: 'RAB.09.01', code: 'RAB.09.01.01', name: 'Administrasi Kependudukan' })).statusCode, 403);
      const wrongPrefix = await add(c.spbe, { parentCode: 'RAB.09.01', code: 'RAB.09.02.01', name: 'Salah induk' });
      assert.equal(wrongPrefix.statusCode, 400);
      assert.match(wrongPrefix.body, /Kode harus diawali kode induk RAB.09.01/);
      const underLevel1 = await add(c.spbe, { parentCode: 'RAB.09', code: 'RAB.09.99', name: 'Tingkat dua' });
      assert.match(underLevel1.body, /hanya boleh ditambahkan di bawah kode nasional tingkat 2/);
      const ok = await add(c.spbe, { parentCode: 'RAB.09.01', code: 'rab.09.01.01', name: 'Administrasi Kependudukan' });
      assert.equal(ok.statusCode, 201, ok.body);
      assert.deepEqual(ok.json(), { code: 'RAB.09.01.01', kind: 'RAB', name: 'Administrasi Kependudukan', level: 3, origin: 'province', retired: false, parentCode: 'RAB.09.01' });
      assert.match((await add(c.spbe, { parentCode: 'RAB.09.01', code: 'RAB.09.01.01', name: 'Lagi' })).body, /Kode RAB.09.01.01 sudah ada/);
      const form = await c.spbe.postForm('/katalog/arch-ref', { parentCode: 'RAB.09.01.01', code: 'RAB.09.01.01.01', name: 'Pencatatan Sipil' });
      assert.equal(form.statusCode, 303, form.body.slice(0, 300));
      const level5 = await c.spbe.postForm('/katalog/arch-ref', { parentCode: 'RAB.09.01.01.01', code: 'RAB.09.01.01.01.01', name: 'Terlalu dalam' });
      assert.equal(level5.statusCode, 400);
      assert.match(level5.body, /hanya boleh ditambahkan/);
      const tree = (await c.spbe.getJson('/api/v1/katalog/arch-ref/tree?kind=RAB')).json().items as Node[];
      const l3 = tree.find((r) => r.code === 'RAB.09')!.children.find((n) => n.code === 'RAB.09.01')!.children[0]!;
      assert.deepEqual([l3.code, l3.origin, l3.children.map((n) => [n.code, n.level])], ['RAB.09.01.01', 'province', [['RAB.09.01.01.01', 4]]]);
      const page = await c.spbe.get('/katalog/arch-ref?kind=RAB');
      assert.match(page.body, /Tambah kode di bawah RAB.09.01</);
      assert.match(page.body, /<code>RAB.09.01.01<\/code> Administrasi Kependudukan <span class="badge">provinsi<\/span>/);
    });

    test('national codes are read-only; province codes are renamed and retired, children first', async () => {
      const national = await c.spbe.send('PATCH', '/api/v1/katalog/arch-ref/RAB.09.01', { name: 'Diubah' });
      assert.equal(national.statusCode, 403);
      assert.match(national.body, /Kode nasional hanya bisa dibaca/);
      assert.equal((await c.spbe.postForm('/katalog/arch-ref/RAB.09.01/retire', {})).statusCode, 403);
      assert.equal((await c.kominfoAdmin.send('PATCH', '/api/v1/katalog/arch-ref/RAB.09.01.01', { name: 'Diubah' })).statusCode, 403);

      const renamed = await c.spbe.postForm('/katalog/arch-ref/RAB.09.01.01', { name: 'Kependudukan dan Pencatatan Sipil' });
      assert.equal(renamed.statusCode, 303);
      const withChild = await c.spbe.send('POST', '/api/v1/katalog/arch-ref/RAB.09.01.01/retire');
      assert.equal(withChild.statusCode, 400);
      assert.match(withChild.body, /masih punya kode turunan yang berlaku: RAB.09.01.01.01/);
      assert.equal((await c.spbe.send('POST', '/api/v1/katalog/arch-ref/RAB.09.01.01.01/retire')).json().retired, true);
      assert.equal((await c.spbe.postForm('/katalog/arch-ref/RAB.09.01.01/retire', {})).statusCode, 303);
      const audit = await t.deps.db.selectFrom('audit_log').select(['action', 'target_id']).where('target_type', '=', 'katalog_arch_ref').orderBy('id').execute();
      assert.deepEqual(audit.map((a) => `${a.action} ${a.target_id}`), [
        'katalog.arch_ref.added RAB.09.01.01',
        'katalog.arch_ref.added RAB.09.01.01.01',
        'katalog.arch_ref.renamed RAB.09.01.01',
        'katalog.arch_ref.retired RAB.09.01.01.01',
        'katalog.arch_ref.retired RAB.09.01.01',
      ]);
      const page = await c.spbe.get('/katalog/arch-ref?kind=RAB');
      assert.match(page.body, /<s>Kependudukan dan Pencatatan Sipil<\/s> <span class="badge">provinsi<\/span> <span class="badge">tidak berlaku<\/span>/);
    });

    test('a retired code is refused for new records', async () => {
      assert.equal((await c.spbe.send('POST', '/api/v1/katalog/arch-ref', { parentCode: 'RAL.01.01', code: 'RAL.01.01.07', name: 'Layanan lama' })).statusCode, 201);
      await c.spbe.send('POST', '/api/v1/katalog/arch-ref/RAL.01.01.07/retire');
      const svc = await c.spbe.send('POST', '/api/v1/katalog/services', { name: 'Layanan Uji', audience: 'G2C', opdId: await opdId(t.deps, 'diskominfo'), ralCode: 'RAL.01.01.07' });
      assert.equal(svc.statusCode, 400);
      assert.match(svc.body, /Kode RAL.01.01.07 sudah tidak berlaku/);
      const en = new Client(t.app, { acceptLanguage: 'en' });
      await en.signIn('tim.spbe@jatimprov.go.id');
      assert.match((await en.send('PATCH', '/api/v1/katalog/arch-ref/RAL.01.01', { name: 'x y' })).body, /National codes are read-only/);
    });
  });
}
