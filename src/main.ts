import type { Logger } from 'pino';
import { loadConfig, type Config } from './config.ts';
import { openDatabase, type Database } from './platform/db/database.ts';
import { migrate } from './platform/db/migrate.ts';
import { loadReferenceData } from './platform/reference/load-reference-data.ts';
import { buildApp, type App } from './platform/http/app.tsx';
import { createLogger } from './platform/logger.ts';
import { randomIds, systemClock, type Deps } from './platform/deps.ts';
import { ensureFirstAdmin } from './platform/accounts/use-cases/create-admin.ts';
import { createJobQueue, type JobQueue } from './platform/jobs/index.ts';
import { createMailTransport, notifyMailQueued, registerMailJobs } from './platform/mail/index.ts';
import { modules } from './modules.ts';

/** Opens the database for this configuration: PostgreSQL when DATABASE_URL is set, else embedded. */
export function openConfiguredDatabase(config: Config): Promise<Database> {
  return config.databaseUrl ? openDatabase({ databaseUrl: config.databaseUrl }) : openDatabase({ dataDir: config.dataDir });
}

/**
 * Brings a database to the current schema. Reference data (regions, agencies) is loaded once per
 * province, the first time; later changes by admins are never overwritten by a restart.
 */
export async function prepareDatabase(database: Database, config: Config, logger?: Logger): Promise<void> {
  const { applied } = await migrate(database.db);
  if (applied.length) logger?.info({ applied }, 'migrations applied');
  const province = await database.db.selectFrom('region').select('code').where('code', '=', config.province).executeTakeFirst();
  if (!province) {
    const result = await loadReferenceData(database.db, { province: config.province, now: systemClock.now() });
    logger?.info(result, 'reference data loaded');
  }
  for (const module of modules) await module.loadReference?.(database.db, { province: config.province, now: systemClock.now() });
}

export interface RunningPadu {
  app: App;
  database: Database;
  jobs: JobQueue | undefined;
  url: string;
  close(): Promise<void>;
}

/** The composition root: config → database → migrations → jobs → app → listen. */
export async function startPadu(config: Config = loadConfig(), logger: Logger = createLogger(config.logLevel)): Promise<RunningPadu> {
  const database = await openConfiguredDatabase(config);
  let jobs: JobQueue | undefined;
  try {
    await prepareDatabase(database, config, logger);
    if (config.jobs) {
      jobs = createJobQueue({ connection: database.connection, logger });
      await jobs.start();
      await registerMailJobs(jobs, { db: database.db, transport: createMailTransport(config), clock: systemClock, logger });
    }
    const queue = jobs;
    const deps: Deps = {
      db: database.db,
      config,
      clock: systemClock,
      ids: randomIds,
      logger,
      mail: { mailQueued: () => (queue ? notifyMailQueued(queue) : undefined) },
    };
    if (jobs) for (const module of modules) await module.jobs?.(jobs, deps);
    const first = await ensureFirstAdmin(deps);
    if (first.setupUrl) {
      // Printed, not logged as JSON only: the operator of a fresh install reads the console.
      process.stdout.write(`\nPadu has no administrator yet. Open this one-time link (valid 24 hours) to create one:\n\n  ${first.setupUrl}\n\n`);
    } else if (first.createdEmail) {
      logger.info({ email: first.createdEmail }, 'first administrator created from PADU_ADMIN_EMAIL');
    }
    const app = await buildApp({ deps, modules, pool: database.pool, jobs });
    if (jobs) app.padu.metrics.observeJobs(jobs);
    const url = await app.listen({ port: config.port, host: config.host });
    logger.info({ url, mode: database.mode }, 'Padu is listening');
    let closing: Promise<void> | undefined;
    return {
      app,
      database,
      jobs,
      url,
      close() {
        closing ??= (async () => {
          await app.close();
          await jobs?.stop();
          await database.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    await jobs?.stop().catch(() => {});
    await database.close();
    throw error;
  }
}
