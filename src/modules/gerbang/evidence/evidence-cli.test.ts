import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pino from 'pino';
import { createTestDatabase, engines, type Engine } from '../../../../test/support/db.ts';
import { loadConfig } from '../../../config.ts';
import { openDatabase, type Database } from '../../../platform/db/database.ts';
import { systemClock } from '../../../platform/deps.ts';
import { createEvidenceLog } from './log.ts';
import { verifyEvidenceLog } from './verify.ts';
import { sampleExchange, tamper } from './testing.ts';

/**
 * `padu evidence verify` and `padu evidence proof` as an operator runs them (child processes on a
 * real data folder or PostgreSQL database), the standalone proof checker, and — on PostgreSQL —
 * two separate processes appending and sealing at the same time.
 */
const root = path.resolve(import.meta.dirname, '../../../..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function env(extra: Record<string, string>): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('PADU_') && k !== 'DATABASE_URL') out[k] = v;
  return { ...out, LOG_LEVEL: 'warn', PADU_JOBS: 'false', ...extra };
}

function run(args: string[], extra: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, env: env(extra), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const padu = (args: string[], extra: Record<string, string>) => run(['bin/padu.mjs', ...args], extra);

/** A database the CLI can open: an embedded data folder (migrated by `padu migrate`) or a PostgreSQL database. */
async function cliDatabase(engine: Engine, key: string): Promise<{ env: Record<string, string>; open(): Promise<Database>; close(): Promise<void> }> {
  if (engine === 'postgres') {
    const database = await createTestDatabase('postgres');
    return { env: { DATABASE_URL: database.url!, PADU_EVIDENCE_KEY: key }, open: async () => database, close: () => database.close() };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'padu-evidence-cli-'));
  const extra = { PADU_DATA_DIR: dataDir, PADU_EVIDENCE_KEY: key };
  const migrated = await padu(['migrate'], extra);
  assert.equal(migrated.code, 0, migrated.stderr);
  return { env: extra, open: () => openDatabase({ dataDir }), close: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
}

for (const engine of engines()) {
  describe(`padu evidence on ${engine}`, () => {
    test('verify passes, proof exports and checks offline; after tampering verify exits 1 naming the record', async () => {
      const key = randomBytes(32).toString('base64');
      const target = await cliDatabase(engine, key);
      const work = fs.mkdtempSync(path.join(os.tmpdir(), 'padu-evidence-proof-'));
      try {
        let database = await target.open();
        const config = loadConfig({ ...target.env });
        const log = createEvidenceLog({ db: database.db, config, clock: systemClock, logger: pino({ level: 'silent' }) }, { nodeId: 'node-cli', sealIntervalMs: 0 });
        await Promise.all(Array.from({ length: 8 }, (_, i) => log.append(sampleExchange(i))));
        await log.seal();
        await log.append(sampleExchange(8)); // left unsealed: `proof` seals it on demand
        await log.flush();
        if (engine === 'pglite') await database.close();

        const ok = await padu(['evidence', 'verify'], target.env);
        assert.equal(ok.code, 0, ok.stdout + ok.stderr);
        assert.match(ok.stdout, /9 records in 1 chain\(s\): 8 sealed, 1 not sealed yet; 1 seal\(s\)/);
        assert.match(ok.stdout, /^OK: every record hash/m);

        const file = path.join(work, 'proof.json');
        const exported = await padu(['evidence', 'proof', 'xr-8', '--out', file], target.env);
        assert.equal(exported.code, 0, exported.stdout + exported.stderr);
        const checked = await run(['scripts/verify-evidence-proof.mjs', file], {});
        assert.equal(checked.code, 0, checked.stdout + checked.stderr);
        assert.match(checked.stdout, /^VALID: X-Road-Id xr-8/);
        const proof = JSON.parse(fs.readFileSync(file, 'utf8'));
        assert.equal(proof.proofs[0].seal.seq, 2, 'the unsealed record was sealed for the proof');
        proof.proofs[0].record.status = 201;
        fs.writeFileSync(file, JSON.stringify(proof));
        const forged = await run(['scripts/verify-evidence-proof.mjs', file], {});
        assert.equal(forged.code, 1);
        assert.match(forged.stdout, /^INVALID/);
        assert.match(forged.stdout, /FAIL record hashes to leafHash/);
        assert.equal((await padu(['evidence', 'proof', 'no-such-id'], target.env)).code, 1);

        if (engine === 'pglite') database = await target.open();
        await tamper(database.db, (tx) => sql`UPDATE gerbang_evidence SET response_bytes = 1 WHERE xroad_id = 'xr-5'`.execute(tx));
        if (engine === 'pglite') await database.close();
        const bad = await padu(['evidence', 'verify'], target.env);
        assert.equal(bad.code, 1, bad.stdout + bad.stderr);
        assert.match(bad.stdout, /FIRST PROBLEM: record \d+ \(X-Road-Id xr-5, chain node-cli #6\) was altered/);
        const json = await padu(['evidence', 'verify', '--json'], target.env);
        assert.equal(json.code, 1);
        assert.equal(JSON.parse(json.stdout).first.xroadId, 'xr-5');
        assert.equal((await padu(['evidence', 'nonsense'], target.env)).code, 2);
      } finally {
        await target.close();
        fs.rmSync(work, { recursive: true, force: true });
      }
    });
  });
}

describe('two Padu processes on one PostgreSQL', { skip: !process.env.PADU_TEST_DATABASE_URL && 'needs PADU_TEST_DATABASE_URL' }, () => {
  test('both append and seal at the same time; the log verifies', async () => {
    const database = await createTestDatabase('postgres');
    const barrier = fs.mkdtempSync(path.join(os.tmpdir(), 'padu-evidence-barrier-'));
    try {
      const extra = { DATABASE_URL: database.url!, PADU_EVIDENCE_KEY: randomBytes(32).toString('base64') };
      const fixture = 'src/modules/gerbang/evidence/evidence-writer.fixture.ts';
      const [a, b] = await Promise.all([run(['--import', 'tsx', fixture, 'proc-a', '400', barrier], extra), run(['--import', 'tsx', fixture, 'proc-b', '400', barrier], extra)]);
      assert.equal(a.code, 0, a.stderr);
      assert.equal(b.code, 0, b.stderr);
      assert.equal(JSON.parse(a.stdout).records, 400);
      assert.equal(JSON.parse(b.stdout).records, 400);
      const report = await verifyEvidenceLog(database.db);
      assert.equal(report.ok, true, JSON.stringify(report.problems.slice(0, 5)));
      assert.equal(report.records, 800);
      assert.equal(report.unsealedRecords, 0);
      assert.equal(report.chains, 2);
      const sealers = await database.db.selectFrom('gerbang_evidence_seal').select('sealed_by').distinct().execute();
      const order = await database.db.selectFrom('gerbang_evidence').select('node_id').orderBy('id').execute();
      const switches = order.filter((r, i) => i > 0 && r.node_id !== order[i - 1]!.node_id).length;
      console.log(`# ${report.seals} seals by ${sealers.map((s) => s.sealed_by).join(', ')}; the two chains' rows interleave ${switches} times`);
    } finally {
      fs.rmSync(barrier, { recursive: true, force: true });
      await database.close();
    }
  });
});
