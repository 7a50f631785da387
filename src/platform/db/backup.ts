import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip, createGunzip } from 'node:zlib';
import { sql, type Kysely } from 'kysely';
import type { DB } from './schema.ts';
import { openDatabase } from './database.ts';
import { MIGRATIONS_DIR, migrate, readMigrations } from './migrate.ts';

/**
 * Logical backup and restore that behave the same on PGlite and on PostgreSQL. pg_dump and
 * pglite-tools are engine-specific and pin server versions, so Padu writes its own format:
 * gzip'd JSON lines.
 *
 *   {"format":"padu-backup","version":1,"createdAt":…,"migrations":[…],"tables":[…]}   header
 *   {"table":"region","columns":[{"name":"code","type":"text"},…]}                      section
 *   ["35","Jawa Timur","provinsi",null]                                                  row
 *   …
 *   {"end":true,"rows":{"region":705,…},"sequences":[…]}                                 trailer
 *
 * Every value is PostgreSQL's own text form (`col::text`) and goes back in through a cast to the
 * column's type, so jsonb, arrays, numeric scale, microsecond timestamps and bytea round-trip
 * exactly. Going through JavaScript values would not: `pg` turns numeric into Number (see
 * database.ts) and timestamps into millisecond Dates.
 *
 * Only the `public` schema is copied. pg-boss keeps its jobs in the `pgboss` schema; they are
 * transient work that is re-created by the app, and restoring stale jobs would replay them.
 */

export const BACKUP_FORMAT = 'padu-backup';
export const BACKUP_FORMAT_VERSION = 1;
/** Rows per FETCH and per INSERT: big enough to be fast, small enough to keep memory flat. */
const BATCH_ROWS = 1000;

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  /** `version()` of the source server, for people reading the file. */
  server: string;
  /** Rows of `padu_migration` in the source: the schema the data fits. */
  migrations: { id: string; checksum: string }[];
  /** Tables in the order their rows follow (foreign-key parents first). */
  tables: string[];
}

interface BackupTrailer {
  end: true;
  rows: Record<string, number>;
  sequences: { name: string; lastValue: string; isCalled: boolean }[];
}

export interface BackupSummary {
  createdAt: string;
  migrations: string[];
  /** Rows per table. */
  tables: Record<string, number>;
}

export interface RestoreOptions {
  /** Replace the data of a database that already holds some (`padu restore --force`). */
  force?: boolean;
  /** Where the migrations live (tests use a folder of their own). */
  migrationsDir?: string;
}

export interface RestoreResult {
  tables: Record<string, number>;
  /** The target held data that the restore replaced (only with `force`). */
  replacedExistingData: boolean;
  /** Triggers (and foreign-key checks) were off while loading: `session_replication_role = replica`. */
  triggersDisabled: boolean;
  /** Migrations newer than the backup, applied after its data was loaded. */
  migrationsApplied: string[];
}

/** The file is not a Padu backup, is damaged or truncated, or comes from a newer format. */
export class BackupFileError extends Error {
  override name = 'BackupFileError';
}

/** The target database cannot take this backup as it is; the message says what to do. */
export class RestoreRefusedError extends Error {
  override name = 'RestoreRefusedError';
}

// ---------------------------------------------------------------------------------------------
// Catalog

interface CatalogColumn {
  name: string;
  /** `format_type()`: valid SQL for a cast. */
  type: string;
}

interface CatalogTable {
  name: string;
  /** Columns that hold data; generated columns are left out because PostgreSQL computes them. */
  columns: CatalogColumn[];
  primaryKey: string[];
}

interface ForeignKey {
  table: string;
  references: string;
  deferrable: boolean;
}

interface CatalogSequence {
  name: string;
  increment: string;
  ownerTable: string | null;
  ownerColumn: string | null;
}

interface CatalogTrigger {
  table: string;
  name: string;
  /** pg_trigger.tgenabled: O (origin), A (always), R (replica), D (disabled). */
  enabled: string;
  type: number;
}

interface Catalog {
  tables: Map<string, CatalogTable>;
  foreignKeys: ForeignKey[];
  sequences: CatalogSequence[];
  triggers: CatalogTrigger[];
  materializedViews: string[];
  /** Tables with foreign-key parents first. */
  order: string[];
  /** Tables on a foreign-key cycle through other tables (no insert order satisfies them). */
  cyclic: Set<string>;
}

const TRIGGER_INSERT = 1 << 2;
const TRIGGER_DELETE = 1 << 3;

/** Objects that belong to an extension are the extension's business, not data. */
const notExtensionMember = (oid: ReturnType<typeof sql.ref>) =>
  sql`NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = ${oid} AND d.deptype = 'e')`;

async function readCatalog(db: Kysely<DB>): Promise<Catalog> {
  const columns = await sql<{ table: string; column: string; type: string; generated: boolean }>`
    SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
           a.attgenerated <> '' AS generated
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
      AND c.relname <> 'padu_migration' AND ${notExtensionMember(sql.ref('c.oid'))}
    ORDER BY c.relname, a.attnum`.execute(db);
  const tables = new Map<string, CatalogTable>();
  for (const row of columns.rows) {
    let table = tables.get(row.table);
    if (!table) tables.set(row.table, (table = { name: row.table, columns: [], primaryKey: [] }));
    if (!row.generated) table.columns.push({ name: row.column, type: row.type });
  }

  const keys = await sql<{ table: string; columns: string[] }>`
    SELECT c.relname AS table,
           array(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(num, ord)
                 JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num ORDER BY k.ord) AS columns
    FROM pg_constraint con
    JOIN pg_class c ON c.oid = con.conrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE con.contype = 'p' AND n.nspname = 'public'`.execute(db);
  for (const row of keys.rows) {
    const table = tables.get(row.table);
    if (table) table.primaryKey = row.columns;
  }

  const fks = await sql<ForeignKey>`
    SELECT c.relname AS table, f.relname AS references, con.condeferrable AS deferrable
    FROM pg_constraint con
    JOIN pg_class c ON c.oid = con.conrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_class f ON f.oid = con.confrelid
    JOIN pg_namespace fn ON fn.oid = f.relnamespace
    WHERE con.contype = 'f' AND n.nspname = 'public' AND fn.nspname = 'public'`.execute(db);
  const foreignKeys = fks.rows.filter((fk) => tables.has(fk.table) && tables.has(fk.references));

  const sequences = await sql<CatalogSequence>`
    SELECT c.relname AS name, s.seqincrement::text AS increment,
           owner.relname AS "ownerTable", owner.attname AS "ownerColumn"
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_sequence s ON s.seqrelid = c.oid
    LEFT JOIN LATERAL (
      SELECT t.relname, a.attname FROM pg_depend d
      JOIN pg_class t ON t.oid = d.refobjid
      JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
      WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
        AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
      LIMIT 1
    ) owner ON true
    WHERE n.nspname = 'public' AND c.relkind = 'S' AND ${notExtensionMember(sql.ref('c.oid'))}
    ORDER BY c.relname`.execute(db);

  const triggers = await sql<CatalogTrigger>`
    SELECT c.relname AS table, t.tgname AS name, t.tgenabled::text AS enabled, t.tgtype::int AS type
    FROM pg_trigger t
    JOIN pg_class c ON c.oid = t.tgrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND NOT t.tgisinternal
    ORDER BY c.relname, t.tgname`.execute(db);

  // Creation order (oid) refreshes a view built on another view after that one.
  const views = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'm' AND ${notExtensionMember(sql.ref('c.oid'))}
    ORDER BY c.oid`.execute(db);

  const { order, cyclic } = dependencyOrder([...tables.keys()], foreignKeys);
  return {
    tables,
    foreignKeys,
    sequences: sequences.rows,
    triggers: triggers.rows.filter((t) => tables.has(t.table)),
    materializedViews: views.rows.map((v) => v.name),
    order,
    cyclic,
  };
}

/**
 * Parents before children. A table referencing itself is fine (see TableLoader); tables on a
 * longer cycle go last, in name order, and need triggers off or deferrable keys to load.
 */
function dependencyOrder(names: string[], foreignKeys: ForeignKey[]): { order: string[]; cyclic: Set<string> } {
  const parents = new Map(names.map((n) => [n, new Set<string>()]));
  for (const fk of foreignKeys) if (fk.table !== fk.references) parents.get(fk.table)?.add(fk.references);
  const order: string[] = [];
  const placed = new Set<string>();
  const remaining = [...names].sort();
  for (;;) {
    const next = remaining.find((n) => [...parents.get(n)!].every((p) => placed.has(p)));
    if (next === undefined) break;
    order.push(next);
    placed.add(next);
    remaining.splice(remaining.indexOf(next), 1);
  }
  return { order: [...order, ...remaining], cyclic: new Set(remaining) };
}

// ---------------------------------------------------------------------------------------------
// Backup

/** Stable text forms: ISO dates in UTC, shortest exact floats, hex bytea, no timeouts mid-copy. */
async function setPortableSession(db: Kysely<DB>): Promise<void> {
  await sql`SELECT set_config('TimeZone', 'UTC', true), set_config('DateStyle', 'ISO, YMD', true),
    set_config('IntervalStyle', 'postgres', true), set_config('extra_float_digits', '3', true),
    set_config('bytea_output', 'hex', true), set_config('statement_timeout', '0', true),
    set_config('idle_in_transaction_session_timeout', '0', true)`.execute(db);
}

function tableRef(name: string) {
  return sql.id('public', name);
}

/** `"public"."name"` as text, for functions that take a regclass. */
function quotedName(name: string): string {
  return `"public"."${name.replace(/"/g, '""')}"`;
}

type LineSink = (lines: string[]) => Promise<void>;

/**
 * Writes the whole database to `sink` from one REPEATABLE READ snapshot, so tables that refer to
 * each other are copied as of the same instant while the app keeps running. On PGlite the
 * socket server runs one transaction at a time, so other queries wait until the copy is done.
 */
async function dump(db: Kysely<DB>, sink: LineSink): Promise<BackupSummary> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (tx) => {
      await setPortableSession(tx);
      const exists = await sql<{ ok: boolean }>`SELECT to_regclass('public.padu_migration') IS NOT NULL AS ok`.execute(tx);
      if (!exists.rows[0]?.ok) throw new Error('The database has no padu_migration table: it is not a migrated Padu database.');
      const migrations = await sql<{ id: string; checksum: string }>`SELECT id, checksum FROM padu_migration ORDER BY id`.execute(tx);
      const version = await sql<{ v: string }>`SELECT version() AS v`.execute(tx);
      const catalog = await readCatalog(tx);
      const createdAt = new Date().toISOString();
      const header: BackupHeader = {
        format: BACKUP_FORMAT,
        version: BACKUP_FORMAT_VERSION,
        createdAt,
        server: version.rows[0]?.v ?? '',
        migrations: migrations.rows,
        tables: catalog.order,
      };
      await sink([JSON.stringify(header)]);

      const rows: Record<string, number> = {};
      for (const name of catalog.order) {
        const table = catalog.tables.get(name)!;
        await sink([JSON.stringify({ table: name, columns: table.columns })]);
        rows[name] = await dumpTable(tx, table, sink);
      }

      // Sequences are not transactional: read after the snapshot started, they are at least as
      // far as any id the snapshot shows. Stand-alone sequences (say, letter numbers) have no
      // column to take a maximum from, which is why their value is in the file.
      const sequences: BackupTrailer['sequences'] = [];
      for (const seq of catalog.sequences) {
        const state = await sql<{ last: string; called: boolean }>`
          SELECT last_value::text AS last, is_called AS called FROM ${tableRef(seq.name)}`.execute(tx);
        const row = state.rows[0];
        if (row) sequences.push({ name: seq.name, lastValue: row.last, isCalled: row.called });
      }
      const trailer: BackupTrailer = { end: true, rows, sequences };
      await sink([JSON.stringify(trailer)]);
      return { createdAt, migrations: migrations.rows.map((m) => m.id), tables: rows };
    });
}

async function dumpTable(tx: Kysely<DB>, table: CatalogTable, sink: LineSink): Promise<number> {
  if (table.columns.length === 0) return 0;
  const select = sql.join(table.columns.map((c, i) => sql`${sql.id(c.name)}::text AS ${sql.id(`c${i}`)}`));
  // Primary-key order makes two backups of the same data identical and keeps ids ascending.
  const orderBy = table.primaryKey.length ? sql`ORDER BY ${sql.join(table.primaryKey.map((c) => sql.id(c)))}` : sql``;
  await sql`DECLARE padu_backup NO SCROLL CURSOR FOR SELECT ${select} FROM ${tableRef(table.name)} ${orderBy}`.execute(tx);
  let count = 0;
  for (;;) {
    const batch = await sql<Record<string, string | null>>`FETCH FORWARD ${sql.raw(String(BATCH_ROWS))} FROM padu_backup`.execute(tx);
    if (batch.rows.length === 0) break;
    await sink(batch.rows.map((row) => JSON.stringify(table.columns.map((_, i) => row[`c${i}`] ?? null))));
    count += batch.rows.length;
  }
  await sql`CLOSE padu_backup`.execute(tx);
  return count;
}

/** Resolves when `stream` can take more, rejects when it fails or closes first. */
async function write(stream: Writable, chunk: unknown): Promise<void> {
  if (stream.destroyed) throw stream.errored ?? new Error('The output was closed.');
  if (stream.write(chunk)) return;
  await new Promise<void>((resolve, reject) => {
    const done = (error?: Error | null) => {
      stream.off('drain', onDrain);
      stream.off('error', onError);
      stream.off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => done();
    const onError = (error: Error) => done(error);
    const onClose = () => done(stream.errored ?? new Error('The output was closed.'));
    stream.on('drain', onDrain);
    stream.on('error', onError);
    stream.on('close', onClose);
  });
}

/**
 * Writes a backup of every table in the `public` schema to `file` (gzip'd JSON lines). The file
 * appears only when complete: it is written under a temporary name, flushed, then renamed.
 */
export async function backupDatabase(db: Kysely<DB>, file: string): Promise<BackupSummary> {
  const target = path.resolve(file);
  const temporary = `${target}.${process.pid}.tmp`;
  const gzip = createGzip();
  const written = pipeline(gzip, fs.createWriteStream(temporary, { flush: true }));
  written.catch(() => {}); // awaited below; this only keeps an early failure from going unhandled
  try {
    const summary = await dump(db, (lines) => write(gzip, `${lines.join('\n')}\n`));
    gzip.end();
    await written;
    fs.renameSync(temporary, target);
    return summary;
  } catch (error) {
    gzip.destroy();
    await written.catch(() => {});
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Reading a backup

async function* splitLines(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let rest = '';
  for await (const chunk of chunks) {
    rest += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let end = rest.indexOf('\n'); end !== -1; end = rest.indexOf('\n', start)) {
      yield rest.slice(start, end);
      start = end + 1;
    }
    rest = rest.slice(start);
  }
  rest += decoder.decode();
  if (rest) yield rest;
}

async function* backupFileLines(file: string): AsyncGenerator<string> {
  const input = fs.createReadStream(file);
  const gunzip = createGunzip();
  input.on('error', (error) => gunzip.destroy(error));
  input.pipe(gunzip);
  try {
    // Pulling lines one by one lets the file stream pause while the database catches up.
    yield* splitLines(gunzip);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR' || error instanceof TypeError) {
      throw new BackupFileError(`${file} is not a Padu backup, or it is damaged or truncated (${(error as Error).message}).`);
    }
    throw error;
  } finally {
    input.destroy();
    gunzip.destroy();
  }
}

class BackupReader {
  private readonly iterator: AsyncIterator<string>;
  private line = 0;

  constructor(
    lines: AsyncIterable<string>,
    readonly label: string,
  ) {
    this.iterator = lines[Symbol.asyncIterator]();
  }

  /** The next JSON value, or undefined at the end of the input. */
  async next(): Promise<unknown> {
    for (;;) {
      const result = await this.iterator.next();
      if (result.done) return undefined;
      this.line++;
      if (result.value.trim() === '') continue;
      try {
        return JSON.parse(result.value) as unknown;
      } catch {
        throw this.damaged('it is not valid JSON');
      }
    }
  }

  damaged(why: string): BackupFileError {
    return new BackupFileError(`${this.label} is damaged at line ${this.line}: ${why}.`);
  }

  async close(): Promise<void> {
    await this.iterator.return?.();
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseHeader(value: unknown, label: string): BackupHeader {
  if (!isObject(value) || value.format !== BACKUP_FORMAT) throw new BackupFileError(`${label} is not a Padu backup.`);
  if (typeof value.version !== 'number' || value.version > BACKUP_FORMAT_VERSION) {
    throw new BackupFileError(
      `${label} was written by a newer Padu (backup format ${String(value.version)}; this version reads ${BACKUP_FORMAT_VERSION}). Upgrade Padu first.`,
    );
  }
  const migrations = value.migrations;
  const tables = value.tables;
  if (
    !Array.isArray(migrations) ||
    !migrations.every((m) => isObject(m) && typeof m.id === 'string' && typeof m.checksum === 'string') ||
    !Array.isArray(tables) ||
    !tables.every((t) => typeof t === 'string')
  ) {
    throw new BackupFileError(`${label} has a damaged header.`);
  }
  return value as unknown as BackupHeader;
}

/** The header of a backup file, without reading the rest. */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  const reader = new BackupReader(backupFileLines(file), file);
  try {
    return parseHeader(await reader.next(), file);
  } finally {
    await reader.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Restore

async function appliedMigrations(db: Kysely<DB>): Promise<string[]> {
  const exists = await sql<{ ok: boolean }>`SELECT to_regclass('public.padu_migration') IS NOT NULL AS ok`.execute(db);
  if (!exists.rows[0]?.ok) return [];
  const rows = await sql<{ id: string }>`SELECT id FROM padu_migration ORDER BY id`.execute(db);
  return rows.rows.map((r) => r.id);
}

async function tablesWithRows(db: Kysely<DB>, names: Iterable<string>): Promise<string[]> {
  const found: string[] = [];
  for (const name of names) {
    const result = await sql<{ has: boolean }>`SELECT EXISTS (SELECT 1 FROM ${tableRef(name)}) AS has`.execute(db);
    if (result.rows[0]?.has) found.push(name);
  }
  return found;
}

/**
 * Tables whose rows the migrations themselves insert (a single state row, say) carry the comment
 * `padu:seeded-by-migration`: a freshly migrated database is still "empty" with those rows, and a
 * restore replaces them with the backup's.
 */
async function seededTables(db: Kysely<DB>): Promise<Set<string>> {
  const rows = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_description d ON d.objoid = c.oid AND d.objsubid = 0
    WHERE n.nspname = 'public' AND d.description LIKE '%padu:seeded-by-migration%'`.execute(db);
  return new Set(rows.rows.map((r) => r.name));
}

function holdsDataMessage(tables: string[]): string {
  return (
    `The target database already holds data (in ${tables.join(', ')}). ` +
    'Restore into a new, empty database, or pass --force to replace everything in this one.'
  );
}

/**
 * Brings the target to exactly the backup's migrations. A new database is migrated up to the
 * backup's version only, so an older backup can be restored by a newer Padu: its newer
 * migrations run afterwards and convert the restored data like any upgrade would.
 */
async function prepareSchema(db: Kysely<DB>, header: BackupHeader, migrationsDir: string): Promise<{ later: boolean }> {
  const known = new Map(readMigrations(migrationsDir).map((m) => [m.id, m]));
  for (const m of header.migrations) {
    const mine = known.get(m.id);
    if (!mine) {
      throw new RestoreRefusedError(
        `The backup was made by a newer Padu: this version does not have its migration ${m.id}. Upgrade Padu, then restore.`,
      );
    }
    if (mine.checksum !== m.checksum) {
      throw new RestoreRefusedError(`Migration ${m.id} in the backup differs from this Padu's; the backup comes from another build of Padu.`);
    }
  }
  const wanted = new Set(header.migrations.map((m) => m.id));
  const extra = (await appliedMigrations(db)).filter((id) => !wanted.has(id));
  if (extra.length) {
    throw new RestoreRefusedError(
      `The target database has migrations the backup does not (${extra.join(', ')}), so the backup's data does not fit it. ` +
        'Restore into a new, empty database: Padu migrates it to the backup\'s version, loads the data, then applies the newer migrations.',
    );
  }
  if (wanted.size === known.size) {
    await migrate(db, migrationsDir);
    return { later: false };
  }
  // migrate() takes a folder; a folder holding just the backup's migrations stops it there.
  const partial = fs.mkdtempSync(path.join(os.tmpdir(), 'padu-restore-migrations-'));
  try {
    for (const m of header.migrations) fs.writeFileSync(path.join(partial, `${m.id}.sql`), known.get(m.id)!.sql);
    await migrate(db, partial);
  } finally {
    fs.rmSync(partial, { recursive: true, force: true });
  }
  return { later: true };
}

/**
 * `session_replication_role = replica` switches off user triggers and foreign-key checks for
 * this transaction, like pg_dump's --disable-triggers. Restored rows already carry whatever
 * triggers did when they were first written, and the append-only audit log can only be emptied
 * this way. PostgreSQL lets only a superuser do it (PGlite's user is one); anyone else gets a
 * restore that works as long as no trigger would fire (checked before loading).
 */
async function tryDisableTriggers(tx: Kysely<DB>): Promise<boolean> {
  await sql`SAVEPOINT padu_restore_triggers`.execute(tx);
  try {
    await sql`SET LOCAL session_replication_role = replica`.execute(tx);
    await sql`RELEASE SAVEPOINT padu_restore_triggers`.execute(tx);
    return true;
  } catch (error) {
    if ((error as { code?: string }).code !== '42501') throw error;
    await sql`ROLLBACK TO SAVEPOINT padu_restore_triggers`.execute(tx);
    return false;
  }
}

function checkTriggers(catalog: Catalog, triggersDisabled: boolean, deleting: Set<string>): void {
  const firing = catalog.triggers.filter(
    (t) => (triggersDisabled ? t.enabled === 'A' || t.enabled === 'R' : t.enabled === 'O' || t.enabled === 'A'),
  );
  const howToFix = triggersDisabled
    ? 'This trigger is set to fire even during replication (ENABLE ALWAYS/REPLICA); disable it for the restore.'
    : 'Switching triggers off needs a PostgreSQL superuser (session_replication_role). Run the restore as a superuser such as postgres' +
      (deleting.size ? ', or restore into a new, empty database instead.' : '.');
  for (const t of firing) {
    if (deleting.has(t.table) && t.type & TRIGGER_DELETE) {
      throw new RestoreRefusedError(
        `Cannot empty table ${t.table}: its trigger ${t.name} forbids or changes deletes` +
          `${t.table === 'audit_log' ? ' (the audit log is append-only)' : ''}. ${howToFix}`,
      );
    }
    if (t.type & TRIGGER_INSERT) {
      throw new RestoreRefusedError(`Table ${t.table} has trigger ${t.name}, which would fire for every restored row and alter the backup's data. ${howToFix}`);
    }
  }
  if (!triggersDisabled) {
    const stuck = catalog.foreignKeys.filter(
      (fk) => !fk.deferrable && fk.table !== fk.references && catalog.cyclic.has(fk.table) && catalog.cyclic.has(fk.references),
    );
    if (stuck.length) {
      throw new RestoreRefusedError(
        `Tables ${[...catalog.cyclic].join(', ')} refer to each other, so no insert order satisfies their foreign keys. ${howToFix}`,
      );
    }
  }
}

function checkTables(catalog: Catalog, header: BackupHeader): void {
  const inBackup = new Set(header.tables);
  const missing = header.tables.filter((t) => !catalog.tables.has(t));
  const extra = [...catalog.tables.keys()].filter((t) => !inBackup.has(t));
  if (missing.length || extra.length) {
    throw new RestoreRefusedError(
      'The target\'s tables differ from the backup\'s although both have the same migrations' +
        `${missing.length ? `; only in the backup: ${missing.join(', ')}` : ''}` +
        `${extra.length ? `; only in the target: ${extra.join(', ')}` : ''}. ` +
        'Tables made outside migrations cannot be restored.',
    );
  }
}

/**
 * Loads one table's rows in batches. Each batch is one INSERT of `unnest()`ed text arrays cast
 * to the column types, which keeps one parameter per column however many rows there are.
 *
 * Foreign keys are checked at the end of each statement, so a table that refers to itself
 * (opd.parent_id, region.parent_code) can only load in batches if parents come first. When
 * triggers are off there are no checks; otherwise such a table is gathered in a temporary table
 * and copied with a single INSERT, which satisfies any order of its rows.
 */
class TableLoader {
  private readonly batch: (string | null)[][] = [];
  count = 0;

  private constructor(
    private readonly tx: Kysely<DB>,
    readonly table: string,
    private readonly columns: CatalogColumn[],
    private readonly staged: boolean,
  ) {}

  static async start(tx: Kysely<DB>, table: CatalogTable, fileColumns: unknown, staged: boolean, reader: BackupReader): Promise<TableLoader> {
    if (!Array.isArray(fileColumns) || !fileColumns.every((c) => isObject(c) && typeof c.name === 'string' && typeof c.type === 'string')) {
      throw reader.damaged(`the column list of table ${table.name} is malformed`);
    }
    const byName = new Map(table.columns.map((c) => [c.name, c]));
    const given = fileColumns as { name: string; type: string }[];
    // Types and SQL always come from the target's catalog; the file's are only compared.
    const columns = given.map((c) => byName.get(c.name));
    const mismatch =
      given.length !== table.columns.length || given.some((c, i) => columns[i] === undefined || columns[i]!.type !== c.type);
    if (mismatch) {
      throw new RestoreRefusedError(
        `Table ${table.name} has other columns in the target than in the backup ` +
          `(backup: ${given.map((c) => `${c.name} ${c.type}`).join(', ')}; target: ${table.columns.map((c) => `${c.name} ${c.type}`).join(', ')}).`,
      );
    }
    const loader = new TableLoader(tx, table.name, columns as CatalogColumn[], staged);
    if (staged) {
      const stageColumns = sql.join(loader.columns.map((_, i) => sql`${sql.id(`c${i}`)} text`));
      await sql`CREATE TEMPORARY TABLE padu_restore_stage (${stageColumns}) ON COMMIT DROP`.execute(tx);
    }
    return loader;
  }

  async add(row: unknown, reader: BackupReader): Promise<void> {
    if (!Array.isArray(row) || row.length !== this.columns.length || !row.every((v) => v === null || typeof v === 'string')) {
      throw reader.damaged(`a row of table ${this.table} does not match its ${this.columns.length} columns`);
    }
    this.batch.push(row as (string | null)[]);
    if (this.batch.length >= BATCH_ROWS) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    const arrays = this.columns.map((_, i) => this.batch.map((row) => row[i]!));
    const source = sql`unnest(${sql.join(arrays.map((a) => sql`${a}::text[]`))}) AS u(${sql.join(this.columns.map((_, i) => sql.id(`c${i}`)))})`;
    if (this.staged) await sql`INSERT INTO pg_temp.padu_restore_stage SELECT * FROM ${source}`.execute(this.tx);
    else await this.insertFrom(source);
    this.count += this.batch.length;
    this.batch.length = 0;
  }

  private async insertFrom(source: ReturnType<typeof sql>): Promise<void> {
    const names = sql.join(this.columns.map((c) => sql.id(c.name)));
    const values = sql.join(this.columns.map((c, i) => sql`${sql.id(`c${i}`)}::${sql.raw(c.type)}`));
    // OVERRIDING SYSTEM VALUE keeps ids of GENERATED ALWAYS identity columns; it is a no-op elsewhere.
    await sql`INSERT INTO ${tableRef(this.table)} (${names}) OVERRIDING SYSTEM VALUE SELECT ${values} FROM ${source}`.execute(this.tx);
  }

  /** Writes what is left and returns the table's row count. */
  async finish(): Promise<number> {
    await this.flush();
    if (this.staged) {
      await this.insertFrom(sql`pg_temp.padu_restore_stage`);
      await sql`DROP TABLE pg_temp.padu_restore_stage`.execute(this.tx);
    }
    return this.count;
  }
}

async function restoreSequences(tx: Kysely<DB>, catalog: Catalog, trailer: BackupTrailer, reader: BackupReader): Promise<void> {
  const known = new Map(catalog.sequences.map((s) => [s.name, s]));
  for (const seq of trailer.sequences) {
    if (!isObject(seq) || typeof seq.name !== 'string' || typeof seq.lastValue !== 'string' || typeof seq.isCalled !== 'boolean') {
      throw reader.damaged('a sequence entry is malformed');
    }
    if (!known.has(seq.name)) throw new RestoreRefusedError(`Sequence ${seq.name} from the backup does not exist in the target.`);
    await sql`SELECT setval(${quotedName(seq.name)}::regclass, ${seq.lastValue}::bigint, ${seq.isCalled})`.execute(tx);
  }
  // A column's sequence must never hand out an id that is already taken, whatever the file said.
  for (const seq of catalog.sequences) {
    if (!seq.ownerTable || !seq.ownerColumn || BigInt(seq.increment) <= 0n) continue;
    const max = await sql<{ max: string | null }>`SELECT max(${sql.id(seq.ownerColumn)})::text AS max FROM ${tableRef(seq.ownerTable)}`.execute(tx);
    const top = max.rows[0]?.max;
    if (top == null || !/^-?\d+$/.test(top)) continue;
    const state = await sql<{ last: string; called: boolean }>`SELECT last_value::text AS last, is_called AS called FROM ${tableRef(seq.name)}`.execute(tx);
    const row = state.rows[0]!;
    const next = row.called ? BigInt(row.last) + BigInt(seq.increment) : BigInt(row.last);
    if (next <= BigInt(top)) await sql`SELECT setval(${quotedName(seq.name)}::regclass, ${top}::bigint, true)`.execute(tx);
  }
}

async function load(db: Kysely<DB>, lines: AsyncIterable<string>, label: string, options: RestoreOptions): Promise<RestoreResult> {
  const reader = new BackupReader(lines, label);
  try {
    const header = parseHeader(await reader.next(), label);
    const force = options.force ?? false;
    const migrationsDir = options.migrationsDir ?? MIGRATIONS_DIR;

    // Checked before migrating too, so a stranger's database is not altered before being refused.
    if (!force) {
      const present = await sql<{ name: string }>`
        SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> 'padu_migration'`.execute(db);
      const seeded = await seededTables(db);
      const withRows = (await tablesWithRows(db, present.rows.map((r) => r.name))).filter((t) => !seeded.has(t));
      if (withRows.length) throw new RestoreRefusedError(holdsDataMessage(withRows));
    }
    const { later } = await prepareSchema(db, header, migrationsDir);

    // All or nothing: a failure anywhere below leaves the target as it was.
    const result = await db.transaction().execute(async (tx) => {
      await setPortableSession(tx);
      const triggersDisabled = await tryDisableTriggers(tx);
      await sql`SET CONSTRAINTS ALL DEFERRED`.execute(tx);
      const catalog = await readCatalog(tx);
      checkTables(catalog, header);
      // Nobody writes between the emptiness check and the commit, nor sees a half-loaded database.
      if (catalog.order.length) {
        await sql`LOCK TABLE ${sql.join(catalog.order.map(tableRef))} IN ACCESS EXCLUSIVE MODE`.execute(tx);
      }
      const withRows = await tablesWithRows(tx, catalog.order);
      const seeded = await seededTables(tx);
      const withData = withRows.filter((t) => !seeded.has(t));
      if (withData.length && !force) throw new RestoreRefusedError(holdsDataMessage(withData));
      checkTriggers(catalog, triggersDisabled, new Set(withRows));
      // Children first, so foreign keys hold after every statement when they are checked.
      for (const name of [...catalog.order].reverse()) {
        if (withRows.includes(name)) await sql`DELETE FROM ${tableRef(name)}`.execute(tx);
      }

      const selfReferencing = new Set(
        catalog.foreignKeys.filter((fk) => fk.table === fk.references && !fk.deferrable).map((fk) => fk.table),
      );
      const loaded: Record<string, number> = {};
      let loader: TableLoader | undefined;
      let trailer: BackupTrailer | undefined;
      while (!trailer) {
        const item = await reader.next();
        if (item === undefined) throw new BackupFileError(`${label} ends before its end marker: the file is truncated.`);
        if (Array.isArray(item)) {
          if (!loader) throw reader.damaged('a row comes before any table');
          await loader.add(item, reader);
        } else if (isObject(item) && typeof item.table === 'string') {
          if (loader) loaded[loader.table] = await loader.finish();
          const table = catalog.tables.get(item.table);
          if (!table || !header.tables.includes(item.table)) throw reader.damaged(`table ${item.table} is not in the header`);
          if (item.table in loaded) throw reader.damaged(`table ${item.table} appears twice`);
          loader = await TableLoader.start(tx, table, item.columns, !triggersDisabled && selfReferencing.has(table.name), reader);
        } else if (isObject(item) && item.end === true && isObject(item.rows) && Array.isArray(item.sequences)) {
          if (loader) loaded[loader.table] = await loader.finish();
          trailer = item as unknown as BackupTrailer;
        } else {
          throw reader.damaged('unexpected content');
        }
      }
      if ((await reader.next()) !== undefined) throw reader.damaged('there is content after the end marker');
      for (const name of header.tables) {
        if (!(name in loaded)) throw reader.damaged(`table ${name} is missing`);
        if (trailer.rows[name] !== loaded[name]) {
          throw reader.damaged(`table ${name} has ${loaded[name]} rows but the backup recorded ${String(trailer.rows[name])}`);
        }
      }
      await restoreSequences(tx, catalog, trailer, reader);
      for (const view of catalog.materializedViews) await sql`REFRESH MATERIALIZED VIEW ${tableRef(view)}`.execute(tx);
      return { tables: loaded, replacedExistingData: withData.length > 0, triggersDisabled };
    });

    const migrationsApplied = later ? (await migrate(db, migrationsDir)).applied : [];
    return { ...result, migrationsApplied };
  } finally {
    await reader.close();
  }
}

/**
 * Restores a backup written by `backupDatabase`. The target is first migrated to exactly the
 * backup's migrations; a database that already holds data is refused unless `force` is set.
 * Newer migrations than the backup's are applied after the data is in.
 */
export async function restoreDatabase(db: Kysely<DB>, file: string, options: RestoreOptions = {}): Promise<RestoreResult> {
  await fs.promises.access(file, fs.constants.R_OK);
  return load(db, backupFileLines(file), file, options);
}

/**
 * Moves an embedded (or any) Padu database to a PostgreSQL server: migrates the target, refuses
 * it if it already holds data, then copies everything. Backup and restore run side by side over
 * an in-memory pipe, so nothing is written to disk and memory stays at a few batches.
 */
export async function exportToPostgres(sourceDb: Kysely<DB>, targetUrl: string): Promise<RestoreResult> {
  const target = await openDatabase({ databaseUrl: targetUrl, poolSize: 2, applicationName: 'padu-export' });
  const pipe = new PassThrough({ objectMode: true, highWaterMark: 8 });
  async function* lines(): AsyncGenerator<string> {
    for await (const batch of pipe) yield* batch as string[];
  }
  // Whichever side fails first is the cause; the other side then only sees the pipe close.
  let cause: { error: unknown } | undefined;
  const fail = (error: unknown): never => {
    cause ??= { error };
    pipe.destroy(error as Error);
    throw error;
  };
  try {
    const dumping = dump(sourceDb, (batch) => write(pipe, batch)).then(() => void pipe.end(), fail);
    const restoring = load(target.db, lines(), 'the export stream', {}).catch(fail);
    const [, restored] = await Promise.allSettled([dumping, restoring]);
    if (cause) throw cause.error;
    return (restored as PromiseFulfilledResult<RestoreResult>).value;
  } finally {
    await target.close();
  }
}
