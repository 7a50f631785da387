import type { Deps } from '../../deps.ts';
import { AppError, validationError } from '../../http/errors.ts';
import { hashPassword } from '../../auth/passwords.ts';
import { sha256 } from '../../auth/crypto.ts';
import { recordAudit, type AuditContext } from '../../audit/record-audit.ts';
import { countActiveAdmins, findUserByEmail, findValidToken } from '../repo.ts';
import { checkNewPassword } from './password-rules.ts';

export interface NewAdmin {
  email: string;
  name: string;
  password: string;
}

/**
 * Creates a platform administrator, or grants `admin` to an existing account with that email
 * (then the password is left as it was). Used by `padu create-admin`, PADU_ADMIN_* at first start
 * and the one-time setup page.
 */
export async function createAdmin(
  deps: Pick<Deps, 'db' | 'clock' | 'ids'>,
  audit: AuditContext,
  input: NewAdmin,
  setupToken?: string,
): Promise<{ userId: string; created: boolean }> {
  const errors = checkNewPassword(input.password, undefined, 'password');
  if (!input.email.includes('@')) errors.unshift({ field: 'email', messageKey: 'validation.email' });
  if (!input.name.trim()) errors.unshift({ field: 'name', messageKey: 'validation.required' });
  const existing = await findUserByEmail(deps.db, input.email);
  if (errors.length && !existing) throw validationError(errors);
  const passwordHash = existing ? null : await hashPassword(input.password);
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    if (setupToken) {
      const token = await findValidToken(tx, sha256(setupToken), 'setup_admin', now);
      if (!token || (await countActiveAdmins(tx)) > 0) throw new AppError('bad_request', 'setup.invalid');
      await tx.updateTable('one_time_token').set({ used_at: now }).where('token_hash', '=', token.token_hash).execute();
    }
    let userId = existing?.id;
    const created = !existing;
    if (!userId) {
      userId = deps.ids.uuid();
      await tx
        .insertInto('app_user')
        .values({ id: userId, email: input.email.trim(), name: input.name.trim(), password_hash: passwordHash, locale: null, oidc_subject: null, password_changed_at: now, last_login_at: null, created_at: now, updated_at: now })
        .execute();
    }
    await tx
      .insertInto('role_grant')
      .values({ id: deps.ids.uuid(), user_id: userId, role: 'admin', opd_id: null, granted_by: null, created_at: now })
      .onConflict((oc) => oc.doNothing())
      .execute();
    await recordAudit(tx, deps.clock, audit, { action: 'user.admin_created', targetType: 'user', targetId: userId, after: { email: input.email, name: input.name, role: 'admin' } });
    return { userId, created };
  });
}

/**
 * At start: with no active administrator, create one from PADU_ADMIN_EMAIL/PADU_ADMIN_PASSWORD,
 * or return a one-time setup link (valid 24 hours) for the operator to open.
 */
export async function ensureFirstAdmin(deps: Pick<Deps, 'db' | 'clock' | 'ids' | 'config'>): Promise<{ setupUrl?: string; createdEmail?: string }> {
  if ((await countActiveAdmins(deps.db)) > 0) return {};
  const { adminEmail, adminPassword } = deps.config;
  if (adminEmail && adminPassword) {
    await createAdmin(deps, { actor: null, system: 'PADU_ADMIN_EMAIL' }, { email: adminEmail, name: 'Administrator', password: adminPassword });
    return { createdEmail: adminEmail };
  }
  const token = deps.ids.token(32);
  const now = deps.clock.now();
  await deps.db
    .insertInto('one_time_token')
    .values({ token_hash: sha256(token), purpose: 'setup_admin', user_id: null, created_at: now, expires_at: new Date(now.getTime() + 24 * 3_600_000), used_at: null })
    .execute();
  return { setupUrl: `${deps.config.baseUrl}/setup?token=${encodeURIComponent(token)}` };
}
