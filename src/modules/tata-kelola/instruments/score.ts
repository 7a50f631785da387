import type { Instrument, InstrumentIndicator, PredicateBand } from './instrument.ts';

/**
 * The SPBE index, computed exactly. Levels are integers 1-5 and weights integer hundredths, so
 * every figure is a fraction of integers: a group's index is Σ level × weight / Σ weight, and the
 * overall index Σ level × weight / 100 (the weights sum to 100). Only the published figure is
 * rounded: half up to two decimals, once, at the end. The predicate is read from that published
 * figure (an index published as 3.50 is "Sangat Baik", as everyone reading it would expect),
 * and the gap and the plan to the next predicate aim at it too.
 */
export interface Fraction {
  num: number;
  den: number;
}

/** Rounded half up to hundredths: 2.8275 → 283. */
export function toHundredthsRounded(f: Fraction): number {
  return Math.floor((f.num * 200 + f.den) / (2 * f.den));
}

/** Hundredths as a plain decimal string with two places: 283 → "2.83". */
export function formatHundredths(h: number): string {
  const sign = h < 0 ? '-' : '';
  const abs = Math.abs(h);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return Math.abs(a);
}

export function reduce(f: Fraction): Fraction {
  const g = gcd(f.num, f.den) || 1;
  return { num: f.num / g, den: f.den / g };
}

/** The band a published figure (hundredths) falls in. */
export function predicateOf(bands: readonly PredicateBand[], h: number): PredicateBand | null {
  return bands.find((b) => h >= b.min && (b.maxInclusive ? h <= b.max : h < b.max)) ?? null;
}

export interface GroupScore {
  code: string;
  name: string;
  weight: number;
  /** Indicators with a level / all indicators of the group. */
  rated: number;
  total: number;
  /** Exact weighted mean of the rated indicators; null when none is rated. */
  exact: Fraction | null;
  /** Published figure in hundredths. */
  value: number | null;
}

export interface Raiser {
  number: number;
  name: string;
  level: number;
  /** What one level more adds to the index: weight / 100, in hundredths of an index point × 100 (i.e. the weight in hundredths). */
  weight: number;
  /** Levels left up to 5. */
  available: number;
  /** weight × available: the most this indicator can add (same unit as `weight`). */
  potential: number;
}

export interface PlanStep {
  number: number;
  from: number;
  to: number;
}

export interface Scorecard {
  instrumentId: string;
  rated: number;
  total: number;
  complete: boolean;
  /** Exact overall index over the rated indicators (the formula's value when complete). */
  exact: Fraction | null;
  value: number | null;
  predicate: PredicateBand | null;
  domains: GroupScore[];
  aspects: GroupScore[];
  /** The next predicate up and how far it is (hundredths of an index point); null at the top or while incomplete. */
  gap: { band: PredicateBand; points: number; plan: PlanStep[] } | null;
  /** Indicators ordered by what one level more adds, then by how many levels they have left. */
  raisers: Raiser[];
}

function groupScore(code: string, name: string, weight: number, members: InstrumentIndicator[], levels: ReadonlyMap<number, number | null | undefined>): GroupScore {
  let num = 0;
  let den = 0;
  let rated = 0;
  for (const ind of members) {
    const level = levels.get(ind.number);
    if (level === null || level === undefined) continue;
    num += level * ind.weight;
    den += ind.weight;
    rated++;
  }
  const exact = den > 0 ? reduce({ num, den }) : null;
  return { code, name, weight, rated, total: members.length, exact, value: exact ? toHundredthsRounded(exact) : null };
}

/**
 * Scores one set of levels (self-assessed or verified) under an instrument. Levels missing from
 * the map are unrated: group and overall figures are then weighted means of what is rated, and
 * marked incomplete.
 */
export function scoreLevels(instrument: Instrument, levels: ReadonlyMap<number, number | null | undefined>): Scorecard {
  for (const [number, level] of levels) {
    if (level !== null && level !== undefined && (!Number.isInteger(level) || level < 1 || level > 5)) throw new RangeError(`Indicator ${number}: level ${level} is not 1-5`);
  }
  const byAspect = (code: string) => instrument.indicators.filter((i) => i.aspect === code);
  const aspects = instrument.aspects.map((a) => groupScore(a.code, a.name, a.weight, byAspect(a.code), levels));
  const domains = instrument.domains.map((d) =>
    groupScore(d.code, d.name, d.weight, instrument.aspects.filter((a) => a.domain === d.code).flatMap((a) => byAspect(a.code)), levels),
  );
  const overall = groupScore(instrument.id, instrument.title, instrument.totalWeight, instrument.indicators, levels);
  const complete = overall.rated === overall.total;
  const predicate = overall.value === null ? null : predicateOf(instrument.bands, overall.value);

  const raisers: Raiser[] = instrument.indicators
    .map((ind) => {
      const level = levels.get(ind.number);
      if (level === null || level === undefined) return null;
      return { number: ind.number, name: ind.name, level, weight: ind.weight, available: 5 - level, potential: ind.weight * (5 - level) };
    })
    .filter((r): r is Raiser => r !== null && r.available > 0)
    .sort((a, b) => b.weight - a.weight || b.potential - a.potential || a.number - b.number);

  let gap: Scorecard['gap'] = null;
  if (complete && overall.exact && predicate) {
    const next = instrument.bands.find((b) => b.min > predicate.min);
    if (next) gap = { band: next, points: next.min - overall.value!, plan: planTo(instrument, levels, next.min) };
  }
  return {
    instrumentId: instrument.id,
    rated: overall.rated,
    total: overall.total,
    complete,
    exact: overall.exact,
    value: overall.value,
    predicate,
    domains,
    aspects,
    gap,
    raisers,
  };
}

/**
 * The fewest level steps that lift the published index to `target` (hundredths): one level on the
 * heaviest indicator first (each step adds its weight, so heaviest-first needs the fewest steps),
 * lowest number first among equals. Levels and weights are complete here.
 */
function planTo(instrument: Instrument, levels: ReadonlyMap<number, number | null | undefined>, target: number): PlanStep[] {
  // Σ level × weight (in hundredths of a percent) over the total weight; the index reaches
  // `target` once round-half-up(sum / total × 100) ≥ target, i.e. sum × 200 + total ≥ 2 × target × total.
  const total = instrument.totalWeight;
  let sum = instrument.indicators.reduce((s, i) => s + (levels.get(i.number) ?? 0) * i.weight, 0);
  const reached = () => Math.floor((sum * 200 + total) / (2 * total)) >= target;
  const order = [...instrument.indicators].sort((a, b) => b.weight - a.weight || a.number - b.number);
  const steps = new Map<number, PlanStep>();
  for (const ind of order) {
    let level = levels.get(ind.number) ?? 1;
    while (!reached() && level < 5) {
      const step = steps.get(ind.number) ?? { number: ind.number, from: level, to: level };
      step.to = ++level;
      steps.set(ind.number, step);
      sum += ind.weight;
    }
    if (reached()) break;
  }
  return [...steps.values()];
}
