import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema.ts';
import { STAGES, type Stage } from '../db.ts';

/** The only SQL for assessments, their answers, evidence and assignments. */

export function findAssessmentByYear(db: Kysely<DB>, year: number) {
  return db
    .selectFrom('tata_kelola_assessment as a')
    .innerJoin('tata_kelola_instrument as i', 'i.id', 'a.instrument_id')
    .select(['a.id', 'a.year', 'a.instrument_id', 'a.stage', 'a.created_at', 'a.updated_at', 'i.title as instrument_title', 'i.index_name', 'i.confirmed as instrument_confirmed'])
    .where('a.year', '=', year)
    .executeTakeFirst();
}
export type AssessmentRow = NonNullable<Awaited<ReturnType<typeof findAssessmentByYear>>>;

export function findAssessmentById(db: Kysely<DB>, id: string) {
  return db.selectFrom('tata_kelola_assessment').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listAssessments(db: Kysely<DB>) {
  return db
    .selectFrom('tata_kelola_assessment as a')
    .innerJoin('tata_kelola_instrument as i', 'i.id', 'a.instrument_id')
    .select(['a.id', 'a.year', 'a.instrument_id', 'a.stage', 'i.title as instrument_title', 'i.index_name'])
    .orderBy('a.year', 'desc')
    .execute();
}

export async function insertAssessment(db: Kysely<DB>, a: { id: string; year: number; instrumentId: string; at: Date }): Promise<void> {
  await db.insertInto('tata_kelola_assessment').values({ id: a.id, year: a.year, instrument_id: a.instrumentId, stage: 'self_assessment', created_at: a.at, updated_at: a.at }).execute();
  await db
    .insertInto('tata_kelola_stage')
    .values(STAGES.map((stage) => ({ assessment_id: a.id, stage, starts_on: null, ends_on: null, entered_at: stage === 'self_assessment' ? a.at : null })))
    .execute();
}

export function listStages(db: Kysely<DB>, assessmentId: string) {
  return db
    .selectFrom('tata_kelola_stage')
    .select(['assessment_id', 'stage', sql<string | null>`starts_on::text`.as('starts_on'), sql<string | null>`ends_on::text`.as('ends_on'), 'entered_at'])
    .where('assessment_id', '=', assessmentId)
    .execute();
}

export async function setStageDates(db: Kysely<DB>, assessmentId: string, stage: Stage, startsOn: string | null, endsOn: string | null): Promise<void> {
  await db.updateTable('tata_kelola_stage').set({ starts_on: startsOn, ends_on: endsOn }).where('assessment_id', '=', assessmentId).where('stage', '=', stage).execute();
}

export async function moveToStage(db: Kysely<DB>, assessmentId: string, stage: Stage, at: Date): Promise<void> {
  await db.updateTable('tata_kelola_assessment').set({ stage, updated_at: at }).where('id', '=', assessmentId).execute();
  await db.updateTable('tata_kelola_stage').set({ entered_at: at }).where('assessment_id', '=', assessmentId).where('stage', '=', stage).execute();
}

export async function touchAssessment(db: Kysely<DB>, assessmentId: string, at: Date): Promise<void> {
  await db.updateTable('tata_kelola_assessment').set({ updated_at: at }).where('id', '=', assessmentId).execute();
}

export function listAnswers(db: Kysely<DB>, assessmentId: string) {
  return db.selectFrom('tata_kelola_answer').selectAll().where('assessment_id', '=', assessmentId).orderBy('indicator').execute();
}

export function findAnswer(db: Kysely<DB>, assessmentId: string, indicator: number) {
  return db.selectFrom('tata_kelola_answer').selectAll().where('assessment_id', '=', assessmentId).where('indicator', '=', indicator).executeTakeFirst();
}

export async function saveSelfAnswer(db: Kysely<DB>, a: { assessmentId: string; indicator: number; level: number; justification: string | null; by: string; at: Date }): Promise<void> {
  const set = { self_level: a.level, justification: a.justification, self_by_label: a.by, self_at: a.at };
  await db
    .insertInto('tata_kelola_answer')
    .values({ assessment_id: a.assessmentId, indicator: a.indicator, ...set, verified_level: null, review_note: null, reviewed_by_label: null, reviewed_at: null })
    .onConflict((oc) => oc.columns(['assessment_id', 'indicator']).doUpdateSet(set))
    .execute();
}

export async function saveReviewAnswer(db: Kysely<DB>, a: { assessmentId: string; indicator: number; level: number; note: string | null; by: string; at: Date }): Promise<void> {
  const set = { verified_level: a.level, review_note: a.note, reviewed_by_label: a.by, reviewed_at: a.at };
  await db
    .insertInto('tata_kelola_answer')
    .values({ assessment_id: a.assessmentId, indicator: a.indicator, self_level: null, justification: null, self_by_label: null, self_at: null, ...set })
    .onConflict((oc) => oc.columns(['assessment_id', 'indicator']).doUpdateSet(set))
    .execute();
}

// ---- Evidence ---------------------------------------------------------------------------------

const evidenceColumns = [
  'e.id',
  'e.assessment_id',
  'e.indicator',
  'e.assignment_id',
  'e.kind',
  'e.opd_id',
  'e.title',
  'e.url',
  'e.file_id',
  'e.record_path',
  'e.provider',
  'e.measured_at',
  'e.measurement',
  'e.created_by_label',
  'e.created_at',
  'o.name as opd_name',
] as const;

export function listEvidence(db: Kysely<DB>, assessmentId: string, filter: { indicator?: number; assignmentId?: string } = {}) {
  let q = db.selectFrom('tata_kelola_evidence as e').leftJoin('opd as o', 'o.id', 'e.opd_id').select(evidenceColumns).where('e.assessment_id', '=', assessmentId);
  if (filter.indicator !== undefined) q = q.where('e.indicator', '=', filter.indicator);
  if (filter.assignmentId !== undefined) q = q.where('e.assignment_id', '=', filter.assignmentId);
  return q.orderBy('e.indicator').orderBy(sql`e.kind = 'auto'`, 'desc').orderBy('e.created_at').orderBy('e.id').execute();
}
export type EvidenceRow = Awaited<ReturnType<typeof listEvidence>>[number];

export function findEvidence(db: Kysely<DB>, id: string) {
  return db.selectFrom('tata_kelola_evidence as e').leftJoin('opd as o', 'o.id', 'e.opd_id').select(evidenceColumns).where('e.id', '=', id).executeTakeFirst();
}

export async function insertEvidence(
  db: Kysely<DB>,
  e: { id: string; assessmentId: string; indicator: number; assignmentId: string | null; kind: 'file' | 'link' | 'record'; opdId: string | null; title: string; url: string | null; fileId: string | null; recordPath: string | null; by: string; at: Date },
): Promise<void> {
  await db
    .insertInto('tata_kelola_evidence')
    .values({
      id: e.id,
      assessment_id: e.assessmentId,
      indicator: e.indicator,
      assignment_id: e.assignmentId,
      kind: e.kind,
      opd_id: e.opdId,
      title: e.title,
      url: e.url,
      file_id: e.fileId,
      record_path: e.recordPath,
      provider: null,
      measured_at: null,
      measurement: null,
      created_by_label: e.by,
      created_at: e.at,
    })
    .execute();
}

export async function deleteEvidence(db: Kysely<DB>, id: string): Promise<void> {
  await db.deleteFrom('tata_kelola_evidence').where('id', '=', id).execute();
}

/** The one current automatic item per (indicator, provider), replaced in place. */
export async function upsertAutoEvidence(
  db: Kysely<DB>,
  e: { id: string; assessmentId: string; indicator: number; provider: string; title: string; measurement: unknown; at: Date },
): Promise<void> {
  const existing = await db
    .selectFrom('tata_kelola_evidence')
    .select('id')
    .where('assessment_id', '=', e.assessmentId)
    .where('indicator', '=', e.indicator)
    .where('provider', '=', e.provider)
    .where('kind', '=', 'auto')
    .executeTakeFirst();
  const measurement = JSON.stringify(e.measurement);
  if (existing) {
    await db.updateTable('tata_kelola_evidence').set({ title: e.title, measured_at: e.at, measurement }).where('id', '=', existing.id).execute();
    return;
  }
  await db
    .insertInto('tata_kelola_evidence')
    .values({
      id: e.id,
      assessment_id: e.assessmentId,
      indicator: e.indicator,
      assignment_id: null,
      kind: 'auto',
      opd_id: null,
      title: e.title,
      url: null,
      file_id: null,
      record_path: null,
      provider: e.provider,
      measured_at: e.at,
      measurement,
      created_by_label: 'padu',
      created_at: e.at,
    })
    .execute();
}

export function openAssessmentIds(db: Kysely<DB>) {
  return db.selectFrom('tata_kelola_assessment').select(['id', 'year', 'instrument_id']).where('stage', '!=', 'final').execute();
}

// ---- Assignments ------------------------------------------------------------------------------

const assignmentColumns = [
  'g.id',
  'g.assessment_id',
  'g.indicator',
  'g.opd_id',
  'g.part',
  sql<string>`g.due_on::text`.as('due_on'),
  'g.status',
  'g.proposed_level',
  'g.response',
  'g.submitted_by_label',
  'g.submitted_at',
  'g.created_at',
  'g.updated_at',
  'o.name as opd_name',
  'a.year',
  'a.instrument_id',
  'a.stage',
] as const;

function assignments(db: Kysely<DB>) {
  return db
    .selectFrom('tata_kelola_assignment as g')
    .innerJoin('opd as o', 'o.id', 'g.opd_id')
    .innerJoin('tata_kelola_assessment as a', 'a.id', 'g.assessment_id')
    .select(assignmentColumns);
}

export function findAssignment(db: Kysely<DB>, id: string) {
  return assignments(db).where('g.id', '=', id).executeTakeFirst();
}
export type AssignmentRow = NonNullable<Awaited<ReturnType<typeof findAssignment>>>;

export function listAssignments(db: Kysely<DB>, filter: { assessmentId?: string; indicator?: number; opdIds?: string[] | 'all' }) {
  let q = assignments(db);
  if (filter.assessmentId) q = q.where('g.assessment_id', '=', filter.assessmentId);
  if (filter.indicator !== undefined) q = q.where('g.indicator', '=', filter.indicator);
  if (Array.isArray(filter.opdIds)) {
    if (filter.opdIds.length === 0) return Promise.resolve([] as AssignmentRow[]);
    q = q.where('g.opd_id', 'in', filter.opdIds);
  }
  return q.orderBy('a.year', 'desc').orderBy('g.due_on').orderBy('g.indicator').orderBy('o.name').orderBy('g.id').execute();
}

export async function insertAssignment(db: Kysely<DB>, g: { id: string; assessmentId: string; indicator: number; opdId: string; part: string; dueOn: string; at: Date }): Promise<void> {
  await db
    .insertInto('tata_kelola_assignment')
    .values({ id: g.id, assessment_id: g.assessmentId, indicator: g.indicator, opd_id: g.opdId, part: g.part, due_on: g.dueOn, proposed_level: null, response: null, submitted_by_label: null, submitted_at: null, created_at: g.at, updated_at: g.at })
    .execute();
}

export async function deleteAssignment(db: Kysely<DB>, id: string): Promise<void> {
  await db.deleteFrom('tata_kelola_assignment').where('id', '=', id).execute();
}

export async function saveAssignmentAnswer(db: Kysely<DB>, id: string, a: { proposedLevel: number | null; response: string | null; submit: boolean; by: string; at: Date }): Promise<void> {
  await db
    .updateTable('tata_kelola_assignment')
    .set({
      proposed_level: a.proposedLevel,
      response: a.response,
      updated_at: a.at,
      ...(a.submit ? { status: 'submitted' as const, submitted_at: a.at, submitted_by_label: a.by } : {}),
    })
    .where('id', '=', id)
    .execute();
}

export async function agencyExists(db: Kysely<DB>, opdId: string): Promise<boolean> {
  return !!(await db.selectFrom('opd').select('id').where('id', '=', opdId).where('active', '=', true).executeTakeFirst());
}

/** An agency's parts and evidence move with a merge. */
export async function moveAgencyRecords(db: Kysely<DB>, fromId: string, toId: string): Promise<void> {
  await db.updateTable('tata_kelola_assignment').set({ opd_id: toId }).where('opd_id', '=', fromId).execute();
  await db.updateTable('tata_kelola_evidence').set({ opd_id: toId }).where('opd_id', '=', fromId).execute();
}
