import type { Deps } from '../../../../platform/deps.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import { validationError, type FieldError } from '../../../../platform/http/errors.ts';
import { recordAudit, type AuditContext } from '../../../../platform/audit/record-audit.ts';
import { tataKelolaPolicy } from '../../policy.ts';
import { STAGES, type Stage } from '../../db.ts';
import { refreshAutoEvidence } from '../../evidence/refresh.ts';
import { listStages, moveToStage, setStageDates } from '../repo.ts';
import { assessmentOf } from './assessment-guard.ts';

export type StageDates = Partial<Record<Stage, { startsOn: string | null; endsOn: string | null }>>;

/** Sets the planned window of each stage (self-assessment, document review, interview, field visit, final). */
export async function scheduleStages(deps: Pick<Deps, 'db' | 'clock'>, audit: AuditContext, year: number, dates: StageDates): Promise<void> {
  const actor = audit.actor;
  ensure(actor, tataKelolaPolicy.manageAssessment(actor));
  const { assessment } = await assessmentOf(deps.db, year);
  const errors: FieldError[] = [];
  for (const stage of STAGES) {
    const d = dates[stage];
    if (d?.startsOn && d.endsOn && d.endsOn < d.startsOn) errors.push({ field: `${stage}.endsOn`, messageKey: 'tata_kelola.stage.end_before_start' });
  }
  if (errors.length) throw validationError(errors);
  const before = await listStages(deps.db, assessment.id);
  await deps.db.transaction().execute(async (tx) => {
    for (const stage of STAGES) {
      const d = dates[stage];
      if (d) await setStageDates(tx, assessment.id, stage, d.startsOn, d.endsOn);
    }
    await recordAudit(tx, deps.clock, audit, {
      action: 'tata_kelola.assessment.scheduled',
      targetType: 'tata_kelola_assessment',
      targetId: assessment.id,
      before: Object.fromEntries(before.map((s) => [s.stage, { startsOn: s.starts_on, endsOn: s.ends_on }])),
      after: dates,
    });
  });
}

/**
 * Moves the assessment to a stage (forwards, or back to reopen one). Entering the final stage
 * refreshes the automatic evidence one last time; from then on nothing changes until the
 * SPBE team reopens a stage.
 */
export async function moveStage(deps: Pick<Deps, 'db' | 'clock' | 'ids' | 'config' | 'logger'>, audit: AuditContext, year: number, stage: Stage): Promise<void> {
  const actor = audit.actor;
  ensure(actor, tataKelolaPolicy.manageAssessment(actor));
  const { assessment } = await assessmentOf(deps.db, year);
  if (assessment.stage === stage) return;
  if (stage === 'final') await refreshAutoEvidence(deps, assessment);
  await deps.db.transaction().execute(async (tx) => {
    await moveToStage(tx, assessment.id, stage, deps.clock.now());
    await recordAudit(tx, deps.clock, audit, { action: 'tata_kelola.assessment.stage_changed', targetType: 'tata_kelola_assessment', targetId: assessment.id, before: { stage: assessment.stage }, after: { stage } });
  });
}
