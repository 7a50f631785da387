import type { Actor } from '../../../platform/auth/actor.ts';
import { hasScope } from '../../../platform/auth/api-tokens.ts';
import { isTimSpbe, readsEverything } from '../../../platform/auth/policy.ts';
import { registerScopes } from '../../../platform/tokens/scopes.ts';

registerScopes({
  scope: 'gerbang:evidence',
  description: { id: 'Membaca bukti pertukaran data (log bukti gerbang) perangkat daerah ini', en: "Read this agency's data-exchange evidence (gateway evidence log)" },
});

/**
 * Who reads which exchanges. A record names its providing and consuming agency; staff of either
 * (officers and agency admins) and that agency's systems with a `gerbang:evidence` token see it.
 * Auditors, admins and the SPBE team read every exchange; nobody changes evidence.
 */
export const evidencePolicy = {
  readAll: (a: Actor | null) => readsEverything(a) || isTimSpbe(a),
  /** Agencies whose exchanges this actor may read, or 'all'. */
  readableOpdIds(a: Actor | null): 'all' | string[] {
    if (evidencePolicy.readAll(a)) return 'all';
    if (!a) return [];
    if (a.kind === 'token') return hasScope(a, 'gerbang:evidence') ? [a.opdId] : [];
    return [...new Set(a.grants.filter((g) => g.opdId && (g.role === 'petugas' || g.role === 'admin_opd')).map((g) => g.opdId!))];
  },
  /** May use the evidence search at all. */
  search: (a: Actor | null) => {
    const readable = evidencePolicy.readableOpdIds(a);
    return readable === 'all' || readable.length > 0;
  },
  read(a: Actor | null, record: { provider_opd_id: string | null; consumer_opd_id: string | null }): boolean {
    const readable = evidencePolicy.readableOpdIds(a);
    if (readable === 'all') return true;
    return (!!record.provider_opd_id && readable.includes(record.provider_opd_id)) || (!!record.consumer_opd_id && readable.includes(record.consumer_opd_id));
  },
};
