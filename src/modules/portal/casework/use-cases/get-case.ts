import type { Deps } from '../../../../platform/deps.ts';
import type { Actor } from '../../../../platform/auth/actor.ts';
import { calendarFor, deadlineFlags, type DeadlineFlags } from '../deadline.ts';
import { listDocuments, listEvents, officersOf, type CaseRow, type DocumentRow, type EventRow } from '../repo.ts';
import type { CaseAccess } from '../policy.ts';
import { caseForStaff } from './common.ts';

export interface CaseDetail {
  row: CaseRow;
  access: CaseAccess;
  flags: DeadlineFlags;
  /** Full history, internal notes included. */
  events: EventRow[];
  documents: DocumentRow[];
  /** Who the request may be assigned to (officers of its agency). */
  officers: { id: string; name: string }[];
}

/** One request for its agency's officers (and readers of every agency): answers, files, history. */
export async function getCase(deps: Pick<Deps, 'db' | 'clock' | 'config'>, actor: Actor | null, requestId: string): Promise<CaseDetail> {
  const { row, access } = await caseForStaff(deps.db, actor, requestId, 'read');
  const [events, documents, officers, calendar] = await Promise.all([listEvents(deps.db, row.id, true), listDocuments(deps.db, row.id), access.act ? officersOf(deps.db, row.opd_id) : Promise.resolve([]), calendarFor(deps)]);
  return { row, access, flags: deadlineFlags(calendar, row, deps.clock.now()), events, documents, officers: officers.map((o) => ({ id: o.id, name: o.name })) };
}
