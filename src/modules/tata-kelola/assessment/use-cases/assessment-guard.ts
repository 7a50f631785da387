import type { Kysely } from 'kysely';
import type { DB } from '../../../../platform/db/schema.ts';
import { AppError, notFound, validationError } from '../../../../platform/http/errors.ts';
import type { Stage } from '../../db.ts';
import type { Instrument, InstrumentIndicator } from '../../instruments/instrument.ts';
import { loadInstrument } from '../../instruments/repo.ts';
import { findAssessmentByYear, type AssessmentRow } from '../repo.ts';

/** The assessment of `year` and its instrument, or 404. */
export async function assessmentOf(db: Kysely<DB>, year: number): Promise<{ assessment: AssessmentRow; instrument: Instrument }> {
  const assessment = await findAssessmentByYear(db, year);
  if (!assessment) throw notFound();
  return { assessment, instrument: (await loadInstrument(db, assessment.instrument_id))! };
}

/** The indicator of the instrument, or 404 (an indicator number the instrument does not have). */
export function indicatorOf(instrument: Instrument, number: number): InstrumentIndicator {
  const indicator = instrument.indicators.find((i) => i.number === number);
  if (!indicator) throw notFound();
  return indicator;
}

/** Refuses a change the assessment's stage does not allow (409, with the stage named). */
export function ensureStage(assessment: { stage: Stage }, allowed: readonly Stage[], field = 'level'): void {
  if (!allowed.includes(assessment.stage)) {
    throw new AppError('conflict', 'tata_kelola.assessment.wrong_stage', { fields: [{ field, messageKey: 'tata_kelola.assessment.wrong_stage' }] });
  }
}

export function ensureLevel(level: number, field = 'level'): void {
  if (!Number.isInteger(level) || level < 1 || level > 5) throw validationError([{ field, messageKey: 'tata_kelola.level.range' }]);
}
