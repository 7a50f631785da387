import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REFERENCE_DIR } from '../../../platform/reference/load-reference-data.ts';
import { describeProblem, InstrumentFormatError, parseInstrument, type Instrument } from './instrument.ts';
import { readInstrumentFile } from './load.ts';
import { formatHundredths, scoreLevels } from './score.ts';

/**
 * The SPBE index, computed exactly, against hand-computed vectors; and the instrument loader,
 * which accepts any instrument in the format and refuses malformed ones with every problem.
 */
const file59 = path.join(REFERENCE_DIR, 'spbe-instrument-permenpanrb-59-2020.json');
const file26 = path.join(REFERENCE_DIR, 'spbe-instrument-permenpanrb-8-2026.json');
const raw59 = () => JSON.parse(fs.readFileSync(file59, 'utf8')) as Record<string, any>;
const i59: Instrument = readInstrumentFile(file59).instrument;
const i26: Instrument = readInstrumentFile(file26).instrument;

const all = (instrument: Instrument, level: number) => new Map(instrument.indicators.map((i) => [i.number, level]));
const fraction = (f: { num: number; den: number } | null) => (f ? `${f.num}/${f.den}` : null);

/**
 * The mixed vector, by aspect (PermenPANRB 59/2020):
 *   A1 (1-10, w 1.3):   all 3                       → 3.00
 *   A2 (11-14, w 2.5):  2, 3, 4, 5                  → 14/4 = 3.50
 *   A3 (15-18, w 2.5):  all 1                       → 1.00
 *   A4 (19-20, w 2.5):  4, 5                        → 4.50
 *   A5 (21-28, w 1.5):  all 2                       → 2.00
 *   A6 (29-31, w 1.5):  3, 3, 4                     → 10/3 = 3.33
 *   A7 (32-41, w 2.75): 1, 2, 3, 4, 5, 1, 2, 3, 4, 5 → 3.00
 *   A8 (42-47, w 3.0):  4, 4, 4, 2, 2, 2            → 3.00
 * Domains: D1 = A1 = 3.00; D2 = (10×3.5 + 10×1 + 5×4.5) / 25 = 67.5/25 = 2.70;
 * D3 = (12×2 + 4.5×10/3) / 16.5 = 39/16.5 = 26/11 = 2.3636… → 2.36; D4 = (27.5×3 + 18×3) / 45.5 = 3.00.
 * Overall = (13×3 + 67.5 + 39 + 45.5×3) / 100 = 282/100 = 2.82 → "Baik" (2.6 ≤ x < 3.5).
 */
const MIXED: Record<number, number> = {};
const set = (from: number, levels: number[]) => levels.forEach((l, i) => (MIXED[from + i] = l));
set(1, Array(10).fill(3));
set(11, [2, 3, 4, 5]);
set(15, [1, 1, 1, 1]);
set(19, [4, 5]);
set(21, Array(8).fill(2));
set(29, [3, 3, 4]);
set(32, [1, 2, 3, 4, 5, 1, 2, 3, 4, 5]);
set(42, [4, 4, 4, 2, 2, 2]);

describe('SPBE index computation (exact)', () => {
  test('the reference instruments load: 59/2020 with 4 domains, 8 aspects, 47 indicators; 2026 with 7 aspects, 20 indicators', () => {
    assert.equal(i59.id, 'PermenPANRB-59-2020');
    assert.deepEqual([i59.domains.length, i59.aspects.length, i59.indicators.length], [4, 8, 47]);
    assert.equal(i59.totalWeight, 10000);
    assert.equal(i59.indicators.find((i) => i.number === 32)!.weight, 275);
    assert.deepEqual(i59.bands.map((b) => [b.label, b.min, b.max]), [['Kurang', 0, 180], ['Cukup', 180, 260], ['Baik', 260, 350], ['Sangat Baik', 350, 420], ['Memuaskan', 420, 500]]);
    assert.equal(i26.id, 'PermenPANRB-8-2026');
    assert.equal(i26.confirmed, false);
    assert.deepEqual([i26.domains.length, i26.aspects.length, i26.indicators.length], [0, 7, 20]);
  });

  test('all 1s → 1.00 "Kurang"; all 5s → 5.00 "Memuaskan"', () => {
    const ones = scoreLevels(i59, all(i59, 1));
    assert.equal(formatHundredths(ones.value!), '1.00');
    assert.equal(fraction(ones.exact), '1/1');
    assert.equal(ones.predicate?.label, 'Kurang');
    assert.ok(ones.complete);
    assert.ok(ones.domains.every((d) => d.value === 100) && ones.aspects.every((a) => a.value === 100));
    const fives = scoreLevels(i59, all(i59, 5));
    assert.equal(formatHundredths(fives.value!), '5.00');
    assert.equal(fives.predicate?.label, 'Memuaskan');
    assert.equal(fives.gap, null, 'no predicate above the top one');
    assert.deepEqual(fives.raisers, []);
  });

  test('a mixed vector: every domain, aspect and the overall figure as computed by hand', () => {
    const s = scoreLevels(i59, new Map(Object.entries(MIXED).map(([k, v]) => [Number(k), v])));
    assert.ok(s.complete);
    assert.deepEqual(
      s.aspects.map((a) => [a.code, formatHundredths(a.value!), fraction(a.exact)]),
      [
        ['A1', '3.00', '3/1'],
        ['A2', '3.50', '7/2'],
        ['A3', '1.00', '1/1'],
        ['A4', '4.50', '9/2'],
        ['A5', '2.00', '2/1'],
        ['A6', '3.33', '10/3'],
        ['A7', '3.00', '3/1'],
        ['A8', '3.00', '3/1'],
      ],
    );
    assert.deepEqual(
      s.domains.map((d) => [d.code, formatHundredths(d.value!), fraction(d.exact)]),
      [
        ['D1', '3.00', '3/1'],
        ['D2', '2.70', '27/10'],
        ['D3', '2.36', '26/11'],
        ['D4', '3.00', '3/1'],
      ],
    );
    assert.equal(formatHundredths(s.value!), '2.82');
    assert.equal(fraction(s.exact), '141/50');
    assert.equal(s.predicate?.label, 'Baik');
    // Gap to "Sangat Baik" (3.50): 0.68. Heaviest first: the six 3.00-weight indicators of A8 up to
    // 5 (12 steps, +0.36 → 3.18), then A7's 2.75-weight ones from the lowest number: 32 1→5, 33 2→5,
    // 34 3→5, 35 4→5 (10 steps → 3.455), 37 1→3 (2 steps → 3.51 ≥ 3.495). 24 steps in all.
    assert.equal(s.gap?.band.label, 'Sangat Baik');
    assert.equal(s.gap?.points, 68);
    assert.deepEqual(
      s.gap?.plan.map((p) => [p.number, p.from, p.to]),
      [
        [42, 4, 5],
        [43, 4, 5],
        [44, 4, 5],
        [45, 2, 5],
        [46, 2, 5],
        [47, 2, 5],
        [32, 1, 5],
        [33, 2, 5],
        [34, 3, 5],
        [35, 4, 5],
        [37, 1, 3],
      ],
    );
    assert.equal(s.gap!.plan.reduce((n, p) => n + p.to - p.from, 0), 24);
    // Raisers: by weight (what one level adds), then by levels left × weight.
    assert.deepEqual(
      s.raisers.slice(0, 12).map((r) => r.number),
      [45, 46, 47, 42, 43, 44, 32, 37, 33, 38, 34, 39],
    );
    const r32 = s.raisers.find((r) => r.number === 32)!;
    assert.deepEqual([r32.weight, r32.available, r32.potential], [275, 4, 1100]);
    assert.ok(!s.raisers.some((r) => r.number === 36 || r.number === 41), 'indicators at level 5 cannot raise it');
  });

  test('the predicate is read from the published (rounded) figure: 3.4975 is published 3.50 "Sangat Baik"', () => {
    const levels = all(i59, 3);
    for (const n of [42, 43, 44, 45, 46, 47, 32, 11, 12, 13, 14, 15, 16, 17, 18, 21, 22, 23, 24, 25, 26]) levels.set(n, 4);
    const s = scoreLevels(i59, levels);
    assert.equal(fraction(s.exact), '1399/400'); // 3.4975 exactly
    assert.equal(s.value, 350);
    assert.equal(s.predicate?.label, 'Sangat Baik');
  });

  test('unrated indicators make the figures provisional (weighted mean of what is rated), with no gap', () => {
    const s = scoreLevels(i59, new Map([[1, 4], [11, 2]]));
    assert.equal(s.complete, false);
    assert.equal(s.rated, 2);
    // (4 × 1.3 + 2 × 2.5) / 3.8 = 10.2 / 3.8 = 51/19 = 2.684… → 2.68
    assert.equal(fraction(s.exact), '51/19');
    assert.equal(s.value, 268);
    assert.equal(s.gap, null);
    assert.equal(s.aspects.find((a) => a.code === 'A3')!.value, null);
    assert.throws(() => scoreLevels(i59, new Map([[1, 6]])), RangeError);
  });

  test('the 2026 instrument scores without domains: all 3s → 3.00 "Baik", all 4s → 4.00 "Memuaskan"', () => {
    const s = scoreLevels(i26, all(i26, 3));
    assert.equal(s.value, 300);
    assert.equal(s.predicate?.label, 'Baik');
    assert.deepEqual(s.domains, []);
    assert.equal(scoreLevels(i26, all(i26, 4)).predicate?.label, 'Memuaskan');
    assert.equal(scoreLevels(i26, all(i26, 1)).predicate?.label, 'Kurang');
  });
});

describe('instrument files', () => {
  const problems = (json: unknown) => {
    try {
      parseInstrument(json, 'test.json');
    } catch (error) {
      assert.ok(error instanceof InstrumentFormatError);
      return error.problems.map((p) => p.code);
    }
    assert.fail('expected the instrument to be refused');
  };

  test('a later instrument in the same format is accepted', () => {
    const later = {
      id: 'Contoh-2030',
      title: 'Instrumen contoh 2030',
      weights_check: { aspects: 100, indicators: 100 },
      aspects: [
        { code: 'X1', name: 'Satu', weight: 60 },
        { code: 'X2', name: 'Dua', weight: 40 },
      ],
      indicators: [
        { number: 1, name: 'Pertama', aspect: 'X1', weight: 35.5 },
        { number: 2, name: 'Kedua', aspect: 'X1', weight: 24.5 },
        { number: 3, name: 'Ketiga', aspect: 'X2', weight: 40 },
      ],
      predicate_bands: [
        { label: 'Rendah', min: 1, max_exclusive: 3 },
        { label: 'Tinggi', min: 3, max_exclusive: null, max_inclusive: 5 },
      ],
    };
    const i = parseInstrument(later);
    assert.equal(i.indicators.length, 3);
    const s = scoreLevels(i, new Map([[1, 2], [2, 4], [3, 3]]));
    // (2 × 35.5 + 4 × 24.5 + 3 × 40) / 100 = (71 + 98 + 120) / 100 = 2.89
    assert.equal(s.value, 289);
    assert.equal(s.predicate?.label, 'Rendah');
    assert.equal(s.gap?.points, 11);
  });

  test('weights must sum as the file says, and every aspect as its indicators', () => {
    const json = raw59();
    json.indicators[0].weight = 1.4;
    const codes = problems(json);
    assert.ok(codes.includes('sum_mismatch'), codes.join());
    assert.ok(codes.includes('aspect_sum'));
    const message = (() => {
      try {
        parseInstrument(json, 'rusak.json');
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    })();
    assert.match(message, /rusak\.json is not a valid SPBE instrument/);
    assert.match(message, /the weights of the indicators add up to 100\.1, but weights_check says 100/);
    assert.match(message, /aspect A1 weighs 13, but its indicators' weights add up to 13\.1/);
  });

  test('malformed files are refused with every problem', () => {
    const json = raw59();
    json.indicators[1].number = 1; // duplicate
    json.indicators[2].aspect = 'A9'; // unknown aspect
    json.indicators[3].weight = 1.305; // three decimals
    json.aspects[0].domain = 'D9';
    json.predicate_bands[1].min = 3.4; // gap between Sangat Baik (3.5) and Baik (max 3.5) — bands no longer meet
    json.id = 'bad id!';
    const codes = problems(json);
    for (const code of ['duplicate_code', 'unknown_aspect', 'weight_precision', 'unknown_domain', 'bands_gap', 'bad_id']) assert.ok(codes.includes(code as never), `${code} missing from ${codes.join()}`);
    assert.deepEqual(problems('not an object'), ['not_object']);
    assert.deepEqual(problems({ title: 'x', aspects: [], indicators: [], predicate_bands: [] }).sort(), ['empty_list', 'empty_list', 'empty_list', 'missing_field'].sort());
    assert.match(describeProblem({ code: 'bands_range', params: {} }), /without gaps/);
    const noTop = raw59();
    noTop.predicate_bands = noTop.predicate_bands.filter((b: { label: string }) => b.label !== 'Memuaskan');
    assert.ok(problems(noTop).includes('bands_range'));
  });
});
