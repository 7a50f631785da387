import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { randomUUID } from 'node:crypto';
import { SMTPServer } from 'smtp-server';
import { engines, createTestDatabase, type TestDatabase } from '../../../test/support/db.ts';
import { createJobQueue } from '../jobs/index.ts';
import { createMailTransport, deliverPendingMail, notifyMailQueued, queueMail, registerMailJobs } from './index.ts';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

/** A real SMTP server on loopback that keeps what it receives. */
async function startSmtp(): Promise<{ port: number; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      stream.on('end', () => {
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as net.AddressInfo).port;
  return { port, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

const clock = { now: () => new Date('2026-03-02T02:00:00Z') };
const ids = { uuid: () => randomUUID(), token: () => 'x' };

for (const engine of engines()) {
  describe(`mail on ${engine}`, () => {
    let database: TestDatabase;
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    before(async () => {
      database = await createTestDatabase(engine);
      smtp = await startSmtp();
    });
    after(async () => {
      await smtp.close();
      await database.close();
    });

    test('a queued mail is delivered to a real SMTP server once and marked sent', async () => {
      const id = await queueMail(database.db, { to: 'warga@example.id', subject: 'Uji kirim', text: 'Halo dari Padu' }, { ids, clock });
      const transport = createMailTransport({ smtpUrl: `smtp://127.0.0.1:${smtp.port}`, mailFrom: 'Padu <padu@jatimprov.go.id>', dataDir: os.tmpdir() });
      assert.deepEqual(await deliverPendingMail(database.db, transport, { clock }), { sent: 1, failed: 0 });
      assert.deepEqual(await deliverPendingMail(database.db, transport, { clock }), { sent: 0, failed: 0 }, 'nothing is sent twice');
      transport.close();
      assert.equal(smtp.received.length, 1);
      assert.deepEqual(smtp.received[0]!.to, ['warga@example.id']);
      assert.equal(smtp.received[0]!.from, 'padu@jatimprov.go.id');
      assert.match(smtp.received[0]!.raw, /Subject: Uji kirim/);
      assert.match(smtp.received[0]!.raw, /Halo dari Padu/);
      const row = await database.db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.ok(row.sent_at);
      assert.equal(row.attempts, 1);
    });

    test('an unreachable server records the failure and keeps the mail for a retry', async () => {
      const id = await queueMail(database.db, { to: 'a@example.id', subject: 'Gagal', text: 'x' }, { ids, clock });
      const transport = createMailTransport({ smtpUrl: `smtp://127.0.0.1:${await closedPort()}`, mailFrom: 'p@example.id', dataDir: os.tmpdir() });
      const result = await deliverPendingMail(database.db, transport, { clock }, 1);
      assert.equal(result.failed, 1);
      const row = await database.db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(row.sent_at, null);
      assert.equal(row.attempts, 1);
      assert.match(row.last_error ?? '', /ECONNREFUSED|connect/i);
      const good = createMailTransport({ smtpUrl: `smtp://127.0.0.1:${smtp.port}`, mailFrom: 'p@example.id', dataDir: os.tmpdir() });
      await deliverPendingMail(database.db, good, { clock });
      good.close();
      const retried = await database.db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.ok(retried.sent_at, 'delivered on the next run');
    });

    test('without SMTP, mail is written as .eml files in the data folder', async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'padu-mail-'));
      await queueMail(database.db, { to: 'dev@example.id', subject: 'Mode pengembangan', text: 'Isi surat' }, { ids, clock });
      const transport = createMailTransport({ smtpUrl: undefined, mailFrom: 'Padu <no-reply@localhost>', dataDir });
      await deliverPendingMail(database.db, transport, { clock });
      const files = fs.readdirSync(path.join(dataDir, 'mail'));
      assert.equal(files.length, 1);
      const eml = fs.readFileSync(path.join(dataDir, 'mail', files[0]!), 'utf8');
      assert.match(eml, /To: dev@example.id/);
      assert.match(eml, /Subject: Mode pengembangan/);
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    test('the pg-boss job delivers queued mail in the background', async () => {
      const jobs = createJobQueue({ connection: database.connection, pollingIntervalSeconds: 0.5 });
      await jobs.start();
      try {
        const transport = createMailTransport({ smtpUrl: `smtp://127.0.0.1:${smtp.port}`, mailFrom: 'p@example.id', dataDir: os.tmpdir() });
        await registerMailJobs(jobs, { db: database.db, transport, clock });
        const before = smtp.received.length;
        await queueMail(database.db, { to: 'job@example.id', subject: 'Lewat antrean', text: 'x' }, { ids, clock });
        notifyMailQueued(jobs);
        const deadline = Date.now() + 20_000;
        while (smtp.received.length === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
        assert.equal(smtp.received.length, before + 1);
        assert.deepEqual(smtp.received.at(-1)!.to, ['job@example.id']);
        const sizes = await jobs.queueSizes();
        assert.ok(sizes.some((s) => s.queue === 'mail.deliver'));
        transport.close();
      } finally {
        await jobs.stop();
      }
    });
  });
}
