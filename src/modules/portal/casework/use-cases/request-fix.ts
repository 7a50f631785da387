import type { AuditContext } from '../../../../platform/audit/record-audit.ts';
import { validationError } from '../../../../platform/http/errors.ts';
import { pauseClock } from '../deadline.ts';
import { transition, type CaseDeps } from './common.ts';

/**
 * Asks the citizen to fix something (→ needs_fix). The agency's clock stops until the citizen
 * sends the request back (the requests part then calls `resumeClock`).
 */
export function requestFix(deps: CaseDeps, audit: AuditContext, requestId: string, input: { version: number; message: string }): Promise<void> {
  const message = input.message?.trim() ?? '';
  if (!message) throw validationError([{ field: 'message', messageKey: 'portal.case.error.message_required' }]);
  return transition(deps, audit, {
    requestId,
    version: input.version,
    from: ['submitted', 'in_review'],
    to: 'needs_fix',
    event: 'fix_requested',
    message,
    audit: 'portal.request.fix_requested',
    inside: (tx, row, now) => pauseClock(tx, row.id, now),
    notice: { messageKey: 'portal.case.notice.fix_requested', params: { message } },
  });
}
