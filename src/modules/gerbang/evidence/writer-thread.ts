import { parentPort, workerData } from 'node:worker_threads';
import pg from 'pg';
import type { EvidenceKeys } from './keys.ts';
import { prepareRecord } from './record.ts';
import { evidenceStore, type RunSql } from './repo.ts';
import { decodeRecord, type WireRecord } from './wire.ts';
import { createGroupCommit, type BatchReport } from './writer.ts';

/**
 * The evidence writer thread (started by log.ts through writer-worker.mjs). Everything an
 * exchange's record costs besides building it — field checks, commitments, encryption, keyed
 * search hashes, the chain's leaf hashes, serialisation and the database round trip — happens
 * here, off the proxy thread. It keeps its own connection (raw `pg`, the batch statement prepared
 * once on PostgreSQL) and answers, per commit, which records are durable.
 */
export interface WriterData {
  /** Its own connection to PostgreSQL (the embedded database keeps the log's in-thread writer). */
  connection: pg.ClientConfig;
  keys: EvidenceKeys;
  nodeId: string;
  host: string;
  pid: number;
  maxBatch: number;
  windowMs: number;
}

export type ToWriter =
  /** `at`: the sender's clock (deps.clock) when it posted, used as the bodies' stored_at and the chain's start, so tests can fix time. */
  | { type: 'append'; at: number; ids: number[]; records: WireRecord[]; bodies: [number, Uint8Array | null, Uint8Array | null][] }
  | { type: 'close' };
export type FromWriter =
  | { type: 'done'; ok: number[]; failed: [number, string][]; batches: BatchReport[] }
  | { type: 'closed' };

const data = workerData as WriterData;
const port = parentPort!;

let client: pg.Client | null = null;
let connecting: Promise<pg.Client> | null = null;
function connection(): Promise<pg.Client> {
  if (client) return Promise.resolve(client);
  connecting ??= (async () => {
    const c = new pg.Client(data.connection);
    // A broken connection is dropped; the next batch opens a new one (and re-reads the chain head).
    c.on('error', () => drop(c));
    try {
      await c.connect();
    } catch (error) {
      drop(c);
      throw error;
    }
    client = c;
    return c;
  })().finally(() => {
    connecting = null;
  });
  return connecting;
}
function drop(c: pg.Client): void {
  if (client === c) client = null;
  c.end().catch(() => {});
}

const runOwn: RunSql = async (text, values, name) => {
  const c = await connection();
  try {
    return await c.query({ text, values, name });
  } catch (error) {
    // Unknown state after a failed statement on this connection (e.g. lost at commit): start afresh.
    drop(c);
    throw error;
  }
};

let clockAt = Date.now();
const ok: number[] = [];
const failed: [number, string][] = [];
const batches: BatchReport[] = [];
let replying = false;
function reply(): void {
  if (replying) return;
  replying = true;
  // One message for everything settled in this turn of the loop (a whole batch).
  setImmediate(() => {
    replying = false;
    const message: FromWriter = { type: 'done', ok: ok.splice(0), failed: failed.splice(0), batches: batches.splice(0) };
    port.postMessage(message);
  });
}

const committer = createGroupCommit({
  store: evidenceStore(runOwn, { named: true }),
  nodeId: data.nodeId,
  host: data.host,
  pid: data.pid,
  now: () => new Date(clockAt),
  maxBatch: data.maxBatch,
  windowMs: data.windowMs,
  onBatch: (report) => {
    batches.push(report);
    reply();
  },
});

port.on('message', (message: ToWriter) => {
  if (message.type === 'append') {
    clockAt = message.at;
    let b = 0;
    for (let i = 0; i < message.ids.length; i++) {
      const id = message.ids[i]!;
      const body = message.bodies[b]?.[0] === i ? message.bodies[b++] : undefined;
      try {
        const prepared = prepareRecord(decodeRecord(message.records[i]!, body ? { request: body[1], response: body[2] } : undefined), data.keys);
        committer.push({
          prepared,
          done: (error) => {
            if (error) failed.push([id, error.message]);
            else ok.push(id);
            reply();
          },
        });
      } catch (error) {
        // A malformed record fails alone instead of failing the batch it would have joined.
        failed.push([id, (error as Error).message]);
        reply();
      }
    }
  } else if (message.type === 'close') {
    void (async () => {
      await committer.flush();
      await new Promise((r) => setImmediate(r));
      if (client) await client.end().catch(() => {});
      client = null;
      port.postMessage({ type: 'closed' } satisfies FromWriter);
    })();
  }
});
