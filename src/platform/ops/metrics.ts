import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import type { JobQueue } from '../jobs/index.ts';

export interface Metrics {
  registry: Registry;
  requestStarted(req: FastifyRequest): void;
  requestFinished(req: FastifyRequest, reply: FastifyReply): void;
  /** Open, idle and maximum connections of the pg pool, and callers waiting for one. */
  observePool(pool: pg.Pool): void;
  /** Jobs waiting per queue; only in processes that run the job queue (PADU_JOBS). */
  observeJobs(jobs: Pick<JobQueue, 'queueSizes'>): void;
  /** A gauge set from a callback at scrape time (job queue depth and the like). */
  addGauge(name: string, help: string, labelNames: string[], collect: () => Promise<{ labels: Record<string, string>; value: number }[]>): void;
}

const started = new WeakMap<FastifyRequest, bigint>();

/** Prometheus metrics, one registry per app so several apps in one test process stay apart. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'padu_' });
  const requests = new Counter({
    name: 'padu_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'padu_http_request_duration_seconds',
    help: 'HTTP request latency by method and route',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  // Gauge reads of the scrape under way. The registry starts every metric's read at once, in
  // registration order, so the error counter (registered first) waits for the gauges' reads to
  // settle and then reports this scrape's failures rather than the previous one's.
  const reading = new Set<Promise<void>>();
  const scrapeErrors = new Counter({
    name: 'padu_metrics_collect_errors_total',
    help: 'Gauges that could not be read at scrape time (for example the database did not answer)',
    labelNames: ['metric'],
    registers: [registry],
    async collect() {
      await Promise.resolve();
      await Promise.allSettled([...reading]);
    },
  });

  function gauge(name: string, help: string, read: () => number): void {
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
  }

  const metrics: Metrics = {
    registry,
    requestStarted(req) {
      started.set(req, process.hrtime.bigint());
    },
    requestFinished(req, reply) {
      const begin = started.get(req);
      // The route pattern, not the URL, keeps label cardinality bounded.
      const route = req.routeOptions.url ?? 'unmatched';
      requests.inc({ method: req.method, route, status: String(reply.statusCode) });
      if (begin !== undefined) duration.observe({ method: req.method, route }, Number(process.hrtime.bigint() - begin) / 1e9);
    },
    observePool(pool) {
      // Separate gauges rather than one with a `state` label: summing total and idle means nothing.
      gauge('padu_db_pool_connections', 'Open database connections in the pool (busy and idle)', () => pool.totalCount);
      gauge('padu_db_pool_idle_connections', 'Idle database connections in the pool', () => pool.idleCount);
      gauge('padu_db_pool_waiting_requests', 'Queries waiting for a free pool connection', () => pool.waitingCount);
      gauge('padu_db_pool_max_connections', 'Largest number of connections the pool may open', () => pool.options.max ?? 10);
    },
    observeJobs(jobs) {
      metrics.addGauge('padu_jobs_queued', 'Background jobs waiting to run, per queue', ['queue'], async () =>
        (await jobs.queueSizes()).map(({ queue, size }) => ({ labels: { queue }, value: size })),
      );
    },
    addGauge(name, help, labelNames, collect) {
      new Gauge({
        name,
        help,
        labelNames,
        registers: [registry],
        async collect() {
          const read = (async () => {
            this.reset();
            // One unreadable source must not fail the whole scrape: the other metrics matter
            // most exactly when, say, the database is slow.
            try {
              for (const { labels, value } of await collect()) this.set(labels, value);
            } catch {
              scrapeErrors.inc({ metric: name });
            }
          })();
          reading.add(read);
          await read;
          reading.delete(read);
        },
      });
    },
  };
  return metrics;
}
