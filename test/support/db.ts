import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/platform/db/database.ts';
import { modules } from '../../src/modules.ts';
import { migrate, migrationsFingerprint } from '../../src/platform/db/migrate.ts';
import { loadReferenceData } from '../../src/platform/reference/load-reference-data.ts';

/**
 * Test databases. Every database test runs on PGlite; when PADU_TEST_DATABASE_URL is set it runs
 * on PostgreSQL too (see `forEachEngine`). Migrating takes seconds, so both engines migrate a
 * template once per run (keyed by the migrations' fingerprint) and each test gets a fresh clone.
 */
export type Engine = 'pglite' | 'postgres';

export function engines(): Engine[] {
  return process.env.PADU_TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

const templateDir = path.join(os.tmpdir(), 'padu-test-templates');

function withFileLock<T>(lockFile: string, fn: () => Promise<T>): Promise<T> {
  return (async () => {
    fs.mkdirSync(path.dirname(lockFile), { recursive: true });
    const started = Date.now();
    for (;;) {
      try {
        fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
        break;
      } catch {
        const holder = Number(fs.readFileSync(lockFile, 'utf8') || 0);
        let alive = false;
        try {
          if (holder) process.kill(holder, 0), (alive = true);
        } catch {
          alive = false;
        }
        if (!alive || Date.now() - started > 120_000) fs.rmSync(lockFile, { force: true });
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    try {
      return await fn();
    } finally {
      fs.rmSync(lockFile, { force: true });
    }
  })();
}

async function prepare(database: Database): Promise<void> {
  await migrate(database.db);
  const context = { province: '35', now: new Date('2026-01-01T00:00:00Z') };
  await loadReferenceData(database.db, context);
  for (const module of modules) await module.loadReference?.(database.db, context);
}

/** Templates are rebuilt when the migrations or the reference data files change. */
function templateFingerprint(): string {
  const hash = createHash('sha256').update(migrationsFingerprint()).update(modules.map((m) => m.name).join(','));
  const dir = path.resolve(import.meta.dirname, '../../reference');
  for (const name of fs.readdirSync(dir).sort()) hash.update(name).update(fs.readFileSync(path.join(dir, name)));
  return hash.digest('hex').slice(0, 16);
}

async function pgliteTemplate(): Promise<string> {
  const file = path.join(templateDir, `pglite-${templateFingerprint()}.tar.gz`);
  if (fs.existsSync(file)) return file;
  return withFileLock(`${file}.lock`, async () => {
    if (fs.existsSync(file)) return file;
    const database = await openDatabase({ memory: {} });
    try {
      await prepare(database);
      await database.embedded!.dumpDataDir(`${file}.tmp`);
      fs.renameSync(`${file}.tmp`, file);
    } finally {
      await database.close();
    }
    return file;
  });
}

function adminUrl(): string {
  return process.env.PADU_TEST_DATABASE_URL!;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function postgresTemplate(): Promise<string> {
  const name = `padu_tpl_${templateFingerprint()}`;
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    // A session advisory lock on this direct connection serialises template creation across test processes.
    await client.query('SELECT pg_advisory_lock(7011002)');
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      await client.query(`CREATE DATABASE ${name}_build`).catch(async () => {
        await client.query(`DROP DATABASE IF EXISTS ${name}_build`);
        await client.query(`CREATE DATABASE ${name}_build`);
      });
      const database = await openDatabase({ databaseUrl: withDatabase(adminUrl(), `${name}_build`), poolSize: 2 });
      try {
        await prepare(database);
      } finally {
        await database.close();
      }
      await client.query(`ALTER DATABASE ${name}_build RENAME TO ${name}`);
    }
    await client.query('SELECT pg_advisory_unlock(7011002)');
  } finally {
    await client.end();
  }
  return name;
}

export interface TestDatabase extends Database {
  engine: Engine;
  /** A connection string for code that opens its own connections (CLI, pg-boss); postgres only. */
  url?: string;
}

/** A fresh, migrated database with reference data loaded. Close it when done. */
export async function createTestDatabase(engine: Engine, options: { empty?: boolean } = {}): Promise<TestDatabase> {
  if (engine === 'pglite') {
    const templateFile = options.empty ? undefined : await pgliteTemplate();
    const database = await openDatabase({ memory: { templateFile } });
    return { ...database, engine };
  }
  const name = `padu_t_${randomBytes(6).toString('hex')}`;
  if (options.empty) await adminQuery(`CREATE DATABASE ${name}`);
  else await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${await postgresTemplate()}`);
  const url = withDatabase(adminUrl(), name);
  const database = await openDatabase({ databaseUrl: url, poolSize: 5 });
  return {
    ...database,
    engine,
    url,
    async close() {
      await database.close();
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/**
 * PostgreSQL only: a fresh, empty, unmigrated database owned by, and opened as, a role that is
 * not a superuser, like a typical production `padu` role. For code whose behaviour depends on
 * privileges (restores, append-only tables). Close it to drop both the database and the role.
 */
export async function createOwnerRoleTestDatabase(): Promise<TestDatabase> {
  if (!process.env.PADU_TEST_DATABASE_URL) throw new Error('createOwnerRoleTestDatabase needs PADU_TEST_DATABASE_URL');
  const suffix = randomBytes(6).toString('hex');
  const name = `padu_t_${suffix}`;
  const role = `padu_r_${suffix}`;
  const password = randomBytes(12).toString('hex');
  await adminQuery(`CREATE ROLE ${role} LOGIN NOSUPERUSER PASSWORD '${password}'`);
  await adminQuery(`CREATE DATABASE ${name} OWNER ${role}`);
  const u = new URL(withDatabase(adminUrl(), name));
  u.username = role;
  u.password = password;
  const url = u.toString();
  const database = await openDatabase({ databaseUrl: url, poolSize: 5 });
  return {
    ...database,
    engine: 'postgres',
    url,
    async close() {
      await database.close();
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await adminQuery(`DROP ROLE IF EXISTS ${role}`);
    },
  };
}
