import autocannon from 'autocannon';
import { sql } from 'kysely';
import { createTestApp } from '../test/support/app.ts';
import { engines } from '../test/support/db.ts';
import { modules } from '../src/modules.ts';
import type { PaduModule } from '../src/platform/http/app.tsx';
import { seconds } from './limits.ts';

/**
 * HTTP throughput on loopback: a hello-world route through all of Padu's hooks (the floor), a
 * full page render (the login page: layout, i18n, CSRF cookie) and a one-query API route, each
 * as req/s and p99 latency, with ratios to hello-world. hello-world is measured before and after
 * the others; the baseline is their mean and the drift between them shows how steady the machine
 * was. The load generator runs in a worker thread so it does not share the server's event loop.
 * Runs on PGlite, and on PostgreSQL when PADU_TEST_DATABASE_URL is set.
 *
 *   npm run bench -- http [seconds per measurement, 1–10, default 4]
 */
const benchModule: PaduModule = {
  name: 'bench',
  async routes(app) {
    app.get('/bench/hello', { schema: { hide: true } }, async () => ({ hello: 'world' }));
    app.get('/bench/query', { schema: { hide: true } }, async () => {
      const row = await sql<{ n: string }>`SELECT count(*) AS n FROM region WHERE parent_code = '35'`.execute(app.padu.deps.db);
      return { regencies: Number(row.rows[0]!.n) };
    });
  },
};

interface Measure {
  rps: number;
  p99: number;
  errors: number;
}

async function measure(url: string, duration: number): Promise<Measure> {
  const result = await autocannon({ url, connections: 10, workers: 1, duration, headers: { accept: 'text/html' } });
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

export async function main(args: string[]): Promise<void> {
  const duration = seconds(args[0], 4);
  const started = performance.now();
  for (const engine of engines()) {
    const t = await createTestApp(engine, { modules: [...modules, benchModule] });
    let rows: [string, Measure][];
    let hello: Measure;
    let drift: number;
    try {
      const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
      await measure(`${base}/bench/hello`, 1); // warm-up
      const before = await measure(`${base}/bench/hello`, duration);
      const page = await measure(`${base}/login`, duration);
      const query = await measure(`${base}/bench/query`, duration);
      const afterwards = await measure(`${base}/bench/hello`, duration);
      hello = { rps: (before.rps + afterwards.rps) / 2, p99: Math.max(before.p99, afterwards.p99), errors: before.errors + afterwards.errors };
      drift = afterwards.rps / before.rps - 1;
      rows = [
        ['hello-world', hello],
        ['page /login', page],
        ['one-query API', query],
      ];
    } finally {
      await t.close();
    }
    console.log(`\nhttp on ${engine}, ${new Date().toISOString()} (${duration}s each, 10 connections, loopback)`);
    console.log('route            req/s     p99 ms   req/s vs hello   errors');
    for (const [label, r] of rows) {
      console.log(`${label.padEnd(16)} ${r.rps.toFixed(0).padStart(7)}  ${String(r.p99).padStart(8)}   ${(r.rps / hello.rps).toFixed(3).padStart(12)}   ${r.errors}`);
    }
    console.log(`hello-world drift between first and last measurement: ${(drift * 100).toFixed(1)}%`);
  }
  console.log(`\n(${((performance.now() - started) / 1000).toFixed(0)}s in all)`);
}
