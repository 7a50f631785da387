import { AppError, validationError, type FieldError } from '../../../platform/http/errors.ts';
import { recordAudit, type AuditContext } from '../../../platform/audit/record-audit.ts';
import type { Competence } from '../db.ts';
import { loadDeadlines } from '../deadlines.ts';
import { findCategory, findOpdById, findReportByTracking, lockReport, pemdaOf, updateReport } from '../repo.ts';
import { addEvent, mailAgency, mailReporter, reportForStaff, userIdOf, type AduanDeps } from './common.ts';

export interface Disposition {
  /** Correct the category the reporter chose (its rule then decides). */
  categoryCode?: string | null;
  /** The provincial agency, when the category names none or the coordinator decides otherwise. */
  opdId?: string | null;
  tierCode?: string | null;
  /** A note shown on the public timeline. */
  note?: string | null;
}

export interface DispositionResult {
  status: 'diproses' | 'diteruskan_lapor';
  opdId: string | null;
  opdName: string | null;
  competence: Competence;
  /** The report must now be handed to SP4N-LAPOR! (after this transaction commits). */
  forwardToLapor: boolean;
}

/**
 * The coordinator accepts a new report and sends it where its category's rule says: to the
 * provincial agency, to the regency/city government of the report's region (an agency in Padu
 * too), or — for central-government matters — to SP4N-LAPOR!. The agency's follow-up deadline
 * and the resolution deadline of the chosen tier start now.
 */
export async function disposeReport(deps: AduanDeps, audit: AuditContext, reportId: string, input: Disposition): Promise<DispositionResult> {
  const { report } = await reportForStaff(deps.db, audit.actor, reportId, 'coordinate');
  if (report.status !== 'menunggu_verifikasi') throw new AppError('conflict', 'aduan.error.already_verified');
  const errors: FieldError[] = [];
  const category = await findCategory(deps.db, input.categoryCode || report.category_code);
  if (!category || !category.active) throw validationError([{ field: 'categoryCode', messageKey: 'aduan.error.category_unknown' }]);
  const tierCode = input.tierCode || category.tier_code;
  const deadlines = await loadDeadlines(deps);
  if (!deadlines.sla.tiers.has(tierCode)) errors.push({ field: 'tierCode', messageKey: 'aduan.error.tier_unknown' });

  let opdId: string | null = null;
  let opdName: string | null = null;
  if (category.competence === 'kabupaten_kota') {
    const pemda = await pemdaOf(deps.db, report.region_code);
    if (!pemda) errors.push({ field: 'categoryCode', messageKey: 'aduan.error.no_pemda' });
    else ((opdId = pemda.id), (opdName = pemda.name));
  } else if (category.competence === 'provinsi') {
    const chosen = input.opdId || category.opd_id;
    const opd = chosen ? await findOpdById(deps.db, chosen) : undefined;
    if (!opd || !opd.active) errors.push({ field: 'opdId', messageKey: chosen ? 'aduan.error.opd_unknown' : 'aduan.error.opd_required' });
    else ((opdId = opd.id), (opdName = opd.name));
  }
  if (errors.length) throw validationError(errors);

  const status = category.competence === 'pusat' ? ('diteruskan_lapor' as const) : ('diproses' as const);
  await deps.db.transaction().execute(async (tx) => {
    const row = await lockReport(tx, report.id);
    if (!row || row.status !== 'menunggu_verifikasi') throw new AppError('conflict', 'aduan.error.already_verified');
    const now = deps.clock.now();
    const followUp = status === 'diproses' ? deadlines.followUpBy(now) : null;
    await updateReport(tx, row.id, {
      status,
      category_code: category.code,
      competence: category.competence,
      opd_id: opdId,
      tier_code: tierCode,
      verified_at: now,
      disposed_at: now,
      follow_up_due_at: followUp,
      first_follow_up_due_at: followUp,
      resolution_due_at: status === 'diproses' ? deadlines.resolveBy(now, tierCode) : null,
      closed_at: status === 'diteruskan_lapor' ? now : null,
      lapor_state: status === 'diteruskan_lapor' ? 'menunggu' : null,
      updated_at: now,
    });
    await addEvent(tx, deps, {
      reportId: row.id,
      kind: status === 'diteruskan_lapor' ? 'ditandai_lapor' : 'didisposisi',
      actorKind: 'koordinator',
      actorUserId: userIdOf(audit.actor),
      opdId,
      body: input.note?.trim() || null,
      public: true,
      data: { categoryCode: category.code, competence: category.competence, tierCode, opdName },
    });
    await recordAudit(tx, deps.clock, audit, {
      action: 'aduan.report_disposed',
      targetType: 'aduan_report',
      targetId: row.id,
      opdId,
      before: { status: row.status, categoryCode: row.category_code },
      after: { status, categoryCode: category.code, competence: category.competence, opdId, tierCode },
    });
    const params = { trackingId: row.tracking_id, title: row.title, agency: opdName ?? 'SP4N-LAPOR!', link: `${deps.config.baseUrl}/aduan/kelola/${row.id}` };
    if (opdId) await mailAgency(tx, deps, opdId, 'aduan.mail.disposed_subject', 'aduan.mail.disposed_body', params);
    await mailReporter(tx, deps, row, 'aduan.mail.status_subject', 'aduan.mail.disposed_reporter_body', params);
  });
  deps.mail.mailQueued();
  return { status, opdId, opdName, competence: category.competence, forwardToLapor: status === 'diteruskan_lapor' };
}

/** The coordinator finds the same matter already reported: this one closes, pointing at it. */
export async function markDuplicate(deps: AduanDeps, audit: AuditContext, reportId: string, input: { duplicateOf: string; note?: string | null }): Promise<void> {
  const { report } = await reportForStaff(deps.db, audit.actor, reportId, 'coordinate');
  if (report.status !== 'menunggu_verifikasi') throw new AppError('conflict', 'aduan.error.already_verified');
  let original = await findReportByTracking(deps.db, input.duplicateOf.trim());
  // Point at the report that is not itself a duplicate, so chains never form.
  if (original?.duplicate_of_id) original = await findReportByTracking(deps.db, original.duplicate_of_tracking_id ?? '');
  if (!original || original.status === 'menunggu_konfirmasi' || original.status === 'ditolak') throw validationError([{ field: 'duplicateOf', messageKey: 'aduan.error.original_unknown' }]);
  if (original.id === report.id) throw validationError([{ field: 'duplicateOf', messageKey: 'aduan.error.original_self' }]);
  await deps.db.transaction().execute(async (tx) => {
    const row = await lockReport(tx, report.id);
    if (!row || row.status !== 'menunggu_verifikasi') throw new AppError('conflict', 'aduan.error.already_verified');
    const now = deps.clock.now();
    await updateReport(tx, row.id, { status: 'duplikat', duplicate_of_id: original.id, opd_id: original.opd_id, verified_at: now, closed_at: now, updated_at: now });
    await addEvent(tx, deps, {
      reportId: row.id,
      kind: 'duplikat',
      actorKind: 'koordinator',
      actorUserId: userIdOf(audit.actor),
      body: input.note?.trim() || null,
      public: true,
      data: { duplicateOf: original.tracking_id },
    });
    await recordAudit(tx, deps.clock, audit, { action: 'aduan.report_marked_duplicate', targetType: 'aduan_report', targetId: row.id, opdId: original.opd_id, before: { status: row.status }, after: { status: 'duplikat', duplicateOf: original.tracking_id } });
    await mailReporter(tx, deps, row, 'aduan.mail.status_subject', 'aduan.mail.duplicate_body', { trackingId: row.tracking_id, title: row.title, original: original.tracking_id, link: `${deps.config.baseUrl}/aduan/laporan/${original.tracking_id}` });
  });
  deps.mail.mailQueued();
}

/**
 * The coordinator declines a report outside the scope of complaints (e.g. a criminal matter for
 * the police), with a reason the reporter sees. Declined reports are never published.
 */
export async function declineReport(deps: AduanDeps, audit: AuditContext, reportId: string, input: { reason: string }): Promise<void> {
  const { report } = await reportForStaff(deps.db, audit.actor, reportId, 'coordinate');
  if (report.status !== 'menunggu_verifikasi') throw new AppError('conflict', 'aduan.error.already_verified');
  await deps.db.transaction().execute(async (tx) => {
    const row = await lockReport(tx, report.id);
    if (!row || row.status !== 'menunggu_verifikasi') throw new AppError('conflict', 'aduan.error.already_verified');
    const now = deps.clock.now();
    await updateReport(tx, row.id, { status: 'ditolak', decline_reason: input.reason.trim(), verified_at: now, closed_at: now, updated_at: now });
    await addEvent(tx, deps, { reportId: row.id, kind: 'ditolak', actorKind: 'koordinator', actorUserId: userIdOf(audit.actor), body: input.reason.trim(), public: false });
    await recordAudit(tx, deps.clock, audit, { action: 'aduan.report_declined', targetType: 'aduan_report', targetId: row.id, before: { status: row.status }, after: { status: 'ditolak', reason: input.reason.trim() } });
    await mailReporter(tx, deps, row, 'aduan.mail.status_subject', 'aduan.mail.declined_body', { trackingId: row.tracking_id, title: row.title, reason: input.reason.trim() });
  });
  deps.mail.mailQueued();
}
