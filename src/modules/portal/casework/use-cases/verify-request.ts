import type { AuditContext } from '../../../../platform/audit/record-audit.ts';
import { transition, type CaseDeps } from './common.ts';

/** The officer has checked the request is complete and starts working on it (submitted → in_review). */
export function verifyRequest(deps: CaseDeps, audit: AuditContext, requestId: string, input: { version: number }): Promise<void> {
  return transition(deps, audit, {
    requestId,
    version: input.version,
    from: ['submitted'],
    to: 'in_review',
    event: 'verified',
    audit: 'portal.request.verified',
    notice: { messageKey: 'portal.case.notice.in_review' },
  });
}
