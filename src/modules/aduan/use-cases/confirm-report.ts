import { AppError } from '../../../platform/http/errors.ts';
import { recordAudit, type AuditContext } from '../../../platform/audit/record-audit.ts';
import { loadDeadlines } from '../deadlines.ts';
import { lockReport, updateReport } from '../repo.ts';
import { addEvent, reporterAudit, reportForReporter, type AduanDeps, type ReporterProof } from './common.ts';

/**
 * The reporter opened the link mailed to them and confirmed: the report goes to the coordinator
 * and the verification deadline starts. Confirming twice changes nothing.
 */
export async function confirmReport(deps: AduanDeps, audit: AuditContext, trackingId: string, proof: ReporterProof): Promise<{ confirmed: boolean }> {
  const report = await reportForReporter(deps.db, trackingId, proof);
  if (report.status !== 'menunggu_konfirmasi') return { confirmed: false };
  const deadlines = await loadDeadlines(deps);
  return deps.db.transaction().execute(async (tx) => {
    const row = await lockReport(tx, report.id);
    if (!row || row.status !== 'menunggu_konfirmasi') return { confirmed: false };
    const now = deps.clock.now();
    if (now.getTime() - row.created_at.getTime() > 30 * 86_400_000) throw new AppError('conflict', 'aduan.error.confirm_expired');
    await updateReport(tx, row.id, { status: 'menunggu_verifikasi', received_at: now, verify_due_at: deadlines.verifyBy(now), updated_at: now });
    await addEvent(tx, deps, { reportId: row.id, kind: 'dikonfirmasi', actorKind: 'pelapor', public: false });
    await recordAudit(tx, deps.clock, reporterAudit(audit), { action: 'aduan.report_confirmed', targetType: 'aduan_report', targetId: row.id, after: { status: 'menunggu_verifikasi' } });
    return { confirmed: true };
  });
}
