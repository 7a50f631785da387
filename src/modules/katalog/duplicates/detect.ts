import { Analyzer, type Term, type TextProfile } from './analyze.ts';
import { generalFieldKey, loadGeneralAppReference, type GeneralAppReference } from './general-apps.ts';
import { groupId, meanScore, mergeReasons, pairKey, sortGroups, UnionFind } from './groups.ts';
import { buildLookalikeMatcher } from './lookalike.ts';
import type { AppInput, CandidateGroup, DetectionResult, DetectOptions, GroupKind, GroupPair, Reason } from './types.ts';

/** Lifecycle states compared at all: planned apps too, so a planned duplicate is caught before it is built. */
export const CONSIDERED_LIFECYCLES: ReadonlySet<string> = new Set(['aktif', 'dalam_konsolidasi', 'rencana']);
/** Lifecycle states that count as running for the same-capability rule. */
export const ACTIVE_LIFECYCLES: ReadonlySet<string> = new Set(['aktif', 'dalam_konsolidasi']);

export const DEFAULTS = {
  scope: 'government',
  threshold: 0.6,
  containment: 0.1,
  lookalikeThreshold: 0.7,
  minCapabilityDepth: 3,
  maxAppsPerCode: 12,
  maxBlockSize: 60,
  windowSize: 8,
  maxGroupSize: 40,
} as const;

/** Weight of a generic word (manajemen, data, layanan…) against a content word. */
const GENERIC_WEIGHT = 0.25;
/** Extra weight of the head (first content word) of a name. */
const HEAD_WEIGHT = 1.5;
/** Text score kept when both apps name precise codes of the same family and share none. */
const DIFFERENT_CAPABILITY = 0.75;
/** Weight of a brand word in a name read through its description (SIPANDAI: the description says the job). */
const BRAND_WEIGHT = 0.3;
/** Capability score kept when both names are explicit and share nothing. */
const CONTRADICTED_CODE = 0.8;
/** A concept in at least this share of one government's apps is that government's boilerplate. */
const LOCAL_STOP_SHARE = 0.5;
const LOCAL_STOP_MIN_APPS = 12;

interface Vector {
  ids: Int32Array;
  w: Float64Array;
  total: number;
}

interface Link {
  i: number;
  j: number;
  score: number;
  cap: number;
  text: number;
  descSim: number;
  sharedCodes: string[];
}

const ALL_KINDS: GroupKind[] = ['same_capability', 'aplikasi_umum_lookalike', 'similar_name'];

function codeDepth(code: string): number {
  return code.split('.').length - 1;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Finds candidate groups of apps that do the same job, each with a score and its reasons.
 * Pure: plain arrays in, plain objects out, the same output for the same input in any order.
 *
 * 1. Names, acronyms and descriptions are read into concepts (see `Analyzer`), weighted by
 *    inverse document frequency over the portfolio, so shared boilerplate weighs little and the
 *    words that tell functions apart weigh most.
 * 2. Blocking: an inverted index from (scope, concept | precise code) to apps; only apps that
 *    share a block are compared, and blocks over `maxBlockSize` are compared in a sorted window.
 * 3. Each compared pair gets a text score (weighted Ruzicka similarity of the names, pulled
 *    towards containment, with the description as support) and a capability score (a shared
 *    precise RAB/RAL code between two running apps), combined as a noisy-or; links at or
 *    above `threshold` are joined by union-find into groups.
 * 4. Look-alikes of national general applications are matched separately, per government
 *    and field.
 */
export function detectDuplicates(apps: readonly AppInput[], options: DetectOptions = {}): DetectionResult {
  const o = { ...DEFAULTS, ...options };
  const kinds = new Set(options.kinds ?? ALL_KINDS);
  const phase = options.onPhase ?? (() => {});
  const seenKeys = new Set<string>();
  for (const a of apps) {
    if (seenKeys.has(a.key)) throw new Error(`Duplicate app key: ${a.key}`);
    seenKeys.add(a.key);
  }
  const list = apps.filter((a) => CONSIDERED_LIFECYCLES.has(a.lifecycle)).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const n = list.length;
  const dismissed = new Set((options.dismissals ?? []).map(([a, b]) => pairKey(a, b)));

  const scopeNames = new Map<string, number>();
  const scopes = new Int32Array(n);
  list.forEach((a, i) => {
    const s = o.scope === 'national' ? '*' : o.scope === 'agency' ? `opd:${a.opdId}` : a.regionCode ? `region:${a.regionCode}` : `opd:${a.opdId}`;
    let id = scopeNames.get(s);
    if (id === undefined) scopeNames.set(s, (id = scopeNames.size));
    scopes[i] = id;
  });

  phase('analyse');
  const analyzer = new Analyzer(options.qualifiers ?? []);
  const profiles = analyzer.analyseAll(list.map((a) => ({ name: a.name, acronym: a.acronym, description: a.description })));

  phase('weigh');
  const conceptIds = new Map<string, number>();
  const intern = (c: string) => {
    let id = conceptIds.get(c);
    if (id === undefined) conceptIds.set(c, (id = conceptIds.size));
    return id;
  };
  // A name that says nothing about the job (a brand, an unexpanded acronym) is read through the
  // first content words of its description instead.
  const informative = profiles.map((p) => p.nameTerms.some((t) => t.known && !t.generic));
  const nameSource = profiles.map((p, i) => (informative[i] ? p.nameTerms : [...p.nameTerms, ...p.descTerms.filter((t) => t.known && !t.generic).slice(0, 6)]));
  const nameSets = nameSource.map((terms) => [...new Set(terms.map((t) => intern(t.concept)))]);
  const descSets = profiles.map((p) => [...new Set(p.descTerms.map((t) => intern(t.concept)))]);
  const generic: boolean[] = [];
  for (const p of profiles) for (const t of [...p.nameTerms, ...p.descTerms]) generic[conceptIds.get(t.concept)!] = t.generic;
  const nameDf = new Int32Array(conceptIds.size);
  const descDf = new Int32Array(conceptIds.size);
  for (const s of nameSets) for (const c of s) nameDf[c]!++;
  for (const s of descSets) for (const c of s) descDf[c]!++;

  const scopeSize = new Map<number, number>();
  // Numeric keys (scope × K + id) keep the hot maps free of string building.
  const K = 1 << 22;
  const scopeConceptCount = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    scopeSize.set(scopes[i]!, (scopeSize.get(scopes[i]!) ?? 0) + 1);
    for (const c of nameSets[i]!) {
      const k = scopes[i]! * K + c;
      scopeConceptCount.set(k, (scopeConceptCount.get(k) ?? 0) + 1);
    }
  }
  const localStop = (i: number, c: number) => {
    const size = scopeSize.get(scopes[i]!)!;
    return size >= LOCAL_STOP_MIN_APPS && scopeConceptCount.get(scopes[i]! * K + c)! / size >= LOCAL_STOP_SHARE;
  };

  const vector = (entries: [number, number][]): Vector => {
    entries.sort((a, b) => a[0] - b[0]);
    const ids = new Int32Array(entries.length);
    const w = new Float64Array(entries.length);
    let total = 0;
    entries.forEach(([id, weight], k) => {
      ids[k] = id;
      w[k] = weight;
      total += weight;
    });
    return { ids, w, total };
  };
  const unknownIn = nameSource.map((terms) => new Set(terms.filter((t) => !t.known).map((t) => conceptIds.get(t.concept)!)));
  const headIds = profiles.map((p, i) => {
    const head = informative[i] ? p.head : (nameSource[i]!.find((t) => t.known && !t.generic)?.concept ?? p.head);
    return head === undefined ? -1 : conceptIds.get(head)!;
  });
  const nameVectors = nameSets.map((set, i) =>
    vector(
      set
        .filter((c) => !localStop(i, c))
        .map((c) => [c, Math.log(1 + n / nameDf[c]!) * (generic[c] ? GENERIC_WEIGHT : 1) * (c === headIds[i] ? HEAD_WEIGHT : 1) * (informative[i] || !unknownIn[i]!.has(c) ? 1 : BRAND_WEIGHT)]),
    ),
  );
  // Descriptions share template wording; a word in every description must weigh nothing.
  const descVectors = descSets.map((set) => vector(set.map((c) => [c, Math.log((n + 1) / descDf[c]!) * (generic[c] ? GENERIC_WEIGHT : 1)])));

  // Codes: precise ones (depth ≥ minCapabilityDepth) by family, and how many running apps of a scope hold each.
  const preciseCodes = list.map((a) =>
    [...new Set([...a.rab, ...a.ral].map((c) => c.trim().toUpperCase()).filter((c) => codeDepth(c) >= o.minCapabilityDepth))].sort(),
  );
  const active = list.map((a) => ACTIVE_LIFECYCLES.has(a.lifecycle));
  const codeIds = new Map<string, number>();
  const codeId = (c: string) => {
    let id = codeIds.get(c);
    if (id === undefined) codeIds.set(c, (id = codeIds.size));
    return id;
  };
  const codeHolders = new Map<number, number>();
  const holders = (i: number, c: string) => codeHolders.get(scopes[i]! * K + codeId(c)) ?? 0;
  preciseCodes.forEach((codes, i) => {
    if (!active[i]) return;
    for (const c of codes) codeHolders.set(scopes[i]! * K + codeId(c), holders(i, c) + 1);
  });

  phase('block');
  // Block key: (scope × 3 + kind) × K + id, kind 0 name concept, 1 description concept, 2 code.
  const blocks = new Map<number, number[]>();
  const addToBlock = (key: number, i: number) => {
    const b = blocks.get(key);
    if (b) b.push(i);
    else blocks.set(key, [i]);
  };
  const pairDetectors = kinds.has('similar_name') || kinds.has('same_capability');
  if (pairDetectors) {
    for (let i = 0; i < n; i++) {
      const v = nameVectors[i]!;
      for (let k = 0; k < v.ids.length; k++) if (!generic[v.ids[k]!]) addToBlock(scopes[i]! * 3 * K + v.ids[k]!, i);
      const d = descVectors[i]!;
      const top = [...d.ids.keys()].filter((k) => !generic[d.ids[k]!]).sort((x, y) => d.w[y]! - d.w[x]! || d.ids[x]! - d.ids[y]!).slice(0, 3);
      for (const k of top) addToBlock((scopes[i]! * 3 + 1) * K + d.ids[k]!, i);
      if (active[i]) for (const c of preciseCodes[i]!) if (holders(i, c) <= o.maxAppsPerCode) addToBlock((scopes[i]! * 3 + 2) * K + codeId(c), i);
    }
  }
  // Small blocks: every pair. Oversized blocks: each app against its neighbours in name order.
  const smallBlocksOf: number[][][] = Array.from({ length: n }, () => []);
  const windowNeighbours: number[][] = Array.from({ length: n }, () => []);
  let oversized = 0;
  const signature = (i: number) => profiles[i]!.nameTerms.map((t) => t.concept).sort().join(' ');
  for (const members of blocks.values()) {
    if (members.length < 2) continue;
    if (members.length <= o.maxBlockSize) {
      for (const i of members) smallBlocksOf[i]!.push(members);
      continue;
    }
    oversized++;
    const sigs = new Map(members.map((i) => [i, signature(i)]));
    const sorted = [...members].sort((a, b) => (sigs.get(a)! < sigs.get(b)! ? -1 : sigs.get(a)! > sigs.get(b)! ? 1 : a - b));
    for (let p = 0; p < sorted.length; p++) {
      for (let q = p + 1; q < Math.min(sorted.length, p + 1 + o.windowSize); q++) {
        const a = Math.min(sorted[p]!, sorted[q]!);
        windowNeighbours[a]!.push(Math.max(sorted[p]!, sorted[q]!));
      }
    }
  }

  phase('compare');
  const links: Link[] = [];
  let comparisons = 0;
  const stamp = new Int32Array(n).fill(-1);
  const compare = (i: number, j: number) => {
    stamp[j] = i;
    const a = list[i]!;
    const b = list[j]!;
    // An agency app against a national general app is the look-alike rule's business.
    if ((a.category === 'umum') !== (b.category === 'umum')) return;
    if (dismissed.size && dismissed.has(pairKey(a.key, b.key))) return;
    comparisons++;
    const link = scorePair(i, j);
    if (link.score >= o.threshold) links.push(link);
  };

  const scorePair = (i: number, j: number): Link => {
    const nameSim = similarity(nameVectors[i]!, nameVectors[j]!, generic, o.containment);
    const descSim = similarity(descVectors[i]!, descVectors[j]!, generic, 0);
    const bothSay = informative[i] && informative[j];
    let text = !kinds.has('similar_name') ? 0 : bothSay ? Math.max(nameSim, 0.6 * nameSim + 0.4 * descSim) : Math.max(nameSim, 0.75 * descSim);
    const shared = intersect(preciseCodes[i]!, preciseCodes[j]!);
    if (shared.length === 0 && conflicting(preciseCodes[i]!, preciseCodes[j]!)) text *= DIFFERENT_CAPABILITY;
    let cap = 0;
    if (kinds.has('same_capability') && active[i] && active[j]) {
      const usable = shared.filter((c) => holders(i, c) <= o.maxAppsPerCode);
      if (usable.length) {
        cap = usable.some((c) => codeDepth(c) >= 4) ? 0.8 : 0.7;
        if (new Set(usable.map((c) => c.slice(0, 3))).size > 1) cap += 0.05;
        // Both names say what the app does and they say different things: codes are often
        // filled in loosely, so a shared level-3 code alone is not enough then.
        if (bothSay && nameSim === 0 && descSim < 0.2) cap *= CONTRADICTED_CODE;
      }
    }
    const score = 1 - (1 - cap) * (1 - text);
    return { i, j, score, cap, text, descSim, sharedCodes: shared };
  };

  for (let i = 0; i < n; i++) {
    for (const members of smallBlocksOf[i]!) {
      for (const j of members) if (j > i && stamp[j] !== i) compare(i, j);
    }
    for (const j of windowNeighbours[i]!) if (stamp[j] !== i) compare(i, j);
  }

  phase('group');
  const groups: CandidateGroup[] = [];
  const uf = new UnionFind(n);
  for (const l of links) uf.union(l.i, l.j);
  const byRoot = new Map<number, Link[]>();
  for (const l of links) {
    const r = uf.find(l.i);
    const bucket = byRoot.get(r);
    if (bucket) bucket.push(l);
    else byRoot.set(r, [l]);
  }
  const conceptNames = [...conceptIds.keys()];
  for (const bucket of byRoot.values()) {
    for (const part of splitOversized(bucket, o.threshold, o.maxGroupSize)) {
      groups.push(buildPairGroup(part, list, nameSource, nameVectors, descVectors, generic, conceptNames));
    }
  }

  if (kinds.has('aplikasi_umum_lookalike')) {
    phase('lookalike');
    groups.push(...lookalikeGroups(list, profiles, scopes, analyzer, o.lookalikeThreshold, options.fieldCodes ?? {}, dismissed));
  }

  sortGroups(groups);
  const count = (k: GroupKind) => groups.filter((g) => g.kind === k).length;
  return {
    groups,
    stats: {
      apps: apps.length,
      considered: n,
      blocks: blocks.size,
      oversizedBlocks: oversized,
      comparisons,
      links: links.length,
      groups: { same_capability: count('same_capability'), aplikasi_umum_lookalike: count('aplikasi_umum_lookalike'), similar_name: count('similar_name') },
    },
  };
}

/**
 * Weighted Ruzicka similarity (Σmin/Σmax) moved by `containment` towards the overlap
 * coefficient (Σmin / the smaller total). Zero unless a non-generic concept is shared.
 */
export function similarity(a: Vector, b: Vector, generic: boolean[], containment: number): number {
  if (a.ids.length === 0 || b.ids.length === 0) return 0;
  let p = 0;
  let q = 0;
  let min = 0;
  let max = 0;
  let content = false;
  while (p < a.ids.length && q < b.ids.length) {
    const x = a.ids[p]!;
    const y = b.ids[q]!;
    if (x === y) {
      min += Math.min(a.w[p]!, b.w[q]!);
      max += Math.max(a.w[p]!, b.w[q]!);
      if (!generic[x]) content = true;
      p++;
      q++;
    } else if (x < y) max += a.w[p++]!;
    else max += b.w[q++]!;
  }
  while (p < a.ids.length) max += a.w[p++]!;
  while (q < b.ids.length) max += b.w[q++]!;
  if (!content || max === 0) return 0;
  const ruzicka = min / max;
  const overlap = min / Math.min(a.total, b.total);
  return ruzicka + containment * (overlap - ruzicka);
}

function intersect(a: string[], b: string[]): string[] {
  if (a.length === 0 || b.length === 0) return [];
  const set = new Set(b);
  return a.filter((c) => set.has(c));
}

/** Both name precise codes in the same family (RAB or RAL) and none is shared: different capabilities. */
function conflicting(a: string[], b: string[]): boolean {
  for (const family of ['RAB', 'RAL']) {
    if (a.some((c) => c.startsWith(family)) && b.some((c) => c.startsWith(family))) return true;
  }
  return false;
}

/** A component larger than `max` is split by raising its threshold in steps of 0.05. */
function splitOversized(links: Link[], threshold: number, max: number): Link[][] {
  const members = new Set(links.flatMap((l) => [l.i, l.j]));
  if (members.size <= max || threshold >= 0.95) return [links];
  const next = threshold + 0.05;
  const kept = links.filter((l) => l.score >= next);
  const ids = [...new Set(kept.flatMap((l) => [l.i, l.j]))].sort((x, y) => x - y);
  const index = new Map(ids.map((id, k) => [id, k]));
  const uf = new UnionFind(ids.length);
  for (const l of kept) uf.union(index.get(l.i)!, index.get(l.j)!);
  const parts = new Map<number, Link[]>();
  for (const l of kept) {
    const r = uf.find(index.get(l.i)!);
    const part = parts.get(r);
    if (part) part.push(l);
    else parts.set(r, [l]);
  }
  return [...parts.values()].flatMap((part) => splitOversized(part, next, max));
}

const VIA_REASON: Partial<Record<Term['via'], Reason['code']>> = {
  acronym: 'acronym_expansion',
  truncation: 'acronym_expansion',
  affix: 'affix',
  prefix: 'affix',
  translation: 'translation',
  typo: 'typo',
};

function buildPairGroup(
  links: Link[],
  list: readonly AppInput[],
  nameSource: Term[][],
  nameVectors: Vector[],
  descVectors: Vector[],
  generic: boolean[],
  conceptNames: string[],
): CandidateGroup {
  const appKeys = [...new Set(links.flatMap((l) => [list[l.i]!.key, list[l.j]!.key]))].sort();
  const capabilityLinks = links.filter((l) => l.cap > 0 && l.cap >= l.text).length;
  const kind: GroupKind = capabilityLinks * 2 >= links.length ? 'same_capability' : 'similar_name';
  const pairs: GroupPair[] = links
    .map((l) => {
      const [a, b] = [list[l.i]!.key, list[l.j]!.key].sort() as [string, string];
      return { a, b, score: round3(l.score) };
    })
    .sort((x, y) => y.score - x.score || (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : x.b > y.b ? 1 : 0));

  const reasons: Reason[] = [];
  const matched = new Map<string, { surfaces: Set<string>; appKeys: Set<string> }>();
  const strongest = [...links].sort((x, y) => y.score - x.score).slice(0, 30);
  for (const l of strongest) {
    const ka = list[l.i]!.key;
    const kb = list[l.j]!.key;
    for (const c of l.sharedCodes) reasons.push({ code: 'shared_code', detail: c, appKeys: [ka, kb] });
    if (l.text > 0) {
      const shared = sharedConcepts(nameVectors[l.i]!, nameVectors[l.j]!, generic);
      for (const id of shared) {
        const concept = conceptNames[id]!;
        const ta = nameSource[l.i]!.filter((t) => t.concept === concept);
        const tb = nameSource[l.j]!.filter((t) => t.concept === concept);
        const m = matched.get(concept) ?? { surfaces: new Set<string>(), appKeys: new Set<string>() };
        for (const t of [...ta, ...tb]) m.surfaces.add(t.surface);
        m.appKeys.add(ka).add(kb);
        matched.set(concept, m);
        for (const [terms, key] of [[ta, ka], [tb, kb]] as const) {
          for (const t of terms) {
            const code = VIA_REASON[t.via];
            if (code) reasons.push({ code, detail: t.detail ?? `${t.surface} → ${t.concept}`, appKeys: [key] });
          }
        }
      }
      if (l.descSim >= 0.3) {
        const sharedDesc = sharedConcepts(descVectors[l.i]!, descVectors[l.j]!, generic, 5);
        if (sharedDesc.length) reasons.push({ code: 'similar_description', detail: sharedDesc.map((id) => conceptNames[id]!).join(', '), appKeys: [ka, kb] });
      }
    }
  }
  for (const [concept, m] of matched) {
    const surfaces = [...m.surfaces].sort();
    const detail = surfaces.length > 1 || surfaces[0] !== concept ? `${concept} (${surfaces.join(', ')})` : concept;
    reasons.push({ code: 'matched_terms', detail, appKeys: [...m.appKeys] });
  }
  return { id: groupId(appKeys), kind, appKeys, score: meanScore(pairs), reasons: mergeReasons(reasons), pairs };
}

/** Shared non-generic concepts of two vectors, heaviest first. */
function sharedConcepts(a: Vector, b: Vector, generic: boolean[], limit = 10): number[] {
  const out: { id: number; w: number }[] = [];
  let p = 0;
  let q = 0;
  while (p < a.ids.length && q < b.ids.length) {
    if (a.ids[p] === b.ids[q]) {
      if (!generic[a.ids[p]!]) out.push({ id: a.ids[p]!, w: Math.min(a.w[p]!, b.w[q]!) });
      p++;
      q++;
    } else if (a.ids[p]! < b.ids[q]!) p++;
    else q++;
  }
  return out
    .sort((x, y) => y.w - x.w || x.id - y.id)
    .slice(0, limit)
    .map((x) => x.id);
}

function lookalikeGroups(
  list: readonly AppInput[],
  profiles: TextProfile[],
  scopes: Int32Array,
  analyzer: Analyzer,
  threshold: number,
  fieldCodes: Record<string, string[]>,
  dismissed: Set<string>,
  reference: GeneralAppReference = loadGeneralAppReference(),
): CandidateGroup[] {
  const matcher = buildLookalikeMatcher(reference, analyzer, fieldCodes);
  const flagged = new Map<string, { pairs: GroupPair[]; reasons: Reason[]; anchors: Set<string> }>();
  const bucket = (scope: number, field: string) => {
    const k = `${scope}\u0000${field}`;
    let b = flagged.get(k);
    if (!b) flagged.set(k, (b = { pairs: [], reasons: [], anchors: new Set() }));
    return b;
  };
  list.forEach((app, i) => {
    if (app.category === 'khusus') {
      for (const m of matcher.match(app, profiles[i]!)) {
        if (m.score < threshold || dismissed.has(pairKey(app.key, generalFieldKey(m.field)))) continue;
        const b = bucket(scopes[i]!, m.field);
        b.pairs.push({ a: app.key, b: generalFieldKey(m.field), score: m.score });
        for (const r of m.reasons) b.reasons.push({ ...r, appKeys: [app.key] });
      }
    } else if (app.category === 'umum') {
      for (const s of matcher.systemFields(profiles[i]!)) {
        const b = bucket(scopes[i]!, s.field);
        b.anchors.add(app.key);
        b.reasons.push({ code: 'general_app_in_portfolio', detail: s.system.split(' (')[0]!, appKeys: [app.key] });
      }
    }
  });
  const fieldByCode = new Map(reference.fields.map((f) => [f.code, f]));
  const out: CandidateGroup[] = [];
  for (const [k, b] of flagged) {
    if (b.pairs.length === 0) continue;
    const field = k.split('\u0000')[1]!;
    const appKeys = [...new Set([...b.pairs.map((p) => p.a), ...b.anchors])].sort();
    const f = fieldByCode.get(field);
    b.pairs.sort((x, y) => y.score - x.score || (x.a < y.a ? -1 : x.a > y.a ? 1 : 0));
    out.push({
      id: groupId([...appKeys, generalFieldKey(field)]),
      kind: 'aplikasi_umum_lookalike',
      appKeys,
      score: meanScore(b.pairs),
      reasons: mergeReasons(b.reasons),
      pairs: b.pairs,
      generalField: { code: field, name: f?.name ?? field, systems: reference.systems.filter((s) => s.fields.includes(field)).map((s) => s.name) },
    });
  }
  return out;
}

