import { Counter, Histogram, type Registry } from 'prom-client';
import { ERROR_CATEGORIES, type ErrorCategory } from '../errors.ts';

/**
 * Per-service and per-consumer call metrics: Prometheus series on /metrics (calls by status,
 * errors by taxonomy category, latency histograms), and the same figures kept here for the
 * monitoring page. Both count this process since it started; with several processes,
 * Prometheus sums them.
 */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export interface CallObservation {
  service: string;
  consumer: string;
  status: number;
  category: ErrorCategory | null;
  seconds: number;
  upstreamSeconds: number | null;
}

export interface MetricRow {
  key: string;
  calls: number;
  errors: number;
  byCategory: Record<ErrorCategory, number>;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

class Aggregate {
  calls = 0;
  byCategory: Record<ErrorCategory, number> = { client: 0, gateway: 0, provider: 0, network: 0 };
  buckets = new Array<number>(LATENCY_BUCKETS.length + 1).fill(0);

  add(o: CallObservation): void {
    this.calls += 1;
    if (o.category) this.byCategory[o.category] += 1;
    let i = LATENCY_BUCKETS.findIndex((b) => o.seconds <= b);
    if (i < 0) i = LATENCY_BUCKETS.length;
    this.buckets[i]! += 1;
  }

  /** Like Prometheus' histogram_quantile: linear inside the bucket the quantile falls in. */
  quantile(q: number): number | null {
    if (this.calls === 0) return null;
    const rank = q * this.calls;
    let seen = 0;
    for (let i = 0; i < this.buckets.length; i++) {
      const count = this.buckets[i]!;
      if (seen + count >= rank && count > 0) {
        const lower = i === 0 ? 0 : LATENCY_BUCKETS[i - 1]!;
        const upper = LATENCY_BUCKETS[i] ?? LATENCY_BUCKETS.at(-1)!;
        return lower + (upper - lower) * ((rank - seen) / count);
      }
      seen += count;
    }
    return LATENCY_BUCKETS.at(-1)!;
  }

  row(key: string): MetricRow {
    const errors = ERROR_CATEGORIES.reduce((n, c) => n + this.byCategory[c], 0);
    return { key, calls: this.calls, errors, byCategory: { ...this.byCategory }, p50: this.quantile(0.5), p95: this.quantile(0.95), p99: this.quantile(0.99) };
  }
}

export interface GatewayMetrics {
  observe(o: CallObservation): void;
  summary(): { services: MetricRow[]; consumers: MetricRow[]; since: Date };
}

export function createGatewayMetrics(registry: Registry): GatewayMetrics {
  const calls = new Counter({
    name: 'padu_gerbang_calls_total',
    help: 'Calls through the gateway by service, consumer and status returned',
    labelNames: ['service', 'consumer', 'status'],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'padu_gerbang_errors_total',
    help: 'Gateway-made errors by service, consumer and category (client, gateway, provider, network)',
    labelNames: ['service', 'consumer', 'category'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'padu_gerbang_call_duration_seconds',
    help: 'Time from the request reaching the gateway to the end of the response, by service and consumer',
    labelNames: ['service', 'consumer'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const upstream = new Histogram({
    name: 'padu_gerbang_upstream_duration_seconds',
    help: 'Time the provider took to answer (request sent to response headers), by service',
    labelNames: ['service'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const byService = new Map<string, Aggregate>();
  const byConsumer = new Map<string, Aggregate>();
  const since = new Date();
  const aggregate = (map: Map<string, Aggregate>, key: string) => {
    let a = map.get(key);
    if (!a) map.set(key, (a = new Aggregate()));
    return a;
  };
  // Per (service, consumer): the labelled series and both aggregates, looked up once per call
  // instead of prom-client hashing the label set of each of four series on every call.
  interface Series {
    calls: Map<number, Counter.Internal>;
    errors: Map<ErrorCategory, Counter.Internal>;
    latency: Histogram.Internal<string>;
    upstream: Histogram.Internal<string>;
    service: Aggregate;
    consumer: Aggregate;
  }
  const series = new Map<string, Series>();
  return {
    observe(o) {
      const key = `${o.service}\u0000${o.consumer}`;
      let s = series.get(key);
      if (!s) {
        s = {
          calls: new Map(),
          errors: new Map(),
          latency: latency.labels({ service: o.service, consumer: o.consumer }),
          upstream: upstream.labels({ service: o.service }),
          service: aggregate(byService, o.service),
          consumer: aggregate(byConsumer, o.consumer),
        };
        series.set(key, s);
      }
      let c = s.calls.get(o.status);
      if (!c) s.calls.set(o.status, (c = calls.labels({ service: o.service, consumer: o.consumer, status: String(o.status) })));
      c.inc();
      if (o.category) {
        let e = s.errors.get(o.category);
        if (!e) s.errors.set(o.category, (e = errors.labels({ service: o.service, consumer: o.consumer, category: o.category })));
        e.inc();
      }
      s.latency.observe(o.seconds);
      if (o.upstreamSeconds !== null) s.upstream.observe(o.upstreamSeconds);
      s.service.add(o);
      s.consumer.add(o);
    },
    summary() {
      const rows = (map: Map<string, Aggregate>) => [...map].map(([k, a]) => a.row(k)).sort((a, b) => a.key.localeCompare(b.key));
      return { services: rows(byService), consumers: rows(byConsumer), since };
    },
  };
}
