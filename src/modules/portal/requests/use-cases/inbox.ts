import type { Actor } from '../../../../platform/auth/actor.ts';
import { AppError } from '../../../../platform/http/errors.ts';
import { recordAudit, type AuditContext } from '../../../../platform/audit/record-audit.ts';
import { ensureCitizenActor } from '../policy.ts';
import { inboxOf, markRead, unreadCount } from '../repo.ts';
import type { RequestDeps } from './common.ts';

/** The signed-in citizen's inbox, newest first, with the number unread. */
export async function listInbox(deps: Pick<RequestDeps, 'db'>, actor: Actor | null) {
  ensureCitizenActor(actor);
  const [items, unread] = await Promise.all([inboxOf(deps.db, actor.userId), unreadCount(deps.db, actor.userId)]);
  return { items, unread };
}

/** Unread messages of a citizen (0 for anyone else), for the navigation. */
export async function countUnread(deps: Pick<RequestDeps, 'db'>, actor: Actor | null): Promise<number> {
  return actor?.kind === 'user' ? unreadCount(deps.db, actor.userId) : 0;
}

/** Marks one of the citizen's messages read (another's: not found), or all with `messageId` null. */
export async function markInboxRead(deps: Pick<RequestDeps, 'db' | 'clock'>, audit: AuditContext, messageId: string | null): Promise<number> {
  const actor = audit.actor;
  ensureCitizenActor(actor);
  if (messageId !== null && !/^[0-9a-f-]{36}$/i.test(messageId)) throw new AppError('not_found', 'error.not_found');
  const changed = await markRead(deps.db, actor.userId, messageId, deps.clock.now());
  if (changed === null) throw new AppError('not_found', 'error.not_found');
  return changed;
}
