import os from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { Registry } from 'prom-client';
import type { Deps } from '../../../platform/deps.ts';
import type { EvidenceLog, ExchangeRecord } from './contract.ts';
import type { GerbangEvidenceBodyTable, GerbangEvidenceTable } from './db.ts';
import { evidenceKeysFor, type EvidenceKeys } from './keys.ts';
import { leafHash } from './merkle.ts';
import { evidenceMetrics, type EvidenceMetrics } from './metrics.ts';
import { GENESIS_HASH, leafFields, prepareRecord, type PreparedRecord } from './record.ts';
import * as repo from './repo.ts';
import { createSealer, type SealSummary } from './seal.ts';

export interface EvidenceLogOptions {
  /** This writer's chain id; unique per running process. Default: host, pid and a random part. */
  nodeId?: string;
  /** Default: from PADU_EVIDENCE_KEY or the key file in the data folder. */
  keys?: EvidenceKeys;
  /** Largest batch (one INSERT); default 256. */
  maxBatch?: number;
  /** Group-commit window in ms; default PADU_EVIDENCE_BATCH_MS (0: batch what arrives in the same tick and while a commit runs). */
  batchWindowMs?: number;
  /** Seal interval in ms; default PADU_EVIDENCE_SEAL_SECONDS. 0 turns the timer off (seal() by hand). */
  sealIntervalMs?: number;
  /** RFC 3161 authority; default PADU_TSA_URL. */
  tsaUrl?: string | null;
  tsaTimeoutMs?: number;
  /** Prometheus registry (the app's `padu.metrics.registry`) for batch, seal and TSA metrics. */
  registry?: Registry;
}

export interface EvidenceStats {
  nodeId: string;
  records: number;
  batches: number;
  failedRecords: number;
  largestBatch: number;
  lastBatchSize: number;
  queued: number;
  seals: number;
  tsa: { outage: boolean; lastError: string | null };
}

/** The evidence log the data plane talks to, plus what operations and tests need. */
export interface PaduEvidenceLog extends EvidenceLog {
  readonly nodeId: string;
  /** False on PostgreSQL without PADU_EVIDENCE_KEY: services must not be set to keep bodies. */
  readonly canKeepBodies: boolean;
  /** Resolves when everything appended so far is committed. */
  flush(): Promise<void>;
  /** Seals everything committed so far now (the timer does this every interval). */
  seal(): Promise<SealSummary[]>;
  /** Time-stamps seals that have none yet (no-op without a TSA). */
  stampPending(): Promise<{ stamped: number; pending: number }>;
  stats(): EvidenceStats;
}

interface Pending {
  prepared: PreparedRecord;
  resolve: () => void;
  reject: (error: Error) => void;
}

export function defaultNodeId(): string {
  return `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/**
 * The durable, tamper-evident evidence log with group commit.
 *
 * `append` prepares the record (hashes, encryption) and queues it. One batch at a time per
 * process is chained (seq, prev_hash, leaf_hash) and written as a single multi-row statement;
 * every promise of the batch resolves after that statement committed, so a resolved append is a
 * durable record. While a batch commits, new records queue up and form the next batch: under load
 * batches grow by themselves, at low load a record waits for no one.
 */
export function createEvidenceLog(deps: Pick<Deps, 'db' | 'config' | 'clock' | 'logger'>, options: EvidenceLogOptions = {}): PaduEvidenceLog {
  const { db, config, clock, logger } = deps;
  const nodeId = options.nodeId ?? defaultNodeId();
  const keys = options.keys ?? evidenceKeysFor(config);
  const postgres = !!config.databaseUrl;
  if (postgres && keys.source === 'file') {
    logger.warn({ keyFile: keys.file }, 'PADU_EVIDENCE_KEY is not set: the evidence log uses a key file; every Padu node must share one evidence key');
  }
  const canKeepBodies = !postgres || keys.source === 'env' || options.keys !== undefined;
  const maxBatch = Math.min(Math.max(options.maxBatch ?? 256, 1), 1500);
  const windowMs = options.batchWindowMs ?? config.evidence.batchMs;
  const sealIntervalMs = options.sealIntervalMs ?? config.evidence.sealSeconds * 1000;
  const tsaUrl = options.tsaUrl === undefined ? (config.evidence.tsaUrl ?? null) : options.tsaUrl;
  const metrics: EvidenceMetrics = evidenceMetrics(options.registry);
  const sealer = createSealer({ db, keys, clock, logger, nodeId, metrics });

  const queue: Pending[] = [];
  let timer: { cancel(): void } | null = null;
  let flushing: Promise<void> | null = null;
  let chain: { seq: number; hash: string } | null = null;
  let closed = false;
  const counts = { records: 0, batches: 0, failedRecords: 0, largestBatch: 0, lastBatchSize: 0, seals: 0 };

  async function head(): Promise<{ seq: number; hash: string }> {
    if (!chain) {
      const found = await repo.openChain(db, { nodeId, host: os.hostname(), pid: process.pid, startedAt: clock.now() });
      chain = { seq: found.seq, hash: found.hash ?? GENESIS_HASH };
    }
    return chain;
  }

  async function writeBatch(batch: Pending[]): Promise<void> {
    const started = performance.now();
    try {
      const start = await head();
      let seq = start.seq;
      let prev = start.hash;
      const rows: Insertable<GerbangEvidenceTable>[] = [];
      const bodies: Insertable<GerbangEvidenceBodyTable>[] = [];
      const storedAt = clock.now();
      for (const { prepared } of batch) {
        seq++;
        const row = { ...prepared.row, node_id: nodeId, seq, prev_hash: prev, leaf_hash: '' };
        row.leaf_hash = leafHash(leafFields(row as Parameters<typeof leafFields>[0]));
        prev = row.leaf_hash;
        rows.push(row);
        if (prepared.bodies) bodies.push({ node_id: nodeId, seq, stored_at: storedAt, request_body: prepared.bodies.request, response_body: prepared.bodies.response });
      }
      await repo.insertBatch(db, nodeId, rows, bodies, seq);
      chain = { seq, hash: prev };
    } catch (error) {
      // The outcome may be unknown (connection lost at commit): read the head again next time.
      chain = null;
      counts.failedRecords += batch.length;
      metrics.appendFailures.inc(batch.length);
      logger.error({ err: error, records: batch.length }, 'evidence batch could not be written');
      const failure = error instanceof Error ? error : new Error(String(error));
      for (const p of batch) p.reject(failure);
      return;
    }
    const now = performance.now();
    counts.records += batch.length;
    counts.batches++;
    counts.lastBatchSize = batch.length;
    counts.largestBatch = Math.max(counts.largestBatch, batch.length);
    metrics.records.inc(batch.length);
    metrics.batchSize.observe(batch.length);
    metrics.commitSeconds.observe((now - started) / 1000);
    for (const p of batch) {
      metrics.appendWaitSeconds.observe((now - p.prepared.queuedAt) / 1000);
      p.resolve();
    }
  }

  async function drain(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.splice(0, maxBatch);
      metrics.queueLength.set(queue.length);
      await writeBatch(batch);
    }
  }

  function startFlush(): void {
    timer?.cancel();
    timer = null;
    if (flushing) return;
    flushing = drain().finally(() => {
      flushing = null;
      if (queue.length > 0) schedule();
    });
  }

  function schedule(): void {
    // A running drain picks up whatever arrives while it commits.
    if (flushing || timer) return;
    if (queue.length >= maxBatch) return startFlush();
    if (windowMs > 0) {
      const t = setTimeout(startFlush, windowMs);
      timer = { cancel: () => clearTimeout(t) };
    } else {
      const t = setImmediate(startFlush);
      timer = { cancel: () => clearImmediate(t) };
    }
  }

  async function flush(): Promise<void> {
    while (flushing || queue.length > 0) {
      if (!flushing) startFlush();
      await flushing;
    }
  }

  let sealing: Promise<SealSummary[]> | null = null;
  function seal(): Promise<SealSummary[]> {
    sealing ??= sealer
      .sealAll()
      .then((seals) => {
        counts.seals += seals.length;
        return seals;
      })
      .finally(() => {
        sealing = null;
      });
    return sealing;
  }

  async function stampPending() {
    if (!tsaUrl) return { stamped: 0, pending: 0 };
    return sealer.stampPending(tsaUrl, options.tsaTimeoutMs);
  }

  let ticking: Promise<void> | null = null;
  function tick(): Promise<void> {
    ticking ??= (async () => {
      try {
        await seal();
      } catch (error) {
        metrics.sealFailures.inc();
        logger.error({ err: error }, 'evidence seal failed; retrying at the next interval');
      }
      try {
        await stampPending();
      } catch (error) {
        logger.error({ err: error }, 'evidence time-stamping failed');
      }
    })().finally(() => {
      ticking = null;
    });
    return ticking;
  }
  const interval = sealIntervalMs > 0 ? setInterval(() => void tick(), sealIntervalMs) : null;
  interval?.unref();

  return {
    nodeId,
    canKeepBodies,
    append(record: ExchangeRecord): Promise<void> {
      if (closed) return Promise.reject(new Error('evidence log is closed'));
      if (!canKeepBodies && (record.requestBody || record.responseBody)) {
        return Promise.reject(new Error('keeping bodies on PostgreSQL needs PADU_EVIDENCE_KEY (the same on every node)'));
      }
      let prepared: PreparedRecord;
      try {
        prepared = prepareRecord(record, keys);
      } catch (error) {
        counts.failedRecords++;
        metrics.appendFailures.inc();
        return Promise.reject(error);
      }
      return new Promise<void>((resolve, reject) => {
        queue.push({ prepared, resolve, reject });
        metrics.queueLength.set(queue.length);
        schedule();
      });
    },
    flush,
    seal,
    stampPending,
    async close() {
      if (closed) return;
      closed = true;
      if (interval) clearInterval(interval);
      await flush();
      await ticking;
      try {
        await seal();
      } catch (error) {
        metrics.sealFailures.inc();
        logger.error({ err: error }, 'final evidence seal failed; the next start seals these records');
      }
    },
    stats: () => ({ nodeId, ...counts, queued: queue.length, tsa: sealer.tsaStatus() }),
  };
}
