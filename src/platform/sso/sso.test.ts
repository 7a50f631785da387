import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync } from 'node:crypto';
import Provider, { type ProviderAccount } from 'oidc-provider';
import { engines } from '../../../test/support/db.ts';
import { Client, createTestApp, createUser, opdId, type TestApp } from '../../../test/support/app.ts';
import type { OidcConfig } from '../../config.ts';
import { mapRoles, parseRoleMap, rolesFromClaims } from './role-mapping.ts';

/**
 * Single sign-on against a real OpenID Provider (node-oidc-provider on 127.0.0.1, random port):
 * Padu is driven with app.inject, the provider's login and consent pages with fetch and a cookie
 * jar, exactly as a browser would hop between the two.
 */

const PADU_BASE = 'http://localhost:3000'; // the test config's PADU_BASE_URL default
const CLIENT_SECRET = 'rahasia-klien-uji-coba';
const ROLE_MAP = 'spbe-admin=admin, kominfo-admin=admin_opd@diskominfo, kominfo-staf=petugas@diskominfo, auditor-inspektorat=auditor, staf-hilang=petugas@opd-yang-tidak-ada';

interface IdpAccount {
  email: string;
  email_verified: boolean;
  name: string;
  roles: string[];
}

/** The IdP's people, by `sub` (also what one types as login on the dev login form). */
const idpAccounts = new Map<string, IdpAccount>();

async function startProvider(): Promise<{ issuer: string; close(): Promise<void> }> {
  const server = http.createServer();
  // Longer than any pause between the two engines' runs: fetch reuses idle keep-alive sockets,
  // and one the server has just timed out answers ECONNRESET (a test artefact, not Padu's).
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'padu',
        client_secret: CLIENT_SECRET,
        redirect_uris: [`${PADU_BASE}/auth/oidc/callback`],
        post_logout_redirect_uris: [`${PADU_BASE}/`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'uji-1', use: 'sig', alg: 'RS256' }] },
    cookies: { keys: ['kunci-cookie-penyedia-uji'] },
    // Like Keycloak's "roles" mapper: realm roles under realm_access.roles. With the default
    // conformIdTokenClaims, only sub is in the ID token, so Padu must read email and roles from
    // userinfo, as with a Keycloak whose mappers leave the ID token lean.
    claims: { openid: ['sub', 'realm_access'], email: ['email', 'email_verified'], profile: ['name'] },
    async findAccount(_ctx: unknown, sub: string): Promise<ProviderAccount | undefined> {
      const account = idpAccounts.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: async () => ({ sub, email: account.email, email_verified: account.email_verified, name: account.name, realm_access: { roles: account.roles } }),
      };
    },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  });
  server.on('request', provider.callback());
  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A browser's view of the provider: a cookie jar and no automatic redirects. */
class IdpBrowser {
  private jar = new Map<string, string>();

  async fetch(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.jar.size) headers.cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const res = await fetch(url, { method: init.method ?? 'GET', headers, body, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(a));
      if (expired || !value) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return res;
  }

  /**
   * Follows the provider from the authorization URL through its login and consent forms, typing
   * `login` as the account, until it redirects back to Padu; returns that callback URL.
   */
  async signIn(authorizationUrl: string, login: string): Promise<URL> {
    let url = authorizationUrl;
    for (let hop = 0; hop < 20; hop++) {
      const res = await this.fetch(url);
      if (res.status >= 300 && res.status < 400) {
        url = new URL(res.headers.get('location')!, url).href;
      } else {
        const html = await res.text();
        assert.equal(res.status, 200, `provider page ${url}: ${html.slice(0, 300)}`);
        const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
        const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
        assert.ok(action && prompt, `a login or consent form at ${url}`);
        const posted = await this.fetch(new URL(action.replaceAll('&amp;', '&'), url).href, { method: 'POST', form: { prompt, login, password: 'apa-saja' } });
        assert.ok(posted.status >= 300 && posted.status < 400, `form ${prompt} answered ${posted.status}`);
        url = new URL(posted.headers.get('location')!, url).href;
      }
      if (url.startsWith(`${PADU_BASE}/`)) return new URL(url);
    }
    throw new Error('the provider never sent the browser back to Padu');
  }
}

/** Starts at Padu's SSO button and stops at the provider's answer to Padu's callback. */
async function reachCallback(padu: Client, login: string, next = '/account'): Promise<string> {
  const start = await padu.get(`/auth/oidc/start?next=${encodeURIComponent(next)}`);
  assert.equal(start.statusCode, 303, start.body.slice(0, 300));
  const callback = await new IdpBrowser().signIn(start.headers.location as string, login);
  assert.equal(callback.pathname, '/auth/oidc/callback');
  return callback.pathname + callback.search;
}

/** The whole round trip; returns Padu's answer to the callback. */
async function ssoSignIn(padu: Client, login: string, next?: string) {
  return padu.get(await reachCallback(padu, login, next));
}

const sessionCookie = (c: Client) => [...c.cookies].find(([k]) => k.endsWith('padu_session'))?.[1];

describe('role map', () => {
  test('parses East Java examples into agency and province-wide grants', () => {
    assert.deepEqual(parseRoleMap('spbe-admin=admin,kominfo-admin=admin_opd@diskominfo\n dinkes-staf = petugas@dinkes ,'), [
      { idpRole: 'spbe-admin', role: 'admin', opdCode: null },
      { idpRole: 'kominfo-admin', role: 'admin_opd', opdCode: 'diskominfo' },
      { idpRole: 'dinkes-staf', role: 'petugas', opdCode: 'dinkes' },
    ]);
    assert.deepEqual(parseRoleMap(''), []);
  });

  test('refuses entries that would silently grant nothing or the wrong thing', () => {
    assert.throws(() => parseRoleMap('kominfo-admin=admin_opd'), /needs an agency/);
    assert.throws(() => parseRoleMap('spbe-admin=admin@diskominfo'), /province-wide/);
    assert.throws(() => parseRoleMap('x=superuser'), /unknown Padu role "superuser"/);
    assert.throws(() => parseRoleMap('tanpa-peran'), /not idpRole=role/);
    assert.throws(() => parseRoleMap('a=petugas@b@c'), /more than one @/);
  });

  test('reads roles by dot path or by a full claim name, and maps each grant once', () => {
    const claims = { realm_access: { roles: ['kominfo-admin', 'offline_access'] }, resource_access: { padu: { roles: 'spbe-admin' } }, 'https://padu.id/roles': ['kominfo-staf'] };
    assert.deepEqual(rolesFromClaims(claims, 'realm_access.roles'), ['kominfo-admin', 'offline_access']);
    assert.deepEqual(rolesFromClaims(claims, 'resource_access.padu.roles'), ['spbe-admin']);
    assert.deepEqual(rolesFromClaims(claims, 'https://padu.id/roles'), ['kominfo-staf']);
    assert.deepEqual(rolesFromClaims(claims, 'groups'), []);
    const map = parseRoleMap('a=admin,b=admin,c=petugas@diskominfo');
    assert.deepEqual(mapRoles(['a', 'b', 'c', 'zzz'], map), [
      { role: 'admin', opdCode: null },
      { role: 'petugas', opdCode: 'diskominfo' },
    ]);
  });
});

describe('single sign-on with a real OpenID provider', () => {
  let idp: { issuer: string; close(): Promise<void> };
  before(async () => {
    idp = await startProvider();
  });
  after(() => idp.close());

  for (const engine of engines()) {
    describe(`on ${engine}`, () => {
      let t: TestApp;
      let oidc: OidcConfig;
      // Accounts are per engine so the two engines' runs do not see each other's IdP changes.
      const account = (sub: string, data: Partial<IdpAccount> & { email: string }) => {
        const id = `${engine}-${sub}`;
        idpAccounts.set(id, { email_verified: true, name: sub, roles: [], ...data });
        return id;
      };
      const audit = (userId: string) =>
        t.deps.db.selectFrom('audit_log').select(['action', 'actor_label', 'opd_id', 'after']).where('target_id', '=', userId).orderBy('at').orderBy('id').execute();

      before(async () => {
        oidc = { issuer: idp.issuer, clientId: 'padu', clientSecret: CLIENT_SECRET, rolesClaim: 'realm_access.roles', roleMap: ROLE_MAP, label: 'SSO Jatim' };
        t = await createTestApp(engine, { config: { oidc } });
      });
      after(() => t.close());

      test('first login creates the user with the mapped agency grant and a session', async () => {
        const sub = account('budi', { email: `budi.${engine}@kominfo.jatimprov.go.id`, name: 'Budi Santoso', roles: ['kominfo-admin', 'offline_access', 'staf-hilang'] });
        const padu = new Client(t.app);
        await padu.get('/login');
        const csrfBefore = padu.csrf;
        const res = await ssoSignIn(padu, sub, '/admin/users');
        assert.equal(res.statusCode, 303, res.body.slice(0, 300));
        assert.equal(res.headers.location, '/admin/users');
        const setCookie = ([] as string[]).concat(res.headers['set-cookie'] as string[]);
        const session = setCookie.find((h) => h.startsWith('__Host-padu_session='));
        assert.ok(session, 'session cookie set');
        assert.match(session, /HttpOnly/);
        assert.match(session, /Secure/);
        assert.match(session, /SameSite=Lax/);
        assert.notEqual(padu.csrf, csrfBefore, 'CSRF secret rotates at sign-in');
        assert.ok(![...padu.cookies.keys()].some((k) => k.endsWith('padu_oidc')), 'the state cookie is used once');

        const me = await padu.getJson('/api/v1/me');
        assert.equal(me.statusCode, 200);
        assert.equal(me.json().email, `budi.${engine}@kominfo.jatimprov.go.id`);
        assert.equal(me.json().name, 'Budi Santoso');
        assert.deepEqual(me.json().grants, [{ role: 'admin_opd', opdId: await opdId(t.deps, 'diskominfo') }], 'unknown agency in the map is skipped');

        const user = await t.deps.db.selectFrom('app_user').selectAll().where('id', '=', me.json().id).executeTakeFirstOrThrow();
        assert.equal(user.oidc_subject, `${idp.issuer}#${sub}`);
        assert.equal(user.password_hash, null);
        const sessions = await t.deps.db.selectFrom('user_session').select('auth_method').where('user_id', '=', user.id).execute();
        assert.deepEqual(sessions.map((s) => s.auth_method), ['oidc']);
        const log = await audit(user.id);
        assert.deepEqual(log.map((a) => a.action), ['user.created']);
        assert.equal(log[0]!.actor_label, 'sso');
        assert.equal(log[0]!.opd_id, await opdId(t.deps, 'diskominfo'));
      });

      test('a second login reuses the account and adds new IdP grants without removing any', async () => {
        const sub = account('rina', { email: `rina.${engine}@kominfo.jatimprov.go.id`, roles: ['kominfo-staf'] });
        const first = new Client(t.app);
        assert.equal((await ssoSignIn(first, sub)).statusCode, 303);
        const userId = (await first.getJson('/api/v1/me')).json().id;
        // Roles given by hand in Padu, and roles the IdP later drops, stay until revoked in Padu.
        await t.deps.db.insertInto('role_grant').values({ id: t.deps.ids.uuid(), user_id: userId, role: 'petugas', opd_id: await opdId(t.deps, 'dinkes'), granted_by: null, created_at: t.clock.now() }).execute();
        idpAccounts.get(sub)!.roles = ['auditor-inspektorat'];

        const second = new Client(t.app);
        assert.equal((await ssoSignIn(second, sub)).statusCode, 303);
        const me = (await second.getJson('/api/v1/me')).json();
        assert.equal(me.id, userId, 'same account');
        const count = await t.deps.db.selectFrom('app_user').select((eb) => eb.fn.countAll<string>().as('n')).where('email', '=', `rina.${engine}@kominfo.jatimprov.go.id`).executeTakeFirstOrThrow();
        assert.equal(Number(count.n), 1);
        const roles = me.grants.map((g: { role: string }) => g.role).sort();
        assert.deepEqual(roles, ['auditor', 'petugas', 'petugas']);
        const log = await audit(userId);
        assert.deepEqual(log.map((a) => a.action), ['user.created', 'user.role_granted']);
        assert.deepEqual(log[1]!.after, { role: 'auditor', opdId: null, source: 'sso' });
        const sessions = await t.deps.db.selectFrom('user_session').select('auth_method').where('user_id', '=', userId).execute();
        assert.equal(sessions.length, 2);
      });

      test('an existing account is linked by verified email and keeps its grants', async () => {
        const email = `siti.${engine}@dinkes.jatimprov.go.id`;
        const userId = await createUser(t.deps, { email, name: 'Siti Aminah', roles: [{ role: 'petugas', opd: 'dinkes' }] });
        const sub = account('siti', { email: email.toUpperCase(), roles: ['tidak-dipetakan'] });
        const padu = new Client(t.app);
        assert.equal((await ssoSignIn(padu, sub)).statusCode, 303);
        const me = (await padu.getJson('/api/v1/me')).json();
        assert.equal(me.id, userId);
        assert.deepEqual(me.grants, [{ role: 'petugas', opdId: await opdId(t.deps, 'dinkes') }]);
        const user = await t.deps.db.selectFrom('app_user').select(['oidc_subject', 'password_hash']).where('id', '=', userId).executeTakeFirstOrThrow();
        assert.equal(user.oidc_subject, `${idp.issuer}#${sub}`);
        assert.ok(user.password_hash, 'the password still works too');
        const log = await audit(userId);
        assert.deepEqual(log.map((a) => [a.action, a.actor_label]), [['user.sso_linked', 'sso']]);
      });

      test('an unverified email never links to an existing account', async () => {
        const email = `tono.${engine}@dinkes.jatimprov.go.id`;
        const userId = await createUser(t.deps, { email, roles: [{ role: 'petugas', opd: 'dinkes' }] });
        const sub = account('tono', { email, email_verified: false, roles: ['kominfo-admin'] });
        const padu = new Client(t.app);
        const res = await ssoSignIn(padu, sub);
        assert.equal(res.headers.location, '/auth/oidc/error?reason=failed');
        assert.equal(sessionCookie(padu), undefined);
        const user = await t.deps.db.selectFrom('app_user').select('oidc_subject').where('id', '=', userId).executeTakeFirstOrThrow();
        assert.equal(user.oidc_subject, null);
        assert.deepEqual(await audit(userId), []);
      });

      test('a tampered state, a replayed callback and a missing state cookie are refused', async () => {
        const sub = account('eko', { email: `eko.${engine}@kominfo.jatimprov.go.id`, roles: ['kominfo-staf'] });
        const padu = new Client(t.app);
        const callback = await reachCallback(padu, sub);
        const url = new URL(callback, PADU_BASE);
        url.searchParams.set('state', `${url.searchParams.get('state')}x`);
        const tampered = await padu.get(url.pathname + url.search);
        assert.equal(tampered.statusCode, 303);
        assert.equal(tampered.headers.location, '/auth/oidc/error?reason=failed');
        assert.equal(sessionCookie(padu), undefined);
        // The state cookie went with the refused attempt, so the genuine answer cannot be replayed.
        const replay = await padu.get(callback);
        assert.equal(replay.headers.location, '/auth/oidc/error?reason=failed');
        // Another browser holding someone's callback URL has no state cookie at all.
        const stranger = new Client(t.app);
        assert.equal((await stranger.get(await reachCallback(new Client(t.app), sub))).headers.location, '/auth/oidc/error?reason=failed');
        assert.equal(sessionCookie(stranger), undefined);

        const page = await padu.get('/auth/oidc/error?reason=failed');
        assert.equal(page.statusCode, 401);
        assert.match(page.body, /<h1>Masuk dengan SSO tidak berhasil<\/h1>/);
        assert.match(page.body, /Masuk dengan SSO gagal\. Silakan coba lagi atau hubungi admin\./);
        assert.doesNotMatch(page.body, /at .*\.ts:\d+|Error:/, 'no stack trace');
        const created = await t.deps.db.selectFrom('app_user').select('id').where('email', '=', `eko.${engine}@kominfo.jatimprov.go.id`).execute();
        assert.deepEqual(created, []);
      });

      test('a person with no mapped role is refused with the localized message', async () => {
        const email = `tamu.${engine}@example.id`;
        const sub = account('tamu', { email, roles: ['offline_access', 'uma_authorization'] });
        const padu = new Client(t.app);
        const res = await ssoSignIn(padu, sub);
        assert.equal(res.headers.location, '/auth/oidc/error?reason=no_role');
        assert.equal(sessionCookie(padu), undefined);
        const id = await padu.get(res.headers.location as string);
        assert.equal(id.statusCode, 403);
        assert.match(id.body, /Akun SSO Anda belum memiliki peran di Padu\. Hubungi admin perangkat daerah Anda\./);
        const en = await new Client(t.app, { acceptLanguage: 'en' }).get(res.headers.location as string);
        assert.match(en.body, /Your SSO account has no role in Padu yet\. Contact your agency administrator\./);
        assert.deepEqual(await t.deps.db.selectFrom('app_user').select('id').where('email', '=', email).execute(), [], 'no account is created');
      });

      test('a disabled Padu account is refused', async () => {
        const sub = account('dewi', { email: `dewi.${engine}@kominfo.jatimprov.go.id`, roles: ['kominfo-staf'] });
        const first = new Client(t.app);
        assert.equal((await ssoSignIn(first, sub)).statusCode, 303);
        const userId = (await first.getJson('/api/v1/me')).json().id;
        await t.deps.db.updateTable('app_user').set({ status: 'disabled' }).where('id', '=', userId).execute();
        const countSessions = async () => (await t.deps.db.selectFrom('user_session').select('token_hash').where('user_id', '=', userId).execute()).length;
        const sessionsBefore = await countSessions();
        const padu = new Client(t.app);
        const res = await ssoSignIn(padu, sub);
        assert.equal(res.headers.location, '/auth/oidc/error?reason=disabled');
        assert.equal(sessionCookie(padu), undefined);
        const page = await padu.get(res.headers.location as string);
        assert.equal(page.statusCode, 403);
        assert.match(page.body, /Akun Padu Anda dinonaktifkan/);
        assert.equal(await countSessions(), sessionsBefore, 'no session started');
        assert.equal((await first.getJson('/api/v1/me')).statusCode, 401, 'the earlier session is over too');
      });

      test('SSO sign-out ends the Padu session and offers the provider’s end-session link', async () => {
        const sub = account('ani', { email: `ani.${engine}@kominfo.jatimprov.go.id`, roles: ['kominfo-staf'] });
        const padu = new Client(t.app);
        assert.equal((await ssoSignIn(padu, sub)).statusCode, 303);
        const signedIn = await padu.get('/auth/oidc/start?next=/account');
        assert.equal(signedIn.headers.location, '/account', 'already signed in: straight to next');
        await createUser(t.deps, { email: `lain.${engine}@kominfo.jatimprov.go.id`, roles: [{ role: 'petugas', opd: 'diskominfo' }] });
        const other = new Client(t.app);
        await other.signIn(`lain.${engine}@kominfo.jatimprov.go.id`);
        const out = await padu.postForm('/auth/oidc/logout', {});
        assert.equal(out.statusCode, 303);
        assert.equal(out.headers.location, '/auth/oidc/signed-out');
        assert.equal((await padu.getJson('/api/v1/me')).statusCode, 401);
        assert.equal((await other.getJson('/api/v1/me')).statusCode, 200, 'only the caller’s own session ends');
        const page = await padu.get('/auth/oidc/signed-out');
        assert.equal(page.statusCode, 200);
        assert.match(page.body, /Anda telah keluar dari Padu/);
        const href = /href="([^"]*end[^"]*)"/.exec(page.body)?.[1]?.replaceAll('&amp;', '&');
        assert.ok(href, 'a link to the provider’s logout');
        const endSession = new URL(href);
        assert.equal(endSession.origin, idp.issuer);
        assert.equal(endSession.searchParams.get('client_id'), 'padu');
        assert.equal(endSession.searchParams.get('post_logout_redirect_uri'), `${PADU_BASE}/`);
        const confirm = await new IdpBrowser().fetch(endSession.href);
        assert.equal(confirm.status, 200, 'the provider accepts the logout request');
      });
    });
  }
});
