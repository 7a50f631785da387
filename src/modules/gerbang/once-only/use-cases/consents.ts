import type { Actor } from '../../../../platform/auth/actor.ts';
import { recordAudit, type AuditContext } from '../../../../platform/audit/record-audit.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import { AppError, notFound, validationError, type FieldError } from '../../../../platform/http/errors.ts';
import { resolveSubsystem } from '../../control/use-cases/resolve-subsystem.ts';
import { subsystemIdOf } from '../../control/use-cases/visibility.ts';
import { onceOnlyPolicy } from '../policy.ts';
import { consentsOfUser, findConsent, findElementsByCode, insertConsent, markConsentWithdrawn, type ConsentRow, type ElementRow } from '../repo.ts';
import { NIK, subjectIndex } from '../subject.ts';
import { grantConsent as recordPortalConsent, listConsents as portalConsentsOf, withdrawConsent as withdrawPortalConsent } from '../../../portal/index.ts';
import type { CitizenDeps } from './context.ts';

/**
 * Consents: a citizen agrees that one subsystem (the portal, or an agency's system) may fetch
 * these data elements about them, for this purpose and legal basis, until a date. The prefill
 * refuses to fetch anything not covered by an open consent. Consents are filed under a keyed hash
 * of the citizen's NIK, so an agency system that names the NIK finds the consent without the NIK
 * being stored. Withdrawing keeps the consent on record.
 *
 * Each consent is also recorded, in the same transaction, in the portal's list of the citizen's
 * consents (the portal module's `grantConsent`), so the citizen finds every consent in one place;
 * withdrawing it there, or here, stops the prefill (`consentStillOpen`).
 */
export const CODE = /^[A-Za-z0-9._:/-]{1,100}$/;
export const DEFAULT_CONSENT_DAYS = 30;
export const MAX_CONSENT_DAYS = 365;

export interface ConsentRequest {
  /** Who will receive the data: a subsystem id or identifier; default the portal's subsystem. */
  recipient?: string;
  elements: string[];
  /** Purpose code (sent as X-Padu-Purpose) and the words the citizen reads. */
  purpose: string;
  purposeText: string;
  legalBasis: string;
  validDays?: number;
}

type UserActor = Extract<Actor, { kind: 'user' }>;

export function ensureCitizen(actor: Actor | null): asserts actor is UserActor {
  ensure(actor, onceOnlyPolicy.citizen(actor));
}

/** The signed-in citizen's NIK; a conflict when their profile has none yet. */
export async function citizenNik(deps: CitizenDeps, actor: UserActor): Promise<string> {
  const nik = await deps.citizens.nikOf(actor.userId);
  if (!nik || !NIK.test(nik)) throw new AppError('conflict', 'once_only.nik_unknown');
  return nik;
}

/** Checks a consent request and finds what it names; used for the page that asks and for the grant. */
export async function checkConsentRequest(deps: CitizenDeps, input: ConsentRequest) {
  const errors: FieldError[] = [];
  const codes = [...new Set(input.elements.map((e) => e.trim()).filter(Boolean))];
  const elements = await findElementsByCode(deps.db, codes);
  if (codes.length === 0 || codes.length > 30 || elements.length !== codes.length || elements.some((e) => !e.active)) errors.push({ field: 'elements', messageKey: 'once_only.elements_unknown' });
  if (!CODE.test(input.purpose)) errors.push({ field: 'purpose', messageKey: 'once_only.code_format' });
  if (!CODE.test(input.legalBasis)) errors.push({ field: 'legalBasis', messageKey: 'once_only.code_format' });
  const purposeText = input.purposeText.trim();
  if (!purposeText || purposeText.length > 300) errors.push({ field: 'purposeText', messageKey: purposeText ? 'validation.max_length' : 'validation.required', params: { limit: 300 } });
  const validDays = input.validDays ?? DEFAULT_CONSENT_DAYS;
  if (!Number.isInteger(validDays) || validDays < 1 || validDays > MAX_CONSENT_DAYS) errors.push({ field: 'validDays', messageKey: 'validation.maximum', params: { limit: MAX_CONSENT_DAYS } });
  let recipient: Awaited<ReturnType<typeof resolveSubsystem>> | undefined;
  try {
    recipient = await resolveSubsystem(deps, input.recipient || deps.settings.portalClient, 'recipient');
    if (!recipient.active) errors.push({ field: 'recipient', messageKey: 'gerbang.subsystem_inactive' });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    errors.push(...error.fields);
  }
  if (errors.length) throw validationError(errors);
  const ordered = codes.map((c) => elements.find((e) => e.code === c)!) as ElementRow[];
  return { recipient: recipient!, recipientIdentifier: subsystemIdOf(deps.settings, recipient!), elements: ordered, purposeText, validDays };
}

/** The consent page's content: what would be fetched, by whom, why (citizens, and staff previewing a link). */
export async function planConsent(deps: CitizenDeps, actor: Actor | null, input: ConsentRequest) {
  ensure(actor, onceOnlyPolicy.citizen(actor) || onceOnlyPolicy.readElements(actor));
  return checkConsentRequest(deps, input);
}

/** What a prefill of these elements would fetch and from where, for a recipient (default the portal). */
export async function planElements(deps: CitizenDeps, actor: Actor | null, input: { recipient?: string; elements: string[] }) {
  ensure(actor, onceOnlyPolicy.citizen(actor) || onceOnlyPolicy.readElements(actor));
  const checked = await checkConsentRequest(deps, { recipient: input.recipient, elements: input.elements, purpose: 'plan', purposeText: 'plan', legalBasis: 'plan' });
  return { recipient: checked.recipient, recipientIdentifier: checked.recipientIdentifier, elements: checked.elements };
}

/** Records the signed-in citizen's consent (the audit row names no NIK). */
export async function grantConsent(deps: CitizenDeps, audit: AuditContext, input: ConsentRequest): Promise<ConsentRow> {
  const actor = audit.actor;
  ensureCitizen(actor);
  const nik = await citizenNik(deps, actor);
  const checked = await checkConsentRequest(deps, input);
  const id = deps.ids.uuid();
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + checked.validDays * 86_400_000);
  const row = {
    id,
    user_id: actor.userId,
    subject_index: subjectIndex(deps.config, nik),
    recipient_id: checked.recipient.id,
    purpose: input.purpose,
    purpose_text: checked.purposeText,
    legal_basis: input.legalBasis,
    data_elements: checked.elements.map((e) => e.code),
    granted_at: now,
    expires_at: expiresAt,
    withdrawn_at: null,
  };
  await deps.db.transaction().execute(async (tx) => {
    const portal = await recordPortalConsent(
      deps,
      audit,
      { userId: actor.userId, purpose: checked.purposeText, dataElements: row.data_elements, opdId: checked.recipient.opd_id, source: 'gerbang.prefill' },
      tx,
    );
    await insertConsent(tx, { ...row, portal_consent_id: portal.consentId });
    await recordAudit(tx, deps.clock, audit, {
      action: 'gerbang.consent_granted',
      targetType: 'gerbang_consent',
      targetId: id,
      opdId: checked.recipient.opd_id,
      after: { recipient: checked.recipientIdentifier, elements: row.data_elements, purpose: row.purpose, legalBasis: row.legal_basis, expiresAt },
    });
  });
  return (await findConsent(deps.db, id))!;
}

/** Withdraws one of the signed-in citizen's consents; another citizen's is not found. Idempotent. */
export async function withdrawConsent(deps: CitizenDeps, audit: AuditContext, consentId: string): Promise<ConsentRow> {
  const actor = audit.actor;
  ensureCitizen(actor);
  const consent = await findConsent(deps.db, consentId);
  if (!consent || consent.user_id !== actor.userId) throw notFound();
  if (!consent.withdrawn_at) {
    await deps.db.transaction().execute(async (tx) => {
      if (!(await markConsentWithdrawn(tx, consentId, deps.clock.now()))) return;
      await recordAudit(tx, deps.clock, audit, { action: 'gerbang.consent_withdrawn', targetType: 'gerbang_consent', targetId: consentId, opdId: consent.recipient_opd_id });
    });
  }
  if (consent.portal_consent_id) await withdrawPortalConsent(deps, audit, consent.portal_consent_id).catch((error: unknown) => {
    // Already gone from the portal's list: nothing more to withdraw there.
    if (!(error instanceof AppError && error.code === 'not_found')) throw error;
  });
  return (await findConsent(deps.db, consentId))!;
}

/**
 * Whether a consent is still open on the portal's side too (the citizen may have withdrawn it
 * from the portal's consent page). A consent without a portal twin counts as open.
 */
export async function consentStillOpen(deps: CitizenDeps, consent: ConsentRow): Promise<boolean> {
  if (!consent.portal_consent_id) return true;
  const twin = (await portalConsentsOf(deps, consent.user_id)).find((c) => c.id === consent.portal_consent_id);
  return !!twin && !twin.withdrawnAt;
}

/** The signed-in citizen's consents, open ones first. */
export async function listMyConsents(deps: CitizenDeps, actor: Actor | null): Promise<ConsentRow[]> {
  ensureCitizen(actor);
  return consentsOfUser(deps.db, actor.userId);
}
