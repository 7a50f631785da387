import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { engines } from '../../../../test/support/db.ts';
import { Client, createTestApp, createUser, type TestApp } from '../../../../test/support/app.ts';
import { modules as allModules } from '../../../modules.ts';
import { createAduanModule } from '../index.ts';
import { createLaporHttpAdapter, LaporError, type LaporReport } from './adapter.ts';
import { runSweep } from '../use-cases/run-sweep.ts';
import { forwardToLapor } from '../use-cases/forward-to-lapor.ts';
import { disposeReport } from '../use-cases/verify-report.ts';

/** A stand-in for the SP4N-LAPOR! integration endpoint on loopback: records what it receives. */
function stubLapor() {
  const received: { path: string; authorization: string | undefined; body: LaporReport }[] = [];
  let mode: 'ok' | 'error' | 'garbage' | 'no-reference' = 'ok';
  let next = 1000;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', authorization: req.headers.authorization, body: JSON.parse(raw || '{}') as LaporReport });
      if (mode === 'error') return void res.writeHead(503, { 'content-type': 'application/json' }).end('{"message":"sedang pemeliharaan"}');
      if (mode === 'garbage') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html>bukan json</html>');
      if (mode === 'no-reference') return void res.writeHead(201, { 'content-type': 'application/json' }).end('{"ok":true}');
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ reference: `LAPOR-${next++}` }));
    });
  });
  return {
    received,
    setMode: (m: typeof mode) => void (mode = m),
    start: () => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`))),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const CENTRAL = {
  type: 'pengaduan',
  title: 'Kartu BPJS Kesehatan tidak aktif',
  description: 'Kartu BPJS Kesehatan saya tidak aktif padahal iuran dibayar setiap bulan.',
  categoryCode: 'urusan-pusat',
  regionCode: '35.15',
  channel: 'telepon',
  name: 'Dewi Pelapor',
  email: 'dewi@example.id',
  anonim: true,
};

describe('the SP4N-LAPOR! HTTP adapter', () => {
  const stub = stubLapor();
  let url = '';
  before(async () => {
    url = await stub.start();
  });
  after(() => stub.stop());

  const sample: LaporReport = {
    trackingId: 'ADU-2603-ABCDEF',
    type: 'pengaduan',
    title: 'Judul',
    description: 'Uraian',
    category: { code: 'urusan-pusat', name: 'Urusan pemerintah pusat' },
    region: { code: '35.15', name: 'Kabupaten Sidoarjo' },
    district: null,
    location: null,
    anonymous: false,
    confidential: false,
    reporter: { name: null, email: null, phone: null },
    receivedAt: '2026-03-02T02:00:00.000Z',
    url: 'http://localhost:3000/aduan/laporan/ADU-2603-ABCDEF',
  };

  test('posts JSON with the bearer credential and returns the reference', async () => {
    stub.setMode('ok');
    const adapter = createLaporHttpAdapter({ url, token: 'kredensial-lapor' });
    const { reference } = await adapter.forward(sample);
    assert.match(reference, /^LAPOR-\d+$/);
    const last = stub.received.at(-1)!;
    assert.equal(last.path, '/laporan');
    assert.equal(last.authorization, 'Bearer kredensial-lapor');
    assert.deepEqual(last.body, sample);
  });

  test('anything but a reference is an error to retry', async () => {
    const adapter = createLaporHttpAdapter({ url });
    for (const mode of ['error', 'garbage', 'no-reference'] as const) {
      stub.setMode(mode);
      await assert.rejects(adapter.forward(sample), LaporError, mode);
    }
    await assert.rejects(createLaporHttpAdapter({ url: 'http://127.0.0.1:9', timeoutMs: 2000 }).forward(sample), /unreachable/);
  });
});

for (const engine of engines()) {
  describe(`central-government reports go to SP4N-LAPOR! (${engine})`, () => {
    const stub = stubLapor();
    let t: TestApp;
    let tim: Client;
    let url = '';

    before(async () => {
      url = await stub.start();
      const aduan = createAduanModule({ lapor: createLaporHttpAdapter({ url, token: 'kredensial-lapor' }) });
      t = await createTestApp(engine, { modules: allModules.map((m) => (m.name === 'aduan' ? aduan : m)) });
      await createUser(t.deps, { email: 'tim.spbe@jatimprov.go.id', roles: [{ role: 'tim_spbe' }] });
      tim = new Client(t.app);
      await tim.signIn('tim.spbe@jatimprov.go.id');
    });
    after(async () => {
      await t.close();
      await stub.stop();
    });

    async function enterAndDispose() {
      const entered = await tim.send('POST', '/api/v1/aduan/staff-reports', CENTRAL);
      assert.equal(entered.statusCode, 201, entered.body);
      const { id, trackingId } = entered.json() as { id: string; trackingId: string };
      const disposed = await tim.send('POST', `/api/v1/aduan/reports/${id}/dispose`, {});
      assert.equal(disposed.statusCode, 200, disposed.body);
      assert.deepEqual(disposed.json(), { status: 'diteruskan_lapor', agency: null, competence: 'pusat' });
      return { id, trackingId };
    }
    const row = (id: string) => t.deps.db.selectFrom('aduan_report').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    test('the coordinator disposes a central matter: it is marked and handed over at once', async () => {
      stub.setMode('ok');
      const before = stub.received.length;
      const { id, trackingId } = await enterAndDispose();
      assert.equal(stub.received.length, before + 1);
      const sent = stub.received.at(-1)!;
      assert.equal(sent.authorization, 'Bearer kredensial-lapor');
      assert.equal(sent.body.trackingId, trackingId);
      assert.deepEqual([sent.body.category.code, sent.body.region.code, sent.body.anonymous, sent.body.confidential], ['urusan-pusat', '35.15', true, false]);
      // LAPOR! is in the handling chain: it gets the contact to answer the reporter.
      assert.equal(sent.body.reporter.email, 'dewi@example.id');
      assert.equal(sent.body.url, `http://localhost:3000/aduan/laporan/${trackingId}`);
      const r = await row(id);
      assert.equal(r.status, 'diteruskan_lapor');
      assert.equal(r.lapor_state, 'terkirim');
      assert.match(r.lapor_reference ?? '', /^LAPOR-\d+$/);
      const page = await new Client(t.app).get(`/aduan/laporan/${trackingId}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Diteruskan ke SP4N-LAPOR!/);
      assert.ok(page.body.includes(`Diterima SP4N-LAPOR! dengan nomor ${r.lapor_reference}`));
      assert.ok(!page.body.includes('Dewi Pelapor'), 'anonymous');
    });

    test('a failed hand-over is recorded and retried by the sweep', async () => {
      stub.setMode('error');
      const { id } = await enterAndDispose();
      let r = await row(id);
      assert.equal(r.lapor_state, 'gagal');
      assert.equal(r.lapor_attempts, 1);
      assert.match(r.lapor_last_error ?? '', /503/);
      const staffPage = await tim.get(`/aduan/kelola/${id}`);
      assert.match(staffPage.body, /Gagal, akan dicoba lagi/);
      stub.setMode('ok');
      const swept = await runSweep(t.deps, createLaporHttpAdapter({ url, token: 'kredensial-lapor' }));
      assert.equal(swept.forwarded, 1);
      r = await row(id);
      assert.equal(r.lapor_state, 'terkirim');
      assert.equal(r.lapor_attempts, 2);
      assert.equal((await runSweep(t.deps, createLaporHttpAdapter({ url }))).forwarded, 0, 'sent once');
    });

    test('without an adapter the report stays marked for forwarding', async () => {
      stub.setMode('ok');
      const entered = await tim.send('POST', '/api/v1/aduan/staff-reports', CENTRAL);
      const { id } = entered.json() as { id: string };
      // Disposed with no adapter configured (a province without the national integration).
      const actor = { kind: 'user' as const, userId: (await t.deps.db.selectFrom('app_user').select('id').where('email', '=', 'tim.spbe@jatimprov.go.id').executeTakeFirstOrThrow()).id, name: 'Tim', email: 'tim.spbe@jatimprov.go.id', grants: [{ role: 'tim_spbe' as const, opdId: null }] };
      const result = await disposeReport(t.deps, { actor }, id, {});
      assert.equal(result.forwardToLapor, true);
      assert.equal(await forwardToLapor(t.deps, null, id), 'skipped');
      const r = await row(id);
      assert.equal(r.lapor_state, 'menunggu');
      assert.equal(r.lapor_attempts, 0);
    });
  });
}

