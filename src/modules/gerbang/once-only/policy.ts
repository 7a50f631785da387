import type { Actor } from '../../../platform/auth/actor.ts';
import { hasScope } from '../../../platform/auth/api-tokens.ts';
import { isAdmin, isStaff, isTimSpbe, platformPolicy } from '../../../platform/auth/policy.ts';
import { gerbangPolicy } from '../policy.ts';

/**
 * Who may do what with once-only data.
 *
 * - The registry of authoritative sources is the SPBE team's and the admins' to keep (they decide
 *   which service is THE source of an element across agencies); every staff member and every
 *   gateway subsystem (`gerbang:call` token) reads it.
 * - Prefill: a citizen (warga) for themself, through the portal's subsystem; an agency system with
 *   its subsystem's token, for a citizen who consented to that subsystem. Only citizens consent,
 *   each for themself, and only they see who fetched their data.
 * - Change notifications: the providing agency (admins of the source service's agency, or the
 *   providing subsystem's own token) publishes; a subscribing agency's admins manage their
 *   subsystems' subscriptions and retry dead deliveries; the agency's staff and auditors read them;
 *   the subscribing subsystem's token reads its feed.
 */
const gatewayCaller = (a: Actor | null): boolean => a?.kind === 'token' && hasScope(a, 'gerbang:call');

export const onceOnlyPolicy = {
  readElements: (a: Actor | null): boolean => isStaff(a) || gatewayCaller(a),
  manageElements: (a: Actor | null): boolean => isAdmin(a) || isTimSpbe(a),
  citizen: (a: Actor | null): boolean => platformPolicy.portalCitizen(a),
  gatewayCaller,
  /** Publishes changes of an element whose source service belongs to `providerOpdId`. */
  publish: (a: Actor | null, providerOpdId: string): boolean => (a?.kind === 'user' ? gerbangPolicy.manage(a, providerOpdId) : gatewayCaller(a) && a!.opdId === providerOpdId),
  readSubscriptions: (a: Actor | null, opdId: string): boolean => gerbangPolicy.readOpd(a, opdId),
  manageSubscriptions: (a: Actor | null, opdId: string): boolean => gerbangPolicy.manage(a, opdId),
};
