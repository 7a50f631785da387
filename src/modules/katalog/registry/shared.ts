import Type, { type TSchema } from 'typebox';
import type { FieldError } from '../../../platform/http/errors.ts';
import { AppError } from '../../../platform/http/errors.ts';

/** Helpers the registry's record types share: dates in the province's time zone, list inputs, diffs. */

export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
export const RecordKey = Type.String({ minLength: 2, maxLength: 80, pattern: '^[a-z0-9][a-z0-9._-]*$' });
export const iso = (d: Date | string) => new Date(d).toISOString();

const dayFormatters = new Map<string, Intl.DateTimeFormat>();
/** The calendar day (`YYYY-MM-DD`) that `now` falls on in `timeZone` (Asia/Jakarta by default). */
export function localDate(now: Date, timeZone: string): string {
  let f = dayFormatters.get(timeZone);
  if (!f) dayFormatters.set(timeZone, (f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  return f.format(now);
}

function ymd(date: string): [number, number, number] {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return [y, m, d];
}
const fmtYmd = (t: number) => new Date(t).toISOString().slice(0, 10);

/** `date` plus whole years; 29 February becomes 28 February in a common year (never 1 March). */
export function addYears(date: string, years: number): string {
  const [y, m, d] = ymd(date);
  const lastDay = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
  return fmtYmd(Date.UTC(y + years, m - 1, Math.min(d, lastDay)));
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = ymd(date);
  return fmtYmd(Date.UTC(y, m - 1, d + days));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const [a, b, c] = ymd(from);
  const [x, y, z] = ymd(to);
  return Math.round((Date.UTC(x, y - 1, z) - Date.UTC(a, b - 1, c)) / 86_400_000);
}

/** A real calendar date in `YYYY-MM-DD` form (the format check alone lets 2026-02-30 through). */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const [y, m, d] = ymd(text);
  return fmtYmd(Date.UTC(y, m - 1, d)) === text;
}

/** Keys typed into a form field: separated by commas, semicolons, spaces or new lines. */
export function parseKeyList(text: unknown): string[] {
  return [...new Set(String(text ?? '').split(/[\s,;]+/).map((k) => k.trim().toLowerCase()).filter(Boolean))];
}

/** Free codes typed into a form field, one per line or separated by commas/semicolons. */
export function parseTextList(text: unknown): string[] {
  return [...new Set(String(text ?? '').split(/[\n,;]+/).map((k) => k.trim()).filter(Boolean))];
}

/** Checkbox groups arrive as one string when one box is ticked and as an array when several are. */
export function asList(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  return (Array.isArray(value) ? value : [value]).map(String).filter(Boolean);
}

/** Form bodies with checkbox groups normalised to arrays, so `parseForm` sees one shape. */
export function withLists(body: unknown, listFields: readonly string[]): Record<string, unknown> {
  const out = { ...((body ?? {}) as Record<string, unknown>) };
  for (const f of listFields) out[f] = asList(out[f]);
  return out;
}

export const textOrNull = (v: string | null | undefined): string | null => (typeof v === 'string' ? v.trim() || null : (v ?? null));

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Compares the fields a caller sent with the stored row: what to SET, and the before/after pairs
 * for the audit log. Only fields present in `input` (not undefined) count.
 */
export function diffColumns(current: Record<string, unknown>, input: Record<string, unknown>, columns: Record<string, string>) {
  const set: Record<string, unknown> = {};
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(columns)) {
    const value = input[field];
    if (value === undefined) continue;
    const next = typeof value === 'string' ? value.trim() || null : value;
    const old = current[column];
    if (!same(old, next)) {
      set[column] = next;
      before[field] = old;
      after[field] = next;
    }
  }
  return { set, before, after, changed: Object.keys(set).length > 0 };
}

/** Sorted copies compare equal regardless of the order the caller listed things in. */
export const sameSet = (a: readonly string[], b: readonly string[]) => same([...a].sort(), [...b].sort());

/**
 * Use-case errors name nested API fields (`standard.SD1`, `links.apps`); the forms' inputs are
 * flat. Renames the fields and rethrows, for the form to show beside the right input.
 */
export function flattenFieldErrors(error: unknown, rename: (field: string) => string): never {
  if (error instanceof AppError && error.fields.length) {
    throw new AppError(error.code, error.messageKey, { ...error.options, fields: error.fields.map((f: FieldError) => ({ ...f, field: rename(f.field) })) });
  }
  throw error;
}
