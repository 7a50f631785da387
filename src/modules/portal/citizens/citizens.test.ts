import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { engines } from '../../../../test/support/db.ts';
import { Client, createTestApp, createUser, opdId, TEST_PASSWORD, type TestApp } from '../../../../test/support/app.ts';
import { grantConsent, hasConsent, listConsents } from '../index.ts';
import { dataKeysFor, decryptField } from './personal-data.ts';

const NIK = '3578015508900002';
const PASSWORD = 'warga-jawa-timur-2026';

for (const engine of engines()) {
  describe(`citizen accounts on ${engine}`, () => {
    let t: TestApp;
    let anon: Client;

    before(async () => {
      t = await createTestApp(engine, { config: { dataKey: 'ab'.repeat(32) } });
      anon = new Client(t.app);
      await createUser(t.deps, { email: 'petugas@kominfo.go.id', roles: [{ role: 'petugas', opd: 'diskominfo' }] });
    });
    after(() => t.close());

    const mailsTo = (to: string) => t.deps.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', to).orderBy('created_at').orderBy('id').execute();
    const linkIn = (body: string) => /\/daftar\/verifikasi\?token=([A-Za-z0-9_%-]+)/.exec(body)?.[1];

    async function register(email: string, name = 'Siti Aminah', password = PASSWORD) {
      const earlier = new Set((await mailsTo(email)).map((m) => m.id));
      const res = await anon.postForm('/daftar', { name, email, password, confirmPassword: password });
      assert.equal(res.statusCode, 303, res.body.slice(0, 300));
      assert.equal(res.headers.location, '/daftar/terkirim');
      // The test clock stands still, so the new mail is found by id, not by time.
      const fresh = (await mailsTo(email)).filter((m) => !earlier.has(m.id));
      assert.equal(fresh.length, 1);
      return decodeURIComponent(linkIn(fresh[0]!.body_text) ?? '');
    }

    test('register, verify by the mailed link, then sign in as a citizen', async () => {
      const token = await register('siti@example.id');
      assert.ok(token.length > 20);
      const user = await t.deps.db.selectFrom('app_user').selectAll().where('email', '=', 'siti@example.id').executeTakeFirstOrThrow();
      assert.equal(user.status, 'disabled');
      assert.equal(user.password_hash, null, 'no password works before the address is proven');
      const grants = await t.deps.db.selectFrom('role_grant').select(['role', 'opd_id']).where('user_id', '=', user.id).execute();
      assert.deepEqual(grants, [{ role: 'warga', opd_id: null }]);
      assert.equal((await new Client(t.app).postForm('/login', { email: 'siti@example.id', password: PASSWORD })).statusCode, 401);
      assert.equal(t.mailQueued, 1);

      const page = await anon.get(`/daftar/verifikasi?token=${encodeURIComponent(token)}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Aktifkan akun/);
      assert.equal((await t.deps.db.selectFrom('app_user').select('status').where('id', '=', user.id).executeTakeFirstOrThrow()).status, 'disabled', 'opening the link changes nothing');
      const verified = await anon.postForm('/daftar/verifikasi', { token });
      assert.equal(verified.statusCode, 303);
      assert.equal(verified.headers.location, '/login?next=/warga/profil');
      const citizen = new Client(t.app);
      await citizen.signIn('siti@example.id', PASSWORD);
      const me = await citizen.getJson('/api/v1/portal/me/profile');
      assert.equal(me.statusCode, 200);
      assert.equal(me.json().emailVerified, true);
      assert.equal(me.json().name, 'Siti Aminah');
      // The link is used up; so is any other link of the account.
      assert.equal((await anon.postForm('/daftar/verifikasi', { token })).statusCode, 400);
      assert.equal((await anon.get(`/daftar/verifikasi?token=${encodeURIComponent(token)}`)).statusCode, 400);
      const audit = await t.deps.db.selectFrom('audit_log').select(['action', 'actor_label']).where('target_id', '=', user.id).orderBy('id').execute();
      assert.deepEqual(audit.map((a) => a.action), ['portal.citizen.registered', 'portal.citizen.email_verified']);
    });

    test('the form reveals nothing about existing accounts; registering again before verifying sends a new link', async () => {
      const before = await t.deps.db.selectFrom('app_user').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      const res = await anon.postForm('/daftar', { name: 'Penyusup', email: 'petugas@kominfo.go.id', password: PASSWORD, confirmPassword: PASSWORD });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/daftar/terkirim');
      const after = await t.deps.db.selectFrom('app_user').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      assert.equal(after.n, before.n);
      const mails = await mailsTo('petugas@kominfo.go.id');
      assert.equal(mails.length, 1);
      assert.match(mails[0]!.subject, /sudah memiliki akun/);
      assert.equal(linkIn(mails[0]!.body_text), undefined);

      const first = await register('budi@example.id', 'Budi');
      const second = await register('budi@example.id', 'Budi', 'kata-sandi-kedua-budi');
      assert.notEqual(first, second);
      assert.equal((await anon.send('POST', '/api/v1/portal/citizens/verify', { token: second })).statusCode, 200);
      assert.equal((await anon.send('POST', '/api/v1/portal/citizens/verify', { token: first })).statusCode, 400, 'the other link is used up');
      await new Client(t.app).signIn('budi@example.id', 'kata-sandi-kedua-budi');
    });

    test('registration checks the password and answers the API with 202', async () => {
      const weak = await anon.postForm('/daftar', { name: 'Ani', email: 'ani@example.id', password: 'pendek', confirmPassword: 'pendek' });
      assert.equal(weak.statusCode, 400);
      assert.match(weak.body, /error-summary/);
      assert.ok(!weak.body.includes('value="pendek"'), 'passwords are never echoed');
      const mismatch = await anon.send('POST', '/api/v1/portal/citizens', { name: 'Ani', email: 'ani@example.id', password: PASSWORD, confirmPassword: 'lain-sama-sekali-123' });
      assert.equal(mismatch.statusCode, 400);
      assert.equal(mismatch.json().errors[0].field, 'confirmPassword');
      const ok = await anon.send('POST', '/api/v1/portal/citizens', { name: 'Ani', email: 'ani@example.id', password: PASSWORD });
      assert.equal(ok.statusCode, 202);
      assert.equal((await mailsTo('ani@example.id')).length, 1);
    });

    test('NIK: validated, encrypted at rest, shown masked, never in API output, logs or audit', async () => {
      const citizen = new Client(t.app);
      await citizen.signIn('siti@example.id', PASSWORD);
      const bad = await citizen.send('PATCH', '/api/v1/portal/me/profile', { nik: '3578013208900001' });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().errors[0].field, 'nik');
      assert.match(bad.json().errors[0].message, /Tanggal lahir/);
      assert.equal((await citizen.send('PATCH', '/api/v1/portal/me/profile', { nik: '3599011508900001' })).statusCode, 400, 'no regency 35.99');
      assert.equal((await citizen.send('PATCH', '/api/v1/portal/me/profile', { phone: '12345' })).statusCode, 400);

      const surabaya = '35.78';
      const ok = await citizen.send('PATCH', '/api/v1/portal/me/profile', { nik: NIK, phone: '0812-3456-7890', regencyCode: surabaya, districtCode: '35.78.01', address: 'Jl. Kenanga 5' });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.deepEqual(ok.json(), {
        name: 'Siti Aminah',
        email: 'siti@example.id',
        nikMasked: '3578••••••••0002',
        phone: '+6281234567890',
        regencyCode: '35.78',
        districtCode: '35.78.01',
        address: 'Jl. Kenanga 5',
        emailVerified: true,
      });
      const userId = (await t.deps.db.selectFrom('app_user').select('id').where('email', '=', 'siti@example.id').executeTakeFirstOrThrow()).id;
      const row = await t.deps.db.selectFrom('portal_citizen').selectAll().where('user_id', '=', userId).executeTakeFirstOrThrow();
      assert.ok(row.nik_enc && !row.nik_enc.includes(NIK) && row.nik_enc !== NIK);
      assert.ok(!Buffer.from(row.nik_enc, 'base64').toString('latin1').includes(NIK));
      assert.equal(decryptField(dataKeysFor(t.deps.config), row.nik_enc, `portal_citizen.nik:${userId}`), NIK);
      assert.match(row.nik_index!, /^[0-9a-f]{64}$/);
      assert.equal(row.nik_key_id, dataKeysFor(t.deps.config).id);
      // Nowhere else in the database either (audit log, outbox).
      const dump = await sql<{ found: number }>`
        SELECT (SELECT count(*) FROM audit_log WHERE coalesce(before::text, '') || coalesce(after::text, '') LIKE ${`%${NIK}%`})
             + (SELECT count(*) FROM mail_outbox WHERE body_text LIKE ${`%${NIK}%`}) AS found`.execute(t.deps.db);
      assert.equal(Number(dump.rows[0]!.found), 0);
      const audit = await t.deps.db.selectFrom('audit_log').select(['action', 'after']).where('target_id', '=', userId).where('action', '=', 'portal.citizen.profile_updated').execute();
      assert.deepEqual((audit[audit.length - 1]!.after as { fields: string[] }).fields, ['nik', 'phone', 'region', 'address']);

      const page = await citizen.get('/warga/profil');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /3578••••••••0002/);
      assert.ok(!page.body.includes(NIK));
      assert.match(page.body, /Karang Pilang/, 'the districts of the chosen city are offered');
      const api = await citizen.getJson('/api/v1/portal/me/profile');
      assert.ok(!api.body.includes(NIK));
      // A form submission with an invalid NIK is not echoed back either.
      const form = await citizen.postForm('/warga/profil', { name: 'Siti Aminah', nik: '3578013208900001' });
      assert.equal(form.statusCode, 400);
      assert.ok(!form.body.includes('3578013208900001'));
      assert.match(form.body, /Tanggal lahir pada NIK/);
      // An empty NIK field keeps the stored number.
      assert.equal((await citizen.postForm('/warga/profil', { name: 'Siti A.', nik: '', regencyCode: '35.78', districtCode: '35.73.01' })).statusCode, 400, 'a Malang district under Surabaya');
      assert.equal((await citizen.postForm('/warga/profil', { name: 'Siti A.', nik: '', regencyCode: '35.78', districtCode: '35.78.01' })).statusCode, 303);
      assert.equal((await citizen.getJson('/api/v1/portal/me/profile')).json().nikMasked, '3578••••••••0002');
      // Staff have no citizen profile.
      const staff = new Client(t.app);
      await staff.signIn('petugas@kominfo.go.id', TEST_PASSWORD);
      assert.equal((await staff.getJson('/api/v1/portal/me/profile')).statusCode, 403);
      assert.equal((await anon.get('/warga/profil')).statusCode, 401);
    });

    test('consents: recorded by the citizen, listed, withdrawn only by their owner', async () => {
      const siti = await t.deps.db.selectFrom('app_user').select(['id', 'email', 'name']).where('email', '=', 'siti@example.id').executeTakeFirstOrThrow();
      const budi = await t.deps.db.selectFrom('app_user').select(['id', 'email', 'name']).where('email', '=', 'budi@example.id').executeTakeFirstOrThrow();
      const asUser = (u: typeof siti) => ({ actor: { kind: 'user' as const, userId: u.id, name: u.name, email: u.email, grants: [{ role: 'warga' as const, opdId: null }] } });
      const dispenduk = await opdId(t.deps, '35.78');
      await assert.rejects(grantConsent(t.deps, asUser(budi), { userId: siti.id, purpose: 'Menyusup', dataElements: ['nik'] }), /forbidden/);
      const { consentId } = await grantConsent(t.deps, asUser(siti), { userId: siti.id, purpose: 'Pengisian otomatis akta kelahiran', dataElements: ['nik', 'nama', 'kk.anggota'], opdId: dispenduk, source: 'gerbang.prefill' });
      await grantConsent(t.deps, asUser(budi), { userId: budi.id, purpose: 'Milik Budi', dataElements: ['nik'] });
      assert.equal(await hasConsent(t.deps, { userId: siti.id, opdId: dispenduk, dataElements: ['nik', 'nama'] }), true);
      assert.equal(await hasConsent(t.deps, { userId: siti.id, opdId: dispenduk, dataElements: ['alamat'] }), false);

      const citizen = new Client(t.app);
      await citizen.signIn('siti@example.id', PASSWORD);
      const list = await citizen.getJson('/api/v1/portal/me/consents');
      assert.deepEqual(list.json().items.map((c: { purpose: string; opdName: string }) => [c.purpose, c.opdName]), [['Pengisian otomatis akta kelahiran', 'Pemerintah Kota Surabaya']]);
      const page = await citizen.get('/warga/persetujuan');
      assert.match(page.body, /Pengisian otomatis akta kelahiran/);
      assert.match(page.body, /nik, nama, kk.anggota/);

      const other = new Client(t.app);
      await other.signIn('budi@example.id', 'kata-sandi-kedua-budi');
      assert.equal((await other.send('POST', `/api/v1/portal/me/consents/${consentId}/withdraw`)).statusCode, 404);
      assert.equal((await other.postForm(`/warga/persetujuan/${consentId}/tarik`, {})).statusCode, 404);
      assert.equal(await hasConsent(t.deps, { userId: siti.id, opdId: dispenduk, dataElements: ['nik'] }), true);

      const withdrawn = await citizen.postForm(`/warga/persetujuan/${consentId}/tarik`, {});
      assert.equal(withdrawn.statusCode, 303);
      assert.equal(await hasConsent(t.deps, { userId: siti.id, opdId: dispenduk, dataElements: ['nik'] }), false);
      const again = await citizen.send('POST', `/api/v1/portal/me/consents/${consentId}/withdraw`);
      assert.equal(again.statusCode, 200, 'withdrawing twice is harmless');
      assert.ok(again.json().withdrawnAt);
      assert.match((await citizen.get('/warga/persetujuan')).body, /Ditarik/);
      const all = await listConsents(t.deps, siti.id);
      assert.equal(all.length, 1);
      const audit = await t.deps.db.selectFrom('audit_log').select('action').where('target_id', '=', consentId).orderBy('id').execute();
      assert.deepEqual(audit.map((a) => a.action), ['portal.consent.granted', 'portal.consent.withdrawn']);
    });
  });
}
