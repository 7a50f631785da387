import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from '../../../test/support/db.ts';
import { Client, createTestApp, createUser, opdId, type TestApp } from '../../../test/support/app.ts';
import { sha256 } from '../auth/crypto.ts';
import { registerOpdMergeHandler } from './index.ts';

const merges: { fromId: string; toId: string }[] = [];
registerOpdMergeHandler('org-test', async (_tx, m) => void merges.push({ fromId: m.fromId, toId: m.toId }));

for (const engine of engines()) {
  describe(`agencies (opd) on ${engine}`, () => {
    let t: TestApp;
    let admin: Client;
    let kominfoAdmin: Client;
    let diskominfo: string;
    let dinkes: string;

    before(async () => {
      t = await createTestApp(engine);
      await createUser(t.deps, { email: 'admin@jatimprov.go.id', roles: [{ role: 'admin' }] });
      await createUser(t.deps, { email: 'admin@kominfo.go.id', roles: [{ role: 'admin_opd', opd: 'diskominfo' }] });
      admin = new Client(t.app);
      await admin.signIn('admin@jatimprov.go.id');
      kominfoAdmin = new Client(t.app);
      await kominfoAdmin.signIn('admin@kominfo.go.id');
      diskominfo = await opdId(t.deps, 'diskominfo');
      dinkes = await opdId(t.deps, 'dinkes');
    });
    after(() => t.close());

    const count = async (table: 'opd' | 'audit_log' | 'opd_name_history') =>
      Number((await t.deps.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

    test('anyone can list agencies and regions; the 38 regencies/cities are agencies of their own', async () => {
      const anon = new Client(t.app);
      const pemda = await anon.getJson('/api/v1/opd?kind=pemda');
      assert.equal(pemda.statusCode, 200);
      assert.equal(pemda.json().items.length, 38);
      assert.ok(pemda.json().items.some((o: { name: string; regionName: string }) => o.regionName === 'Kota Surabaya'));
      const found = await anon.getJson('/api/v1/opd?q=kominfo');
      assert.ok(found.json().items.some((o: { code: string }) => o.code === 'diskominfo'));
      const regions = await anon.getJson('/api/v1/regions');
      assert.equal(regions.json().items.filter((r: { kind: string }) => r.kind === 'kabupaten' || r.kind === 'kota').length, 38);
      const detail = await anon.getJson(`/api/v1/opd/${diskominfo}`);
      assert.equal(detail.json().code, 'diskominfo');
      assert.equal(detail.json().nameHistory.length, 1);
      assert.equal((await anon.getJson('/api/v1/opd/00000000-0000-4000-8000-000000000000')).statusCode, 404);
      const signIn = await anon.get('/admin/opd');
      assert.equal(signIn.statusCode, 401, 'the admin screen asks anonymous visitors to sign in');
      assert.match(signIn.body, /href="\/login\?next=%2Fadmin%2Fopd"/);
      const list = await kominfoAdmin.get('/admin/opd?kind=pemda');
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /Kota Surabaya/);
    });

    test('an admin adds an agency through the form; bad input is refused in Indonesian and changes nothing', async () => {
      const before = await count('opd');
      const bad = await admin.postForm('/admin/opd', { code: 'Bad Code!', name: 'X', kind: 'dinas', regionCode: '99', website: 'ftp://x' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /class="error-summary"/);
      assert.match(bad.body, /href="#f-code"/);
      assert.match(bad.body, /href="#f-website"/);
      const duplicate = await admin.postForm('/admin/opd', { code: 'diskominfo', name: 'Dinas Baru', kind: 'dinas', regionCode: '35' });
      assert.equal(duplicate.statusCode, 400);
      assert.match(duplicate.body, /Kode ini sudah dipakai perangkat daerah lain/);
      const unknownRegion = await admin.send('POST', '/api/v1/opd', { code: 'dinas-x', name: 'Dinas X', kind: 'dinas', regionCode: '99.99' });
      assert.equal(unknownRegion.statusCode, 400);
      assert.equal(await count('opd'), before);

      const created = await admin.postForm('/admin/opd', {
        code: 'upt-pusdatin',
        name: 'UPT Pusat Data dan Informasi',
        abbreviation: 'Pusdatin',
        kind: 'upt',
        parentId: diskominfo,
        regionCode: '35',
        website: 'https://pusdatin.jatimprov.go.id',
        social_instagram: 'https://instagram.com/pusdatin.jatim',
      });
      assert.equal(created.statusCode, 303);
      const id = String(created.headers.location).split('/').pop()!;
      const detail = (await admin.getJson(`/api/v1/opd/${id}`)).json();
      assert.equal(detail.parentId, diskominfo);
      assert.deepEqual(detail.socialMedia, { instagram: 'https://instagram.com/pusdatin.jatim' });
      const audit = await t.deps.db.selectFrom('audit_log').selectAll().where('target_id', '=', id).execute();
      assert.deepEqual(audit.map((a) => a.action), ['opd.created']);
      assert.ok((await kominfoAdmin.get(`/api/v1/opd/${diskominfo}`, { headers: { accept: 'application/json' } })).json().children.some((c: { id: string }) => c.id === id));
    });

    test('a rename keeps the old name in the history and in the audit log', async () => {
      const { opdId: id } = await created('biro-lama', 'Biro Organisasi Lama');
      t.clock.advance(60_000);
      const res = await admin.send('PATCH', `/api/v1/opd/${id}`, { name: 'Biro Organisasi dan Tata Laksana' });
      assert.equal(res.statusCode, 200);
      const history = res.json().nameHistory;
      assert.deepEqual(history.map((h: { name: string }) => h.name), ['Biro Organisasi dan Tata Laksana', 'Biro Organisasi Lama']);
      assert.equal(history[0].validTo, null);
      assert.equal(history[1].validTo, history[0].validFrom);
      const audit = await t.deps.db.selectFrom('audit_log').selectAll().where('target_id', '=', id).where('action', '=', 'opd.renamed').executeTakeFirstOrThrow();
      assert.deepEqual(audit.before, { name: 'Biro Organisasi Lama' });
      assert.deepEqual(audit.after, { name: 'Biro Organisasi dan Tata Laksana' });
      const page = await admin.get(`/admin/opd/${id}`);
      assert.match(page.body, /Riwayat nama/);
      assert.match(page.body, /Biro Organisasi Lama/);
    });

    test("an agency admin keeps their own website and social media current, and nothing more", async () => {
      const own = await kominfoAdmin.postForm(`/admin/opd/${diskominfo}`, { website: 'https://kominfo.jatimprov.go.id', social_youtube: 'https://youtube.com/@kominfojatim' });
      assert.equal(own.statusCode, 303);
      const after = (await kominfoAdmin.getJson(`/api/v1/opd/${diskominfo}`)).json();
      assert.equal(after.website, 'https://kominfo.jatimprov.go.id');
      assert.deepEqual(after.socialMedia, { youtube: 'https://youtube.com/@kominfojatim' });
      const rename = await kominfoAdmin.send('PATCH', `/api/v1/opd/${diskominfo}`, { name: 'Dinas Kominfo Baru' });
      assert.equal(rename.statusCode, 403);
      assert.match(rename.body, /Hanya administrator platform/);
      const before = JSON.stringify(await t.deps.db.selectFrom('opd').selectAll().where('id', '=', dinkes).execute());
      assert.equal((await kominfoAdmin.send('PATCH', `/api/v1/opd/${dinkes}`, { website: 'https://evil.example' })).statusCode, 403);
      assert.equal((await kominfoAdmin.postForm(`/admin/opd/${dinkes}`, { website: 'https://evil.example' })).statusCode, 403);
      assert.equal(JSON.stringify(await t.deps.db.selectFrom('opd').selectAll().where('id', '=', dinkes).execute()), before);
      const page = await kominfoAdmin.get(`/admin/opd/${diskominfo}`);
      assert.ok(!page.body.includes('name="name"'), 'no rename field for an agency admin');
      assert.ok(!page.body.includes('/merge'), 'no merge form for an agency admin');
    });

    test('a parent cannot be the agency itself or one of its units', async () => {
      const parent = await created('induk-a', 'Badan Induk A');
      const child = await created('anak-a', 'UPT Anak A', parent.opdId);
      const res = await admin.send('PATCH', `/api/v1/opd/${parent.opdId}`, { parentId: child.opdId });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().errors[0].field, 'parentId');
      assert.equal((await admin.send('PATCH', `/api/v1/opd/${parent.opdId}`, { parentId: parent.opdId })).statusCode, 400);
    });

    test('merging moves staff roles, units and module records, revokes tokens and keeps the old agency in history', async () => {
      const from = await created('dinas-lama', 'Dinas Lama');
      const into = await created('dinas-baru', 'Dinas Baru');
      const unit = await created('upt-lama', 'UPT Dinas Lama', from.opdId);
      const both = await createUser(t.deps, { email: 'dua@jatimprov.go.id', roles: [{ role: 'petugas', opd: 'dinas-lama' }, { role: 'petugas', opd: 'dinas-baru' }] });
      const onlyOld = await createUser(t.deps, { email: 'lama@jatimprov.go.id', roles: [{ role: 'admin_opd', opd: 'dinas-lama' }] });
      const raw = 'padu_mergetok_secretsecretsecretsecretsecret';
      await t.deps.db
        .insertInto('api_token')
        .values({ id: t.deps.ids.uuid(), opd_id: from.opdId, name: 'sistem lama', token_prefix: 'mergetok', token_hash: sha256(raw), scopes: [], created_by: null, created_at: t.clock.now(), expires_at: null, last_used_at: null, revoked_at: null })
        .execute();

      const noConfirm = await admin.postForm(`/admin/opd/${from.opdId}/merge`, { intoId: into.opdId });
      assert.equal(noConfirm.statusCode, 400);
      assert.match(noConfirm.body, /Centang konfirmasi/);
      const self = await admin.send('POST', `/api/v1/opd/${from.opdId}/merge`, { intoId: from.opdId });
      assert.equal(self.statusCode, 400);

      const res = await admin.postForm(`/admin/opd/${from.opdId}/merge`, { intoId: into.opdId, confirm: 'yes' });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, `/admin/opd/${into.opdId}`);

      const old = (await admin.getJson(`/api/v1/opd/${from.opdId}`)).json();
      assert.equal(old.active, false);
      assert.equal(old.mergedIntoId, into.opdId);
      assert.notEqual(old.nameHistory[0].validTo, null);
      const grants = await t.deps.db.selectFrom('role_grant').select(['user_id', 'role', 'opd_id']).where('user_id', 'in', [both, onlyOld]).execute();
      assert.deepEqual(grants.filter((g) => g.user_id === both).map((g) => g.opd_id), [into.opdId], 'the duplicate grant is dropped');
      assert.deepEqual(grants.filter((g) => g.user_id === onlyOld).map((g) => [g.role, g.opd_id]), [['admin_opd', into.opdId]]);
      assert.equal((await t.deps.db.selectFrom('opd').select('parent_id').where('id', '=', unit.opdId).executeTakeFirstOrThrow()).parent_id, into.opdId);
      assert.equal((await new Client(t.app, { bearer: raw }).getJson('/api/v1/me')).statusCode, 401, 'the old agency token no longer works');
      assert.deepEqual(merges.filter((m) => m.fromId === from.opdId), [{ fromId: from.opdId, toId: into.opdId }]);
      const audit = await t.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'opd.merged').where('target_id', '=', from.opdId).executeTakeFirstOrThrow();
      assert.equal((audit.after as { movedGrants: number }).movedGrants, 1);
      assert.equal((await admin.send('POST', `/api/v1/opd/${from.opdId}/activate`)).statusCode, 409, 'a merged agency stays inactive');
      assert.equal((await admin.send('POST', `/api/v1/opd/${into.opdId}/merge`, { intoId: from.opdId })).statusCode, 400, 'cannot merge into an inactive agency');
    });

    test('deactivation refuses agencies with active units, revokes tokens, blocks new roles, and can be undone', async () => {
      const parent = await created('badan-x', 'Badan X');
      await created('upt-x', 'UPT Badan X', parent.opdId);
      const refused = await admin.postForm(`/admin/opd/${parent.opdId}/deactivate`, {});
      assert.equal(refused.statusCode, 409);
      assert.match(refused.body, /Masih ada unit aktif/);
      const leaf = await created('kantor-y', 'Kantor Y');
      const raw = 'padu_deacttok_secretsecretsecretsecretsecret';
      await t.deps.db
        .insertInto('api_token')
        .values({ id: t.deps.ids.uuid(), opd_id: leaf.opdId, name: 'sistem y', token_prefix: 'deacttok', token_hash: sha256(raw), scopes: [], created_by: null, created_at: t.clock.now(), expires_at: null, last_used_at: null, revoked_at: null })
        .execute();
      assert.equal((await admin.send('POST', `/api/v1/opd/${leaf.opdId}/deactivate`)).json().active, false);
      assert.equal((await new Client(t.app, { bearer: raw }).getJson('/api/v1/me')).statusCode, 401);
      const user = await createUser(t.deps, { email: 'y@jatimprov.go.id', roles: [] });
      assert.equal((await admin.send('POST', `/api/v1/users/${user}/grants`, { role: 'petugas', opdId: leaf.opdId })).statusCode, 400);
      assert.ok(!(await admin.getJson('/api/v1/opd?q=Kantor Y')).json().items.length, 'inactive agencies are hidden by default');
      assert.ok((await admin.getJson('/api/v1/opd?q=Kantor%20Y&inactive=true')).json().items.length);
      assert.equal((await admin.postForm(`/admin/opd/${leaf.opdId}/activate`, {})).statusCode, 303);
      assert.equal((await admin.getJson(`/api/v1/opd/${leaf.opdId}`)).json().active, true);
      const actions = (await t.deps.db.selectFrom('audit_log').select('action').where('target_id', '=', leaf.opdId).orderBy('id').execute()).map((a) => a.action);
      assert.deepEqual(actions, ['opd.created', 'opd.deactivated', 'opd.activated']);
    });

    test('only platform admins add, merge, deactivate; errors speak English on request', async () => {
      const before = await count('opd');
      const res = await kominfoAdmin.send('POST', '/api/v1/opd', { code: 'dinas-z', name: 'Dinas Z', kind: 'dinas', regionCode: '35' });
      assert.equal(res.statusCode, 403);
      assert.equal((await kominfoAdmin.send('POST', `/api/v1/opd/${diskominfo}/deactivate`)).statusCode, 403);
      assert.equal((await kominfoAdmin.send('POST', `/api/v1/opd/${diskominfo}/merge`, { intoId: dinkes })).statusCode, 403);
      assert.equal(await count('opd'), before);
      const english = new Client(t.app, { acceptLanguage: 'en' });
      await english.signIn('admin@jatimprov.go.id');
      const bad = await english.postForm('/admin/opd', { code: 'diskominfo', name: 'Dinas', kind: 'dinas', regionCode: '35' });
      assert.match(bad.body, /Another agency already uses this code/);
    });

    async function created(code: string, name: string, parentId?: string) {
      const res = await admin.send('POST', '/api/v1/opd', { code, name, kind: 'dinas', regionCode: '35', ...(parentId ? { parentId } : {}) });
      assert.equal(res.statusCode, 201, res.body);
      return { opdId: res.json().id as string };
    }
  });
}
