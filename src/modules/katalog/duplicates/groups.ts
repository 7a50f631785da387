import { createHash } from 'node:crypto';
import type { CandidateGroup, Dismissal, GroupPair, Reason } from './types.ts';

/** Disjoint sets over 0..n-1 with path halving and union by size. */
export class UnionFind {
  private readonly parent: Int32Array;
  private readonly size: Int32Array;

  constructor(n: number) {
    this.parent = new Int32Array(n);
    this.size = new Int32Array(n).fill(1);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }

  find(x: number): number {
    const p = this.parent;
    while (p[x] !== x) {
      p[x] = p[p[x]!]!;
      x = p[x]!;
    }
    return x;
  }

  union(a: number, b: number): void {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return;
    if (this.size[ra]! < this.size[rb]! || (this.size[ra] === this.size[rb] && rb < ra)) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    this.size[ra]! += this.size[rb]!;
  }
}

/** Stable group id: the first 16 hex digits of SHA-256 over the sorted member keys. */
export function groupId(keys: readonly string[]): string {
  return createHash('sha256')
    .update([...keys].sort().join('\n'))
    .digest('hex')
    .slice(0, 16);
}

/** Key of an unordered pair. */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

/** Every pair inside a group: what to store to dismiss the whole group. */
export function dismissalsForGroup(group: CandidateGroup): Dismissal[] {
  return group.pairs.map((p) => [p.a, p.b] as const);
}

/** Connected components of `pairs` over string keys, each a sorted key list (deterministic order). */
export function components(pairs: readonly GroupPair[]): string[][] {
  const keys = [...new Set(pairs.flatMap((p) => [p.a, p.b]))].sort();
  const index = new Map(keys.map((k, i) => [k, i]));
  const uf = new UnionFind(keys.length);
  for (const p of pairs) uf.union(index.get(p.a)!, index.get(p.b)!);
  const byRoot = new Map<number, string[]>();
  keys.forEach((k, i) => {
    const r = uf.find(i);
    const list = byRoot.get(r) ?? [];
    list.push(k);
    byRoot.set(r, list);
  });
  return [...byRoot.values()];
}

const REASON_ORDER: Reason['code'][] = [
  'shared_code',
  'general_app_field',
  'general_app_system',
  'general_app_keyword',
  'general_field_code',
  'general_app_in_portfolio',
  'matched_terms',
  'acronym_expansion',
  'affix',
  'translation',
  'typo',
  'similar_description',
];

/** Merges reasons with the same code and detail (their app keys united) and sorts them. */
export function mergeReasons(reasons: readonly Reason[], limit = 40): Reason[] {
  const byKey = new Map<string, { code: Reason['code']; detail: string; keys: Set<string> }>();
  for (const r of reasons) {
    const key = `${r.code}\u0000${r.detail}`;
    const existing = byKey.get(key);
    if (existing) for (const k of r.appKeys) existing.keys.add(k);
    else byKey.set(key, { code: r.code, detail: r.detail, keys: new Set(r.appKeys) });
  }
  return [...byKey.values()]
    .map((r) => ({ code: r.code, detail: r.detail, appKeys: [...r.keys].sort() }))
    .sort((a, b) => REASON_ORDER.indexOf(a.code) - REASON_ORDER.indexOf(b.code) || b.appKeys.length - a.appKeys.length || (a.detail < b.detail ? -1 : a.detail > b.detail ? 1 : 0))
    .slice(0, limit);
}

/** Mean of the link scores, rounded to 3 decimals. */
export function meanScore(pairs: readonly GroupPair[]): number {
  if (pairs.length === 0) return 0;
  return Math.round((pairs.reduce((s, p) => s + p.score, 0) / pairs.length) * 1000) / 1000;
}

/** Groups ordered for review: highest score first, then by id. */
export function sortGroups(groups: CandidateGroup[]): CandidateGroup[] {
  return groups.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
