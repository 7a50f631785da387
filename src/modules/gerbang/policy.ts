import type { Actor } from '../../platform/auth/actor.ts';
import { hasScope } from '../../platform/auth/api-tokens.ts';
import { hasRole, isAdmin, isStaff, isTimSpbe, readsEverything, worksIn } from '../../platform/auth/policy.ts';

/**
 * Who may do what in the gateway's control plane.
 *
 * - A providing agency's admins (admin_opd) and platform admins manage its subsystems, their
 *   tokens, its services, subsystem groups and access rights, and decide access requests.
 * - Agency staff (petugas, admin_opd) read their own agency's records and ask other agencies for
 *   access for their own subsystems; every staff member can browse open services (published or
 *   deprecated) to find what to ask for.
 * - Auditors and admins read everything; the SPBE team (tim_spbe) reads everything too and
 *   changes nothing: it oversees integration across agencies but owns no agency's systems.
 * - A subsystem's own API token (scope `gerbang:call`) reads its agency's records and the list of
 *   services it may call, and changes nothing.
 */
const gatewayCaller = (a: Actor | null): boolean => a?.kind === 'token' && hasScope(a, 'gerbang:call');

export const gerbangPolicy = {
  /** May use the gerbang screens and APIs at all. */
  enter: (a: Actor | null): boolean => isStaff(a) || gatewayCaller(a),
  readAll: (a: Actor | null): boolean => readsEverything(a) || isTimSpbe(a),
  /** Reads an agency's subsystems, groups, all its services (drafts too) and its requests. */
  readOpd: (a: Actor | null, opdId: string): boolean => gerbangPolicy.readAll(a) || (gerbangPolicy.enter(a) && worksIn(a, opdId)),
  manage: (a: Actor | null, opdId: string): boolean => isAdmin(a) || hasRole(a, 'admin_opd', opdId),
  /** Asks a provider for access on behalf of one of the agency's subsystems. */
  requestAccess: (a: Actor | null, consumerOpdId: string): boolean => isAdmin(a) || (a?.kind === 'user' && worksIn(a, consumerOpdId)),
};
