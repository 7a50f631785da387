import type { Actor } from '../../../../platform/auth/actor.ts';
import { AppError } from '../../../../platform/http/errors.ts';
import { workingCalendar } from '../../../../platform/calendar/index.ts';
import type { FormDefinition } from '../form-definition.ts';
import { ensureCitizenActor } from '../policy.ts';
import { findRequestByNumber, listRequestsOf, liveDocuments, publicEvents, surveyLinksOf, type DocumentRow, type RequestRow } from '../repo.ts';
import { definitionOf, loadOwnRequest, type RequestDeps } from './common.ts';

export interface RequestView {
  row: RequestRow;
  definition: FormDefinition;
  events: Awaited<ReturnType<typeof publicEvents>>;
  documents: DocumentRow[];
  /** What the officer asked to fix (the latest fix request while the request waits for the citizen). */
  fixMessage: string | null;
  /** Working days left until the deadline (negative: late), null without a deadline or once closed. */
  workingDaysLeft: number | null;
  surveyUrl: string | null;
}

export const CLOSED = new Set(['approved', 'rejected', 'withdrawn']);

/** One of the signed-in citizen's requests with its public history and documents. */
export async function getMyRequest(deps: Pick<RequestDeps, 'db' | 'config' | 'clock'>, actor: Actor | null, requestId: string): Promise<RequestView> {
  const row = await loadOwnRequest(deps.db, actor, requestId);
  const [events, documents] = await Promise.all([publicEvents(deps.db, row.id), liveDocuments(deps.db, row.id)]);
  const lastFix = [...events].reverse().find((e) => e.kind === 'fix_requested');
  let workingDaysLeft: number | null = null;
  if (row.due_day && !CLOSED.has(row.status)) {
    const calendar = await workingCalendar(deps);
    const today = calendar.localDay(deps.clock.now());
    // Noon of each local day: the calendar counts local days, and noon is safely inside them.
    const at = (day: string) => new Date(`${day}T12:00:00Z`);
    workingDaysLeft = row.due_day >= today ? calendar.workingDaysBetween(at(today), at(row.due_day)) : -calendar.workingDaysBetween(at(row.due_day), at(today));
  }
  let surveyUrl: string | null = null;
  if (row.status === 'approved' || row.status === 'rejected') {
    const withSurvey = (await surveyLinksOf(deps.db, row.id)).find((m) => typeof m.params.surveyUrl === 'string');
    surveyUrl = withSurvey ? String(withSurvey.params.surveyUrl) : null;
  }
  return {
    row,
    definition: definitionOf(row.definition),
    events,
    documents,
    fixMessage: row.status === 'needs_fix' ? (lastFix?.message ?? null) : null,
    workingDaysLeft,
    surveyUrl,
  };
}

/** The citizen's requests, drafts included, newest first. */
export async function listMyRequests(deps: Pick<RequestDeps, 'db'>, actor: Actor | null) {
  ensureCitizenActor(actor);
  return listRequestsOf(deps.db, actor.userId);
}

/** The citizen's own request by its tracking number; anyone else's is not found. */
export async function findMyRequestByNumber(deps: Pick<RequestDeps, 'db'>, actor: Actor | null, trackingNumber: string): Promise<string> {
  ensureCitizenActor(actor);
  const row = /^\d{4}-\d{6,}$/.test(trackingNumber) ? await findRequestByNumber(deps.db, trackingNumber) : undefined;
  if (!row || row.citizen_id !== actor.userId) throw new AppError('not_found', 'error.not_found');
  return row.id;
}
