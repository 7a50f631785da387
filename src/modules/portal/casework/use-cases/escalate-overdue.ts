import type { Deps } from '../../../../platform/deps.ts';
import { recordAudit } from '../../../../platform/audit/record-audit.ts';
import { queueMail } from '../../../../platform/mail/index.ts';
import { translate } from '../../../../platform/i18n/index.ts';
import { calendarFor, workingDaysLeft } from '../deadline.ts';
import { agencyAdmins, findCase, insertEvent, insertInboxMessages, listOverdue, lockRequest, markEscalated, overdueToEscalate } from '../repo.ts';
import '../messages.ts';

const SYSTEM = { actor: null, system: 'portal-escalation' } as const;

export interface EscalationResult {
  escalated: number;
  /** Mails queued to agency admins. */
  mailed: number;
}

/**
 * Escalates every overdue request (clock running, due day passed) once: an internal 'escalated'
 * event, and a mail and an inbox notice to the administrators (admin_opd) of the request's
 * agency. Safe to run in several processes and as often as wanted (the row lock and
 * `escalated_at` make it happen once). Runs as a pg-boss schedule, from `padu portal escalate`,
 * or inline in tests.
 */
export async function escalateOverdue(deps: Pick<Deps, 'db' | 'clock' | 'ids' | 'config' | 'mail'>): Promise<EscalationResult> {
  const result: EscalationResult = { escalated: 0, mailed: 0 };
  const now = deps.clock.now();
  const calendar = await calendarFor(deps);
  const today = calendar.localDay(now);
  for (const { id } of await overdueToEscalate(deps.db, today)) {
    const mailed = await deps.db.transaction().execute(async (tx) => {
      const row = await lockRequest(tx, id);
      if (!row || row.escalated_at || !row.due_day || row.due_day >= today || !['submitted', 'in_review'].includes(row.status)) return -1;
      if (!(await markEscalated(tx, id, now))) return -1;
      const detail = await findCase(tx, id);
      await insertEvent(tx, { id: deps.ids.uuid(), request_id: id, at: now, kind: 'escalated', actor_user_id: null, from_status: row.status, to_status: row.status, message: null, internal: true, data: { dueDay: row.due_day } });
      await recordAudit(tx, deps.clock, SYSTEM, { action: 'portal.request.escalated', targetType: 'portal_request', targetId: id, opdId: row.opd_id, after: { dueDay: row.due_day } });
      const params = { number: row.tracking_number ?? '', service: detail?.service_name ?? '', dueDay: row.due_day, link: `${deps.config.baseUrl}/portal/permohonan/${id}` };
      const admins = await agencyAdmins(tx, row.opd_id);
      await insertInboxMessages(tx, admins.map((a) => ({ id: deps.ids.uuid(), user_id: a.id, request_id: id, message_key: 'portal.case.notice.escalated', params, created_at: now })));
      for (const a of admins) {
        const locale = a.locale ?? 'id';
        await queueMail(tx, { to: a.email, subject: translate(locale, 'portal.case.mail.escalated_subject', params), text: translate(locale, 'portal.case.mail.escalated_body', params) }, deps);
      }
      return admins.length;
    });
    if (mailed >= 0) {
      result.escalated++;
      result.mailed += mailed;
    }
  }
  if (result.mailed) deps.mail.mailQueued();
  return result;
}

/** Overdue requests of every agency, for `padu portal overdue` (JSON). */
export async function listOverdueRequests(deps: Pick<Deps, 'db' | 'clock' | 'config'>) {
  const calendar = await calendarFor(deps);
  const now = deps.clock.now();
  const rows = await listOverdue(deps.db, calendar.localDay(now));
  return rows.map((r) => ({
    id: r.id,
    trackingNumber: r.tracking_number,
    status: r.status,
    service: r.service_name,
    agency: r.opd_name,
    dueDay: r.due_day,
    workingDaysOverdue: r.due_day ? -workingDaysLeft(calendar, r.due_day, now) : null,
    escalatedAt: r.escalated_at ? new Date(r.escalated_at).toISOString() : null,
  }));
}
