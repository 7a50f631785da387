import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeIkm, gradeOf, IKM, totalsOf } from './ikm.ts';
import { parsePeriod } from './period.ts';

const sums = (n: number, total: number) => {
  // Spread `total` over nine elements, each between n and 4n (the index only depends on the total).
  const out = Array(9).fill(n) as number[];
  let rest = total - 9 * n;
  for (let i = 0; i < 9 && rest > 0; i++) {
    const add = Math.min(3 * n, rest);
    out[i]! += add;
    rest -= add;
  }
  return out;
};

test('the reference file: nine elements weighing 1/9, answers 1-4, grades A-D', () => {
  assert.deepEqual(IKM.elements.map((e) => e.code), ['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9']);
  assert.deepEqual(IKM.grades.map((g) => [g.grade, g.minHundredths]), [['A', 8831], ['B', 7661], ['C', 6500], ['D', 2500]]);
});

test('a hand-computed survey of four respondents: IKM 81.25, grade B', () => {
  const r = computeIkm(
    totalsOf([
      [4, 4, 3, 4, 3, 3, 4, 3, 3],
      [3, 3, 3, 3, 3, 3, 3, 3, 3],
      [4, 3, 4, 4, 4, 3, 4, 4, 3],
      [2, 3, 3, 4, 3, 3, 3, 2, 3],
    ]),
  )!;
  // NRR per element: 13/4, 13/4, 13/4, 15/4, 13/4, 12/4, 14/4, 12/4, 12/4 → Σ = 117/4; /9 = 3.25; ×25 = 81.25.
  assert.deepEqual(r.elements.map((e) => e.nrr), [3.25, 3.25, 3.25, 3.75, 3.25, 3, 3.5, 3, 3]);
  assert.deepEqual(r.elements.map((e) => e.ikm), [81.25, 81.25, 81.25, 93.75, 81.25, 75, 87.5, 75, 75]);
  assert.equal(r.nrr, 3.25);
  assert.equal(r.ikm, 81.25);
  assert.equal(r.ikmText, '81.25');
  assert.equal(r.grade, 'B');
  assert.equal(r.gradeLabel, 'Baik');
  assert.equal(r.respondents, 4);
});

test('extremes: all 4 is 100.00 (A), all 1 is 25.00 (D)', () => {
  assert.equal(computeIkm(totalsOf([[4, 4, 4, 4, 4, 4, 4, 4, 4]]))!.ikmText, '100.00');
  assert.equal(computeIkm(totalsOf([[4, 4, 4, 4, 4, 4, 4, 4, 4]]))!.grade, 'A');
  const low = computeIkm(totalsOf([[1, 1, 1, 1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1, 1, 1, 1]]))!;
  assert.equal(low.ikmText, '25.00');
  assert.equal(low.grade, 'D');
  assert.equal(computeIkm({ respondents: 0, sums: Array(9).fill(0) }), null);
});

test('rounding only at the end, exactly: floating point and a 0.111 weight both get these wrong', () => {
  // 40 respondents answering 1,161 in all: 25 × 1161 / 360 = 80.625 exactly → 80.63.
  const r = computeIkm({ respondents: 40, sums: sums(40, 1161) })!;
  assert.equal(r.ikmText, '80.63');
  const float = Math.round((1161 / 40) * (1 / 9) * 25 * 100) / 100;
  assert.equal(float, 80.62, 'what naive floating point gives');
  const weight0111 = Math.round((1161 / 40) * 0.111 * 25 * 100) / 100;
  assert.equal(weight0111, 80.54, 'what a rounded weight gives');
  // 40 respondents, 369 in all: 25.625 exactly → 25.63.
  assert.equal(computeIkm({ respondents: 40, sums: sums(40, 369) })!.ikmText, '25.63');
  // 9 respondents, 250 in all: 25 × 250 / 81 = 77.1604… → 77.16, grade B.
  const b = computeIkm({ respondents: 9, sums: sums(9, 250) })!;
  assert.deepEqual([b.ikmText, b.grade, b.nrr], ['77.16', 'B', 3.0864]);
});

test('grade boundaries follow the file: the highest grade whose lower bound the rounded index reaches', () => {
  // 5,000 respondents, 158,949 in all: exactly 88.305 → 88.31 → A (88.30 would be B).
  const edge = computeIkm({ respondents: 5000, sums: sums(5000, 158949) })!;
  assert.deepEqual([edge.ikmText, edge.grade], ['88.31', 'A']);
  assert.deepEqual([computeIkm({ respondents: 5, sums: sums(5, 117) })!.ikmText, computeIkm({ respondents: 5, sums: sums(5, 117) })!.grade], ['65.00', 'C']);
  assert.equal(gradeOf(6499).grade, 'D');
  assert.equal(gradeOf(7660).grade, 'C');
  assert.equal(gradeOf(7661).grade, 'B');
  assert.equal(gradeOf(8830).grade, 'B');
});

test('totals no set of 1-4 answers can give are refused', () => {
  assert.throws(() => computeIkm({ respondents: 2, sums: [9, 2, 2, 2, 2, 2, 2, 2, 2] }));
  assert.throws(() => computeIkm({ respondents: 2, sums: [1, 2, 2, 2, 2, 2, 2, 2, 2] }));
  assert.throws(() => totalsOf([[5, 1, 1, 1, 1, 1, 1, 1, 1]]));
});

test('periods: year, semester, quarter', () => {
  assert.deepEqual(parsePeriod('2026'), { id: '2026', from: '2026-01-01', to: '2026-12-31' });
  assert.deepEqual(parsePeriod('2026-S2'), { id: '2026-S2', from: '2026-07-01', to: '2026-12-31' });
  assert.deepEqual(parsePeriod('2024-Q1'), { id: '2024-Q1', from: '2024-01-01', to: '2024-03-31' });
  assert.equal(parsePeriod('2026-Q5'), null);
});
