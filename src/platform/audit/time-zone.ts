/**
 * Calendar dates and instants in a named time zone (Asia/Jakarta by default). Audit filters are
 * typed as local dates, while rows are stored as instants; Intl knows the zone rules, so no
 * database time-zone data is needed (PGlite and PostgreSQL agree by construction).
 */

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormatters.set(timeZone, f);
  }
  return f;
}

/** How far the zone's wall clock is ahead of UTC at `instant`, in milliseconds. */
function offsetMs(instant: number, timeZone: string): number {
  const p = Object.fromEntries(partsFormatter(timeZone).formatToParts(new Date(instant)).map((x) => [x.type, x.value]));
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return wall - Math.floor(instant / 1000) * 1000;
}

function parseDate(date: string): [number, number, number] {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return [y, m, d];
}

/** The instant a local calendar day (`YYYY-MM-DD`) begins in `timeZone`. */
export function startOfDay(date: string, timeZone: string): Date {
  const [y, m, d] = parseDate(date);
  const wall = Date.UTC(y, m - 1, d);
  let instant = wall - offsetMs(wall, timeZone);
  // Across a daylight-saving change the offset at the result can differ from the first guess.
  const corrected = wall - offsetMs(instant, timeZone);
  if (corrected !== instant) instant = corrected;
  return new Date(instant);
}

/** The instant the local day after `date` begins: the exclusive end of an inclusive "to" date. */
export function startOfNextDay(date: string, timeZone: string): Date {
  const [y, m, d] = parseDate(date);
  const next = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  return startOfDay(next, timeZone);
}

/** `2026-03-02T09:00:00+07:00`: the local wall time with its offset, unambiguous and readable. */
export function localIsoString(at: Date, timeZone: string): string {
  const offset = offsetMs(at.getTime(), timeZone);
  const local = new Date(Math.floor(at.getTime() / 1000) * 1000 + offset).toISOString().slice(0, 19);
  const minutes = Math.abs(offset) / 60_000;
  const sign = offset < 0 ? '-' : '+';
  return `${local}${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** The local calendar date (`YYYY-MM-DD`) of an instant. */
export function localDate(at: Date, timeZone: string): string {
  return localIsoString(at, timeZone).slice(0, 10);
}
