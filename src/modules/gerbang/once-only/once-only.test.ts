import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { engines } from '../../../../test/support/db.ts';
import { Client, createTestApp, createUser, opdId, type TestApp } from '../../../../test/support/app.ts';
import { loadConfig } from '../../../config.ts';
import { platformModules } from '../../../platform/index.ts';
import { listConsents, withdrawConsent as withdrawPortalConsent } from '../../portal/index.ts';
import { createGerbangModule } from '../index.ts';
import { PEOPLE, startRegistryUpstream, type RegistryUpstream } from './testing.ts';

/**
 * Once-only data end to end, on a real Padu listening on loopback with a real population registry
 * (node:http) behind its gateway: the registry of sources, consent pages and the consent API,
 * the prefill for a citizen (through the portal's subsystem) and for an agency system (its own
 * token), refusal without consent, withdrawal on either side, and the citizen's access log.
 */
const NIK_A = '3578015708900001';
const NIK_B = '3578010203850002';
const PORTAL = 'JATIM/GOV/diskominfo/portal';
const SIKS = 'JATIM/GOV/dinsos/siks';
const SIMRS = 'JATIM/GOV/dinkes/simrs';
const PURPOSE = { purpose: 'verifikasi-bansos', purposeText: 'Verifikasi calon penerima bantuan sosial', legalBasis: 'UU-24-2013' };

for (const engine of engines()) {
  describe(`once-only data on ${engine}`, () => {
    let t: TestApp;
    let base: string;
    let upstream: RegistryUpstream;
    const niks = new Map<string, string>();
    const as = {} as Record<'admin' | 'tim' | 'petugas' | 'wargaA' | 'wargaB' | 'wargaNoNik' | 'siks' | 'simrs', Client>;
    const tokens: Record<string, string> = {};
    let serviceId = '';
    let elementIds: Record<string, string> = {};

    const ok = (res: { statusCode: number; body: string }, status = 200) => {
      assert.equal(res.statusCode, status, res.body.slice(0, 600));
      return JSON.parse(res.body);
    };

    before(async () => {
      upstream = await startRegistryUpstream();
      const key = randomBytes(32).toString('hex');
      t = await createTestApp(engine, {
        modules: [...platformModules, createGerbangModule({ citizens: () => ({ nikOf: async (userId) => niks.get(userId) ?? null }) })],
        config: { evidence: { ...loadConfig({}).evidence, key } },
      });
      base = await t.app.listen({ port: 0, host: '127.0.0.1' });
      await createUser(t.deps, { email: 'admin@jatimprov.go.id', roles: [{ role: 'admin' }] });
      await createUser(t.deps, { email: 'tim@jatimprov.go.id', roles: [{ role: 'tim_spbe' }] });
      await createUser(t.deps, { email: 'petugas@dinsos.go.id', roles: [{ role: 'petugas', opd: 'dinsos' }] });
      niks.set(await createUser(t.deps, { email: 'siti@example.id', roles: [{ role: 'warga' }] }), NIK_A);
      niks.set(await createUser(t.deps, { email: 'budi@example.id', roles: [{ role: 'warga' }] }), NIK_B);
      await createUser(t.deps, { email: 'tanpa.nik@example.id', roles: [{ role: 'warga' }] });
      for (const [who, email] of [['admin', 'admin@jatimprov.go.id'], ['tim', 'tim@jatimprov.go.id'], ['petugas', 'petugas@dinsos.go.id'], ['wargaA', 'siti@example.id'], ['wargaB', 'budi@example.id'], ['wargaNoNik', 'tanpa.nik@example.id']] as const) {
        as[who] = new Client(t.app);
        await as[who].signIn(email);
      }
      const sub: Record<string, string> = {};
      for (const [opd, code] of [['35.78', 'siak'], ['diskominfo', 'portal'], ['dinsos', 'siks'], ['dinkes', 'simrs']] as const) {
        sub[code] = ok(await as.admin.send('POST', '/api/v1/gerbang/subsystems', { opdId: await opdId(t.deps, opd), code, name: `Sistem ${code}` }), 201).id;
      }
      for (const code of ['siks', 'simrs']) tokens[code] = ok(await as.admin.send('POST', `/api/v1/gerbang/subsystems/${sub[code]}/tokens`, {}), 201).token;
      as.siks = new Client(t.app, { bearer: tokens.siks });
      as.simrs = new Client(t.app, { bearer: tokens.simrs });
      serviceId = ok(
        await as.admin.send('POST', `/api/v1/gerbang/subsystems/${sub.siak}/services`, {
          code: 'penduduk',
          upstreamUrl: `${upstream.url}/`,
          personalData: true,
          endpoints: [
            { method: 'GET', path: '/penduduk/{nik}' },
            { method: 'GET', path: '/alamat/{nik}' },
          ],
        }),
        201,
      ).id;
      ok(await as.admin.send('POST', `/api/v1/gerbang/services/${serviceId}/lifecycle`, { lifecycle: 'published' }));
      ok(await as.admin.send('POST', `/api/v1/gerbang/services/${serviceId}/rights`, { subsystem: PORTAL }), 201);
      ok(await as.admin.send('POST', `/api/v1/gerbang/services/${serviceId}/rights`, { subsystem: SIKS }), 201);
      // Dinkes may read identities only, not addresses.
      ok(await as.admin.send('POST', `/api/v1/gerbang/services/${serviceId}/rights`, { subsystem: SIMRS, method: 'GET', path: '/penduduk/{nik}' }), 201);
    });
    after(async () => {
      await t.close();
      await upstream.close();
    });

    test('the SPBE team keeps the registry of sources; staff read it; bad sources are refused', async () => {
      const identitas = {
        code: 'identitas',
        name: 'Identitas penduduk',
        subjectKind: 'person',
        keyKind: 'nik',
        serviceId,
        pathTemplate: '/penduduk/{key}',
        fields: [{ name: 'nik', label: 'NIK' }, { name: 'nama', label: 'Nama lengkap' }, { name: 'tanggalLahir', label: 'Tanggal lahir', type: 'date' }],
      };
      const created = ok(await as.tim.send('POST', '/api/v1/gerbang/elements', identitas), 201);
      assert.equal(created.source.service, 'JATIM/GOV/35.78/siak/penduduk');
      assert.equal(created.source.agency, 'Pemerintah Kota Surabaya');
      elementIds.identitas = created.id;
      // Same source call, fewer fields: shares the exchange with `identitas` in a prefill.
      elementIds.nama = ok(await as.tim.send('POST', '/api/v1/gerbang/elements', { ...identitas, code: 'nama', name: 'Nama', fields: [{ name: 'nama', label: 'Nama' }] }), 201).id;
      elementIds.alamat = ok(
        await as.tim.send('POST', '/api/v1/gerbang/elements', { ...identitas, code: 'alamat', name: 'Alamat', pathTemplate: '/alamat/{key}', fields: [{ name: 'jalan', label: 'Jalan' }, { name: 'kodePos', label: 'Kode pos' }] }),
        201,
      ).id;

      assert.equal((await as.petugas.send('POST', '/api/v1/gerbang/elements', { ...identitas, code: 'lain' })).statusCode, 403);
      const dup = ok(await as.tim.send('POST', '/api/v1/gerbang/elements', identitas), 400);
      assert.ok(dup.errors.some((f: { field: string }) => f.field === 'code'));
      const noEndpoint = ok(await as.tim.send('POST', '/api/v1/gerbang/elements', { ...identitas, code: 'kk', pathTemplate: '/keluarga/{key}' }), 400);
      assert.deepEqual(noEndpoint.errors.map((f: { field: string }) => f.field), ['pathTemplate']);
      const noKey = ok(await as.tim.send('POST', '/api/v1/gerbang/elements', { ...identitas, code: 'kk', pathTemplate: '/penduduk/nik' }), 400);
      assert.deepEqual(noKey.errors.map((f: { field: string }) => f.field), ['pathTemplate']);

      // The form: one field per line.
      const form = await as.tim.postForm('/gerbang/elements', {
        code: 'tanggal_lahir',
        name: 'Tanggal lahir',
        subjectKind: 'person',
        keyKind: 'nik',
        serviceId,
        pathTemplate: '/penduduk/{key}',
        fields: 'tanggalLahir | Tanggal lahir | date\nkodePos | Kode pos | string | alamat.kodePos',
      });
      assert.equal(form.statusCode, 303, form.body.slice(0, 400));
      const list = ok(await as.petugas.getJson('/api/v1/gerbang/elements'));
      const tl = list.items.find((e: { code: string }) => e.code === 'tanggal_lahir');
      assert.deepEqual(tl.fields[1], { name: 'kodePos', label: 'Kode pos', type: 'string', source: 'alamat.kodePos' });
      assert.equal((await as.wargaA.getJson('/api/v1/gerbang/elements')).statusCode, 403);
      const page = await as.petugas.get(`/gerbang/elements/${elementIds.identitas}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Identitas penduduk/);
      assert.doesNotMatch(page.body, /id="edit"/, 'officers do not edit the registry');
      const bad = await as.tim.postForm('/gerbang/elements', { code: 'x', name: 'X', subjectKind: 'person', keyKind: 'nik', serviceId, pathTemplate: '/penduduk/{key}', fields: '1nama | Nama' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /error-summary/);
    });

    test('a citizen sees exactly what will be fetched, consents, and the form is filled; without consent nothing is fetched', async () => {
      const before = upstream.requests.length;
      const refused = ok(await as.wargaA.send('POST', '/api/v1/gerbang/prefill', { elements: ['identitas', 'alamat'], purpose: PURPOSE.purpose }), 403);
      assert.match(refused.title, /persetujuan/);
      assert.equal(upstream.requests.length, before, 'nothing reached the source');

      const query = new URLSearchParams({ elements: 'identitas,alamat', ...PURPOSE }).toString();
      const consentPage = await as.wargaA.get(`/gerbang/consent?${query}`);
      assert.equal(consentPage.statusCode, 200, consentPage.body.slice(0, 400));
      for (const text of ['Identitas penduduk', 'Alamat', 'Pemerintah Kota Surabaya', 'Nama lengkap', 'Kode pos', PURPOSE.purposeText, 'UU-24-2013', PORTAL]) assert.ok(consentPage.body.includes(text), `consent page shows ${text}`);

      const accepted = await as.wargaA.postForm('/gerbang/consent', { recipient: PORTAL, elements: 'identitas,alamat', ...PURPOSE, validDays: '30' });
      assert.equal(accepted.statusCode, 200, accepted.body.slice(0, 600));
      assert.match(accepted.body, /SITI RAHAYU/);
      assert.match(accepted.body, /JL\. KENANGA 12/);
      const forwarded = upstream.requests.filter((r) => r.path === `/penduduk/${NIK_A}`).at(-1)!;
      assert.equal(forwarded.headers['x-road-client'], PORTAL);
      assert.equal(forwarded.headers['x-road-represented-party'], `ID${NIK_A}`);
      assert.equal(forwarded.headers['x-road-userid'], `ID${NIK_A}`);
      assert.equal(forwarded.headers['x-padu-purpose'], PURPOSE.purpose);
      assert.equal(forwarded.headers['x-padu-legal-basis'], PURPOSE.legalBasis);
      assert.match(String(forwarded.headers['x-road-issue']), /^consent:[0-9a-f-]{36}$/);

      // The API, again under the same consent: values ready for the form; identical source calls shared.
      const hits = upstream.hits(`/penduduk/${NIK_A}`);
      // The consent covers identitas and alamat, not nama.
      ok(await as.wargaA.send('POST', '/api/v1/gerbang/prefill', { elements: ['identitas', 'nama', 'alamat'], purpose: PURPOSE.purpose }), 403);
      const result = ok(await as.wargaA.send('POST', '/api/v1/gerbang/prefill', { elements: ['identitas', 'alamat'], purpose: PURPOSE.purpose, legalBasis: PURPOSE.legalBasis }));
      assert.equal(result.client, PORTAL);
      assert.equal(result.values['identitas.nama'], PEOPLE[NIK_A]!.nama);
      assert.equal(result.values['identitas.tanggalLahir'], '1990-08-17');
      assert.equal(result.values['alamat.kodePos'], '60262');
      assert.deepEqual(result.items.map((i: { status: string }) => i.status), ['ok', 'ok']);
      assert.ok(result.items.every((i: { xroadId: string }) => /^JATIM-/.test(i.xroadId)));
      assert.equal(upstream.hits(`/penduduk/${NIK_A}`), hits + 1);
      // A citizen cannot prefill someone else.
      ok(await as.wargaA.send('POST', '/api/v1/gerbang/prefill', { elements: ['identitas'], purpose: PURPOSE.purpose, nik: NIK_B }), 400);

      // Both consents are in the portal's list of the citizen's consents too.
      const mine = ok(await as.wargaA.getJson('/api/v1/gerbang/consents'));
      assert.equal(mine.items.length, 1);
      assert.equal(mine.items[0].open, true);
      assert.deepEqual(mine.items[0].elements, ['identitas', 'alamat']);
      const userA = [...niks].find(([, n]) => n === NIK_A)![0];
      const portalList = await listConsents(t.deps, userA);
      assert.equal(portalList.length, 1);
      assert.equal(portalList[0]!.source, 'gerbang.prefill');

      // A citizen without a NIK on record cannot consent; the page says why.
      const noNik = await as.wargaNoNik.get(`/gerbang/consent?${query}`);
      assert.match(noNik.body, /NIK Anda belum tercatat/);
      ok(await as.wargaNoNik.send('POST', '/api/v1/gerbang/consents', { elements: ['identitas'], ...PURPOSE }), 409);
    });

    test('an agency system prefills only under a consent to that subsystem, those elements and that purpose', async () => {
      const body = { elements: ['identitas'], purpose: PURPOSE.purpose, nik: NIK_A, userId: 'petugas-dinsos-01' };
      ok(await as.siks.send('POST', '/api/v1/gerbang/prefill', body), 403);
      const consent = ok(await as.wargaA.send('POST', '/api/v1/gerbang/consents', { recipient: SIKS, elements: ['identitas', 'alamat'], ...PURPOSE, validDays: 7 }), 201);
      assert.equal(consent.recipient, SIKS);
      assert.equal(consent.recipientAgency, 'Dinas Sosial Provinsi Jawa Timur');

      const result = ok(await as.siks.send('POST', '/api/v1/gerbang/prefill', body));
      assert.equal(result.client, SIKS);
      assert.equal(result.consentId, consent.id);
      assert.equal(result.values['identitas.nama'], 'SITI RAHAYU');
      const forwarded = upstream.requests.at(-1)!;
      assert.equal(forwarded.headers['x-road-client'], SIKS);
      assert.equal(forwarded.headers['x-road-userid'], 'petugas-dinsos-01');
      assert.equal(forwarded.headers['x-road-represented-party'], `ID${NIK_A}`);

      ok(await as.siks.send('POST', '/api/v1/gerbang/prefill', { ...body, purpose: 'lain' }), 403);
      ok(await as.siks.send('POST', '/api/v1/gerbang/prefill', { ...body, nik: NIK_B }), 403);
      ok(await as.siks.send('POST', '/api/v1/gerbang/prefill', { ...body, legalBasis: 'PP-40-2019' }), 403);
      ok(await as.simrs.send('POST', '/api/v1/gerbang/prefill', body), 403);
      ok(await as.siks.send('POST', '/api/v1/gerbang/prefill', { elements: ['identitas'], purpose: PURPOSE.purpose }), 400);
      ok(await as.petugas.send('POST', '/api/v1/gerbang/prefill', body), 403);

      // A consent does not widen access rights: Dinkes may not read addresses, and the gateway says so.
      ok(await as.wargaA.send('POST', '/api/v1/gerbang/consents', { recipient: SIMRS, elements: ['alamat'], ...PURPOSE }), 201);
      const denied = ok(await as.simrs.send('POST', '/api/v1/gerbang/prefill', { elements: ['alamat'], purpose: PURPOSE.purpose, nik: NIK_A }));
      assert.equal(denied.items[0].status, 'refused');
      assert.equal(denied.items[0].errorType, 'Client.AccessDenied');

      // Withdrawing here stops it; so does withdrawing the twin in the portal's list.
      ok(await as.wargaA.send('POST', `/api/v1/gerbang/consents/${consent.id}/withdraw`));
      ok(await as.siks.send('POST', '/api/v1/gerbang/prefill', body), 403);
      const again = ok(await as.wargaA.send('POST', '/api/v1/gerbang/consents', { recipient: SIKS, elements: ['identitas'], ...PURPOSE }), 201);
      ok(await as.siks.send('POST', '/api/v1/gerbang/prefill', body));
      const userA = [...niks].find(([, n]) => n === NIK_A)![0];
      const dinsos = await opdId(t.deps, 'dinsos');
      const twin = (await listConsents(t.deps, userA)).find((c) => !c.withdrawnAt && c.opdId === dinsos)!;
      const actor = { kind: 'user' as const, userId: userA, name: 'Siti', email: 'siti@example.id', grants: [{ role: 'warga' as const, opdId: null }] };
      await withdrawPortalConsent(t.deps, { actor }, twin.id);
      ok(await as.siks.send('POST', '/api/v1/gerbang/prefill', body), 403);
      assert.ok(again.id);

      // Another citizen's consent is not found; staff cannot withdraw consents.
      assert.equal((await as.wargaB.send('POST', `/api/v1/gerbang/consents/${again.id}/withdraw`)).statusCode, 404);
      assert.equal((await as.wargaB.postForm(`/gerbang/my-data/consents/${again.id}/withdraw`, {})).statusCode, 404);
      assert.equal((await as.petugas.send('POST', `/api/v1/gerbang/consents/${again.id}/withdraw`)).statusCode, 403);
    });

    test('the citizen sees who fetched their data, when and why — and only their own', async () => {
      // An agency system calling the gateway directly, naming the citizen as represented party (bare NIK).
      const direct = await fetch(`${base}/r1/JATIM/GOV/35.78/siak/penduduk/penduduk/${NIK_A}`, {
        headers: { authorization: `Bearer ${tokens.simrs}`, 'x-road-client': SIMRS, 'x-padu-purpose': 'pelayanan-kesehatan', 'x-padu-legal-basis': 'UU-17-2023', 'x-road-represented-party': NIK_A },
      });
      assert.equal(direct.status, 200);
      await direct.arrayBuffer();

      const log = ok(await as.wargaA.getJson('/api/v1/gerbang/my-data/access-log'));
      assert.equal(log.nikKnown, true);
      const who = new Set(log.items.map((i: { consumerAgency: string }) => i.consumerAgency));
      assert.ok(who.has('Dinas Sosial Provinsi Jawa Timur'));
      assert.ok(who.has('Dinas Komunikasi dan Informatika Provinsi Jawa Timur'), 'the portal’s fetches');
      assert.ok(who.has('Dinas Kesehatan Provinsi Jawa Timur'));
      const newest = log.items[0];
      assert.equal(newest.client, SIMRS);
      assert.equal(newest.purpose, 'pelayanan-kesehatan');
      assert.equal(newest.providerAgency, 'Pemerintah Kota Surabaya');
      assert.equal(newest.outcome, 'answered');
      assert.equal(newest.consentId, null);
      const viaConsent = log.items.find((i: { client: string; consentId: string | null }) => i.client === SIKS && i.consentId);
      assert.ok(viaConsent, 'prefills carry their consent');
      assert.ok(log.items.some((i: { outcome: string }) => i.outcome === 'refused'), 'refused attempts are shown too');

      const page = await as.wargaA.get('/gerbang/my-data');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Dinas Sosial Provinsi Jawa Timur/);
      assert.match(page.body, /verifikasi-bansos/);

      const other = ok(await as.wargaB.getJson('/api/v1/gerbang/my-data/access-log'));
      assert.equal(other.items.length, 0, 'B sees nothing of A');
      assert.equal(ok(await as.wargaNoNik.getJson('/api/v1/gerbang/my-data/access-log')).nikKnown, false);
      assert.equal((await as.petugas.getJson('/api/v1/gerbang/my-data/access-log')).statusCode, 403);
      assert.equal((await new Client(t.app).getJson('/api/v1/gerbang/my-data/access-log')).statusCode, 401);
    });

    test('no NIK is stored in clear anywhere', async () => {
      const tables = ['gerbang_consent', 'gerbang_evidence', 'audit_log', 'portal_consent', 'gerbang_data_element'];
      for (const table of tables) {
        const { rows } = await sql<{ row: string }>`SELECT row_to_json(x)::text AS row FROM ${sql.table(table)} x`.execute(t.deps.db);
        for (const nik of [NIK_A, NIK_B]) assert.ok(!rows.some((r) => r.row.includes(nik)), `${table} holds a NIK in clear`);
      }
    });
  });
}
