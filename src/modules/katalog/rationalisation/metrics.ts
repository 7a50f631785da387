import type { Lifecycle, TimeClass } from '../db.ts';

/**
 * The arithmetic of rationalisation, kept free of SQL and HTTP so the numbers can be checked by
 * hand: the TIME classification, the monthly active-app curve, cost saved, and data quality.
 */

/** A fit score of 3 or more counts as high. */
export const HIGH_FIT = 3;

/** Gartner's TIME: Invest (high/high), Migrate (good function, poor technology), Tolerate, Eliminate. */
export function classifyTime(functionalFit: number, technicalFit: number): TimeClass {
  const functional = functionalFit >= HIGH_FIT;
  const technical = technicalFit >= HIGH_FIT;
  if (functional) return technical ? 'invest' : 'migrate';
  return technical ? 'tolerate' : 'eliminate';
}

/** States after which an app no longer runs: what its yearly cost no longer costs. */
export const ENDED_LIFECYCLES = ['digabung', 'dipensiunkan', 'diganti_aplikasi_umum'] as const satisfies readonly Lifecycle[];
/** Apps that are, or are about to be, in the portfolio: the ones whose records must be complete. */
export const CURRENT_LIFECYCLES = ['rencana', 'aktif', 'dalam_konsolidasi'] as const satisfies readonly Lifecycle[];
/** The shared data centres; every other hosting is "outside". */
export const SHARED_HOSTINGS = ['pdn', 'pusat_data_provinsi'] as const;

export const isEnded = (l: Lifecycle) => (ENDED_LIFECYCLES as readonly string[]).includes(l);

/** Local calendar parts of an instant in the given time zone. */
export function localParts(at: Date, timeZone: string): { year: number; month: number; day: number } {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return { year: get('year'), month: get('month'), day: get('day') };
}

/** 'YYYY-MM-DD' of an instant in the given time zone (for "overdue" checks against date columns). */
export function localDate(at: Date, timeZone: string): string {
  const p = localParts(at, timeZone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

export const monthKey = (year: number, month: number) => `${year}-${String(month).padStart(2, '0')}`;

/** Every month from `first` to `last` inclusive, as 'YYYY-MM'. */
export function monthRange(first: string, last: string): string[] {
  const out: string[] = [];
  let [y, m] = first.split('-').map(Number) as [number, number];
  const end = last;
  for (let guard = 0; guard < 1200; guard++) {
    const key = monthKey(y, m);
    if (key > end) break;
    out.push(key);
    if (++m > 12) (m = 1), y++;
  }
  return out;
}

/** Months shown at most in the curve; older moves still count in its first value. */
export const MAX_CURVE_MONTHS = 120;

export interface LifecycleDelta {
  /** Owning agency (the app's current owner), null for apps nobody owns yet. */
  opdId: string | null;
  /** Local month of the move, 'YYYY-MM'. */
  month: string;
  /** Apps that became active minus apps that stopped being active in that month. */
  delta: number;
}

export interface ActiveCurve {
  months: string[];
  total: number[];
  byOpd: Map<string | null, number[]>;
}

/**
 * The number of active apps at the end of each month, from the net lifecycle moves per month:
 * an app is active at a date when its latest move at or before that date took it to `aktif` or
 * `dalam_konsolidasi`, so each move into (out of) those states adds (removes) one from then on.
 */
export function activeCurve(deltas: LifecycleDelta[], currentMonth: string): ActiveCurve {
  const firstMonth = deltas.reduce((min, d) => (d.month < min ? d.month : min), currentMonth);
  let months = monthRange(firstMonth, currentMonth);
  if (months.length > MAX_CURVE_MONTHS) months = months.slice(-MAX_CURVE_MONTHS);
  const index = new Map(months.map((m, i) => [m, i]));
  const byOpd = new Map<string | null, number[]>();
  for (const d of deltas) {
    if (d.month > currentMonth) continue;
    let series = byOpd.get(d.opdId);
    if (!series) byOpd.set(d.opdId, (series = months.map(() => 0)));
    // Moves before the window fold into its first month, so its value is still the true count.
    const i = index.get(d.month) ?? 0;
    series[i]! += d.delta;
  }
  for (const series of byOpd.values()) for (let i = 1; i < series.length; i++) series[i]! += series[i - 1]!;
  const total = months.map((_, i) => [...byOpd.values()].reduce((sum, s) => sum + s[i]!, 0));
  return { months, total, byOpd };
}

export interface EndedApp {
  /** Local year of the move that ended the app. */
  year: number;
  yearlyCost: number | null;
}

export interface CostSavedYear {
  year: number;
  apps: number;
  amount: number;
  appsWithoutCost: number;
}

/** The yearly cost no longer spent, by the year each app was merged, retired or replaced. */
export function costSavedByYear(apps: EndedApp[]): { total: number; byYear: CostSavedYear[] } {
  const years = new Map<number, CostSavedYear>();
  for (const a of apps) {
    const y = years.get(a.year) ?? { year: a.year, apps: 0, amount: 0, appsWithoutCost: 0 };
    y.apps++;
    if (a.yearlyCost === null) y.appsWithoutCost++;
    else y.amount += a.yearlyCost;
    years.set(a.year, y);
  }
  const byYear = [...years.values()].sort((a, b) => a.year - b.year);
  return { total: byYear.reduce((s, y) => s + y.amount, 0), byYear };
}

/** The fields every app record needs, in the order the quality report names them. */
export const QUALITY_FIELDS = ['name', 'description', 'owner', 'category', 'capabilityCode', 'hosting', 'url', 'yearlyCost', 'legalBasis', 'lifecycle'] as const;
export type QualityField = (typeof QUALITY_FIELDS)[number];

export interface QualityInput {
  name: string | null;
  description: string | null;
  opdId: string | null;
  category: string | null;
  hasCapabilityCode: boolean;
  hosting: string | null;
  url: string | null;
  yearlyCost: number | null;
  legalBasis: string | null;
  lifecycle: string | null;
}

const filled = (v: string | null) => v !== null && v.trim() !== '';

/** The required fields an app record lacks, and its completeness in percent (each field 10%). */
export function appQuality(a: QualityInput): { score: number; missing: QualityField[] } {
  const present: Record<QualityField, boolean> = {
    name: filled(a.name),
    description: filled(a.description),
    owner: a.opdId !== null,
    category: filled(a.category),
    capabilityCode: a.hasCapabilityCode,
    hosting: filled(a.hosting),
    url: filled(a.url),
    // Zero is a real answer (a free application), so only an empty value is missing.
    yearlyCost: a.yearlyCost !== null,
    legalBasis: filled(a.legalBasis),
    lifecycle: filled(a.lifecycle),
  };
  const missing = QUALITY_FIELDS.filter((f) => !present[f]);
  return { score: round1(((QUALITY_FIELDS.length - missing.length) / QUALITY_FIELDS.length) * 100), missing };
}

export const round1 = (n: number) => Math.round(n * 10) / 10;

/** The mean of scores, to one decimal; null when there is nothing to score. */
export function meanScore(scores: number[]): number | null {
  return scores.length ? round1(scores.reduce((s, n) => s + n, 0) / scores.length) : null;
}

/** The level-2 capability a (possibly deeper, province-added) RAB/RAL code belongs to. */
export function levelTwoCode(code: string): string | null {
  const parts = code.split('.');
  return parts.length >= 3 ? parts.slice(0, 3).join('.') : null;
}
