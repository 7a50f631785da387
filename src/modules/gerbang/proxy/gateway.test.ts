import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http, { type IncomingHttpHeaders } from 'node:http';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import v8 from 'node:v8';
import vm from 'node:vm';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { engines } from '../../../../test/support/db.ts';
import { Client, createTestApp, createUser, type TestApp } from '../../../../test/support/app.ts';
import { platformModules } from '../../../platform/index.ts';
import { createGerbangModule } from '../index.ts';
import { MemoryEvidenceLog } from '../testing.ts';

/**
 * The data plane end to end: a real Padu listening on loopback, real provider systems (node:http
 * servers started here), real HTTP clients. The X-Road-Request-Hash is recomputed here from the
 * specification, independently of the gateway's own code.
 */

// ---- A provider system -------------------------------------------------------------------------

interface Upstream {
  url: string;
  hits: Map<string, number>;
  close(): Promise<void>;
}

const sha512 = (b: Buffer | string) => createHash('sha512').update(b).digest();

async function startUpstream(): Promise<Upstream> {
  const hits = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://upstream');
    const p = url.pathname;
    hits.set(p, (hits.get(p) ?? 0) + 1);
    const hash = createHash('sha512');
    let bytes = 0;
    req.on('data', (c: Buffer) => {
      hash.update(c);
      bytes += c.length;
    });
    req.on('end', () => {
      if (p === '/slow') return void setTimeout(() => res.end('late'), 3000).unref();
      if (p === '/status/404') {
        res.writeHead(404, 'Nope', { 'content-type': 'text/plain; charset=utf-8', 'x-custom': 'from-provider' });
        return void res.end('not here');
      }
      if (p === '/status/500') {
        res.writeHead(500, { 'content-type': 'application/problem+json', 'x-custom': 'boom' });
        return void res.end('{"title":"provider broke"}');
      }
      if (p === '/redirect') {
        res.writeHead(302, { location: 'http://elsewhere.invalid/target?a=1' });
        return void res.end();
      }
      if (p === '/hop') {
        res.writeHead(200, {
          'content-type': 'text/plain',
          connection: 'X-Up-Secret',
          'x-up-secret': 'hop-by-hop',
          'proxy-authenticate': 'Basic realm="x"',
          server: 'secret-host.internal',
          'x-road-error': 'Fake.Error',
          'x-road-request-hash': 'forged',
          'x-custom': 'kept',
        });
        return void res.end('hop');
      }
      if (p === '/big') {
        // `size` bytes in `chunk`-byte pieces, chunked (no Content-Length) unless `declared`,
        // with `gap` ms between pieces so they reach the gateway as separate reads.
        const size = Number(url.searchParams.get('size'));
        const chunk = Number(url.searchParams.get('chunk') ?? 65536);
        const gap = Number(url.searchParams.get('gap') ?? 0);
        const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
        if (url.searchParams.has('declared')) headers['content-length'] = String(size);
        res.writeHead(200, headers);
        let sent = 0;
        const piece = Buffer.alloc(chunk, 0x61);
        const pump = () => {
          while (sent < size) {
            const n = Math.min(chunk, size - sent);
            sent += n;
            if (!res.write(n === chunk ? piece : piece.subarray(0, n))) return void res.once('drain', pump);
            if (gap > 0 && sent < size) return void setTimeout(pump, gap);
          }
          res.end();
        };
        return void pump();
      }
      const body = JSON.stringify({ method: req.method, url: req.url, rawHeaders: req.rawHeaders, bytes, sha512: hash.digest('base64') });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

// ---- A client system ---------------------------------------------------------------------------

interface Answer {
  status: number;
  statusMessage: string;
  headers: IncomingHttpHeaders;
  rawHeaders: string[];
  body: Buffer;
  bytes: number;
  sha512: string;
  complete: boolean;
  error?: Error;
}

interface CallOptions {
  method?: string;
  headers?: [string, string][];
  body?: Buffer | Readable;
  /** Hash the body instead of keeping it (large bodies). */
  keep?: boolean;
  onData?: (bytes: number) => void;
}

function call(base: string, path: string, o: CallOptions = {}): Promise<Answer> {
  const url = new URL(base);
  return new Promise((resolve) => {
    let answered: Answer | undefined;
    const req = http.request({ host: url.hostname, port: url.port, method: o.method ?? 'GET', path, headers: ['Host', url.host, ...(o.headers ?? []).flat()], agent: false });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      const hash = createHash('sha512');
      answered = { status: res.statusCode!, statusMessage: res.statusMessage ?? '', headers: res.headers, rawHeaders: res.rawHeaders, body: Buffer.alloc(0), bytes: 0, sha512: '', complete: false };
      res.on('data', (c: Buffer) => {
        answered!.bytes += c.length;
        hash.update(c);
        if (o.keep !== false) chunks.push(c);
        o.onData?.(answered!.bytes);
      });
      const finish = (error?: Error) => {
        answered!.body = Buffer.concat(chunks);
        answered!.sha512 = hash.digest('base64');
        answered!.complete = res.complete;
        if (error) answered!.error = error;
        resolve(answered!);
      };
      res.on('end', () => finish());
      res.on('error', (e) => finish(e));
    });
    // A server may answer and close before the whole body is sent; the answer still counts.
    req.on('error', (error) => {
      if (!answered) resolve({ status: 0, statusMessage: '', headers: {}, rawHeaders: [], body: Buffer.alloc(0), bytes: 0, sha512: '', complete: false, error });
    });
    if (o.body instanceof Readable) o.body.pipe(req);
    else req.end(o.body);
  });
}

/** The X-Road-Request-Hash as the protocol defines it, computed from what the client sent. */
function expectedRequestHash(method: string, uri: string, sent: [string, string][], requestId: string, generatedId: string | null, body: Buffer | null): string {
  const skipped = ['host', 'user-agent', 'authorization', 'content-length', 'connection', 'transfer-encoding', 'expect'];
  const lines = [method, uri, ...sent.filter(([n]) => !skipped.includes(n.toLowerCase())).map(([n, v]) => `${n}:${v}`), `x-road-request-id:${requestId}`];
  if (generatedId) lines.push(`x-road-id:${generatedId}`);
  const head = Buffer.from(`${lines.join('\r\n')}\r\n`);
  const digest = body && body.length ? createHash('sha512').update(sha512(head)).update(sha512(body)).digest() : sha512(head);
  return digest.toString('base64');
}

const waitFor = async (check: () => boolean) => {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(check(), 'condition not reached');
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CLIENT = 'JATIM/GOV/diskominfo/antrean';
const STRANGER = 'JATIM/GOV/diskominfo/tanpa-hak';
const PROVIDER = 'JATIM/GOV/dinkes/simrs';

for (const engine of engines()) {
  describe(`gerbang data plane on ${engine}`, () => {
    let t: TestApp;
    let base: string;
    let upstream: Upstream;
    const evidence = new MemoryEvidenceLog();
    const services: Record<string, string> = {};
    const tokens: Record<string, string> = {};
    let admin: Client;

    const auth = (token = tokens.antrean!, client = CLIENT): [string, string][] => [
      ['Authorization', `Bearer ${token}`],
      ['X-Road-Client', client],
    ];
    const svc = (code: string, rest = '') => `/r1/${PROVIDER}/${code}${rest}`;

    before(async () => {
      upstream = await startUpstream();
      const deadPort = await closedPort();
      t = await createTestApp(engine, {
        modules: [...platformModules, createGerbangModule({ evidence, settings: { breakerFailures: 2, breakerOpenMs: 60_000, quotaFlushMs: 20 } })],
        config: { baseUrl: 'https://padu.example' },
      });
      base = await t.app.listen({ port: 0, host: '127.0.0.1' });
      await createUser(t.deps, { email: 'admin@jatimprov.go.id', roles: [{ role: 'admin' }] });
      admin = new Client(t.app);
      await admin.signIn('admin@jatimprov.go.id');
      const opd = async (code: string) => (await t.deps.db.selectFrom('opd').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
      const ok = (res: { statusCode: number; body: string }, status = 201) => {
        assert.equal(res.statusCode, status, res.body.slice(0, 500));
        return JSON.parse(res.body);
      };
      const sub: Record<string, string> = {};
      for (const [opdCode, code] of [['dinkes', 'simrs'], ['diskominfo', 'antrean'], ['diskominfo', 'tanpa-hak']] as const) {
        sub[code] = ok(await admin.send('POST', '/api/v1/gerbang/subsystems', { opdId: await opd(opdCode), code, name: `Sistem ${code}` })).id;
      }
      for (const code of ['antrean', 'tanpa-hak'] as const) {
        const created = ok(await admin.send('POST', `/api/v1/gerbang/subsystems/${sub[code]}/tokens`, {}));
        assert.equal(created.clientHeader, `JATIM/GOV/diskominfo/${code}`);
        tokens[code] = created.token;
      }
      const up = upstream.url;
      const defs: [string, Record<string, unknown>][] = [
        ['echo', { upstreamUrl: `${up}/echo` }],
        ['pasien', { upstreamUrl: `${up}/`, personalData: true, endpoints: [{ method: 'GET', path: '/pasien/{nik}' }, { method: 'GET', path: '/pasien/{nik}/riwayat' }, { method: 'POST', path: '/pasien' }] }],
        ['provider', { upstreamUrl: `${up}/` }],
        ['slow', { upstreamUrl: `${up}/slow`, timeoutMs: 300 }],
        ['dead', { upstreamUrl: `http://127.0.0.1:${deadPort}/` }],
        ['limited', { upstreamUrl: `${up}/echo`, rateLimitRps: 1 }],
        ['quota', { upstreamUrl: `${up}/echo`, dailyQuota: 2 }],
        ['small', { upstreamUrl: `${up}/`, bodyLimitBytes: 1024 }],
        ['stream', { upstreamUrl: `${up}/`, bodyLimitBytes: 32 * 1024 * 1024 }],
      ];
      for (const [code, def] of defs) {
        services[code] = ok(await admin.send('POST', `/api/v1/gerbang/subsystems/${sub.simrs}/services`, { code, ...def })).id;
        ok(await admin.send('POST', `/api/v1/gerbang/services/${services[code]}/lifecycle`, { lifecycle: 'published' }), 200);
        if (code === 'pasien') ok(await admin.send('POST', `/api/v1/gerbang/services/${services[code]}/rights`, { subsystem: CLIENT, method: 'GET', path: '/pasien/{nik}' }));
        else ok(await admin.send('POST', `/api/v1/gerbang/services/${services[code]}/rights`, { subsystem: sub.antrean }));
      }
    });
    after(async () => {
      await t.close();
      await upstream.close();
    });

    test('a call passes through with the X-Road headers, the request hash of the protocol and a durable record', async () => {
      const sent: [string, string][] = [
        ...auth(),
        ['X-Road-UserId', 'ID3578010101900001'],
        ['X-Road-Issue', 'PERMOHONAN-42'],
        ['X-Road-Represented-Party', 'GOV/dinsos'],
        ['Accept', 'application/json'],
        ['X-Custom-Header', 'tetap'],
        ['User-Agent', 'sistem-antrean/1.0'],
      ];
      const uri = `${svc('echo')}/items/1?x=1&y=%20z`;
      const res = await call(base, uri, { headers: sent });
      assert.equal(res.status, 200, res.body.toString());
      assert.equal(res.headers['x-road-client'], CLIENT);
      assert.equal(res.headers['x-road-service'], `${PROVIDER}/echo`);
      assert.match(String(res.headers['x-road-id']), /^JATIM-[0-9a-f-]{36}$/);
      assert.match(String(res.headers['x-road-request-id']), UUID);
      assert.equal(res.headers['x-road-error'], undefined);
      const requestId = String(res.headers['x-road-request-id']);
      assert.equal(res.headers['x-road-request-hash'], expectedRequestHash('GET', uri, sent, requestId, String(res.headers['x-road-id']), null));

      // What the provider saw: the path after the service code under its base URL, the query
      // unchanged, the X-Road and user headers passed on, never the caller's token or user agent.
      const seen = JSON.parse(res.body.toString());
      assert.equal(seen.url, '/echo/items/1?x=1&y=%20z');
      const got = (name: string) => {
        const i = (seen.rawHeaders as string[]).findIndex((h, j) => j % 2 === 0 && h.toLowerCase() === name);
        return i < 0 ? undefined : seen.rawHeaders[i + 1];
      };
      assert.equal(got('x-road-client'), CLIENT);
      assert.equal(got('x-road-userid'), 'ID3578010101900001');
      assert.equal(got('x-road-issue'), 'PERMOHONAN-42');
      assert.equal(got('x-road-represented-party'), 'GOV/dinsos');
      assert.equal(got('x-custom-header'), 'tetap');
      assert.equal(got('x-road-id'), res.headers['x-road-id']);
      assert.equal(got('x-road-request-id'), requestId);
      assert.equal(got('authorization'), undefined);
      assert.equal(got('user-agent'), undefined);
      assert.equal(got('host'), new URL(upstream.url).host);

      const record = evidence.byRequestId(requestId)!;
      assert.ok(record, 'the exchange is in the evidence log');
      assert.equal(record.client, CLIENT);
      assert.equal(record.service, `${PROVIDER}/echo`);
      assert.equal(record.status, 200);
      assert.equal(record.errorType, null);
      assert.equal(record.requestHash, res.headers['x-road-request-hash']);
      assert.equal(record.xroadId, res.headers['x-road-id']);
      assert.equal(record.userId, 'ID3578010101900001');
      assert.equal(record.issue, 'PERMOHONAN-42');
      assert.equal(record.path, '/items/1?x=1&y=%20z');
      assert.equal(record.hashAlgorithm, 'SHA-512');
      assert.equal(record.responseBytes, res.body.length);
    });

    test('a body is hashed into the request hash; a client X-Road-Id is kept', async () => {
      const body = Buffer.from(JSON.stringify({ nama: 'Budi', nik: '3578010101900001' }));
      const sent: [string, string][] = [...auth(), ['X-Road-Id', 'antrean-2026-0001'], ['Content-Type', 'application/json; charset=utf-8'], ['Content-Length', String(body.length)]];
      const uri = svc('echo', '/simpan');
      const res = await call(base, uri, { method: 'POST', headers: sent, body });
      assert.equal(res.status, 200);
      assert.equal(res.headers['x-road-id'], 'antrean-2026-0001');
      assert.equal(res.headers['x-road-request-hash'], expectedRequestHash('POST', uri, sent, String(res.headers['x-road-request-id']), null, body));
      const seen = JSON.parse(res.body.toString());
      assert.equal(seen.sha512, sha512(body).toString('base64'));
      assert.equal(evidence.byRequestId(String(res.headers['x-road-request-id']))!.requestBytes, body.length);
    });

    test('the end of the response waits until the evidence record is durable', async () => {
      evidence.hold();
      let received = 0;
      let done = false;
      const pending = call(base, svc('stream', '/big?size=262144&chunk=16384&declared=1'), { headers: auth(), onData: (n) => (received = n) }).then((r) => {
        done = true;
        return r;
      });
      await waitFor(() => evidence.waiting === 1);
      await waitFor(() => received > 0);
      assert.equal(done, false, 'the client must not see the end before the record is durable');
      assert.ok(received < 262144, `all ${received} bytes arrived before the record was durable`);
      evidence.release();
      const res = await pending;
      assert.equal(res.status, 200);
      assert.equal(res.bytes, 262144);
      assert.ok(res.complete);
      assert.equal(evidence.byRequestId(String(res.headers['x-road-request-id']))!.responseBytes, 262144);
    });

    test('when the evidence log fails, the answer is a gateway error, not the provider response', async () => {
      evidence.fail = true;
      try {
        const res = await call(base, svc('echo', '/x'), { headers: auth() });
        assert.equal(res.status, 500);
        assert.equal(res.headers['x-road-error'], 'Server.ClientProxy.LoggingFailed');
      } finally {
        evidence.fail = false;
      }
    });

    test('refusals: protocol, identity, token and access errors are 400 with X-Road-Error and the JSON body', async () => {
      const before = evidence.records.length;
      const missing = await call(base, svc('echo'), { headers: [['Authorization', `Bearer ${tokens.antrean}`]] });
      assert.equal(missing.status, 400);
      assert.equal(missing.headers['x-road-error'], 'Client.MissingHeader');
      assert.equal(missing.headers['content-type'], 'application/json;charset=utf-8');
      const body = JSON.parse(missing.body.toString());
      assert.equal(body.type, 'Client.MissingHeader');
      assert.match(body.message, /X-Road-Client/);
      assert.match(body.detail, UUID);

      const expectError = async (path: string, headers: [string, string][], type: string, status = 400) => {
        const res = await call(base, path, { headers });
        assert.equal(res.status, status, `${path}: ${res.body.toString()}`);
        assert.equal(res.headers['x-road-error'], type, res.body.toString());
        assert.equal(JSON.parse(res.body.toString()).type, type);
        return res;
      };
      await expectError(svc('echo'), auth(tokens.antrean, 'JATIM/GOV/diskominfo'), 'Client.InvalidClientIdentifier');
      await expectError(svc('echo'), auth(tokens.antrean, 'JATIM/GOV/diskominfo/tidak-terdaftar'), 'Client.InvalidClientIdentifier');
      await expectError(svc('echo'), auth('padu_abcdefgh_salahsalahsalahsalahsalah'), 'Client.AuthenticationFailed');
      await expectError(svc('echo'), [['X-Road-Client', CLIENT]], 'Client.AuthenticationFailed');
      await expectError(svc('echo'), auth(tokens.antrean, STRANGER), 'Client.AuthenticationFailed');
      await expectError('/r1/JATIM/GOV/dinkes', auth(), 'Client.BadRequest');
      await expectError(`/r2/${PROVIDER}/echo`, auth(), 'Client.BadRequest');
      await expectError(svc('echo', '/a/../../admin'), auth(), 'Client.BadRequest');
      assert.equal(evidence.records.length, before, 'unauthenticated refusals are not evidence');

      const denied = await expectError(svc('echo'), auth(tokens['tanpa-hak'], STRANGER), 'Client.AccessDenied');
      await expectError(svc('tidak-ada'), auth(), 'Client.UnknownService');
      const record = evidence.byRequestId(String(denied.headers['x-road-request-id']))!;
      assert.equal(record.errorType, 'Client.AccessDenied');
      assert.equal(record.status, 400);
      assert.equal(record.client, STRANGER);

      const xml = await call(base, svc('echo'), { headers: [...auth(tokens['tanpa-hak'], STRANGER), ['Accept', 'application/xml']] });
      assert.equal(xml.headers['content-type'], 'application/xml;charset=utf-8');
      assert.match(xml.body.toString(), /<type>Client.AccessDenied<\/type>/);
    });

    test('endpoint rights and personal data: purpose and legal basis are required on every call', async () => {
      const purpose: [string, string][] = [
        ['X-Padu-Purpose', 'pelayanan-kesehatan'],
        ['X-Padu-Legal-Basis', 'UU-17-2023'],
      ];
      const without = await call(base, svc('pasien', '/pasien/3578010101900001'), { headers: auth() });
      assert.equal(without.status, 400);
      assert.equal(without.headers['x-road-error'], 'Client.PurposeRequired');
      assert.match(JSON.parse(without.body.toString()).message, /X-Padu-Purpose/);

      const ok = await call(base, svc('pasien', '/pasien/3578010101900001'), { headers: [...auth(), ...purpose] });
      assert.equal(ok.status, 200);
      const record = evidence.byRequestId(String(ok.headers['x-road-request-id']))!;
      assert.equal(record.endpoint, 'GET /pasien/{nik}');
      assert.equal(record.purpose, 'pelayanan-kesehatan');
      assert.equal(record.legalBasis, 'UU-17-2023');

      // The right names one endpoint: its neighbours are refused.
      for (const [method, path] of [['GET', '/pasien/3578010101900001/riwayat'], ['POST', '/pasien'], ['GET', '/pasien']] as const) {
        const res = await call(base, svc('pasien', path), { method, headers: [...auth(), ...purpose] });
        assert.equal(res.headers['x-road-error'], 'Client.AccessDenied', `${method} ${path}`);
      }
    });

    test('rate limit per consumer and service, and the daily quota counted in the database', async () => {
      const first = await call(base, svc('limited'), { headers: auth() });
      assert.equal(first.status, 200);
      const second = await call(base, svc('limited'), { headers: auth() });
      assert.equal(second.status, 400);
      assert.equal(second.headers['x-road-error'], 'Client.RateLimitExceeded');
      assert.equal(second.headers['retry-after'], '1');

      for (let i = 0; i < 2; i++) assert.equal((await call(base, svc('quota'), { headers: auth() })).status, 200);
      const over = await call(base, svc('quota'), { headers: auth() });
      assert.equal(over.status, 400);
      assert.equal(over.headers['x-road-error'], 'Client.QuotaExceeded');
      let row: { calls: string } | undefined;
      for (let i = 0; i < 100 && Number(row?.calls ?? 0) < 2; i++) {
        await new Promise((r) => setTimeout(r, 20));
        row = await t.deps.db.selectFrom('gerbang_quota_usage').select('calls').where('service_id', '=', services.quota!).executeTakeFirst();
      }
      assert.equal(Number(row?.calls), 2, 'the two admitted calls are in the shared counter');
    });

    test('upstream timeout, network errors and the circuit breaker are 500 with X-Road-Error', async () => {
      const slow = await call(base, svc('slow'), { headers: auth() });
      assert.equal(slow.status, 500);
      assert.equal(slow.headers['x-road-error'], 'Server.ServerProxy.Timeout');

      for (let i = 0; i < 2; i++) {
        const dead = await call(base, svc('dead'), { headers: auth() });
        assert.equal(dead.status, 500);
        assert.equal(dead.headers['x-road-error'], 'Server.ServerProxy.NetworkError');
        assert.match(JSON.parse(dead.body.toString()).message, /ECONNREFUSED/);
      }
      const open = await call(base, svc('dead'), { headers: auth() });
      assert.equal(open.status, 500);
      assert.equal(open.headers['x-road-error'], 'Server.ServerProxy.CircuitOpen');
      assert.ok(Number(open.headers['retry-after']) > 0);
    });

    test('body limits: requests over the limit are refused, oversized responses are stopped', async () => {
      const hitsBefore = upstream.hits.get('/upload') ?? 0;
      const declared = await call(base, svc('small', '/upload'), { method: 'POST', headers: [...auth(), ['Content-Type', 'application/octet-stream'], ['Content-Length', '2048']], body: Buffer.alloc(2048, 1) });
      assert.equal(declared.status, 400);
      assert.equal(declared.headers['x-road-error'], 'Client.RequestTooLarge');
      assert.equal(upstream.hits.get('/upload') ?? 0, hitsBefore, 'a declared oversized body never reaches the provider');
      const chunked = await call(base, svc('small', '/upload'), { method: 'POST', headers: [...auth(), ['Content-Type', 'application/octet-stream']], body: Readable.from([Buffer.alloc(700, 1), Buffer.alloc(700, 2)]) });
      assert.equal(chunked.status, 400);
      assert.equal(chunked.headers['x-road-error'], 'Client.RequestTooLarge');

      const declaredResponse = await call(base, svc('small', '/big?size=4096&declared=1'), { headers: auth() });
      assert.equal(declaredResponse.status, 500);
      assert.equal(declaredResponse.headers['x-road-error'], 'Server.ServerProxy.ResponseTooLarge');

      // Streamed past the limit after the head went out: the response is cut short, never
      // completed. When a loaded machine delivers the first pieces as one read, the limit is
      // crossed before the head goes out and the client gets a clean 500 instead; either way no
      // client ever receives a complete answer over the limit.
      const path = '/big?size=8192&chunk=512&gap=15';
      const streamed = await call(base, svc('small', path), { headers: auth() });
      if (streamed.status === 200) {
        assert.equal(streamed.complete, false);
        assert.ok(streamed.bytes <= 1024);
      } else {
        assert.equal(streamed.status, 500);
        assert.equal(streamed.headers['x-road-error'], 'Server.ServerProxy.ResponseTooLarge');
      }
      const cut = evidence.records.find((r) => r.path === path)!;
      assert.equal(cut.errorType, 'Server.ServerProxy.ResponseTooLarge');
    });

    test('provider answers pass through untouched: errors, redirects; hop-by-hop headers are stripped', async () => {
      const notFound = await call(base, svc('provider', '/status/404'), { headers: auth() });
      assert.equal(notFound.status, 404);
      assert.equal(notFound.statusMessage, 'Nope');
      assert.equal(notFound.body.toString(), 'not here');
      assert.equal(notFound.headers['content-type'], 'text/plain; charset=utf-8');
      assert.equal(notFound.headers['x-custom'], 'from-provider');
      assert.equal(notFound.headers['x-road-error'], undefined);
      assert.ok(notFound.headers['x-road-request-hash']);

      const broken = await call(base, svc('provider', '/status/500'), { headers: auth() });
      assert.equal(broken.status, 500);
      assert.equal(broken.body.toString(), '{"title":"provider broke"}');
      assert.equal(broken.headers['content-type'], 'application/problem+json');
      assert.equal(broken.headers['x-road-error'], undefined);

      const redirect = await call(base, svc('provider', '/redirect'), { headers: auth() });
      assert.equal(redirect.status, 302);
      assert.equal(redirect.headers.location, 'http://elsewhere.invalid/target?a=1');

      const hop = await call(base, svc('provider', '/hop'), {
        headers: [...auth(), ['Connection', 'keep-alive, X-Client-Secret'], ['X-Client-Secret', 'hop'], ['Keep-Alive', 'timeout=5'], ['TE', 'trailers'], ['Proxy-Authorization', 'Basic eDp5']],
      });
      assert.equal(hop.status, 200);
      assert.equal(hop.headers['x-custom'], 'kept');
      for (const name of ['x-up-secret', 'proxy-authenticate', 'server', 'x-road-error']) assert.equal(hop.headers[name], undefined, name);
      assert.notEqual(hop.headers['x-road-request-hash'], 'forged');
      const echo = await call(base, svc('provider', '/echo-headers'), {
        headers: [...auth(), ['Connection', 'keep-alive, X-Client-Secret'], ['X-Client-Secret', 'hop'], ['Keep-Alive', 'timeout=5'], ['TE', 'trailers'], ['Proxy-Authorization', 'Basic eDp5']],
      });
      const names = (JSON.parse(echo.body.toString()).rawHeaders as string[]).filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase());
      for (const name of ['x-client-secret', 'keep-alive', 'te', 'proxy-authorization', 'authorization']) assert.ok(!names.includes(name), name);
    });

    test('a 10 MB body streams through in both directions without being held in memory', async () => {
      const size = 10 * 1024 * 1024;
      const hashOf = (byte: number) => {
        const h = createHash('sha512');
        const piece = Buffer.alloc(65536, byte);
        for (let i = 0; i < size / 65536; i++) h.update(piece);
        return h.digest('base64');
      };
      const [downHash, upHash] = [hashOf(0x61), hashOf(0x62)];
      // Warm up both paths first: what a first call sets up once is not what a body costs.
      await call(base, svc('stream', '/big?size=1048576'), { headers: auth(), keep: false });
      await call(base, svc('stream', '/upload'), { method: 'POST', headers: [...auth(), ['Content-Type', 'application/octet-stream']], body: Buffer.alloc(1048576) });
      // Live memory only: collect garbage before each sample, so passed-on chunks do not count.
      v8.setFlagsFromString('--expose-gc');
      const gc = vm.runInNewContext('gc') as () => void;
      gc();
      const baseline = process.memoryUsage();
      let peak = 0;
      let peakDown = 0;
      const sample = setInterval(() => {
        // Twice: array buffers freed by the first collection are only accounted after the second.
        gc();
        gc();
        const m = process.memoryUsage();
        peak = Math.max(peak, m.heapUsed + m.arrayBuffers - baseline.heapUsed - baseline.arrayBuffers);
      }, 20);
      try {
        const down = await call(base, svc('stream', `/big?size=${size}`), { headers: auth(), keep: false });
        assert.equal(down.status, 200, String(down.error ?? ''));
        assert.equal(down.bytes, size);
        assert.equal(down.sha512, downHash);
        const record = evidence.byRequestId(String(down.headers['x-road-request-id']))!;
        assert.equal(record.responseBytes, size);
        peakDown = peak;
        peak = 0;

        const upload = Readable.from(
          (function* () {
            const piece = Buffer.alloc(65536, 0x62);
            for (let i = 0; i < size / 65536; i++) yield piece;
          })(),
        );
        const up = await call(base, svc('stream', '/upload'), { method: 'POST', headers: [...auth(), ['Content-Type', 'application/octet-stream']], body: upload });
        assert.equal(up.status, 200, String(up.error ?? up.body.toString().slice(0, 300)));
        const seen = JSON.parse(up.body.toString());
        assert.equal(seen.bytes, size);
        assert.equal(seen.sha512, upHash);
        assert.equal(evidence.byRequestId(String(up.headers['x-road-request-id']))!.requestBytes, size);
      } finally {
        clearInterval(sample);
      }
      // Client, gateway and provider share this process; a 10 MB body held anywhere would show
      // as at least 10 MB more live memory.
      for (const [direction, grown] of [['down', peakDown], ['up', peak]] as const) {
        assert.ok(grown < 4 * 1024 * 1024, `${direction}: live memory grew by ${(grown / 1048576).toFixed(1)} MB`);
      }
    });

    test('metadata services: listMethods, allowedMethods and getOpenAPI', async () => {
      const list = await call(base, `/r1/${PROVIDER}/listMethods`, { headers: auth() });
      assert.equal(list.status, 200);
      assert.ok(list.headers['x-road-request-hash']);
      const listed = JSON.parse(list.body.toString()).service as { service_code: string; endpoint_list: { method: string; path: string }[]; member_code: string; object_type: string }[];
      assert.ok(listed.some((s) => s.service_code === 'echo'));
      const pasien = listed.find((s) => s.service_code === 'pasien')!;
      assert.equal(pasien.member_code, 'dinkes');
      assert.equal(pasien.object_type, 'SERVICE');
      assert.deepEqual(pasien.endpoint_list[0], { method: 'GET', path: '/pasien/*' });

      const allowedByStranger = JSON.parse((await call(base, `/r1/${PROVIDER}/allowedMethods`, { headers: auth(tokens['tanpa-hak'], STRANGER) })).body.toString());
      assert.deepEqual(allowedByStranger, { service: [] });
      const allowed = JSON.parse((await call(base, `/r1/${PROVIDER}/allowedMethods`, { headers: auth() })).body.toString()).service as { service_code: string; endpoint_list: unknown[] }[];
      assert.deepEqual(allowed.find((s) => s.service_code === 'pasien')!.endpoint_list, [{ method: 'GET', path: '/pasien/*' }]);

      const openapi = await call(base, `/r1/${PROVIDER}/getOpenAPI?serviceCode=pasien`, { headers: auth() });
      assert.equal(openapi.status, 200);
      const doc = JSON.parse(openapi.body.toString());
      assert.equal(doc.servers[0].url, `https://padu.example/r1/${PROVIDER}/pasien`);
      assert.ok(doc.paths['/pasien/{nik}'].get);
      const missing = await call(base, `/r1/${PROVIDER}/getOpenAPI`, { headers: auth() });
      assert.equal(missing.headers['x-road-error'], 'Client.BadRequest');
    });

    test('control-plane changes reach the data plane at once: revoked tokens, withdrawn rights, retired services', async () => {
      const rights = JSON.parse((await admin.getJson(`/api/v1/gerbang/services/${services.echo}/rights`)).body).items as { id: string }[];
      assert.equal((await admin.send('DELETE', `/api/v1/gerbang/rights/${rights[0]!.id}`)).statusCode, 200);
      assert.equal((await call(base, svc('echo'), { headers: auth() })).headers['x-road-error'], 'Client.AccessDenied');

      assert.equal((await admin.send('POST', `/api/v1/gerbang/services/${services.provider}/lifecycle`, { lifecycle: 'retired' })).statusCode, 200);
      assert.equal((await call(base, svc('provider', '/echo'), { headers: auth() })).headers['x-road-error'], 'Client.ServiceDisabled');

      const subsystem = JSON.parse((await admin.getJson('/api/v1/gerbang/subsystems')).body).items.find((s: { identifier: string }) => s.identifier === STRANGER);
      const detail = JSON.parse((await admin.getJson(`/api/v1/gerbang/subsystems/${subsystem.id}`)).body);
      assert.equal((await admin.send('DELETE', `/api/v1/gerbang/subsystems/${subsystem.id}/tokens/${detail.tokens[0].id}`)).statusCode, 200);
      assert.equal((await call(base, svc('echo'), { headers: auth(tokens['tanpa-hak'], STRANGER) })).headers['x-road-error'], 'Client.AuthenticationFailed');
    });

    test('per-service and per-consumer metrics on the monitoring API and /metrics', async () => {
      const monitoring = await admin.getJson('/api/v1/gerbang/monitoring');
      assert.equal(monitoring.statusCode, 200);
      const summary = JSON.parse(monitoring.body);
      const echo = summary.services.find((r: { key: string }) => r.key === `${PROVIDER}/echo`);
      assert.ok(echo.calls >= 3);
      assert.ok(echo.byCategory.client >= 1);
      assert.ok(echo.p50Ms !== null);
      const dead = summary.services.find((r: { key: string }) => r.key === `${PROVIDER}/dead`);
      assert.equal(dead.byCategory.network, 2);
      assert.equal(dead.byCategory.provider, 1);
      assert.ok(summary.consumers.some((r: { key: string }) => r.key === CLIENT));
      const metrics = await t.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' });
      assert.match(metrics.body, /padu_gerbang_calls_total\{service="JATIM\/GOV\/dinkes\/simrs\/echo",consumer="JATIM\/GOV\/diskominfo\/antrean",status="200"\} \d+/);
      assert.match(metrics.body, /padu_gerbang_call_duration_seconds_bucket\{le="0.005",service=/);
      assert.match(metrics.body, /padu_gerbang_errors_total\{service="JATIM\/GOV\/dinkes\/simrs\/dead",consumer="JATIM\/GOV\/diskominfo\/antrean",category="network"\} 2/);
      const page = await admin.get('/gerbang/monitoring');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Server\.ServerProxy\.CircuitOpen/);
    });

    test('the diagnostics page checks each upstream step by step', async () => {
      const res = await admin.getJson(`/api/v1/gerbang/services/${services.dead}/diagnostics`);
      assert.equal(res.statusCode, 200);
      const d = JSON.parse(res.body);
      assert.equal(d.ok, false);
      assert.equal(d.circuit, 'open');
      const tcp = d.checks.find((c: { name: string }) => c.name === 'tcp');
      assert.equal(tcp.ok, false);
      assert.equal(tcp.category, 'network');
      const healthy = JSON.parse((await admin.getJson(`/api/v1/gerbang/services/${services.echo}/diagnostics`)).body);
      assert.deepEqual(
        healthy.checks.map((c: { name: string; ok: boolean | null }) => [c.name, c.ok]),
        [
          ['dns', null],
          ['tcp', true],
          ['tls', null],
          ['health', true],
        ],
      );
      const page = await admin.get('/gerbang/diagnostics');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Koneksi TCP/);
    });
  });
}

for (const engine of engines()) {
  describe(`gerbang data plane with the real evidence log on ${engine}`, () => {
    test('each exchange is durable in the evidence log before the client sees the end', async () => {
      const upstream = await startUpstream();
      const t = await createTestApp(engine, { config: { dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'padu-gerbang-')) } });
      try {
        const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
        await createUser(t.deps, { email: 'admin@jatimprov.go.id', roles: [{ role: 'admin' }] });
        const admin = new Client(t.app);
        await admin.signIn('admin@jatimprov.go.id');
        const opd = async (code: string) => (await t.deps.db.selectFrom('opd').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
        const provider = JSON.parse((await admin.send('POST', '/api/v1/gerbang/subsystems', { opdId: await opd('dinkes'), code: 'simrs', name: 'SIMRS' })).body).id;
        const consumer = JSON.parse((await admin.send('POST', '/api/v1/gerbang/subsystems', { opdId: await opd('diskominfo'), code: 'antrean', name: 'Antrean' })).body).id;
        const token = JSON.parse((await admin.send('POST', `/api/v1/gerbang/subsystems/${consumer}/tokens`, {})).body).token;
        const service = JSON.parse((await admin.send('POST', `/api/v1/gerbang/subsystems/${provider}/services`, { code: 'echo', upstreamUrl: `${upstream.url}/echo` })).body).id;
        await admin.send('POST', `/api/v1/gerbang/services/${service}/lifecycle`, { lifecycle: 'published' });
        await admin.send('POST', `/api/v1/gerbang/services/${service}/rights`, { subsystem: consumer });
        const res = await call(base, `/r1/${PROVIDER}/echo/1`, { headers: [['Authorization', `Bearer ${token}`], ['X-Road-Client', CLIENT]] });
        assert.equal(res.status, 200, res.body.toString());
        const row = await t.deps.db.selectFrom('gerbang_evidence').select(['xroad_id', 'request_id']).where('request_id', '=', String(res.headers['x-road-request-id'])).executeTakeFirst();
        assert.ok(row, 'the record was committed before the response ended');
        assert.equal(row.xroad_id, res.headers['x-road-id']);
      } finally {
        await t.close();
        await upstream.close();
      }
    });
  });
}
