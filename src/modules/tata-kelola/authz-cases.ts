import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';

/**
 * Tata kelola's rows in the cross-agency authorization matrix (test/authz/matrix.test.ts): an
 * assessment (the province's, not an agency's), an indicator part assigned to agency B (Dinkes)
 * with an evidence item, and a spending proposal of agency B. Agency A's staff and system get 404
 * for B's records (403 where the route first asks for a role they lack), citizens 403, auditors
 * read and change nothing; only the SPBE team and admins run the assessment and review.
 */
type Actor = 'anon' | 'adminA' | 'petugasA' | 'warga' | 'auditor' | 'tokenA';

export interface TataKelolaIds {
  assessmentTk: string;
  assignmentTkB: string;
  evidenceTkB: string;
  proposalTkB: string;
}
type Ids = TataKelolaIds & { opdA: string; opdB: string };

interface Case {
  route: string;
  url: (ids: Ids) => string;
  body?: (ids: Ids) => Record<string, any>;
  form?: boolean;
  expect: Partial<Record<Actor, number>>;
}

const YEAR = 2026;
const INSTRUMENT = 'PermenPANRB-59-2020';

/** Only the SPBE team and admins (assessment, instruments, reviews, the check list). */
const spbeOnly = { anon: 401, adminA: 403, petugasA: 403, warga: 403, tokenA: 403, auditor: 403 };
/** The whole assessment: the SPBE team, admins and auditors read it. */
const readAll = { anon: 401, adminA: 403, petugasA: 403, warga: 403, tokenA: 403, auditor: 200 };
/** Agency B's records (its part, its proposal): invisible to A's staff; A's token has no tata-kelola scope. */
const readB = { anon: 401, adminA: 404, petugasA: 404, warga: 403, tokenA: 403, auditor: 200 };
const changeB = { anon: 401, adminA: 404, petugasA: 404, warga: 403, tokenA: 403, auditor: 403 };
/** Creating in agency B: refused before anything is looked up. */
const createInB = { anon: 401, adminA: 403, petugasA: 403, warga: 403, tokenA: 403, auditor: 403 };

export function newTataKelolaIds(uuid: () => string): TataKelolaIds {
  return { assessmentTk: uuid(), assignmentTkB: uuid(), evidenceTkB: uuid(), proposalTkB: uuid() };
}

/** The records of the cases; the instrument is loaded by the module's reference data. */
export async function seedTataKelola(db: Kysely<DB>, ids: Ids, now: Date): Promise<void> {
  await db.insertInto('tata_kelola_assessment').values({ id: ids.assessmentTk, year: YEAR, instrument_id: INSTRUMENT, stage: 'self_assessment', created_at: now, updated_at: now }).execute();
  await db
    .insertInto('tata_kelola_stage')
    .values((['self_assessment', 'document_review', 'interview', 'field_visit', 'final'] as const).map((stage) => ({ assessment_id: ids.assessmentTk, stage, starts_on: null, ends_on: null, entered_at: stage === 'self_assessment' ? now : null })))
    .execute();
  await db
    .insertInto('tata_kelola_assignment')
    .values({ id: ids.assignmentTkB, assessment_id: ids.assessmentTk, indicator: 16, opd_id: ids.opdB, part: 'Daftar server', due_on: '2026-03-31', proposed_level: null, response: null, submitted_by_label: null, submitted_at: null, created_at: now, updated_at: now })
    .execute();
  await db
    .insertInto('tata_kelola_evidence')
    .values({ id: ids.evidenceTkB, assessment_id: ids.assessmentTk, indicator: 16, assignment_id: ids.assignmentTkB, kind: 'link', opd_id: ids.opdB, title: 'Inventaris server Dinkes', url: 'https://dinkes.example/server', file_id: null, record_path: null, provider: null, measured_at: null, measurement: null, created_by_label: 'petugas@dinkes.go.id', created_at: now })
    .execute();
  await db.insertInto('tata_kelola_proposal').values({ id: ids.proposalTkB, opd_id: ids.opdB, budget_year: 2027, status: 'submitted', current_version: 1, created_at: now, updated_at: now }).execute();
  await db
    .insertInto('tata_kelola_proposal_version')
    .values({
      proposal_id: ids.proposalTkB,
      version: 1,
      title: 'Sistem antrean puskesmas',
      program_code: '1.02.02',
      kegiatan_code: '1.02.02.2.01',
      sub_kegiatan_code: '1.02.02.2.01.0001',
      amount: 100_000_000,
      kind: 'new_app',
      description: 'Antrean daring puskesmas.',
      kak_file_id: null,
      cost_benefit_file_id: null,
      arch_codes: [],
      roadmap_item_id: null,
      app_ids: [],
      new_servers: false,
      integration: 'tidak_ada',
      security_audit_planned: false,
      checks: '[]',
      submitted_by: null,
      submitted_label: 'admin@dinkes.go.id',
      submitted_at: now,
    })
    .execute();
}

/** Everything a refused tata kelola request must leave untouched. */
export async function tataKelolaSnapshot(db: Kysely<DB>): Promise<unknown> {
  const all = <T extends keyof DB>(table: T) => db.selectFrom(table).selectAll().execute();
  return {
    instruments: await db.selectFrom('tata_kelola_instrument').select(['id', 'sha256']).orderBy('id').execute(),
    assessments: await all('tata_kelola_assessment'),
    stages: await all('tata_kelola_stage'),
    answers: await all('tata_kelola_answer'),
    assignments: await all('tata_kelola_assignment'),
    evidence: await all('tata_kelola_evidence'),
    checks: await db.selectFrom('tata_kelola_clearance_check').selectAll().orderBy('code').execute(),
    proposals: await all('tata_kelola_proposal'),
    versions: await all('tata_kelola_proposal_version'),
    reviews: await all('tata_kelola_proposal_review'),
  };
}

const A = `/api/v1/tata-kelola/assessments/${YEAR}`;
const H = `/tata-kelola/assessments/${YEAR}`;
const checkBody = () => ({ enabled: true, severity: 'warn', kinds: ['new_app'], titleId: 'Diubah', titleEn: 'Changed', passId: 'Ya', passEn: 'Yes', failId: 'Tidak', failEn: 'No' });
const proposalBody = (i: Ids) => ({ opdId: i.opdB, budgetYear: '2027', title: 'Titipan', subKegiatanCode: '1.02.02.2.01.0001', amount: '1000', kind: 'training', description: 'Usulan titipan untuk dinas lain.', integration: 'tidak_ada' });

export const tataKelolaCases: Case[] = [
  // Instruments: the SPBE team adds them; auditors read them.
  { route: 'GET /tata-kelola/instruments/:instrumentId', url: () => `/tata-kelola/instruments/${INSTRUMENT}`, expect: readAll },
  { route: 'GET /api/v1/tata-kelola/instruments/:instrumentId', url: () => `/api/v1/tata-kelola/instruments/${INSTRUMENT}`, expect: readAll },
  { route: 'POST /tata-kelola/instruments', url: () => '/tata-kelola/instruments', body: () => ({ definition: '{}' }), form: true, expect: spbeOnly },
  { route: 'POST /api/v1/tata-kelola/instruments', url: () => '/api/v1/tata-kelola/instruments', body: () => ({ id: 'X' }), expect: spbeOnly },
  // The assessment and its stages.
  { route: 'POST /tata-kelola/assessments', url: () => '/tata-kelola/assessments', body: () => ({ year: '2031', instrumentId: INSTRUMENT }), form: true, expect: spbeOnly },
  { route: 'POST /api/v1/tata-kelola/assessments', url: () => '/api/v1/tata-kelola/assessments', body: () => ({ year: 2031, instrumentId: INSTRUMENT }), expect: spbeOnly },
  { route: 'GET /tata-kelola/assessments/:year', url: () => H, expect: readAll },
  { route: 'GET /api/v1/tata-kelola/assessments/:year', url: () => A, expect: readAll },
  { route: 'POST /tata-kelola/assessments/:year/stages', url: () => `${H}/stages`, body: () => ({ 'interview.startsOn': '2026-07-01' }), form: true, expect: spbeOnly },
  { route: 'PUT /api/v1/tata-kelola/assessments/:year/schedule', url: () => `${A}/schedule`, body: () => ({ interview: { startsOn: '2026-07-01', endsOn: null } }), expect: spbeOnly },
  { route: 'POST /tata-kelola/assessments/:year/stage', url: () => `${H}/stage`, body: () => ({ stage: 'document_review' }), form: true, expect: spbeOnly },
  { route: 'POST /api/v1/tata-kelola/assessments/:year/stage', url: () => `${A}/stage`, body: () => ({ stage: 'document_review' }), expect: spbeOnly },
  { route: 'POST /tata-kelola/assessments/:year/evidence/refresh', url: () => `${H}/evidence/refresh`, body: () => ({}), form: true, expect: spbeOnly },
  { route: 'POST /api/v1/tata-kelola/assessments/:year/evidence/refresh', url: () => `${A}/evidence/refresh`, expect: spbeOnly },
  { route: 'GET /tata-kelola/assessments/:year/report', url: () => `${H}/report`, expect: readAll },
  { route: 'GET /api/v1/tata-kelola/assessments/:year/indicators.csv', url: () => `${A}/indicators.csv`, expect: readAll },
  { route: 'GET /tata-kelola/assessments/:year/readiness', url: () => `${H}/readiness`, expect: readAll },
  { route: 'GET /api/v1/tata-kelola/assessments/:year/readiness', url: () => `${A}/readiness`, expect: readAll },
  // Indicators: self-assessment by the SPBE team, verification by the assessor (SPBE team or admin).
  { route: 'GET /tata-kelola/assessments/:year/indicators/:number', url: () => `${H}/indicators/16`, expect: readAll },
  { route: 'GET /api/v1/tata-kelola/assessments/:year/indicators/:number', url: () => `${A}/indicators/16`, expect: readAll },
  { route: 'POST /tata-kelola/assessments/:year/indicators/:number/self', url: () => `${H}/indicators/16/self`, body: () => ({ level: '5' }), form: true, expect: spbeOnly },
  { route: 'PUT /api/v1/tata-kelola/assessments/:year/indicators/:number/self', url: () => `${A}/indicators/16/self`, body: () => ({ level: 5 }), expect: spbeOnly },
  { route: 'POST /tata-kelola/assessments/:year/indicators/:number/review', url: () => `${H}/indicators/16/review`, body: () => ({ verifiedLevel: '5' }), form: true, expect: spbeOnly },
  { route: 'PUT /api/v1/tata-kelola/assessments/:year/indicators/:number/review', url: () => `${A}/indicators/16/review`, body: () => ({ verifiedLevel: 5 }), expect: spbeOnly },
  { route: 'POST /tata-kelola/assessments/:year/indicators/:number/evidence', url: () => `${H}/indicators/16/evidence`, body: () => ({ kind: 'link', 'link-title': 'Titipan', 'link-url': 'https://contoh.example' }), form: true, expect: spbeOnly },
  { route: 'POST /api/v1/tata-kelola/assessments/:year/indicators/:number/evidence', url: () => `${A}/indicators/16/evidence`, body: () => ({ kind: 'link', title: 'Titipan', url: 'https://contoh.example' }), expect: spbeOnly },
  // Agency B's evidence item.
  { route: 'POST /tata-kelola/evidence/:evidenceId/delete', url: (i) => `/tata-kelola/evidence/${i.evidenceTkB}/delete`, body: () => ({}), form: true, expect: changeB },
  { route: 'DELETE /api/v1/tata-kelola/evidence/:evidenceId', url: (i) => `/api/v1/tata-kelola/evidence/${i.evidenceTkB}`, expect: changeB },
  // Parts: the SPBE team hands them out and withdraws them; agency B fills its own.
  { route: 'POST /tata-kelola/assessments/:year/assignments', url: () => `${H}/assignments`, body: (i) => ({ indicator: '16', opdId: i.opdA, part: 'Titipan', dueOn: '2026-04-01' }), form: true, expect: spbeOnly },
  { route: 'POST /api/v1/tata-kelola/assessments/:year/assignments', url: () => `${A}/assignments`, body: (i) => ({ indicator: 16, opdId: i.opdA, part: 'Titipan', dueOn: '2026-04-01' }), expect: spbeOnly },
  { route: 'POST /tata-kelola/assignments/:assignmentId/delete', url: (i) => `/tata-kelola/assignments/${i.assignmentTkB}/delete`, body: () => ({}), form: true, expect: spbeOnly },
  { route: 'DELETE /api/v1/tata-kelola/assignments/:assignmentId', url: (i) => `/api/v1/tata-kelola/assignments/${i.assignmentTkB}`, expect: spbeOnly },
  { route: 'GET /tata-kelola/assignments/:assignmentId', url: (i) => `/tata-kelola/assignments/${i.assignmentTkB}`, expect: readB },
  { route: 'GET /api/v1/tata-kelola/assignments/:assignmentId', url: (i) => `/api/v1/tata-kelola/assignments/${i.assignmentTkB}`, expect: readB },
  { route: 'POST /tata-kelola/assignments/:assignmentId', url: (i) => `/tata-kelola/assignments/${i.assignmentTkB}`, body: () => ({ response: 'Menyusup', submit: 'true' }), form: true, expect: changeB },
  { route: 'PUT /api/v1/tata-kelola/assignments/:assignmentId', url: (i) => `/api/v1/tata-kelola/assignments/${i.assignmentTkB}`, body: () => ({ response: 'Menyusup' }), expect: changeB },
  { route: 'POST /tata-kelola/assignments/:assignmentId/evidence', url: (i) => `/tata-kelola/assignments/${i.assignmentTkB}/evidence`, body: () => ({ kind: 'link', 'link-title': 'Titipan', 'link-url': 'https://contoh.example' }), form: true, expect: changeB },
  { route: 'POST /api/v1/tata-kelola/assignments/:assignmentId/evidence', url: (i) => `/api/v1/tata-kelola/assignments/${i.assignmentTkB}/evidence`, body: () => ({ kind: 'link', title: 'Titipan', url: 'https://contoh.example' }), expect: changeB },
  // Spending proposals: agency B's.
  { route: 'POST /tata-kelola/proposals', url: () => '/tata-kelola/proposals', body: proposalBody, form: true, expect: createInB },
  { route: 'POST /api/v1/tata-kelola/proposals', url: () => '/api/v1/tata-kelola/proposals', body: (i) => ({ ...proposalBody(i), budgetYear: 2027, amount: 1000 }), expect: createInB },
  { route: 'GET /tata-kelola/proposals/:proposalId', url: (i) => `/tata-kelola/proposals/${i.proposalTkB}`, expect: readB },
  { route: 'GET /api/v1/tata-kelola/proposals/:proposalId', url: (i) => `/api/v1/tata-kelola/proposals/${i.proposalTkB}`, expect: readB },
  { route: 'GET /tata-kelola/proposals/:proposalId/revise', url: (i) => `/tata-kelola/proposals/${i.proposalTkB}/revise`, expect: changeB },
  { route: 'POST /tata-kelola/proposals/:proposalId', url: (i) => `/tata-kelola/proposals/${i.proposalTkB}`, body: (i) => proposalBody(i), form: true, expect: changeB },
  { route: 'POST /api/v1/tata-kelola/proposals/:proposalId/versions', url: (i) => `/api/v1/tata-kelola/proposals/${i.proposalTkB}/versions`, body: (i) => ({ ...proposalBody(i), amount: 1000 }), expect: changeB },
  { route: 'POST /tata-kelola/proposals/:proposalId/review', url: (i) => `/tata-kelola/proposals/${i.proposalTkB}/review`, body: () => ({ decision: 'recommended' }), form: true, expect: spbeOnly },
  { route: 'POST /api/v1/tata-kelola/proposals/:proposalId/review', url: (i) => `/api/v1/tata-kelola/proposals/${i.proposalTkB}/review`, body: () => ({ decision: 'recommended' }), expect: spbeOnly },
  // The check list: the SPBE team aligns it with the circular.
  { route: 'GET /tata-kelola/checks/:code/edit', url: () => '/tata-kelola/checks/kak/edit', expect: spbeOnly },
  { route: 'POST /tata-kelola/checks/:code', url: () => '/tata-kelola/checks/kak', body: () => ({ ...checkBody(), enabled: 'true' }), form: true, expect: spbeOnly },
  { route: 'PATCH /api/v1/tata-kelola/clearance-checks/:code', url: () => '/api/v1/tata-kelola/clearance-checks/kak', body: checkBody, expect: spbeOnly },
];

/** Downloads are tested with real stored files in the module's own tests (another agency 404, auditors 200). */
export const tataKelolaElsewhere: [string, string][] = [
  ['GET /tata-kelola/evidence/:evidenceId/file', 'src/modules/tata-kelola/assessment/assessment.test.ts'],
  ['GET /api/v1/tata-kelola/evidence/:evidenceId/file', 'src/modules/tata-kelola/assessment/assessment.test.ts'],
  ['GET /tata-kelola/proposals/:proposalId/files/:fileId', 'src/modules/tata-kelola/clearance/clearance.test.ts'],
  ['GET /api/v1/tata-kelola/proposals/:proposalId/files/:fileId', 'src/modules/tata-kelola/clearance/clearance.test.ts'],
];
