import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, engines, type TestDatabase } from '../test/support/db.ts';

/**
 * The same query mix on PGlite and on PostgreSQL (when PADU_TEST_DATABASE_URL is set): point
 * selects, autocommit inserts, a two-statement transaction like every audited change, and an
 * aggregate. Each operation runs for a fixed time; figures are ops/s and PostgreSQL/PGlite ratios.
 */
type Op = (db: TestDatabase, i: number) => Promise<unknown>;

const ops: Record<string, Op> = {
  'point select': (d, i) => sql`SELECT code, name FROM region WHERE code = ${i % 2 ? '35.78' : '35.01'}`.execute(d.db),
  'insert (autocommit)': (d, i) =>
    d.db.insertInto('login_failure').values({ throttle_key: `bench:${i}`, at: new Date() }).execute(),
  'transaction (write + audit)': (d, i) =>
    d.db.transaction().execute(async (tx) => {
      await tx.insertInto('login_failure').values({ throttle_key: `bench-tx:${i}`, at: new Date() }).execute();
      await tx
        .insertInto('audit_log')
        .values({ at: new Date(), actor_user_id: null, actor_token_id: null, actor_label: 'bench', actor_roles: [], opd_id: null, action: 'bench', target_type: 'bench', target_id: randomUUID(), before: null, after: null, request_id: null, ip: null })
        .execute();
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
  const ms = Number(args[0] ?? 3) * 1000;
  const results: Record<string, Record<string, number>> = {};
  for (const engine of engines()) {
    const database = await createTestDatabase(engine);
    results[engine] = {};
    for (const [name, op] of Object.entries(ops)) {
      await run(database, op, 300); // warm-up
      results[engine]![name] = await run(database, op, ms);
    }
    await database.close();
  }
  console.log(`\ndb query mix (${ms / 1000}s per operation, one client)`);
  console.log(`operation                      ${engines().map((e) => e.padStart(12)).join('')}${engines().length > 1 ? '   postgres/pglite' : ''}`);
  for (const name of Object.keys(ops)) {
    const cells = engines().map((e) => results[e]![name]!.toFixed(0).padStart(12)).join('');
    const ratio = engines().length > 1 ? `   ${(results.postgres![name]! / results.pglite![name]!).toFixed(2).padStart(14)}` : '';
    console.log(`${name.padEnd(30)} ${cells}${ratio}`);
  }
}
