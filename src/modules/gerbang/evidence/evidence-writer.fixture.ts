/**
 * A separate Padu process that writes evidence, for the multi-process test:
 *   node --import tsx evidence-writer.fixture.ts NODE_ID COUNT BARRIER_DIR
 * with DATABASE_URL and PADU_EVIDENCE_KEY in the environment. It waits until its twin is ready
 * too (a file per process in BARRIER_DIR), then appends COUNT exchanges in concurrent waves
 * while sealing every few milliseconds, closes the log (final seal) and prints its stats as JSON.
 */
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../../config.ts';
import { openDatabase } from '../../../platform/db/database.ts';
import { systemClock } from '../../../platform/deps.ts';
import { createEvidenceLog } from './log.ts';
import { sampleExchange } from './testing.ts';

const [nodeId, countText, barrier] = process.argv.slice(2);
if (!nodeId || !countText || !barrier) throw new Error('usage: NODE_ID COUNT BARRIER_DIR');
const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, poolSize: 4 });
const log = createEvidenceLog({ db: database.db, config, clock: systemClock, logger: pino({ level: 'warn' }) }, { nodeId, sealIntervalMs: 20 });
fs.writeFileSync(path.join(barrier, nodeId), '');
while (fs.readdirSync(barrier).length < 2) await new Promise((r) => setTimeout(r, 10));
const count = Number(countText);
for (let done = 0; done < count; done += 25) {
  await Promise.all(Array.from({ length: Math.min(25, count - done) }, (_, i) => log.append(sampleExchange(done + i, { xroadId: `${nodeId}-${done + i}` }))));
}
await log.close();
await database.close();
process.stdout.write(`${JSON.stringify(log.stats())}\n`);
