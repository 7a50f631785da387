import type { AppCodesInput } from '../use-cases/app-input.ts';

/**
 * The columns of the application template, in the order the template and every export use, so an
 * export can be imported again unchanged. Lists inside a cell are separated by `;` (`,` works too).
 */
export const APP_COLUMNS = [
  'key',
  'name',
  'acronym',
  'description',
  'agency',
  'category',
  'raa',
  'rab',
  'ral',
  'rad_read',
  'rad_write',
  'hosting',
  'url',
  'technology',
  'users',
  'yearly_cost',
  'legal_basis',
  'lifecycle',
  'merged_into',
  'replaced_by',
] as const;
export type AppColumn = (typeof APP_COLUMNS)[number];

/** Without a key a row cannot be matched on the next import, so the column is always needed. */
export const REQUIRED_COLUMNS: readonly AppColumn[] = ['key'];

/** The architecture-code columns and the app's code lists they fill. */
export const CODE_COLUMNS = [
  ['raa', 'raa', 'RAA'],
  ['rab', 'rab', 'RAB'],
  ['ral', 'ral', 'RAL'],
  ['rad_read', 'radRead', 'RAD'],
  ['rad_write', 'radWrite', 'RAD'],
] as const satisfies readonly (readonly [AppColumn, keyof AppCodesInput, string])[];

/** Use-case field names (from `checkAppInput`) → template columns. */
export const FIELD_COLUMN: Record<string, AppColumn> = {
  opdId: 'agency',
  'codes.raa': 'raa',
  'codes.rab': 'rab',
  'codes.ral': 'ral',
  'codes.radRead': 'rad_read',
  'codes.radWrite': 'rad_write',
  mergedIntoId: 'merged_into',
  replacedBy: 'replaced_by',
};

/** `Rad Read ` → `rad_read`: headers as people retype them. */
export function normaliseHeader(text: string): string {
  return text.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/**
 * A cell as the import reads it: trimmed, and without the apostrophe that exports put before text
 * starting with = + - @ (so spreadsheets never run it as a formula).
 */
export function cleanCell(text: string | undefined): string {
  return (text ?? '').replace(/^'(?=[=+\-@\t\r])/, '').trim();
}

/** `a; b, c` → `['a', 'b', 'c']`. */
export function splitList(text: string): string[] {
  return text
    .split(/[;,]/)
    .map((s) => s.trim())
    .filter(Boolean);
}
