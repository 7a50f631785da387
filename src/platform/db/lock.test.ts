import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { sql } from 'kysely';
import { openDatabase } from './database.ts';
import { DataDirLockedError } from './lock.ts';

const root = path.resolve(import.meta.dirname, '../../..');

test('a second process on the same data folder is refused; data survives a clean close', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'padu-lock-'));
  try {
    const first = await openDatabase({ dataDir });
    await sql`CREATE TABLE kept (v text)`.execute(first.db);
    await sql`INSERT INTO kept VALUES ('sebelum ditutup')`.execute(first.db);

    await assert.rejects(openDatabase({ dataDir }), (error: unknown) => error instanceof DataDirLockedError && /in use by another Padu process/.test(error.message));

    // A real second process, as a second `npm start` would be.
    const other = spawnSync(
      process.execPath,
      ['--import', 'tsx', '-e', `import('./src/platform/db/database.ts').then(m => m.openDatabase({ dataDir: ${JSON.stringify(dataDir)} })).then(() => process.exit(0), e => { console.error(e.message); process.exit(3); })`],
      { cwd: root, encoding: 'utf8', timeout: 60_000 },
    );
    assert.equal(other.status, 3, other.stderr);
    assert.match(other.stderr, /in use by another Padu process \(PID \d+\)/);

    await first.close();
    assert.equal(fs.existsSync(path.join(dataDir, 'padu.pid')), false, 'lock released on close');

    const reopened = await openDatabase({ dataDir });
    const rows = await sql<{ v: string }>`SELECT v FROM kept`.execute(reopened.db);
    assert.deepEqual(rows.rows, [{ v: 'sebelum ditutup' }]);
    await reopened.close();
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a stale lock left by a dead process is cleared', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'padu-lock-'));
  try {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    fs.writeFileSync(path.join(dataDir, 'padu.pid'), dead.stdout);
    const database = await openDatabase({ dataDir });
    assert.equal(fs.readFileSync(path.join(dataDir, 'padu.pid'), 'utf8'), String(process.pid));
    await database.close();
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
