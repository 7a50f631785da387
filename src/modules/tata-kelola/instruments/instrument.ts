/**
 * SPBE evaluation instruments as data. An instrument file (reference/spbe-instrument-*.json)
 * names its domains (optional), aspects, indicators with weights in percent, level scales and
 * predicate bands. `parseInstrument` checks a file completely and reports every problem it finds
 * as a code with parameters (rendered in the reader's language), so a province can drop in a later
 * instrument in the same format and learn exactly what is wrong with it.
 *
 * Weights are kept as integer hundredths of a percent point (1.3 → 130, 2.75 → 275), so every
 * sum and score below is exact integer arithmetic.
 */

export interface InstrumentGroup {
  code: string;
  name: string;
  /** Hundredths of a percent point. */
  weight: number;
}

export interface InstrumentAspect extends InstrumentGroup {
  /** The domain's code; null when the instrument has no domains. */
  domain: string | null;
}

export interface InstrumentIndicator {
  number: number;
  /** As the instrument writes it (`I1`), or the number. */
  code: string;
  name: string;
  aspect: string;
  weight: number;
  /** The level scale (`process`, `function`) when the instrument names one. */
  scale: string | null;
  note: string | null;
}

export interface PredicateBand {
  label: string;
  altLabel: string | null;
  /** Lower bound in hundredths of an index point (1.8 → 180), inclusive. */
  min: number;
  /** Upper bound in hundredths; `maxInclusive` for the top band (5.00). */
  max: number;
  maxInclusive: boolean;
}

export interface Instrument {
  id: string;
  title: string;
  indexName: string;
  /** False when the file says its content is not confirmed against the regulation. */
  confirmed: boolean;
  domains: InstrumentGroup[];
  aspects: InstrumentAspect[];
  indicators: InstrumentIndicator[];
  /** Level labels per scale (`process` → {1: 'Rintisan', …}); may be empty. */
  levelLabels: Record<string, Record<number, string>>;
  /** Lowest first. */
  bands: PredicateBand[];
  /** Hundredths; the indicators' weights sum to this (100 → 10000). */
  totalWeight: number;
}

export type InstrumentProblemCode =
  | 'not_object'
  | 'missing_field'
  | 'bad_id'
  | 'empty_list'
  | 'bad_weight'
  | 'weight_precision'
  | 'duplicate_code'
  | 'bad_number'
  | 'unknown_domain'
  | 'missing_domain'
  | 'unknown_aspect'
  | 'sum_mismatch'
  | 'aspect_sum'
  | 'domain_sum'
  | 'bad_band'
  | 'bands_gap'
  | 'bands_range'
  | 'unknown_scale'
  | 'bad_level';

export interface InstrumentProblem {
  code: InstrumentProblemCode;
  params: Record<string, string | number>;
}

/** A file that is not a valid instrument; `problems` lists everything wrong with it. */
export class InstrumentFormatError extends Error {
  constructor(
    readonly source: string,
    readonly problems: InstrumentProblem[],
  ) {
    super(`${source} is not a valid SPBE instrument:\n${problems.map((p) => `  - ${describeProblem(p)}`).join('\n')}`);
    this.name = 'InstrumentFormatError';
  }
}

const ENGLISH: Record<InstrumentProblemCode, string> = {
  not_object: 'the file is not a JSON object{detail}',
  missing_field: 'the field "{field}" is missing or has the wrong type',
  bad_id: 'the id "{id}" may only contain letters, digits, dots, dashes and underscores (at most 64)',
  empty_list: 'the list "{field}" is empty',
  bad_weight: '{path}: the weight must be a positive number',
  weight_precision: '{path}: the weight {weight} has more than two decimals',
  duplicate_code: '{path}: "{code}" appears more than once',
  bad_number: '{path}: the indicator number must be a positive whole number',
  unknown_domain: 'aspect {aspect} names domain "{domain}", which the file does not define',
  missing_domain: 'aspect {aspect} has no domain, but the file defines domains',
  unknown_aspect: 'indicator {indicator} names aspect "{aspect}", which the file does not define',
  sum_mismatch: 'the weights of the {list} add up to {actual}, but weights_check says {expected}',
  aspect_sum: "aspect {aspect} weighs {expected}, but its indicators' weights add up to {actual}",
  domain_sum: "domain {domain} weighs {expected}, but its aspects' weights add up to {actual}",
  bad_band: 'predicate band {index} needs a label, a min and a max_exclusive or max_inclusive between 0 and 5',
  bands_gap: 'predicate band "{label}" does not start where the band below it ends ({expected})',
  bands_range: 'the predicate bands must run without gaps from at most 1 up to 5 inclusive',
  unknown_scale: 'indicator {indicator} uses the level scale "{scale}", which the file does not define',
  bad_level: 'level scale "{scale}": levels must be 1 to 5, each once, with a label',
};

/** The problem in English (for the command line and start-up errors). */
export function describeProblem(p: InstrumentProblem): string {
  return ENGLISH[p.code].replace(/\{(\w+)\}/g, (_whole, name: string) => (name in p.params ? String(p.params[name]) : ''));
}

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** `x` as exact hundredths, or null when it has more than two decimals. */
export function toHundredths(x: number): number | null {
  const h = Math.round(x * 100);
  return Math.abs(h - x * 100) < 1e-6 ? h : null;
}

/** Hundredths back to a plain number for messages (1300 → "13", 275 → "2.75"). */
export function fromHundredths(h: number): string {
  const sign = h < 0 ? '-' : '';
  const abs = Math.abs(h);
  const whole = Math.floor(abs / 100);
  const frac = abs % 100;
  return frac === 0 ? `${sign}${whole}` : `${sign}${whole}.${String(frac).padStart(2, '0').replace(/0$/, '')}`;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

/**
 * Validates an instrument file's parsed JSON and returns the instrument, or throws an
 * `InstrumentFormatError` listing every problem. Checks: required fields; weights positive with
 * at most two decimals; unique codes and numbers; every aspect's domain and indicator's aspect
 * defined; each list's weights summing to what `weights_check` states (indicators to 100 when it
 * is absent); each aspect weighing the sum of its indicators and each domain the sum of its
 * aspects; predicate bands contiguous from ≤ 1 to 5; level scales 1-5 with labels.
 */
export function parseInstrument(json: unknown, source = 'instrument'): Instrument {
  const problems: InstrumentProblem[] = [];
  const problem = (code: InstrumentProblemCode, params: InstrumentProblem['params'] = {}) => problems.push({ code, params });
  if (!isObj(json)) throw new InstrumentFormatError(source, [{ code: 'not_object', params: { detail: '' } }]);

  const id = str(json.id);
  if (!id) problem('missing_field', { field: 'id' });
  else if (!ID_PATTERN.test(id)) problem('bad_id', { id });
  const title = str(json.title);
  if (!title) problem('missing_field', { field: 'title' });
  const indexName = str(json.index_name) ?? title ?? '';

  const weightOf = (value: unknown, path: string): number => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      problem('bad_weight', { path });
      return 0;
    }
    const h = toHundredths(value);
    if (h === null) {
      problem('weight_precision', { path, weight: value });
      return 0;
    }
    return h;
  };
  const list = (field: string, required: boolean): Obj[] => {
    const value = json[field];
    if (value === undefined && !required) return [];
    if (!Array.isArray(value)) {
      problem('missing_field', { field });
      return [];
    }
    if (required && value.length === 0) problem('empty_list', { field });
    return value.map((v, i) => {
      if (!isObj(v)) problem('missing_field', { field: `${field}[${i}]` });
      return isObj(v) ? v : {};
    });
  };

  // Domains (optional: the 2026 instrument has none).
  const domains: InstrumentGroup[] = [];
  const domainCodes = new Set<string>();
  list('domains', false).forEach((d, i) => {
    const code = str(d.code);
    const name = str(d.name);
    if (!code || !name) return problem('missing_field', { field: `domains[${i}].${code ? 'name' : 'code'}` });
    if (domainCodes.has(code)) problem('duplicate_code', { path: 'domains', code });
    domainCodes.add(code);
    domains.push({ code, name, weight: weightOf(d.weight, `domains[${i}] (${code})`) });
  });

  const aspects: InstrumentAspect[] = [];
  const aspectCodes = new Set<string>();
  list('aspects', true).forEach((a, i) => {
    const code = str(a.code);
    const name = str(a.name);
    if (!code || !name) return problem('missing_field', { field: `aspects[${i}].${code ? 'name' : 'code'}` });
    if (aspectCodes.has(code)) problem('duplicate_code', { path: 'aspects', code });
    aspectCodes.add(code);
    const domain = str(a.domain);
    if (domains.length > 0) {
      if (!domain) problem('missing_domain', { aspect: code });
      else if (!domainCodes.has(domain)) problem('unknown_domain', { aspect: code, domain });
    } else if (domain) problem('unknown_domain', { aspect: code, domain });
    aspects.push({ code, name, weight: weightOf(a.weight, `aspects[${i}] (${code})`), domain: domains.length > 0 ? domain : null });
  });

  // Level scales: `{ scale: { levels: [{ level, label }] } }`; a scale without `levels` only
  // carries a note (the 2026 file) and gives no labels.
  const levelLabels: Record<string, Record<number, string>> = {};
  const scales = json.level_scales;
  if (scales !== undefined && !isObj(scales)) problem('missing_field', { field: 'level_scales' });
  if (isObj(scales)) {
    for (const [scale, def] of Object.entries(scales)) {
      if (!isObj(def) || def.levels === undefined) continue;
      const levels = def.levels;
      const labels: Record<number, string> = {};
      const ok =
        Array.isArray(levels) &&
        levels.every((l) => {
          if (!isObj(l) || !Number.isInteger(l.level) || (l.level as number) < 1 || (l.level as number) > 5 || !str(l.label)) return false;
          if (labels[l.level as number]) return false;
          labels[l.level as number] = str(l.label)!;
          return true;
        }) &&
        Object.keys(labels).length === 5;
      if (!ok) problem('bad_level', { scale });
      else levelLabels[scale] = labels;
    }
  }

  const indicators: InstrumentIndicator[] = [];
  const numbers = new Set<number>();
  list('indicators', true).forEach((ind, i) => {
    const number = ind.number;
    if (typeof number !== 'number' || !Number.isInteger(number) || number < 1) return problem('bad_number', { path: `indicators[${i}]` });
    if (numbers.has(number)) problem('duplicate_code', { path: 'indicators', code: number });
    numbers.add(number);
    const name = str(ind.name);
    if (!name) problem('missing_field', { field: `indicators[${i}].name` });
    const aspect = str(ind.aspect);
    if (!aspect) problem('missing_field', { field: `indicators[${i}].aspect` });
    else if (!aspectCodes.has(aspect)) problem('unknown_aspect', { indicator: number, aspect });
    const scale = str(ind.scale);
    if (scale && Object.keys(levelLabels).length > 0 && !levelLabels[scale]) problem('unknown_scale', { indicator: number, scale });
    indicators.push({
      number,
      code: str(ind.code) ?? String(number),
      name: name ?? '',
      aspect: aspect ?? '',
      weight: weightOf(ind.weight, `indicators[${i}] (${number})`),
      scale,
      note: str(ind.note),
    });
  });
  indicators.sort((a, b) => a.number - b.number);

  // Sums: each list as `weights_check` says (indicators to 100 when it says nothing), each
  // aspect the sum of its indicators, each domain the sum of its aspects.
  const sum = (xs: { weight: number }[]) => xs.reduce((s, x) => s + x.weight, 0);
  const check = isObj(json.weights_check) ? json.weights_check : {};
  const expectedTotal = (key: string, fallback: number | null): number | null => {
    const v = check[key];
    if (v === undefined) return fallback;
    const h = typeof v === 'number' ? toHundredths(v) : null;
    if (h === null) problem('bad_weight', { path: `weights_check.${key}` });
    return h;
  };
  const lists: [string, { weight: number }[], number | null][] = [
    ['indicators', indicators, expectedTotal('indicators', 10000)],
    ['aspects', aspects, expectedTotal('aspects', null)],
    ['domains', domains, domains.length ? expectedTotal('domains', null) : null],
  ];
  for (const [name, items, expected] of lists) {
    if (expected !== null && items.length && sum(items) !== expected) {
      problem('sum_mismatch', { list: name, expected: fromHundredths(expected), actual: fromHundredths(sum(items)) });
    }
  }
  for (const a of aspects) {
    const actual = sum(indicators.filter((i) => i.aspect === a.code));
    if (actual !== a.weight) problem('aspect_sum', { aspect: a.code, expected: fromHundredths(a.weight), actual: fromHundredths(actual) });
  }
  for (const d of domains) {
    const actual = sum(aspects.filter((a) => a.domain === d.code));
    if (actual !== d.weight) problem('domain_sum', { domain: d.code, expected: fromHundredths(d.weight), actual: fromHundredths(actual) });
  }

  // Predicate bands, contiguous from the bottom (≤ 1.00) to 5.00 inclusive.
  const bands: PredicateBand[] = [];
  list('predicate_bands', true).forEach((b, index) => {
    const label = str(b.label);
    const min = typeof b.min === 'number' ? toHundredths(b.min) : null;
    const maxEx = typeof b.max_exclusive === 'number' ? toHundredths(b.max_exclusive) : null;
    const maxIn = typeof b.max_inclusive === 'number' ? toHundredths(b.max_inclusive) : null;
    const max = maxEx ?? maxIn;
    if (!label || min === null || max === null || min < 0 || max > 500 || max <= min) return problem('bad_band', { index: index + 1 });
    bands.push({ label, altLabel: str(b.alt_label), min, max, maxInclusive: maxEx === null });
  });
  bands.sort((a, b) => a.min - b.min);
  if (bands.length) {
    for (let i = 1; i < bands.length; i++) {
      if (bands[i]!.min !== bands[i - 1]!.max || bands[i - 1]!.maxInclusive) {
        problem('bands_gap', { label: bands[i]!.label, expected: fromHundredths(bands[i - 1]!.max) });
      }
    }
    const top = bands[bands.length - 1]!;
    if (bands[0]!.min > 100 || top.max !== 500 || !top.maxInclusive) problem('bands_range');
  }

  if (problems.length) throw new InstrumentFormatError(source, problems);
  return {
    id: id!,
    title: title!,
    indexName,
    confirmed: json.confirmed !== false,
    domains,
    aspects,
    indicators,
    levelLabels,
    bands,
    totalWeight: sum(indicators),
  };
}

/** The label of `level` for an indicator (from its scale), or null when the instrument has none. */
export function levelLabel(instrument: Instrument, indicator: InstrumentIndicator, level: number): string | null {
  const scale = indicator.scale ?? Object.keys(instrument.levelLabels)[0];
  return scale ? (instrument.levelLabels[scale]?.[level] ?? null) : null;
}
