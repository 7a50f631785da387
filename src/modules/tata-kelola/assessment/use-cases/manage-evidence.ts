import type { Deps } from '../../../../platform/deps.ts';
import type { Actor } from '../../../../platform/auth/actor.ts';
import { ensure, ensureSignedIn } from '../../../../platform/auth/policy.ts';
import { actorLabel } from '../../../../platform/auth/actor.ts';
import { AppError, notFound, validationError, type FieldError } from '../../../../platform/http/errors.ts';
import { recordAudit, type AuditContext } from '../../../../platform/audit/record-audit.ts';
import { tataKelolaPolicy } from '../../policy.ts';
import { deleteEvidence, findAssessmentById, findAssignment, findEvidence, insertEvidence, type AssignmentRow } from '../repo.ts';
import { assessmentOf, ensureStage, indicatorOf } from './assessment-guard.ts';
import { REVIEW_STAGES, SELF_STAGES } from './get-assessment.ts';

export type EvidenceTarget = { year: number; indicator: number } | { assignmentId: string };

export interface NewEvidence {
  kind: 'file' | 'link' | 'record';
  title: string;
  url?: string | null;
  recordPath?: string | null;
  /** A file stored by the platform file service (purpose `tata-kelola.evidence`). */
  fileId?: string | null;
}

const OPEN_STAGES = [...SELF_STAGES, ...REVIEW_STAGES];

/** A path inside Padu: `/katalog/apps/…`, never another site. */
export function isPaduPath(path: string): boolean {
  return /^\/[^/\\]/.test(path) && !/\s/.test(path) && path.length <= 500;
}

/** The assignment, if the actor may act for its agency; 404 when they may not even see it. */
export async function assignmentForAgency(deps: Pick<Deps, 'db'>, actor: Actor | null, assignmentId: string): Promise<AssignmentRow> {
  ensure(actor, tataKelolaPolicy.enter(actor));
  const assignment = await findAssignment(deps.db, assignmentId);
  if (!assignment || !tataKelolaPolicy.read(actor, assignment.opd_id)) throw notFound();
  ensure(actor, tataKelolaPolicy.actFor(actor, assignment.opd_id) || tataKelolaPolicy.manageAssessment(actor));
  return assignment;
}

/**
 * Attaches a document, a link or a record inside Padu to an indicator (the SPBE team) or to an
 * agency's assigned part of it (that agency's staff), while the assessment is open.
 */
export async function addEvidence(deps: Pick<Deps, 'db' | 'clock' | 'ids'>, audit: AuditContext, target: EvidenceTarget, input: NewEvidence): Promise<{ id: string; year: number; indicator: number }> {
  const actor = audit.actor;
  ensureSignedIn(actor);
  let year: number;
  let indicator: number;
  let assignment: AssignmentRow | null = null;
  if ('assignmentId' in target) {
    assignment = await assignmentForAgency(deps, actor, target.assignmentId);
    year = assignment.year;
    indicator = assignment.indicator;
  } else {
    ensure(actor, tataKelolaPolicy.manageAssessment(actor));
    year = target.year;
    indicator = target.indicator;
  }
  const { assessment, instrument } = await assessmentOf(deps.db, year);
  indicatorOf(instrument, indicator);
  ensureStage(assessment, OPEN_STAGES, 'title');
  const errors: FieldError[] = [];
  const title = input.title.trim();
  if (!title) errors.push({ field: 'title', messageKey: 'validation.required' });
  const url = input.kind === 'link' ? (input.url?.trim() ?? '') : null;
  const recordPath = input.kind === 'record' ? (input.recordPath?.trim() ?? '') : null;
  const fileId = input.kind === 'file' ? (input.fileId ?? null) : null;
  if (url !== null && !/^https?:\/\/[^\s]+$/.test(url)) errors.push({ field: 'url', messageKey: 'validation.url' });
  if (recordPath !== null && !isPaduPath(recordPath)) errors.push({ field: 'recordPath', messageKey: 'tata_kelola.evidence.record_path' });
  if (input.kind === 'file' && !fileId) errors.push({ field: 'file', messageKey: 'validation.required' });
  if (errors.length) throw validationError(errors);
  const id = deps.ids.uuid();
  const opdId = assignment?.opd_id ?? null;
  await deps.db.transaction().execute(async (tx) => {
    await insertEvidence(tx, { id, assessmentId: assessment.id, indicator, assignmentId: assignment?.id ?? null, kind: input.kind, opdId, title, url, fileId, recordPath, by: actorLabel(actor), at: deps.clock.now() });
    await recordAudit(tx, deps.clock, audit, {
      action: 'tata_kelola.evidence.added',
      targetType: 'tata_kelola_evidence',
      targetId: id,
      opdId,
      after: { year, indicator, assignmentId: assignment?.id ?? null, kind: input.kind, title, url, recordPath, fileId },
    });
  });
  return { id, year, indicator };
}

/** The evidence item if the actor may see it: the SPBE team all, an agency its own parts' items. */
export async function getEvidence(deps: Pick<Deps, 'db'>, actor: Actor | null, evidenceId: string) {
  ensure(actor, tataKelolaPolicy.enter(actor));
  const evidence = await findEvidence(deps.db, evidenceId);
  if (!evidence) throw notFound();
  if (tataKelolaPolicy.readAll(actor)) return evidence;
  if (!evidence.opd_id || !tataKelolaPolicy.read(actor, evidence.opd_id)) throw notFound();
  return evidence;
}

/** Removes a manual evidence item (automatic items are kept current, not removed). */
export async function removeEvidence(deps: Pick<Deps, 'db' | 'clock'>, audit: AuditContext, evidenceId: string): Promise<{ year: number; indicator: number; assignmentId: string | null }> {
  const actor = audit.actor;
  const evidence = await getEvidence(deps, actor, evidenceId);
  ensure(actor, tataKelolaPolicy.manageAssessment(actor) || (!!evidence.opd_id && tataKelolaPolicy.actFor(actor, evidence.opd_id)));
  if (evidence.kind === 'auto') throw new AppError('conflict', 'tata_kelola.evidence.auto_kept');
  const { assessment } = await assessmentOfId(deps, evidence.assessment_id);
  ensureStage(assessment, OPEN_STAGES, 'title');
  await deps.db.transaction().execute(async (tx) => {
    await deleteEvidence(tx, evidence.id);
    await recordAudit(tx, deps.clock, audit, {
      action: 'tata_kelola.evidence.removed',
      targetType: 'tata_kelola_evidence',
      targetId: evidence.id,
      opdId: evidence.opd_id,
      before: { indicator: evidence.indicator, kind: evidence.kind, title: evidence.title, url: evidence.url, recordPath: evidence.record_path, fileId: evidence.file_id },
    });
  });
  return { year: assessment.year, indicator: evidence.indicator, assignmentId: evidence.assignment_id };
}

async function assessmentOfId(deps: Pick<Deps, 'db'>, id: string) {
  const row = await findAssessmentById(deps.db, id);
  if (!row) throw notFound();
  return assessmentOf(deps.db, row.year);
}
