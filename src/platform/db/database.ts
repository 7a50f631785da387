import pg from 'pg';
import path from 'node:path';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import type { DB } from './schema.ts';
import { lockDataDir, type DataDirLock } from './lock.ts';
import { startEmbedded, type EmbeddedServer } from './embedded.ts';

export type Db = Kysely<DB>;
export type Tx = Transaction<DB>;
/** Either the pool-backed handle or a transaction: use cases accept both. */
export type DbOrTx = Kysely<DB>;

export type DatabaseMode = 'embedded' | 'postgres';

export interface Database {
  mode: DatabaseMode;
  db: Db;
  pool: pg.Pool;
  /** Connection settings for libraries that open their own pool (pg-boss). */
  connection: pg.PoolConfig;
  /** Only in embedded mode: the PGlite server (for template dumps in tests). */
  embedded?: EmbeddedServer;
  close(): Promise<void>;
}

// Keep dates as JS Dates and bigints as strings (ids): the pg defaults, said here on purpose.
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

export interface OpenOptions {
  databaseUrl?: string;
  /** Embedded mode: the Padu data folder (the database lives in `<dataDir>/pg`). */
  dataDir?: string;
  /** Embedded mode without a folder: in memory, optionally from a template tarball. */
  memory?: { templateFile?: string };
  poolSize?: number;
  applicationName?: string;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) {
    const connection: pg.PoolConfig = {
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      application_name: options.applicationName ?? 'padu',
    };
    const pool = new pg.Pool(connection);
    pool.on('error', () => {
      /* an idle client died; the pool replaces it */
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return {
      mode: 'postgres',
      db,
      pool,
      connection,
      async close() {
        await db.destroy();
      },
    };
  }

  let lock: DataDirLock | undefined;
  let embedded: EmbeddedServer;
  if (options.dataDir) {
    lock = lockDataDir(options.dataDir);
    try {
      embedded = await startEmbedded({ pgDataDir: path.join(options.dataDir, 'pg') });
    } catch (error) {
      lock.release();
      throw error;
    }
  } else {
    embedded = await startEmbedded({ templateFile: options.memory?.templateFile });
  }
  const connection: pg.PoolConfig = {
    host: embedded.socketDir,
    port: 5432,
    user: 'postgres',
    database: 'postgres',
    // The socket runs one query at a time; a few clients keep the queue short without starving.
    max: options.poolSize ?? 4,
  };
  const pool = new pg.Pool(connection);
  pool.on('error', () => {});
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  let closing: Promise<void> | undefined;
  return {
    mode: 'embedded',
    db,
    pool,
    connection,
    embedded,
    close() {
      closing ??= (async () => {
        await db.destroy();
        await embedded.close();
        lock?.release();
      })();
      return closing;
    },
  };
}
