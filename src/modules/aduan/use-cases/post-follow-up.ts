import { AppError, validationError } from '../../../platform/http/errors.ts';
import { recordAudit, type AuditContext } from '../../../platform/audit/record-audit.ts';
import { isPublicAttachment, MAX_ATTACHMENTS, type NewAttachment } from '../attachments.ts';
import { loadDeadlines } from '../deadlines.ts';
import { insertAttachments, lockReport, updateReport } from '../repo.ts';
import { addEvent, mailReporter, reportForStaff, userIdOf, type AduanDeps } from './common.ts';

const ANSWERABLE = ['diproses', 'ditanggapi', 'dibuka_kembali'];

/**
 * The responsible agency posts its follow-up (tindak lanjut). The reporter now has the automatic
 * closing period to reply, rate or reopen; without a reply the report closes on its own.
 */
export async function postFollowUp(deps: AduanDeps, audit: AuditContext, reportId: string, input: { body: string }, attachments: NewAttachment[] = []): Promise<{ eventId: string }> {
  const { report } = await reportForStaff(deps.db, audit.actor, reportId, 'handle');
  if (!ANSWERABLE.includes(report.status)) throw new AppError('conflict', 'aduan.error.cannot_follow_up');
  if (attachments.length > MAX_ATTACHMENTS) throw validationError([{ field: 'attachments', messageKey: 'aduan.error.too_many_files', params: { max: MAX_ATTACHMENTS } }]);
  const deadlines = await loadDeadlines(deps);
  const eventId = await deps.db.transaction().execute(async (tx) => {
    const row = await lockReport(tx, report.id);
    if (!row || !ANSWERABLE.includes(row.status) || row.opd_id !== report.opd_id) throw new AppError('conflict', 'aduan.error.cannot_follow_up');
    const now = deps.clock.now();
    await updateReport(tx, row.id, {
      status: 'ditanggapi',
      first_response_at: row.first_response_at ?? now,
      last_response_at: now,
      follow_up_due_at: null,
      auto_close_at: deadlines.autoCloseAt(now),
      updated_at: now,
    });
    const id = await addEvent(tx, deps, { reportId: row.id, kind: 'tanggapan', actorKind: 'instansi', actorUserId: userIdOf(audit.actor), opdId: row.opd_id, body: input.body.trim(), public: true });
    await insertAttachments(
      tx,
      attachments.map((a) => ({ id: deps.ids.uuid(), report_id: row.id, event_id: id, file_id: a.fileId, name: a.name, content_type: a.contentType, size: a.size, public: isPublicAttachment('instansi', a.contentType), created_at: now })),
    );
    await recordAudit(tx, deps.clock, audit, {
      action: 'aduan.follow_up_posted',
      targetType: 'aduan_report',
      targetId: row.id,
      opdId: row.opd_id,
      before: { status: row.status },
      after: { status: 'ditanggapi', eventId: id, attachments: attachments.length },
    });
    await mailReporter(tx, deps, row, 'aduan.mail.status_subject', 'aduan.mail.follow_up_body', { trackingId: row.tracking_id, title: row.title, days: deadlines.sla.steps.auto_close });
    return id;
  });
  deps.mail.mailQueued();
  return { eventId };
}
