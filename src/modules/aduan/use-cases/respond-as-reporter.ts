import { AppError } from '../../../platform/http/errors.ts';
import { recordAudit, type AuditContext } from '../../../platform/audit/record-audit.ts';
import { loadDeadlines } from '../deadlines.ts';
import { lockReport, updateReport } from '../repo.ts';
import { addEvent, mailAgency, reporterAudit, reportForReporter, userIdOf, type AduanDeps, type ReporterProof } from './common.ts';

/**
 * The reporter answers the agency. The conversation goes on, so the report will not close on its
 * own; the agency owes a new follow-up within the follow-up deadline.
 */
export async function replyToReport(deps: AduanDeps, audit: AuditContext, trackingId: string, proof: ReporterProof, input: { body: string }): Promise<void> {
  const report = await reportForReporter(deps.db, trackingId, proof);
  if (!['diproses', 'ditanggapi', 'dibuka_kembali'].includes(report.status)) throw new AppError('conflict', 'aduan.error.cannot_reply');
  const deadlines = await loadDeadlines(deps);
  await deps.db.transaction().execute(async (tx) => {
    const row = await lockReport(tx, report.id);
    if (!row || !['diproses', 'ditanggapi', 'dibuka_kembali'].includes(row.status)) throw new AppError('conflict', 'aduan.error.cannot_reply');
    const now = deps.clock.now();
    const waiting = row.status === 'ditanggapi';
    await updateReport(tx, row.id, {
      status: waiting ? 'diproses' : row.status,
      follow_up_due_at: waiting ? deadlines.followUpBy(now) : row.follow_up_due_at,
      auto_close_at: null,
      updated_at: now,
    });
    await addEvent(tx, deps, { reportId: row.id, kind: 'balasan', actorKind: 'pelapor', actorUserId: userIdOf(proof.actor), body: input.body.trim(), public: true });
    await recordAudit(tx, deps.clock, reporterAudit(audit), { action: 'aduan.reporter_replied', targetType: 'aduan_report', targetId: row.id, opdId: row.opd_id });
    if (row.opd_id) await mailAgency(tx, deps, row.opd_id, 'aduan.mail.reply_subject', 'aduan.mail.reply_body', { trackingId: row.tracking_id, link: `${deps.config.baseUrl}/aduan/kelola/${row.id}` });
  });
  deps.mail.mailQueued();
}

/** The reporter rates the answer (1–5). Rating an answer they are waiting on closes the report. */
export async function rateReport(deps: AduanDeps, audit: AuditContext, trackingId: string, proof: ReporterProof, input: { rating: number; comment?: string | null }): Promise<void> {
  const report = await reportForReporter(deps.db, trackingId, proof);
  if (!['ditanggapi', 'selesai'].includes(report.status) || !report.first_response_at) throw new AppError('conflict', 'aduan.error.cannot_rate');
  await deps.db.transaction().execute(async (tx) => {
    const row = await lockReport(tx, report.id);
    if (!row || !['ditanggapi', 'selesai'].includes(row.status)) throw new AppError('conflict', 'aduan.error.cannot_rate');
    const now = deps.clock.now();
    const closes = row.status === 'ditanggapi';
    await updateReport(tx, row.id, {
      rating: input.rating,
      rating_comment: input.comment?.trim() || null,
      ...(closes ? { status: 'selesai' as const, closed_at: now, close_reason: 'pelapor' as const, auto_close_at: null } : {}),
      updated_at: now,
    });
    await addEvent(tx, deps, { reportId: row.id, kind: 'dinilai', actorKind: 'pelapor', actorUserId: userIdOf(proof.actor), body: input.comment?.trim() || null, public: true, data: { rating: input.rating } });
    if (closes) await addEvent(tx, deps, { reportId: row.id, kind: 'ditutup', actorKind: 'pelapor', public: true });
    await recordAudit(tx, deps.clock, reporterAudit(audit), { action: 'aduan.reporter_rated', targetType: 'aduan_report', targetId: row.id, opdId: row.opd_id, after: { rating: input.rating, status: closes ? 'selesai' : row.status } });
  });
}

/**
 * The reporter is not satisfied and reopens the report, after an answer or after it closed: the
 * agency owes a new follow-up; the resolution deadline keeps running from the disposition.
 */
export async function reopenReport(deps: AduanDeps, audit: AuditContext, trackingId: string, proof: ReporterProof, input: { reason: string }): Promise<void> {
  const report = await reportForReporter(deps.db, trackingId, proof);
  const reopenable = (s: string, opdId: string | null) => (s === 'ditanggapi' || s === 'selesai') && !!opdId;
  if (!reopenable(report.status, report.opd_id)) throw new AppError('conflict', 'aduan.error.cannot_reopen');
  const deadlines = await loadDeadlines(deps);
  await deps.db.transaction().execute(async (tx) => {
    const row = await lockReport(tx, report.id);
    if (!row || !reopenable(row.status, row.opd_id)) throw new AppError('conflict', 'aduan.error.cannot_reopen');
    const now = deps.clock.now();
    await updateReport(tx, row.id, {
      status: 'dibuka_kembali',
      reopen_count: row.reopen_count + 1,
      follow_up_due_at: deadlines.followUpBy(now),
      auto_close_at: null,
      closed_at: null,
      close_reason: null,
      updated_at: now,
    });
    await addEvent(tx, deps, { reportId: row.id, kind: 'dibuka_kembali', actorKind: 'pelapor', actorUserId: userIdOf(proof.actor), body: input.reason.trim(), public: true });
    await recordAudit(tx, deps.clock, reporterAudit(audit), { action: 'aduan.report_reopened', targetType: 'aduan_report', targetId: row.id, opdId: row.opd_id, after: { status: 'dibuka_kembali', reopenCount: row.reopen_count + 1 } });
    await mailAgency(tx, deps, row.opd_id!, 'aduan.mail.reopened_subject', 'aduan.mail.reopened_body', { trackingId: row.tracking_id, link: `${deps.config.baseUrl}/aduan/kelola/${row.id}` });
  });
  deps.mail.mailQueued();
}
