import type { AuditContext } from '../../../../platform/audit/record-audit.ts';
import { validationError } from '../../../../platform/http/errors.ts';
import { OPEN_STATUSES } from '../deadline.ts';
import { officersOf } from '../repo.ts';
import { caseForStaff, transition, userIdOf, type CaseDeps } from './common.ts';

/**
 * Assigns a request to an officer of its agency (oneself when no one is named), or unassigns it
 * (`assigneeId: null`). Internal: the citizen is not told who works on it.
 */
export async function assignRequest(deps: CaseDeps, audit: AuditContext, requestId: string, input: { version: number; assigneeId?: string | null; self?: boolean }): Promise<void> {
  const { row } = await caseForStaff(deps.db, audit.actor, requestId, 'act');
  const assigneeId = input.self ? userIdOf(audit.actor) : (input.assigneeId ?? null);
  if (input.self && !assigneeId) throw validationError([{ field: 'assigneeId', messageKey: 'portal.case.error.not_officer' }]);
  if (assigneeId) {
    const officers = await officersOf(deps.db, row.opd_id);
    if (!officers.some((o) => o.id === assigneeId)) throw validationError([{ field: 'assigneeId', messageKey: 'portal.case.error.not_officer' }]);
  }
  await transition(deps, audit, {
    requestId,
    version: input.version,
    from: OPEN_STATUSES,
    event: 'assigned',
    internal: true,
    audit: 'portal.request.assigned',
    data: { assigneeId },
    set: { assignee_id: assigneeId },
  });
}
