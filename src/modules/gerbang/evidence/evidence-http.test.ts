import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { engines } from '../../../../test/support/db.ts';
import { Client, createTestApp, createUser, opdId, type TestApp } from '../../../../test/support/app.ts';
import { loadConfig } from '../../../config.ts';
import { platformModules } from '../../../platform/index.ts';
import { sha256 } from '../../../platform/auth/crypto.ts';
import type { PaduModule } from '../../../platform/http/app.tsx';
import { createEvidenceLog, evidenceNav, evidenceRoutes, type ExchangeRecord, type PaduEvidenceLog } from './index.ts';
import { sampleExchange } from './testing.ts';

/**
 * The evidence search, detail, proof and key APIs through real HTTP: each party sees only its own
 * exchanges (provider, consumer), auditors and the SPBE team see all, others nothing; another
 * agency's exchange is a 404; a proof from the API checks out with the standalone verifier.
 */
const root = path.resolve(import.meta.dirname, '../../../..');
const evidenceModule: PaduModule = { name: 'gerbang-evidence', routes: evidenceRoutes, nav: [evidenceNav] };

type Who = 'anon' | 'consumerA' | 'providerB' | 'thirdC' | 'auditor' | 'timSpbe' | 'warga' | 'tokenA' | 'tokenC';

for (const engine of engines()) {
  describe(`evidence search and proofs on ${engine}`, () => {
    let t: TestApp;
    let log: PaduEvidenceLog;
    const ids = {} as Record<'xr1' | 'xr2' | 'xr3' | 'xr4' | 'xr5', string>;
    const as = {} as Record<Who, Client>;

    before(async () => {
      t = await createTestApp(engine, { config: { evidence: { ...loadConfig({}).evidence, key: randomBytes(32).toString('hex') } }, modules: [...platformModules, evidenceModule] });
      const [a, b, c] = [await opdId(t.deps, 'diskominfo'), await opdId(t.deps, 'dinkes'), await opdId(t.deps, 'dinsos')];
      await createUser(t.deps, { email: 'petugas@kominfo.go.id', roles: [{ role: 'petugas', opd: 'diskominfo' }] });
      await createUser(t.deps, { email: 'admin@dinkes.go.id', roles: [{ role: 'admin_opd', opd: 'dinkes' }] });
      await createUser(t.deps, { email: 'petugas@dinsos.go.id', roles: [{ role: 'petugas', opd: 'dinsos' }] });
      await createUser(t.deps, { email: 'auditor@jatimprov.go.id', roles: [{ role: 'auditor' }] });
      await createUser(t.deps, { email: 'tim@jatimprov.go.id', roles: [{ role: 'tim_spbe' }] });
      await createUser(t.deps, { email: 'warga@example.id', roles: [{ role: 'warga' }] });
      const token = async (opd: string, raw: string, scopes: string[]) =>
        t.deps.db
          .insertInto('api_token')
          .values({ id: t.deps.ids.uuid(), opd_id: opd, name: `sistem-${raw.slice(5, 13)}`, token_prefix: raw.slice(5, 13), token_hash: sha256(raw), scopes, created_by: null, created_at: t.clock.now(), expires_at: null, last_used_at: null, revoked_at: null })
          .execute();
      await token(a, 'padu_aaaaaaaa_evidencetokenAevidencetokenA', ['gerbang:evidence']);
      await token(c, 'padu_cccccccc_evidencetokenCevidencetokenC', ['gerbang:call']);

      log = createEvidenceLog(t.deps, { nodeId: 'node-http', sealIntervalMs: 0 });
      const fromAtoB = { consumerOpdId: a, providerOpdId: b } satisfies Partial<ExchangeRecord>;
      await log.append(sampleExchange(1, { ...fromAtoB, responseBody: Buffer.from('{"nama":"Siti"}') }));
      await log.append(sampleExchange(2, { consumerOpdId: a, providerOpdId: a, client: 'JATIM/GOV/diskominfo/sistem-antrean', service: 'JATIM/GOV/diskominfo/portal/berita' }));
      await log.append(sampleExchange(3, { consumerOpdId: c, providerOpdId: c, client: 'JATIM/GOV/dinsos/siks', service: 'JATIM/GOV/dinsos/dtks/keluarga', status: 500, errorType: 'Server.ServerProxy.ServiceFailed' }));
      await log.append(sampleExchange(4, { ...fromAtoB, userId: 'EE:dokter-jaga', status: 404 }));
      await log.seal();
      await log.append(sampleExchange(5, fromAtoB)); // not sealed yet
      for (const x of [1, 2, 3, 4, 5] as const) {
        ids[`xr${x}`] = (await t.deps.db.selectFrom('gerbang_evidence').select('id').where('xroad_id', '=', `xr-${x}`).executeTakeFirstOrThrow()).id;
      }
      const signedIn = async (email: string) => {
        const client = new Client(t.app);
        await client.signIn(email);
        return client;
      };
      as.anon = new Client(t.app);
      as.consumerA = await signedIn('petugas@kominfo.go.id');
      as.providerB = await signedIn('admin@dinkes.go.id');
      as.thirdC = await signedIn('petugas@dinsos.go.id');
      as.auditor = await signedIn('auditor@jatimprov.go.id');
      as.timSpbe = await signedIn('tim@jatimprov.go.id');
      as.warga = await signedIn('warga@example.id');
      as.tokenA = new Client(t.app, { bearer: 'padu_aaaaaaaa_evidencetokenAevidencetokenA' });
      as.tokenC = new Client(t.app, { bearer: 'padu_cccccccc_evidencetokenCevidencetokenC' });
    });
    after(async () => {
      await log.close();
      await t.close();
    });

    const xroadIds = (res: { json(): { items: { xroadId: string }[] } }) => res.json().items.map((i) => i.xroadId).sort();

    test('each party sees only its own exchanges; auditors and the SPBE team see all', async () => {
      const expected: Record<Who, number | string[]> = {
        anon: 401,
        warga: 403,
        tokenC: 403,
        consumerA: ['xr-1', 'xr-2', 'xr-4', 'xr-5'],
        providerB: ['xr-1', 'xr-4', 'xr-5'],
        thirdC: ['xr-3'],
        tokenA: ['xr-1', 'xr-2', 'xr-4', 'xr-5'],
        auditor: ['xr-1', 'xr-2', 'xr-3', 'xr-4', 'xr-5'],
        timSpbe: ['xr-1', 'xr-2', 'xr-3', 'xr-4', 'xr-5'],
      };
      for (const [who, want] of Object.entries(expected) as [Who, number | string[]][]) {
        const res = await as[who].getJson('/api/v1/gerbang/evidence');
        if (typeof want === 'number') assert.equal(res.statusCode, want, who);
        else {
          assert.equal(res.statusCode, 200, `${who}: ${res.body}`);
          assert.deepEqual(xroadIds(res), want, who);
        }
      }
      const page = await as.consumerA.get('/gerbang/evidence');
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes(`/gerbang/evidence/${ids.xr1}`));
      assert.ok(!page.body.includes('xr-3'));
      assert.match(page.body, /<th scope="col">Peran Anda<\/th>/);
      assert.ok(page.body.includes('Pengguna'), 'agency A is the consumer of xr-1');
      const pageC = await as.thirdC.get('/gerbang/evidence');
      assert.ok(pageC.body.includes('xr-3') && !pageC.body.includes('xr-1<'));
      assert.equal((await as.warga.get('/gerbang/evidence')).statusCode, 403);
    });

    test('one exchange and its proof by id: parties and auditors yes, another agency 404', async () => {
      const expect: Record<Who, number> = { anon: 401, warga: 403, tokenC: 403, thirdC: 404, consumerA: 200, providerB: 200, tokenA: 200, auditor: 200, timSpbe: 200 };
      for (const url of [`/api/v1/gerbang/evidence/${ids.xr1}`, `/api/v1/gerbang/evidence/${ids.xr1}/proof`, `/gerbang/evidence/${ids.xr1}`]) {
        for (const [who, status] of Object.entries(expect) as [Who, number][]) {
          const res = url.startsWith('/api/') ? await as[who].getJson(url) : await as[who].get(url);
          assert.equal(res.statusCode, status, `${who} ${url}: ${res.body.slice(0, 200)}`);
        }
      }
      assert.equal((await as.providerB.getJson(`/api/v1/gerbang/evidence/${ids.xr2}`)).statusCode, 404, 'B is no party to an A-internal exchange');
      const detail = (await as.consumerA.getJson(`/api/v1/gerbang/evidence/${ids.xr1}`)).json();
      assert.equal(detail.path, '/pasien/3578010000000001?rinci=ya');
      assert.equal(detail.userId, 'EE:petugas-loket-1');
      assert.equal(detail.body, 'kept');
      assert.equal(detail.seal.seq, 1);
      const html = (await as.providerB.get(`/gerbang/evidence/${ids.xr1}`)).body;
      assert.ok(html.includes('/pasien/3578010000000001?rinci=ya'));
      assert.ok(html.includes(`/api/v1/gerbang/evidence/${ids.xr1}/proof`));
      const unsealed = await as.consumerA.getJson(`/api/v1/gerbang/evidence/${ids.xr5}/proof`);
      assert.equal(unsealed.statusCode, 409);
      assert.match(unsealed.json().title, /belum disegel/);
    });

    test('a proof from the API checks out with the standalone verifier, against the published key', async () => {
      const proof = (await as.providerB.getJson(`/api/v1/gerbang/evidence/${ids.xr4}/proof`)).json();
      const keys = await as.anon.getJson('/api/v1/gerbang/evidence/keys');
      assert.equal(keys.statusCode, 200);
      assert.deepEqual(keys.json().items.map((k: { keyId: string }) => k.keyId), [proof.publicKey.keyId]);
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'padu-proof-')), 'proof.json');
      fs.writeFileSync(file, JSON.stringify(proof));
      const run = spawnSync(process.execPath, ['scripts/verify-evidence-proof.mjs', file, '--trusted-key', proof.publicKey.keyId], { cwd: root, encoding: 'utf8' });
      assert.equal(run.status, 0, run.stdout + run.stderr);
      assert.match(run.stdout, /^VALID: X-Road-Id xr-4, GET JATIM\/GOV\/dinkes\/simrs\/pasien → 404/);
      assert.match(run.stdout, /ok {3}disclosed userId matches its commitment/);
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    });

    test('filters: service and client prefixes, status class, gateway errors, X-Road-Id, exact user id, dates', async () => {
      const q = async (query: string) => {
        const res = await as.auditor.getJson(`/api/v1/gerbang/evidence?${query}`);
        assert.equal(res.statusCode, 200, res.body);
        return xroadIds(res);
      };
      assert.deepEqual(await q('service=JATIM/GOV/dinkes'), ['xr-1', 'xr-4', 'xr-5']);
      assert.deepEqual(await q('service=JATIM/GOV/dinkes/simrs/pasien'), ['xr-1', 'xr-4', 'xr-5']);
      assert.deepEqual(await q('service=JATIM/GOV/dinke'), [], 'a prefix matches whole parts only');
      assert.deepEqual(await q('client=JATIM/GOV/dinsos/siks'), ['xr-3']);
      assert.deepEqual(await q('status=5xx'), ['xr-3']);
      assert.deepEqual(await q('status=404'), ['xr-4']);
      assert.deepEqual(await q('status=error'), ['xr-3']);
      assert.deepEqual(await q('xroadId=xr-2'), ['xr-2']);
      assert.deepEqual(await q('userId=EE:dokter-jaga'), ['xr-4']);
      assert.deepEqual(await q('userId=EE:dokter'), [], 'user ids match exactly');
      assert.deepEqual(await q('from=2026-03-02&to=2026-03-02'), ['xr-1', 'xr-2', 'xr-3', 'xr-4', 'xr-5']);
      assert.deepEqual(await q('from=2026-03-03'), []);
      const paged = (await as.auditor.getJson('/api/v1/gerbang/evidence?limit=2')).json();
      assert.deepEqual(paged.items.map((i: { xroadId: string }) => i.xroadId), ['xr-5', 'xr-4']);
      const next = (await as.auditor.getJson(`/api/v1/gerbang/evidence?limit=2&before=${paged.nextBefore}`)).json();
      assert.deepEqual(next.items.map((i: { xroadId: string }) => i.xroadId), ['xr-3', 'xr-2']);
      assert.equal((await as.auditor.getJson('/api/v1/gerbang/evidence?from=2026-03-05&to=2026-03-01')).statusCode, 400);
      const bad = await as.auditor.get('/gerbang/evidence?status=teapot');
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /error-summary/);
      // A scoped party's filters never widen its scope.
      assert.deepEqual(xroadIds(await as.thirdC.getJson('/api/v1/gerbang/evidence?service=JATIM/GOV/dinkes')), []);
    });
  });
}
