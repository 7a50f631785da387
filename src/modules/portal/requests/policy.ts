import type { Actor } from '../../../platform/auth/actor.ts';
import { ensure, platformPolicy } from '../../../platform/auth/policy.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { caseAccess } from '../casework/policy.ts';
import type { RequestStatus } from '../db.ts';

/**
 * Who may do what with a request (permohonan), citizen side. A request is its citizen's: only they
 * see and change it through the citizen routes, and every other citizen gets "not found" (so a
 * request's existence is not revealed). Staff do not use these routes (403); they read submitted
 * requests of their agency through the case work (casework/policy.ts), which the document
 * download also accepts via `canReadRequest`.
 */
export interface RequestOwnership {
  citizen_id: string;
  opd_id: string;
  status: RequestStatus;
}

export const EDITABLE: readonly RequestStatus[] = ['draft', 'needs_fix'];
export const WITHDRAWABLE: readonly RequestStatus[] = ['submitted', 'in_review', 'needs_fix'];

type UserActor = Extract<Actor, { kind: 'user' }>;

/** Citizen routes: 401 for anonymous callers, 403 for anyone who is not a citizen. */
export function ensureCitizenActor(actor: Actor | null): asserts actor is UserActor {
  ensure(actor, platformPolicy.portalCitizen(actor));
}

export const ownsRequest = (actor: Actor | null, row: Pick<RequestOwnership, 'citizen_id'>): boolean => actor?.kind === 'user' && actor.userId === row.citizen_id;

/** The citizen who owns it, or (once submitted) readers of the request's agency as the case work defines them. */
export function canReadRequest(actor: Actor | null, row: RequestOwnership): boolean {
  if (ownsRequest(actor, row)) return true;
  return row.status !== 'draft' && caseAccess(actor, row.opd_id).read;
}

/** A citizen's own request, else not found. */
export function ensureOwnRequest<R extends Pick<RequestOwnership, 'citizen_id'>>(actor: Actor | null, row: R | undefined): R {
  ensureCitizenActor(actor);
  if (!row || !ownsRequest(actor, row)) throw new AppError('not_found', 'error.not_found');
  return row;
}
