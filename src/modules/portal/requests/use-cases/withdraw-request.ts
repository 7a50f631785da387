import { recordAudit, type AuditContext } from '../../../../platform/audit/record-audit.ts';
import { AppError } from '../../../../platform/http/errors.ts';
import { WITHDRAWABLE } from '../policy.ts';
import { insertRequestEvent, lockRequest, updateRequest } from '../repo.ts';
import { notifyCitizen } from '../notify.ts';
import { loadOwnRequest, type RequestDeps } from './common.ts';

/** The citizen withdraws a submitted request that is not decided yet. */
export async function withdrawRequest(deps: RequestDeps, audit: AuditContext, requestId: string, reason?: string | null): Promise<void> {
  const seen = await loadOwnRequest(deps.db, audit.actor, requestId);
  if (!WITHDRAWABLE.includes(seen.status)) throw new AppError('conflict', 'portal.request.not_withdrawable');
  await deps.db.transaction().execute(async (tx) => {
    const row = await lockRequest(tx, requestId);
    if (!row || !WITHDRAWABLE.includes(row.status)) throw new AppError('conflict', 'portal.request.not_withdrawable');
    const now = deps.clock.now();
    if (!(await updateRequest(tx, row.id, row.version, { status: 'withdrawn', paused_since: null, updated_at: now }))) throw new AppError('conflict', 'portal.request.stale');
    const message = reason?.trim() ? reason.trim().slice(0, 1000) : null;
    await insertRequestEvent(tx, { id: deps.ids.uuid(), request_id: row.id, at: now, kind: 'withdrawn', actor_user_id: row.citizen_id, from_status: row.status, to_status: 'withdrawn', message });
    await recordAudit(tx, deps.clock, audit, { action: 'portal.request.withdrawn', targetType: 'portal_request', targetId: row.id, opdId: row.opd_id, before: { status: row.status }, after: { status: 'withdrawn' } });
    await notifyCitizen(tx, deps, { requestId: row.id, userId: row.citizen_id, messageKey: 'portal.inbox.withdrawn', params: { trackingNumber: row.tracking_number ?? '', service: seen.service_name } });
  });
  deps.mail.mailQueued();
}
