import { recordAudit, type AuditContext } from '../../../../platform/audit/record-audit.ts';
import { AppError } from '../../../../platform/http/errors.ts';
import { ensureCitizenActor } from '../policy.ts';
import { findDraft, findServiceForApply, insertRequest, insertRequestEvent, type ApplyServiceRow } from '../repo.ts';
import type { RequestDeps } from './common.ts';

/** A service that takes online requests now: published, online, with a published form and an owner agency. */
export async function findApplicableService(deps: Pick<RequestDeps, 'db'>, key: string): Promise<ApplyServiceRow & { form_id: string; opd_id: string }> {
  const s = await findServiceForApply(deps.db, key);
  if (!s || !s.published || s.availability !== 'online' || !s.form_id || !s.opd_id) throw new AppError('not_found', 'portal.request.not_available');
  return s as ApplyServiceRow & { form_id: string; opd_id: string };
}

/**
 * Starts the signed-in citizen's request for a service, or resumes the draft they already have
 * (one open draft per service). The draft keeps the form version it was started with.
 */
export async function startDraft(deps: RequestDeps, audit: AuditContext, serviceKey: string): Promise<{ id: string; created: boolean }> {
  const actor = audit.actor;
  ensureCitizenActor(actor);
  const service = await findApplicableService(deps, serviceKey);
  return deps.db.transaction().execute(async (tx) => {
    const existing = await findDraft(tx, actor.userId, service.id);
    if (existing) return { id: existing.id, created: false };
    const id = deps.ids.uuid();
    const now = deps.clock.now();
    await insertRequest(tx, {
      id,
      tracking_number: null,
      service_id: service.id,
      form_id: service.form_id,
      opd_id: service.opd_id,
      citizen_id: actor.userId,
      status: 'draft',
      answers: '{}',
      prefilled: '{}',
      assignee_id: null,
      sla_working_days: null,
      submitted_at: null,
      due_day: null,
      paused_since: null,
      decided_at: null,
      decision_reason: null,
      escalated_at: null,
      created_at: now,
      updated_at: now,
    });
    await insertRequestEvent(tx, { id: deps.ids.uuid(), request_id: id, at: now, kind: 'created', actor_user_id: actor.userId, from_status: null, to_status: 'draft', message: null });
    await recordAudit(tx, deps.clock, audit, { action: 'portal.request.created', targetType: 'portal_request', targetId: id, opdId: service.opd_id, after: { serviceId: service.id, formId: service.form_id } });
    return { id, created: true };
  });
}
