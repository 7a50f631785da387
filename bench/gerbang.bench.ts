import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import inspector from 'node:inspector';
import { spawn, type ChildProcess } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { createTestApp, createUser, opdId, Client, type TestApp } from '../test/support/app.ts';
import { engines } from '../test/support/db.ts';
import { loadConfig } from '../src/config.ts';
import { platformModules } from '../src/platform/index.ts';
import { createGerbangModule } from '../src/modules/gerbang/index.ts';
import { seconds } from './limits.ts';

/**
 * The gateway against its baselines, in one run on loopback, against a local upstream answering
 * 1 KiB of JSON:
 *   (a) the upstream called directly,
 *   (b) a bare reverse proxy on the same framework (node:http server + node:http keep-alive client,
 *       no checks) — what Gerbang's data plane is built on,
 *   (c) Gerbang: token authentication, access check, rate limit (a right with a limit that is
 *       never reached), quota and circuit-breaker bookkeeping, hashing, and the durable evidence
 *       log (every response waits for its record's commit; group commit),
 *   (d) nginx as a reverse proxy, when /usr/sbin/nginx is installed (Debian package `nginx`;
 *       never installed by this benchmark).
 * Closed loop (N connections, each sending again on its answer): req/s, p50, p99. Open loop at a
 * fixed 1,000 req/s: p99 added over direct. A 10 MB body up and 10 MB back through each: time
 * over direct and the peak memory of the thread that proxies. On PGlite and on PostgreSQL
 * (PADU_TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test).
 *
 * The upstream and the load generator run in worker threads, so only the proxy under test shares
 * the main thread's event loop (Gerbang's evidence writer thread and, on PGlite, the embedded
 * database are threads of this process too: "whole process CPU" counts every thread, load
 * generator and upstream included, so (c) minus (b) in that column is what Gerbang costs in all). Figures go to stdout and to /tmp/padu/gerbang-bench.md (--out FILE).
 *
 *   npm run bench -- gerbang [seconds per measurement, 1–10, default 4] [--warmup S, default 5] [--connections N] [--engine pglite|postgres] [--only a|b|c] [--out FILE]
 */

// ---- Workers (plain JavaScript, evaluated as is) -------------------------------------------------

const UPSTREAM_WORKER = `
const http = require('node:http');
const { parentPort } = require('node:worker_threads');
const item = (i) => ({ id: i, nik: '3578010101900' + String(i).padStart(3, '0'), nama: 'Nama Sintetis ' + i, alamat: 'Jl. Contoh No. ' + i });
const base = { items: Array.from({ length: 8 }, (_, i) => item(i)), pad: '' };
base.pad = 'x'.repeat(1024 - JSON.stringify(base).length);
const json = Buffer.from(JSON.stringify(base));
if (json.length !== 1024) throw new Error('body is ' + json.length + ' bytes');
const server = http.createServer((req, res) => {
  if (req.method === 'POST') {
    // Reads the whole request body, then streams back as many bytes (generated, never held whole).
    // Not an echo: the gateway sends the response head only after the whole request (it carries
    // the request's hash), so a provider that answers while still reading would wait forever.
    let size = 0;
    req.on('data', (c) => (size += c.length));
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': size });
      const chunk = Buffer.alloc(65536, 0x62);
      let sent = 0;
      const pump = () => {
        while (sent < size) {
          const n = Math.min(chunk.length, size - sent);
          sent += n;
          if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
    return;
  }
  req.resume();
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': json.length });
  res.end(json);
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
`;

const LOAD_WORKER = `
const http = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const { url, headers, connections, durationMs, rate } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: rate ? 256 : connections, maxFreeSockets: 256 });
const target = new URL(url);
const lat = [];
let ok = 0, errors = 0, non2xx = 0;
function once(startedAt) {
  return new Promise((resolve) => {
    const req = http.request({ host: target.hostname, port: target.port, path: target.pathname + target.search, headers, agent }, (res) => {
      res.on('data', () => {});
      res.on('end', () => {
        if (res.statusCode >= 200 && res.statusCode < 300) { ok++; lat.push(Number(process.hrtime.bigint() - startedAt) / 1e3); }
        else non2xx++;
        resolve();
      });
    });
    req.on('error', () => { errors++; resolve(); });
    req.end();
  });
}
(async () => {
  const t0 = process.hrtime.bigint();
  const end = t0 + BigInt(durationMs) * 1000000n;
  const inflight = new Set();
  if (!rate) {
    await Promise.all(Array.from({ length: connections }, async () => {
      while (process.hrtime.bigint() < end) await once(process.hrtime.bigint());
    }));
  } else {
    // Open loop: request k is due at t0 + k/rate; its latency counts from when it was due.
    const interval = 1e9 / rate;
    let k = 0;
    await new Promise((resolve) => {
      const tick = () => {
        const now = process.hrtime.bigint();
        while (t0 + BigInt(Math.round(k * interval)) <= now && t0 + BigInt(Math.round(k * interval)) < end) {
          const p = once(t0 + BigInt(Math.round(k * interval)));
          inflight.add(p); p.then(() => inflight.delete(p));
          k++;
        }
        if (now >= end) return resolve();
        setImmediate(tick);
      };
      tick();
    });
    await Promise.all(inflight);
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  lat.sort((a, b) => a - b);
  const pct = (p) => lat.length ? lat[Math.min(lat.length - 1, Math.floor(p / 100 * lat.length))] / 1000 : NaN;
  agent.destroy();
  parentPort.postMessage({ rps: ok / seconds, p50: pct(50), p99: pct(99), ok, errors, non2xx });
})();
`;

interface Measure {
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  errors: number;
  non2xx: number;
}

function worker<T>(code: string, data: unknown): { result: Promise<T>; worker: Worker } {
  const w = new Worker(code, { eval: true, workerData: data });
  const result = new Promise<T>((resolve, reject) => {
    w.once('message', resolve);
    w.once('error', reject);
  });
  return { result, worker: w };
}

async function load(url: string, headers: Record<string, string>, options: { connections: number; durationMs: number; rate?: number }): Promise<Measure> {
  const { result, worker: w } = worker<Measure>(LOAD_WORKER, { url, headers, ...options });
  const r = await result;
  await w.terminate();
  return r;
}

// ---- The proxies -------------------------------------------------------------------------------

/** (b) A reverse proxy with nothing but node:http on both sides: the floor for any Node gateway. */
async function bareProxy(upstreamPort: number): Promise<{ url: string; close(): Promise<void> }> {
  const agent = new http.Agent({ keepAlive: true, maxFreeSockets: 256, scheduling: 'lifo' });
  const server = http.createServer((req, res) => {
    const headers = { ...req.headers };
    delete headers.connection;
    delete headers.host;
    const up = http.request({ host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers, agent }, (ur) => {
      const out = { ...ur.headers };
      delete out.connection;
      delete out['keep-alive'];
      res.writeHead(ur.statusCode ?? 502, out);
      ur.pipe(res);
    });
    up.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(up);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => {
          agent.destroy();
          r();
        });
      }),
  };
}

const NGINX = '/usr/sbin/nginx';

/** (d) nginx in front of the same upstream, keep-alive to it, no buffering; null when not installed. */
async function nginxProxy(upstreamPort: number): Promise<{ url: string; close(): Promise<void> } | null> {
  if (!fs.existsSync(NGINX)) return null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'padu-bench-nginx-'));
  const probe = http.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((r) => probe.close(() => r()));
  const conf = `worker_processes 1;
error_log ${dir}/error.log warn;
pid ${dir}/nginx.pid;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  upstream up { server 127.0.0.1:${upstreamPort}; keepalive 256; }
  server {
    listen 127.0.0.1:${port};
    keepalive_requests 1000000;
    client_max_body_size 64m;
    location / {
      proxy_pass http://up;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
      proxy_request_buffering off;
    }
  }
}
`;
  fs.writeFileSync(path.join(dir, 'nginx.conf'), conf);
  const child: ChildProcess = spawn(NGINX, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: 'ignore' });
  for (let i = 0; i < 50; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const req = http.get(`http://127.0.0.1:${port}/`, (res) => {
        res.resume();
        resolve(true);
      });
      req.on('error', () => resolve(false));
    });
    if (up) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** (c) Padu with the gateway and the real evidence log; one consumer allowed to call one service. */
async function gerbang(engine: 'pglite' | 'postgres', upstreamPort: number): Promise<{ t: TestApp; url: string; path: string; headers: Record<string, string> }> {
  const t = await createTestApp(engine, {
    modules: [...platformModules, createGerbangModule()],
    config: { evidence: { ...loadConfig({ PADU_EVIDENCE_BATCH_MS: process.env.PADU_EVIDENCE_BATCH_MS }).evidence, key: randomBytes(32).toString('hex'), sealSeconds: 30 }, logLevel: 'silent' },
  });
  const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
  await createUser(t.deps, { email: 'bench@jatimprov.go.id', roles: [{ role: 'admin' }] });
  const admin = new Client(t.app);
  await admin.signIn('bench@jatimprov.go.id');
  const json = async (res: { statusCode: number; body: string }) => {
    if (res.statusCode >= 300) throw new Error(`setup failed: ${res.statusCode} ${res.body.slice(0, 300)}`);
    return JSON.parse(res.body);
  };
  const provider = await json(await admin.send('POST', '/api/v1/gerbang/subsystems', { opdId: await opdId(t.deps, 'dinkes'), code: 'bench', name: 'Bench provider' }));
  const consumer = await json(await admin.send('POST', '/api/v1/gerbang/subsystems', { opdId: await opdId(t.deps, 'diskominfo'), code: 'bench', name: 'Bench consumer' }));
  const token = (await json(await admin.send('POST', `/api/v1/gerbang/subsystems/${consumer.id}/tokens`, {}))).token;
  const service = await json(await admin.send('POST', `/api/v1/gerbang/subsystems/${provider.id}/services`, { code: 'data', upstreamUrl: `http://127.0.0.1:${upstreamPort}/`, bodyLimitBytes: 64 * 1024 * 1024 }));
  await json(await admin.send('POST', `/api/v1/gerbang/services/${service.id}/lifecycle`, { lifecycle: 'published' }));
  // A rate limit that is checked on every call and never reached.
  await json(await admin.send('POST', `/api/v1/gerbang/services/${service.id}/rights`, { subsystem: consumer.id, rateLimitRps: 1_000_000 }));
  return { t, url, path: '/r1/JATIM/GOV/dinkes/bench/data/item', headers: { authorization: `Bearer ${token}`, 'x-road-client': 'JATIM/GOV/diskominfo/bench' } };
}

// ---- CPU per request ---------------------------------------------------------------------------

/** CPU time (ms) a thread or process has used, from /proc (Linux; clock ticks of 10 ms). */
function procCpuMs(statPath: string): number {
  try {
    const fields = fs.readFileSync(statPath, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}
/** The main thread: the proxy under test (b, c); workers and the embedded database run in other threads. */
const mainThreadCpuMs = () => procCpuMs(`/proc/self/task/${process.pid}/stat`);

/** PostgreSQL backends serving this Padu's database, by process id (same machine). */
async function databaseCpuMs(t: TestApp | null): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (!t || !t.deps.config.databaseUrl && !process.env.PADU_TEST_DATABASE_URL) return out;
  try {
    const { rows } = await sql<{ pid: number }>`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`.execute(t.deps.db);
    for (const r of rows) out.set(r.pid, procCpuMs(`/proc/${r.pid}/stat`));
  } catch {
    // PGlite: no backends to read (it runs in a thread of this process).
  }
  return out;
}

// ---- 10 MB through ------------------------------------------------------------------------------

const BIG = 10 * 1000 * 1000;

/** POSTs 10 MB in 64 KiB chunks, reads 10 MB back; time and the proxy thread's peak memory (60 s at most). */
async function bigBody(url: string, headers: Record<string, string>): Promise<{ ms: number; peakHeapMb: number; peakRssMb: number; ok: boolean }> {
  const base = process.memoryUsage();
  let peakHeap = 0;
  let peakRss = 0;
  const sample = setInterval(() => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed + m.arrayBuffers - base.heapUsed - base.arrayBuffers);
    peakRss = Math.max(peakRss, m.rss - base.rss);
  }, 2);
  const started = performance.now();
  const target = new URL(url);
  const ok = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => {
      req.destroy();
      resolve(false);
    }, 60_000);
    const req = http.request({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent: false, headers: { ...headers, 'content-type': 'application/octet-stream', 'content-length': String(BIG) } }, (res) => {
      let got = 0;
      res.on('data', (c: Buffer) => (got += c.length));
      res.on('end', () => {
        clearTimeout(timer);
        resolve(res.statusCode === 200 && got === BIG);
      });
    });
    req.on('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
    const chunk = Buffer.alloc(65536, 0x61);
    let sent = 0;
    const pump = () => {
      while (sent < BIG) {
        const n = Math.min(chunk.length, BIG - sent);
        sent += n;
        if (!req.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
  clearInterval(sample);
  return { ms: performance.now() - started, peakHeapMb: peakHeap / 1e6, peakRssMb: peakRss / 1e6, ok };
}

// ---- Main ---------------------------------------------------------------------------------------

const progress = (what: string) => process.stderr.write(`… ${what}\n`);
const fmt = (n: number, d = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }) : '—');

async function postgresReachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/**
 * `--only a|b|c`: one target alone, closed loop, with the CPU each thread of the process used per
 * answer — for profiling (`node --cpu-prof --import tsx bench/run.ts gerbang 3 --only c`).
 */
async function onlyOne(target: string, engine: 'pglite' | 'postgres', connections: number, durationMs: number, warmupMs: number, rate: number | undefined): Promise<void> {
  const upstream = worker<number>(UPSTREAM_WORKER, null);
  const upstreamPort = await upstream.result;
  const g = await gerbang(engine, upstreamPort);
  const bare = await bareProxy(upstreamPort);
  const [url, headers] =
    target === 'a' ? [`http://127.0.0.1:${upstreamPort}/item`, {}] : target === 'b' ? [`${bare.url}/item`, {}] : [`${g.url}${g.path}`, g.headers];
  try {
    await load(url, headers, { connections, durationMs: warmupMs });
    const threads = () => new Map(fs.readdirSync('/proc/self/task').map((tid) => [tid, procCpuMs(`/proc/self/task/${tid}/stat`)]));
    const before = threads();
    const dbBefore = engine === 'postgres' ? await databaseCpuMs(g.t) : null;
    // PADU_BENCH_PROFILE=file.cpuprofile: the main thread's CPU profile of the measured window only.
    const profileTo = process.env.PADU_BENCH_PROFILE;
    const session = profileTo ? new inspector.Session() : null;
    const post = (method: string, params?: object) => new Promise<any>((ok, ko) => session!.post(method, params, (e, r) => (e ? ko(e) : ok(r))));
    if (session) {
      session.connect();
      await post('Profiler.enable');
      await post('Profiler.start');
    }
    progress(`${target} on ${engine}: measuring for ${durationMs / 1000} s`);
    const m = await load(url, headers, { connections, durationMs, rate });
    const after = threads();
    if (session) {
      fs.writeFileSync(profileTo!, JSON.stringify((await post('Profiler.stop')).profile));
      session.disconnect();
    }
    console.log(`${target} on ${engine}: ${fmt(m.rps)} req/s, p50 ${fmt(m.p50, 2)} ms, p99 ${fmt(m.p99, 2)} ms, errors ${m.errors + m.non2xx}`);
    for (const [tid, ms] of after) {
      const used = ms - (before.get(tid) ?? 0);
      if (used > 0) console.log(`  thread ${tid}${tid === String(process.pid) ? " (main: proxy)" : ""}: ${fmt((used * 1000) / m.ok, 0)} µs/answer`);
    }
    if (target === 'c') {
      const registry = g.t.app.padu.metrics.registry;
      for (const name of ['padu_gerbang_evidence_batch_size', 'padu_gerbang_evidence_commit_seconds', 'padu_gerbang_evidence_append_wait_seconds']) {
        const values = (await registry.getSingleMetric(name)!.get()).values;
        const sum = values.find((v) => (v as { metricName?: string }).metricName?.endsWith('_sum'))?.value ?? 0;
        const count = values.find((v) => (v as { metricName?: string }).metricName?.endsWith('_count'))?.value ?? 0;
        console.log(`  ${name}: mean ${(sum / count).toFixed(name.endsWith('size') ? 1 : 5)} over ${count}`);
      }
    }
    if (dbBefore) {
      let dbMs = 0;
      for (const [pid, ms] of await databaseCpuMs(g.t)) dbMs += ms - (dbBefore.get(pid) ?? 0);
      console.log(`  PostgreSQL: ${fmt((dbMs * 1000) / m.ok, 0)} µs/answer`);
    }
  } finally {
    await bare.close();
    await g.t.close();
    await upstream.worker.terminate();
  }
}

export async function main(args: string[]): Promise<void> {
  const outIndex = args.indexOf('--out');
  const out = outIndex >= 0 ? args[outIndex + 1]! : '/tmp/padu/gerbang-bench.md';
  const connIndex = args.indexOf('--connections');
  const connections = connIndex >= 0 ? Number(args[connIndex + 1]) : 32;
  const engineIndex = args.indexOf('--engine');
  const onlyEngine = engineIndex >= 0 ? args[engineIndex + 1] : undefined;
  const positional = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--out' && args[i - 1] !== '--connections' && args[i - 1] !== '--engine' && args[i - 1] !== '--warmup' && args[i - 1] !== '--rate');
  const durationMs = seconds(positional[0], 4) * 1000;
  // The JIT needs a few seconds of this traffic before the code is stable: measured in a 1 s
  // warm-up, Gerbang spent a third of its CPU recompiling (V8's background threads), which is not
  // what a gateway that runs for months costs.
  const warmupIndex = args.indexOf('--warmup');
  const warmupMs = seconds(warmupIndex >= 0 ? args[warmupIndex + 1] : undefined, 5) * 1000;
  const onlyIndex = args.indexOf('--only');
  const rateIndex = args.indexOf('--rate');
  if (onlyIndex >= 0) return onlyOne(args[onlyIndex + 1] ?? 'c', onlyEngine === 'pglite' ? 'pglite' : 'postgres', connections, durationMs, warmupMs, rateIndex >= 0 ? Number(args[rateIndex + 1]) : undefined);
  const started = performance.now();
  const lines: string[] = [];
  const say = (line = '') => {
    console.log(line);
    lines.push(line);
  };

  process.env.PADU_TEST_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test';
  if (!(await postgresReachable(process.env.PADU_TEST_DATABASE_URL))) {
    console.log(`PostgreSQL at ${process.env.PADU_TEST_DATABASE_URL.replace(/\/\/[^@]*@/, '//…@')} is not reachable: PGlite only.`);
    delete process.env.PADU_TEST_DATABASE_URL;
  }

  const upstream = worker<number>(UPSTREAM_WORKER, null);
  const upstreamPort = await upstream.result;
  const direct = `http://127.0.0.1:${upstreamPort}`;
  const bare = await bareProxy(upstreamPort);
  const nginx = await nginxProxy(upstreamPort);

  say(`# Gerbang benchmark (\`npm run bench -- gerbang\`)`);
  say();
  say(`${new Date().toISOString()}, Node ${process.version}, ${os.cpus().length} CPU(s) (${os.cpus()[0]?.model ?? '?'}), load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} at start.`);
  say(`Loopback; upstream answers 1,024 bytes of JSON; closed loop with ${connections} keep-alive connections, ${durationMs / 1000} s per measurement after a ${warmupMs / 1000} s warm-up; open loop at 1,000 req/s for ${durationMs / 1000} s (latency counted from when each request was due).`);
  say(nginx ? `(d) nginx: ${NGINX}.` : `(d) nginx: not measured — ${NGINX} is not installed (Debian package \`nginx\`; this benchmark does not install it).`);
  say();

  try {
    for (const engine of engines().filter((e) => !onlyEngine || e === onlyEngine)) {
      progress(`${engine}: starting Padu with the gateway`);
      const g = await gerbang(engine, upstreamPort);
      try {
        const targets: [string, string, Record<string, string>][] = [
          ['(a) direct', `${direct}/item`, {}],
          ['(b) bare Node proxy', `${bare.url}/item`, {}],
          ['(c) Gerbang', `${g.url}${g.path}`, g.headers],
          ...(nginx ? ([['(d) nginx', `${nginx.url}/item`, {}]] as [string, string, Record<string, string>][]) : []),
        ];
        const closed = new Map<string, Measure>();
        const cpu = new Map<string, { proxyUs: number; processUs: number; dbUs: number | null }>();
        for (const [label, url, headers] of targets) {
          progress(`${engine}: ${label} closed loop`);
          await load(url, headers, { connections, durationMs: warmupMs });
          const dbBefore = engine === 'postgres' ? await databaseCpuMs(g.t) : null;
          const before = mainThreadCpuMs();
          const processBefore = process.cpuUsage();
          const m = await load(url, headers, { connections, durationMs });
          const proxyMs = mainThreadCpuMs() - before;
          const processUsage = process.cpuUsage(processBefore);
          const processMs = (processUsage.user + processUsage.system) / 1000;
          let dbMs: number | null = null;
          if (dbBefore) {
            dbMs = 0;
            for (const [pid, ms] of await databaseCpuMs(g.t)) dbMs += ms - (dbBefore.get(pid) ?? 0);
          }
          closed.set(label, m);
          cpu.set(label, { proxyUs: (proxyMs * 1000) / m.ok, processUs: (processMs * 1000) / m.ok, dbUs: dbMs === null ? null : (dbMs * 1000) / m.ok });
        }
        const open = new Map<string, Measure>();
        for (const [label, url, headers] of targets) {
          progress(`${engine}: ${label} at 1,000 req/s`);
          open.set(label, await load(url, headers, { connections, durationMs, rate: 1000 }));
        }
        const big = new Map<string, Awaited<ReturnType<typeof bigBody>>>();
        for (const [label, url, headers] of targets) {
          progress(`${engine}: ${label} 10 MB`);
          const echo = url.replace(/\/item$/, '/upload');
          await bigBody(echo, headers);
          const runs = [await bigBody(echo, headers), await bigBody(echo, headers), await bigBody(echo, headers)];
          runs.sort((x, y) => x.ms - y.ms);
          big.set(label, { ...runs[1]!, peakHeapMb: Math.max(...runs.map((r) => r.peakHeapMb)), peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)), ok: runs.every((r) => r.ok) });
        }
        const records = await g.t.deps.db.selectFrom('gerbang_evidence').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();

        say(`## ${engine === 'pglite' ? 'PGlite (embedded)' : 'PostgreSQL'}`);
        say();
        say('| target | req/s | p50 ms | p99 ms | errors | proxy thread CPU µs/req | whole process CPU µs/req | database CPU µs/req | 1,000 req/s: p50 ms | p99 ms | p99 over direct ms | 10 MB up+down ms | over direct ms | peak heap+buffers MB (proxy thread) |');
        say('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
        const a = closed.get('(a) direct')!;
        for (const [label] of targets) {
          const c = closed.get(label)!;
          const o = open.get(label);
          const b = big.get(label)!;
          say(
            `| ${label} | ${fmt(c.rps)} | ${fmt(c.p50, 2)} | ${fmt(c.p99, 2)} | ${c.errors + c.non2xx} | ${label === '(b) bare Node proxy' || label === '(c) Gerbang' ? fmt(cpu.get(label)!.proxyUs, 0) : '—'} | ${fmt(cpu.get(label)!.processUs, 0)} | ${label === '(c) Gerbang' && cpu.get(label)!.dbUs !== null ? fmt(cpu.get(label)!.dbUs!, 0) : '—'} | ${o ? fmt(o.p50, 2) : '—'} | ${o ? fmt(o.p99, 2) : '—'} | ${o && label !== '(a) direct' ? fmt(o.p99 - open.get('(a) direct')!.p99, 2) : '—'} | ${b.ok ? fmt(b.ms, 0) : 'FAILED'} | ${label === '(a) direct' ? '—' : fmt(b.ms - big.get('(a) direct')!.ms, 0)} | ${label === '(a) direct' ? '—' : fmt(b.peakHeapMb, 1)} |`,
          );
        }
        const c = closed.get('(c) Gerbang')!;
        const b = closed.get('(b) bare Node proxy')!;
        const d = closed.get('(d) nginx');
        say();
        say(`c/b = **${(c.rps / b.rps).toFixed(2)}** (goal ≥ 0.6 on PostgreSQL); c/d = ${d ? `**${(c.rps / d.rps).toFixed(2)}**` : '— (no nginx)'}; c/a = ${(c.rps / a.rps).toFixed(2)}; b/a = ${(b.rps / a.rps).toFixed(2)}.`);
        say(`Added p99 at 1,000 req/s, Gerbang over direct: **${fmt(open.get('(c) Gerbang')!.p99 - open.get('(a) direct')!.p99, 2)} ms** (goal ≤ 5 ms); bare proxy over direct: ${fmt(open.get('(b) bare Node proxy')!.p99 - open.get('(a) direct')!.p99, 2)} ms.`);
        say(`Evidence records written during the run: ${fmt(Number(records.n))} (every Gerbang answer waited for its record's commit).`);
        say();
      } finally {
        await g.t.close();
      }
    }
  } finally {
    await bare.close();
    await nginx?.close();
    await upstream.worker.terminate();
  }
  say(`(${((performance.now() - started) / 1000).toFixed(0)} s in all; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} at the end.)`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${lines.join('\n')}\n`);
  console.log(`\nwritten to ${out}`);
}
