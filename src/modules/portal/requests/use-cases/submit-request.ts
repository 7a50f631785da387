import { recordAudit, type AuditContext } from '../../../../platform/audit/record-audit.ts';
import { AppError, validationError, type FieldError } from '../../../../platform/http/errors.ts';
import { workingCalendar } from '../../../../platform/calendar/index.ts';
import { resumeClock } from '../../casework/deadline.ts';
import { validateAnswers } from '../form-definition.ts';
import { EDITABLE } from '../policy.ts';
import { insertRequestEvent, liveDocuments, lockRequest, nextTrackingSerial, updateRequest } from '../repo.ts';
import { notifyCitizen } from '../notify.ts';
import { definitionOf, loadOwnRequest, todayIn, type RequestDeps } from './common.ts';

export interface Submitted {
  id: string;
  trackingNumber: string;
  dueDay: string | null;
  resubmitted: boolean;
}

/** `<year>-<6 digits>`, the year of submission in the province. */
export const formatTrackingNumber = (year: string, serial: number): string => `${year}-${String(serial).padStart(6, '0')}`;

/**
 * Sends a draft (or a request fixed after the officer asked) to the agency. Everything the form
 * requires must be there, documents included; otherwise nothing changes and every problem is
 * reported by field. A first submission gets its tracking number, the agency that owns the
 * service now, the service standard's time and the deadline; a resubmission restarts the clock
 * (the deadline moves by the working days spent waiting; the case work's `resumeClock`).
 */
export async function submitRequest(deps: RequestDeps, audit: AuditContext, requestId: string): Promise<Submitted> {
  const seen = await loadOwnRequest(deps.db, audit.actor, requestId);
  if (!EDITABLE.includes(seen.status)) throw new AppError('conflict', 'portal.request.not_editable');
  const def = definitionOf(seen.definition);
  const result = await deps.db.transaction().execute(async (tx) => {
    const row = await lockRequest(tx, requestId);
    if (!row || !EDITABLE.includes(row.status)) throw new AppError('conflict', 'portal.request.not_editable');
    const { values, errors } = validateAnswers(def, row.answers, { forSubmit: true, today: todayIn(deps) });
    const docs = await liveDocuments(tx, row.id);
    const missing: FieldError[] = def.documents.filter((d) => d.required && !docs.some((x) => x.kind === 'requirement' && x.requirement_code === d.code)).map((d) => ({ field: d.code, messageKey: 'portal.request.document_required' }));
    if (errors.length || missing.length) throw validationError([...errors, ...missing]);
    const now = deps.clock.now();
    if (row.status === 'needs_fix') {
      if (!(await updateRequest(tx, row.id, row.version, { status: 'submitted', answers: JSON.stringify(values), updated_at: now }))) throw new AppError('conflict', 'portal.request.stale');
      const clock = await resumeClock(tx, deps, row.id, now);
      await insertRequestEvent(tx, { id: deps.ids.uuid(), request_id: row.id, at: now, kind: 'resubmitted', actor_user_id: row.citizen_id, from_status: 'needs_fix', to_status: 'submitted', message: null, data: JSON.stringify({ pausedDays: clock.pausedDays, dueDay: clock.dueDay }) });
      await recordAudit(tx, deps.clock, audit, { action: 'portal.request.resubmitted', targetType: 'portal_request', targetId: row.id, opdId: row.opd_id, before: { status: 'needs_fix' }, after: { status: 'submitted', dueDay: clock.dueDay } });
      await notifyCitizen(tx, deps, { requestId: row.id, userId: row.citizen_id, messageKey: 'portal.inbox.resubmitted', params: { trackingNumber: row.tracking_number ?? '', service: seen.service_name } });
      return { id: row.id, trackingNumber: row.tracking_number!, dueDay: clock.dueDay, resubmitted: true };
    }
    // The agency and time as the katalog says at this moment.
    const service = await tx.selectFrom('katalog_service').select(['opd_id', 'sla_working_days']).where('id', '=', row.service_id).executeTakeFirstOrThrow();
    if (!service.opd_id) throw new AppError('conflict', 'portal.request.not_available');
    const calendar = await workingCalendar({ db: tx, config: deps.config });
    const trackingNumber = formatTrackingNumber(calendar.localDay(now).slice(0, 4), await nextTrackingSerial(tx));
    const sla = service.sla_working_days && service.sla_working_days > 0 ? service.sla_working_days : null;
    const dueDay = sla ? calendar.localDay(calendar.addWorkingDays(now, sla)) : null;
    const changed = await updateRequest(tx, row.id, row.version, {
      status: 'submitted',
      tracking_number: trackingNumber,
      opd_id: service.opd_id,
      sla_working_days: sla,
      submitted_at: now,
      due_day: dueDay,
      answers: JSON.stringify(values),
      updated_at: now,
    });
    if (!changed) throw new AppError('conflict', 'portal.request.stale');
    await insertRequestEvent(tx, { id: deps.ids.uuid(), request_id: row.id, at: now, kind: 'submitted', actor_user_id: row.citizen_id, from_status: 'draft', to_status: 'submitted', message: null, data: JSON.stringify({ trackingNumber, dueDay }) });
    await recordAudit(tx, deps.clock, audit, { action: 'portal.request.submitted', targetType: 'portal_request', targetId: row.id, opdId: service.opd_id, before: { status: 'draft' }, after: { status: 'submitted', trackingNumber, slaWorkingDays: sla, dueDay } });
    await notifyCitizen(tx, deps, {
      requestId: row.id,
      userId: row.citizen_id,
      messageKey: dueDay ? 'portal.inbox.submitted' : 'portal.inbox.submitted_no_due',
      params: { trackingNumber, service: seen.service_name, ...(dueDay ? { due: dueDay } : {}) },
    });
    return { id: row.id, trackingNumber, dueDay, resubmitted: false };
  });
  deps.mail.mailQueued();
  return result;
}
