import { Worker } from 'node:worker_threads';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * PGlite running in a worker thread, reachable through a Unix socket that speaks the PostgreSQL
 * protocol. `socketDir` is what `pg` takes as `host`.
 */
export interface EmbeddedServer {
  socketDir: string;
  /** Write a gzip tarball of the data folder (used for the test template). */
  dumpDataDir(file: string): Promise<void>;
  close(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Folder for the database files; undefined keeps everything in memory (tests). */
  pgDataDir?: string;
  /** Start from this data-folder tarball (tests clone a migrated template). */
  templateFile?: string;
}

export async function startEmbedded(options: EmbeddedOptions): Promise<EmbeddedServer> {
  // Unix socket paths are limited to ~107 bytes, so the socket lives in a short temp folder.
  const socketDir = fs.mkdtempSync(path.join(os.tmpdir(), 'padu-pg-'));
  const worker = new Worker(new URL('./pglite-worker.mjs', import.meta.url), {
    workerData: {
      dataDir: options.pgDataDir,
      templateFile: options.templateFile,
      socketPath: path.join(socketDir, '.s.PGSQL.5432'),
    },
  });
  let nextId = 0;
  const waiters = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();

  await new Promise<void>((resolve, reject) => {
    const onMessage = (message: { type: string; message?: string }) => {
      if (message.type === 'ready') {
        worker.off('message', onMessage);
        resolve();
      } else if (message.type === 'error') {
        reject(new Error(`Embedded database failed to start: ${message.message}`));
      }
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
  });
  worker.on('message', (message: { type: string; id?: number; message?: string }) => {
    if (message.id === undefined) return;
    const waiter = waiters.get(message.id);
    if (!waiter) return;
    waiters.delete(message.id);
    if (message.type === 'error') waiter.reject(new Error(message.message));
    else waiter.resolve();
  });

  let closed: Promise<void> | undefined;
  return {
    socketDir,
    dumpDataDir(file) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiters.set(id, { resolve, reject });
        worker.postMessage({ type: 'dump', id, file });
      });
    },
    close() {
      closed ??= new Promise<void>((resolve) => {
        const timer = setTimeout(() => void worker.terminate().then(() => resolve()), 15_000);
        worker.on('message', (message: { type: string }) => {
          if (message.type === 'closed') {
            clearTimeout(timer);
            void worker.terminate().then(() => resolve());
          }
        });
        worker.postMessage({ type: 'close' });
      }).finally(() => fs.rmSync(socketDir, { recursive: true, force: true }));
      return closed;
    },
  };
}
