import type { Deps } from '../../deps.ts';
import { AppError, validationError } from '../../http/errors.ts';
import { hashPassword, verifyPassword } from '../../auth/passwords.ts';
import { destroyUserSessions } from '../../auth/sessions.ts';
import { recordAudit, type AuditContext } from '../../audit/record-audit.ts';
import { findUserById } from '../repo.ts';
import { checkNewPassword } from './password-rules.ts';

/** Changes the signed-in user's own password and ends their other sessions. */
export async function changePassword(
  deps: Pick<Deps, 'db' | 'clock'>,
  audit: AuditContext & { actor: { kind: 'user'; userId: string; sessionHash?: string } },
  input: { currentPassword: string; newPassword: string; confirmPassword: string },
): Promise<void> {
  const errors = checkNewPassword(input.newPassword, input.confirmPassword);
  const user = await findUserById(deps.db, audit.actor.userId);
  if (!user) throw new AppError('not_found', 'error.not_found');
  if (!(await verifyPassword(user.password_hash, input.currentPassword))) {
    errors.unshift({ field: 'currentPassword', messageKey: 'password.current_wrong' });
  }
  if (errors.length) throw validationError(errors);
  const passwordHash = await hashPassword(input.newPassword);
  await deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    await tx.updateTable('app_user').set({ password_hash: passwordHash, password_changed_at: now, updated_at: now }).where('id', '=', user.id).execute();
    await destroyUserSessions(tx, user.id, audit.actor.sessionHash);
    await recordAudit(tx, deps.clock, audit, { action: 'user.password_changed', targetType: 'user', targetId: user.id });
  });
}
