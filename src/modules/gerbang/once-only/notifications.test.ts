import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http, { type IncomingHttpHeaders } from 'node:http';
import { createHmac, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { engines } from '../../../../test/support/db.ts';
import { Client, createTestApp, createUser, opdId, type TestApp } from '../../../../test/support/app.ts';
import { loadConfig } from '../../../config.ts';
import { platformModules } from '../../../platform/index.ts';
import { createJobQueue, type JobQueue } from '../../../platform/jobs/index.ts';
import { createGerbangModule } from '../index.ts';
import { loadGerbangSettings } from '../config.ts';
import { registerWebhookJobs } from './webhooks.ts';

/**
 * Change notifications end to end: a source publishes "record changed", subscribed subsystems get
 * it by webhook — a real receiver on loopback that fails the first attempts — with retries
 * scheduled by pg-boss at exponential delays, HMAC signatures, a dead-letter state and manual
 * retry; or pull it from a cursor feed with their own token.
 */
interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  answered: number;
}

interface Receiver {
  url: string;
  received: Received[];
  /** Status to answer for the n-th request (1-based). */
  answer: (n: number) => number;
  close(): Promise<void>;
}

async function startReceiver(answer: (n: number) => number): Promise<Receiver> {
  const received: Received[] = [];
  const r = { received, answer } as Receiver;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const status = r.answer(received.length + 1);
      received.push({ headers: req.headers, body, answered: status });
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(status < 300 ? 'ok' : 'try again');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  r.url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;
  r.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return r;
}

const waitFor = async (what: string, check: () => boolean | Promise<boolean>, ms = 30_000) => {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

const NIK = '3578015708900001';
const settings = { webhookBackoffSeconds: 1, webhookAttempts: 3, webhookTimeoutMs: 2000 };

for (const engine of engines()) {
  describe(`change notifications on ${engine}`, () => {
    let t: TestApp;
    let queue: JobQueue;
    let flaky: Receiver;
    let down: Receiver;
    const tokens: Record<string, string> = {};
    const sub: Record<string, string> = {};
    let elementId = '';
    let admin: Client;
    let adminDinsos: Client;
    let adminDinkes: Client;

    const ok = (res: { statusCode: number; body: string }, status = 200) => {
      assert.equal(res.statusCode, status, res.body.slice(0, 600));
      return JSON.parse(res.body);
    };
    const publish = (token: string, body: Record<string, unknown>) => new Client(t.app, { bearer: token }).send('POST', `/api/v1/gerbang/elements/${elementId}/changes`, body);
    const delivery = (subscriptionId: string) => t.deps.db.selectFrom('gerbang_delivery').selectAll().where('subscription_id', '=', subscriptionId).orderBy('created_at').execute();

    before(async () => {
      flaky = await startReceiver((n) => (n <= 2 ? 503 : 200));
      down = await startReceiver(() => 500);
      t = await createTestApp(engine, {
        modules: [...platformModules, createGerbangModule({ settings })],
        config: { evidence: { ...loadConfig({}).evidence, key: randomBytes(32).toString('hex') } },
      });
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      queue = createJobQueue({ connection: t.database.connection, pollingIntervalSeconds: 0.5 });
      await queue.start();
      t.app.padu.jobs = queue;
      await registerWebhookJobs(queue, { ...t.deps, settings: { ...loadGerbangSettings(), ...settings } });

      await createUser(t.deps, { email: 'admin@jatimprov.go.id', roles: [{ role: 'admin' }] });
      await createUser(t.deps, { email: 'admin@dinsos.go.id', roles: [{ role: 'admin_opd', opd: 'dinsos' }] });
      await createUser(t.deps, { email: 'admin@dinkes.go.id', roles: [{ role: 'admin_opd', opd: 'dinkes' }] });
      await createUser(t.deps, { email: 'admin@surabaya.go.id', roles: [{ role: 'admin_opd', opd: '35.78' }] });
      admin = new Client(t.app);
      await admin.signIn('admin@jatimprov.go.id');
      adminDinsos = new Client(t.app);
      await adminDinsos.signIn('admin@dinsos.go.id');
      adminDinkes = new Client(t.app);
      await adminDinkes.signIn('admin@dinkes.go.id');
      for (const [opd, code] of [['35.78', 'siak'], ['35.78', 'lain'], ['dinsos', 'siks'], ['dinsos', 'arsip'], ['dinkes', 'simrs'], ['dishub', 'sitrans']] as const) {
        sub[code] = ok(await admin.send('POST', '/api/v1/gerbang/subsystems', { opdId: await opdId(t.deps, opd), code, name: `Sistem ${code}` }), 201).id;
        tokens[code] = ok(await admin.send('POST', `/api/v1/gerbang/subsystems/${sub[code]}/tokens`, {}), 201).token;
      }
      const service = ok(await admin.send('POST', `/api/v1/gerbang/subsystems/${sub.siak}/services`, { code: 'penduduk', upstreamUrl: 'http://127.0.0.1:9/', personalData: true, endpoints: [{ method: 'GET', path: '/alamat/{nik}' }] }), 201).id;
      ok(await admin.send('POST', `/api/v1/gerbang/services/${service}/lifecycle`, { lifecycle: 'published' }));
      for (const code of ['siks', 'arsip', 'simrs']) ok(await admin.send('POST', `/api/v1/gerbang/services/${service}/rights`, { subsystem: sub[code] }), 201);
      await createUser(t.deps, { email: 'tim@jatimprov.go.id', roles: [{ role: 'tim_spbe' }] });
      const tim = new Client(t.app);
      await tim.signIn('tim@jatimprov.go.id');
      elementId = ok(
        await tim.send('POST', '/api/v1/gerbang/elements', { code: 'alamat', name: 'Alamat', subjectKind: 'person', keyKind: 'nik', serviceId: service, pathTemplate: '/alamat/{key}', fields: [{ name: 'jalan', label: 'Jalan' }] }),
        201,
      ).id;
    });
    after(async () => {
      await queue.stop();
      await t.close();
      await flaky.close();
      await down.close();
    });

    test('subscriptions: by webhook (secret shown once) or pull, only with an access right to the source, only for one’s own agency', async () => {
      const created = ok(await adminDinsos.send('POST', '/api/v1/gerbang/subscriptions', { subsystem: 'JATIM/GOV/dinsos/siks', element: 'alamat', delivery: 'webhook', webhookUrl: flaky.url }), 201);
      assert.match(created.secret, /^whsec_/);
      sub.flakySubscription = created.id;
      const read = ok(await adminDinsos.getJson(`/api/v1/gerbang/subscriptions/${created.id}`));
      assert.equal(read.secret, undefined, 'the secret is never shown again');
      tokens.flakySecret = created.secret;
      const dead = ok(await adminDinkes.send('POST', '/api/v1/gerbang/subscriptions', { subsystem: sub.simrs, element: elementId, delivery: 'webhook', webhookUrl: down.url }), 201);
      sub.downSubscription = dead.id;
      tokens.downSecret = dead.secret;
      const pull = ok(await adminDinsos.send('POST', '/api/v1/gerbang/subscriptions', { subsystem: sub.arsip, element: 'alamat', delivery: 'pull' }), 201);
      assert.equal(pull.secret, null);
      sub.pullSubscription = pull.id;

      ok(await adminDinsos.send('POST', '/api/v1/gerbang/subscriptions', { subsystem: sub.siks, element: 'alamat', delivery: 'pull' }), 409);
      const noRight = ok(await admin.send('POST', '/api/v1/gerbang/subscriptions', { subsystem: sub.sitrans, element: 'alamat', delivery: 'pull' }), 400);
      assert.equal(noRight.errors[0].field, 'element');
      assert.equal((await adminDinsos.send('POST', '/api/v1/gerbang/subscriptions', { subsystem: sub.simrs, element: 'alamat', delivery: 'pull' })).statusCode, 404);
      ok(await adminDinsos.send('POST', '/api/v1/gerbang/subscriptions', { subsystem: sub.siks, element: 'alamat', delivery: 'webhook' }), 400);
      const mine = ok(await adminDinsos.getJson('/api/v1/gerbang/subscriptions'));
      assert.deepEqual(mine.items.map((s: { id: string }) => s.id).sort(), [created.id, pull.id].sort());
      const page = await adminDinsos.get('/gerbang/subscriptions');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /JATIM\/GOV\/dinsos\/siks/);
      assert.doesNotMatch(page.body, /dinkes\/simrs/);
    });

    test('the source publishes; the webhook gets it signed, retried with exponential delays until it answers 2xx', async () => {
      ok(await publish(tokens.lain!, { recordKey: NIK }), 403);
      ok(await publish(tokens.siks!, { recordKey: NIK }), 403);
      ok(await publish(tokens.siak!, { recordKey: '123' }), 400);
      const published = ok(await publish(tokens.siak!, { recordKey: NIK, changedFields: ['jalan', 'kodePos'] }), 202);
      assert.equal(published.deliveries, 2);

      await waitFor('three attempts, the last accepted', async () => (await delivery(sub.flakySubscription!))[0]?.status === 'delivered');
      const [row] = await delivery(sub.flakySubscription!);
      assert.equal(row!.attempts, 3);
      assert.deepEqual(flaky.received.map((r) => [r.headers['x-padu-attempt'], r.answered]), [['1', 503], ['2', 503], ['3', 200]]);
      for (const r of flaky.received) {
        const [, ts, sig] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(r.headers['x-padu-signature']))!;
        assert.equal(sig, createHmac('sha256', tokens.flakySecret!).update(`${ts}.${r.body}`).digest('hex'), 'signed with the subscription’s secret');
        const event = JSON.parse(r.body);
        assert.equal(event.type, 'record.changed');
        assert.equal(event.element, 'alamat');
        assert.equal(event.recordKey, NIK);
        assert.deepEqual(event.changedFields, ['jalan', 'kodePos']);
        assert.equal(event.id, published.id);
      }
      // Each retry is a pg-boss job started after 1 s, then 2 s.
      const { rows } = await sql<{ attempt: number; delay: number }>`
        SELECT (data->>'attempt')::int AS attempt, round(extract(epoch FROM start_after - created_on))::int AS delay
        FROM pgboss.job WHERE name = 'gerbang.webhook.deliver' AND data->>'deliveryId' = ${row!.id} ORDER BY 1`.execute(t.deps.db);
      assert.deepEqual(rows.map((r) => [r.attempt, r.delay]), [[1, 0], [2, 1], [3, 2]]);
    });

    test('after the last attempt a delivery is a dead letter; a manual retry sends it again', async () => {
      await waitFor('the dead letter', async () => (await delivery(sub.downSubscription!))[0]?.status === 'dead');
      assert.equal(down.received.length, 3);
      const deadView = ok(await adminDinkes.getJson(`/api/v1/gerbang/subscriptions/${sub.downSubscription}?status=dead`));
      assert.equal(deadView.counts.dead, 1);
      assert.equal(deadView.deliveries[0].attempts, 3);
      assert.equal(deadView.deliveries[0].lastError, 'HTTP 500');
      const page = await adminDinkes.get(`/gerbang/subscriptions/${sub.downSubscription}?status=dead`);
      assert.match(page.body, /Kirim ulang/);

      ok(await adminDinsos.send('POST', `/api/v1/gerbang/deliveries/${deadView.deliveries[0].id}/retry`), 404);
      down.answer = () => 204;
      const form = await adminDinkes.postForm(`/gerbang/deliveries/${deadView.deliveries[0].id}/retry`, {});
      assert.equal(form.statusCode, 303);
      await waitFor('the retried delivery', async () => (await delivery(sub.downSubscription!))[0]?.status === 'delivered');
      assert.equal((await delivery(sub.downSubscription!))[0]!.attempts, 4);
      ok(await adminDinkes.send('POST', `/api/v1/gerbang/deliveries/${deadView.deliveries[0].id}/retry`), 409);
      const audit = await t.deps.db.selectFrom('audit_log').select('action').where('action', 'like', 'gerbang.%').execute();
      for (const action of ['gerbang.subscription_created', 'gerbang.change_published', 'gerbang.delivery_retried']) assert.ok(audit.some((a) => a.action === action), action);
    });

    test('a pull subscriber reads the feed with its own token, from a cursor', async () => {
      const feed = (token: string, cursor?: string) => new Client(t.app, { bearer: token }).getJson(`/api/v1/gerbang/subscriptions/${sub.pullSubscription}/events${cursor ? `?cursor=${cursor}` : ''}`);
      const first = ok(await feed(tokens.arsip!));
      assert.equal(first.items.length, 1);
      assert.equal(first.items[0].recordKey, NIK);
      const empty = ok(await feed(tokens.arsip!, first.nextCursor));
      assert.deepEqual(empty, { items: [], nextCursor: first.nextCursor });
      ok(await publish(tokens.siak!, { recordKey: '3578010203850002' }), 202);
      const form = await new Client(t.app).postForm(`/gerbang/elements/${elementId}/changes`, { recordKey: NIK });
      assert.equal(form.statusCode, 401);
      const surabaya = new Client(t.app);
      await surabaya.signIn('admin@surabaya.go.id');
      assert.equal((await surabaya.postForm(`/gerbang/elements/${elementId}/changes`, { recordKey: NIK, changedFields: 'rt, rw' })).statusCode, 303);
      const next = ok(await feed(tokens.arsip!, first.nextCursor));
      assert.deepEqual(next.items.map((i: { recordKey: string }) => i.recordKey), ['3578010203850002', NIK]);
      assert.deepEqual(next.items[1].changedFields, ['rt', 'rw']);
      // Another subsystem's token, even of the same agency, does not read this feed.
      assert.equal((await feed(tokens.siks!)).statusCode, 404);
      assert.equal((await feed(tokens.simrs!)).statusCode, 404);
      assert.equal((await adminDinsos.getJson(`/api/v1/gerbang/subscriptions/${sub.pullSubscription}/events`)).statusCode, 200);
      // A cancelled subscription gets no more deliveries.
      ok(await adminDinsos.send('DELETE', `/api/v1/gerbang/subscriptions/${sub.flakySubscription}`));
      const before = (await delivery(sub.flakySubscription!)).length;
      ok(await publish(tokens.siak!, { recordKey: NIK }), 202);
      assert.equal((await delivery(sub.flakySubscription!)).length, before);
      // No record key is stored in clear.
      const { rows } = await sql<{ row: string }>`SELECT row_to_json(e)::text AS row FROM gerbang_change_event e`.execute(t.deps.db);
      assert.ok(!rows.some((r) => r.row.includes(NIK)));
    });
  });
}
