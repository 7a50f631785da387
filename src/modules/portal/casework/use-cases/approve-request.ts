import type { AuditContext } from '../../../../platform/audit/record-audit.ts';
import { validationError } from '../../../../platform/http/errors.ts';
import { issueSurveyToken } from '../../survey/use-cases/issue-survey-token.ts';
import { insertDocuments } from '../repo.ts';
import { MAX_RESULTS, type NewDocument } from '../results.ts';
import { transition, userIdOf, type CaseDeps } from './common.ts';

/**
 * Approves a request with its result documents (at least one: the permit, the letter…). The
 * citizen is told, with a one-time satisfaction survey link for the service.
 */
export function approveRequest(deps: CaseDeps, audit: AuditContext, requestId: string, input: { version: number; note?: string | null }, results: NewDocument[]): Promise<void> {
  if (results.length === 0) throw validationError([{ field: 'results', messageKey: 'portal.case.error.result_required' }]);
  if (results.length > MAX_RESULTS) throw validationError([{ field: 'results', messageKey: 'portal.case.error.too_many_results', params: { max: MAX_RESULTS } }]);
  const note = input.note?.trim() || null;
  const now = deps.clock.now();
  return transition(deps, audit, {
    requestId,
    version: input.version,
    from: ['in_review'],
    to: 'approved',
    event: 'approved',
    message: note,
    audit: 'portal.request.approved',
    data: { results: results.length },
    set: { decided_at: now, decision_reason: note },
    inside: async (tx, row, at) => {
      await insertDocuments(
        tx,
        results.map((r) => ({ id: deps.ids.uuid(), request_id: row.id, file_id: r.fileId, kind: 'result' as const, name: r.name, content_type: r.contentType, size: r.size, uploaded_by: userIdOf(audit.actor), created_at: at })),
      );
      const survey = await issueSurveyToken(tx, deps, { serviceId: row.service_id, userId: row.citizen_id, reference: row.tracking_number });
      return { surveyUrl: survey.url };
    },
    notice: { messageKey: 'portal.case.notice.approved' },
  });
}
