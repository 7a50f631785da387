import fs from 'node:fs';
import path from 'node:path';
import { REFERENCE_DIR } from '../../../platform/reference/load-reference-data.ts';

/**
 * The community satisfaction index (IKM) of PermenPANRB 14/2017, from
 * reference/ikm-permenpanrb-14-2017.json: nine elements U1-U9 answered 1-4, each weighing 1/9.
 *
 *   NRR_u = Σ answers_u / n,  NRR tertimbang = Σ_u NRR_u · 1/9,  IKM = NRR tertimbang · 25
 *
 * so IKM = 25 · S / (9 · n) with S the sum of every answer. It is computed on integers (BigInt)
 * and rounded half-up to two decimals only at the end, as the regulation's guidance asks: floating
 * point or a weight rounded to 0.111 moves results across the half-cent (25.625 → 25.62).
 */
export interface IkmElement {
  code: string;
  name: string;
}
export interface IkmGrade {
  grade: 'A' | 'B' | 'C' | 'D';
  label: string;
  /** Lowest IKM of the grade, in hundredths (8831 for 88.31). */
  minHundredths: number;
}
export interface IkmReference {
  elements: IkmElement[];
  scale: { value: number; label: string }[];
  grades: IkmGrade[];
}

interface IkmFile {
  elements: { code: string; name: string }[];
  answer_scale: { value: number; label: string }[];
  weight_per_element: string;
  grades: { grade: string; label: string; ikm_min: number }[];
}

export function loadIkmReference(file = path.join(REFERENCE_DIR, 'ikm-permenpanrb-14-2017.json')): IkmReference {
  const data = JSON.parse(fs.readFileSync(file, 'utf8')) as IkmFile;
  if (data.elements.length !== 9) throw new Error(`${file}: expected 9 elements, found ${data.elements.length}`);
  if (data.weight_per_element !== '1/9') throw new Error(`${file}: expected the weight 1/9, found ${data.weight_per_element}`);
  const values = data.answer_scale.map((s) => s.value).join(',');
  if (values !== '1,2,3,4') throw new Error(`${file}: expected answers 1-4, found ${values}`);
  const grades = data.grades
    .map((g) => {
      if (!['A', 'B', 'C', 'D'].includes(g.grade)) throw new Error(`${file}: unknown grade ${g.grade}`);
      return { grade: g.grade as IkmGrade['grade'], label: g.label, minHundredths: Math.round(g.ikm_min * 100) };
    })
    .sort((a, b) => b.minHundredths - a.minHundredths);
  return { elements: data.elements.map((e) => ({ code: e.code, name: e.name })), scale: data.answer_scale, grades };
}

export const IKM = loadIkmReference();
export const ELEMENT_CODES = IKM.elements.map((e) => e.code);

/** Totals of a set of answers: how many respondents, and the sum of answers per element (U1-U9). */
export interface IkmTotals {
  respondents: number;
  sums: readonly number[];
}

export interface IkmResult {
  respondents: number;
  /** IKM rounded half-up to two decimals (25-100). */
  ikm: number;
  /** The same as text with two decimals, e.g. "81.25". */
  ikmText: string;
  /** NRR tertimbang rounded half-up to four decimals (1-4). */
  nrr: number;
  grade: IkmGrade['grade'];
  gradeLabel: string;
  /** Per element: NRR_u (three decimals) and its IKM-scale value NRR_u · 25 (two decimals). */
  elements: { code: string; name: string; nrr: number; ikm: number }[];
}

/** num/den rounded half-up to `decimals` places, for non-negative integers. */
function roundHalfUp(num: bigint, den: bigint, decimals: number): number {
  const scale = 10n ** BigInt(decimals);
  const scaled = (2n * num * scale + den) / (2n * den);
  return Number(scaled) / Number(scale);
}

/** Which grade a rounded IKM falls in: the highest grade whose lower bound it reaches (the file's rule). */
export function gradeOf(ikmHundredths: number): IkmGrade {
  return IKM.grades.find((g) => ikmHundredths >= g.minHundredths) ?? IKM.grades[IKM.grades.length - 1]!;
}

/** The index from totals; null when nobody answered. Throws on totals no set of 1-4 answers can give. */
export function computeIkm(totals: IkmTotals): IkmResult | null {
  const n = totals.respondents;
  if (!Number.isInteger(n) || n < 0) throw new Error('respondents must be a whole number');
  if (totals.sums.length !== ELEMENT_CODES.length) throw new Error(`expected ${ELEMENT_CODES.length} element sums`);
  if (n === 0) return null;
  for (const s of totals.sums) {
    if (!Number.isInteger(s) || s < n || s > 4 * n) throw new Error('an element sum is outside what 1-4 answers allow');
  }
  const N = BigInt(n);
  const S = totals.sums.reduce((a, s) => a + BigInt(s), 0n);
  // IKM = 25·S / (9·n); hundredths = 2500·S / (9·n).
  const hundredthsScaled = (2n * 2500n * S + 9n * N) / (2n * 9n * N);
  const ikmHundredths = Number(hundredthsScaled);
  const grade = gradeOf(ikmHundredths);
  return {
    respondents: n,
    ikm: ikmHundredths / 100,
    ikmText: `${Math.floor(ikmHundredths / 100)}.${String(ikmHundredths % 100).padStart(2, '0')}`,
    nrr: roundHalfUp(S, 9n * N, 4),
    grade: grade.grade,
    gradeLabel: grade.label,
    elements: IKM.elements.map((e, i) => ({
      code: e.code,
      name: e.name,
      nrr: roundHalfUp(BigInt(totals.sums[i]!), N, 3),
      ikm: roundHalfUp(25n * BigInt(totals.sums[i]!), N, 2),
    })),
  };
}

/** Totals of individual answer sheets (nine answers each), e.g. for tests and small samples. */
export function totalsOf(sheets: readonly (readonly number[])[]): IkmTotals {
  const sums = ELEMENT_CODES.map(() => 0);
  for (const sheet of sheets) {
    if (sheet.length !== ELEMENT_CODES.length) throw new Error(`a sheet needs ${ELEMENT_CODES.length} answers`);
    sheet.forEach((v, i) => {
      if (!Number.isInteger(v) || v < 1 || v > 4) throw new Error('answers are 1-4');
      sums[i] = sums[i]! + v;
    });
  }
  return { respondents: sheets.length, sums };
}
