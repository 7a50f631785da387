import { recordAudit } from '../../../platform/audit/record-audit.ts';
import type { LaporAdapter } from '../lapor/adapter.ts';
import { coordinatorOpdIdsFor, insertOverdue, lockReport, newlyOverdue, reportsToAutoClose, reportsToForward, updateReport } from '../repo.ts';
import { addEvent, mailAgency, mailCoordinators, mailReporter, mailSuperiors, type AduanDeps } from './common.ts';
import { forwardToLapor, LAPOR_MAX_ATTEMPTS } from './forward-to-lapor.ts';

const SYSTEM = { actor: null, system: 'aduan-sweep' } as const;

export interface SweepResult {
  autoClosed: number;
  flagged: number;
  forwarded: number;
}

/**
 * The periodic work of the complaints desk, safe to run in several processes at once and as often
 * as wanted: close reports whose answer went unanswered for the closing period, flag every
 * deadline newly missed (to the agency, its superiors and the public timeline, once per
 * deadline), and retry forwarding to SP4N-LAPOR!. Runs as a pg-boss schedule, from
 * `padu aduan sweep`, or inline in tests.
 */
export async function runSweep(deps: AduanDeps, lapor: LaporAdapter | null): Promise<SweepResult> {
  const result: SweepResult = { autoClosed: 0, flagged: 0, forwarded: 0 };
  const now = deps.clock.now();

  for (const { id } of await reportsToAutoClose(deps.db, now)) {
    const closed = await deps.db.transaction().execute(async (tx) => {
      const row = await lockReport(tx, id);
      if (!row || row.status !== 'ditanggapi' || !row.auto_close_at || row.auto_close_at > now) return false;
      await updateReport(tx, id, { status: 'selesai', closed_at: now, close_reason: 'otomatis', auto_close_at: null, updated_at: now });
      await addEvent(tx, deps, { reportId: id, kind: 'ditutup_otomatis', actorKind: 'sistem', public: true });
      await recordAudit(tx, deps.clock, SYSTEM, { action: 'aduan.report_auto_closed', targetType: 'aduan_report', targetId: id, opdId: row.opd_id, before: { status: row.status }, after: { status: 'selesai' } });
      await mailReporter(tx, deps, row, 'aduan.mail.status_subject', 'aduan.mail.auto_closed_body', { trackingId: row.tracking_id, title: row.title });
      return true;
    });
    if (closed) result.autoClosed++;
  }

  for (const late of await newlyOverdue(deps.db, now)) {
    const flagged = await deps.db.transaction().execute(async (tx) => {
      const inserted = await insertOverdue(tx, { report_id: late.id, stage: late.stage, due_at: late.due_at, opd_id: late.opd_id, flagged_at: now });
      if (!inserted) return false; // another process flagged it first
      await addEvent(tx, deps, { reportId: late.id, kind: 'terlambat', actorKind: 'sistem', opdId: late.opd_id, public: true, data: { stage: late.stage, dueAt: late.due_at.toISOString() } });
      await recordAudit(tx, deps.clock, SYSTEM, { action: 'aduan.deadline_missed', targetType: 'aduan_report', targetId: late.id, opdId: late.opd_id, after: { stage: late.stage, dueAt: late.due_at } });
      const params = { trackingId: late.tracking_id, title: late.title, stage: late.stage, link: `${deps.config.baseUrl}/aduan/kelola/${late.id}` };
      if (late.stage === 'verify') {
        await mailCoordinators(tx, deps, await coordinatorOpdIdsFor(tx, late.region_code), 'aduan.mail.overdue_subject', 'aduan.mail.overdue_verify_body', params);
      } else if (late.opd_id) {
        await mailAgency(tx, deps, late.opd_id, 'aduan.mail.overdue_subject', 'aduan.mail.overdue_agency_body', params);
        await mailSuperiors(tx, deps, late.opd_id, 'aduan.mail.overdue_subject', 'aduan.mail.overdue_superior_body', params);
      }
      return true;
    });
    if (flagged) result.flagged++;
  }

  for (const { id } of await reportsToForward(deps.db, LAPOR_MAX_ATTEMPTS)) {
    if ((await forwardToLapor(deps, lapor, id)) === 'sent') result.forwarded++;
  }
  if (result.autoClosed || result.flagged) deps.mail.mailQueued();
  return result;
}
