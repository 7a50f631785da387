import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { engines } from '../../../../test/support/db.ts';
import { Client, createTestApp, createUser, opdId, type TestApp } from '../../../../test/support/app.ts';
import { platformModules } from '../../../platform/index.ts';
import { createGerbangModule } from '../index.ts';
import { MemoryEvidenceLog } from '../testing.ts';
import { readOpenApi, readYamlMappings, withGatewayServer } from '../openapi.ts';
import { compilePattern, pathSegments } from '../paths.ts';
import { gerbangCli } from '../cli.ts';
import { PassThrough } from 'node:stream';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const PETSTORE_YAML = `openapi: 3.0.0
info:
  description: >-
    This is a sample server Petstore server.
  version: 1.0.0
  title: Petstore
servers:
  - url: https://internal.dinkes.example/v2
paths:
  /pets:
    get:
      tags:
        - pet
      summary: Get pets from store
      parameters:
        - name: term
          in: query
          required: false
          schema:
            type: string
      responses:
        '200':
          description: successful operation
    post:
      summary: Add a new pet
      responses:
        '201':
          description: pet created
  '/pets/{petId}':
    get:
      summary: "Find pet by ID"   # a comment
      responses:
        '200':
          description: ok
    delete:
      responses:
        '200':
          description: Pet deleted
components:
  schemas:
    Pet:
      type: object
`;

const PASIEN_JSON = JSON.stringify({
  openapi: '3.0.3',
  info: { title: 'Data Pasien', version: '2.1' },
  servers: [{ url: 'http://10.0.0.5:8080' }],
  paths: {
    '/pasien/{nik}': { get: { summary: 'Cari pasien menurut NIK' }, parameters: [] },
    '/pasien': { post: { summary: 'Daftarkan pasien' } },
  },
});

test('OpenAPI 3 descriptions are read from JSON and block-style YAML', () => {
  const yaml = readOpenApi(PETSTORE_YAML);
  assert.equal(yaml.format, 'yaml');
  assert.equal(yaml.title, 'Petstore');
  assert.equal(yaml.version, '1.0.0');
  assert.deepEqual(
    yaml.endpoints.map((e) => `${e.method} ${e.path} ${e.summary ?? ''}`.trim()),
    ['GET /pets Get pets from store', 'POST /pets Add a new pet', 'GET /pets/{petId} Find pet by ID', 'DELETE /pets/{petId}'],
  );
  const json = readOpenApi(PASIEN_JSON);
  assert.equal(json.format, 'json');
  assert.deepEqual(json.endpoints.map((e) => `${e.method} ${e.path}`), ['GET /pasien/{nik}', 'POST /pasien']);
  assert.throws(() => readOpenApi('swagger: "2.0"\npaths:\n  /a:\n    get: {}\n'), /not_openapi3/);
  assert.throws(() => readOpenApi('{"openapi": "3.0.0", "paths": {}}'), /no_paths/);
  assert.throws(() => readOpenApi('{"openapi": '), /syntax/);
  // Clients get the description with servers pointing at the gateway, never at the provider.
  const served = withGatewayServer(PETSTORE_YAML, 'yaml', 'https://padu.example/r1/JATIM/GOV/dinkes/simrs/pets');
  assert.ok(!served.includes('internal.dinkes.example'));
  assert.deepEqual(readYamlMappings(served).info, { description: '', version: '1.0.0', title: 'Petstore' });
  assert.ok(served.includes('url: "https://padu.example/r1/JATIM/GOV/dinkes/simrs/pets"'));
  assert.ok(!withGatewayServer(PASIEN_JSON, 'json', 'https://padu.example/x').includes('10.0.0.5'));
});

test('endpoint patterns: {name} and * match one segment, a final ** the rest', () => {
  const seg = (p: string) => pathSegments(p)!;
  const one = compilePattern('GET', '/pasien/{nik}');
  assert.ok(one.matches('GET', seg('/pasien/3578')));
  assert.ok(!one.matches('POST', seg('/pasien/3578')));
  assert.ok(!one.matches('GET', seg('/pasien')));
  assert.ok(!one.matches('GET', seg('/pasien/3578/riwayat')));
  const rest = compilePattern('*', '/arsip/**');
  assert.ok(rest.matches('DELETE', seg('/arsip')));
  assert.ok(rest.matches('GET', seg('/arsip/2026/03/berkas.pdf')));
  assert.ok(!rest.matches('GET', seg('/lain')));
  assert.ok(compilePattern('GET', '/pasien/{nik}').specificity < compilePattern('GET', '/pasien/baru').specificity);
  assert.equal(pathSegments('/a/%E0%A4%A'), undefined);
});

for (const engine of engines()) {
  describe(`gerbang control plane on ${engine}`, () => {
    let t: TestApp;
    let openapiServer: http.Server;
    let openapiUrl: string;
    const c = {} as Record<'admin' | 'spbe' | 'dinkesAdmin' | 'kominfoAdmin' | 'kominfoOfficer' | 'auditor', Client>;
    let dinkes: string;
    let diskominfo: string;
    let simrs: string;
    let antrean: string;
    let pasien: string;

    before(async () => {
      openapiServer = http.createServer((req, res) => {
        if (req.url === '/petstore.yaml') {
          res.writeHead(200, { 'content-type': 'application/yaml' });
          return void res.end(PETSTORE_YAML);
        }
        res.writeHead(302, { location: '/petstore.yaml' }).end();
      });
      await new Promise<void>((r) => openapiServer.listen(0, '127.0.0.1', r));
      openapiUrl = `http://127.0.0.1:${(openapiServer.address() as { port: number }).port}`;
      t = await createTestApp(engine, { modules: [...platformModules, createGerbangModule({ evidence: new MemoryEvidenceLog() })] });
      const people = {
        admin: { email: 'admin@jatimprov.go.id', roles: [{ role: 'admin' as const }] },
        spbe: { email: 'tim.spbe@jatimprov.go.id', roles: [{ role: 'tim_spbe' as const }] },
        dinkesAdmin: { email: 'admin@dinkes.go.id', roles: [{ role: 'admin_opd' as const, opd: 'dinkes' }] },
        kominfoAdmin: { email: 'admin@kominfo.go.id', roles: [{ role: 'admin_opd' as const, opd: 'diskominfo' }] },
        kominfoOfficer: { email: 'petugas@kominfo.go.id', roles: [{ role: 'petugas' as const, opd: 'diskominfo' }] },
        auditor: { email: 'auditor@jatimprov.go.id', roles: [{ role: 'auditor' as const }] },
      };
      for (const [name, p] of Object.entries(people)) {
        await createUser(t.deps, p);
        c[name as keyof typeof c] = new Client(t.app);
        await c[name as keyof typeof c].signIn(p.email);
      }
      dinkes = await opdId(t.deps, 'dinkes');
      diskominfo = await opdId(t.deps, 'diskominfo');
    });
    after(async () => {
      await t.close();
      await new Promise<void>((r) => openapiServer.close(() => r()));
    });

    const json = (res: { statusCode: number; body: string }, status: number) => {
      assert.equal(res.statusCode, status, res.body.slice(0, 600));
      return JSON.parse(res.body);
    };
    const audits = async (targetId: string) =>
      (await t.deps.db.selectFrom('audit_log').select(['action', 'actor_label', 'opd_id']).where('target_id', '=', targetId).orderBy('id').execute()).map((a) => a.action);

    test('agency admins register subsystems of their own agency only, through the form or the API', async () => {
      const bad = await c.dinkesAdmin.postForm('/gerbang/subsystems', { opdId: dinkes, code: 'ada spasi', name: 'SIMRS' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /error-summary/);
      assert.match(bad.body, /href="#f-code"/);

      const form = await c.dinkesAdmin.postForm('/gerbang/subsystems', { opdId: dinkes, code: 'simrs', name: 'SIMRS Dinkes' });
      assert.equal(form.statusCode, 303, form.body.slice(0, 300));
      simrs = String(form.headers.location).split('/').pop()!;
      const detail = json(await c.dinkesAdmin.getJson(`/api/v1/gerbang/subsystems/${simrs}`), 200);
      assert.equal(detail.identifier, 'JATIM/GOV/dinkes/simrs');
      assert.deepEqual(await audits(simrs), ['gerbang.subsystem_created']);

      assert.equal((await c.dinkesAdmin.send('POST', '/api/v1/gerbang/subsystems', { opdId: diskominfo, code: 'titipan', name: 'Titipan' })).statusCode, 403);
      assert.equal((await c.kominfoOfficer.send('POST', '/api/v1/gerbang/subsystems', { opdId: diskominfo, code: 'antrean', name: 'Antrean' })).statusCode, 403);
      antrean = json(await c.kominfoAdmin.send('POST', '/api/v1/gerbang/subsystems', { opdId: diskominfo, code: 'antrean', name: 'Sistem Antrean' }), 201).id;
      const taken = await c.kominfoAdmin.send('POST', '/api/v1/gerbang/subsystems', { opdId: diskominfo, code: 'antrean', name: 'Lagi' });
      assert.equal(taken.statusCode, 400);
      assert.match(taken.body, /sudah memiliki subsistem/);

      // Another agency's subsystems are not acknowledged; the SPBE team and auditors read all.
      assert.equal((await c.kominfoAdmin.getJson(`/api/v1/gerbang/subsystems/${simrs}`)).statusCode, 404);
      assert.equal((await c.spbe.getJson(`/api/v1/gerbang/subsystems/${simrs}`)).statusCode, 200);
      assert.equal((await c.spbe.send('PATCH', `/api/v1/gerbang/subsystems/${simrs}`, { name: 'Diubah' })).statusCode, 403);
      const mine = json(await c.kominfoOfficer.getJson('/api/v1/gerbang/subsystems'), 200).items.map((s: { identifier: string }) => s.identifier);
      assert.deepEqual(mine, ['JATIM/GOV/diskominfo/antrean']);
    });

    test('services are registered from an OpenAPI description: text, URL, or an uploaded file', async () => {
      const fromText = json(
        await c.dinkesAdmin.send('POST', `/api/v1/gerbang/subsystems/${simrs}/services`, { code: 'pasien', upstreamUrl: 'http://10.0.0.5:8080/api', openapi: PASIEN_JSON, personalData: true }),
        201,
      );
      pasien = fromText.id;
      assert.equal(fromText.name, 'Data Pasien');
      assert.equal(fromText.version, '2.1');
      assert.equal(fromText.lifecycle, 'draft');
      assert.equal(fromText.identifier, 'JATIM/GOV/dinkes/simrs/pasien');
      assert.deepEqual(fromText.endpoints.map((e: { method: string; path: string }) => `${e.method} ${e.path}`), ['GET /pasien/{nik}', 'POST /pasien']);

      const fromUrl = json(await c.dinkesAdmin.send('POST', `/api/v1/gerbang/subsystems/${simrs}/services`, { code: 'pets', upstreamUrl: 'http://10.0.0.5:8080/', openapiUrl: `${openapiUrl}/petstore.yaml` }), 201);
      assert.equal(fromUrl.name, 'Petstore');
      assert.equal(fromUrl.endpoints.length, 4);
      assert.equal(fromUrl.openapiUrl, `${openapiUrl}/petstore.yaml`);
      const served = await c.dinkesAdmin.get(`/api/v1/gerbang/services/${fromUrl.id}/openapi`);
      assert.equal(served.headers['content-type'], 'application/yaml; charset=utf-8');
      assert.match(served.body, /url: "http:\/\/localhost:3000\/r1\/JATIM\/GOV\/dinkes\/simrs\/pets"/);

      // Redirects are not followed: a description must be where it is said to be.
      const redirected = await c.dinkesAdmin.send('POST', `/api/v1/gerbang/subsystems/${simrs}/services`, { code: 'pets2', upstreamUrl: 'http://10.0.0.5/', openapiUrl: `${openapiUrl}/elsewhere` });
      assert.equal(redirected.statusCode, 400);
      assert.match(redirected.body, /openapiUrl/);
      const notOpenApi = await c.dinkesAdmin.send('POST', `/api/v1/gerbang/subsystems/${simrs}/services`, { code: 'rusak', upstreamUrl: 'http://10.0.0.5/', openapi: '{"swagger": "2.0"}' });
      assert.equal(notOpenApi.statusCode, 400);
      assert.match(notOpenApi.body, /bukan OpenAPI 3/);
      const reserved = await c.dinkesAdmin.send('POST', `/api/v1/gerbang/subsystems/${simrs}/services`, { code: 'listMethods', upstreamUrl: 'http://10.0.0.5/' });
      assert.equal(reserved.statusCode, 400);
      const badUrl = await c.dinkesAdmin.send('POST', `/api/v1/gerbang/subsystems/${simrs}/services`, { code: 'rahasia', upstreamUrl: 'http://user:pass@10.0.0.5/' });
      assert.equal(badUrl.statusCode, 400);

      // The HTML form takes a file upload (multipart) and falls back to endpoints by hand.
      const csrf = c.dinkesAdmin.csrf;
      const boundary = 'padu-uji-batas';
      const part = (name: string, value: string, filename?: string) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"\r\nContent-Type: application/yaml` : ''}\r\n\r\n${value}\r\n`;
      const payload = [part('_csrf', csrf), part('code', 'toko'), part('upstreamUrl', 'https://toko.dinkes.example/'), part('openapiFile', PETSTORE_YAML, 'petstore.yaml')].join('') + `--${boundary}--\r\n`;
      const upload = await t.app.inject({
        method: 'POST',
        url: `/gerbang/subsystems/${simrs}/services`,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: [...c.dinkesAdmin.cookies].map(([k, v]) => `${k}=${v}`).join('; '), accept: 'text/html' },
        payload,
      });
      assert.equal(upload.statusCode, 303, upload.body.slice(0, 500));
      const page = await c.dinkesAdmin.get(String(upload.headers.location));
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /\/pets\/\{petId\}/);

      const byHand = await c.dinkesAdmin.postForm(`/gerbang/subsystems/${simrs}/services`, { code: 'antrian', upstreamUrl: 'http://10.0.0.6/', endpoints: 'GET /antrian/{nomor} Status antrean\nPOST /antrian\nFETCH /x' });
      assert.equal(byHand.statusCode, 400);
      assert.match(byHand.body, /Titik akhir ke-3/);
      const fixed = await c.dinkesAdmin.postForm(`/gerbang/subsystems/${simrs}/services`, { code: 'antrian', upstreamUrl: 'http://10.0.0.6/', endpoints: 'GET /antrian/{nomor} Status antrean\nPOST /antrian' });
      assert.equal(fixed.statusCode, 303);
      assert.deepEqual(await audits(pasien), ['gerbang.service_registered']);
    });

    test('drafts are the providing agency’s own; the lifecycle moves draft → published → deprecated → retired', async () => {
      assert.equal((await c.kominfoOfficer.getJson(`/api/v1/gerbang/services/${pasien}`)).statusCode, 404);
      assert.ok(!json(await c.kominfoOfficer.getJson('/api/v1/gerbang/services'), 200).items.some((s: { id: string }) => s.id === pasien));
      const move = (to: string, as = c.dinkesAdmin) => as.send('POST', `/api/v1/gerbang/services/${pasien}/lifecycle`, { lifecycle: to });
      assert.equal((await move('published', c.kominfoAdmin)).statusCode, 404);
      assert.equal(json(await move('published'), 200).lifecycle, 'published');
      assert.equal(json(await move('deprecated'), 200).lifecycle, 'deprecated');
      assert.equal(json(await move('published'), 200).lifecycle, 'published');
      const consumerView = json(await c.kominfoOfficer.getJson(`/api/v1/gerbang/services/${pasien}`), 200);
      assert.equal(consumerView.upstreamUrl, undefined, 'consumers never see the provider address');
      assert.equal(consumerView.gatewayUrl, 'http://localhost:3000/r1/JATIM/GOV/dinkes/simrs/pasien');
      assert.equal((await c.kominfoAdmin.send('PATCH', `/api/v1/gerbang/services/${pasien}`, { timeoutMs: 1000 })).statusCode, 403);
      const changed = json(await c.dinkesAdmin.send('PATCH', `/api/v1/gerbang/services/${pasien}`, { timeoutMs: 5000, rateLimitRps: 20 }), 200);
      assert.equal(changed.timeoutMs, 5000);
      assert.equal(changed.rateLimitRps, 20);
      assert.deepEqual(await audits(pasien), ['gerbang.service_registered', 'gerbang.service_lifecycle', 'gerbang.service_lifecycle', 'gerbang.service_lifecycle', 'gerbang.service_updated']);

      const antrian = json(await c.dinkesAdmin.getJson('/api/v1/gerbang/services?q=antrian'), 200).items[0];
      assert.equal(json(await c.dinkesAdmin.send('POST', `/api/v1/gerbang/services/${antrian.id}/lifecycle`, { lifecycle: 'retired' }), 200).lifecycle, 'retired');
      const again = await c.dinkesAdmin.send('POST', `/api/v1/gerbang/services/${antrian.id}/lifecycle`, { lifecycle: 'published' });
      assert.equal(again.statusCode, 409);
      assert.match(again.body, /tidak dapat diubah menjadi published/);
    });

    test('a consumer asks for access with a reason; the provider approves or rejects with a reason; all audited', async () => {
      const ask = await c.kominfoOfficer.postForm(`/gerbang/services/${pasien}/requests`, { subsystemId: antrean, method: 'GET', path: '/pasien/{nik}', reason: 'Verifikasi identitas pasien di loket antrean' });
      assert.equal(ask.statusCode, 303, ask.body.slice(0, 300));
      const twice = await c.kominfoOfficer.send('POST', `/api/v1/gerbang/services/${pasien}/requests`, { subsystemId: antrean, method: 'GET', path: '/pasien/{nik}', reason: 'Sekali lagi' });
      assert.equal(twice.statusCode, 409);
      // Staff of another agency cannot ask on behalf of a subsystem they do not have.
      assert.equal((await c.dinkesAdmin.send('POST', `/api/v1/gerbang/services/${pasien}/requests`, { subsystemId: antrean, reason: 'Menyamar sebagai kominfo' })).statusCode, 404);

      const incoming = json(await c.dinkesAdmin.getJson('/api/v1/gerbang/requests?direction=incoming&status=pending'), 200).items;
      assert.equal(incoming.length, 1);
      const request = incoming[0];
      assert.equal(request.client, 'JATIM/GOV/diskominfo/antrean');
      assert.equal(request.reason, 'Verifikasi identitas pasien di loket antrean');
      // The consumer cannot decide its own request; the SPBE team only watches.
      assert.equal((await c.kominfoAdmin.send('POST', `/api/v1/gerbang/requests/${request.id}/approve`, { reason: 'Saya setujui sendiri' })).statusCode, 403);
      assert.equal((await c.spbe.send('POST', `/api/v1/gerbang/requests/${request.id}/approve`, { reason: 'Tim SPBE setuju' })).statusCode, 403);

      const approve = await c.dinkesAdmin.postForm(`/gerbang/requests/${request.id}/decide`, { decision: 'approve', reason: 'Sesuai perjanjian kerja sama 2026' });
      assert.equal(approve.statusCode, 303);
      const decided = json(await c.kominfoOfficer.getJson(`/api/v1/gerbang/requests/${request.id}`), 200);
      assert.equal(decided.status, 'approved');
      assert.equal(decided.decisionReason, 'Sesuai perjanjian kerja sama 2026');
      assert.ok(decided.rightId);
      assert.equal((await c.dinkesAdmin.send('POST', `/api/v1/gerbang/requests/${request.id}/reject`, { reason: 'Berubah pikiran' })).statusCode, 409);

      const callable = json(await c.kominfoOfficer.getJson(`/api/v1/gerbang/subsystems/${antrean}/callable`), 200);
      assert.equal(callable.client, 'JATIM/GOV/diskominfo/antrean');
      assert.equal(callable.items.length, 1);
      assert.equal(callable.items[0].whole, false);
      assert.deepEqual(callable.items[0].allowed, [{ method: 'GET', path: '/pasien/{nik}' }]);
      assert.match(callable.items[0].openapiUrl, new RegExp(`/api/v1/gerbang/services/${pasien}/openapi$`));

      const whole = json(await c.kominfoAdmin.send('POST', `/api/v1/gerbang/services/${pasien}/requests`, { subsystemId: antrean, reason: 'Seluruh layanan untuk pelaporan' }), 201);
      const rejected = json(await c.dinkesAdmin.send('POST', `/api/v1/gerbang/requests/${whole.id}/reject`, { reason: 'Cukup satu titik akhir' }), 200);
      assert.equal(rejected.status, 'rejected');
      assert.equal(rejected.rightId, null);

      assert.deepEqual(await audits(request.id), ['gerbang.access_requested', 'gerbang.access_approved']);
      assert.deepEqual(await audits(whole.id), ['gerbang.access_requested', 'gerbang.access_rejected']);
      const rights = json(await c.dinkesAdmin.getJson(`/api/v1/gerbang/services/${pasien}/rights`), 200).items;
      assert.equal(rights.length, 1);
      assert.equal((await c.kominfoAdmin.getJson(`/api/v1/gerbang/services/${pasien}/rights`)).statusCode, 403);

      const page = await c.dinkesAdmin.get(`/gerbang/services/${pasien}`);
      assert.match(page.body, /Sesuai perjanjian kerja sama 2026/);
      assert.match(page.body, /JATIM\/GOV\/diskominfo\/antrean/);
    });

    test('groups: a provider grants a group, and every member may then call', async () => {
      const group = json(await c.dinkesAdmin.send('POST', '/api/v1/gerbang/groups', { opdId: dinkes, code: 'mitra-rs', name: 'Mitra rumah sakit' }), 201);
      const withMember = json(await c.dinkesAdmin.send('POST', `/api/v1/gerbang/groups/${group.id}/members`, { subsystem: 'JATIM/GOV/diskominfo/antrean' }), 200);
      assert.deepEqual(withMember.members.map((m: { identifier: string }) => m.identifier), ['JATIM/GOV/diskominfo/antrean']);
      assert.equal((await c.dinkesAdmin.send('POST', `/api/v1/gerbang/groups/${group.id}/members`, { subsystem: 'JATIM/GOV/diskominfo/tidak-ada' })).statusCode, 400);
      const pets = json(await c.dinkesAdmin.getJson('/api/v1/gerbang/services?q=petstore'), 200).items[0];
      await c.dinkesAdmin.send('POST', `/api/v1/gerbang/services/${pets.id}/lifecycle`, { lifecycle: 'published' });
      json(await c.dinkesAdmin.send('POST', `/api/v1/gerbang/services/${pets.id}/rights`, { groupId: group.id, dailyQuota: 1000 }), 201);
      assert.equal((await c.dinkesAdmin.send('POST', `/api/v1/gerbang/services/${pets.id}/rights`, { groupId: group.id, dailyQuota: 5 })).statusCode, 409);
      const callable = json(await c.kominfoOfficer.getJson(`/api/v1/gerbang/subsystems/${antrean}/callable`), 200);
      const viaGroup = callable.items.find((i: { service: { id: string } }) => i.service.id === pets.id);
      assert.equal(viaGroup.whole, true);
      assert.equal(viaGroup.dailyQuota, 1000);
      const removed = json(await c.dinkesAdmin.send('DELETE', `/api/v1/gerbang/groups/${group.id}/members/${antrean}`), 200);
      assert.deepEqual(removed.members, []);
      assert.ok(!json(await c.kominfoOfficer.getJson(`/api/v1/gerbang/subsystems/${antrean}/callable`), 200).items.some((i: { service: { id: string } }) => i.service.id === pets.id));
    });

    test('the CLI registers from an OpenAPI file and lists services, acting as an account', async () => {
      const run = async (command: string, args: string[]) => {
        const stdout = new PassThrough();
        const stderr = new PassThrough();
        let out = '';
        let err = '';
        stdout.on('data', (d) => (out += d));
        stderr.on('data', (d) => (err += d));
        const code = await gerbangCli[command]!.run(args, { config: t.deps.config, stdout, stderr, withDeps: (fn) => fn(t.deps) });
        return { code, out, err };
      };
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-cli-')), 'pets.yaml');
      fs.writeFileSync(file, PETSTORE_YAML);
      const registered = await run('register', [simrs, '--code', 'pets-cli', '--upstream', 'http://10.0.0.7/', '--openapi', file, '--as', 'admin@dinkes.go.id']);
      assert.equal(registered.code, 0, registered.err);
      assert.equal(JSON.parse(registered.out).identifier, 'JATIM/GOV/dinkes/simrs/pets-cli');
      const refused = await run('register', [simrs, '--code', 'pets-lagi', '--upstream', 'http://10.0.0.7/', '--as', 'admin@kominfo.go.id']);
      assert.equal(refused.code, 1);
      assert.equal((await run('register', [simrs, '--code', 'x'])).code, 2);
      const listed = await run('services', ['--as', 'petugas@kominfo.go.id', '--json']);
      assert.equal(listed.code, 0);
      const identifiers = JSON.parse(listed.out).map((s: { identifier: string }) => s.identifier);
      assert.ok(identifiers.includes('JATIM/GOV/dinkes/simrs/pasien'));
      assert.ok(!identifiers.includes('JATIM/GOV/dinkes/simrs/pets-cli'), 'a draft of another agency is not listed');
    });

    test('a subsystem token lists what it may call; its screens and pages render for each role', async () => {
      const issued = json(await c.kominfoAdmin.send('POST', `/api/v1/gerbang/subsystems/${antrean}/tokens`, { name: 'Antrean produksi' }), 201);
      assert.deepEqual(issued.clientHeader, 'JATIM/GOV/diskominfo/antrean');
      const asSystem = new Client(t.app, { bearer: issued.token });
      const listing = json(await asSystem.getJson('/api/v1/gerbang/client/services'), 200);
      assert.equal(listing.client, 'JATIM/GOV/diskominfo/antrean');
      assert.ok(listing.items.some((i: { service: { identifier: string } }) => i.service.identifier === 'JATIM/GOV/dinkes/simrs/pasien'));
      assert.equal((await asSystem.send('POST', '/api/v1/gerbang/subsystems', { opdId: diskominfo, code: 'mesin', name: 'Mesin' })).statusCode, 403);
      const doc = await asSystem.get(`/api/v1/gerbang/services/${pasien}/openapi`);
      assert.equal(JSON.parse(doc.body).servers[0].url, 'http://localhost:3000/r1/JATIM/GOV/dinkes/simrs/pasien');
      // The token screen shows it was issued; the platform's audit has both halves.
      assert.deepEqual(await audits(antrean), ['gerbang.subsystem_created', 'gerbang.token_issued']);

      const issuedPage = await c.kominfoAdmin.postForm(`/gerbang/subsystems/${antrean}/tokens`, {});
      assert.equal(issuedPage.statusCode, 201);
      assert.match(issuedPage.body, /padu_[A-Za-z0-9_-]{8}_/);
      assert.equal(issuedPage.headers['cache-control'], 'no-store');

      for (const [who, url] of [
        ['kominfoOfficer', '/gerbang'],
        ['kominfoOfficer', `/gerbang/subsystems/${antrean}`],
        ['kominfoOfficer', '/gerbang/services'],
        ['kominfoOfficer', `/gerbang/services/${pasien}`],
        ['dinkesAdmin', '/gerbang/requests'],
        ['dinkesAdmin', '/gerbang/groups'],
        ['spbe', '/gerbang/monitoring'],
        ['auditor', `/gerbang/subsystems/${simrs}`],
      ] as const) {
        const res = await c[who].get(url);
        assert.equal(res.statusCode, 200, `${who} ${url}`);
        assert.equal((res.body.match(/<h1/g) ?? []).length, 1, `one h1 on ${url}`);
      }
      const warga = new Client(t.app);
      await createUser(t.deps, { email: 'warga@example.id', roles: [{ role: 'warga' }] });
      await warga.signIn('warga@example.id');
      assert.equal((await warga.get('/gerbang')).statusCode, 403);
      assert.equal((await new Client(t.app).get('/gerbang')).statusCode, 401);
    });
  });
}
