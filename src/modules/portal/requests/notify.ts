import type { Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema.ts';
import type { Deps } from '../../../platform/deps.ts';
import { queueMail } from '../../../platform/mail/index.ts';
import { translate, type Locale, type MessageKey } from '../../../platform/i18n/index.ts';
import { trackingPath } from './paths.ts';
import './messages.ts';

export interface CitizenNotice {
  requestId: string | null;
  userId: string;
  /** The inbox text, also the mail's subject; rendered in the reader's language with `params`. */
  messageKey: MessageKey;
  params?: Record<string, string | number>;
}

/**
 * Tells a citizen about a change to their request: an inbox message and a mail (in the citizen's
 * language, linking to the tracking page), both written in the caller's transaction `tx` so they
 * exist exactly when the change does. After the commit, call `deps.mail.mailQueued()` to send promptly.
 */
export async function notifyCitizen(tx: Kysely<DB>, deps: Pick<Deps, 'ids' | 'clock' | 'config'>, notice: CitizenNotice): Promise<string> {
  const id = deps.ids.uuid();
  const params = notice.params ?? {};
  await tx
    .insertInto('portal_inbox_message')
    .values({ id, user_id: notice.userId, request_id: notice.requestId, message_key: notice.messageKey, params: JSON.stringify(params), created_at: deps.clock.now(), read_at: null })
    .execute();
  const user = await tx.selectFrom('app_user').select(['email', 'name', 'locale']).where('id', '=', notice.userId).executeTakeFirst();
  if (user) {
    const locale: Locale = user.locale === 'en' ? 'en' : 'id';
    const message = translate(locale, notice.messageKey, params);
    const link = `${deps.config.baseUrl}${notice.requestId ? trackingPath(notice.requestId) : '/warga/kotak-masuk'}`;
    await queueMail(tx, { to: user.email, subject: message, text: translate(locale, 'portal.notify.mail_body', { name: user.name, message, link }) }, deps);
  }
  return id;
}
