import type { Insertable } from 'kysely';
import type { GerbangEvidenceBodyTable, GerbangEvidenceTable } from './db.ts';
import { GENESIS_HASH, rowLeafHash, type PreparedRecord } from './record.ts';

/**
 * Group commit of one writer's chain, shared by the writer thread (writer-thread.ts, the normal
 * case) and the in-thread log (when no connection settings are given). One batch at a time is
 * chained (seq, prev_hash, leaf_hash) and written as one statement; every entry of the batch is
 * told `done()` only after that statement committed. While a batch commits, new entries queue up
 * and form the next batch: under load batches grow by themselves, at low load nobody waits.
 */
export interface EvidenceStore {
  /** Registers the chain (idempotent) and returns its head. */
  openChain(chain: { nodeId: string; host: string; pid: number; startedAt: Date }): Promise<{ seq: number; hash: string | null }>;
  /** Writes the rows, their bodies and the chain's new head in ONE statement (one transaction). */
  insertBatch(nodeId: string, rows: Insertable<GerbangEvidenceTable>[], bodies: Insertable<GerbangEvidenceBodyTable>[], lastSeq: number): Promise<void>;
}

export interface CommitEntry {
  prepared: PreparedRecord;
  /** Called once: without an error after the commit, with one when the batch failed. */
  done(error?: Error): void;
}

export interface BatchReport {
  size: number;
  ok: boolean;
  commitSeconds: number;
}

export interface GroupCommitOptions {
  store: EvidenceStore;
  nodeId: string;
  host: string;
  pid: number;
  now(): Date;
  maxBatch: number;
  /** 0: batch what arrives in the same tick and while a commit runs. */
  windowMs: number;
  onBatch?(report: BatchReport, error?: Error): void;
}

export interface GroupCommit {
  push(entry: CommitEntry): void;
  /** Resolves when everything pushed so far is committed (or failed). */
  flush(): Promise<void>;
  readonly queued: number;
}

export function createGroupCommit(options: GroupCommitOptions): GroupCommit {
  const { store, nodeId, maxBatch, windowMs } = options;
  const queue: CommitEntry[] = [];
  let timer: { cancel(): void } | null = null;
  let flushing: Promise<void> | null = null;
  let chain: { seq: number; hash: string } | null = null;

  async function head(): Promise<{ seq: number; hash: string }> {
    if (!chain) {
      const found = await store.openChain({ nodeId, host: options.host, pid: options.pid, startedAt: options.now() });
      chain = { seq: found.seq, hash: found.hash ?? GENESIS_HASH };
    }
    return chain;
  }

  async function writeBatch(batch: CommitEntry[]): Promise<void> {
    const started = performance.now();
    try {
      const start = await head();
      let seq = start.seq;
      let prev = start.hash;
      const rows: Insertable<GerbangEvidenceTable>[] = [];
      const bodies: Insertable<GerbangEvidenceBodyTable>[] = [];
      const storedAt = options.now();
      for (const { prepared } of batch) {
        seq++;
        const row = { ...prepared.row, node_id: nodeId, seq, prev_hash: prev, leaf_hash: '' };
        row.leaf_hash = rowLeafHash(row as Parameters<typeof rowLeafHash>[0]);
        prev = row.leaf_hash;
        rows.push(row);
        if (prepared.bodies) bodies.push({ node_id: nodeId, seq, stored_at: storedAt, request_body: prepared.bodies.request, response_body: prepared.bodies.response });
      }
      await store.insertBatch(nodeId, rows, bodies, seq);
      chain = { seq, hash: prev };
    } catch (error) {
      // The outcome may be unknown (connection lost at commit): read the head again next time.
      chain = null;
      const failure = error instanceof Error ? error : new Error(String(error));
      options.onBatch?.({ size: batch.length, ok: false, commitSeconds: (performance.now() - started) / 1000 }, failure);
      for (const entry of batch) entry.done(failure);
      return;
    }
    options.onBatch?.({ size: batch.length, ok: true, commitSeconds: (performance.now() - started) / 1000 });
    for (const entry of batch) entry.done();
  }

  async function drain(): Promise<void> {
    while (queue.length > 0) await writeBatch(queue.splice(0, maxBatch));
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

  return {
    push(entry) {
      queue.push(entry);
      schedule();
    },
    async flush() {
      while (flushing || queue.length > 0) {
        if (!flushing) startFlush();
        await flushing;
      }
    },
    get queued() {
      return queue.length;
    },
  };
}
