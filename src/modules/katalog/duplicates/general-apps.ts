import fs from 'node:fs';
import path from 'node:path';
import { parseCsvRecords } from '../../../platform/text/csv.ts';

/**
 * The national general applications (Aplikasi Umum) and the 8 fields of Perpres 95/2018
 * art. 63(3) in which an agency may not build its own look-alike, read from
 * reference/aplikasi-umum-fields.csv (a copy of the project's shared domain file).
 */
export interface GeneralField {
  /** `kepegawaian`, `kearsipan`, … */
  code: string;
  name: string;
  /** Indonesian (and some English) terms that flag a possible look-alike. */
  keywords: string[];
}

export interface GeneralSystem {
  code: string;
  name: string;
  /** Field codes the system serves (SIPD serves two). */
  fields: string[];
  owner: string;
  status: string;
  keywords: string[];
}

export interface GeneralAppReference {
  fields: GeneralField[];
  systems: GeneralSystem[];
}

export const GENERAL_APPS_FILE = path.resolve(import.meta.dirname, '../../../../reference/aplikasi-umum-fields.csv');

/**
 * Reference architecture codes that name a field by themselves (national levels). Provinces
 * add their own level-3/4 codes through the `fieldCodes` option.
 */
export const DEFAULT_FIELD_CODES: Record<string, string[]> = {
  perencanaan: ['RAB.09.05', 'RAL.02.03'],
  akuntabilitas_kinerja: ['RAL.02.07'],
};

const split = (cell: string | undefined) =>
  (cell ?? '')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);

/** Parses the CSV text (columns kind, code, name, field, owner, status, lookalike_keywords). */
export function parseGeneralAppReference(csv: string): GeneralAppReference {
  const rows = parseCsvRecords(csv, ['kind', 'code', 'name', 'field', 'lookalike_keywords']);
  const fields: GeneralField[] = [];
  const systems: GeneralSystem[] = [];
  for (const r of rows) {
    if (r.kind === 'bidang') fields.push({ code: r.code!, name: r.name!, keywords: split(r.lookalike_keywords) });
    else if (r.kind === 'sistem') {
      systems.push({ code: r.code!, name: r.name!, fields: split(r.field), owner: r.owner ?? '', status: r.status ?? '', keywords: split(r.lookalike_keywords) });
    }
  }
  if (fields.length === 0) throw new Error('aplikasi-umum-fields.csv has no rows of kind "bidang"');
  return { fields, systems };
}

let cached: GeneralAppReference | undefined;

/** The reference shipped in reference/ (read once per process). */
export function loadGeneralAppReference(file = GENERAL_APPS_FILE): GeneralAppReference {
  if (file !== GENERAL_APPS_FILE) return parseGeneralAppReference(fs.readFileSync(file, 'utf8'));
  cached ??= parseGeneralAppReference(fs.readFileSync(file, 'utf8'));
  return cached;
}

/** The pseudo-key that stands for a general field in look-alike groups and their dismissals. */
export function generalFieldKey(field: string): string {
  return `aplikasi-umum:${field}`;
}
