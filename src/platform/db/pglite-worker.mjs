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

async function main() {
  const options = { extensions: { pg_trgm, unaccent } };
  if (dataDir) options.dataDir = dataDir;
  if (templateFile) options.loadDataDir = new Blob([await readFile(templateFile)]);
  const db = await PGlite.create(options);
  const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: 128 });
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
