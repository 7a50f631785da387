import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';

export interface Metrics {
  registry: Registry;
  requestStarted(req: FastifyRequest): void;
  requestFinished(req: FastifyRequest, reply: FastifyReply): void;
  observePool(pool: pg.Pool): void;
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
  return {
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
      new Gauge({
        name: 'padu_db_pool_connections',
        help: 'Database pool connections by state',
        labelNames: ['state'],
        registers: [registry],
        collect() {
          this.set({ state: 'total' }, pool.totalCount);
          this.set({ state: 'idle' }, pool.idleCount);
          this.set({ state: 'waiting' }, pool.waitingCount);
        },
      });
    },
    addGauge(name, help, labelNames, collect) {
      new Gauge({
        name,
        help,
        labelNames,
        registers: [registry],
        async collect() {
          this.reset();
          for (const { labels, value } of await collect()) this.set(labels, value);
        },
      });
    },
  };
}
