import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from './database.ts';

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../../../migrations');

export interface Migration {
  id: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((name) => /^\d{4}_[a-z0-9_]+\.sql$/.test(name))
    .sort()
    .map((name) => {
      const text = fs.readFileSync(path.join(dir, name), 'utf8');
      return { id: name.replace(/\.sql$/, ''), sql: text, checksum: createHash('sha256').update(text).digest('hex') };
    });
}

/** A fingerprint of all migrations; the test template is rebuilt when it changes. */
export function migrationsFingerprint(dir = MIGRATIONS_DIR): string {
  const hash = createHash('sha256');
  for (const m of readMigrations(dir)) hash.update(m.id).update(m.checksum);
  return hash.digest('hex').slice(0, 16);
}

export interface MigrateResult {
  applied: string[];
}

/**
 * Applies forward-only plain SQL migrations, each in its own transaction. A transaction-level
 * advisory lock makes concurrent starts of several Padu processes on one PostgreSQL safe.
 * A changed file that was already applied is refused: migrations are history, not source.
 */
export async function migrate(db: Db, dir = MIGRATIONS_DIR): Promise<MigrateResult> {
  // CREATE TABLE IF NOT EXISTS is not safe against a concurrent twin (it fails on pg_type's unique
  // index), so it takes the same lock as the migrations.
  await db.transaction().execute(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(7011001)`.execute(tx);
    await sql`CREATE TABLE IF NOT EXISTS padu_migration (
      id text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`.execute(tx);
  });
  const applied: string[] = [];
  for (const migration of readMigrations(dir)) {
    await db.transaction().execute(async (tx) => {
      await sql`SELECT pg_advisory_xact_lock(7011001)`.execute(tx);
      const done = await sql<{ checksum: string }>`SELECT checksum FROM padu_migration WHERE id = ${migration.id}`.execute(tx);
      const row = done.rows[0];
      if (row) {
        if (row.checksum !== migration.checksum) {
          throw new Error(`Migration ${migration.id} was changed after it was applied; add a new migration instead.`);
        }
        return;
      }
      await sql.raw(migration.sql).execute(tx);
      await sql`INSERT INTO padu_migration (id, checksum) VALUES (${migration.id}, ${migration.checksum})`.execute(tx);
      applied.push(migration.id);
    });
  }
  return { applied };
}
