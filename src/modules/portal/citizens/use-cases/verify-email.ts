import type { Deps } from '../../../../platform/deps.ts';
import { sha256 } from '../../../../platform/auth/crypto.ts';
import { AppError } from '../../../../platform/http/errors.ts';
import { recordAudit } from '../../../../platform/audit/record-audit.ts';
import { findOpenCitizenToken, updateCitizen, useCitizenTokens } from '../repo.ts';

const invalid = () => new AppError('bad_request', 'portal.register.link_invalid');

export async function isVerificationTokenValid(deps: Pick<Deps, 'db' | 'clock'>, token: string): Promise<boolean> {
  return token.length > 10 && !!(await findOpenCitizenToken(deps.db, sha256(token), deps.clock.now()));
}

/**
 * Proves the address: the account becomes active with the password chosen at registration, and
 * every other open link of the account is used up. A link can never reactivate an account that
 * was verified before (an administrator may have disabled it since).
 */
export async function verifyEmail(deps: Pick<Deps, 'db' | 'clock'>, input: { token: string; ip?: string }): Promise<{ userId: string }> {
  if (input.token.length < 10 || input.token.length > 200) throw invalid();
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    const hash = sha256(input.token);
    const row = await findOpenCitizenToken(tx, hash, now);
    if (!row || !(await useCitizenTokens(tx, row.user_id, hash, now))) throw invalid();
    const citizen = await tx.selectFrom('portal_citizen').select(['email_verified_at']).where('user_id', '=', row.user_id).executeTakeFirst();
    if (!citizen || citizen.email_verified_at) throw invalid();
    await tx.updateTable('app_user').set({ status: 'active', password_hash: row.password_hash, password_changed_at: now, updated_at: now }).where('id', '=', row.user_id).execute();
    await updateCitizen(tx, row.user_id, { email_verified_at: now, updated_at: now });
    await recordAudit(tx, deps.clock, { actor: null, system: 'citizen-verification-link', ip: input.ip }, { action: 'portal.citizen.email_verified', targetType: 'user', targetId: row.user_id });
    return { userId: row.user_id };
  });
}
