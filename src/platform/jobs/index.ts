import PgBoss from 'pg-boss';
import type pg from 'pg';

export interface JobLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export type JobHandler<T> = (data: T) => Promise<void>;

/** Background jobs in the database (pg-boss), so they survive restarts and any process may run them. */
export interface JobQueue {
  start(): Promise<void>;
  stop(): Promise<void>;
  send<T extends object>(name: string, data: T, options?: { singletonKey?: string; startAfter?: number }): Promise<string | null>;
  work<T extends object>(name: string, handler: JobHandler<T>): Promise<void>;
  schedule(name: string, cron: string, data?: object): Promise<void>;
  /** Jobs waiting per queue, for /metrics. */
  queueSizes(): Promise<{ queue: string; size: number }[]>;
}

export interface JobQueueOptions {
  connection: pg.PoolConfig;
  logger?: JobLogger;
  schema?: string;
  /** How often idle workers look for work. The embedded database cannot deliver NOTIFY, so workers poll. */
  pollingIntervalSeconds?: number;
}

export function createJobQueue(options: JobQueueOptions): JobQueue {
  const c = options.connection;
  const boss = new PgBoss({
    ...(c.connectionString ? { connectionString: c.connectionString } : { host: c.host, port: c.port, user: c.user, database: c.database }),
    schema: options.schema ?? 'pgboss',
    // A small pool: on the embedded database every client shares one query queue anyway.
    max: 2,
    application_name: 'padu-jobs',
  } as PgBoss.ConstructorOptions);
  boss.on('error', (error: Error) => options.logger?.error({ err: error }, 'job queue error'));
  const queues = new Set<string>();
  const polling = options.pollingIntervalSeconds ?? 2;

  async function ensureQueue(name: string) {
    if (queues.has(name)) return;
    await boss.createQueue(name);
    queues.add(name);
  }

  return {
    async start() {
      await boss.start();
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
    async send(name, data, sendOptions) {
      await ensureQueue(name);
      return boss.send(name, data, { retryLimit: 5, retryBackoff: true, ...sendOptions });
    },
    async work(name, handler) {
      await ensureQueue(name);
      await boss.work<object>(name, { pollingIntervalSeconds: polling, batchSize: 1 }, async (jobs) => {
        for (const job of jobs) await handler(job.data as never);
      });
    },
    async schedule(name, cron, data = {}) {
      await ensureQueue(name);
      await boss.schedule(name, cron, data, { tz: 'UTC' });
    },
    async queueSizes() {
      return Promise.all([...queues].map(async (queue) => ({ queue, size: await boss.getQueueSize(queue) })));
    },
  };
}
