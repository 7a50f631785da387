import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import pino from 'pino';
import { Registry } from 'prom-client';
import { engines, type Engine } from '../../../../test/support/db.ts';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { loadConfig, type Config } from '../../../config.ts';
import { platformModules } from '../../../platform/index.ts';
import { createJobQueue } from '../../../platform/jobs/index.ts';
import { createEvidenceLog, type EvidenceLogOptions } from './log.ts';
import { deriveEvidenceKeys, loadEvidenceKeys, parseEvidenceKey } from './keys.ts';
import { verifyEvidenceLog } from './verify.ts';
import { checkEvidenceProof, exportEvidenceProofs } from './proof.ts';
import { auditPath, leafHash, merkleRoot, merkleRootInSteps, rootFromAuditPath, sha256Hex } from './merkle.ts';
import { PURGE_BODIES_JOB, registerEvidenceJobs } from './retention.ts';
import { timeStampRequest } from './tsa.ts';
import { sampleExchange, tamper } from './testing.ts';

/**
 * The evidence log against a real database on every engine: durable group commit, chains and
 * seals that verify, tampering that `verify` names precisely, several writers, body retention
 * through the real job queue, and RFC 3161 stamping against a loopback time-stamp authority
 * (openssl) that may also be down.
 */
const KEY = randomBytes(32).toString('base64');
const evidenceConfig = (over: Partial<Config['evidence']> = {}): Config['evidence'] => ({ ...loadConfig({}).evidence, key: KEY, ...over });

async function freshApp(engine: Engine, over: Partial<Config['evidence']> = {}): Promise<TestApp> {
  return createTestApp(engine, { config: { evidence: evidenceConfig(over) }, modules: platformModules });
}

/** The log as the gateway opens it: records written by the evidence writer thread over its own connection. */
function openLog(t: TestApp, options: EvidenceLogOptions = {}) {
  return createEvidenceLog(t.deps, { nodeId: 'node-a', sealIntervalMs: 0, connection: t.database.connection, ...options });
}

async function recordId(t: TestApp, xroadId: string): Promise<string> {
  return (await t.deps.db.selectFrom('gerbang_evidence').select('id').where('xroad_id', '=', xroadId).executeTakeFirstOrThrow()).id;
}

describe('evidence hashing rules', () => {
  test('Merkle audit paths lead to the root for every leaf and tree size (RFC 9162)', () => {
    for (let n = 1; n <= 33; n++) {
      const leaves = Array.from({ length: n }, (_, i) => leafHash({ i }));
      const root = merkleRoot(leaves);
      for (let i = 0; i < n; i++) assert.equal(rootFromAuditPath(leaves[i]!, i, n, auditPath(leaves, i)), root, `n=${n} i=${i}`);
      if (n > 1) assert.notEqual(rootFromAuditPath(leaves[0]!, 1, n, auditPath(leaves, 0)), root);
    }
    // Known answer: a one-leaf tree's root is the leaf; two leaves hash with the 0x01 prefix.
    const a = leafHash('a');
    const b = leafHash('b');
    assert.equal(a, sha256Hex(Buffer.concat([Buffer.from([0]), Buffer.from('"a"')])));
    assert.equal(merkleRoot([a]), a);
    assert.equal(merkleRoot([a, b]), sha256Hex(Buffer.concat([Buffer.from([1]), Buffer.from(a, 'hex'), Buffer.from(b, 'hex')])));
  });

  test('the sealer\'s step-by-step Merkle root is the RFC 9162 root for every tree size', async () => {
    const leaves = Array.from({ length: 300 }, (_, i) => leafHash({ i }));
    assert.equal(await merkleRootInSteps([]), merkleRoot([]));
    for (let n = 1; n <= leaves.length; n++) assert.equal(await merkleRootInSteps(leaves.slice(0, n), 7), merkleRoot(leaves.slice(0, n)), `n=${n}`);
  });

  test('the evidence key comes from PADU_EVIDENCE_KEY or a key file created once in the data folder', () => {
    assert.equal(parseEvidenceKey('00'.repeat(32)).length, 32);
    assert.throws(() => parseEvidenceKey('short'), /32 random bytes/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'padu-evidence-key-'));
    try {
      assert.equal(loadEvidenceKeys({ envKey: undefined, dataDir: dir, create: false }), null);
      const created = loadEvidenceKeys({ envKey: undefined, dataDir: dir, create: true })!;
      assert.equal(created.source, 'file');
      assert.equal(fs.statSync(path.join(dir, 'evidence.key')).mode & 0o777, 0o600);
      assert.equal(loadEvidenceKeys({ envKey: undefined, dataDir: dir, create: true })!.id, created.id);
      assert.equal(loadEvidenceKeys({ envKey: KEY, dataDir: dir, create: false })!.id, deriveEvidenceKeys(Buffer.from(KEY, 'base64'), 'env').id);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

for (const engine of engines()) {
  describe(`evidence log on ${engine}`, () => {
    test('append, seal and verify; personal fields are stored encrypted; proofs check out', async () => {
      const t = await freshApp(engine);
      try {
        const log = openLog(t);
        await Promise.all(Array.from({ length: 40 }, (_, i) => log.append(sampleExchange(i, i % 5 === 0 ? { status: 502, errorType: 'Server.ServerProxy.ServiceFailed' } : {}))));
        const seals = await log.seal();
        assert.equal(seals.length, 1);
        assert.equal(seals[0]!.treeSize, 40);
        // Ten more after the seal: verified too, as the not-yet-sealed tail.
        await Promise.all(Array.from({ length: 10 }, (_, i) => log.append(sampleExchange(100 + i))));
        const report = await verifyEvidenceLog(t.deps.db, { keys: deriveEvidenceKeys(Buffer.from(KEY, 'base64'), 'env') });
        assert.equal(report.ok, true, JSON.stringify(report.problems));
        assert.deepEqual([report.records, report.sealedRecords, report.unsealedRecords, report.seals, report.chains], [50, 40, 10, 1, 1]);
        assert.equal(report.keys.length, 1);
        assert.equal(report.keys[0]!.opened, true);

        const row = await t.deps.db.selectFrom('gerbang_evidence').selectAll().where('xroad_id', '=', 'xr-3').executeTakeFirstOrThrow();
        const stored = JSON.stringify(row);
        assert.ok(!stored.includes('3578010000000003'), 'the NIK in the path is not stored in clear');
        assert.ok(!stored.includes('petugas-loket-1'), 'the user id is not stored in clear');
        assert.match(row.user_id_index!, /^[0-9a-f]{64}$/);

        const [proof] = await exportEvidenceProofs(t.deps.db, 'xr-3', { keys: deriveEvidenceKeys(Buffer.from(KEY, 'base64'), 'env') });
        assert.ok(proof);
        assert.equal(proof.disclosed?.path?.value, '/pasien/3578010000000003?rinci=ya');
        assert.equal(proof.disclosed?.userId?.value, 'EE:petugas-loket-1');
        const checked = checkEvidenceProof(proof);
        assert.equal(checked.ok, true, JSON.stringify(checked.checks));
        const forged = structuredClone(proof);
        forged.record.status = 404;
        assert.equal(checkEvidenceProof(forged).ok, false);
        await log.close();
        // close() sealed the tail.
        assert.equal((await verifyEvidenceLog(t.deps.db)).unsealedRecords, 0);
      } finally {
        await t.close();
      }
    });

    test('verify names an altered record (changed by SQL behind the triggers)', async () => {
      const t = await freshApp(engine);
      try {
        const log = openLog(t);
        for (let wave = 0; wave < 3; wave++) await Promise.all(Array.from({ length: 10 }, (_, i) => log.append(sampleExchange(wave * 10 + i))));
        await log.seal();
        await assert.rejects(
          sql`UPDATE gerbang_evidence SET status = 200 WHERE xroad_id = 'xr-7'`.execute(t.deps.db),
          /append-only/,
          'the table refuses updates',
        );
        await tamper(t.deps.db, (tx) => sql`UPDATE gerbang_evidence SET status = 404 WHERE xroad_id = 'xr-7'`.execute(tx));
        const report = await verifyEvidenceLog(t.deps.db);
        assert.equal(report.ok, false);
        assert.equal(report.first?.kind, 'altered');
        assert.equal(report.first?.xroadId, 'xr-7');
        assert.equal(report.first?.recordId, await recordId(t, 'xr-7'));
        assert.match(report.first!.message, /xr-7.*altered/);
        // The root mismatch is not reported twice: the record is named, nothing else.
        assert.equal(report.problems.length, 1, JSON.stringify(report.problems));
        await log.close();
      } finally {
        await t.close();
      }
    });

    test('verify names an altered record even when its hash was recomputed (the next link breaks)', async () => {
      const t = await freshApp(engine);
      try {
        const log = openLog(t);
        await Promise.all(Array.from({ length: 12 }, (_, i) => log.append(sampleExchange(i))));
        await log.seal();
        const row = await t.deps.db.selectFrom('gerbang_evidence').selectAll().where('xroad_id', '=', 'xr-4').executeTakeFirstOrThrow();
        const { rowLeafHash } = await import('./record.ts');
        const rehashed = rowLeafHash({ ...row, status: 500 });
        await tamper(t.deps.db, (tx) => sql`UPDATE gerbang_evidence SET status = 500, leaf_hash = ${rehashed} WHERE id = ${row.id}`.execute(tx));
        const report = await verifyEvidenceLog(t.deps.db);
        assert.equal(report.first?.kind, 'altered');
        assert.equal(report.first?.xroadId, 'xr-4');
        await log.close();
      } finally {
        await t.close();
      }
    });

    test('verify names a removed record and where the gap is', async () => {
      const t = await freshApp(engine);
      try {
        const log = openLog(t);
        for (let i = 0; i < 20; i++) await log.append(sampleExchange(i));
        await log.seal();
        await assert.rejects(sql`DELETE FROM gerbang_evidence WHERE xroad_id = 'xr-9'`.execute(t.deps.db), /append-only/);
        await tamper(t.deps.db, (tx) => sql`DELETE FROM gerbang_evidence WHERE xroad_id = 'xr-9'`.execute(tx));
        const report = await verifyEvidenceLog(t.deps.db);
        assert.equal(report.first?.kind, 'removed');
        assert.equal(report.first?.nodeId, 'node-a');
        assert.equal(report.first?.seq, 10);
        assert.match(report.first!.message, /#10 is missing \(removed\) after X-Road-Id xr-8, before .*xr-10/);
        await log.close();
      } finally {
        await t.close();
      }
    });

    test('verify names a reordered record (two records swapped)', async () => {
      const t = await freshApp(engine);
      try {
        const log = openLog(t);
        for (let i = 0; i < 12; i++) await log.append(sampleExchange(i));
        await log.seal();
        // xr-3 is #4 and xr-6 is #7 of the chain; swap their places.
        await tamper(t.deps.db, async (tx) => {
          await sql`UPDATE gerbang_evidence SET seq = -1 WHERE node_id = 'node-a' AND seq = 4`.execute(tx);
          await sql`UPDATE gerbang_evidence SET seq = 4 WHERE node_id = 'node-a' AND seq = 7`.execute(tx);
          await sql`UPDATE gerbang_evidence SET seq = 7 WHERE node_id = 'node-a' AND seq = -1`.execute(tx);
        });
        const report = await verifyEvidenceLog(t.deps.db);
        assert.equal(report.first?.kind, 'reordered');
        assert.equal(report.first?.xroadId, 'xr-6');
        assert.equal(report.first?.seq, 4);
        assert.match(report.first!.message, /out of order: it was written right after .*xr-5/);
        await log.close();
      } finally {
        await t.close();
      }
    });

    test('verify catches a forged seal signature, a removed seal, and a signing key that was swapped', async () => {
      const t = await freshApp(engine);
      try {
        const log = openLog(t);
        await log.append(sampleExchange(1));
        await log.seal();
        await log.append(sampleExchange(2));
        await log.seal();
        await log.append(sampleExchange(3));
        await log.seal();
        assert.equal((await verifyEvidenceLog(t.deps.db)).ok, true);
        const other = (await t.deps.db.selectFrom('gerbang_evidence_seal').select('signature').where('seq', '=', '1').executeTakeFirstOrThrow()).signature;
        await tamper(t.deps.db, (tx) => sql`UPDATE gerbang_evidence_seal SET signature = ${other} WHERE seq = 2`.execute(tx));
        let report = await verifyEvidenceLog(t.deps.db);
        assert.deepEqual(report.problems.map((p) => [p.kind, p.sealSeq]), [['seal_signature', 2]]);

        await tamper(t.deps.db, async (tx) => {
          await sql`DELETE FROM gerbang_evidence_seal_range WHERE seal_seq = 3`.execute(tx);
          await sql`DELETE FROM gerbang_evidence_seal WHERE seq = 3`.execute(tx);
        });
        report = await verifyEvidenceLog(t.deps.db);
        assert.ok(report.problems.some((p) => p.kind === 'seal_signature' && p.sealSeq === 2));
        // The last seal is gone; its record is still checked (as unsealed) and verifies.
        assert.equal(report.unsealedRecords, 1);

        // Replacing the public key (to re-sign everything) is caught by the key wrapping and by pinning.
        const keys = deriveEvidenceKeys(Buffer.from(KEY, 'base64'), 'env');
        const trusted = report.keys.map((k) => k.id);
        const { generateSigningKey } = await import('./keys.ts');
        const intruder = generateSigningKey(deriveEvidenceKeys(randomBytes(32), 'env'));
        await tamper(t.deps.db, (tx) =>
          sql`UPDATE gerbang_evidence_key SET public_key = ${intruder.key.publicKeyDer}, private_key_enc = ${intruder.privateKeyEnc}`.execute(tx),
        );
        report = await verifyEvidenceLog(t.deps.db, { keys, trustedKeyIds: trusted });
        assert.ok(report.problems.some((p) => p.kind === 'key'), JSON.stringify(report.problems));
        await log.close();
      } finally {
        await t.close();
      }
    });

    for (const writer of ['writer thread', 'in-thread writer'] as const) {
    test(`group commit (${writer}): many concurrent appends go in a few transactions, each resolved only after its commit`, async () => {
      const t = await freshApp(engine);
      try {
        const registry = new Registry();
        const log = openLog(t, { registry, ...(writer === 'in-thread writer' ? { connection: undefined } : {}) });
        await Promise.all(Array.from({ length: 300 }, (_, i) => log.append(sampleExchange(i))));
        const stats = log.stats();
        assert.equal(stats.records, 300);
        assert.ok(stats.batches <= 10, `300 concurrent appends took ${stats.batches} transactions`);
        assert.ok(stats.largestBatch >= 30, `largest batch ${stats.largestBatch}`);
        const metricsText = await registry.metrics();
        assert.match(metricsText, new RegExp(`padu_gerbang_evidence_batch_size_count ${stats.batches}\\b`));
        assert.match(metricsText, /padu_gerbang_evidence_records_total 300\b/);
        assert.match(metricsText, /padu_gerbang_evidence_append_wait_seconds_count 300\b/);

        // Hold a lock that blocks the insert: the append must not resolve until the batch commits.
        const client = await t.database.pool.connect();
        try {
          await client.query('BEGIN');
          await client.query('LOCK TABLE gerbang_evidence IN SHARE MODE');
          let resolved = false;
          const pending = log.append(sampleExchange(1000)).then(() => {
            resolved = true;
          });
          await new Promise((r) => setTimeout(r, 150));
          assert.equal(resolved, false, 'append resolved while its batch could not commit');
          await client.query('COMMIT');
          await pending;
        } finally {
          client.release();
        }
        assert.equal((await t.deps.db.selectFrom('gerbang_evidence').select('id').where('xroad_id', '=', 'xr-1000').execute()).length, 1);

        // A malformed record fails alone; its batch companions are written.
        const results = await Promise.allSettled([log.append(sampleExchange(2000)), log.append(sampleExchange(2001, { startedAt: new Date('x') })), log.append(sampleExchange(2002))]);
        assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
        await log.close();
        assert.equal((await verifyEvidenceLog(t.deps.db)).ok, true);
        await assert.rejects(log.append(sampleExchange(3000)), /closed/);
      } finally {
        await t.close();
      }
    });
    }

    test('the writer thread survives a lost connection: the next batch reconnects, the chain continues and verifies', { skip: engine !== 'postgres' && 'PGlite has no backends to terminate' }, async () => {
      const t = await freshApp(engine);
      try {
        const log = openLog(t);
        await Promise.all(Array.from({ length: 20 }, (_, i) => log.append(sampleExchange(i))));
        const killed = await sql<{ n: number }>`SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = 'padu-evidence-writer'`.execute(t.deps.db);
        assert.equal(killed.rows[0]!.n, 1, 'the writer thread has its own connection, named for operators');
        await new Promise((r) => setTimeout(r, 100));
        // Appends made after the loss are written over a new connection; none is lost or doubled.
        const after = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => log.append(sampleExchange(100 + i))));
        assert.ok(after.every((r) => r.status === 'fulfilled'), JSON.stringify(after.filter((r) => r.status === 'rejected')));
        await log.close();
        const report = await verifyEvidenceLog(t.deps.db);
        assert.equal(report.ok, true, JSON.stringify(report.problems));
        assert.deepEqual([report.records, report.chains, report.unsealedRecords], [40, 1, 0]);
        assert.equal(log.stats().records, 40);
      } finally {
        await t.close();
      }
    });

    test('two writers on one database (own chains, racing seals) still give a log that verifies', async () => {
      const t = await freshApp(engine);
      try {
        const a = openLog(t, { nodeId: 'node-a' });
        const b = openLog(t, { nodeId: 'node-b' });
        for (let wave = 0; wave < 6; wave++) {
          await Promise.all([
            ...Array.from({ length: 15 }, (_, i) => a.append(sampleExchange(wave * 100 + i, { xroadId: `a-${wave}-${i}` }))),
            ...Array.from({ length: 15 }, (_, i) => b.append(sampleExchange(wave * 100 + i, { xroadId: `b-${wave}-${i}` }))),
            a.seal(),
            b.seal(),
          ]);
        }
        await Promise.all([a.close(), b.close()]);
        const report = await verifyEvidenceLog(t.deps.db);
        assert.equal(report.ok, true, JSON.stringify(report.problems));
        assert.equal(report.records, 180);
        assert.equal(report.unsealedRecords, 0);
        assert.equal(report.chains, 2);
        const seals = await t.deps.db.selectFrom('gerbang_evidence_seal').select(['seq', 'sealed_by']).orderBy('seq').execute();
        assert.deepEqual(seals.map((s) => Number(s.seq)), seals.map((_, i) => i + 1), 'seal numbers have no gaps or duplicates');
        // One seal may cover both chains: the seal ties the writers together.
        const ranges = await t.deps.db.selectFrom('gerbang_evidence_seal_range').select(['seal_seq', 'node_id']).execute();
        assert.deepEqual([...new Set(ranges.map((r) => r.node_id))].sort(), ['node-a', 'node-b']);
      } finally {
        await t.close();
      }
    });

    test('bodies are kept encrypted and purged after retention by the pg-boss job; the log still verifies', async () => {
      const t = await freshApp(engine, { bodyDays: 30 });
      try {
        const log = openLog(t);
        const secret = 'NIK 3578010101010001 nama Siti';
        await log.append(sampleExchange(1, { requestBody: Buffer.from('{"q":1}'), responseBody: Buffer.from(secret) }));
        await log.append(sampleExchange(2));
        await log.close();
        const body = await t.deps.db.selectFrom('gerbang_evidence_body').selectAll().executeTakeFirstOrThrow();
        assert.ok(!body.response_body!.toString('latin1').includes('Siti'), 'the body is encrypted at rest');
        const keys = deriveEvidenceKeys(Buffer.from(KEY, 'base64'), 'env');
        assert.equal((await verifyEvidenceLog(t.deps.db, { keys })).ok, true);
        // A swapped ciphertext is caught when the key is at hand.
        const good = body.response_body!;
        await tamper(t.deps.db, (tx) => sql`UPDATE gerbang_evidence_body SET response_body = ${body.request_body}`.execute(tx));
        assert.equal((await verifyEvidenceLog(t.deps.db, { keys })).first?.kind, 'body');
        await sql`UPDATE gerbang_evidence_body SET response_body = ${good}`.execute(t.deps.db);

        t.clock.advance(31 * 86_400_000);
        const jobs = createJobQueue({ connection: t.database.connection, pollingIntervalSeconds: 0.5 });
        await jobs.start();
        try {
          await registerEvidenceJobs(jobs, t.deps);
          await jobs.send(PURGE_BODIES_JOB, {});
          const deadline = Date.now() + 30_000;
          while ((await t.deps.db.selectFrom('gerbang_evidence_body').select('seq').execute()).length > 0 && Date.now() < deadline) {
            await new Promise((r) => setTimeout(r, 200));
          }
        } finally {
          await jobs.stop();
        }
        assert.equal((await t.deps.db.selectFrom('gerbang_evidence_body').select('seq').execute()).length, 0);
        const audit = await t.deps.db.selectFrom('audit_log').select(['action', 'actor_label']).where('action', '=', 'gerbang.evidence.bodies_purged').execute();
        assert.deepEqual(audit, [{ action: 'gerbang.evidence.bodies_purged', actor_label: `job:${PURGE_BODIES_JOB}` }]);
        const report = await verifyEvidenceLog(t.deps.db, { keys });
        assert.equal(report.ok, true, JSON.stringify(report.problems));
      } finally {
        await t.close();
      }
    });

    test('on PostgreSQL without PADU_EVIDENCE_KEY, keeping bodies is refused (hashes are still recorded)', async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'padu-evidence-pg-'));
      const t = await createTestApp(engine, { config: { dataDir, databaseUrl: 'postgres://example.invalid/padu', evidence: evidenceConfig({ key: undefined }) }, modules: platformModules });
      try {
        const log = createEvidenceLog({ ...t.deps, logger: pino({ level: 'silent' }) }, { nodeId: 'node-a', sealIntervalMs: 0 });
        assert.equal(log.canKeepBodies, false);
        await assert.rejects(log.append(sampleExchange(1, { responseBody: Buffer.from('x') })), /PADU_EVIDENCE_KEY/);
        await log.append(sampleExchange(2));
        await log.close();
        assert.ok(fs.existsSync(path.join(dataDir, 'evidence.key')));
      } finally {
        await t.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    });

    test('time-stamps: an authority outage delays stamps without stopping traffic; a live authority stamps pending seals', { skip: !hasOpenssl() && 'openssl is not installed' }, async () => {
      const t = await freshApp(engine);
      const tsa = await startTestTsa();
      try {
        const registry = new Registry();
        const down = openLog(t, { registry, tsaUrl: `http://127.0.0.1:${await closedPort()}/tsa`, tsaTimeoutMs: 2000 });
        await Promise.all(Array.from({ length: 5 }, (_, i) => down.append(sampleExchange(i))));
        await down.seal();
        assert.deepEqual(await down.stampPending(), { stamped: 0, pending: 1 });
        assert.equal(down.stats().tsa.outage, true);
        assert.match(await registry.metrics(), /padu_gerbang_evidence_tsa_failures_total [1-9]/);
        assert.match(await registry.metrics(), /padu_gerbang_evidence_tsa_pending_seals 1\b/);
        await down.append(sampleExchange(10));
        await down.close();

        const up = openLog(t, { nodeId: 'node-b', tsaUrl: tsa.url });
        assert.deepEqual(await up.stampPending(), { stamped: 2, pending: 0 });
        await up.close();
        const stamp = await t.deps.db.selectFrom('gerbang_evidence_timestamp as ts').innerJoin('gerbang_evidence_seal as s', 's.seq', 'ts.seal_seq').select(['ts.token', 's.seal_hash', 'ts.gen_time']).where('ts.seal_seq', '=', '1').executeTakeFirstOrThrow();
        assert.ok(stamp.gen_time instanceof Date);
        const tokenFile = path.join(tsa.dir, 'token.der');
        fs.writeFileSync(tokenFile, stamp.token);
        const verified = execFileSync('openssl', ['ts', '-verify', '-digest', stamp.seal_hash, '-token_in', '-in', tokenFile, '-CAfile', path.join(tsa.dir, 'tsa.crt')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
        assert.match(verified, /Verification: OK/);
        const [proof] = await exportEvidenceProofs(t.deps.db, 'xr-2');
        assert.equal(proof!.timeStamp?.token, stamp.token.toString('base64'));
        const report = await verifyEvidenceLog(t.deps.db);
        assert.equal(report.ok, true);
        assert.deepEqual(report.timeStamps, { stamped: 2, missing: 0 });
      } finally {
        await tsa.close();
        await t.close();
      }
    });
  });
}

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** A real RFC 3161 authority on loopback: openssl signs each request with a throwaway TSA certificate. */
async function startTestTsa(): Promise<{ url: string; dir: string; close(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'padu-tsa-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', path.join(dir, 'tsa.key'), '-out', path.join(dir, 'tsa.crt'), '-days', '2', '-subj', '/CN=Padu Test TSA', '-addext', 'extendedKeyUsage=critical,timeStamping'], { stdio: 'ignore' });
  fs.writeFileSync(path.join(dir, 'serial'), '01\n');
  fs.writeFileSync(
    path.join(dir, 'tsa.cnf'),
    ['[ tsa ]', 'default_tsa = tsa_config1', '[ tsa_config1 ]', `dir = ${dir}`, 'serial = $dir/serial', 'crypto_device = builtin', 'signer_cert = $dir/tsa.crt', 'certs = $dir/tsa.crt', 'signer_key = $dir/tsa.key', 'signer_digest = sha256', 'default_policy = 1.2.3.4.1', 'other_policies = 1.2.3.4.5', 'digests = sha256', 'accuracy = secs:1', 'ordering = no', 'tsa_name = no', 'ess_cert_id_chain = no', 'ess_cert_id_alg = sha256', ''].join('\n'),
  );
  let n = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const query = path.join(dir, `q${++n}.tsq`);
      const reply = path.join(dir, `r${n}.tsr`);
      fs.writeFileSync(query, Buffer.concat(chunks));
      try {
        execFileSync('openssl', ['ts', '-reply', '-config', path.join(dir, 'tsa.cnf'), '-queryfile', query, '-out', reply], { stdio: 'ignore' });
        res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(fs.readFileSync(reply));
      } catch {
        res.writeHead(500).end();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  // The request we build is what openssl reads (a self-check of the DER encoder).
  fs.writeFileSync(path.join(dir, 'self.tsq'), timeStampRequest(createHash('sha256').update('x').digest(), randomBytes(8)));
  execFileSync('openssl', ['ts', '-query', '-in', path.join(dir, 'self.tsq'), '-text'], { stdio: 'ignore' });
  return {
    url: `http://127.0.0.1:${port}/tsa`,
    dir,
    close: () =>
      new Promise<void>((r) =>
        server.close(() => {
          fs.rmSync(dir, { recursive: true, force: true });
          r();
        }),
      ),
  };
}

