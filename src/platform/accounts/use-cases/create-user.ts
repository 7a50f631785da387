import type { Deps } from '../../deps.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Role } from '../../db/schema.ts';
import { ensure, platformPolicy } from '../../auth/policy.ts';
import { hashPassword } from '../../auth/passwords.ts';
import { validationError } from '../../http/errors.ts';
import { recordAudit, type AuditContext } from '../../audit/record-audit.ts';
import type { Locale } from '../../i18n/index.ts';
import { findUserByEmail } from '../repo.ts';
import { checkNewPassword } from './password-rules.ts';
import { checkGrant } from './grant-role.ts';
import { sendPasswordLink } from './request-password-reset.ts';

export interface NewUser {
  email: string;
  name: string;
  password?: string;
  role: Role;
  opdId?: string | null;
  locale?: Locale;
}

/**
 * Creates a staff account with its first role. Without a password the person is mailed a link to
 * choose one, so administrators never need to know other people's passwords.
 */
export async function createUser(deps: Pick<Deps, 'db' | 'clock' | 'ids' | 'config' | 'mail'>, audit: AuditContext, input: NewUser) {
  const actor: Actor | null = audit.actor;
  const opdId = input.opdId ?? null;
  ensure(actor, platformPolicy.grantRole(actor, input.role, opdId));
  const errors = [...(await checkGrant(deps.db, input.role, opdId)), ...(input.password ? checkNewPassword(input.password, undefined, 'password') : [])];
  if (await findUserByEmail(deps.db, input.email)) errors.unshift({ field: 'email', messageKey: 'users.email_taken' });
  if (errors.length) throw validationError(errors);
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  const userId = deps.ids.uuid();
  await deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    const user = {
      id: userId,
      email: input.email.trim(),
      name: input.name.trim(),
      password_hash: passwordHash,
      locale: input.locale ?? null,
      oidc_subject: null,
      password_changed_at: passwordHash ? now : null,
      last_login_at: null,
      created_at: now,
      updated_at: now,
    };
    await tx.insertInto('app_user').values(user).execute();
    const grant = { id: deps.ids.uuid(), user_id: userId, role: input.role, opd_id: opdId, granted_by: actor.kind === 'user' ? actor.userId : null, created_at: now };
    await tx.insertInto('role_grant').values(grant).execute();
    await recordAudit(tx, deps.clock, audit, { action: 'user.created', targetType: 'user', targetId: userId, opdId, after: { email: user.email, name: user.name, role: input.role, opdId } });
    if (!passwordHash) {
      await sendPasswordLink(tx, deps, { userId, email: user.email, name: user.name, locale: input.locale ?? 'id' }, 'users.welcome_mail_subject', 'users.welcome_mail_body');
    }
  });
  if (!passwordHash) deps.mail.mailQueued();
  return { userId };
}
