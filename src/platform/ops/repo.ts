import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { MAX_ATTEMPTS } from '../mail/index.ts';

/** Unsent mail: still being retried, or given up after MAX_ATTEMPTS; and the oldest retried one. */
export async function mailOutboxBacklog(db: Db): Promise<{ pending: number; givenUp: number; oldestPending: Date | null }> {
  const row = await db
    .selectFrom('mail_outbox')
    .where('sent_at', 'is', null)
    .select([
      sql<string>`count(*) FILTER (WHERE attempts < ${MAX_ATTEMPTS})`.as('pending'),
      sql<string>`count(*) FILTER (WHERE attempts >= ${MAX_ATTEMPTS})`.as('given_up'),
      sql<Date | null>`min(created_at) FILTER (WHERE attempts < ${MAX_ATTEMPTS})`.as('oldest_pending'),
    ])
    .executeTakeFirstOrThrow();
  return { pending: Number(row.pending), givenUp: Number(row.given_up), oldestPending: row.oldest_pending };
}

/** The database answers at all. */
export async function databaseAnswers(db: Db): Promise<void> {
  await sql`SELECT 1`.execute(db);
}
