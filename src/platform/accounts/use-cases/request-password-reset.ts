import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { sha256 } from '../../auth/crypto.ts';
import { translate, type Locale, type MessageKey } from '../../i18n/index.ts';
import { queueMail } from '../../mail/index.ts';
import { findUserByEmail } from '../repo.ts';

const RESET_VALID_MS = 60 * 60_000;

/**
 * Creates a one-hour reset link and queues it by mail in the same transaction. Unknown or disabled
 * accounts get no mail and the caller gets the same answer, so the form reveals nothing.
 */
export async function requestPasswordReset(
  deps: Pick<Deps, 'db' | 'clock' | 'ids' | 'config' | 'mail'>,
  input: { email: string; locale: Locale },
): Promise<void> {
  const user = await findUserByEmail(deps.db, input.email);
  if (!user || user.status !== 'active') return;
  await deps.db.transaction().execute((tx) =>
    sendPasswordLink(tx, deps, { userId: user.id, email: user.email, name: user.name, locale: user.locale ?? input.locale }, 'password.reset_mail_subject', 'password.reset_mail_body'),
  );
  deps.mail.mailQueued();
}

/** Shared by reset requests and new accounts: a one-time link to choose a password. */
export async function sendPasswordLink(
  tx: Kysely<DB>,
  deps: Pick<Deps, 'clock' | 'ids' | 'config'>,
  user: { userId: string; email: string; name: string; locale: Locale },
  subjectKey: MessageKey,
  bodyKey: MessageKey,
): Promise<void> {
  const token = deps.ids.token(32);
  const now = deps.clock.now();
  await tx
    .insertInto('one_time_token')
    .values({ token_hash: sha256(token), purpose: 'password_reset', user_id: user.userId, created_at: now, expires_at: new Date(now.getTime() + RESET_VALID_MS), used_at: null })
    .execute();
  const link = `${deps.config.baseUrl}/password/reset?token=${encodeURIComponent(token)}`;
  await queueMail(
    tx,
    {
      to: user.email,
      subject: translate(user.locale, subjectKey),
      text: translate(user.locale, bodyKey, { name: user.name, link, email: user.email }),
    },
    deps,
  );
}
