import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { openDatabase } from './database.ts';

/**
 * The embedded database serves every pool client over one PGlite session. A client's query is
 * several protocol messages (Parse, Bind, Execute, Sync); another client's messages must never run
 * in between, or answers go to the wrong client or never arrive (requests hung under load).
 */
test('embedded database: concurrent clients each get their own answers, inside and outside transactions', { timeout: 120_000 }, async () => {
  const database = await openDatabase({ memory: {}, poolSize: 6 });
  try {
    const db = database.db;
    await sql`CREATE TABLE concurrent_probe (client int, n int)`.execute(db);
    const rounds = 40;
    const clients = 12;
    await Promise.all(
      Array.from({ length: clients }, async (_, c) => {
        for (let i = 0; i < rounds; i++) {
          const value = c * 1000 + i;
          const { rows } = await sql<{ n: number; label: string }>`SELECT ${value}::int AS n, ${`c${c}-${i}`}::text AS label`.execute(db);
          assert.deepEqual(rows, [{ n: value, label: `c${c}-${i}` }]);
          if (i % 4 === 0) {
            // A transaction that rolls back must leave nothing, whatever ran beside it.
            await db
              .transaction()
              .execute(async (tx) => {
                await sql`INSERT INTO concurrent_probe VALUES (${c}, ${-value})`.execute(tx);
                throw new Error('undo');
              })
              .catch((error: Error) => assert.equal(error.message, 'undo'));
          } else {
            await db.transaction().execute(async (tx) => {
              await sql`INSERT INTO concurrent_probe VALUES (${c}, ${value})`.execute(tx);
              const mine = await sql<{ count: string }>`SELECT count(*) AS count FROM concurrent_probe WHERE client = ${c}`.execute(tx);
              assert.ok(Number(mine.rows[0]!.count) >= 1);
            });
          }
        }
      }),
    );
    const { rows } = await sql<{ client: number; count: string; negative: string }>`
      SELECT client, count(*) AS count, count(*) FILTER (WHERE n < 0) AS negative FROM concurrent_probe GROUP BY client ORDER BY client`.execute(db);
    assert.equal(rows.length, clients);
    for (const r of rows) {
      assert.equal(Number(r.count), rounds - rounds / 4, `client ${r.client}: every committed insert, no rolled-back one`);
      assert.equal(Number(r.negative), 0);
    }
  } finally {
    await database.close();
  }
});
