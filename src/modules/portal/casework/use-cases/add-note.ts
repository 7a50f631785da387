import type { AuditContext } from '../../../../platform/audit/record-audit.ts';
import { recordAudit } from '../../../../platform/audit/record-audit.ts';
import { validationError } from '../../../../platform/http/errors.ts';
import { insertEvent } from '../repo.ts';
import { caseForStaff, userIdOf, type CaseDeps } from './common.ts';

export const NOTE_MAX_LENGTH = 4000;

/**
 * An internal note on a request, for colleagues; never shown to the citizen. A note does not
 * change the request, so it needs no version and does not make other officers' pages stale.
 */
export async function addNote(deps: CaseDeps, audit: AuditContext, requestId: string, input: { message: string }): Promise<{ eventId: string }> {
  const { row } = await caseForStaff(deps.db, audit.actor, requestId, 'act');
  const message = input.message?.trim() ?? '';
  if (!message) throw validationError([{ field: 'message', messageKey: 'portal.case.error.message_required' }]);
  if (message.length > NOTE_MAX_LENGTH) throw validationError([{ field: 'message', messageKey: 'validation.max_length', params: { limit: NOTE_MAX_LENGTH } }]);
  const eventId = deps.ids.uuid();
  await deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    await insertEvent(tx, { id: eventId, request_id: row.id, at: now, kind: 'note', actor_user_id: userIdOf(audit.actor), from_status: row.status, to_status: row.status, message, internal: true });
    await recordAudit(tx, deps.clock, audit, { action: 'portal.request.note_added', targetType: 'portal_request', targetId: row.id, opdId: row.opd_id, after: { eventId } });
  });
  return { eventId };
}
