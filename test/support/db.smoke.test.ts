import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, engines } from './db.ts';

for (const engine of engines()) {
  test(`test database on ${engine} has reference data`, async () => {
    const database = await createTestDatabase(engine);
    try {
      const regions = await database.db.selectFrom('region').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(regions.n), 39 + 666);
      const opd = await database.db.selectFrom('opd').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(opd.n), 24 + 38);
    } finally {
      await database.close();
    }
  });
}
