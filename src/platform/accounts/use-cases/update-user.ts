import type { Deps } from '../../deps.ts';
import type { Actor } from '../../auth/actor.ts';
import { ensure, opdIdsWithRole, platformPolicy } from '../../auth/policy.ts';
import { AppError, validationError } from '../../http/errors.ts';
import { recordAudit, type AuditContext } from '../../audit/record-audit.ts';
import { destroyUserSessions } from '../../auth/sessions.ts';
import { countActiveAdmins, findUserByEmail, grantsOf } from '../repo.ts';
import { getUser } from './get-user.ts';

/** The user, if the actor may edit them: admins anyone; agency admins only their own agency's staff. */
export async function assertCanEditUser(deps: Pick<Deps, 'db'>, actor: Actor | null, userId: string) {
  const user = await getUser(deps, actor, userId);
  if (!platformPolicy.manageAllUsers(actor)) {
    const mine = opdIdsWithRole(actor, ['admin_opd']);
    const grants = await grantsOf(deps.db, [user.id]);
    if (grants.some((g) => !g.opd_id || !mine.includes(g.opd_id))) throw new AppError('forbidden', 'error.forbidden');
  }
  return user;
}

/**
 * Edits name, email or status. Agency admins may edit only accounts whose every role is in an
 * agency they administer, so they cannot lock out someone who also works elsewhere.
 */
export async function updateUser(
  deps: Pick<Deps, 'db' | 'clock'>,
  audit: AuditContext,
  input: { userId: string; name?: string; email?: string; status?: 'active' | 'disabled' },
) {
  const actor = audit.actor;
  const user = await assertCanEditUser(deps, actor, input.userId);
  ensure(actor, true);
  if (input.status === 'disabled' && actor.kind === 'user' && actor.userId === user.id) {
    throw validationError([{ field: 'status', messageKey: 'users.cannot_disable_self' }]);
  }
  if (input.email && input.email.toLowerCase() !== user.email.toLowerCase() && (await findUserByEmail(deps.db, input.email))) {
    throw validationError([{ field: 'email', messageKey: 'users.email_taken' }]);
  }
  const changes = {
    ...(input.name !== undefined ? { name: input.name.trim() } : {}),
    ...(input.email !== undefined ? { email: input.email.trim() } : {}),
    ...(input.status !== undefined ? { status: input.status } : {}),
  };
  await deps.db.transaction().execute(async (tx) => {
    await tx.updateTable('app_user').set({ ...changes, updated_at: deps.clock.now() }).where('id', '=', user.id).execute();
    if (input.status === 'disabled') {
      await destroyUserSessions(tx, user.id);
      if ((await countActiveAdmins(tx)) === 0) throw new AppError('conflict', 'users.last_admin');
    }
    await recordAudit(tx, deps.clock, audit, {
      action: 'user.updated',
      targetType: 'user',
      targetId: user.id,
      before: { name: user.name, email: user.email, status: user.status },
      after: { name: user.name, email: user.email, status: user.status, ...changes },
    });
  });
}
