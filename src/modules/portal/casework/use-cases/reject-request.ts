import type { AuditContext } from '../../../../platform/audit/record-audit.ts';
import { validationError } from '../../../../platform/http/errors.ts';
import { transition, type CaseDeps } from './common.ts';

/** Rejects a request with a reason the citizen reads (→ rejected). */
export function rejectRequest(deps: CaseDeps, audit: AuditContext, requestId: string, input: { version: number; reason: string }): Promise<void> {
  const reason = input.reason?.trim() ?? '';
  if (!reason) throw validationError([{ field: 'reason', messageKey: 'portal.case.error.reason_required' }]);
  const now = deps.clock.now();
  return transition(deps, audit, {
    requestId,
    version: input.version,
    from: ['submitted', 'in_review', 'needs_fix'],
    to: 'rejected',
    event: 'rejected',
    message: reason,
    audit: 'portal.request.rejected',
    set: { decided_at: now, decision_reason: reason, paused_since: null },
    notice: { messageKey: 'portal.case.notice.rejected', params: { reason } },
  });
}
