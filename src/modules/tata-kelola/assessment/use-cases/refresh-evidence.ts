import type { Deps } from '../../../../platform/deps.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import { recordAudit, type AuditContext } from '../../../../platform/audit/record-audit.ts';
import { tataKelolaPolicy } from '../../policy.ts';
import { refreshAutoEvidence, type RefreshResult } from '../../evidence/refresh.ts';
import { openAssessmentIds } from '../repo.ts';
import { assessmentOf, ensureStage } from './assessment-guard.ts';
import { REVIEW_STAGES, SELF_STAGES } from './get-assessment.ts';

/** Measures the automatic evidence of a year's assessment again, now (the SPBE team's button). */
export async function refreshEvidence(deps: Pick<Deps, 'db' | 'clock' | 'ids' | 'config' | 'logger'>, audit: AuditContext, year: number): Promise<RefreshResult> {
  const actor = audit.actor;
  ensure(actor, tataKelolaPolicy.manageAssessment(actor));
  const { assessment } = await assessmentOf(deps.db, year);
  ensureStage(assessment, [...SELF_STAGES, ...REVIEW_STAGES], 'refresh');
  return refreshAutoEvidence(deps, assessment, (tx, result) =>
    recordAudit(tx, deps.clock, audit, { action: 'tata_kelola.evidence.refreshed', targetType: 'tata_kelola_assessment', targetId: assessment.id, after: { items: result.items, providers: result.providers.map((p) => p.key) } }),
  );
}

/** The daily job: keeps every open assessment's automatic evidence current. */
export async function refreshOpenAssessments(deps: Pick<Deps, 'db' | 'clock' | 'ids' | 'config' | 'logger'>): Promise<number> {
  let items = 0;
  for (const assessment of await openAssessmentIds(deps.db)) items += (await refreshAutoEvidence(deps, assessment)).items;
  return items;
}
