import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from '../../../test/support/db.ts';
import { Client, createTestApp, createUser, TEST_PASSWORD, type TestApp } from '../../../test/support/app.ts';

for (const engine of engines()) {
  describe(`accounts on ${engine}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(engine);
      await createUser(t.deps, { email: 'admin@jatimprov.go.id', name: 'Admin Provinsi', roles: [{ role: 'admin' }] });
      await createUser(t.deps, { email: 'petugas@kominfo.go.id', name: 'Petugas Kominfo', roles: [{ role: 'petugas', opd: 'diskominfo' }] });
    });
    after(() => t.close());

    test('the login page is in Indonesian by default and English on request', async () => {
      const id = await new Client(t.app).get('/login');
      assert.equal(id.statusCode, 200);
      assert.match(id.body, /<html lang="id"/);
      assert.match(id.body, /Masuk ke Padu/);
      const en = await new Client(t.app, { acceptLanguage: 'en-US,en;q=0.9' }).get('/login');
      assert.match(en.body, /<html lang="en"/);
      assert.match(en.body, /Sign in to Padu/);
      const switched = new Client(t.app);
      const res = await switched.get('/lang/en?next=/login');
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/login');
      assert.match((await switched.get('/login')).body, /Sign in to Padu/);
    });

    test('sign in, see my roles, sign out', async () => {
      const c = new Client(t.app);
      await c.signIn('petugas@kominfo.go.id');
      const me = await c.getJson('/api/v1/me');
      assert.equal(me.statusCode, 200);
      assert.equal(me.json().email, 'petugas@kominfo.go.id');
      assert.equal(me.json().grants[0].role, 'petugas');
      const session = [...c.cookies].find(([k]) => k.endsWith('padu_session'));
      assert.ok(session, 'session cookie set');
      const stored = await t.deps.db.selectFrom('user_session').select('token_hash').execute();
      assert.ok(stored.every((s) => s.token_hash !== session[1]), 'only the hash of the token is stored');
      const out = await c.postForm('/logout', {});
      assert.equal(out.statusCode, 303);
      assert.equal((await c.getJson('/api/v1/me')).statusCode, 401);
    });

    test('session cookie is __Host-, HttpOnly, Secure, SameSite=Lax and rotates at sign-in', async () => {
      const c = new Client(t.app);
      await c.get('/login');
      const csrfBefore = c.csrf;
      const res = await c.postForm('/login', { email: 'petugas@kominfo.go.id', password: TEST_PASSWORD });
      const setCookie = ([] as string[]).concat(res.headers['set-cookie'] as string[]);
      const session = setCookie.find((h) => h.startsWith('__Host-padu_session='));
      assert.ok(session);
      assert.match(session, /HttpOnly/);
      assert.match(session, /Secure/);
      assert.match(session, /SameSite=Lax/);
      assert.match(session, /Path=\//);
      assert.notEqual(c.csrf, csrfBefore, 'CSRF secret rotates at sign-in');
    });

    test('wrong password and unknown email give the same localized message and change nothing', async () => {
      const c = new Client(t.app);
      const wrong = await c.postForm('/login', { email: 'admin@jatimprov.go.id', password: 'salah-sekali-123' });
      const unknown = await c.postForm('/login', { email: 'tidak-ada@jatimprov.go.id', password: 'salah-sekali-123' });
      assert.equal(wrong.statusCode, 401);
      assert.equal(unknown.statusCode, 401);
      assert.match(wrong.body, /Email atau kata sandi salah/);
      assert.match(unknown.body, /Email atau kata sandi salah/);
      assert.match(wrong.body, /class="error-summary"/);
      const api = await new Client(t.app, { acceptLanguage: 'en' }).send('POST', '/api/v1/session', { email: 'x@y.id', password: 'nope-nope-nope' });
      assert.equal(api.statusCode, 401);
      assert.equal(api.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal(api.json().title, 'The email or password is wrong.');
    });

    test('invalid input gets field errors in the reader language', async () => {
      const res = await new Client(t.app, { acceptLanguage: 'en' }).send('POST', '/api/v1/session', { email: 'not-an-email' });
      assert.equal(res.statusCode, 400);
      const fields = Object.fromEntries(res.json().errors.map((e: { field: string; message: string }) => [e.field, e.message]));
      assert.match(fields.email, /valid email/);
      assert.equal(fields.password, 'This field is required.');
      const form = await new Client(t.app).postForm('/login', { email: '', password: '' });
      assert.equal(form.statusCode, 400);
      assert.match(form.body, /Wajib diisi/);
      assert.match(form.body, /href="#f-email"/);
    });

    test('forms without the CSRF token are refused', async () => {
      const c = new Client(t.app);
      await c.get('/login');
      const res = await t.app.inject({
        method: 'POST',
        url: '/login',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '), accept: 'text/html' },
        payload: new URLSearchParams({ email: 'admin@jatimprov.go.id', password: TEST_PASSWORD, _csrf: 'forged-token-value-xxxxxxxx' }).toString(),
      });
      assert.equal(res.statusCode, 403);
      assert.match(res.body, /Formulir sudah kedaluwarsa/);
    });

    test('sign-in is throttled per account after 5 failures, across the whole database', async () => {
      await createUser(t.deps, { email: 'target@jatimprov.go.id', roles: [{ role: 'tim_spbe' }] });
      for (let i = 0; i < 5; i++) {
        const r = await new Client(t.app).postForm('/login', { email: 'target@jatimprov.go.id', password: `wrong-password-${i}` });
        assert.equal(r.statusCode, 401);
      }
      const blocked = await new Client(t.app).postForm('/login', { email: 'target@jatimprov.go.id', password: TEST_PASSWORD });
      assert.equal(blocked.statusCode, 429);
      assert.match(blocked.body, /Terlalu banyak percobaan masuk/);
      t.clock.advance(16 * 60_000);
      await new Client(t.app).signIn('target@jatimprov.go.id');
    });

    test('sessions expire when idle and at their absolute limit', async () => {
      const c = new Client(t.app);
      await c.signIn('petugas@kominfo.go.id');
      t.clock.advance(59 * 60_000);
      assert.equal((await c.getJson('/api/v1/me')).statusCode, 200);
      t.clock.advance(61 * 60_000);
      assert.equal((await c.getJson('/api/v1/me')).statusCode, 401, 'idle expiry');
      const d = new Client(t.app);
      await d.signIn('petugas@kominfo.go.id');
      for (let i = 0; i < 14; i++) {
        t.clock.advance(55 * 60_000);
        await d.getJson('/api/v1/me');
      }
      assert.equal((await d.getJson('/api/v1/me')).statusCode, 401, 'absolute expiry after 12 hours');
    });

    test('change password ends other sessions and needs the current password', async () => {
      await createUser(t.deps, { email: 'ganti@jatimprov.go.id', roles: [{ role: 'auditor' }] });
      const a = new Client(t.app);
      const b = new Client(t.app);
      await a.signIn('ganti@jatimprov.go.id');
      await b.signIn('ganti@jatimprov.go.id');
      const bad = await a.postForm('/account/password', { currentPassword: 'not-it-at-all', newPassword: 'kata-sandi-baru-panjang', confirmPassword: 'kata-sandi-baru-panjang' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /Kata sandi sekarang salah/);
      const ok = await a.postForm('/account/password', { currentPassword: TEST_PASSWORD, newPassword: 'kata-sandi-baru-panjang', confirmPassword: 'kata-sandi-baru-panjang' });
      assert.equal(ok.statusCode, 303);
      assert.equal((await a.getJson('/api/v1/me')).statusCode, 200, 'this session stays');
      assert.equal((await b.getJson('/api/v1/me')).statusCode, 401, 'other session ended');
      await new Client(t.app).signIn('ganti@jatimprov.go.id', 'kata-sandi-baru-panjang');
      const audit = await t.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'user.password_changed').execute();
      assert.equal(audit.length, 1);
      assert.ok(!JSON.stringify(audit).includes('kata-sandi-baru-panjang'));
    });

    test('forgot password queues a mail with a link that resets the password once', async () => {
      await createUser(t.deps, { email: 'lupa@jatimprov.go.id', name: 'Lupa', roles: [{ role: 'tim_spbe' }] });
      const c = new Client(t.app);
      const res = await c.postForm('/password/forgot', { email: 'lupa@jatimprov.go.id' });
      assert.equal(res.statusCode, 303);
      const same = await c.postForm('/password/forgot', { email: 'nobody@jatimprov.go.id' });
      assert.equal(same.statusCode, 303, 'unknown email answers the same');
      const mails = await t.deps.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', 'lupa@jatimprov.go.id').execute();
      assert.equal(mails.length, 1);
      assert.equal(mails[0]!.subject, 'Atur ulang kata sandi Padu Anda');
      const link = /http:\/\/localhost:3000(\/password\/reset\?token=[^\s]+)/.exec(mails[0]!.body_text);
      assert.ok(link, 'mail has the reset link');
      const token = decodeURIComponent(link[1]!.split('token=')[1]!);
      assert.equal((await c.get(link[1]!)).statusCode, 200);
      const done = await c.postForm('/password/reset', { token, newPassword: 'sandi-baru-dari-tautan', confirmPassword: 'sandi-baru-dari-tautan' });
      assert.equal(done.statusCode, 303);
      await new Client(t.app).signIn('lupa@jatimprov.go.id', 'sandi-baru-dari-tautan');
      const again = await c.postForm('/password/reset', { token, newPassword: 'sandi-lain-lagi-xyz', confirmPassword: 'sandi-lain-lagi-xyz' });
      assert.equal(again.statusCode, 400, 'a link works once');
      t.clock.advance(2 * 3600_000);
    });
  });
}
