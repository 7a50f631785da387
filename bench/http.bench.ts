import autocannon from 'autocannon';
import { sql } from 'kysely';
import { createTestApp, createUser } from '../test/support/app.ts';
import { modules } from '../src/modules.ts';
import type { PaduModule } from '../src/platform/http/app.tsx';

/**
 * HTTP throughput on loopback: a hello-world route (the framework's floor), a full page render
 * (the login page: layout, i18n, CSRF cookie) and a one-query API route, each as req/s and p99
 * latency, with ratios to hello-world. Runs on PGlite, and on PostgreSQL when reachable.
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

async function measure(url: string, seconds: number) {
  const result = await autocannon({ url, connections: 10, duration: seconds, headers: { accept: 'text/html' } });
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

export async function main(args: string[]): Promise<void> {
  const seconds = Number(args[0] ?? 5);
  const engines: ('pglite' | 'postgres')[] = process.env.PADU_TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
  for (const engine of engines) {
    const t = await createTestApp(engine, { modules: [...modules, benchModule] });
    await createUser(t.deps, { email: 'bench@jatimprov.go.id', roles: [{ role: 'admin' }] });
    const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    await measure(`${base}/bench/hello`, 1); // warm-up
    const hello = await measure(`${base}/bench/hello`, seconds);
    const page = await measure(`${base}/login`, seconds);
    const query = await measure(`${base}/bench/query`, seconds);
    await t.close();
    console.log(`\nhttp on ${engine} (${seconds}s each, 10 connections, loopback)`);
    console.log('route            req/s     p99 ms   req/s vs hello   errors');
    for (const [label, r] of [['hello-world', hello], ['page /login', page], ['one-query API', query]] as const) {
      console.log(`${label.padEnd(16)} ${r.rps.toFixed(0).padStart(7)}  ${String(r.p99).padStart(8)}   ${(r.rps / hello.rps).toFixed(3).padStart(12)}   ${r.errors}`);
    }
  }
}
