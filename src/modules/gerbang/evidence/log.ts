import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type pg from 'pg';
import type { Registry } from 'prom-client';
import type { Deps } from '../../../platform/deps.ts';
import type { EvidenceLog, ExchangeRecord } from './contract.ts';
import { evidenceKeysFor, type EvidenceKeys } from './keys.ts';
import { evidenceMetrics, type EvidenceMetrics } from './metrics.ts';
import { prepareRecord, type PreparedRecord } from './record.ts';
import * as repo from './repo.ts';
import { createSealer, type SealSummary } from './seal.ts';
import { encodeRecord, type WireRecord } from './wire.ts';
import { createGroupCommit, type BatchReport } from './writer.ts';
import type { FromWriter, ToWriter, WriterData } from './writer-thread.ts';

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
  /**
   * Connection settings of the same database (the pool's): the records are then written by an
   * evidence writer thread with its own connection, off the thread that proxies (PostgreSQL: a
   * connection string). Without them, or on the embedded database, the log writes in this thread
   * through `deps.db`.
   */
  connection?: pg.ClientConfig;
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

export function defaultNodeId(): string {
  return `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

interface Pending {
  resolve: () => void;
  reject: (error: Error) => void;
  queuedAt: number;
}

/**
 * The durable, tamper-evident evidence log with group commit.
 *
 * With `connection` (what the gateway uses), an evidence writer thread does all the work of a
 * record — checks, commitments, encryption, chain hashes, serialisation, the database round
 * trip (its own connection) — and `append` only copies the record's fields into the next message
 * to it (one message per turn of the event loop). The thread answers per commit which records
 * are durable; each append's promise resolves then, so a resolved append is a committed record.
 * Without `connection` the same group commit (writer.ts) runs in this thread over `deps.db`.
 * Sealing and time-stamping run in this thread either way (a few statements a minute).
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

  let closed = false;
  const counts = { records: 0, batches: 0, failedRecords: 0, largestBatch: 0, lastBatchSize: 0, seals: 0 };
  const pending = new Map<number, Pending>();
  let lastId = 0;
  const flushWaiters: { upTo: number; resolve: () => void }[] = [];

  function countBatch(report: BatchReport): void {
    if (report.ok) {
      counts.records += report.size;
      counts.batches++;
      counts.lastBatchSize = report.size;
      counts.largestBatch = Math.max(counts.largestBatch, report.size);
      metrics.records.inc(report.size);
      metrics.batchSize.observe(report.size);
      metrics.commitSeconds.observe(report.commitSeconds);
    }
  }

  function settle(id: number, error?: Error): void {
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    if (error) {
      counts.failedRecords++;
      metrics.appendFailures.inc();
      p.reject(error);
    } else {
      metrics.appendWaitSeconds.observe((performance.now() - p.queuedAt) / 1000);
      p.resolve();
    }
  }

  function settled(): void {
    metrics.queueLength.set(pending.size);
    if (!flushWaiters.length) return;
    // Ids are handed out in order and the map keeps insertion order: its first key is the oldest open append.
    const oldest = pending.size ? pending.keys().next().value! : Infinity;
    for (let i = flushWaiters.length - 1; i >= 0; i--) {
      if (oldest > flushWaiters[i]!.upTo) flushWaiters.splice(i, 1)[0]!.resolve();
    }
    if (!pending.size) writer.idle();
  }

  function track(): { id: number; promise: Promise<void> } {
    const id = ++lastId;
    const promise = new Promise<void>((resolve, reject) => {
      pending.set(id, { resolve, reject, queuedAt: performance.now() });
    });
    return { id, promise };
  }

  // ---- The writer: a thread with its own connection, or group commit in this thread ----
  interface Writer {
    send(id: number, record: ExchangeRecord): void;
    idle(): void;
    close(): Promise<void>;
  }

  function inlineWriter(): Writer {
    const committer = createGroupCommit({
      store: repo.evidenceStore(repo.kyselyRunner(db)),
      nodeId,
      host: os.hostname(),
      pid: process.pid,
      now: () => clock.now(),
      maxBatch,
      windowMs,
      onBatch: (report, error) => {
        countBatch(report);
        if (error) logger.error({ err: error, records: report.size }, 'evidence batch could not be written');
      },
    });
    return {
      send(id, record) {
        let prepared: PreparedRecord;
        try {
          prepared = prepareRecord(record, keys);
        } catch (error) {
          settle(id, error as Error);
          settled();
          return;
        }
        committer.push({
          prepared,
          done: (error) => {
            settle(id, error);
            settled();
          },
        });
      },
      idle() {},
      close: () => committer.flush(),
    };
  }

  function threadWriter(connection: pg.ClientConfig): Writer {
    let worker: Worker | null = null;
    let ids: number[] = [];
    let records: WireRecord[] = [];
    let bodies: [number, Uint8Array | null, Uint8Array | null][] = [];
    let posting = false;
    let referenced = false;

    const start = (): Worker => {
      // What can cross to another thread (a pool's settings may hold functions); named for operators (pg_stat_activity).
      const settings = Object.fromEntries(Object.entries(connection).filter(([, v]) => typeof v !== 'function')) as pg.ClientConfig;
      const data: WriterData = {
        connection: { ...settings, application_name: 'padu-evidence-writer' },
        keys,
        nodeId,
        host: os.hostname(),
        pid: process.pid,
        maxBatch,
        windowMs,
      };
      const w = new Worker(new URL('./writer-worker.mjs', import.meta.url), { workerData: data });
      referenced = true;
      w.on('message', (message: FromWriter) => {
        if (message.type !== 'done') return;
        for (const report of message.batches) countBatch(report);
        if (message.failed.length) logger.error({ records: message.failed.length, error: message.failed[0]![1] }, 'evidence records could not be written');
        for (const id of message.ok) settle(id);
        for (const [id, text] of message.failed) settle(id, new Error(text));
        settled();
      });
      const lost = (error: Error) => {
        if (worker !== w) return;
        worker = null;
        // Whatever it had not confirmed is not known to be durable: those calls fail, the next starts a new writer.
        logger.error({ err: error }, 'evidence writer thread stopped');
        for (const id of [...pending.keys()]) settle(id, error);
        settled();
      };
      w.on('error', lost);
      w.on('exit', (code) => lost(new Error(`evidence writer thread exited (${code})`)));
      return w;
    };

    const post = () => {
      posting = false;
      if (!ids.length) return;
      worker ??= start();
      if (!referenced) {
        worker.ref();
        referenced = true;
      }
      const message: ToWriter = { type: 'append', at: clock.now().getTime(), ids, records, bodies };
      ids = [];
      records = [];
      bodies = [];
      worker.postMessage(message);
    };

    return {
      send(id, record) {
        if (record.requestBody || record.responseBody) bodies.push([ids.length, record.requestBody ?? null, record.responseBody ?? null]);
        ids.push(id);
        records.push(encodeRecord(record));
        if (!posting) {
          posting = true;
          // Everything appended in this turn of the event loop goes in one message.
          setImmediate(post);
        }
      },
      idle() {
        // An idle writer does not keep the process alive; one with records to confirm does.
        if (worker && referenced && !ids.length) {
          worker.unref();
          referenced = false;
        }
      },
      async close() {
        post();
        const w = worker;
        if (!w) return;
        if (!referenced) w.ref();
        await new Promise<void>((resolve) => {
          w.on('message', (message: FromWriter) => {
            if (message.type === 'closed') resolve();
          });
          w.once('exit', () => resolve());
          w.postMessage({ type: 'close' } satisfies ToWriter);
        });
        worker = null;
        await w.terminate();
      },
    };
  }

  // The embedded database (no connection string) keeps the in-thread writer: its socket serves
  // one session at a time, and the writer thread's statements relayed through this thread's pool
  // broke under two concurrent writers ("portal cannot be run"). The thread is for PostgreSQL.
  const writer: Writer = options.connection?.connectionString ? threadWriter(options.connection) : inlineWriter();

  async function flush(): Promise<void> {
    if (!pending.size) return;
    const upTo = lastId;
    await new Promise<void>((resolve) => {
      flushWaiters.push({ upTo, resolve });
      settled();
    });
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
      const { id, promise } = track();
      writer.send(id, record);
      return promise;
    },
    flush,
    seal,
    stampPending,
    async close() {
      if (closed) return;
      closed = true;
      if (interval) clearInterval(interval);
      await flush();
      await writer.close();
      await ticking;
      try {
        await seal();
      } catch (error) {
        metrics.sealFailures.inc();
        logger.error({ err: error }, 'final evidence seal failed; the next start seals these records');
      }
    },
    stats: () => ({ nodeId, ...counts, queued: pending.size, tsa: sealer.tsaStatus() }),
  };
}
