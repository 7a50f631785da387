import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import https from 'node:https';
import { X509Certificate, generateKeyPairSync } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { engines } from '../../../../test/support/db.ts';
import { Client, createTestApp, createUser, type TestApp } from '../../../../test/support/app.ts';
import { platformModules } from '../../../platform/index.ts';
import { createGerbangModule } from '../index.ts';
import { MemoryEvidenceLog } from '../testing.ts';
import { tlsAddress } from './listener.ts';
import { gerbangCli } from '../cli.ts';
import { PassThrough } from 'node:stream';
import fs from 'node:fs';
import os from 'node:os';
import nodePath from 'node:path';
import { buildCertificate, buildCsr, certificatePem, randomSerial } from './x509.ts';

/**
 * Mutual TLS end to end: a real Padu with its TLS listener on loopback, a real provider (node:http)
 * and real TLS clients presenting certificates Padu issued — or not.
 */

const PROVIDER = 'JATIM/GOV/dinkes/simrs';
const CLIENT = 'JATIM/GOV/diskominfo/antrean';
const OTHER = 'JATIM/GOV/diskominfo/lain';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function tlsCall(port: number, path: string, o: { ca: string; cert?: string; key?: string; headers?: Record<string, string> }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = https.request({ host: '127.0.0.1', port, path, method: 'GET', ca: o.ca, cert: o.cert, key: o.key, headers: o.headers ?? {}, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

for (const engine of engines()) {
  describe(`gerbang mutual TLS on ${engine}`, () => {
    let t: TestApp;
    let admin: Client;
    let upstream: http.Server;
    let port: number;
    let caPem: string;
    const evidence = new MemoryEvidenceLog();
    const sub: Record<string, string> = {};
    let token: string;
    let hits = 0;

    const ok = (res: { statusCode: number; body: string }, status = 201) => {
      assert.equal(res.statusCode, status, res.body.slice(0, 500));
      return JSON.parse(res.body);
    };

    before(async () => {
      upstream = http.createServer((req, res) => {
        hits += 1;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ url: req.url, authorization: req.headers.authorization ?? null }));
      });
      await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
      t = await createTestApp(engine, { modules: [...platformModules, createGerbangModule({ evidence, settings: { tlsPort: 0, tlsHosts: ['localhost', '127.0.0.1'] } })], config: { host: '127.0.0.1' } });
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      port = tlsAddress(t.app)!.port;
      await createUser(t.deps, { email: 'admin@jatimprov.go.id', roles: [{ role: 'admin' }] });
      admin = new Client(t.app);
      await admin.signIn('admin@jatimprov.go.id');
      const opd = async (code: string) => (await t.deps.db.selectFrom('opd').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
      for (const [opdCode, code] of [['dinkes', 'simrs'], ['diskominfo', 'antrean'], ['diskominfo', 'lain']] as const) {
        sub[code] = ok(await admin.send('POST', '/api/v1/gerbang/subsystems', { opdId: await opd(opdCode), code, name: `Sistem ${code}` })).id;
      }
      token = ok(await admin.send('POST', `/api/v1/gerbang/subsystems/${sub.antrean}/tokens`, {})).token;
      const { port: upPort } = upstream.address() as AddressInfo;
      const service = ok(await admin.send('POST', `/api/v1/gerbang/subsystems/${sub.simrs}/services`, { code: 'echo', upstreamUrl: `http://127.0.0.1:${upPort}/echo` })).id;
      ok(await admin.send('POST', `/api/v1/gerbang/services/${service}/lifecycle`, { lifecycle: 'published' }), 200);
      ok(await admin.send('POST', `/api/v1/gerbang/services/${service}/rights`, { subsystem: sub.antrean }));
      ok(await admin.send('POST', `/api/v1/gerbang/services/${service}/rights`, { subsystem: sub.lain }));
      caPem = (await new Client(t.app).get('/gerbang/ca.pem')).body;
    });
    after(async () => {
      await t.close();
      upstream.closeAllConnections();
      await new Promise<void>((r) => upstream.close(() => r()));
    });

    test('the CA certificate is public, and the same through the API', async () => {
      const anon = new Client(t.app);
      const res = await anon.getJson('/api/v1/gerbang/ca');
      const ca = ok(res, 200);
      assert.equal(ca.certificate, caPem);
      const x = new X509Certificate(caPem);
      assert.equal(x.ca, true);
      assert.equal(x.subject, 'O=Padu\nCN=Padu Gerbang CA JATIM');
      assert.equal(ca.id, x.fingerprint256.replace(/:/g, '').toLowerCase());
      // Stored encrypted: no PEM private key in the table.
      const row = await t.deps.db.selectFrom('gerbang_ca').selectAll().executeTakeFirstOrThrow();
      assert.doesNotMatch(row.private_key_enc, /PRIVATE KEY/);
    });

    test('a certificate Padu makes the key for authenticates without a token, through to the provider', async () => {
      const issued = ok(await admin.send('POST', `/api/v1/gerbang/subsystems/${sub.antrean}/certificates`, { days: 30 }));
      assert.equal(issued.clientHeader, CLIENT);
      assert.equal(issued.keySource, 'generated');
      assert.equal(issued.status, 'active');
      assert.match(issued.privateKey, /^-----BEGIN PRIVATE KEY-----/);
      const x = new X509Certificate(issued.certificate);
      assert.equal(x.subject, `O=JATIM/GOV/diskominfo\nCN=${CLIENT}`);
      assert.ok(x.verify(new X509Certificate(caPem).publicKey));
      assert.equal(issued.fingerprint, x.fingerprint256.replace(/:/g, '').toLowerCase());
      assert.equal(new Date(issued.notAfter).getTime() - t.clock.now().getTime(), 30 * 86_400_000);

      const before = hits;
      const res = await tlsCall(port, `/r1/${PROVIDER}/echo/x?y=1`, { ca: caPem, cert: issued.certificate, key: issued.privateKey, headers: { 'X-Road-Client': CLIENT } });
      assert.equal(res.status, 200, res.body);
      assert.equal(res.headers['x-road-client'], CLIENT);
      assert.equal(JSON.parse(res.body).url, '/echo/x?y=1');
      assert.equal(hits, before + 1);
      const record = evidence.byRequestId(res.headers['x-road-request-id'] as string);
      assert.equal(record?.client, CLIENT);
      assert.equal(record?.status, 200);

      // The private key was handed out once: nothing of it is stored; the issue is audited.
      const stored = await t.deps.db.selectFrom('gerbang_client_cert').selectAll().where('id', '=', issued.id).executeTakeFirstOrThrow();
      assert.equal(stored.issued_by !== null, true);
      assert.doesNotMatch(JSON.stringify(stored), /PRIVATE KEY/);
      const audit = await t.deps.db.selectFrom('audit_log').select(['action', 'after']).where('action', '=', 'gerbang.certificate_issued').execute();
      assert.ok(audit.some((a) => JSON.stringify(a.after).includes(issued.fingerprint)));

      // The list shows it without any key.
      const list = ok(await admin.getJson(`/api/v1/gerbang/subsystems/${sub.antrean}/certificates`), 200);
      assert.equal(list.client, CLIENT);
      assert.deepEqual(list.items.map((i: { id: string }) => i.id), [issued.id]);
      assert.equal(list.items[0].privateKey, undefined);
    });

    test('a certificate from a CSR; naming another subsystem in X-Road-Client is refused', async () => {
      const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const csr = buildCsr({ commonName: OTHER }, pair.publicKey, pair.privateKey);
      const issued = ok(await admin.send('POST', `/api/v1/gerbang/subsystems/${sub.lain}/certificates`, { csr }));
      assert.equal(issued.keySource, 'csr');
      assert.equal(issued.privateKey, null);
      const key = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      const good = await tlsCall(port, `/r1/${PROVIDER}/echo/`, { ca: caPem, cert: issued.certificate, key, headers: { 'X-Road-Client': OTHER } });
      assert.equal(good.status, 200, good.body);

      const before = hits;
      const mismatch = await tlsCall(port, `/r1/${PROVIDER}/echo/`, { ca: caPem, cert: issued.certificate, key, headers: { 'X-Road-Client': CLIENT } });
      assert.equal(mismatch.status, 400);
      assert.equal(mismatch.headers['x-road-error'], 'Client.AuthenticationFailed');
      assert.match(JSON.parse(mismatch.body).message, new RegExp(`belongs to ${OTHER}, not ${CLIENT}`));
      assert.equal(hits, before);
    });

    test('a revoked certificate is refused from the next call', async () => {
      const issued = ok(await admin.send('POST', `/api/v1/gerbang/subsystems/${sub.antrean}/certificates`, {}));
      const call = () => tlsCall(port, `/r1/${PROVIDER}/echo/`, { ca: caPem, cert: issued.certificate, key: issued.privateKey, headers: { 'X-Road-Client': CLIENT } });
      assert.equal((await call()).status, 200);
      const revoked = ok(await admin.send('DELETE', `/api/v1/gerbang/subsystems/${sub.antrean}/certificates/${issued.id}`), 200);
      assert.equal(revoked.status, 'revoked');
      const res = await call();
      assert.equal(res.status, 400);
      assert.equal(res.headers['x-road-error'], 'Client.AuthenticationFailed');
      assert.match(JSON.parse(res.body).message, /revoked/);
      // Idempotent, audited once.
      ok(await admin.send('DELETE', `/api/v1/gerbang/subsystems/${sub.antrean}/certificates/${issued.id}`), 200);
      const audits = await t.deps.db.selectFrom('audit_log').select('after').where('action', '=', 'gerbang.certificate_revoked').execute();
      assert.equal(audits.filter((a) => JSON.stringify(a.after).includes(issued.id)).length, 1);
    });

    test('an expired certificate is refused (by Padu’s clock)', async () => {
      const issued = ok(await admin.send('POST', `/api/v1/gerbang/subsystems/${sub.antrean}/certificates`, { days: 1 }));
      const call = () => tlsCall(port, `/r1/${PROVIDER}/echo/`, { ca: caPem, cert: issued.certificate, key: issued.privateKey, headers: { 'X-Road-Client': CLIENT } });
      assert.equal((await call()).status, 200);
      t.clock.advance(2 * 86_400_000);
      try {
        const res = await call();
        assert.equal(res.status, 400);
        assert.equal(res.headers['x-road-error'], 'Client.AuthenticationFailed');
        assert.match(JSON.parse(res.body).message, /expired/);
      } finally {
        t.clock.advance(-2 * 86_400_000);
      }
    });

    test('a certificate from another CA is refused, even for the right subsystem name', async () => {
      const foreign = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const name = { commonName: 'Padu Gerbang CA JATIM', organization: 'Padu' };
      const leaf = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const cert = certificatePem(
        buildCertificate({
          profile: 'client',
          serial: randomSerial(),
          issuer: name,
          subject: { commonName: CLIENT },
          notBefore: new Date(Date.now() - 86_400_000),
          notAfter: new Date(Date.now() + 86_400_000),
          subjectKey: leaf.publicKey,
          issuerPublicKey: foreign.publicKey,
          issuerPrivateKey: foreign.privateKey,
        }),
      );
      const before = hits;
      const res = await tlsCall(port, `/r1/${PROVIDER}/echo/`, { ca: caPem, cert, key: leaf.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), headers: { 'X-Road-Client': CLIENT } });
      assert.equal(res.status, 400);
      assert.equal(res.headers['x-road-error'], 'Client.AuthenticationFailed');
      assert.match(JSON.parse(res.body).message, /not issued by Padu/);
      assert.equal(hits, before);
    });

    test('over TLS a token still works, and without token or certificate the call is refused', async () => {
      const withToken = await tlsCall(port, `/r1/${PROVIDER}/echo/`, { ca: caPem, headers: { Authorization: `Bearer ${token}`, 'X-Road-Client': CLIENT } });
      assert.equal(withToken.status, 200, withToken.body);
      assert.equal(JSON.parse(withToken.body).authorization, null);
      const bare = await tlsCall(port, `/r1/${PROVIDER}/echo/`, { ca: caPem, headers: { 'X-Road-Client': CLIENT } });
      assert.equal(bare.status, 400);
      assert.equal(bare.headers['x-road-error'], 'Client.AuthenticationFailed');
    });

    test('the CLI: padu gerbang ca, cert issue --out, list, revoke (with the account’s rights)', async () => {
      const cli = async (command: string, args: string[]) => {
        const stdout = new PassThrough();
        const stderr = new PassThrough();
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        stdout.on('data', (c: Buffer) => out.push(c));
        stderr.on('data', (c: Buffer) => err.push(c));
        const code = await gerbangCli[command]!.run(args, { config: t.deps.config, stdout, stderr, withDeps: (fn) => fn(t.deps) });
        return { code, out: Buffer.concat(out).toString('utf8'), err: Buffer.concat(err).toString('utf8') };
      };
      const ca = await cli('ca', []);
      assert.equal(ca.code, 0);
      assert.equal(ca.out, caPem);
      const dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'padu-cert-'));
      try {
        const issued = await cli('cert', ['issue', sub.antrean!, '--out', dir, '--days', '7', '--as', 'admin@jatimprov.go.id']);
        assert.equal(issued.code, 0, issued.err);
        const summary = JSON.parse(issued.out);
        assert.equal(summary.clientHeader, CLIENT);
        const cert = fs.readFileSync(nodePath.join(dir, 'client.crt'), 'utf8');
        const key = fs.readFileSync(nodePath.join(dir, 'client.key'), 'utf8');
        assert.equal(fs.statSync(nodePath.join(dir, 'client.key')).mode & 0o777, 0o600);
        assert.equal(fs.readFileSync(nodePath.join(dir, 'padu-ca.pem'), 'utf8'), caPem);
        const res = await tlsCall(port, `/r1/${PROVIDER}/echo/`, { ca: caPem, cert, key, headers: { 'X-Road-Client': CLIENT } });
        assert.equal(res.status, 200, res.body);

        const list = await cli('cert', ['list', sub.antrean!, '--json', '--as', 'admin@jatimprov.go.id']);
        assert.ok(JSON.parse(list.out).some((c: { id: string; status: string }) => c.id === summary.id && c.status === 'active'));
        const revoked = await cli('cert', ['revoke', sub.antrean!, summary.id, '--as', 'admin@jatimprov.go.id']);
        assert.equal(revoked.code, 0, revoked.err);
        assert.equal((await tlsCall(port, `/r1/${PROVIDER}/echo/`, { ca: caPem, cert, key, headers: { 'X-Road-Client': CLIENT } })).status, 400);

        // Without an account, or with one that may not manage the subsystem: refused.
        assert.equal((await cli('cert', ['issue', sub.antrean!])).code, 2);
        await createUser(t.deps, { email: 'auditor@jatimprov.go.id', roles: [{ role: 'auditor' }] });
        const refused = await cli('cert', ['issue', sub.antrean!, '--as', 'auditor@jatimprov.go.id']);
        assert.equal(refused.code, 1);
        assert.equal(refused.out, '');
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    test('screens: the subsystem page lists certificates; issue from a form (errors in the summary), revoke by a button', async () => {
      const bad = await admin.postForm(`/gerbang/subsystems/${sub.lain}/certificates`, { csr: 'bukan CSR', days: '' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /class="error-summary"/);
      assert.match(bad.body, /href="#f-csr"/);

      const made = await admin.postForm(`/gerbang/subsystems/${sub.lain}/certificates`, { csr: '', days: '10' });
      assert.equal(made.statusCode, 201, made.body.slice(0, 300));
      assert.match(made.body, /BEGIN PRIVATE KEY/);
      assert.match(made.body, /--cert/);
      assert.equal(made.headers['cache-control'], 'no-store');

      const page = await admin.get(`/gerbang/subsystems/${sub.lain}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /id="certificates"/);
      const revokeAction = /action="(\/gerbang\/subsystems\/[0-9a-f-]+\/certificates\/([0-9a-f-]+)\/revoke)"/.exec(page.body);
      assert.ok(revokeAction);
      const pem = await admin.get(`/gerbang/subsystems/${sub.lain}/certificates/${revokeAction[2]}/certificate.pem`);
      assert.match(pem.body, /^-----BEGIN CERTIFICATE-----/);
      const revoked = await admin.postForm(revokeAction[1]!, {});
      assert.equal(revoked.statusCode, 303);
      const row = await t.deps.db.selectFrom('gerbang_client_cert').select('revoked_at').where('id', '=', revokeAction[2]!).executeTakeFirstOrThrow();
      assert.ok(row.revoked_at);
    });
  });
}
