import type { Role } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';
import type { Actor } from './actor.ts';
import { hasScope } from './api-tokens.ts';

/**
 * Who may do what on the platform's own records. Every route asks here; nothing else decides.
 * Agency-scoped roles (petugas, admin_opd) reach only their own agency's records; auditors read
 * everything and change nothing; admins do everything.
 */
export function hasRole(actor: Actor | null, role: Role, opdId?: string | null): boolean {
  if (!actor) return false;
  return actor.grants.some((g) => g.role === role && (opdId === undefined || g.opdId === opdId));
}

export const isAdmin = (actor: Actor | null): boolean => hasRole(actor, 'admin');
export const isAuditor = (actor: Actor | null): boolean => hasRole(actor, 'auditor');
export const isTimSpbe = (actor: Actor | null): boolean => hasRole(actor, 'tim_spbe');

/** Read access to every agency's records. */
export const readsEverything = (actor: Actor | null): boolean => isAdmin(actor) || isAuditor(actor);

export function isStaff(actor: Actor | null): boolean {
  return !!actor && actor.grants.some((g) => g.role !== 'warga');
}

/** Agencies in which the actor holds one of the given roles. */
export function opdIdsWithRole(actor: Actor | null, roles: readonly Role[]): string[] {
  if (!actor) return [];
  return [...new Set(actor.grants.filter((g) => g.opdId && roles.includes(g.role)).map((g) => g.opdId!))];
}

/** Works in an agency (officer or agency admin). Machine tokens act for their own agency. */
export function worksIn(actor: Actor | null, opdId: string): boolean {
  if (!actor) return false;
  if (actor.kind === 'token') return actor.opdId === opdId;
  return actor.grants.some((g) => g.opdId === opdId && (g.role === 'petugas' || g.role === 'admin_opd'));
}

export function administers(actor: Actor | null, opdId: string): boolean {
  return isAdmin(actor) || hasRole(actor, 'admin_opd', opdId);
}

export const platformPolicy = {
  manageAllUsers: (a: Actor | null) => isAdmin(a),
  listUsers: (a: Actor | null) => readsEverything(a) || opdIdsWithRole(a, ['admin_opd']).length > 0,
  /** Grant or revoke `role` (in `opdId`). Agency admins hand out only their own agency's roles. */
  grantRole: (a: Actor | null, role: Role, opdId: string | null) =>
    isAdmin(a) || (opdId !== null && (role === 'petugas' || role === 'admin_opd') && hasRole(a, 'admin_opd', opdId)),
  createOpd: (a: Actor | null) => isAdmin(a),
  mergeOpd: (a: Actor | null) => isAdmin(a),
  setOpdActive: (a: Actor | null) => isAdmin(a),
  updateOpd: (a: Actor | null, opdId: string) => administers(a, opdId),
  readTokens: (a: Actor | null, opdId: string) => readsEverything(a) || administers(a, opdId),
  manageTokens: (a: Actor | null, opdId: string) => administers(a, opdId),
  readAudit: (a: Actor | null) => readsEverything(a),
  // Aduan (complaints): the SPBE team or a coordinator agency verifies and routes new reports; the
  // responsible agency answers (its systems with an aduan:* scope). Admins and auditors read every
  // report, but only the handling chain sees who reported it.
  aduanManageSettings: (a: Actor | null) => isAdmin(a) || isTimSpbe(a),
  aduanEnterReport: (a: Actor | null) => isTimSpbe(a) || opdIdsWithRole(a, ['petugas', 'admin_opd']).length > 0,
  aduanCoordinate: (a: Actor | null, coordinatorOpdIds: readonly string[]) =>
    isTimSpbe(a) || coordinatorOpdIds.some((id) => (a?.kind === 'token' ? a.opdId === id && hasScope(a, 'aduan:write') : worksIn(a, id))),
  aduanHandle: (a: Actor | null, opdId: string) => (a?.kind === 'token' ? a.opdId === opdId && hasScope(a, 'aduan:write') : worksIn(a, opdId)),
  aduanReadAgency: (a: Actor | null, opdId: string) =>
    a?.kind === 'token' ? a.opdId === opdId && (hasScope(a, 'aduan:read') || hasScope(a, 'aduan:write')) : worksIn(a, opdId),
  aduanReadAll: (a: Actor | null) => readsEverything(a),
  // Portal: an agency publishes its own public services (its admins, or its systems with
  // portal:write); the SPBE team and admins publish any. Agency staff, the SPBE team and auditors
  // read the publishing settings; citizens (warga) keep their own profile and consents.
  portalReadServices: (a: Actor | null, opdId: string | null) =>
    readsEverything(a) ||
    isTimSpbe(a) ||
    (opdId !== null && (a?.kind === 'token' ? a.opdId === opdId && (hasScope(a, 'portal:read') || hasScope(a, 'portal:write')) : worksIn(a, opdId))),
  portalManageServices: (a: Actor | null, opdId: string | null) =>
    isAdmin(a) ||
    isTimSpbe(a) ||
    (opdId !== null && (a?.kind === 'token' ? a.opdId === opdId && hasScope(a, 'portal:write') : hasRole(a, 'admin_opd', opdId))),
  /** One-time satisfaction survey links, e.g. for citizens served at the counter. */
  portalIssueSurveys: (a: Actor | null, opdId: string | null) =>
    isAdmin(a) || (opdId !== null && (a?.kind === 'token' ? a.opdId === opdId && hasScope(a, 'portal:write') : worksIn(a, opdId))),
  portalCitizen: (a: Actor | null) => a?.kind === 'user' && hasRole(a, 'warga'),
};

/** Throws 401 for anonymous callers and 403 for signed-in callers without the right. */
export function ensure(actor: Actor | null, allowed: boolean): asserts actor is Actor {
  if (!actor) throw new AppError('unauthorized', 'error.unauthorized');
  if (!allowed) throw new AppError('forbidden', 'error.forbidden');
}

export function ensureSignedIn(actor: Actor | null): asserts actor is Actor {
  if (!actor) throw new AppError('unauthorized', 'error.unauthorized');
}
