import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, engines, type TestDatabase } from '../test/support/db.ts';
import { recordAudit } from '../src/platform/audit/record-audit.ts';
import { systemClock } from '../src/platform/deps.ts';
import { seconds } from './limits.ts';

/**
 * The same query mix on PGlite and on PostgreSQL (when PADU_TEST_DATABASE_URL is set): a bare
 * round trip (`SELECT 1`, the baseline), point selects, autocommit inserts, a two-statement
 * transaction like every audited change (through the real `recordAudit`), and an aggregate.
 * Each operation runs for a fixed time with one client; figures are ops/s, the ratio to the
 * engine's own round trip, and PostgreSQL/PGlite.
 *
 *   npm run bench -- db [seconds per operation, 1–10, default 3]
 */
type Op = (db: TestDatabase, i: number) => Promise<unknown>;

const BASELINE = 'round trip (SELECT 1)';

const ops: Record<string, Op> = {
  [BASELINE]: (d) => sql`SELECT 1`.execute(d.db),
  'point select': (d, i) => sql`SELECT code, name FROM region WHERE code = ${i % 2 ? '35.78' : '35.01'}`.execute(d.db),
  'insert (autocommit)': (d, i) => d.db.insertInto('login_failure').values({ throttle_key: `bench:${i}`, at: new Date() }).execute(),
  'transaction (write + audit)': (d, i) =>
    d.db.transaction().execute(async (tx) => {
      await tx.insertInto('login_failure').values({ throttle_key: `bench-tx:${i}`, at: new Date() }).execute();
      await recordAudit(tx, systemClock, { actor: null, system: 'bench' }, { action: 'bench.write', targetType: 'bench', targetId: randomUUID(), after: { i } });
    }),
  aggregate: (d) => sql`SELECT r.parent_code, count(*) FROM region r GROUP BY r.parent_code ORDER BY 2 DESC LIMIT 5`.execute(d.db),
};

async function run(database: TestDatabase, op: Op, ms: number): Promise<number> {
  const end = performance.now() + ms;
  let n = 0;
  while (performance.now() < end) await op(database, n++);
  return n / (ms / 1000);
}

export async function main(args: string[]): Promise<void> {
  const perOp = seconds(args[0], 3);
  const list = engines();
  const results: Record<string, Record<string, number>> = {};
  const versions: Record<string, string> = {};
  const started = performance.now();
  for (const engine of list) {
    const database = await createTestDatabase(engine);
    try {
      versions[engine] = (await sql<{ v: string }>`SELECT current_setting('server_version') AS v`.execute(database.db)).rows[0]!.v;
      results[engine] = {};
      for (const [name, op] of Object.entries(ops)) {
        await run(database, op, 300); // warm-up
        results[engine]![name] = await run(database, op, perOp * 1000);
      }
    } finally {
      await database.close();
    }
  }
  const both = list.length > 1;
  console.log(`\ndb query mix, ${new Date().toISOString()} (${perOp}s per operation, one client, ${((performance.now() - started) / 1000).toFixed(0)}s in all)`);
  console.log(list.map((e) => `${e}: PostgreSQL ${versions[e]}`).join('; '));
  console.log(`${'operation'.padEnd(30)}${list.map((e) => `${e} ops/s`.padStart(16) + `${e} ×base`.padStart(16)).join('')}${both ? '   postgres/pglite' : ''}`);
  for (const name of Object.keys(ops)) {
    const cells = list.map((e) => results[e]![name]!.toFixed(0).padStart(16) + (results[e]![name]! / results[e]![BASELINE]!).toFixed(3).padStart(16)).join('');
    const ratio = both ? (results.postgres![name]! / results.pglite![name]!).toFixed(2).padStart(18) : '';
    console.log(`${name.padEnd(30)}${cells}${ratio}`);
  }
  if (!both) console.log('(set PADU_TEST_DATABASE_URL=postgres://… to compare with PostgreSQL)');
}
