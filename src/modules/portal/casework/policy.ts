import type { Actor } from '../../../platform/auth/actor.ts';
import { hasScope } from '../../../platform/auth/api-tokens.ts';
import { isAdmin, isStaff, opdIdsWithRole, readsEverything, worksIn } from '../../../platform/auth/policy.ts';
import { AppError } from '../../../platform/http/errors.ts';

/**
 * Who may see and work on submitted requests (permohonan). A request belongs to the agency that
 * owned the service when it was submitted: its officers and agency admins (and its systems with a
 * portal:* scope) read and act on it; platform admins do everything; auditors read everything
 * and change nothing. Everyone else gets "not found", so another agency's requests do not even
 * show that they exist. Citizens use their own pages (the requests part), never these.
 */
export interface CaseAccess {
  read: boolean;
  act: boolean;
}

export function caseAccess(actor: Actor | null, opdId: string): CaseAccess {
  if (!actor) return { read: false, act: false };
  if (actor.kind === 'token') {
    const own = actor.opdId === opdId;
    return { read: own && (hasScope(actor, 'portal:read') || hasScope(actor, 'portal:write')), act: own && hasScope(actor, 'portal:write') };
  }
  const act = isAdmin(actor) || worksIn(actor, opdId);
  return { read: act || readsEverything(actor), act };
}

/** The 401/403 part of the rule: anonymous callers sign in, citizens and other non-staff are refused. */
export function refuseUnlessCaseStaff(actor: Actor | null): asserts actor is Actor {
  if (!actor) throw new AppError('unauthorized', 'error.unauthorized');
  if (actor.kind === 'user' && !isStaff(actor)) throw new AppError('forbidden', 'error.forbidden');
}

/** The 404/403 part: not readable → not found; readable but not allowed → forbidden. */
export function refuseUnlessAllowed(access: CaseAccess, need: keyof CaseAccess): void {
  if (!access.read) throw new AppError('not_found', 'error.not_found');
  if (!access[need]) throw new AppError('forbidden', 'error.forbidden');
}

/** Agencies whose requests fill the actor's work queue, or 'all'. */
export function queueScope(actor: Actor): 'all' | string[] {
  if (readsEverything(actor)) return 'all';
  if (actor.kind === 'token') return hasScope(actor, 'portal:read') || hasScope(actor, 'portal:write') ? [actor.opdId] : [];
  return opdIdsWithRole(actor, ['petugas', 'admin_opd']);
}

/** An assignee must hold an officer role in the request's agency. */
export function isOfficerOf(grants: { role: string; opdId: string | null }[], opdId: string): boolean {
  return grants.some((g) => g.opdId === opdId && (g.role === 'petugas' || g.role === 'admin_opd'));
}
