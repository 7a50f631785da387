import type { Deps } from '../../../../platform/deps.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import { actorLabel } from '../../../../platform/auth/actor.ts';
import { recordAudit, type AuditContext } from '../../../../platform/audit/record-audit.ts';
import { tataKelolaPolicy } from '../../policy.ts';
import { findAnswer, saveReviewAnswer, saveSelfAnswer, touchAssessment } from '../repo.ts';
import { assessmentOf, ensureLevel, ensureStage, indicatorOf } from './assessment-guard.ts';
import { REVIEW_STAGES, SELF_STAGES } from './get-assessment.ts';

/** The self-assessed level (1-5) of an indicator with its justification, during self-assessment. */
export async function saveSelfAssessment(deps: Pick<Deps, 'db' | 'clock'>, audit: AuditContext, year: number, number: number, input: { level: number; justification?: string | null }): Promise<void> {
  const actor = audit.actor;
  ensure(actor, tataKelolaPolicy.manageAssessment(actor));
  const { assessment, instrument } = await assessmentOf(deps.db, year);
  indicatorOf(instrument, number);
  ensureLevel(input.level);
  ensureStage(assessment, SELF_STAGES);
  const before = await findAnswer(deps.db, assessment.id, number);
  const justification = input.justification?.trim() || null;
  await deps.db.transaction().execute(async (tx) => {
    const at = deps.clock.now();
    await saveSelfAnswer(tx, { assessmentId: assessment.id, indicator: number, level: input.level, justification, by: actorLabel(actor), at });
    await touchAssessment(tx, assessment.id, at);
    await recordAudit(tx, deps.clock, audit, {
      action: 'tata_kelola.indicator.self_assessed',
      targetType: 'tata_kelola_assessment',
      targetId: assessment.id,
      before: before ? { indicator: number, level: before.self_level, justification: before.justification } : null,
      after: { indicator: number, level: input.level, justification },
    });
  });
}

/** The assessor's verified level (1-5) and notes, during document review, interview or field visit. */
export async function verifyIndicator(deps: Pick<Deps, 'db' | 'clock'>, audit: AuditContext, year: number, number: number, input: { level: number; note?: string | null }): Promise<void> {
  const actor = audit.actor;
  ensure(actor, tataKelolaPolicy.verify(actor));
  const { assessment, instrument } = await assessmentOf(deps.db, year);
  indicatorOf(instrument, number);
  ensureLevel(input.level, 'verifiedLevel');
  ensureStage(assessment, REVIEW_STAGES, 'verifiedLevel');
  const before = await findAnswer(deps.db, assessment.id, number);
  const note = input.note?.trim() || null;
  await deps.db.transaction().execute(async (tx) => {
    const at = deps.clock.now();
    await saveReviewAnswer(tx, { assessmentId: assessment.id, indicator: number, level: input.level, note, by: actorLabel(actor), at });
    await touchAssessment(tx, assessment.id, at);
    await recordAudit(tx, deps.clock, audit, {
      action: 'tata_kelola.indicator.verified',
      targetType: 'tata_kelola_assessment',
      targetId: assessment.id,
      before: before ? { indicator: number, level: before.verified_level, note: before.review_note } : null,
      after: { indicator: number, level: input.level, note, stage: assessment.stage },
    });
  });
}
