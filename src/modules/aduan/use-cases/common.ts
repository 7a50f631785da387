import type { Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema.ts';
import type { Deps } from '../../../platform/deps.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { safeEqual, sha256 } from '../../../platform/auth/crypto.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { queueMail } from '../../../platform/mail/index.ts';
import { translate, type MessageKey, type MessageParams } from '../../../platform/i18n/index.ts';
import type { AuditContext } from '../../../platform/audit/record-audit.ts';
import type { ActorKind } from '../db.ts';
import { accessTo, refuseUnless, refuseUnlessStaff, type ReportAccess } from '../access.ts';
import { agencyEmails, findOpdById, findReport, findReportByTracking, insertEvent, timSpbeEmails, type ReportRow } from '../repo.ts';
import '../messages.ts';

export type AduanDeps = Pick<Deps, 'db' | 'clock' | 'ids' | 'config' | 'mail'>;

/** Appends one timeline entry. `public` entries show on the published page and in Open311 notes. */
export async function addEvent(
  tx: Kysely<DB>,
  deps: Pick<Deps, 'clock' | 'ids'>,
  e: { reportId: string; kind: string; actorKind: ActorKind; actorUserId?: string | null; opdId?: string | null; body?: string | null; public: boolean; data?: Record<string, unknown>; at?: Date },
): Promise<string> {
  const id = deps.ids.uuid();
  await insertEvent(tx, {
    id,
    report_id: e.reportId,
    at: e.at ?? deps.clock.now(),
    kind: e.kind,
    actor_kind: e.actorKind,
    actor_user_id: e.actorUserId ?? null,
    opd_id: e.opdId ?? null,
    body: e.body ?? null,
    public: e.public,
    data: JSON.stringify(e.data ?? {}),
  });
  return id;
}

export const userIdOf = (actor: Actor | null): string | null => (actor?.kind === 'user' ? actor.userId : null);

/**
 * The audit context of something a reporter did (filed, confirmed, replied, rated, reopened): no
 * account and no address, only "pelapor". Auditors read the audit log and are outside the
 * handling chain, so it must not say who reported; the report itself records that.
 */
export function reporterAudit(audit: Pick<AuditContext, 'requestId'>): AuditContext {
  return { actor: null, requestId: audit.requestId, system: 'pelapor' };
}

/** Loads a report for a staff route and applies the 401/403/404 rule; `need` picks the right. */
export async function reportForStaff(db: Kysely<DB>, actor: Actor | null, reportId: string, need: keyof ReportAccess = 'read'): Promise<{ report: ReportRow; access: ReportAccess; actor: Actor }> {
  refuseUnlessStaff(actor);
  const report = await findReport(db, reportId);
  if (!report || report.status === 'menunggu_konfirmasi') throw new AppError('not_found', 'error.not_found');
  const access = await accessTo(db, actor, report);
  refuseUnless(access, access[need]);
  return { report, access, actor };
}

/** How a reporter proves it is their report: the secret from the follow link, or their session. */
export interface ReporterProof {
  secret?: string | undefined;
  actor: Actor | null;
}

export async function reportForReporter(db: Kysely<DB>, trackingId: string, proof: ReporterProof): Promise<ReportRow> {
  const report = await findReportByTracking(db, trackingId);
  const bySecret = !!report && !!proof.secret && safeEqual(sha256(proof.secret), report.follow_secret_hash);
  const bySession = !!report && !!report.reporter_user_id && proof.actor?.kind === 'user' && proof.actor.userId === report.reporter_user_id;
  if (!report || !(bySecret || bySession)) throw new AppError('not_found', 'error.not_found');
  return report;
}

export function reportLink(deps: Pick<Deps, 'config'>, trackingId: string, secret?: string): string {
  const base = `${deps.config.baseUrl}/aduan/lacak/${trackingId}`;
  return secret ? `${base}?k=${encodeURIComponent(secret)}` : base;
}

/** Mails the reporter (when they left an address) in the language they wrote in. */
export async function mailReporter(
  tx: Kysely<DB>,
  deps: AduanDeps,
  report: { reporter_email: string | null; reporter_locale: 'id' | 'en' },
  subject: MessageKey,
  body: MessageKey,
  params: MessageParams,
): Promise<boolean> {
  if (!report.reporter_email) return false;
  const locale = report.reporter_locale;
  await queueMail(tx, { to: report.reporter_email, subject: translate(locale, subject, params), text: translate(locale, body, params) }, deps);
  return true;
}

async function mailPeople(tx: Kysely<DB>, deps: AduanDeps, people: { email: string; locale: 'id' | 'en' | null }[], subject: MessageKey, body: MessageKey, params: MessageParams): Promise<number> {
  const seen = new Set<string>();
  for (const p of people) {
    const key = p.email.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    const locale = p.locale ?? 'id';
    await queueMail(tx, { to: p.email, subject: translate(locale, subject, params), text: translate(locale, body, params) }, deps);
  }
  return seen.size;
}

/** Mails an agency's officers and administrators. */
export async function mailAgency(tx: Kysely<DB>, deps: AduanDeps, opdId: string, subject: MessageKey, body: MessageKey, params: MessageParams): Promise<number> {
  return mailPeople(tx, deps, await agencyEmails(tx, opdId, ['petugas', 'admin_opd']), subject, body, params);
}

/**
 * Mails an agency's superiors: its own administrators, the administrators of its parent agency,
 * and the SPBE team that oversees every agency.
 */
export async function mailSuperiors(tx: Kysely<DB>, deps: AduanDeps, opdId: string, subject: MessageKey, body: MessageKey, params: MessageParams): Promise<number> {
  const opd = await findOpdById(tx, opdId);
  const people = [...(await agencyEmails(tx, opdId, ['admin_opd'])), ...(opd?.parent_id ? await agencyEmails(tx, opd.parent_id, ['admin_opd']) : []), ...(await timSpbeEmails(tx))];
  return mailPeople(tx, deps, people, subject, body, params);
}

export async function mailCoordinators(tx: Kysely<DB>, deps: AduanDeps, coordinatorOpdIds: string[], subject: MessageKey, body: MessageKey, params: MessageParams): Promise<number> {
  const people = [...(await timSpbeEmails(tx))];
  for (const id of coordinatorOpdIds) people.push(...(await agencyEmails(tx, id, ['petugas', 'admin_opd'])));
  return mailPeople(tx, deps, people, subject, body, params);
}
