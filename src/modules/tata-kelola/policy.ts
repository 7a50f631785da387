import type { Actor } from '../../platform/auth/actor.ts';
import { hasScope } from '../../platform/auth/api-tokens.ts';
import { isAdmin, isStaff, isTimSpbe, readsEverything } from '../../platform/auth/policy.ts';
import { registerScopes } from '../../platform/tokens/scopes.ts';

registerScopes(
  { scope: 'tata-kelola:read', description: { id: 'Membaca usulan belanja SPBE dan bagian penilaian indeks SPBE perangkat daerah ini', en: "Read this agency's SPBE spending proposals and its parts of the SPBE index assessment" } },
  { scope: 'tata-kelola:write', description: { id: 'Mengajukan usulan belanja SPBE dan mengisi bagian penilaian indeks SPBE perangkat daerah ini', en: "Submit this agency's SPBE spending proposals and fill its parts of the SPBE index assessment" } },
);

/**
 * Who may do what in SPBE governance. The SPBE team (and admins) run the yearly index assessment
 * and review spending proposals; the assessor capability (setting verified levels) belongs to
 * them too: an external assessor is given the `tim_spbe` role for the evaluation period, so there
 * is one role to grant and revoke. Auditors read everything and change nothing. Agency staff
 * (officers and agency admins, or the agency's system with a `tata-kelola:*` token) see and act
 * only on their own agency's proposals and the indicator parts assigned to it.
 */
const manages = (a: Actor | null) => isAdmin(a) || isTimSpbe(a);

function agencyIds(a: Actor | null, scope: 'read' | 'write'): string[] {
  if (!a) return [];
  if (a.kind === 'token') return hasScope(a, 'tata-kelola:write') || (scope === 'read' && hasScope(a, 'tata-kelola:read')) ? [a.opdId] : [];
  return [...new Set(a.grants.filter((g) => g.opdId && (g.role === 'petugas' || g.role === 'admin_opd')).map((g) => g.opdId!))];
}

export const tataKelolaPolicy = {
  /** Sees the whole assessment and every agency's proposals. */
  readAll: (a: Actor | null) => readsEverything(a) || isTimSpbe(a),
  /** May use the module at all (staff, or an agency system with a tata-kelola scope); others get 403, not 404. */
  enter: (a: Actor | null) => isStaff(a) || (a?.kind === 'token' && (hasScope(a, 'tata-kelola:read') || hasScope(a, 'tata-kelola:write'))),
  manageAssessment: manages,
  /** The assessor capability: set verified levels and review notes. */
  verify: manages,
  manageInstruments: manages,
  manageChecks: manages,
  reviewProposal: manages,
  /** Agencies whose proposals and assigned parts the actor may read, or 'all'. */
  readableOpdIds(a: Actor | null): 'all' | string[] {
    return tataKelolaPolicy.readAll(a) ? 'all' : agencyIds(a, 'read');
  },
  read(a: Actor | null, opdId: string): boolean {
    const ids = tataKelolaPolicy.readableOpdIds(a);
    return ids === 'all' || ids.includes(opdId);
  },
  /** Agencies for which the actor submits proposals and fills assigned parts. */
  actingOpdIds(a: Actor | null): string[] {
    return agencyIds(a, 'write');
  },
  /** Submit or revise this agency's proposal, fill its assigned parts. Admins may act for any agency. */
  actFor: (a: Actor | null, opdId: string) => isAdmin(a) || agencyIds(a, 'write').includes(opdId),
};
