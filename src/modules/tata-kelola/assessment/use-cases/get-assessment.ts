import type { Deps } from '../../../../platform/deps.ts';
import type { Actor } from '../../../../platform/auth/actor.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import { notFound } from '../../../../platform/http/errors.ts';
import { tataKelolaPolicy } from '../../policy.ts';
import { STAGES, type Stage } from '../../db.ts';
import type { Instrument } from '../../instruments/instrument.ts';
import { scoreLevels, type Scorecard } from '../../instruments/score.ts';
import { loadInstrument } from '../../instruments/repo.ts';
import { findAssessmentByYear, listAnswers, listAssessments, listAssignments, listEvidence, listStages, type AssessmentRow, type AssignmentRow, type EvidenceRow } from '../repo.ts';

export type AnswerRow = Awaited<ReturnType<typeof listAnswers>>[number];
export type StageRow = Awaited<ReturnType<typeof listStages>>[number];

/** Which stage allows what: self levels while self-assessing, verified levels during the reviews. */
export const SELF_STAGES: readonly Stage[] = ['self_assessment'];
export const REVIEW_STAGES: readonly Stage[] = ['document_review', 'interview', 'field_visit'];

export interface AssessmentDetail {
  assessment: AssessmentRow;
  instrument: Instrument;
  stages: StageRow[];
  answers: Map<number, AnswerRow>;
  self: Scorecard;
  verified: Scorecard;
  evidence: EvidenceRow[];
  assignments: AssignmentRow[];
}

/** The assessment of a year with the instrument, both scorecards, evidence and assignments. */
export async function getAssessment(deps: Pick<Deps, 'db'>, actor: Actor | null, year: number): Promise<AssessmentDetail> {
  ensure(actor, tataKelolaPolicy.readAll(actor));
  const assessment = await findAssessmentByYear(deps.db, year);
  if (!assessment) throw notFound();
  return detailOf(deps, assessment);
}

/** The same without a policy check: for use cases that checked their own. */
export async function detailOf(deps: Pick<Deps, 'db'>, assessment: AssessmentRow): Promise<AssessmentDetail> {
  const instrument = (await loadInstrument(deps.db, assessment.instrument_id))!;
  const stages = (await listStages(deps.db, assessment.id)).sort((a, b) => STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage));
  const answers = new Map((await listAnswers(deps.db, assessment.id)).map((a) => [a.indicator, a]));
  const self = scoreLevels(instrument, new Map([...answers].map(([n, a]) => [n, a.self_level])));
  const verified = scoreLevels(instrument, new Map([...answers].map(([n, a]) => [n, a.verified_level])));
  const evidence = await listEvidence(deps.db, assessment.id);
  const assignments = await listAssignments(deps.db, { assessmentId: assessment.id, opdIds: 'all' });
  return { assessment, instrument, stages, answers, self, verified, evidence, assignments };
}

export interface HistoryRow {
  year: number;
  instrumentId: string;
  instrumentTitle: string;
  indexName: string;
  stage: Stage;
  self: Scorecard;
  verified: Scorecard;
}

/** Every year's assessment, newest first, each scored under its own instrument. */
export async function listAssessmentHistory(deps: Pick<Deps, 'db'>, actor: Actor | null): Promise<HistoryRow[]> {
  ensure(actor, tataKelolaPolicy.readAll(actor));
  const rows = await listAssessments(deps.db);
  const out: HistoryRow[] = [];
  for (const r of rows) {
    const instrument = (await loadInstrument(deps.db, r.instrument_id))!;
    const answers = await listAnswers(deps.db, r.id);
    out.push({
      year: r.year,
      instrumentId: r.instrument_id,
      instrumentTitle: r.instrument_title,
      indexName: r.index_name,
      stage: r.stage,
      self: scoreLevels(instrument, new Map(answers.map((a) => [a.indicator, a.self_level]))),
      verified: scoreLevels(instrument, new Map(answers.map((a) => [a.indicator, a.verified_level]))),
    });
  }
  return out;
}
