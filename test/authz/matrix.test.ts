import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from '../support/db.ts';
import { Client, createTestApp, createUser, opdId, type TestApp } from '../support/app.ts';
import { sha256 } from '../../src/platform/auth/crypto.ts';
import { newRegistryIds, registryCases, registrySnapshot, seedRegistry, type RegistryIds } from '../../src/modules/katalog/registry/authz-cases.ts';
import { gerbangAuthzElsewhere, gerbangCases, gerbangSnapshot, newGerbangIds, seedGerbang, type GerbangIds } from '../../src/modules/gerbang/authz-cases.ts';
import { aduanCases, aduanElsewhere, aduanSnapshot, newAduanIds, seedAduan, type AduanIds } from '../../src/modules/aduan/authz-cases.ts';
import { newPortalIds, portalCases, portalElsewhere, portalSnapshot, seedPortal, type PortalIds } from '../../src/modules/portal/authz-cases.ts';
import { newTataKelolaIds, seedTataKelola, tataKelolaCases, tataKelolaElsewhere, tataKelolaSnapshot, type TataKelolaIds } from '../../src/modules/tata-kelola/authz-cases.ts';

/**
 * The cross-agency authorization matrix: staff of agency A (Diskominfo) try every route that
 * reads or changes agency B's (Dinkes) records, through the API and the HTML forms. Every
 * attempt must be refused and leave the database unchanged. A coverage check makes sure every
 * route that changes data, or reads one record by id, appears here or is explicitly public.
 */

type Actor = 'anon' | 'adminA' | 'petugasA' | 'warga' | 'auditor' | 'tokenA';
interface Ids extends RegistryIds, GerbangIds, AduanIds, PortalIds, TataKelolaIds {
  userB: string;
  grantB: string;
  opdA: string;
  opdB: string;
  tokenB: string;
  appB: string;
  decisionB: string;
  importB: string;
}
interface Case {
  route: string; // `METHOD /pattern` as registered
  url: (ids: Ids) => string;
  body?: (ids: Ids) => Record<string, string>;
  form?: boolean;
  expect: Partial<Record<Actor, number>>;
}

const readUserB = { anon: 401, adminA: 404, petugasA: 403, warga: 403, tokenA: 403, auditor: 200 };
const changeUserB = { anon: 401, adminA: 404, petugasA: 403, warga: 403, tokenA: 403, auditor: 403 };
const adminOnly = { anon: 401, adminA: 403, petugasA: 403, warga: 403, tokenA: 403, auditor: 403 };
const readAppB = { anon: 401, adminA: 404, petugasA: 404, warga: 403, tokenA: 404, auditor: 200 };
const changeAppB = { anon: 401, adminA: 404, petugasA: 404, warga: 403, tokenA: 404, auditor: 403 };
const createAppInB = { anon: 401, adminA: 403, petugasA: 403, warga: 403, tokenA: 403, auditor: 403 };
const grantInB = { anon: 401, adminA: 403, petugasA: 403, warga: 403, tokenA: 403, auditor: 403 };
const readTokensOfB = { anon: 401, adminA: 403, petugasA: 403, warga: 403, tokenA: 403, auditor: 200 };
const manageTokensOfB = { anon: 401, adminA: 403, petugasA: 403, warga: 403, tokenA: 403, auditor: 403 };

const cases: Case[] = [
  { route: 'GET /api/v1/users/:id', url: (i) => `/api/v1/users/${i.userB}`, expect: readUserB },
  { route: 'GET /admin/users/:id', url: (i) => `/admin/users/${i.userB}`, expect: readUserB },
  { route: 'PATCH /api/v1/users/:id', url: (i) => `/api/v1/users/${i.userB}`, body: () => ({ name: 'Diubah' }), expect: changeUserB },
  { route: 'POST /admin/users/:id', url: (i) => `/admin/users/${i.userB}`, body: () => ({ name: 'Diubah', email: 'petugas@dinkes.go.id', status: 'disabled' }), form: true, expect: changeUserB },
  { route: 'POST /api/v1/users/:id/grants', url: (i) => `/api/v1/users/${i.userB}/grants`, body: (i) => ({ role: 'admin_opd', opdId: i.opdB }), expect: grantInB },
  { route: 'POST /admin/users/:id/grants', url: (i) => `/admin/users/${i.userB}/grants`, body: (i) => ({ role: 'admin_opd', opdId: i.opdB }), form: true, expect: grantInB },
  { route: 'DELETE /api/v1/users/:id/grants/:grantId', url: (i) => `/api/v1/users/${i.userB}/grants/${i.grantB}`, expect: grantInB },
  { route: 'POST /admin/users/:id/grants/:grantId/delete', url: (i) => `/admin/users/${i.userB}/grants/${i.grantB}/delete`, body: () => ({}), form: true, expect: grantInB },
  { route: 'POST /api/v1/users', url: () => '/api/v1/users', body: (i) => ({ name: 'Baru', email: 'baru@dinkes.go.id', role: 'petugas', opdId: i.opdB }), expect: grantInB },
  { route: 'POST /admin/users', url: () => '/admin/users', body: (i) => ({ name: 'Baru', email: 'baru@dinkes.go.id', role: 'petugas', opdId: i.opdB }), form: true, expect: grantInB },
  { route: 'POST /admin/users/:id/reset-link', url: (i) => `/admin/users/${i.userB}/reset-link`, body: () => ({}), form: true, expect: changeUserB },
  // Agency API tokens: agency admins manage only their own agency's; auditors read, never change.
  { route: 'GET /api/v1/opd/:opdId/tokens', url: (i) => `/api/v1/opd/${i.opdB}/tokens`, expect: readTokensOfB },
  { route: 'POST /api/v1/opd/:opdId/tokens', url: (i) => `/api/v1/opd/${i.opdB}/tokens`, body: () => ({ name: 'Menyusup', scopes: 'katalog:read' }), expect: manageTokensOfB },
  { route: 'POST /admin/tokens/:opdId', url: (i) => `/admin/tokens/${i.opdB}`, body: () => ({ name: 'Menyusup', scopes: 'katalog:read' }), form: true, expect: manageTokensOfB },
  { route: 'DELETE /api/v1/opd/:opdId/tokens/:tokenId', url: (i) => `/api/v1/opd/${i.opdB}/tokens/${i.tokenB}`, expect: manageTokensOfB },
  { route: 'POST /admin/tokens/:opdId/:tokenId/revoke', url: (i) => `/admin/tokens/${i.opdB}/${i.tokenB}/revoke`, body: () => ({}), form: true, expect: manageTokensOfB },
  // Agencies: only platform admins restructure them; an agency admin edits only their own agency.
  { route: 'PATCH /api/v1/opd/:opdId', url: (i) => `/api/v1/opd/${i.opdB}`, body: () => ({ website: 'https://dinkes.example' }), expect: adminOnly },
  { route: 'POST /admin/opd/:opdId', url: (i) => `/admin/opd/${i.opdB}`, body: () => ({ website: 'https://dinkes.example' }), form: true, expect: adminOnly },
  { route: 'POST /api/v1/opd/:opdId/merge', url: (i) => `/api/v1/opd/${i.opdB}/merge`, body: (i) => ({ intoId: i.opdA }), expect: adminOnly },
  { route: 'POST /admin/opd/:opdId/merge', url: (i) => `/admin/opd/${i.opdB}/merge`, body: (i) => ({ intoId: i.opdA, confirm: 'yes' }), form: true, expect: adminOnly },
  { route: 'POST /api/v1/opd/:opdId/deactivate', url: (i) => `/api/v1/opd/${i.opdB}/deactivate`, expect: adminOnly },
  { route: 'POST /admin/opd/:opdId/deactivate', url: (i) => `/admin/opd/${i.opdB}/deactivate`, body: () => ({}), form: true, expect: adminOnly },
  { route: 'POST /api/v1/opd/:opdId/activate', url: (i) => `/api/v1/opd/${i.opdB}/activate`, expect: adminOnly },
  { route: 'POST /admin/opd/:opdId/activate', url: (i) => `/admin/opd/${i.opdB}/activate`, body: () => ({}), form: true, expect: adminOnly },
  { route: 'POST /api/v1/opd', url: () => '/api/v1/opd', body: () => ({ code: 'dinas-baru', name: 'Dinas Baru', kind: 'dinas', regionCode: '35' }), expect: adminOnly },
  { route: 'POST /admin/opd', url: () => '/admin/opd', body: () => ({ code: 'dinas-baru', name: 'Dinas Baru', kind: 'dinas', regionCode: '35' }), form: true, expect: adminOnly },
  // The audit log (every agency's changes) is for admins and auditors only; agency B's entries included.
  { route: 'GET /api/v1/audit', url: (i) => `/api/v1/audit?opdId=${i.opdB}`, expect: { anon: 401, adminA: 403, petugasA: 403, warga: 403, tokenA: 403, auditor: 200 } },
  { route: 'GET /api/v1/audit.csv', url: (i) => `/api/v1/audit.csv?opdId=${i.opdB}`, expect: { anon: 401, adminA: 403, petugasA: 403, warga: 403, tokenA: 403, auditor: 200 } },
  { route: 'GET /admin/audit', url: (i) => `/admin/audit?opdId=${i.opdB}`, expect: { anon: 401, adminA: 403, petugasA: 403, warga: 403, tokenA: 403, auditor: 200 } },
  // Katalog: another agency's apps are invisible (404) to agency staff and their systems.
  { route: 'GET /api/v1/katalog/apps/:appId', url: (i) => `/api/v1/katalog/apps/${i.appB}`, expect: readAppB },
  { route: 'GET /katalog/apps/:appId', url: (i) => `/katalog/apps/${i.appB}`, expect: readAppB },
  { route: 'GET /api/v1/katalog/apps/:appId/history', url: (i) => `/api/v1/katalog/apps/${i.appB}/history`, expect: readAppB },
  { route: 'GET /katalog/apps/:appId/edit', url: (i) => `/katalog/apps/${i.appB}/edit`, expect: changeAppB },
  { route: 'PATCH /api/v1/katalog/apps/:appId', url: (i) => `/api/v1/katalog/apps/${i.appB}`, body: () => ({ name: 'Diubah' }), expect: changeAppB },
  { route: 'POST /katalog/apps/:appId', url: (i) => `/katalog/apps/${i.appB}`, body: () => ({ name: 'Diubah', category: 'khusus', lifecycle: 'aktif' }), form: true, expect: changeAppB },
  { route: 'POST /api/v1/katalog/apps', url: () => '/api/v1/katalog/apps', body: (i) => ({ name: 'Titipan', category: 'khusus', opdId: i.opdB }), expect: createAppInB },
  { route: 'POST /katalog/apps', url: () => '/katalog/apps', body: (i) => ({ name: 'Titipan', category: 'khusus', opdId: i.opdB, lifecycle: 'aktif' }), form: true, expect: createAppInB },
  // Katalog rationalisation: TIME scores and decisions about agency B's app, and agency B's portfolio.
  { route: 'GET /api/v1/katalog/apps/:appId/time-assessments', url: (i) => `/api/v1/katalog/apps/${i.appB}/time-assessments`, expect: readAppB },
  { route: 'GET /katalog/apps/:appId/time', url: (i) => `/katalog/apps/${i.appB}/time`, expect: readAppB },
  { route: 'POST /api/v1/katalog/apps/:appId/time-assessments', url: (i) => `/api/v1/katalog/apps/${i.appB}/time-assessments`, body: () => ({ functionalFit: '1', technicalFit: '1' }), expect: changeAppB },
  { route: 'POST /katalog/apps/:appId/time', url: (i) => `/katalog/apps/${i.appB}/time`, body: () => ({ functionalFit: '1', technicalFit: '1' }), form: true, expect: changeAppB },
  { route: 'GET /api/v1/katalog/apps/:appId/decisions', url: (i) => `/api/v1/katalog/apps/${i.appB}/decisions`, expect: readAppB },
  { route: 'GET /katalog/apps/:appId/decisions/new', url: (i) => `/katalog/apps/${i.appB}/decisions/new`, expect: changeAppB },
  { route: 'POST /api/v1/katalog/apps/:appId/decisions', url: (i) => `/api/v1/katalog/apps/${i.appB}/decisions`, body: () => ({ decision: 'keep', reason: 'Menyusup' }), expect: changeAppB },
  { route: 'POST /katalog/apps/:appId/decisions', url: (i) => `/katalog/apps/${i.appB}/decisions`, body: () => ({ decision: 'keep', reason: 'Menyusup' }), form: true, expect: changeAppB },
  { route: 'GET /api/v1/katalog/decisions/:decisionId', url: (i) => `/api/v1/katalog/decisions/${i.decisionB}`, expect: readAppB },
  { route: 'POST /api/v1/katalog/decisions/:decisionId/carry-out', url: (i) => `/api/v1/katalog/decisions/${i.decisionB}/carry-out`, expect: changeAppB },
  { route: 'POST /katalog/decisions/:decisionId/carry-out', url: (i) => `/katalog/decisions/${i.decisionB}/carry-out`, body: () => ({}), form: true, expect: changeAppB },
  { route: 'POST /api/v1/katalog/decisions/:decisionId/cancel', url: (i) => `/api/v1/katalog/decisions/${i.decisionB}/cancel`, expect: changeAppB },
  { route: 'POST /katalog/decisions/:decisionId/cancel', url: (i) => `/katalog/decisions/${i.decisionB}/cancel`, body: () => ({}), form: true, expect: changeAppB },
  { route: 'GET /katalog/agencies/:opdId', url: (i) => `/katalog/agencies/${i.opdB}`, expect: readAppB },
  { route: 'GET /api/v1/katalog/agencies/:opdId/portfolio', url: (i) => `/api/v1/katalog/agencies/${i.opdB}/portfolio`, expect: readAppB },
  // Duplicate reviews belong to the SPBE team and admins.
  { route: 'POST /api/v1/katalog/duplicates/:groupKey/review', url: () => '/api/v1/katalog/duplicates/abcdef0123456789/review', body: () => ({ status: 'dismissed' }), expect: adminOnly },
  { route: 'POST /katalog/duplicates/:groupKey/review', url: () => '/katalog/duplicates/abcdef0123456789/review', body: () => ({ status: 'dismissed' }), form: true, expect: adminOnly },
  // Katalog registry (services, data, infrastructure, integrations, reference codes, roadmap).
  ...registryCases,
  // Gerbang control plane (subsystems, tokens, services, rights, requests, groups).
  ...gerbangCases,
  // Aduan: reports of agency B, the reporter's own routes, complaint settings.
  ...aduanCases,
  // Portal: agency B's service publishing, its unpublished page, another citizen's consent.
  ...portalCases,
  // Tata kelola: the SPBE index assessment, agency B's parts and spending proposal, the check list.
  ...tataKelolaCases,
  // Katalog import reports: the uploader's and the SPBE team's; another agency's is not found.
  { route: 'GET /api/v1/katalog/imports/:importId', url: (i) => `/api/v1/katalog/imports/${i.importB}`, expect: readAppB },
  { route: 'GET /katalog/import/:importId', url: (i) => `/katalog/import/${i.importB}`, expect: readAppB },
  { route: 'POST /api/v1/calendar/days', url: () => '/api/v1/calendar/days', body: () => ({ day: '2026-10-13', name: 'Libur daerah' }), expect: adminOnly },
];

/** Routes anyone may call (signing in, own password, language) — they touch no agency's records. */
const PUBLIC_OR_SELF = new Set([
  'POST /login',
  'POST /logout',
  'POST /setup',
  'POST /password/forgot',
  'POST /password/reset',
  'POST /account/password',
  'POST /api/v1/session',
  'DELETE /api/v1/session',
  'POST /api/v1/password-reset',
  'POST /api/v1/password-reset/confirm',
  'POST /api/v1/me/password',
  // Agencies are public facts (names, regions, websites, name history).
  'GET /api/v1/opd/:opdId',
  'GET /admin/opd/:opdId',
]);

/** Routes whose cross-agency refusals are tested in their own feature's tests (route → test file). */
const AUTHZ_ELSEWHERE = new Map<string, string>([
  // Gerbang once-only: consenting and prefilling only for oneself (see the file named per route).
  ...gerbangAuthzElsewhere,
  // Registered only when PADU_OIDC_ISSUER is set; ends the caller's own session, nothing else.
  ['POST /auth/oidc/logout', 'src/platform/sso/sso.test.ts'],
  // Bulk import: refusals are per row (another agency's rows become row errors in the report).
  ['POST /api/v1/katalog/imports', 'src/modules/katalog/transfer/transfer.test.ts'],
  ['POST /katalog/import', 'src/modules/katalog/transfer/transfer.test.ts'],
  // Gateway evidence (read-only): provider, consumer, a third agency (404), tokens, warga and auditors per route.
  ['GET /gerbang/evidence/:recordId', 'src/modules/gerbang/evidence/evidence-http.test.ts'],
  ['GET /api/v1/gerbang/evidence/:recordId', 'src/modules/gerbang/evidence/evidence-http.test.ts'],
  ['GET /api/v1/gerbang/evidence/:recordId/proof', 'src/modules/gerbang/evidence/evidence-http.test.ts'],
  // Aduan: public intake, staff entry, attachments, agency pages and feeds, Open311.
  ...aduanElsewhere,
  // Portal: registration, the citizen's own profile, one-time survey links.
  ...portalElsewhere,
  // Tata kelola: downloads of evidence documents and proposal files (real stored files there).
  ...tataKelolaElsewhere,
]);

async function snapshot(t: TestApp): Promise<string> {
  const db = t.deps.db;
  const users = await db.selectFrom('app_user').select(['id', 'email', 'name', 'status', 'password_hash']).orderBy('id').execute();
  const grants = await db.selectFrom('role_grant').select(['id', 'user_id', 'role', 'opd_id']).orderBy('id').execute();
  const tokens = await db.selectFrom('one_time_token').select(['token_hash']).orderBy('token_hash').execute();
  const mail = await db.selectFrom('mail_outbox').select('id').orderBy('id').execute();
  const audit = await db.selectFrom('audit_log').select('id').where('action', 'not like', 'session%').orderBy('id').execute();
  const opd = await db.selectFrom('opd').selectAll().orderBy('id').execute();
  const apiTokens = await db.selectFrom('api_token').select(['id', 'opd_id', 'revoked_at']).orderBy('id').execute();
  const apps = await db.selectFrom('katalog_app').selectAll().orderBy('id').execute();
  const rationalisation = {
    decisions: await db.selectFrom('katalog_decision').selectAll().orderBy('id').execute(),
    assessments: await db.selectFrom('katalog_time_assessment').selectAll().orderBy('id').execute(),
    appEvents: await db.selectFrom('katalog_app_event').selectAll().orderBy('id').execute(),
  };
  const registry = await registrySnapshot(db);
  const gerbang = await gerbangSnapshot(db);
  const aduan = await aduanSnapshot(db);
  const portal = await portalSnapshot(db);
  const tataKelola = await tataKelolaSnapshot(db);
  const imports = await db.selectFrom('katalog_import').select(['id', 'status', 'created', 'updated']).orderBy('id').execute();
  const calendar = await db.selectFrom('calendar_day').select(['day', 'name']).where('kind', '=', 'libur_daerah').execute();
  return JSON.stringify({ users, grants, tokens, mail, audit, opd, apiTokens, apps, rationalisation, registry, imports, calendar, gerbang, aduan, portal, tataKelola });
}

for (const engine of engines()) {
  describe(`authorization matrix on ${engine}`, () => {
    let t: TestApp;
    let ids: Ids;
    const clients = {} as Record<Actor, Client>;

    before(async () => {
      t = await createTestApp(engine);
      await createUser(t.deps, { email: 'admin@kominfo.go.id', roles: [{ role: 'admin_opd', opd: 'diskominfo' }] });
      await createUser(t.deps, { email: 'petugas@kominfo.go.id', roles: [{ role: 'petugas', opd: 'diskominfo' }] });
      await createUser(t.deps, { email: 'warga@example.id', roles: [{ role: 'warga' }] });
      await createUser(t.deps, { email: 'auditor@jatimprov.go.id', roles: [{ role: 'auditor' }] });
      const userB = await createUser(t.deps, { email: 'petugas@dinkes.go.id', roles: [{ role: 'petugas', opd: 'dinkes' }] });
      const grantB = (await t.deps.db.selectFrom('role_grant').select('id').where('user_id', '=', userB).executeTakeFirstOrThrow()).id;
      ids = { userB, grantB, opdA: await opdId(t.deps, 'diskominfo'), opdB: await opdId(t.deps, 'dinkes'), tokenB: t.deps.ids.uuid(), appB: t.deps.ids.uuid(), decisionB: t.deps.ids.uuid(), importB: t.deps.ids.uuid(), ...newRegistryIds(() => t.deps.ids.uuid()), ...newGerbangIds(() => t.deps.ids.uuid()), ...newAduanIds(() => t.deps.ids.uuid()), ...newPortalIds(() => t.deps.ids.uuid()), ...newTataKelolaIds(() => t.deps.ids.uuid()) };
      await t.deps.db
        .insertInto('katalog_app')
        .values({ id: ids.appB, key: 'dinkes-simrs', name: 'SIMRS Dinkes', acronym: null, description: null, opd_id: ids.opdB, category: 'khusus', hosting: null, url: null, technology: null, users: null, yearly_cost: null, legal_basis: null, lifecycle: 'aktif', lifecycle_changed_at: t.clock.now(), merged_into_id: null, replaced_by: null, created_at: t.clock.now(), updated_at: t.clock.now() })
        .execute();
      await t.deps.db
        .insertInto('katalog_decision')
        .values({ id: ids.decisionB, app_id: ids.appB, decision: 'retire', target_app_id: null, replacement_name: null, target_date: null, reason: 'Uji matriks', legal_basis: null, decided_by: null, decided_label: 'tim.spbe@jatimprov.go.id', decided_at: t.clock.now() })
        .execute();
      await seedRegistry(t.deps.db, ids, t.clock.now());
      await seedGerbang(t.deps.db, ids, t.clock.now());
      await seedAduan(t.deps.db, ids, t.clock.now());
      await seedPortal(t.deps.db, ids, t.clock.now());
      await seedTataKelola(t.deps.db, ids, t.clock.now());
      await t.deps.db
        .insertInto('katalog_import')
        .values({ id: ids.importB, filename: 'dinkes.csv', format: 'csv', dry_run: true, partial: false, status: 'done', outcome: 'validated', problems: '[]', actor_user_id: userB, actor_label: 'petugas@dinkes.go.id', created_at: t.clock.now() })
        .execute();
      const rawToken = 'padu_abcdefgh_matrixtokenmatrixtokenmatrix';
      await t.deps.db
        .insertInto('api_token')
        .values({ id: t.deps.ids.uuid(), opd_id: ids.opdA, name: 'sistem-kominfo', token_prefix: 'abcdefgh', token_hash: sha256(rawToken), scopes: ['opd:read', 'users:read', 'audit:read', 'katalog:read', 'katalog:write'], created_by: null, created_at: t.clock.now(), expires_at: null, last_used_at: null, revoked_at: null })
        .execute();
      await t.deps.db
        .insertInto('api_token')
        .values({ id: ids.tokenB, opd_id: ids.opdB, name: 'sistem-dinkes', token_prefix: 'bbbbbbbb', token_hash: sha256('padu_bbbbbbbb_matrixtokenBmatrixtokenB'), scopes: ['aduan:read'], created_by: null, created_at: t.clock.now(), expires_at: null, last_used_at: null, revoked_at: null })
        .execute();
      clients.anon = new Client(t.app);
      clients.adminA = new Client(t.app);
      await clients.adminA.signIn('admin@kominfo.go.id');
      clients.petugasA = new Client(t.app);
      await clients.petugasA.signIn('petugas@kominfo.go.id');
      clients.warga = new Client(t.app);
      await clients.warga.signIn('warga@example.id');
      clients.auditor = new Client(t.app);
      await clients.auditor.signIn('auditor@jatimprov.go.id');
      clients.tokenA = new Client(t.app, { bearer: rawToken });
    });
    after(() => t.close());

    for (const c of cases) {
      test(c.route, async () => {
        for (const [actor, expected] of Object.entries(c.expect) as [Actor, number][]) {
          const before = await snapshot(t);
          const client = clients[actor];
          const [method, ] = c.route.split(' ') as ['GET' | 'POST' | 'PATCH' | 'DELETE'];
          const url = c.url(ids);
          const res =
            method === 'GET'
              ? url.startsWith('/api/')
                ? await client.getJson(url)
                : await client.get(url)
              : c.form
                ? await client.postForm(url, c.body?.(ids) ?? {})
                : await client.send(method, url, c.body?.(ids));
          assert.equal(res.statusCode, expected, `${actor} ${c.route} → ${res.statusCode}, expected ${expected}: ${res.body.slice(0, 200)}`);
          if (expected >= 400) assert.equal(await snapshot(t), before, `${actor} ${c.route} was refused but changed data`);
        }
      });
    }

    test('lists show an agency admin only their own agency’s people', async () => {
      const mine = await clients.adminA.getJson('/api/v1/users');
      assert.equal(mine.statusCode, 200);
      const emails = mine.json().items.map((u: { email: string }) => u.email);
      assert.ok(emails.includes('petugas@kominfo.go.id'));
      assert.ok(!emails.includes('petugas@dinkes.go.id'));
      const filtered = await clients.adminA.getJson(`/api/v1/users?opdId=${ids.opdB}`);
      assert.equal(filtered.json().items.length, 0);
      const html = await clients.adminA.get('/admin/users');
      assert.ok(!html.body.includes('petugas@dinkes.go.id'));
      const all = await clients.auditor.getJson('/api/v1/users');
      assert.ok(all.json().items.some((u: { email: string }) => u.email === 'petugas@dinkes.go.id'));
      assert.equal((await clients.petugasA.getJson('/api/v1/users')).statusCode, 403);
    });

    test('the agency admin can do the same things inside their own agency', async () => {
      const created = await clients.adminA.send('POST', '/api/v1/users', { name: 'Staf Baru', email: 'staf.baru@kominfo.go.id', role: 'petugas', opdId: ids.opdA });
      assert.equal(created.statusCode, 201);
      const id = created.json().id;
      assert.equal((await clients.adminA.send('PATCH', `/api/v1/users/${id}`, { name: 'Staf Lama' })).statusCode, 200);
      const audit = await t.deps.db.selectFrom('audit_log').selectAll().where('target_id', '=', id).orderBy('id').execute();
      assert.deepEqual(audit.map((a) => a.action), ['user.created', 'user.updated']);
      assert.equal(audit[0]!.actor_label, 'admin@kominfo.go.id');
      assert.equal(audit[0]!.opd_id, ids.opdA);
    });

    test('every route that changes data or reads a record by id is in the matrix or public', () => {
      const covered = new Set(cases.map((c) => c.route));
      const missing = t.app.padu.routes.filter((r) => {
        const [method, path] = r.split(' ') as [string, string];
        const relevant = method !== 'GET' || path.includes(':');
        return relevant && !covered.has(r) && !PUBLIC_OR_SELF.has(r) && !AUTHZ_ELSEWHERE.has(r) && !path.startsWith('/lang/') && !path.startsWith('/assets/');
      });
      assert.deepEqual(missing, [], `routes without an authorization case: ${missing.join(', ')}`);
    });
  });
}

