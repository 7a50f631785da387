import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pino from 'pino';
import { createTestDatabase, engines, type TestDatabase } from '../test/support/db.ts';
import { loadConfig } from '../src/config.ts';
import { systemClock } from '../src/platform/deps.ts';
import { createEvidenceLog, deriveEvidenceKeys, verifyEvidenceLog } from '../src/modules/gerbang/evidence/index.ts';
import { sampleExchange } from '../src/modules/gerbang/evidence/testing.ts';
import { seconds } from './limits.ts';

/**
 * Durable evidence appends per second on PGlite and on PostgreSQL (PADU_TEST_DATABASE_URL):
 * closed-loop writers (like requests waiting for their record before the response ends) against
 * one evidence log, with one commit per record ("one-by-one": batches of 1) and with group commit
 * at 64 concurrent writers and at 1.
 * Open-loop scenarios start appends at a fixed rate (like requests arriving) to show what a batch
 * window costs in latency. Reports appends/s, p50/p99 append latency (append → durable) and the
 * mean batch size, then the cost of a seal and of `verify` over everything written.
 *
 *   npm run bench -- evidence [seconds per measurement, 1–10, default 3]
 */
interface Scenario {
  name: string;
  /** Closed loop: this many writers, each appending again as soon as its record is durable. */
  writers?: number;
  /** Open loop: appends started at this rate per second, whatever the log's speed (like requests arriving). */
  rate?: number;
  maxBatch: number;
  windowMs: number;
}

const SCENARIOS: Scenario[] = [
  { name: 'one-by-one (batch of 1), 64 writers', writers: 64, maxBatch: 1, windowMs: 0 },
  { name: 'group commit, window 0 ms, 64 writers', writers: 64, maxBatch: 256, windowMs: 0 },
  { name: 'one-by-one, 1 writer', writers: 1, maxBatch: 1, windowMs: 0 },
  { name: 'group commit, window 0 ms, 1 writer', writers: 1, maxBatch: 256, windowMs: 0 },
  { name: 'open loop 1000/s, window 0 ms', rate: 1000, maxBatch: 256, windowMs: 0 },
  { name: 'open loop 1000/s, window 2 ms', rate: 1000, maxBatch: 256, windowMs: 2 },
  { name: 'open loop 1000/s, window 5 ms', rate: 1000, maxBatch: 256, windowMs: 5 },
  { name: 'open loop 3000/s, window 0 ms', rate: 3000, maxBatch: 256, windowMs: 0 },
  { name: 'open loop 3000/s, window 2 ms', rate: 3000, maxBatch: 256, windowMs: 2 },
];

interface Result {
  rps: number;
  p50: number;
  p99: number;
  meanBatch: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function runScenario(database: TestDatabase, scenario: Scenario, index: number, ms: number): Promise<Result> {
  const config = { ...loadConfig({}), evidence: { ...loadConfig({}).evidence, key: randomBytes(32).toString('base64') } };
  const log = createEvidenceLog(
    { db: database.db, config, clock: systemClock, logger: pino({ level: 'silent' }) },
    { nodeId: `bench-${index}-${randomBytes(3).toString('hex')}`, sealIntervalMs: 0, maxBatch: scenario.maxBatch, batchWindowMs: scenario.windowMs, keys: deriveEvidenceKeys(randomBytes(32), 'env') },
  );
  const latencies: number[] = [];
  let n = 0;
  const closedLoop = async (until: number, record: boolean) => {
    await Promise.all(
      Array.from({ length: scenario.writers ?? 1 }, async () => {
        while (performance.now() < until) {
          const started = performance.now();
          await log.append(sampleExchange(n++));
          if (record) latencies.push(performance.now() - started);
        }
      }),
    );
  };
  const openLoop = async (until: number, record: boolean) => {
    const begin = performance.now();
    const pending: Promise<void>[] = [];
    for (let i = 0; ; i++) {
      const due = begin + (i * 1000) / scenario.rate!;
      if (due >= until) break;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      const started = performance.now();
      pending.push(log.append(sampleExchange(n++)).then(() => void (record && latencies.push(performance.now() - started))));
    }
    await Promise.all(pending);
  };
  const run = scenario.rate ? openLoop : closedLoop;
  await run(performance.now() + 300, false); // warm-up
  const before = log.stats();
  const started = performance.now();
  await run(started + ms, true);
  const elapsed = performance.now() - started;
  const after = log.stats();
  await log.close();
  latencies.sort((a, b) => a - b);
  return {
    rps: latencies.length / (elapsed / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    meanBatch: (after.records - before.records) / Math.max(1, after.batches - before.batches),
  };
}

export async function main(args: string[]): Promise<void> {
  const perScenario = seconds(args[0], 3) * 1000;
  const list = engines();
  const results: Record<string, Result[]> = {};
  const extra: Record<string, { sealMs: number; sealed: number; verifyMs: number; verified: number; version: string }> = {};
  const startedAll = performance.now();
  for (const engine of list) {
    const database = await createTestDatabase(engine);
    try {
      const version = (await sql<{ v: string }>`SELECT current_setting('server_version') AS v`.execute(database.db)).rows[0]!.v;
      results[engine] = [];
      for (const [i, scenario] of SCENARIOS.entries()) results[engine]!.push(await runScenario(database, scenario, i, perScenario));
      // Everything above was sealed by each log's close(); time a seal of a fresh 10,000 and a full verify.
      const log = createEvidenceLog({ db: database.db, config: loadConfig({}), clock: systemClock, logger: pino({ level: 'silent' }) }, { nodeId: 'bench-seal', sealIntervalMs: 0, keys: deriveEvidenceKeys(randomBytes(32), 'env') });
      await Promise.all(Array.from({ length: 10_000 }, (_, i) => log.append(sampleExchange(i))));
      const sealStart = performance.now();
      const seals = await log.seal();
      const sealMs = performance.now() - sealStart;
      await log.close();
      const verifyStart = performance.now();
      const report = await verifyEvidenceLog(database.db);
      const verifyMs = performance.now() - verifyStart;
      if (!report.ok) throw new Error(`the benchmark log does not verify: ${report.first?.message}`);
      extra[engine] = { sealMs, sealed: seals.reduce((a, s) => a + s.treeSize, 0), verifyMs, verified: report.records, version };
    } finally {
      await database.close();
    }
  }
  console.log(`\nevidence log appends, ${new Date().toISOString()} (${perScenario / 1000}s per scenario, ${((performance.now() - startedAll) / 1000).toFixed(0)}s in all)`);
  console.log(list.map((e) => `${e}: PostgreSQL ${extra[e]!.version}`).join('; '));
  const header = `${'scenario'.padEnd(42)}${list.map((e) => `${`${e} appends/s`.padStart(20)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'batch'.padStart(8)}`).join('')}`;
  console.log(header);
  SCENARIOS.forEach((s, i) => {
    const cells = list.map((e) => {
      const r = results[e]![i]!;
      return `${r.rps.toFixed(0).padStart(20)}${r.p50.toFixed(2).padStart(9)}${r.p99.toFixed(2).padStart(9)}${r.meanBatch.toFixed(1).padStart(8)}`;
    });
    console.log(`${s.name.padEnd(42)}${cells.join('')}`);
  });
  for (const e of list) {
    const r = results[e]!;
    console.log(`${e}: group commit (window 0) / one-by-one at 64 writers = ${(r[1]!.rps / r[0]!.rps).toFixed(1)}×`);
    const x = extra[e]!;
    console.log(`${e}: seal of ${x.sealed} records ${x.sealMs.toFixed(0)} ms; verify of ${x.verified} records ${x.verifyMs.toFixed(0)} ms (${((x.verified / x.verifyMs) * 1000).toFixed(0)} records/s)`);
  }
  if (list.length === 1) console.log('(set PADU_TEST_DATABASE_URL=postgres://… to compare with PostgreSQL)');
}
