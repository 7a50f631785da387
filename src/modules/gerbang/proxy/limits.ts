import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Db } from '../../../platform/db/database.ts';

/**
 * Rate limits: one token bucket per consumer and service in each process's memory, refilled at
 * `limit / nodes` per second and holding at most one second's worth, so the processes together
 * allow `limit` calls a second. No database round trip, no coordination; the price is that a
 * load balancer that favours one process lets that process refuse a little early.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    private readonly nodes: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes one token; false when the bucket is empty. */
  take(key: string, limitPerSecond: number): boolean {
    const rate = limitPerSecond / this.nodes;
    const capacity = Math.max(1, rate);
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: capacity, at: now };
      this.buckets.set(key, bucket);
    } else {
      bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * rate);
      bucket.at = now;
    }
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}

interface QuotaEntry {
  subsystemId: string;
  serviceId: string;
  day: string;
  /** The shared count (all processes) as last read from the database. */
  known: number;
  /** Calls this process admitted and has not yet added to the shared count. */
  pending: number;
  /** Calls being added right now (a flush under way). */
  inflight: number;
  loading?: Promise<void>;
}

/**
 * Daily quotas: the truth is a counter row per consumer, service and day in the database, which
 * every process increments in batches (every `flushMs`, one statement for all its counters,
 * which also reads back the shared totals). Between flushes a process admits calls against the
 * last total it read plus its own unflushed calls, so with N processes a quota can be overrun by
 * at most what the other N-1 processes admit in one flush interval. The first call of a pair in a
 * day reads its counter once; later calls never wait for the database.
 */
export class QuotaCounter {
  private readonly entries = new Map<string, QuotaEntry>();
  private flushing: Promise<void> | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    flushMs: number,
  ) {
    this.timer = setInterval(() => void this.flush(), flushMs);
    this.timer.unref();
  }

  /** Admits one call when the day's quota allows it. */
  async tryConsume(subsystemId: string, serviceId: string, day: string, quota: number): Promise<boolean> {
    const key = `${subsystemId}|${serviceId}`;
    let entry = this.entries.get(key);
    if (!entry || entry.day !== day) {
      if (entry && entry.pending > 0) await this.flush();
      entry = { subsystemId, serviceId, day, known: 0, pending: 0, inflight: 0 };
      this.entries.set(key, entry);
      const loaded = entry;
      entry.loading = (async () => {
        const row = await this.db
          .selectFrom('gerbang_quota_usage')
          .select('calls')
          .where('subsystem_id', '=', subsystemId)
          .where('service_id', '=', serviceId)
          .where('day', '=', sql<Date>`${day}::date`)
          .executeTakeFirst();
        loaded.known = Number(row?.calls ?? 0);
      })();
    }
    if (entry.loading) {
      try {
        await entry.loading;
      } finally {
        entry.loading = undefined;
      }
    }
    if (entry.known + entry.inflight + entry.pending >= quota) return false;
    entry.pending += 1;
    return true;
  }

  /** Adds every process-local count to the shared counters and reads the totals back. */
  flush(): Promise<void> {
    this.flushing ??= (async () => {
      const batch = [...this.entries.values()].filter((e) => e.pending > 0 && !e.loading).map((e) => ({ entry: e, calls: e.pending }));
      if (batch.length === 0) return;
      for (const b of batch) {
        b.entry.pending -= b.calls;
        b.entry.inflight += b.calls;
      }
      try {
        const rows = await this.db
          .insertInto('gerbang_quota_usage')
          .values(batch.map((b) => ({ subsystem_id: b.entry.subsystemId, service_id: b.entry.serviceId, day: b.entry.day, calls: b.calls })))
          .onConflict((oc) => oc.columns(['subsystem_id', 'service_id', 'day']).doUpdateSet({ calls: sql`gerbang_quota_usage.calls + excluded.calls` }))
          .returning(['subsystem_id', 'service_id', 'calls'])
          .execute();
        for (const b of batch) {
          const row = rows.find((r) => r.subsystem_id === b.entry.subsystemId && r.service_id === b.entry.serviceId);
          b.entry.inflight -= b.calls;
          b.entry.known = Math.max(b.entry.known + b.calls, Number(row?.calls ?? 0));
        }
      } catch (error) {
        // Not lost: counted again at the next flush.
        for (const b of batch) {
          b.entry.inflight -= b.calls;
          b.entry.pending += b.calls;
        }
        this.logger.warn({ err: error }, 'gerbang: flushing quota counters failed; will retry');
      }
    })().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}

/**
 * A circuit breaker per upstream (scheme, host and port): after `failures` consecutive network
 * failures or timeouts (or 502/503/504 answers) it opens and calls fail fast for `openMs`; then one
 * trial call is let through, and its outcome closes or reopens the circuit.
 */
export class CircuitBreakers {
  private readonly circuits = new Map<string, { failures: number; openedAt: number | null; trial: boolean }>();
  constructor(
    private readonly failures: number,
    private readonly openMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  private circuit(key: string) {
    let c = this.circuits.get(key);
    if (!c) this.circuits.set(key, (c = { failures: 0, openedAt: null, trial: false }));
    return c;
  }

  /** May a call go to this upstream now? Answers the seconds to wait when it may not. */
  allow(key: string): { ok: true } | { ok: false; retryAfterS: number } {
    const c = this.circuits.get(key);
    if (!c || c.openedAt === null) return { ok: true };
    const waited = this.now() - c.openedAt;
    if (waited < this.openMs) return { ok: false, retryAfterS: Math.max(1, Math.ceil((this.openMs - waited) / 1000)) };
    if (c.trial) return { ok: false, retryAfterS: 1 };
    c.trial = true;
    return { ok: true };
  }

  /** Without taking a trial slot: the seconds to wait when the circuit refuses calls now, else 0. */
  peek(key: string): number {
    const c = this.circuits.get(key);
    if (!c || c.openedAt === null) return 0;
    const waited = this.now() - c.openedAt;
    if (waited < this.openMs) return Math.max(1, Math.ceil((this.openMs - waited) / 1000));
    return c.trial ? 1 : 0;
  }

  /** Frees the trial slot of a half-open circuit whose trial call ended without a verdict. */
  release(key: string): void {
    const c = this.circuits.get(key);
    if (c) c.trial = false;
  }

  succeeded(key: string): void {
    const c = this.circuits.get(key);
    if (c) Object.assign(c, { failures: 0, openedAt: null, trial: false });
  }

  failed(key: string): void {
    const c = this.circuit(key);
    c.failures += 1;
    if (c.trial || c.failures >= this.failures) Object.assign(c, { openedAt: this.now(), trial: false });
  }

  state(key: string): 'closed' | 'open' | 'half-open' {
    const c = this.circuits.get(key);
    if (!c || c.openedAt === null) return 'closed';
    return this.now() - c.openedAt < this.openMs ? 'open' : 'half-open';
  }
}
