import type { Actor } from '../../platform/auth/actor.ts';
import { hasScope } from '../../platform/auth/api-tokens.ts';
import { hasRole, isAdmin, isTimSpbe, readsEverything } from '../../platform/auth/policy.ts';

/**
 * Who may do what in the architecture repository. The SPBE team, auditors and admins see every
 * agency's portfolio (finding duplicates needs the whole picture); agency staff see their own
 * agency's records; an agency admin (or the agency's system with a `katalog:write` token) edits
 * them. Rationalisation (duplicate reviews, decisions) belongs to the SPBE team and admins.
 */
function tokenFor(actor: Actor | null, opdId: string | null, scope: string): boolean {
  return actor?.kind === 'token' && opdId !== null && actor.opdId === opdId && hasScope(actor, scope);
}

export const katalogPolicy = {
  readAll: (a: Actor | null) => readsEverything(a) || isTimSpbe(a),
  /** Agencies whose records this actor may read, or 'all'. */
  readableOpdIds(a: Actor | null): 'all' | string[] {
    if (katalogPolicy.readAll(a)) return 'all';
    if (!a) return [];
    if (a.kind === 'token') return hasScope(a, 'katalog:read') || hasScope(a, 'katalog:write') ? [a.opdId] : [];
    return [...new Set(a.grants.filter((g) => g.opdId && (g.role === 'petugas' || g.role === 'admin_opd')).map((g) => g.opdId!))];
  },
  read(a: Actor | null, opdId: string | null): boolean {
    const readable = katalogPolicy.readableOpdIds(a);
    return readable === 'all' || (opdId !== null && readable.includes(opdId));
  },
  edit: (a: Actor | null, opdId: string | null) =>
    isAdmin(a) || isTimSpbe(a) || (opdId !== null && hasRole(a, 'admin_opd', opdId)) || tokenFor(a, opdId, 'katalog:write'),
  /** May create records at all (the use case then checks the chosen agency with `edit`). */
  create: (a: Actor | null) => isAdmin(a) || isTimSpbe(a) || (!!a && a.grants.some((g) => g.role === 'admin_opd')) || (a?.kind === 'token' && hasScope(a, 'katalog:write')),
  manageReference: (a: Actor | null) => isAdmin(a) || isTimSpbe(a),
  rationalise: (a: Actor | null) => isAdmin(a) || isTimSpbe(a),
};
