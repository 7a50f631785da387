import type { Deps } from '../../deps.ts';
import type { Role } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { createSession } from '../../auth/sessions.ts';
import { recordAudit, type AuditContext } from '../../audit/record-audit.ts';
import { mapRoles, parseRoleMap, rolesFromClaims } from '../role-mapping.ts';
import { activeOpdsByCode, findUserByEmail, findUserBySubject, grantsOf, insertGrant, insertUser, linkSubject, touchLastLogin } from '../repo.ts';

export interface OidcSignInInput {
  /** The issuer the ID token was validated against. */
  issuer: string;
  /** Validated ID token claims, completed from the userinfo endpoint. */
  claims: Record<string, unknown>;
  ip?: string;
  userAgent?: string;
}

/**
 * The key stored in `app_user.oidc_subject`. `sub` is only unique per issuer; issuer URLs carry no
 * fragment (OpenID Connect Discovery §3), so `#` cannot be confused with part of the issuer.
 */
export function oidcSubject(issuer: string, sub: string): string {
  return `${issuer}#${sub}`;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function displayName(claims: Record<string, unknown>, email: string): string {
  const full = [text(claims.given_name), text(claims.family_name)].filter(Boolean).join(' ');
  return (text(claims.name) ?? (full || undefined) ?? text(claims.preferred_username) ?? email.split('@')[0]!).slice(0, 200);
}

const failed = () => new AppError('unauthorized', 'auth.sso_failed');

/**
 * Signs in a person the IdP vouched for and starts a Padu session (`auth_method` 'oidc').
 *
 * The account is found by issuer+subject; else by a verified email, which links it
 * (`user.sso_linked`); else it is created (`user.created`). Grants mapped from the IdP roles are
 * added when missing and never removed here, so roles given by hand in Padu survive every login.
 * A disabled account, or one left with no grant at all, is refused and nothing changes.
 */
export async function signInWithOidc(deps: Pick<Deps, 'db' | 'clock' | 'ids' | 'config' | 'logger'>, audit: AuditContext, input: OidcSignInInput) {
  const oidc = deps.config.oidc;
  const sub = text(input.claims.sub);
  if (!oidc || !sub) throw failed();
  const subject = oidcSubject(input.issuer, sub);
  const rawEmail = text(input.claims.email);
  const email = rawEmail && /^[^\s@]+@[^\s@]+$/.test(rawEmail) ? rawEmail : undefined;
  const emailVerified = input.claims.email_verified === true || input.claims.email_verified === 'true';
  const wanted = mapRoles(rolesFromClaims(input.claims, oidc.rolesClaim), parseRoleMap(oidc.roleMap));
  const log = deps.logger.child({ oidcSubject: subject });

  return deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    let user = await findUserBySubject(tx, subject);
    let linking = false;
    if (!user && email) {
      const sameEmail = await findUserByEmail(tx, email);
      if (sameEmail) {
        // Linking hands an existing account to whoever the IdP says owns the address, so the IdP
        // must have verified it, and an account already tied to another subject is never moved.
        if (!emailVerified || sameEmail.oidc_subject) {
          log.warn({ userId: sameEmail.id, emailVerified, alreadyLinked: Boolean(sameEmail.oidc_subject) }, 'sso: email belongs to an account that cannot be linked');
          throw failed();
        }
        user = sameEmail;
        linking = true;
      }
    }
    if (user && user.status !== 'active') throw new AppError('forbidden', 'sso.account_disabled');

    const opds = await activeOpdsByCode(tx, [...new Set(wanted.flatMap((g) => (g.opdCode ? [g.opdCode] : [])))]);
    const opdIdByCode = new Map(opds.map((o) => [o.code, o.id]));
    const grants: { role: Role; opdId: string | null }[] = [];
    for (const g of wanted) {
      if (!g.opdCode) grants.push({ role: g.role, opdId: null });
      else if (opdIdByCode.has(g.opdCode)) grants.push({ role: g.role, opdId: opdIdByCode.get(g.opdCode)! });
      else log.warn({ role: g.role, opdCode: g.opdCode }, 'sso: role map names an unknown or inactive agency; grant skipped');
    }
    const existing = user ? await grantsOf(tx, user.id) : [];
    const missing = grants.filter((g) => !existing.some((e) => e.role === g.role && e.opd_id === g.opdId));
    if (existing.length + missing.length === 0) {
      log.info({ idpRoles: rolesFromClaims(input.claims, oidc.rolesClaim) }, 'sso: no Padu role for this person');
      throw new AppError('forbidden', 'auth.sso_no_role');
    }

    let userId: string;
    if (user) {
      userId = user.id;
      if (linking) {
        await linkSubject(tx, userId, subject, now);
        await recordAudit(tx, deps.clock, audit, { action: 'user.sso_linked', targetType: 'user', targetId: userId, after: { email: user.email, issuer: input.issuer, sub } });
      }
      for (const g of missing) {
        await insertGrant(tx, { id: deps.ids.uuid(), userId, role: g.role, opdId: g.opdId, now });
        await recordAudit(tx, deps.clock, audit, { action: 'user.role_granted', targetType: 'user', targetId: userId, opdId: g.opdId, after: { role: g.role, opdId: g.opdId, source: 'sso' } });
      }
    } else {
      if (!email) {
        log.warn('sso: the IdP sent no usable email; cannot create an account');
        throw failed();
      }
      userId = deps.ids.uuid();
      const locale = input.claims.locale === 'id' || input.claims.locale === 'en' ? input.claims.locale : null;
      const name = displayName(input.claims, email);
      await insertUser(tx, { id: userId, email, name, locale, subject, now });
      for (const g of missing) await insertGrant(tx, { id: deps.ids.uuid(), userId, role: g.role, opdId: g.opdId, now });
      await recordAudit(tx, deps.clock, audit, {
        action: 'user.created',
        targetType: 'user',
        targetId: userId,
        opdId: missing.find((g) => g.opdId)?.opdId ?? null,
        after: { email, name, issuer: input.issuer, sub, grants: missing.map((g) => ({ role: g.role, opdId: g.opdId })) },
      });
    }
    await touchLastLogin(tx, userId, now);
    const token = await createSession(
      tx,
      deps,
      { idleMinutes: deps.config.sessionIdleMinutes, absoluteHours: deps.config.sessionAbsoluteHours },
      { userId, ip: input.ip, userAgent: input.userAgent, method: 'oidc' },
    );
    return { token, userId, created: !user, linked: linking };
  });
}
