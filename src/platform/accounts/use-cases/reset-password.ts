import type { Deps } from '../../deps.ts';
import { AppError, validationError } from '../../http/errors.ts';
import { sha256 } from '../../auth/crypto.ts';
import { hashPassword } from '../../auth/passwords.ts';
import { destroyUserSessions } from '../../auth/sessions.ts';
import { recordAudit } from '../../audit/record-audit.ts';
import { findValidToken } from '../repo.ts';
import { checkNewPassword } from './password-rules.ts';

export async function isResetTokenValid(deps: Pick<Deps, 'db' | 'clock'>, token: string): Promise<boolean> {
  return !!(await findValidToken(deps.db, sha256(token), 'password_reset', deps.clock.now()));
}

/** Sets a new password from a reset link, uses the link up, and signs the account out everywhere. */
export async function resetPassword(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { token: string; newPassword: string; confirmPassword: string; ip?: string },
): Promise<void> {
  const errors = checkNewPassword(input.newPassword, input.confirmPassword);
  if (errors.length) throw validationError(errors);
  const passwordHash = await hashPassword(input.newPassword);
  await deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    const row = await findValidToken(tx, sha256(input.token), 'password_reset', now);
    if (!row || !row.user_id) throw new AppError('bad_request', 'password.reset_invalid');
    // Marking it used first, with a guard, makes a double submit of the same link harmless.
    const used = await tx.updateTable('one_time_token').set({ used_at: now }).where('token_hash', '=', row.token_hash).where('used_at', 'is', null).executeTakeFirst();
    if (Number(used.numUpdatedRows) !== 1) throw new AppError('bad_request', 'password.reset_invalid');
    await tx.updateTable('app_user').set({ password_hash: passwordHash, password_changed_at: now, updated_at: now }).where('id', '=', row.user_id).execute();
    await destroyUserSessions(tx, row.user_id);
    const user = await tx.selectFrom('app_user').select('email').where('id', '=', row.user_id).executeTakeFirstOrThrow();
    await tx.deleteFrom('login_failure').where('throttle_key', '=', `acct:${user.email.toLowerCase()}`).execute();
    await recordAudit(tx, deps.clock, { actor: null, system: 'password-reset-link', ip: input.ip }, { action: 'user.password_reset', targetType: 'user', targetId: row.user_id });
  });
}
