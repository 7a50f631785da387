import type { Deps } from '../../../../platform/deps.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import { actorLabel } from '../../../../platform/auth/actor.ts';
import { AppError, validationError, type FieldError } from '../../../../platform/http/errors.ts';
import { recordAudit, type AuditContext } from '../../../../platform/audit/record-audit.ts';
import { tataKelolaPolicy } from '../../policy.ts';
import type { ReviewDecision } from '../../db.ts';
import { insertReview, setProposalState } from '../repo.ts';
import { getProposal } from './get-proposal.ts';

export interface ReviewInput {
  decision: ReviewDecision;
  notes?: string | null;
  reasons?: string | null;
  legalBasis?: string | null;
  /** The version reviewed (refuses a decision on a version the agency has since replaced). */
  version?: number;
}

/**
 * The SPBE team decides on the current version: recommend, recommend with notes (the notes are
 * required), or reject (reasons and the legal basis are required). The agency may then revise.
 */
export async function reviewProposal(deps: Pick<Deps, 'db' | 'clock' | 'ids'>, audit: AuditContext, proposalId: string, input: ReviewInput): Promise<void> {
  const actor = audit.actor;
  ensure(actor, tataKelolaPolicy.reviewProposal(actor));
  const { proposal } = await getProposal(deps, actor, proposalId);
  if (proposal.status !== 'submitted') throw new AppError('conflict', 'tata_kelola.proposal.not_awaiting_review', { fields: [{ field: 'decision', messageKey: 'tata_kelola.proposal.not_awaiting_review' }] });
  if (input.version !== undefined && input.version !== proposal.current_version) {
    throw new AppError('conflict', 'tata_kelola.proposal.version_changed', { fields: [{ field: 'decision', messageKey: 'tata_kelola.proposal.version_changed' }] });
  }
  const notes = input.notes?.trim() || null;
  const reasons = input.reasons?.trim() || null;
  const legalBasis = input.legalBasis?.trim() || null;
  const errors: FieldError[] = [];
  if (input.decision === 'recommended_with_notes' && !notes) errors.push({ field: 'notes', messageKey: 'tata_kelola.review.notes_required' });
  if (input.decision === 'rejected' && !reasons) errors.push({ field: 'reasons', messageKey: 'tata_kelola.review.reasons_required' });
  if (input.decision === 'rejected' && !legalBasis) errors.push({ field: 'legalBasis', messageKey: 'tata_kelola.review.legal_basis_required' });
  if (errors.length) throw validationError(errors);
  await deps.db.transaction().execute(async (tx) => {
    const at = deps.clock.now();
    await insertReview(tx, { id: deps.ids.uuid(), proposalId: proposal.id, version: proposal.current_version, decision: input.decision, notes, reasons, legalBasis, by: { userId: actor.kind === 'user' ? actor.userId : null, label: actorLabel(actor) }, at });
    await setProposalState(tx, proposal.id, { status: input.decision, at });
    await recordAudit(tx, deps.clock, audit, {
      action: 'tata_kelola.proposal.reviewed',
      targetType: 'tata_kelola_proposal',
      targetId: proposal.id,
      opdId: proposal.opd_id,
      before: { status: proposal.status },
      after: { version: proposal.current_version, decision: input.decision, notes, reasons, legalBasis },
    });
  });
}
