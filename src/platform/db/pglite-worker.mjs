// Runs PGlite in its own thread and serves it over the PostgreSQL wire protocol on a Unix
// socket, so the main thread speaks plain `pg` and a slow query never blocks HTTP.
// Plain JavaScript on purpose: a worker must start without the TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads';
import { readFile, writeFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

const { dataDir, socketPath, templateFile } = workerData;

/** The wire protocol's Sync message: ends an extended-protocol query a client left unfinished. */
const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]);

/**
 * Who may use the one PGlite session next. The package's own queue lets another client in
 * between the messages of one client's extended-protocol query (Parse, Bind, Execute … Sync are
 * queued one by one) whenever no transaction block is open: the other client's messages then run
 * inside the unfinished query, and the first client never gets its answer. Under concurrent
 * requests that hung the embedded database. Here a client keeps the session from its first message
 * until PGlite answers it with ReadyForQuery "idle" (after its Sync or simple query, outside any
 * transaction); a client that goes away has its unfinished query synced and its transaction
 * rolled back before anyone else is let in. Same interface as the package's queue.
 */
class SessionQueue {
  constructor(db) {
    this.db = db;
    this.queue = [];
    this.owner = null;
    this.running = false;
  }

  enqueue(handlerId, message, onData) {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.run();
    });
  }

  next() {
    if (this.owner === null) return this.queue.shift();
    const i = this.queue.findIndex((q) => q.handlerId === this.owner);
    return i < 0 ? undefined : this.queue.splice(i, 1)[0];
  }

  async run() {
    if (this.running) return;
    this.running = true;
    try {
      for (let item = this.next(); item; item = this.next()) {
        this.owner = item.handlerId;
        let bytes = 0;
        // The last six bytes answered: a ReadyForQuery is 'Z', length 5, status.
        const tail = new Uint8Array(6);
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item.message, {
              onRawData: (chunk) => {
                bytes += chunk.length;
                if (chunk.length >= 6) tail.set(chunk.subarray(chunk.length - 6));
                else {
                  tail.copyWithin(0, chunk.length);
                  tail.set(chunk, 6 - chunk.length);
                }
                item.onData(chunk);
              },
            }),
          );
        } catch (error) {
          // The client is told and will close; its detach (clearTransactionIfNeeded) frees the session.
          item.reject(error);
          continue;
        }
        const idle = bytes >= 6 && tail[0] === 0x5a && tail[1] === 0 && tail[2] === 0 && tail[3] === 0 && tail[4] === 5 && tail[5] === 0x49;
        if (idle) this.owner = null;
        item.resolve(bytes);
      }
    } finally {
      this.running = false;
    }
  }

  clearQueueForHandler(handlerId) {
    this.queue = this.queue.filter((q) => {
      if (q.handlerId !== handlerId) return true;
      q.reject(new Error('Handler disconnected'));
      return false;
    });
  }

  async clearTransactionIfNeeded(handlerId) {
    if (this.owner !== handlerId) return;
    await this.db.runExclusive(() => this.db.execProtocolRawStream(SYNC, { onRawData: () => {} }));
    if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
    this.owner = null;
    void this.run();
  }

  getQueueLength() {
    return this.queue.length;
  }
}

async function main() {
  const options = { extensions: { pg_trgm, unaccent } };
  if (dataDir) options.dataDir = dataDir;
  if (templateFile) options.loadDataDir = new Blob([await readFile(templateFile)]);
  const db = await PGlite.create(options);
  const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: 128 });
  if (!('queryQueue' in server)) throw new Error('pglite-socket changed: its query queue is no longer replaceable');
  server.queryQueue = new SessionQueue(db);
  await server.start();
  parentPort.postMessage({ type: 'ready' });

  parentPort.on('message', async (message) => {
    try {
      if (message.type === 'dump') {
        const blob = await db.dumpDataDir('gzip');
        await writeFile(message.file, Buffer.from(await blob.arrayBuffer()));
        parentPort.postMessage({ type: 'dumped', id: message.id });
      } else if (message.type === 'close') {
        await server.stop();
        // Closing PGlite checkpoints, so the data folder is consistent on disk.
        await db.close();
        parentPort.postMessage({ type: 'closed' });
      }
    } catch (error) {
      parentPort.postMessage({ type: 'error', id: message.id, message: String(error?.stack ?? error) });
    }
  });
}

main().catch((error) => {
  parentPort.postMessage({ type: 'error', message: String(error?.stack ?? error) });
});
