import type { Role } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';
import type { Actor } from './actor.ts';

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
};

/** Throws 401 for anonymous callers and 403 for signed-in callers without the right. */
export function ensure(actor: Actor | null, allowed: boolean): asserts actor is Actor {
  if (!actor) throw new AppError('unauthorized', 'error.unauthorized');
  if (!allowed) throw new AppError('forbidden', 'error.forbidden');
}

export function ensureSignedIn(actor: Actor | null): asserts actor is Actor {
  if (!actor) throw new AppError('unauthorized', 'error.unauthorized');
}
