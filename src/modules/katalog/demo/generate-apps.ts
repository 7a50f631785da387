import fs from 'node:fs';
import path from 'node:path';
import { parseCsvRecords } from '../../../platform/text/csv.ts';
import { slugify, stableUuid } from '../../../platform/text/slug.ts';
import type { AppInput, AppLifecycle } from '../duplicates/types.ts';
import { FUNCTIONS, GENERAL_APPS, MANDATED_APPS, NICHE_ACTIONS, NICHE_OBJECTS, type AppFunction } from './catalogue.ts';

/**
 * A deterministic synthetic application portfolio shaped like East Java's before its
 * consolidation (865 apps across the provincial agencies and the 38 regencies/cities): many
 * copies of the same job inside one government (SIMPEG-likes, e-Office/e-Surat variants,
 * complaint apps next to SP4N-LAPOR!), names in Indonesian, acronyms, English and brand names,
 * typos, and look-alike names of different jobs. Every description says "data sintetis".
 */
export interface OpdSeed {
  id: string;
  code: string;
  kind: string;
  regionCode: string;
  name?: string;
  abbreviation?: string;
}

export interface GeneratedApp extends AppInput {
  synthetic: true;
  truth: {
    /** Apps of the same government with the same function do the same job. */
    functionId: string;
    /** Perpres 95/2018 field when this (agency-own) app looks like a national general application. */
    lookalikeField: string | null;
    origin: 'asli' | 'salinan' | 'unik' | 'umum' | 'wajib';
  };
}

export interface GenerateOptions {
  /** Number of apps (default 865). */
  count?: number;
  /** PRNG seed (default 2024). */
  seed?: number;
  /** Agencies to spread the apps over (default: East Java's provincial agencies and 38 regency/city governments). */
  opds?: OpdSeed[];
}

const REFERENCE_DIR = path.resolve(import.meta.dirname, '../../../../reference');

/** Small, fast, seedable PRNG (mulberry32). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Random {
  constructor(private readonly next: () => number) {}
  float(): number {
    return this.next();
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  weighted<T>(items: readonly T[], weight: (t: T) => number): T {
    const total = items.reduce((s, t) => s + weight(t), 0);
    let r = this.next() * total;
    for (const t of items) {
      r -= weight(t);
      if (r < 0) return t;
    }
    return items[items.length - 1]!;
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
}

let regionNames: Map<string, string> | undefined;
function regionNameOf(code: string): string | undefined {
  regionNames ??= new Map(
    parseCsvRecords(fs.readFileSync(path.join(REFERENCE_DIR, 'regions-jatim.csv'), 'utf8'), ['code', 'name']).map((r) => [r.code!, r.name!]),
  );
  return regionNames.get(code);
}

let levelTwo: { code: string; name: string }[] | undefined;
/** Level-2 codes of the national reference architecture (reference/architecture-reference.csv). */
export function levelTwoCodes(): { code: string; name: string }[] {
  levelTwo ??= parseCsvRecords(fs.readFileSync(path.join(REFERENCE_DIR, 'architecture-reference.csv'), 'utf8'), ['kind', 'code', 'level'])
    .filter((r) => r.level === '2' && (r.kind === 'RAB' || r.kind === 'RAL'))
    .map((r) => ({ code: r.code!, name: r.name! }));
  return levelTwo;
}

/** East Java's provincial agencies (reference/opd-jatim.csv) and its 38 regency/city governments, with the ids the database uses. */
export function eastJavaOpds(): OpdSeed[] {
  const agencies = parseCsvRecords(fs.readFileSync(path.join(REFERENCE_DIR, 'opd-jatim.csv'), 'utf8'), ['name', 'kind']);
  const regions = parseCsvRecords(fs.readFileSync(path.join(REFERENCE_DIR, 'regions-jatim.csv'), 'utf8'), ['code', 'name', 'kind']);
  const out: OpdSeed[] = agencies.map((a) => {
    const code = slugify(a.abbreviation || a.name!);
    return { id: stableUuid('opd', code), code, kind: a.kind!, regionCode: '35', name: a.name!, ...(a.abbreviation ? { abbreviation: a.abbreviation } : {}) };
  });
  for (const r of regions.filter((x) => x.kind === 'kabupaten' || x.kind === 'kota')) {
    out.push({ id: stableUuid('opd', r.code!), code: r.code!, kind: 'pemda', regionCode: r.code!, name: `Pemerintah ${r.name}` });
  }
  return out;
}

/**
 * East Java plus `extraProvinces` synthetic provinces of the same shape (codes `S01`, `S01.01`…),
 * for benchmarks at national scale.
 */
export function nationalOpds(extraProvinces: number): OpdSeed[] {
  const base = eastJavaOpds();
  const out = [...base];
  for (let p = 1; p <= extraProvinces; p++) {
    const prov = `S${String(p).padStart(2, '0')}`;
    for (const o of base) {
      const regionCode = o.regionCode === '35' ? prov : `${prov}.${o.regionCode.slice(3)}`;
      const code = o.kind === 'pemda' ? regionCode : `${o.code}-${prov.toLowerCase()}`;
      out.push({ id: stableUuid('opd-sintetis', code), code, kind: o.kind, regionCode, name: `${o.name} (sintetis ${prov})`, ...(o.abbreviation ? { abbreviation: o.abbreviation } : {}) });
    }
  }
  return out;
}

/** Words that name places and agencies of `opds`: pass them to the detector as `qualifiers`. */
export function qualifiersFor(opds: readonly OpdSeed[]): string[] {
  const out = new Set<string>();
  for (const o of opds) {
    if (o.abbreviation) out.add(o.abbreviation);
    const region = regionNameOf(o.regionCode);
    if (region) out.add(region.replace(/^(Kabupaten|Kota)\s+/, ''));
  }
  return [...out].sort();
}

function shortRegion(regionCode: string, rnd: Random): string {
  const name = regionNameOf(regionCode);
  if (!name) return rnd.pick(['Jatim', 'Provinsi']);
  if (regionCode === '35') return rnd.pick(['Jatim', 'Provinsi Jawa Timur', 'Jawa Timur']);
  const short = name.replace(/^(Kabupaten|Kota)\s+/, '');
  return rnd.pick([short, name, name.startsWith('Kabupaten') ? `Kab. ${short}` : `Kota ${short}`]);
}

/** One keyboard slip in the longest lower-case word of 6+ letters: drop, swap, double or replace a letter. */
function typo(name: string, rnd: Random): string {
  const words = name.split(' ');
  const candidates = words.map((w, i) => [w, i] as const).filter(([w]) => /^[A-Za-z]{6,}$/.test(w) && w !== w.toUpperCase());
  if (candidates.length === 0) return name;
  const [word, index] = candidates.reduce((a, b) => (b[0].length > a[0].length ? b : a));
  const p = 2 + rnd.int(word.length - 3);
  const kind = rnd.int(4);
  let w: string;
  if (kind === 0) w = word.slice(0, p) + word.slice(p + 1);
  else if (kind === 1) w = word.slice(0, p) + word[p + 1] + word[p] + word.slice(p + 2);
  else if (kind === 2) w = word.slice(0, p) + word[p] + word.slice(p);
  else w = word.slice(0, p) + rnd.pick(['a', 'e', 'i', 'o', 'u'].filter((v) => v !== word[p])) + word.slice(p + 1);
  words[index] = w;
  return words.join(' ');
}

function lifecycle(rnd: Random): AppLifecycle {
  const r = rnd.float();
  if (r < 0.84) return 'aktif';
  if (r < 0.89) return 'rencana';
  if (r < 0.93) return 'dalam_konsolidasi';
  if (r < 0.96) return 'dipensiunkan';
  if (r < 0.98) return 'digabung';
  return 'diganti_aplikasi_umum';
}

const parentOf = (code: string) => code.split('.').slice(0, 3).join('.');

/** Codes as catalogues really hold them: mostly precise, sometimes only the level-2 parent, sometimes none. */
function codesFor(rab: string | undefined, ral: string | undefined, rnd: Random): { rab: string[]; ral: string[] } {
  const r = rnd.float();
  if (r < 0.65) return { rab: rab ? [rab] : [], ral: ral ? [ral] : [] };
  if (r < 0.85) return { rab: rab ? [parentOf(rab)] : [], ral: ral ? [parentOf(ral)] : [] };
  return { rab: [], ral: [] };
}

interface Government {
  regionCode: string;
  opds: OpdSeed[];
  isRegency: boolean;
}

/** Generates `count` synthetic apps; the same options always give the same apps. */
export function generateApps(options: GenerateOptions = {}): GeneratedApp[] {
  const count = options.count ?? 865;
  const rnd = new Random(mulberry32(options.seed ?? 2024));
  const opds = options.opds ?? eastJavaOpds();
  if (opds.length === 0) throw new Error('generateApps needs at least one agency');

  const byRegion = new Map<string, OpdSeed[]>();
  for (const o of opds) byRegion.set(o.regionCode, [...(byRegion.get(o.regionCode) ?? []), o]);
  const governments: Government[] = [...byRegion.entries()]
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([regionCode, list]) => ({ regionCode, opds: list, isRegency: list.every((o) => o.kind === 'pemda') }));
  // A provincial government holds about 11 apps per agency, a regency/city about 16.
  const weights = governments.map((g) => (g.isRegency ? 16 : 11 * g.opds.length));
  const total = weights.reduce((s, w) => s + w, 0);
  const quotas = weights.map((w) => Math.floor((w * count) / total));
  const remainders = weights.map((w, i) => ({ i, r: (w * count) / total - quotas[i]! })).sort((a, b) => b.r - a.r || a.i - b.i);
  const missing = count - quotas.reduce((s, q) => s + q, 0);
  for (let k = 0; k < missing; k++) quotas[remainders[k % remainders.length]!.i]!++;

  const apps: GeneratedApp[] = [];
  const codeParents = levelTwoCodes();
  governments.forEach((g, gi) => {
    const quota = quotas[gi]!;
    if (quota === 0) return;
    const made: GeneratedApp[] = [];
    const add = (app: Omit<GeneratedApp, 'key' | 'synthetic' | 'regionCode'>) => {
      if (made.length < quota) made.push({ ...app, key: '', synthetic: true, regionCode: g.regionCode });
    };
    const agencyFor = (owners?: string[]) => {
      if (g.opds.length === 1) return g.opds[0]!;
      const owner = owners?.map((c) => g.opds.find((o) => o.code === c || o.code.startsWith(`${c}-`))).find(Boolean);
      return owner ?? rnd.pick(g.opds);
    };
    const describe = (text: string) => `${text}. Data sintetis untuk demo Padu, bukan aplikasi nyata.`;
    const styled = (name: string, opd: OpdSeed) => {
      let n = name;
      if (n.startsWith('e-') && rnd.chance(0.25)) n = rnd.pick([`E-${n.slice(2)}`, `e${n.slice(2)}`, `e ${n.slice(2)}`]);
      if (rnd.chance(0.08)) n = typo(n, rnd);
      if (rnd.chance(0.2)) n = `${n} ${g.isRegency || !opd.abbreviation || rnd.chance(0.5) ? shortRegion(g.regionCode, rnd) : opd.abbreviation}`;
      const c = rnd.float();
      if (c < 0.06) n = n.toUpperCase();
      else if (c < 0.09) n = n.toLowerCase();
      return n;
    };

    // National general applications and mandated ministry apps registered by this government.
    for (const u of GENERAL_APPS) {
      if (!rnd.chance(u.presence * (g.isRegency ? 0.8 : 1))) continue;
      const opd = agencyFor();
      add({ name: rnd.pick(u.names), description: describe(`Aplikasi umum nasional yang digunakan pemerintah daerah (${u.id})`), opdId: opd.id, category: 'umum', lifecycle: 'aktif', rab: [], ral: [], raa: [u.raa], truth: { functionId: `umum:${u.id}`, lookalikeField: null, origin: 'umum' } });
    }
    for (const m of MANDATED_APPS) {
      if (!rnd.chance(m.presence)) continue;
      const opd = agencyFor();
      add({ name: rnd.pick(m.names), description: describe(`Aplikasi kementerian yang wajib digunakan (${m.id})`), opdId: opd.id, category: 'khusus_wajib', lifecycle: 'aktif', rab: [], ral: [m.ral], raa: ['RAA.02.02'], truth: { functionId: m.sameJobAs ?? `wajib:${m.id}`, lookalikeField: null, origin: 'wajib' } });
    }

    const addFunctionApp = (f: AppFunction, origin: 'asli' | 'salinan', usedNames: Set<string>) => {
      const opd = agencyFor(origin === 'asli' ? f.owners : undefined);
      const fresh = f.names.filter((n) => !usedNames.has(n));
      const base = f.brands && rnd.chance(0.1) ? rnd.pick(f.brands) : rnd.pick(fresh.length ? fresh : f.names);
      usedNames.add(base);
      const codes = codesFor(f.rab, f.ral, rnd);
      // A few apps carry a code copied from an unrelated app: noise the same-capability rule must live with.
      if (rnd.chance(0.02)) codes.ral = [rnd.pick(FUNCTIONS).ral ?? 'RAL.02.06.01'];
      add({
        name: styled(base, opd),
        acronym: null,
        description: describe(rnd.pick(f.descriptions)),
        opdId: opd.id,
        category: 'khusus',
        lifecycle: lifecycle(rnd),
        ...codes,
        raa: ['RAA.02.02'],
        truth: { functionId: f.id, lookalikeField: f.field ?? null, origin },
      });
    };

    // Originals: each function at most once, more of them in larger governments.
    const eligible = FUNCTIONS.filter((f) => g.isRegency || !f.regencyOnly);
    const originalsTarget = Math.round(quota * (g.isRegency ? 0.62 : 0.4));
    const chosen: AppFunction[] = [];
    for (const f of rnd.shuffle([...eligible])) {
      if (chosen.length >= originalsTarget) break;
      if (rnd.chance(Math.min(1, f.presence * (g.isRegency ? 1 : 1.3)))) chosen.push(f);
    }
    const names = new Map<string, Set<string>>();
    for (const f of chosen) {
      names.set(f.id, new Set());
      addFunctionApp(f, 'asli', names.get(f.id)!);
    }
    // Copies of the same job elsewhere in the same government.
    const copies = Math.round(quota * (g.isRegency ? 0.22 : 0.3));
    for (let k = 0; k < copies && chosen.length; k++) {
      const f = rnd.weighted(chosen, (x) => x.dup);
      addFunctionApp(f, 'salinan', names.get(f.id)!);
    }
    // The long tail: one-of-a-kind apps (one per object), whose words sometimes meet the common functions'.
    const niche = rnd.shuffle(NICHE_OBJECTS.flatMap((o, oi) => NICHE_ACTIONS.map((a, ai) => ({ o, oi, a, ai }))));
    const perObject = new Map<string, number>();
    for (const { o, oi, a, ai } of niche) {
      if (made.length >= quota) break;
      if ((perObject.get(o) ?? 0) >= 1) continue;
      perObject.set(o, (perObject.get(o) ?? 0) + 1);
      const parent = codeParents[(oi * 7) % codeParents.length]!.code;
      const precise = `${parent}.${String(50 + (oi % 40)).padStart(2, '0')}.${String(ai + 1).padStart(2, '0')}`;
      const opd = agencyFor();
      const r = rnd.float();
      const codes = r < 0.65 ? [precise] : r < 0.85 ? [parent] : [];
      add({
        name: styled(`${a} ${o}`, opd),
        description: describe(`${a} ${o.toLowerCase()} di wilayah ${regionNameOf(g.regionCode) ?? g.regionCode}`),
        opdId: opd.id,
        category: 'khusus',
        lifecycle: lifecycle(rnd),
        rab: codes.filter((c) => c.startsWith('RAB')),
        ral: codes.filter((c) => c.startsWith('RAL')),
        raa: ['RAA.02.01'],
        truth: { functionId: `unik:${o}:${a}`, lookalikeField: null, origin: 'unik' },
      });
    }
    // Very large quotas run out of distinct long-tail apps: top up with more copies.
    while (made.length < quota && chosen.length) {
      const f = rnd.weighted(chosen, (x) => x.dup);
      addFunctionApp(f, 'salinan', names.get(f.id)!);
    }
    for (const app of rnd.shuffle(made)) apps.push(app);
  });
  apps.forEach((a, i) => {
    a.key = `sintetis-${String(i + 1).padStart(6, '0')}`;
  });
  return apps;
}
