import type { Deps } from '../../../../platform/deps.ts';
import { sha256 } from '../../../../platform/auth/crypto.ts';
import { hashPassword } from '../../../../platform/auth/passwords.ts';
import { validationError } from '../../../../platform/http/errors.ts';
import { recordAudit } from '../../../../platform/audit/record-audit.ts';
import { queueMail } from '../../../../platform/mail/index.ts';
import { translate, type Locale } from '../../../../platform/i18n/index.ts';
import { findUserByEmail } from '../../../../platform/accounts/repo.ts';
import { checkNewPassword } from '../../../../platform/accounts/use-cases/password-rules.ts';
import { countMailSince, insertCitizen } from '../repo.ts';

export const VERIFY_VALID_MS = 24 * 3600_000;
/** Mails one address may receive from the registration form per hour. */
export const REGISTRATION_MAILS_PER_HOUR = 5;

export interface Registration {
  name: string;
  email: string;
  password: string;
  confirmPassword?: string;
  locale: Locale;
  ip?: string;
}

/**
 * A citizen account: a platform account with the `warga` role that cannot sign in until the
 * address is proven by the mailed link. The password waits, hashed, with the link. The answer is
 * the same whether or not the address already has an account (that person is mailed a note
 * instead), so the form reveals nothing about who is registered. Registering again before
 * verifying sends a new link; whichever link is used sets its own password.
 */
export async function registerCitizen(deps: Pick<Deps, 'db' | 'clock' | 'ids' | 'config' | 'mail'>, input: Registration): Promise<void> {
  const errors = checkNewPassword(input.password, input.confirmPassword, 'password');
  if (errors.length) throw validationError(errors);
  const passwordHash = await hashPassword(input.password);
  const email = input.email.trim();
  const name = input.name.trim();
  let mailed = false;
  await deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    if ((await countMailSince(tx, email, new Date(now.getTime() - 3600_000))) >= REGISTRATION_MAILS_PER_HOUR) return;
    const existing = await findUserByEmail(tx, email);
    const citizen = existing ? await tx.selectFrom('portal_citizen').select(['email_verified_at']).where('user_id', '=', existing.id).executeTakeFirst() : undefined;
    const sendLink = async (userId: string, locale: Locale, to: string, person: string) => {
      const token = deps.ids.token(32);
      await tx
        .insertInto('portal_citizen_token')
        .values({ token_hash: sha256(token), purpose: 'verify_email', user_id: userId, password_hash: passwordHash, created_at: now, expires_at: new Date(now.getTime() + VERIFY_VALID_MS), used_at: null })
        .execute();
      const link = `${deps.config.baseUrl}/daftar/verifikasi?token=${encodeURIComponent(token)}`;
      await queueMail(tx, { to, subject: translate(locale, 'portal.register.mail_subject'), text: translate(locale, 'portal.register.mail_body', { name: person, link }) }, deps);
    };

    if (!existing) {
      const userId = deps.ids.uuid();
      await tx
        .insertInto('app_user')
        .values({ id: userId, email, name, password_hash: null, status: 'disabled', locale: input.locale, oidc_subject: null, password_changed_at: null, last_login_at: null, created_at: now, updated_at: now })
        .execute();
      await tx.insertInto('role_grant').values({ id: deps.ids.uuid(), user_id: userId, role: 'warga', opd_id: null, granted_by: null, created_at: now }).execute();
      await insertCitizen(tx, { user_id: userId, nik_enc: null, nik_index: null, nik_key_id: null, phone: null, region_code: null, address: null, email_verified_at: null, created_at: now, updated_at: now });
      await recordAudit(tx, deps.clock, { actor: null, system: 'citizen-registration', ip: input.ip }, { action: 'portal.citizen.registered', targetType: 'user', targetId: userId, after: { email, name } });
      await sendLink(userId, input.locale, email, name);
    } else if (citizen && !citizen.email_verified_at && existing.status === 'disabled') {
      await sendLink(existing.id, existing.locale ?? input.locale, existing.email, existing.name);
    } else {
      const locale = existing.locale ?? input.locale;
      await queueMail(
        tx,
        { to: existing.email, subject: translate(locale, 'portal.register.exists_subject'), text: translate(locale, 'portal.register.exists_body', { name: existing.name, link: `${deps.config.baseUrl}/password/forgot` }) },
        deps,
      );
    }
    mailed = true;
  });
  if (mailed) deps.mail.mailQueued();
}
