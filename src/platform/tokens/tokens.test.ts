import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from '../../../test/support/db.ts';
import { Client, createTestApp, createUser, opdId, type TestApp } from '../../../test/support/app.ts';
import { sha256 } from '../auth/crypto.ts';
import { listScopes, registerScopes } from './scopes.ts';
import { endOfDay } from './use-cases/create-api-token.ts';

const TOKEN_IN_TEXT = /padu_[A-Za-z0-9_-]{8}_[A-Za-z0-9_-]{20,}/;

test('endOfDay is local midnight after the given date', () => {
  assert.equal(endOfDay('2026-03-03', 'Asia/Jakarta').toISOString(), '2026-03-03T17:00:00.000Z');
  assert.equal(endOfDay('2026-12-31', 'UTC').toISOString(), '2027-01-01T00:00:00.000Z');
  // Europe/Berlin switches to summer time on 2026-03-29 at 02:00; midnight after the 29th is UTC+2.
  assert.equal(endOfDay('2026-03-29', 'Europe/Berlin').toISOString(), '2026-03-29T22:00:00.000Z');
});

// As a module would: declare its scopes when it is imported.
const TEST_SCOPE = { scope: 'ujicoba:read', description: { id: 'Membaca data uji coba', en: 'Read test data' } };
registerScopes(TEST_SCOPE);

test('registerScopes adds scopes once and refuses bad or conflicting ones', () => {
  registerScopes(TEST_SCOPE);
  assert.equal(listScopes().filter((s) => s.scope === 'ujicoba:read').length, 1);
  assert.throws(() => registerScopes({ scope: 'ujicoba:read', description: { id: 'Lain', en: 'Other' } }), /different descriptions/);
  assert.throws(() => registerScopes({ scope: 'Tidak Sah', description: { id: 'x', en: 'x' } }), /Invalid API scope/);
});

for (const engine of engines()) {
  describe(`API tokens on ${engine}`, () => {
    let t: TestApp;
    let opdA: string;
    let opdB: string;

    /** A fresh session each time, since some tests move the clock past the idle limit. */
    async function as(email: string, acceptLanguage?: string): Promise<Client> {
      const c = new Client(t.app, acceptLanguage ? { acceptLanguage } : {});
      await c.signIn(email);
      return c;
    }

    /** Posts a form with repeated fields (several checked scopes), the way a browser does. */
    function postPairs(c: Client, url: string, pairs: [string, string][]) {
      return t.app.inject({
        method: 'POST',
        url,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'text/html',
          cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        },
        payload: new URLSearchParams([['_csrf', c.csrf], ...pairs]).toString(),
      });
    }

    async function tokenState() {
      const tokens = await t.deps.db.selectFrom('api_token').select(['id', 'opd_id', 'name', 'scopes', 'revoked_at', 'expires_at']).orderBy('id').execute();
      const audit = await t.deps.db.selectFrom('audit_log').select(['id', 'action']).where('action', 'like', 'token.%').orderBy('id').execute();
      return JSON.stringify({ tokens, audit });
    }

    async function apiCreate(c: Client, opd: string, body: Record<string, unknown>) {
      const res = await c.send('POST', `/api/v1/opd/${opd}/tokens`, body);
      assert.equal(res.statusCode, 201, res.body);
      return res.json() as { id: string; token: string; prefix: string; scopes: string[]; status: string; expiresAt: string | null };
    }

    before(async () => {
      t = await createTestApp(engine);
      await createUser(t.deps, { email: 'admin@jatimprov.go.id', roles: [{ role: 'admin' }] });
      await createUser(t.deps, { email: 'auditor@jatimprov.go.id', roles: [{ role: 'auditor' }] });
      await createUser(t.deps, { email: 'admin@kominfo.go.id', roles: [{ role: 'admin_opd', opd: 'diskominfo' }] });
      await createUser(t.deps, { email: 'petugas@kominfo.go.id', roles: [{ role: 'petugas', opd: 'diskominfo' }] });
      await createUser(t.deps, { email: 'admin@dinkes.go.id', roles: [{ role: 'admin_opd', opd: 'dinkes' }] });
      opdA = await opdId(t.deps, 'diskominfo');
      opdB = await opdId(t.deps, 'dinkes');
    });
    after(() => t.close());

    test('an agency admin creates a token with the form; it is shown once and never again', async () => {
      const c = await as('admin@kominfo.go.id');
      const page = await c.get('/admin/tokens');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<h1>Token API<\/h1>/);
      assert.ok(page.body.includes(`value="${opdA}"`), 'own agency in the picker and chosen');
      assert.ok(!page.body.includes(`value="${opdB}"`), 'other agencies are not offered');
      assert.ok(page.body.includes(`action="/admin/tokens/${opdA}"`), 'create form for own agency');

      const res = await postPairs(c, `/admin/tokens/${opdA}`, [
        ['name', 'SIMPEG'],
        ['scopes', 'katalog:read'],
        ['scopes', 'aduan:read'],
        ['expiresOn', ''],
      ]);
      assert.equal(res.statusCode, 201, res.body.slice(0, 500));
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.match(res.body, /Salin token ini sekarang/);
      assert.match(res.body, /Token ini tidak akan ditampilkan lagi/);
      const plaintext = TOKEN_IN_TEXT.exec(res.body)?.[0];
      assert.ok(plaintext, 'the page shows the token');
      const secret = plaintext.split('_').slice(2).join('_');

      const row = await t.deps.db.selectFrom('api_token').selectAll().where('name', '=', 'SIMPEG').executeTakeFirstOrThrow();
      assert.equal(row.token_hash, sha256(plaintext), 'only the hash is stored');
      assert.equal(row.token_prefix, plaintext.slice(5, 13));
      assert.deepEqual(row.scopes, ['katalog:read', 'aduan:read']);
      assert.equal(row.opd_id, opdA);
      assert.equal(row.expires_at, null);
      assert.ok(!JSON.stringify(row).includes(secret), 'no column holds the secret');

      const list = await c.get(`/admin/tokens?opdId=${opdA}`);
      assert.equal(list.statusCode, 200);
      assert.ok(list.body.includes('SIMPEG'));
      assert.ok(list.body.includes(`padu_${row.token_prefix}_…`), 'the prefix identifies it');
      assert.ok(!list.body.includes(secret) && !list.body.includes(row.token_hash), 'the list never shows the secret');
      assert.match(list.body, /Belum pernah/);

      const api = await c.getJson(`/api/v1/opd/${opdA}/tokens`);
      assert.equal(api.statusCode, 200);
      const item = api.json().items.find((i: { name: string }) => i.name === 'SIMPEG');
      assert.deepEqual(Object.keys(item).sort(), ['createdAt', 'expiresAt', 'id', 'lastUsedAt', 'name', 'opdId', 'prefix', 'revokedAt', 'scopes', 'status']);
      assert.equal(item.status, 'active');
      assert.ok(!api.body.includes(secret) && !api.body.includes(row.token_hash));

      const who = await new Client(t.app, { bearer: plaintext }).getJson('/api/v1/token');
      assert.equal(who.statusCode, 200);
      assert.deepEqual(who.json(), { id: row.id, name: 'SIMPEG', opdId: opdA, scopes: ['katalog:read', 'aduan:read'] });

      const audit = await t.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'token.created').where('target_id', '=', row.id).execute();
      assert.equal(audit.length, 1);
      assert.equal(audit[0]!.actor_label, 'admin@kominfo.go.id');
      assert.equal(audit[0]!.opd_id, opdA);
      assert.equal(audit[0]!.target_type, 'api_token');
      const auditText = JSON.stringify(audit);
      assert.ok(!auditText.includes(secret) && !auditText.includes(row.token_hash), 'no secret in the audit log');
      assert.deepEqual((audit[0]!.after as { scopes: string[] }).scopes, ['katalog:read', 'aduan:read']);
    });

    test('create through the API, call with it, revoke it (idempotently) and it is refused', async () => {
      const admin = await as('admin@jatimprov.go.id');
      const created = await apiCreate(admin, opdB, { name: 'Aplikasi Puskesmas', scopes: ['gerbang:call', 'ujicoba:read'] });
      assert.match(created.token, TOKEN_IN_TEXT);
      assert.equal(created.prefix, created.token.slice(5, 13));
      assert.equal(created.status, 'active');
      assert.deepEqual(created.scopes, ['gerbang:call', 'ujicoba:read'], 'a scope a module registered is accepted');

      const bearer = new Client(t.app, { bearer: created.token });
      const who = await bearer.getJson('/api/v1/token');
      assert.equal(who.statusCode, 200);
      assert.deepEqual(who.json(), { id: created.id, name: 'Aplikasi Puskesmas', opdId: opdB, scopes: ['gerbang:call', 'ujicoba:read'] });

      // last_used_at: written on first use, then at most once a minute.
      const lastUsed = async () => (await t.deps.db.selectFrom('api_token').select('last_used_at').where('id', '=', created.id).executeTakeFirstOrThrow()).last_used_at;
      const first = await lastUsed();
      assert.equal(first?.toISOString(), t.clock.now().toISOString());
      t.clock.advance(30_000);
      await bearer.getJson('/api/v1/token');
      assert.equal((await lastUsed())?.toISOString(), first?.toISOString(), 'no write within the minute');
      t.clock.advance(31_000);
      await bearer.getJson('/api/v1/token');
      assert.equal((await lastUsed())?.toISOString(), t.clock.now().toISOString(), 'written again after a minute');

      const listed = (await admin.getJson(`/api/v1/opd/${opdB}/tokens`)).json().items.find((i: { id: string }) => i.id === created.id);
      assert.equal(listed.lastUsedAt, t.clock.now().toISOString());
      assert.ok(!JSON.stringify(listed).includes(created.token));

      const revoked = await admin.send('DELETE', `/api/v1/opd/${opdB}/tokens/${created.id}`);
      assert.equal(revoked.statusCode, 200);
      assert.equal(revoked.json().status, 'revoked');
      const revokedAt = revoked.json().revokedAt;
      assert.ok(revokedAt);
      t.clock.advance(1000);
      const again = await admin.send('DELETE', `/api/v1/opd/${opdB}/tokens/${created.id}`);
      assert.equal(again.statusCode, 200, 'revoking twice is fine');
      assert.equal(again.json().revokedAt, revokedAt, 'and changes nothing');
      const audit = await t.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'token.revoked').where('target_id', '=', created.id).execute();
      assert.equal(audit.length, 1, 'one audit row for one revocation');
      assert.equal(audit[0]!.opd_id, opdB);
      assert.ok(!JSON.stringify(audit).includes(created.token.slice(14)));

      assert.equal((await bearer.getJson('/api/v1/token')).statusCode, 401, 'a revoked token is refused');
      assert.equal((await bearer.getJson(`/api/v1/opd/${opdB}/tokens`)).statusCode, 401);
    });

    test('the who-am-I endpoint answers only token callers', async () => {
      const anon = await new Client(t.app).getJson('/api/v1/token');
      assert.equal(anon.statusCode, 401);
      assert.equal(anon.headers['www-authenticate'], 'Bearer');
      const user = await (await as('admin@jatimprov.go.id', 'en')).getJson('/api/v1/token');
      assert.equal(user.statusCode, 401);
      assert.match(user.json().title, /only for systems using an API token/);
      const forged = await new Client(t.app, { bearer: 'padu_abcdefgh_thisisnotarealtokenatall' }).getJson('/api/v1/token');
      assert.equal(forged.statusCode, 401);
    });

    test('the UI revokes with a POST form and shows the status', async () => {
      const c = await as('admin@kominfo.go.id');
      const { id, token } = await apiCreate(c, opdA, { name: 'Sistem Arsip', scopes: ['portal:read'] });
      const page = await c.get(`/admin/tokens?opdId=${opdA}`);
      assert.ok(page.body.includes(`action="/admin/tokens/${opdA}/${id}/revoke"`));
      const res = await c.postForm(`/admin/tokens/${opdA}/${id}/revoke`, {});
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, `/admin/tokens?opdId=${opdA}`);
      const after = await c.get(`/admin/tokens?opdId=${opdA}`);
      assert.match(after.body, /Token telah dicabut/);
      assert.match(after.body, /Dicabut/);
      assert.ok(!after.body.includes(`action="/admin/tokens/${opdA}/${id}/revoke"`), 'no revoke button for a revoked token');
      assert.equal((await new Client(t.app, { bearer: token }).getJson('/api/v1/token')).statusCode, 401);
    });

    test('an agency admin cannot list, create or revoke another agency’s tokens', async () => {
      const admin = await as('admin@jatimprov.go.id');
      const tokenB = await apiCreate(admin, opdB, { name: 'Sistem Dinkes', scopes: ['aduan:read'] });
      const a = await as('admin@kominfo.go.id');
      const before = await tokenState();

      assert.equal((await a.getJson(`/api/v1/opd/${opdB}/tokens`)).statusCode, 403);
      assert.equal((await a.send('POST', `/api/v1/opd/${opdB}/tokens`, { name: 'Menyusup', scopes: ['aduan:read'] })).statusCode, 403);
      assert.equal((await a.send('DELETE', `/api/v1/opd/${opdB}/tokens/${tokenB.id}`)).statusCode, 403);
      assert.equal((await a.send('DELETE', `/api/v1/opd/${opdA}/tokens/${tokenB.id}`)).statusCode, 404, 'B’s token is not found through A');
      assert.equal((await a.get(`/admin/tokens?opdId=${opdB}`)).statusCode, 403);
      assert.equal((await a.postForm(`/admin/tokens/${opdB}`, { name: 'Menyusup', scopes: 'aduan:read' })).statusCode, 403);
      assert.equal((await a.postForm(`/admin/tokens/${opdB}/${tokenB.id}/revoke`, {})).statusCode, 403);
      assert.equal((await a.postForm(`/admin/tokens/${opdA}/${tokenB.id}/revoke`, {})).statusCode, 404);
      assert.equal(await tokenState(), before, 'nothing changed');
      assert.equal((await new Client(t.app, { bearer: tokenB.token }).getJson('/api/v1/token')).statusCode, 200, 'B’s token still works');

      const b = await as('admin@dinkes.go.id');
      const mine = await b.getJson(`/api/v1/opd/${opdB}/tokens`);
      assert.equal(mine.statusCode, 200);
      assert.ok(mine.json().items.some((i: { id: string }) => i.id === tokenB.id));
      assert.ok(!mine.json().items.some((i: { opdId: string }) => i.opdId !== opdB), 'only this agency’s tokens');
    });

    test('auditors read every agency’s tokens and change none; petugas and tokens get nothing', async () => {
      const admin = await as('admin@jatimprov.go.id');
      const tokenB = await apiCreate(admin, opdB, { name: 'Sistem Audit', scopes: ['katalog:read'] });
      const before = await tokenState();

      const auditor = await as('auditor@jatimprov.go.id');
      assert.equal((await auditor.getJson(`/api/v1/opd/${opdB}/tokens`)).statusCode, 200);
      const page = await auditor.get(`/admin/tokens?opdId=${opdB}`);
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes('Sistem Audit'));
      assert.ok(!page.body.includes('/revoke"') && !page.body.includes(`action="/admin/tokens/${opdB}"`), 'no create form or revoke buttons');
      assert.ok(page.body.includes(`value="${opdA}"`) && page.body.includes(`value="${opdB}"`), 'auditors pick any agency');
      assert.equal((await auditor.send('POST', `/api/v1/opd/${opdB}/tokens`, { name: 'Audit', scopes: ['katalog:read'] })).statusCode, 403);
      assert.equal((await auditor.send('DELETE', `/api/v1/opd/${opdB}/tokens/${tokenB.id}`)).statusCode, 403);
      assert.equal((await auditor.postForm(`/admin/tokens/${opdB}/${tokenB.id}/revoke`, {})).statusCode, 403);

      const petugas = await as('petugas@kominfo.go.id');
      assert.equal((await petugas.get('/admin/tokens')).statusCode, 403);
      assert.equal((await petugas.get(`/admin/tokens?opdId=${opdA}`)).statusCode, 403);
      assert.equal((await petugas.getJson(`/api/v1/opd/${opdA}/tokens`)).statusCode, 403);
      assert.equal((await petugas.send('POST', `/api/v1/opd/${opdA}/tokens`, { name: 'Petugas', scopes: ['katalog:read'] })).statusCode, 403);
      assert.equal((await petugas.postForm(`/admin/tokens/${opdA}`, { name: 'Petugas', scopes: 'katalog:read' })).statusCode, 403);
      assert.ok(!(await petugas.get('/')).body.includes('href="/admin/tokens"'), 'no nav entry for petugas');
      assert.ok((await (await as('admin@kominfo.go.id')).get('/')).body.includes('href="/admin/tokens"'), 'nav entry for agency admins');
      assert.ok((await auditor.get('/')).body.includes('href="/admin/tokens"'), 'nav entry for auditors');

      const machine = new Client(t.app, { bearer: tokenB.token });
      assert.equal((await machine.getJson(`/api/v1/opd/${opdB}/tokens`)).statusCode, 403, 'a token cannot manage tokens, even its own agency’s');
      assert.equal((await machine.send('POST', `/api/v1/opd/${opdB}/tokens`, { name: 'Anak', scopes: ['katalog:read'] })).statusCode, 403);

      const anon = new Client(t.app);
      assert.equal((await anon.getJson(`/api/v1/opd/${opdA}/tokens`)).statusCode, 401);
      assert.equal((await anon.send('POST', `/api/v1/opd/${opdA}/tokens`, { name: 'Anon', scopes: ['katalog:read'] })).statusCode, 401);
      assert.equal(await tokenState(), before, 'nothing changed');
    });

    test('unknown scopes, missing fields and past dates are refused with localized messages', async () => {
      const before = await tokenState();
      const en = await as('admin@kominfo.go.id', 'en');
      const res = await en.send('POST', `/api/v1/opd/${opdA}/tokens`, { name: 'Sihir', scopes: ['katalog:read', 'sihir:cast'] });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(res.json().errors, [{ field: 'scopes', message: 'The scope "sihir:cast" is not known.' }]);
      const empty = await en.send('POST', `/api/v1/opd/${opdA}/tokens`, { name: '', scopes: [] });
      assert.equal(empty.statusCode, 400);
      const fields = Object.fromEntries(empty.json().errors.map((e: { field: string; message: string }) => [e.field, e.message]));
      assert.equal(fields.name, 'This field is required.');
      assert.equal(fields.scopes, 'This field is required.');
      const past = await en.send('POST', `/api/v1/opd/${opdA}/tokens`, { name: 'Lama', scopes: ['katalog:read'], expiresOn: '2026-03-01' });
      assert.equal(past.statusCode, 400);
      assert.deepEqual(past.json().errors, [{ field: 'expiresOn', message: 'The expiry date cannot be before today.' }]);

      const id = await as('admin@kominfo.go.id');
      const form = await postPairs(id, `/admin/tokens/${opdA}`, [
        ['name', 'Sistem Sihir'],
        ['scopes', 'sihir:cast'],
        ['scopes', 'portal:read'],
      ]);
      assert.equal(form.statusCode, 400);
      assert.match(form.body, /class="error-summary"/);
      assert.match(form.body, /Cakupan &quot;sihir:cast&quot; tidak dikenal\./);
      assert.match(form.body, /href="#f-scopes"/);
      assert.match(form.body, /id="f-scopes"/);
      assert.match(form.body, /value="Sistem Sihir"/, 'what was typed is kept');
      assert.match(form.body, /value="portal:read" checked/, 'what was ticked is kept');
      assert.ok(!TOKEN_IN_TEXT.test(form.body));
      assert.equal(await tokenState(), before, 'nothing created');

      const scopes = await en.getJson('/api/v1/token-scopes');
      assert.equal(scopes.statusCode, 200);
      assert.ok(scopes.json().items.some((s: { scope: string; description: string }) => s.scope === 'aduan:write' && /complaints/.test(s.description)));
    });

    test('a second live token with the same name is refused; an expired token is refused at the door', async () => {
      const c = await as('admin@kominfo.go.id');
      // The test clock is 2026-03-02 09:00 in Jakarta; this token works until the end of 3 March there.
      const created = await apiCreate(c, opdA, { name: 'Sementara', scopes: ['portal:write'], expiresOn: '2026-03-03' });
      assert.equal(created.expiresAt, '2026-03-03T17:00:00.000Z');
      const dup = await c.send('POST', `/api/v1/opd/${opdA}/tokens`, { name: 'Sementara', scopes: ['portal:read'] });
      assert.equal(dup.statusCode, 400);
      assert.equal(dup.json().errors[0].field, 'name');

      const bearer = new Client(t.app, { bearer: created.token });
      assert.equal((await bearer.getJson('/api/v1/token')).statusCode, 200);
      t.clock.current = new Date('2026-03-03T16:59:00Z');
      assert.equal((await bearer.getJson('/api/v1/token')).statusCode, 200, 'still valid on its last day');
      t.clock.current = new Date('2026-03-03T17:00:00Z');
      assert.equal((await bearer.getJson('/api/v1/token')).statusCode, 401, 'refused once expired');

      const after = await as('admin@kominfo.go.id');
      const item = (await after.getJson(`/api/v1/opd/${opdA}/tokens`)).json().items.find((i: { id: string }) => i.id === created.id);
      assert.equal(item.status, 'expired');
      assert.match((await after.get(`/admin/tokens?opdId=${opdA}`)).body, /Kedaluwarsa<\/span>/);
      // The name is free again once the old token no longer works.
      await apiCreate(after, opdA, { name: 'Sementara', scopes: ['portal:read'] });
    });
  });
}
