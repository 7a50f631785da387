import type { Deps } from '../../../../platform/deps.ts';
import type { Actor } from '../../../../platform/auth/actor.ts';
import { ensure, ensureSignedIn } from '../../../../platform/auth/policy.ts';
import { actorLabel } from '../../../../platform/auth/actor.ts';
import { AppError, notFound, validationError, type FieldError } from '../../../../platform/http/errors.ts';
import { recordAudit, type AuditContext } from '../../../../platform/audit/record-audit.ts';
import { workingCalendar } from '../../../../platform/calendar/index.ts';
import { tataKelolaPolicy } from '../../policy.ts';
import { agencyExists, deleteAssignment, findAssignment, insertAssignment, listAssignments, listEvidence, saveAssignmentAnswer, type AssignmentRow } from '../repo.ts';
import { assessmentOf, ensureLevel, ensureStage, indicatorOf } from './assessment-guard.ts';
import { REVIEW_STAGES, SELF_STAGES } from './get-assessment.ts';
import { assignmentForAgency } from './manage-evidence.ts';

/** Default due date for a new part: 10 working days from today. */
export async function defaultDueDate(deps: Pick<Deps, 'db' | 'clock' | 'config'>): Promise<string> {
  const calendar = await workingCalendar(deps);
  return calendar.localDay(calendar.addWorkingDays(deps.clock.now(), 10));
}

/** Hands an indicator, or a part of it, to an agency with a due date (the SPBE team). */
export async function assignIndicator(deps: Pick<Deps, 'db' | 'clock' | 'ids'>, audit: AuditContext, year: number, input: { indicator: number; opdId: string; part: string; dueOn: string }): Promise<{ id: string }> {
  const actor = audit.actor;
  ensure(actor, tataKelolaPolicy.manageAssessment(actor));
  const { assessment, instrument } = await assessmentOf(deps.db, year);
  ensureStage(assessment, SELF_STAGES, 'indicator');
  const errors: FieldError[] = [];
  if (!instrument.indicators.some((i) => i.number === input.indicator)) errors.push({ field: 'indicator', messageKey: 'tata_kelola.indicator.unknown' });
  if (!(await agencyExists(deps.db, input.opdId))) errors.push({ field: 'opdId', messageKey: 'tata_kelola.assignment.unknown_agency' });
  if (!input.part.trim()) errors.push({ field: 'part', messageKey: 'validation.required' });
  if (errors.length) throw validationError(errors);
  const id = deps.ids.uuid();
  await deps.db.transaction().execute(async (tx) => {
    await insertAssignment(tx, { id, assessmentId: assessment.id, indicator: input.indicator, opdId: input.opdId, part: input.part.trim(), dueOn: input.dueOn, at: deps.clock.now() });
    await recordAudit(tx, deps.clock, audit, { action: 'tata_kelola.assignment.created', targetType: 'tata_kelola_assignment', targetId: id, opdId: input.opdId, after: { year, ...input } });
  });
  return { id };
}

/** Withdraws a part from an agency (the SPBE team); its evidence goes with it. */
export async function unassignIndicator(deps: Pick<Deps, 'db' | 'clock'>, audit: AuditContext, assignmentId: string): Promise<{ year: number; indicator: number }> {
  const actor = audit.actor;
  ensure(actor, tataKelolaPolicy.manageAssessment(actor));
  const assignment = await findAssignment(deps.db, assignmentId);
  if (!assignment) throw notFound();
  ensureStage(assignment, SELF_STAGES, 'part');
  await deps.db.transaction().execute(async (tx) => {
    await deleteAssignment(tx, assignment.id);
    await recordAudit(tx, deps.clock, audit, {
      action: 'tata_kelola.assignment.removed',
      targetType: 'tata_kelola_assignment',
      targetId: assignment.id,
      opdId: assignment.opd_id,
      before: { year: assignment.year, indicator: assignment.indicator, part: assignment.part, status: assignment.status },
    });
  });
  return { year: assignment.year, indicator: assignment.indicator };
}

/** One assigned part with its evidence, for its agency's staff and those who read everything. */
export async function getAssignment(deps: Pick<Deps, 'db'>, actor: Actor | null, assignmentId: string) {
  ensure(actor, tataKelolaPolicy.enter(actor));
  const assignment = await findAssignment(deps.db, assignmentId);
  if (!assignment || !tataKelolaPolicy.read(actor, assignment.opd_id)) throw notFound();
  const { instrument } = await assessmentOf(deps.db, assignment.year);
  const evidence = await listEvidence(deps.db, assignment.assessment_id, { assignmentId: assignment.id });
  return { assignment, indicator: indicatorOf(instrument, assignment.indicator), instrument, evidence };
}

/** The parts the actor's agencies hold (all of them for the SPBE team and auditors). */
export async function listMyAssignments(deps: Pick<Deps, 'db'>, actor: Actor | null): Promise<AssignmentRow[]> {
  ensure(actor, tataKelolaPolicy.enter(actor));
  return listAssignments(deps.db, { opdIds: tataKelolaPolicy.readableOpdIds(actor) });
}

/**
 * The agency fills its part: a proposed level and its answer; `submit` hands it to the SPBE
 * team (it can still be corrected and submitted again until the reviews end).
 */
export async function fillAssignment(deps: Pick<Deps, 'db' | 'clock'>, audit: AuditContext, assignmentId: string, input: { proposedLevel?: number | null; response?: string | null; submit: boolean }): Promise<void> {
  const actor = audit.actor;
  const assignment = await assignmentForAgency(deps, actor, assignmentId);
  ensureSignedIn(actor);
  ensureStage(assignment, [...SELF_STAGES, ...REVIEW_STAGES], 'response');
  if (input.proposedLevel !== undefined && input.proposedLevel !== null) ensureLevel(input.proposedLevel, 'proposedLevel');
  const response = input.response?.trim() || null;
  if (input.submit && !response) throw validationError([{ field: 'response', messageKey: 'tata_kelola.assignment.response_required' }]);
  if (!input.submit && assignment.status === 'submitted') throw new AppError('conflict', 'tata_kelola.assignment.already_submitted', { fields: [{ field: 'response', messageKey: 'tata_kelola.assignment.already_submitted' }] });
  await deps.db.transaction().execute(async (tx) => {
    await saveAssignmentAnswer(tx, assignment.id, { proposedLevel: input.proposedLevel ?? null, response, submit: input.submit, by: actorLabel(actor), at: deps.clock.now() });
    await recordAudit(tx, deps.clock, audit, {
      action: input.submit ? 'tata_kelola.assignment.submitted' : 'tata_kelola.assignment.saved',
      targetType: 'tata_kelola_assignment',
      targetId: assignment.id,
      opdId: assignment.opd_id,
      before: { proposedLevel: assignment.proposed_level, response: assignment.response, status: assignment.status },
      after: { proposedLevel: input.proposedLevel ?? null, response, status: input.submit ? 'submitted' : assignment.status },
    });
  });
}

export interface AgencyReadiness {
  opdId: string;
  opdName: string;
  assigned: number;
  submitted: number;
  late: number;
  /** The earliest due date among parts not yet submitted. */
  nextDue: string | null;
  parts: { id: string; indicator: number; part: string; dueOn: string; status: string; late: boolean; submittedAt: Date | null }[];
}

/** Per agency: parts assigned, submitted, and late (due before today, not submitted), latest first. */
export async function getReadiness(deps: Pick<Deps, 'db' | 'clock' | 'config'>, actor: Actor | null, year: number): Promise<{ today: string; agencies: AgencyReadiness[] }> {
  ensure(actor, tataKelolaPolicy.readAll(actor));
  const { assessment } = await assessmentOf(deps.db, year);
  const calendar = await workingCalendar(deps);
  const today = calendar.localDay(deps.clock.now());
  const rows = await listAssignments(deps.db, { assessmentId: assessment.id, opdIds: 'all' });
  const byAgency = new Map<string, AgencyReadiness>();
  for (const r of rows) {
    const a = byAgency.get(r.opd_id) ?? { opdId: r.opd_id, opdName: r.opd_name, assigned: 0, submitted: 0, late: 0, nextDue: null, parts: [] };
    const late = r.status !== 'submitted' && r.due_on < today;
    a.assigned++;
    if (r.status === 'submitted') a.submitted++;
    if (late) a.late++;
    if (r.status !== 'submitted' && (!a.nextDue || r.due_on < a.nextDue)) a.nextDue = r.due_on;
    a.parts.push({ id: r.id, indicator: r.indicator, part: r.part, dueOn: r.due_on, status: r.status, late, submittedAt: r.submitted_at });
    byAgency.set(r.opd_id, a);
  }
  const agencies = [...byAgency.values()].sort((a, b) => b.late - a.late || (a.nextDue ?? '9999').localeCompare(b.nextDue ?? '9999') || a.opdName.localeCompare(b.opdName));
  return { today, agencies };
}
