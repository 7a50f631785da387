import fs from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Clock, Ids } from '../deps.ts';
import type { JobLogger, JobQueue } from '../jobs/index.ts';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

/**
 * Puts a mail in the outbox. Call it inside the transaction of the change that causes the mail:
 * once that commits the mail cannot be lost, and if it rolls back no mail goes out.
 */
export async function queueMail(db: Kysely<DB>, mail: OutgoingMail, deps: { ids: Ids; clock: Clock }): Promise<string> {
  const id = deps.ids.uuid();
  await db
    .insertInto('mail_outbox')
    .values({ id, to_address: mail.to, subject: mail.subject, body_text: mail.text, created_at: deps.clock.now(), sent_at: null, last_error: null })
    .execute();
  return id;
}

export interface MailTransport {
  send(mail: OutgoingMail & { id: string }): Promise<void>;
  close(): void;
}

/** SMTP when PADU_SMTP_URL is set; otherwise each mail becomes an .eml file in <dataDir>/mail. */
export function createMailTransport(config: { smtpUrl: string | undefined; mailFrom: string; dataDir: string }): MailTransport {
  const transporter = config.smtpUrl
    ? nodemailer.createTransport(config.smtpUrl)
    : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  const mailDir = path.join(config.dataDir, 'mail');
  return {
    async send(mail) {
      const info = await transporter.sendMail({ from: config.mailFrom, to: mail.to, subject: mail.subject, text: mail.text, messageId: `<${mail.id}@padu>` });
      if (!config.smtpUrl) {
        fs.mkdirSync(mailDir, { recursive: true });
        fs.writeFileSync(path.join(mailDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${mail.id}.eml`), (info as unknown as { message: Buffer }).message);
      }
    },
    close() {
      transporter.close();
    },
  };
}

export const MAX_ATTEMPTS = 10;

/**
 * Sends what is waiting in the outbox, oldest first. Rows are claimed with FOR UPDATE SKIP LOCKED
 * so several processes can deliver at once without sending a mail twice. A failure is recorded
 * and retried on the next run, up to MAX_ATTEMPTS.
 */
export async function deliverPendingMail(db: Kysely<DB>, transport: MailTransport, deps: { clock: Clock }, batch = 20): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  for (let i = 0; i < batch; i++) {
    const outcome = await db.transaction().execute(async (tx) => {
      const row = await tx
        .selectFrom('mail_outbox')
        .selectAll()
        .where('sent_at', 'is', null)
        .where('attempts', '<', MAX_ATTEMPTS)
        .orderBy('created_at')
        .limit(1)
        .forUpdate()
        .modifyEnd(sql`SKIP LOCKED`)
        .executeTakeFirst();
      if (!row) return 'empty' as const;
      try {
        await transport.send({ id: row.id, to: row.to_address, subject: row.subject, text: row.body_text });
        await tx.updateTable('mail_outbox').set({ sent_at: deps.clock.now(), attempts: row.attempts + 1, last_error: null }).where('id', '=', row.id).execute();
        return 'sent' as const;
      } catch (error) {
        await tx.updateTable('mail_outbox').set({ attempts: row.attempts + 1, last_error: String((error as Error).message).slice(0, 500) }).where('id', '=', row.id).execute();
        return 'failed' as const;
      }
    });
    if (outcome === 'empty') break;
    if (outcome === 'sent') sent++;
    else failed++;
  }
  return { sent, failed };
}

export const MAIL_JOB = 'mail.deliver';

/** Delivers right after a mail is queued, and sweeps every minute for anything left behind. */
export async function registerMailJobs(queue: JobQueue, deps: { db: Kysely<DB>; transport: MailTransport; clock: Clock; logger?: JobLogger }): Promise<void> {
  await queue.work(MAIL_JOB, async () => {
    const result = await deliverPendingMail(deps.db, deps.transport, deps);
    if (result.failed) deps.logger?.warn(result, 'some mail could not be delivered; will retry');
  });
  await queue.schedule(MAIL_JOB, '* * * * *');
}

export function notifyMailQueued(queue: JobQueue): void {
  // One pending delivery job is enough however many mails were queued meanwhile.
  void queue.send(MAIL_JOB, {}, { singletonKey: 'deliver' }).catch(() => {});
}
