import type { Deps } from '../../../../platform/deps.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import { AppError, validationError } from '../../../../platform/http/errors.ts';
import { recordAudit, type AuditContext } from '../../../../platform/audit/record-audit.ts';
import { tataKelolaPolicy } from '../../policy.ts';
import { loadInstrument } from '../../instruments/repo.ts';
import { refreshAutoEvidence } from '../../evidence/refresh.ts';
import { findAssessmentByYear, insertAssessment } from '../repo.ts';

/**
 * Opens the assessment of a year under an instrument, in the self-assessment stage, and attaches
 * the platform's automatic evidence straight away.
 */
export async function createAssessment(deps: Pick<Deps, 'db' | 'clock' | 'ids' | 'config' | 'logger'>, audit: AuditContext, input: { year: number; instrumentId: string }) {
  const actor = audit.actor;
  ensure(actor, tataKelolaPolicy.manageAssessment(actor));
  if (!(await loadInstrument(deps.db, input.instrumentId))) throw validationError([{ field: 'instrumentId', messageKey: 'tata_kelola.instrument.unknown' }]);
  if (await findAssessmentByYear(deps.db, input.year)) throw new AppError('conflict', 'tata_kelola.assessment.exists', { params: { year: input.year }, fields: [{ field: 'year', messageKey: 'tata_kelola.assessment.exists', params: { year: input.year } }] });
  const id = deps.ids.uuid();
  await deps.db.transaction().execute(async (tx) => {
    await insertAssessment(tx, { id, year: input.year, instrumentId: input.instrumentId, at: deps.clock.now() });
    await recordAudit(tx, deps.clock, audit, { action: 'tata_kelola.assessment.created', targetType: 'tata_kelola_assessment', targetId: id, after: input });
  });
  await refreshAutoEvidence(deps, { id, year: input.year, instrument_id: input.instrumentId });
  return { id, year: input.year };
}
