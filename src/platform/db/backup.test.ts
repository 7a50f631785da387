import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql, type Kysely } from 'kysely';
import type { DB } from './schema.ts';
import { MIGRATIONS_DIR, migrate } from './migrate.ts';
import {
  BackupFileError,
  RestoreRefusedError,
  backupDatabase,
  exportToPostgres,
  readBackupHeader,
  restoreDatabase,
} from './backup.ts';
import { createOwnerRoleTestDatabase, createTestDatabase, engines, type Engine, type TestDatabase } from '../../../test/support/db.ts';

const PLATFORM_TABLES = [
  'region',
  'opd',
  'opd_name_history',
  'app_user',
  'role_grant',
  'user_session',
  'login_failure',
  'one_time_token',
  'api_token',
  'audit_log',
  'mail_outbox',
];

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'padu-backup-test-'));
}

/** Values that break naive serialisation: microseconds, quotes, commas, braces, NULL-looking text, JSON null. */
async function fillEveryTable(db: Kysely<DB>): Promise<void> {
  const t = (s: string) => s; // timestamps go in as text so microseconds survive
  const opds = await db.selectFrom('opd').select(['id', 'code']).orderBy('id').execute();
  assert.ok(opds.length >= 3, 'reference data is loaded');
  const [first, second, last] = [opds[0]!, opds[1]!, opds[opds.length - 1]!];
  // Parents whose ids sort after their children, so loading in key order alone would break the foreign keys.
  await db
    .updateTable('opd')
    .set({
      parent_id: last.id,
      merged_into_id: second.id,
      website: 'https://contoh.jatimprov.go.id/?a=1&b="2"',
      social_media: JSON.stringify({ instagram: '@diskominfo', 'x "quoted"': 'https://x.com/a,b', nested: { n: 1.10, big: 12345678901234567890 } }),
      active: false,
      updated_at: t('2026-03-04 05:06:07.123456+07'),
    })
    .where('id', '=', first.id)
    .execute();
  await db
    .insertInto('opd_name_history')
    .values({ opd_id: first.id, name: 'Nama Lama\n(baris dua)', valid_from: t('2020-01-01T00:00:00.000001Z'), valid_to: t('2025-12-31 23:59:59.999999+00') })
    .execute();

  const admin = randomUUID();
  const citizen = randomUUID();
  await db
    .insertInto('app_user')
    .values([
      {
        id: admin,
        email: 'Admin@Jatimprov.go.id',
        name: 'Ådmin “Ünïcode” \\ back\\slash \u{1F600}',
        password_hash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
        status: 'active',
        locale: 'id',
        oidc_subject: null,
        password_changed_at: t('2026-02-03 04:05:06.123456+07'),
        last_login_at: null,
        created_at: t('2026-01-01 00:00:00+00'),
        updated_at: t('2026-01-02 00:00:00.5+00'),
      },
      {
        id: citizen,
        email: 'warga@example.id',
        name: 'Baris\nDua\tTab, "kutip"',
        password_hash: null,
        status: 'disabled',
        locale: 'en',
        oidc_subject: 'sub|123',
        password_changed_at: null,
        last_login_at: t('2026-02-01 12:00:00.000001+00'),
        created_at: t('2026-01-01 00:00:00+00'),
        updated_at: t('2026-01-01 00:00:00+00'),
      },
    ])
    .execute();
  await db
    .insertInto('role_grant')
    .values([
      { id: randomUUID(), user_id: admin, role: 'admin', opd_id: null, granted_by: null, created_at: t('2026-01-01 00:00:00+00') },
      { id: randomUUID(), user_id: admin, role: 'petugas', opd_id: first.id, granted_by: admin, created_at: t('2026-01-01 00:00:00+00') },
      { id: randomUUID(), user_id: citizen, role: 'warga', opd_id: null, granted_by: admin, created_at: t('2026-01-01 00:00:00+00') },
    ])
    .execute();
  await db
    .insertInto('user_session')
    .values({
      token_hash: 'a'.repeat(64),
      user_id: admin,
      created_at: t('2026-01-01 00:00:00+00'),
      last_seen_at: t('2026-01-01 00:10:00.654321+00'),
      expires_at: t('2026-01-01 12:00:00+00'),
      ip: '10.0.0.1',
      user_agent: 'Mozilla/5.0 (X11; Linux x86_64)',
      auth_method: 'oidc',
    })
    .execute();
  for (let i = 0; i < 3; i++) {
    await db.insertInto('login_failure').values({ throttle_key: `ip:10.0.0.${i}`, at: t(`2026-01-01 00:00:0${i}+00`) }).execute();
  }
  await db
    .insertInto('one_time_token')
    .values([
      { token_hash: 'b'.repeat(64), purpose: 'setup_admin', user_id: null, created_at: t('2026-01-01 00:00:00+00'), expires_at: t('2026-01-02 00:00:00+00'), used_at: t('2026-01-01 01:00:00+00') },
      { token_hash: 'c'.repeat(64), purpose: 'password_reset', user_id: citizen, created_at: t('2026-01-01 00:00:00+00'), expires_at: t('2026-01-02 00:00:00+00'), used_at: null },
    ])
    .execute();
  const token = randomUUID();
  await db
    .insertInto('api_token')
    .values({
      id: token,
      opd_id: first.id,
      name: 'SIMPEG',
      token_prefix: 'padu_ab12',
      token_hash: 'd'.repeat(64),
      scopes: ['read:opd', 'write:"quoted"', 'with,comma', 'braces{}', 'NULL', '', 'back\\slash'],
      created_by: admin,
      created_at: t('2026-01-01 00:00:00+00'),
      expires_at: null,
      last_used_at: t('2026-01-05 00:00:00.1+00'),
      revoked_at: null,
    })
    .execute();
  // A NULL inside an array (the column only forbids a NULL array).
  await sql`INSERT INTO api_token (id, opd_id, name, token_prefix, token_hash, scopes, created_at, revoked_at)
    VALUES (${randomUUID()}, ${second.id}, 'Lama', 'padu_cd34', ${'e'.repeat(64)}, ARRAY['read:opd', NULL], now(), now())`.execute(db);
  await db
    .insertInto('audit_log')
    .values([
      {
        at: t('2026-01-01 00:00:00.000001+00'),
        actor_user_id: admin,
        actor_token_id: null,
        actor_label: 'Admin',
        actor_roles: ['admin', 'tim_spbe'],
        opd_id: first.id,
        action: 'opd.update',
        target_type: 'opd',
        target_id: first.id,
        before: JSON.stringify({ name: 'Lama', score: 1.10, list: [1, 'dua', null, { tiga: true }] }),
        after: JSON.stringify({ name: 'Baru \u{1F600}', note: 'kutip "ganda"\nbaris' }),
        request_id: 'req-1',
        ip: '10.0.0.1',
      },
      {
        at: t('2026-01-01 00:00:01+00'),
        actor_user_id: null,
        actor_token_id: token,
        actor_label: 'SIMPEG',
        actor_roles: [],
        opd_id: null,
        action: 'token.use',
        target_type: 'api_token',
        target_id: null,
        before: 'null', // JSON null, which is not SQL NULL
        after: null,
        request_id: null,
        ip: null,
      },
    ])
    .execute();
  await db
    .insertInto('mail_outbox')
    .values([
      { id: randomUUID(), to_address: 'warga@example.id', subject: 'Atur ulang kata sandi', body_text: 'Halo,\n\nKlik tautan.\n', created_at: t('2026-01-01 00:00:00+00'), sent_at: null, attempts: 3, last_error: 'ECONNREFUSED\n  at line 1' },
      { id: randomUUID(), to_address: 'admin@jatimprov.go.id', subject: 'Selamat datang', body_text: 'Hai', created_at: t('2026-01-01 00:00:00+00'), sent_at: t('2026-01-01 00:00:05+00'), attempts: 1, last_error: null },
    ])
    .execute();
}

interface Snapshot {
  rows: Record<string, string[]>;
  sequences: Record<string, string>;
}

/**
 * Every table's rows in PostgreSQL's text form, ordered by primary key; and every sequence.
 * Read from the catalog independently of backup.ts, so the test does not trust the code it checks.
 */
async function snapshot(db: Kysely<DB>): Promise<Snapshot> {
  return db.transaction().execute(async (tx) => {
    await sql`SELECT set_config('TimeZone', 'UTC', true)`.execute(tx);
    const tables = await sql<{ name: string; pk: string[] }>`
      SELECT c.relname AS name,
             array(SELECT format('%I', a.attname) || CASE WHEN a.attcollation <> 0 THEN ' COLLATE "C"' ELSE '' END
                   FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
                   WHERE i.indrelid = c.oid AND i.indisprimary) AS pk
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> 'padu_migration'
      ORDER BY c.relname`.execute(tx);
    const rows: Record<string, string[]> = {};
    for (const table of tables.rows) {
      assert.ok(table.pk.length > 0, `${table.name} has a primary key`);
      const result = await sql<{ r: string }>`SELECT t::text AS r FROM ${sql.id('public', table.name)} t ORDER BY ${sql.raw(table.pk.join(', '))}`.execute(tx);
      rows[table.name] = result.rows.map((r) => r.r);
    }
    const sequences: Record<string, string> = {};
    const seqs = await sql<{ name: string }>`SELECT sequencename AS name FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1`.execute(tx);
    for (const s of seqs.rows) {
      const state = await sql<{ v: string }>`SELECT last_value || '/' || is_called AS v FROM ${sql.id('public', s.name)}`.execute(tx);
      sequences[s.name] = state.rows[0]!.v;
    }
    return { rows, sequences };
  });
}

function assertSameData(actual: Snapshot, expected: Snapshot): void {
  assert.deepEqual(Object.keys(actual.rows), Object.keys(expected.rows), 'same tables');
  for (const table of Object.keys(expected.rows)) assert.deepEqual(actual.rows[table], expected.rows[table], `rows of ${table}`);
  assert.deepEqual(actual.sequences, expected.sequences, 'sequences');
}

/** The file's lines without the header's time and server, to compare two backups' content. */
function backupBody(file: string): string[] {
  return gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n').slice(1);
}

function rewriteBackup(from: string, to: string, change: (lines: string[]) => string[]): void {
  const lines = gunzipSync(fs.readFileSync(from)).toString('utf8').split('\n');
  fs.writeFileSync(to, gzipSync(change(lines).join('\n')));
}

async function countAll(db: Kysely<DB>): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of PLATFORM_TABLES) {
    const r = await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.id('public', table)}`.execute(db);
    counts[table] = Number(r.rows[0]!.n);
  }
  return counts;
}

/** A source database with data in every platform table, backed up to a file. */
async function filledSourceWithBackup(engine: Engine, dir: string) {
  const source = await createTestDatabase(engine);
  await fillEveryTable(source.db);
  const counts = await countAll(source.db);
  for (const table of PLATFORM_TABLES) assert.ok(counts[table]! > 0, `the test writes rows into ${table}`);
  const file = path.join(dir, 'padu.backup.gz');
  const summary = await backupDatabase(source.db, file);
  return { source, file, summary, expected: await snapshot(source.db) };
}

async function withDatabases(fn: (open: (db: TestDatabase) => TestDatabase) => Promise<void>): Promise<void> {
  const opened: TestDatabase[] = [];
  try {
    await fn((db) => (opened.push(db), db));
  } finally {
    for (const db of opened.reverse()) await db.close();
  }
}

for (const engine of engines()) {
  test(`backup and restore on ${engine}: every row, type and sequence survives`, async () => {
    const dir = tempDir();
    await withDatabases(async (open) => {
      const { source, file, summary, expected } = await filledSourceWithBackup(engine, dir);
      open(source);
      assert.deepEqual(summary.migrations, currentMigrations());
      const publicTables = await sql<{ table_name: string }>`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'padu_migration'`.execute(source.db);
      assert.deepEqual(Object.keys(summary.tables).sort(), publicTables.rows.map((r) => r.table_name).sort(), 'every table of every module');
      for (const table of PLATFORM_TABLES) assert.ok(table in summary.tables, table);
      const header = await readBackupHeader(file);
      assert.equal(header.format, 'padu-backup');
      assert.equal(header.version, 1);
      assert.deepEqual(header.migrations.map((m) => m.id), currentMigrations());
      assert.ok(!header.tables.includes('padu_migration'), 'padu_migration is in the header, not among the tables');
      assert.ok(header.tables.indexOf('region') < header.tables.indexOf('opd'), 'parents before children');
      assert.ok(header.tables.indexOf('app_user') < header.tables.indexOf('role_grant'));
      assert.ok(header.tables.indexOf('opd') < header.tables.indexOf('api_token'));

      const target = open(await createTestDatabase(engine, { empty: true }));
      await migrate(target.db);
      const result = await restoreDatabase(target.db, file);
      assert.deepEqual(result.tables, summary.tables);
      assert.equal(result.replacedExistingData, false);
      assert.deepEqual(result.migrationsApplied, []);
      assertSameData(await snapshot(target.db), expected);

      // Values read back through the app's own types, too.
      const token = await target.db.selectFrom('api_token').select('scopes').where('name', '=', 'SIMPEG').executeTakeFirstOrThrow();
      assert.deepEqual(token.scopes, ['read:opd', 'write:"quoted"', 'with,comma', 'braces{}', 'NULL', '', 'back\\slash']);
      const opd = await target.db.selectFrom('opd').select('social_media').where('active', '=', false).executeTakeFirstOrThrow();
      assert.equal((opd.social_media as Record<string, unknown>)['x "quoted"'], 'https://x.com/a,b');

      // A backup of the restored database is line for line the original one.
      const again = path.join(dir, 'again.backup.gz');
      await backupDatabase(target.db, again);
      assert.deepEqual(backupBody(again), backupBody(file));

      // Sequences continue after the restored ids instead of colliding with them.
      const maxAudit = await target.db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow();
      const inserted = await target.db
        .insertInto('audit_log')
        .values({ at: new Date(), actor_label: 'system', action: 'restore.check', target_type: 'system', actor_user_id: null, actor_token_id: null, opd_id: null, target_id: null, before: null, after: null, request_id: null, ip: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      assert.ok(BigInt(inserted.id) > BigInt(maxAudit.id!), `new audit id ${inserted.id} > ${maxAudit.id}`);
      const failure = await target.db.insertInto('login_failure').values({ throttle_key: 'x', at: new Date() }).returning('id').executeTakeFirstOrThrow();
      assert.equal(failure.id, '4');

    });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test(`restore on ${engine} refuses a database with data unless forced; force replaces everything`, async () => {
    const dir = tempDir();
    await withDatabases(async (open) => {
      const { source, file, expected } = await filledSourceWithBackup(engine, dir);
      open(source);
      await assert.rejects(restoreDatabase(source.db, file), (error: Error) => {
        assert.ok(error instanceof RestoreRefusedError);
        assert.match(error.message, /already holds data \(in .*app_user.*\).*--force/);
        return true;
      });

      // Diverge from the backup, including in the append-only audit log.
      await source.db.insertInto('audit_log').values({ at: new Date(), actor_label: 'later', action: 'x', target_type: 'x', actor_user_id: null, actor_token_id: null, opd_id: null, target_id: null, before: null, after: null, request_id: null, ip: null }).execute();
      await source.db.deleteFrom('role_grant').execute();
      await source.db.updateTable('opd').set({ name: 'Diubah' }).execute();

      const result = await restoreDatabase(source.db, file, { force: true });
      assert.equal(result.replacedExistingData, true);
      assert.equal(result.triggersDisabled, true);
      // Sequences go back to the backup's state too: the rows that used later ids are gone with them.
      assertSameData(await snapshot(source.db), expected);
      // The append-only guard is back once the restore is over.
      await assert.rejects(source.db.deleteFrom('audit_log').execute(), /append-only/);
    });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test(`a failing restore on ${engine} changes nothing; damaged files are refused`, async () => {
    const dir = tempDir();
    await withDatabases(async (open) => {
      const { source, file } = await filledSourceWithBackup(engine, dir);
      open(source);
      const target = open(await createTestDatabase(engine, { empty: true }));
      await migrate(target.db);
      const empty = await countAll(target.db);

      // user_session is the last table, so everything before it was already inserted when this fails.
      const bad = path.join(dir, 'bad.gz');
      rewriteBackup(file, bad, (lines) => {
        const i = lines.findIndex((l) => l.startsWith('{"table":"user_session"'));
        const row = JSON.parse(lines[i + 1]!) as string[];
        row[4] = 'not a time';
        lines[i + 1] = JSON.stringify(row);
        return lines;
      });
      await assert.rejects(restoreDatabase(target.db, bad), /not a time|invalid input syntax/);
      assert.deepEqual(await countAll(target.db), empty);

      const truncated = path.join(dir, 'truncated.gz');
      fs.writeFileSync(truncated, fs.readFileSync(file).subarray(0, Math.floor(fs.statSync(file).size * 0.6)));
      await assert.rejects(restoreDatabase(target.db, truncated), BackupFileError);
      const noTrailer = path.join(dir, 'no-trailer.gz');
      rewriteBackup(file, noTrailer, (lines) => lines.filter((l) => !l.startsWith('{"end":true')));
      await assert.rejects(restoreDatabase(target.db, noTrailer), /truncated/);
      const wrongCount = path.join(dir, 'wrong-count.gz');
      rewriteBackup(file, wrongCount, (lines) => lines.filter((l, i) => !(i > 0 && lines[i - 1]!.startsWith('{"table":"mail_outbox"'))));
      await assert.rejects(restoreDatabase(target.db, wrongCount), /mail_outbox has 1 rows but the backup recorded 2/);
      const notBackup = path.join(dir, 'not.gz');
      fs.writeFileSync(notBackup, 'hello');
      await assert.rejects(restoreDatabase(target.db, notBackup), /not a Padu backup/);
      assert.deepEqual(await countAll(target.db), empty);

      const future = path.join(dir, 'future.gz');
      rewriteBackup(file, future, (lines) => {
        const header = JSON.parse(lines[0]!) as { migrations: { id: string; checksum: string }[] };
        header.migrations.push({ id: '9999_future', checksum: 'x' });
        return [JSON.stringify(header), ...lines.slice(1)];
      });
      await assert.rejects(restoreDatabase(target.db, future), (error: Error) => {
        assert.ok(error instanceof RestoreRefusedError);
        assert.match(error.message, /newer Padu.*9999_future.*Upgrade/);
        return true;
      });
    });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test(`an older backup restores into a newer Padu on ${engine}, which then migrates it`, async () => {
    const dir = tempDir();
    const newer = path.join(dir, 'migrations');
    fs.mkdirSync(newer);
    for (const name of currentMigrations()) fs.copyFileSync(path.join(MIGRATIONS_DIR, `${name}.sql`), path.join(newer, `${name}.sql`));
    fs.writeFileSync(
      path.join(newer, '9000_nickname.sql'),
      'ALTER TABLE app_user ADD COLUMN nickname text;\nUPDATE app_user SET nickname = lower(email);\n',
    );
    await withDatabases(async (open) => {
      const { source, file } = await filledSourceWithBackup(engine, dir);
      open(source);
      const target = open(await createTestDatabase(engine, { empty: true }));
      const result = await restoreDatabase(target.db, file, { migrationsDir: newer });
      assert.deepEqual(result.migrationsApplied, ['9000_nickname']);
      const nick = await sql<{ nickname: string }>`SELECT nickname FROM app_user WHERE email = 'Admin@Jatimprov.go.id'`.execute(target.db);
      assert.equal(nick.rows[0]?.nickname, 'admin@jatimprov.go.id');

      // A database already past the backup's migrations cannot take its data.
      const migrated = open(await createTestDatabase(engine, { empty: true }));
      await migrate(migrated.db, newer);
      await assert.rejects(restoreDatabase(migrated.db, file, { migrationsDir: newer }), /migrations the backup does not \(9000_nickname\)/);
    });
    fs.rmSync(dir, { recursive: true, force: true });
  });
}

const postgres = engines().includes('postgres');

function currentMigrations(): string[] {
  return fs.readdirSync(MIGRATIONS_DIR).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f)).sort().map((f) => f.replace(/\.sql$/, ''));
}

test('cross-engine: a PGlite backup restores into PostgreSQL', { skip: !postgres && 'PADU_TEST_DATABASE_URL is not set' }, async () => {
  const dir = tempDir();
  await withDatabases(async (open) => {
    const { source, file, expected } = await filledSourceWithBackup('pglite', dir);
    open(source);
    const target = open(await createTestDatabase('postgres', { empty: true }));
    await restoreDatabase(target.db, file);
    assertSameData(await snapshot(target.db), expected);
    // And back: PostgreSQL to PGlite gives the same rows again.
    const back = path.join(dir, 'back.gz');
    await backupDatabase(target.db, back);
    assert.deepEqual(backupBody(back), backupBody(file));
  });
  fs.rmSync(dir, { recursive: true, force: true });
});

test('exportToPostgres copies PGlite into an empty PostgreSQL and refuses one with data', { skip: !postgres && 'PADU_TEST_DATABASE_URL is not set' }, async () => {
  await withDatabases(async (open) => {
    const source = open(await createTestDatabase('pglite'));
    await fillEveryTable(source.db);
    const expected = await snapshot(source.db);
    const target = open(await createTestDatabase('postgres', { empty: true }));
    const result = await exportToPostgres(source.db, target.url!);
    assert.equal(result.tables.audit_log, 2);
    assertSameData(await snapshot(target.db), expected);

    await assert.rejects(exportToPostgres(source.db, target.url!), (error: Error) => {
      assert.ok(error instanceof RestoreRefusedError);
      assert.match(error.message, /already holds data/);
      return true;
    });
    // The source is still usable: the failed export ended its snapshot transaction.
    await source.db.insertInto('login_failure').values({ throttle_key: 'after', at: new Date() }).execute();
  });
});

test('restore as a PostgreSQL owner that is not a superuser', { skip: !postgres && 'PADU_TEST_DATABASE_URL is not set' }, async () => {
  const dir = tempDir();
  await withDatabases(async (open) => {
    const { source, file, expected } = await filledSourceWithBackup('postgres', dir);
    open(source);
    const target = open(await createOwnerRoleTestDatabase());
    // Into a new database no trigger has to be switched off; self-referencing opd rows load in one statement.
    const result = await restoreDatabase(target.db, file);
    assert.equal(result.triggersDisabled, false);
    assertSameData(await snapshot(target.db), expected);

    // Replacing data would mean emptying the append-only audit log, which only a superuser may do.
    await assert.rejects(restoreDatabase(target.db, file, { force: true }), (error: Error) => {
      assert.ok(error instanceof RestoreRefusedError);
      assert.match(error.message, /Cannot empty table audit_log.*append-only.*superuser.*new, empty database/);
      return true;
    });
    assertSameData(await snapshot(target.db), expected);
  });
  fs.rmSync(dir, { recursive: true, force: true });
});
