/**
 * Survey periods: a year (`2026`), a semester (`2026-S1`) or a quarter (`2026-Q3`), as the first
 * and last local day. The regulation asks for a survey at least once a year; agencies often
 * report per semester or quarter too.
 */
export const PERIOD_PATTERN = '^[0-9]{4}(-S[12]|-Q[1-4])?$';

export interface Period {
  id: string;
  from: string;
  to: string;
}

const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const day = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

export function parsePeriod(id: string): Period | null {
  const m = /^(\d{4})(?:-(S[12]|Q[1-4]))?$/.exec(id);
  if (!m) return null;
  const year = Number(m[1]);
  if (year < 2000 || year > 2100) return null;
  const part = m[2];
  let first = 1;
  let last = 12;
  if (part?.startsWith('S')) {
    first = part === 'S1' ? 1 : 7;
    last = first + 5;
  } else if (part?.startsWith('Q')) {
    first = (Number(part[1]) - 1) * 3 + 1;
    last = first + 2;
  }
  return { id, from: day(year, first, 1), to: day(year, last, lastDay(year, last)) };
}

/** The year a local day falls in, as a period. */
export function yearOf(localDay: string): Period {
  return parsePeriod(localDay.slice(0, 4))!;
}
