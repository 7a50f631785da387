import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { createTestDatabase } from '../../../../test/support/db.ts';
import { tamper } from '../evidence/testing.ts';
import { freePort, padu, paduEnv, serve, type Server } from './testing.ts';

/**
 * "Several Padu nodes writing at once must still produce a verifiable log": two `padu serve`
 * processes on one PostgreSQL database, each with its own evidence chain and sealing on its own,
 * take gateway calls at the same time (allowed, refused, and prefills that call back through the
 * gateway); after both stop, `padu evidence verify` passes over both chains. Altering one stored
 * record afterwards makes it fail, naming that record.
 */
interface Answer {
  status: number;
  error: string | undefined;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

function call(base: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${path}`, { method: body ? 'POST' : 'GET', headers: body ? { ...headers, 'content-type': 'application/json' } : headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode!, error: res.headers['x-road-error'] as string | undefined }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('two Padu processes serving the gateway on one PostgreSQL', { skip: !process.env.PADU_TEST_DATABASE_URL && 'needs PADU_TEST_DATABASE_URL' }, () => {
  test('concurrent calls through both, then `padu evidence verify` passes; a changed record is caught', { timeout: 600_000 }, async () => {
    const database = await createTestDatabase('postgres');
    const [portA, portB] = [await freePort(), await freePort()];
    // Same evidence key on both nodes (docs/evidence.md); the demo upstreams live at node A's port.
    const env = paduEnv({ DATABASE_URL: database.url!, PADU_EVIDENCE_KEY: randomBytes(32).toString('base64'), PADU_JOBS: 'false', PORT: String(portA), PADU_EVIDENCE_SEAL_SECONDS: '1', PADU_GERBANG_NODES: '2' });
    const servers: Server[] = [];
    try {
      const seeded = await padu(['seed-demo', '--json'], env);
      assert.equal(seeded.code, 0, seeded.stderr);
      const demo = JSON.parse(seeded.stdout).modules.gerbang;
      const [siks, simrs] = demo.clients as { identifier: string; token: string }[];
      const dishub = demo.noAccessClient as { identifier: string; token: string };
      servers.push(await serve(portA, env), await serve(portB, env));

      const as = (c: { identifier: string; token: string }, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${c.token}`, 'x-road-client': c.identifier, ...extra });
      const purpose = { 'x-padu-purpose': 'verifikasi-bansos', 'x-padu-legal-basis': 'UU-24-2013' };
      const kinds: ((base: string) => Promise<Answer>)[] = [
        (b) => call(b, '/r1/JATIM/GOV/35.78/siak/penduduk/penduduk/3578015708900001', as(siks!, purpose)),
        (b) => call(b, '/r1/JATIM/GOV/dpmptsp/perizinan/izin-usaha/nib/9120001234567', as(siks!)),
        (b) => call(b, '/r1/JATIM/GOV/35.78/siak/penduduk/penduduk/3578010203850002', as(simrs!, purpose)),
        (b) => call(b, '/r1/JATIM/GOV/35.78/siak/penduduk/alamat/3578010203850002', as(simrs!, purpose)),
        (b) => call(b, '/r1/JATIM/GOV/dpmptsp/perizinan/izin-usaha/nib/9120001234567', as(dishub)),
        (b) => call(b, '/api/v1/gerbang/prefill', { authorization: `Bearer ${siks!.token}` }, JSON.stringify({ nik: '3578015508900003', elements: ['identitas', 'alamat'], purpose: 'verifikasi-bansos' })),
      ];
      // Records each call leaves: one per gateway exchange, two for a prefill of two elements.
      const recordsOf = [1, 1, 1, 1, 1, 2];
      const expected = { ok: 0, refused: 0, records: 0 };
      const perNode = 120;
      await Promise.all(
        servers.map(async (s) => {
          const queue = Array.from({ length: perNode }, (_, i) => i % kinds.length);
          const worker = async () => {
            for (let k = queue.shift(); k !== undefined; k = queue.shift()) {
              const answer = await kinds[k]!(s.url);
              expected.records += recordsOf[k]!;
              if (k === 3 || k === 4) {
                assert.equal(answer.status, 400);
                assert.equal(answer.error, 'Client.AccessDenied');
                expected.refused++;
              } else {
                assert.equal(answer.status, 200, `call kind ${k} on ${s.url}`);
                expected.ok++;
              }
            }
          };
          await Promise.all(Array.from({ length: 8 }, worker));
        }),
      );
      assert.equal(expected.ok + expected.refused, 2 * perNode);
      for (const s of servers.splice(0)) assert.equal(await s.stop(), 0, s.output());

      const verified = await padu(['evidence', 'verify', '--json'], env);
      assert.equal(verified.code, 0, verified.stdout + verified.stderr);
      const report = JSON.parse(verified.stdout);
      assert.equal(report.ok, true);
      assert.equal(report.records, expected.records);
      assert.equal(report.chains, 2, 'one chain per process');
      assert.equal(report.unsealedRecords, 0, 'each process sealed what it wrote before it stopped');
      const nodes = await database.db.selectFrom('gerbang_evidence').select((eb) => ['node_id', eb.fn.countAll<string>().as('n')]).groupBy('node_id').execute();
      assert.ok(nodes.every((n) => Number(n.n) > perNode / 2), `both processes wrote evidence: ${JSON.stringify(nodes)}`);

      const victim = await database.db.selectFrom('gerbang_evidence').select(['id', 'xroad_id']).where('status', '=', 200).orderBy('id').offset(50).limit(1).executeTakeFirstOrThrow();
      await tamper(database.db, (tx) => sql`UPDATE gerbang_evidence SET status = 404 WHERE id = ${victim.id}`.execute(tx));
      const caught = await padu(['evidence', 'verify', '--json'], env);
      assert.equal(caught.code, 1, caught.stdout);
      assert.equal(JSON.parse(caught.stdout).first.xroadId, victim.xroad_id);
    } finally {
      for (const s of servers) await s.stop();
      agent.destroy();
      await database.close();
    }
  });
});
