import { components, groupId, meanScore, pairKey, sortGroups } from './groups.ts';
import type { CandidateGroup, Dismissal } from './types.ts';

/**
 * Removes dismissed pairs from already computed groups. A group whose links are all dismissed
 * disappears; one that loses some links splits into what still holds together (new ids, since
 * the members changed). Look-alike groups are stars around their general-field key, so
 * dismissing `[appKey, generalFieldKey(field)]` takes that app out of the group.
 */
export function excludeDismissed(groups: readonly CandidateGroup[], dismissals: readonly Dismissal[]): CandidateGroup[] {
  if (dismissals.length === 0) return [...groups];
  const dismissed = new Set(dismissals.map(([a, b]) => pairKey(a, b)));
  const out: CandidateGroup[] = [];
  for (const g of groups) {
    const pairs = g.pairs.filter((p) => !dismissed.has(pairKey(p.a, p.b)));
    if (pairs.length === g.pairs.length) {
      out.push(g);
      continue;
    }
    if (pairs.length === 0) continue;
    if (g.kind === 'aplikasi_umum_lookalike') {
      const flagged = new Set(pairs.map((p) => p.a));
      const linked = new Set(g.pairs.map((p) => p.a));
      const anchors = g.appKeys.filter((k) => !linked.has(k));
      const appKeys = [...flagged, ...anchors].sort();
      out.push({
        ...g,
        id: groupId([...appKeys, pairs[0]!.b]),
        appKeys,
        pairs,
        score: meanScore(pairs),
        reasons: g.reasons.filter((r) => r.appKeys.some((k) => appKeys.includes(k))).map((r) => ({ ...r, appKeys: r.appKeys.filter((k) => appKeys.includes(k)) })),
      });
      continue;
    }
    for (const members of components(pairs)) {
      const set = new Set(members);
      const part = pairs.filter((p) => set.has(p.a));
      out.push({
        ...g,
        id: groupId(members),
        appKeys: members,
        pairs: part,
        score: meanScore(part),
        reasons: g.reasons
          .map((r) => ({ ...r, appKeys: r.appKeys.filter((k) => set.has(k)) }))
          .filter((r) => r.appKeys.length >= (r.code === 'shared_code' || r.code === 'matched_terms' || r.code === 'similar_description' ? 2 : 1)),
      });
    }
  }
  return sortGroups(out);
}
