import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from '../../../test/support/db.ts';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { createJobQueue } from '../jobs/index.ts';
import { MAX_ATTEMPTS, queueMail } from '../mail/index.ts';

/** The value of one sample in Prometheus text format, or undefined when the series is absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[3]);
  }
  return undefined;
}

const basic = (password: string) => `Basic ${Buffer.from(`prometheus:${password}`).toString('base64')}`;

for (const engine of engines()) {
  describe(`ops on ${engine}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(engine);
    });
    after(() => t.close());

    test('health and readiness answer without a session', async () => {
      const health = await t.app.inject({ url: '/healthz' });
      assert.equal(health.statusCode, 200);
      assert.deepEqual(health.json(), { status: 'ok' });
      const ready = await t.app.inject({ url: '/readyz' });
      assert.equal(ready.statusCode, 200);
      assert.deepEqual(ready.json(), { status: 'ready' });
    });

    test('/metrics counts requests by route pattern with latency histograms', async () => {
      await t.app.inject({ url: '/healthz' });
      await t.app.inject({ url: '/healthz' });
      await t.app.inject({ url: '/login', headers: { accept: 'text/html' } });
      await t.app.inject({ url: '/no/such/page/3578010101900001' });
      const res = await t.app.inject({ url: '/metrics' });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
      const text = res.body;
      assert.match(text, /^# TYPE padu_http_requests_total counter$/m);
      assert.match(text, /^# TYPE padu_http_request_duration_seconds histogram$/m);
      // Two from this test, one from the test before (the counter lives as long as the app).
      assert.equal(sample(text, 'padu_http_requests_total', { method: 'GET', route: '/healthz', status: '200' }), 3);
      assert.equal(sample(text, 'padu_http_requests_total', { method: 'GET', route: '/login', status: '200' }), 1);
      // Unknown URLs share one label, so scanning for pages cannot blow up the series count.
      assert.equal(sample(text, 'padu_http_requests_total', { method: 'GET', route: 'unmatched', status: '404' }), 1);
      assert.doesNotMatch(text, /3578010101900001/);
      assert.equal(sample(text, 'padu_http_request_duration_seconds_count', { method: 'GET', route: '/healthz' }), 3);
      assert.equal(sample(text, 'padu_http_request_duration_seconds_bucket', { method: 'GET', route: '/healthz', le: '+Inf' }), 3);
      assert.ok(sample(text, 'padu_http_request_duration_seconds_sum', { method: 'GET', route: '/healthz' })! > 0);
      assert.ok(sample(text, 'padu_process_resident_memory_bytes')! > 0, 'default process metrics are there, prefixed');
    });

    test('/metrics shows the database pool', async () => {
      const text = (await t.app.inject({ url: '/metrics' })).body;
      const open = sample(text, 'padu_db_pool_connections');
      const idle = sample(text, 'padu_db_pool_idle_connections');
      assert.ok(open !== undefined && open >= 1, 'the pool has served queries, so it holds a connection');
      assert.ok(idle !== undefined && idle <= open);
      assert.equal(sample(text, 'padu_db_pool_waiting_requests'), 0);
      assert.equal(sample(text, 'padu_db_pool_max_connections'), t.database.pool.options.max);
    });

    test('/metrics shows the mail outbox backlog', async () => {
      const before = (await t.app.inject({ url: '/metrics' })).body;
      assert.equal(sample(before, 'padu_mail_outbox_unsent', { state: 'pending' }), 0);
      assert.equal(sample(before, 'padu_mail_outbox_oldest_pending_age_seconds'), 0);
      const deps = { ids: t.deps.ids, clock: t.clock };
      await queueMail(t.deps.db, { to: 'a@example.id', subject: 'Satu', text: 'x' }, deps);
      await queueMail(t.deps.db, { to: 'b@example.id', subject: 'Dua', text: 'x' }, deps);
      const dead = await queueMail(t.deps.db, { to: 'c@example.id', subject: 'Gagal', text: 'x' }, deps);
      await t.deps.db.updateTable('mail_outbox').set({ attempts: MAX_ATTEMPTS, last_error: 'mailbox unavailable' }).where('id', '=', dead).execute();
      const sent = await queueMail(t.deps.db, { to: 'd@example.id', subject: 'Terkirim', text: 'x' }, deps);
      await t.deps.db.updateTable('mail_outbox').set({ sent_at: t.clock.now(), attempts: 1 }).where('id', '=', sent).execute();
      t.clock.advance(90_000);
      const text = (await t.app.inject({ url: '/metrics' })).body;
      assert.equal(sample(text, 'padu_mail_outbox_unsent', { state: 'pending' }), 2);
      assert.equal(sample(text, 'padu_mail_outbox_unsent', { state: 'given_up' }), 1);
      assert.equal(sample(text, 'padu_mail_outbox_oldest_pending_age_seconds'), 90);
    });

    test('/metrics shows background job queues when this process runs jobs', async () => {
      assert.equal(sample((await t.app.inject({ url: '/metrics' })).body, 'padu_jobs_queued'), undefined, 'no job queue in this app (PADU_JOBS off)');
      const jobs = createJobQueue({ connection: t.database.connection });
      await jobs.start();
      try {
        // No worker listens on this queue, so the jobs stay waiting.
        await jobs.send('ops.metrics-test', { n: 1 });
        await jobs.send('ops.metrics-test', { n: 2 });
        t.app.padu.metrics.observeJobs(jobs);
        const text = (await t.app.inject({ url: '/metrics' })).body;
        assert.equal(sample(text, 'padu_jobs_queued', { queue: 'ops.metrics-test' }), 2);
      } finally {
        await jobs.stop();
      }
      // The queue is stopped: the scrape still succeeds and counts the failed read.
      const after = await t.app.inject({ url: '/metrics' });
      assert.equal(after.statusCode, 200);
      assert.equal(sample(after.body, 'padu_jobs_queued', { queue: 'ops.metrics-test' }), undefined);
      assert.equal(sample(after.body, 'padu_metrics_collect_errors_total', { metric: 'padu_jobs_queued' }), 1);
      assert.ok(sample(after.body, 'padu_db_pool_connections')! >= 1);
    });

    test('without PADU_METRICS_TOKEN, /metrics answers only direct loopback requests', async () => {
      const remote = await t.app.inject({ url: '/metrics', remoteAddress: '203.0.113.7' });
      assert.equal(remote.statusCode, 403);
      assert.equal(remote.json().code, 'forbidden');
      assert.doesNotMatch(remote.body, /padu_http/);
      assert.equal((await t.app.inject({ url: '/metrics', remoteAddress: '::1' })).statusCode, 200);
      assert.equal((await t.app.inject({ url: '/metrics', remoteAddress: '::ffff:127.0.0.1' })).statusCode, 200);
      // A reverse proxy on this machine connects from 127.0.0.1 but forwards outside visitors.
      for (const header of [{ 'x-forwarded-for': '127.0.0.1' }, { forwarded: 'for=127.0.0.1' }, { 'x-real-ip': '198.51.100.2' }]) {
        const proxied = await t.app.inject({ url: '/metrics', remoteAddress: '127.0.0.1', headers: header });
        assert.equal(proxied.statusCode, 403, JSON.stringify(header));
      }
    });

    test('with PADU_METRICS_TOKEN, /metrics needs it as the Basic password from any address', async () => {
      const secured = await createTestApp(engine, { config: { metricsToken: 'rahasia-metrik-123' } });
      try {
        const none = await secured.app.inject({ url: '/metrics' });
        assert.equal(none.statusCode, 401, 'loopback alone is not enough once a token is set');
        assert.match(String(none.headers['www-authenticate']), /^Basic realm="padu-metrics"/);
        const wrong = await secured.app.inject({ url: '/metrics', headers: { authorization: basic('salah') } });
        assert.equal(wrong.statusCode, 401);
        const malformed = await secured.app.inject({ url: '/metrics', headers: { authorization: 'Basic !!!' } });
        assert.equal(malformed.statusCode, 401);
        const ok = await secured.app.inject({ url: '/metrics', remoteAddress: '10.1.2.3', headers: { authorization: basic('rahasia-metrik-123'), 'x-forwarded-for': '198.51.100.2' } });
        assert.equal(ok.statusCode, 200);
        assert.match(ok.body, /^# TYPE padu_http_requests_total counter$/m);
      } finally {
        await secured.close();
      }
    });
  });
}
