import { translate, type MessageKey, type MessageParams } from '../../../platform/i18n/index.ts';
import { APP_CATEGORIES, HOSTINGS, LIFECYCLES, type AppCategory, type Hosting, type Lifecycle } from '../db.ts';
import { checkAppInputWith, type AppCodesInput, type AppInput } from '../use-cases/app-input.ts';
import { APP_COLUMNS, CODE_COLUMNS, FIELD_COLUMN, REQUIRED_COLUMNS, cleanCell, normaliseHeader, splitList, type AppColumn } from './columns.ts';
import type { TableRow } from './table.ts';
import '../messages.ts';
import './messages.ts';

/**
 * Row checks of an application import, without the database: the caller looks up agencies, codes
 * and existing apps in bulk and passes them in, so 30,000 rows cost a few queries, not 90,000.
 */

export interface Problem {
  row: number;
  column: AppColumn | string | null;
  key: MessageKey;
  params?: MessageParams;
}

type Codes = Required<{ [K in keyof AppCodesInput]: string[] }>;

/** An app as stored, in the shape the import compares rows with. */
export interface ExistingApp {
  id: string;
  key: string;
  name: string;
  acronym: string | null;
  description: string | null;
  opd_id: string | null;
  category: AppCategory;
  hosting: Hosting | null;
  url: string | null;
  technology: string | null;
  users: string | null;
  yearly_cost: string | number | null;
  legal_basis: string | null;
  lifecycle: Lifecycle;
  merged_into_id: string | null;
  replaced_by: string | null;
  version: number;
  codes: Codes;
}

/** The state a row asks for. */
export interface AppState {
  id: string;
  key: string;
  name: string;
  acronym: string | null;
  description: string | null;
  opd_id: string | null;
  category: AppCategory;
  hosting: Hosting | null;
  url: string | null;
  technology: string | null;
  users: string | null;
  yearly_cost: number | null;
  legal_basis: string | null;
  lifecycle: Lifecycle;
  merged_into_id: string | null;
  replaced_by: string | null;
  codes: Codes;
}

export interface RowPlan {
  row: number;
  action: 'create' | 'update' | 'unchanged';
  next: AppState;
  current?: ExistingApp;
  /** The file row of a new app this one is merged into (it must be written first). */
  mergedIntoRow?: number;
}

export interface Agency {
  id: string;
  code: string;
  name: string;
  abbreviation: string | null;
  active: boolean;
}

/** Finds an agency by code, name or abbreviation, ignoring case. */
export class AgencyIndex {
  private readonly byCode = new Map<string, Agency>();
  private readonly byName = new Map<string, Agency[]>();
  readonly byId = new Map<string, Agency>();

  constructor(agencies: Agency[]) {
    const add = (text: string | null, a: Agency) => {
      if (!text) return;
      const k = text.trim().toLowerCase();
      const list = this.byName.get(k) ?? [];
      if (!list.includes(a)) list.push(a);
      this.byName.set(k, list);
    };
    for (const a of agencies) {
      this.byId.set(a.id, a);
      this.byCode.set(a.code.toLowerCase(), a);
      add(a.name, a);
      add(a.abbreviation, a);
    }
  }

  resolve(text: string): Agency | 'ambiguous' | undefined {
    const k = text.trim().toLowerCase();
    const byCode = this.byCode.get(k);
    if (byCode) return byCode;
    const matches = this.byName.get(k) ?? [];
    // A merged agency keeps its name; the active one is meant.
    const active = matches.filter((m) => m.active);
    if (active.length === 1) return active[0];
    if (matches.length === 1) return matches[0];
    return matches.length ? 'ambiguous' : undefined;
  }
}

/** A value of an enum, given as its code or its label in either language (`Aktif`, `SaaS`). */
class EnumReader<T extends string> {
  private readonly index = new Map<string, T>();
  constructor(
    readonly values: readonly T[],
    labelKey: (v: T) => string,
  ) {
    for (const v of values) {
      this.index.set(v, v);
      for (const locale of ['id', 'en'] as const) this.index.set(translate(locale, labelKey(v) as MessageKey).trim().toLowerCase(), v);
    }
  }
  read(text: string): T | undefined {
    const k = text.trim().toLowerCase();
    return this.index.get(k) ?? this.index.get(k.replace(/[\s-]+/g, '_'));
  }
}

const categories = new EnumReader(APP_CATEGORIES, (v) => `katalog.category.${v}`);
const hostings = new EnumReader(HOSTINGS, (v) => `katalog.hosting.${v}`);
const lifecycles = new EnumReader(LIFECYCLES, (v) => `katalog.lifecycle.${v}`);

const KEY_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;
const MAX: Partial<Record<AppColumn, number>> = { name: 300, acronym: 60, description: 5000, technology: 300, users: 300, legal_basis: 500, replaced_by: 200, url: 500 };

/** The header row: known columns by position, or the problems that stop the whole file. */
export function readHeader(header: TableRow): { columns: (AppColumn | null)[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const columns = header.cells.map((cell) => {
    const name = normaliseHeader(cell);
    if (name === '') return null;
    if (!(APP_COLUMNS as readonly string[]).includes(name)) {
      problems.push({ row: header.row, column: cell.trim(), key: 'katalog.transfer.p.unknown_column', params: { column: cell.trim() } });
      return null;
    }
    if (seen.has(name)) problems.push({ row: header.row, column: name, key: 'katalog.transfer.p.duplicate_column', params: { column: name } });
    seen.add(name);
    return name as AppColumn;
  });
  for (const required of REQUIRED_COLUMNS) {
    if (!seen.has(required)) problems.push({ row: header.row, column: required, key: 'katalog.transfer.p.missing_column', params: { column: required } });
  }
  return { columns, problems };
}

/** One data row as column → cleaned text; a column missing from the file is absent from the record. */
export type RowRecord = { row: number } & Partial<Record<AppColumn, string>>;

export function toRecord(row: TableRow, columns: (AppColumn | null)[]): RowRecord {
  const record: RowRecord = { row: row.row };
  columns.forEach((column, i) => {
    if (column) record[column] = cleanCell(row.cells[i]);
  });
  return record;
}

/** A key as the import matches it; the empty string when there is none. */
export const rowKey = (r: RowRecord) => (r.key ?? '').toLowerCase();

export interface ValidationContext {
  agencies: AgencyIndex;
  codeKinds: ReadonlyMap<string, string>;
  /** Stored apps whose key appears in the file (as a key or a merge target). */
  existing: ReadonlyMap<string, ExistingApp>;
  /** The first row of each key in the file, and the id a new app on that row will get. */
  fileKeys: ReadonlyMap<string, { row: number; id: string }>;
  /** May the importer record an app under this agency (null: without an owner)? */
  mayOwn(opdId: string | null): boolean;
  /** May the importer change this stored app? */
  mayChange(app: ExistingApp): boolean;
}

function parseCost(text: string): number | undefined {
  let t = text.replace(/^rp\.?\s*/i, '').replace(/\s/g, '');
  if (/^\d{1,3}([.,]\d{3})+$/.test(t)) t = t.replace(/[.,]/g, '');
  else if (/^\d+[.,]0+$/.test(t)) t = t.replace(/[.,]0+$/, '');
  if (!/^\d+$/.test(t)) return undefined;
  const n = Number(t);
  return n <= 1e15 ? n : undefined;
}

function isWebUrl(text: string): boolean {
  if (!/^https?:\/\/\S+$/i.test(text)) return false;
  try {
    return !!new URL(text).hostname;
  } catch {
    return false;
  }
}

const sortCodes = (c: Codes): Codes => ({ raa: [...c.raa].sort(), rab: [...c.rab].sort(), ral: [...c.ral].sort(), radRead: [...c.radRead].sort(), radWrite: [...c.radWrite].sort() });
const emptyCodes = (): Codes => ({ raa: [], rab: [], ral: [], radRead: [], radWrite: [] });

/** Checks one row and works out what it would do; `plan` is absent when the row has problems. */
export function validateRow(r: RowRecord, ctx: ValidationContext, newId: string): { plan?: RowPlan; problems: Problem[] } {
  const problems: Problem[] = [];
  const add = (column: AppColumn | null, key: MessageKey, params?: MessageParams) => problems.push({ row: r.row, column, key, ...(params ? { params } : {}) });

  const key = rowKey(r);
  if (!key) add('key', 'katalog.transfer.p.required');
  else if (key.length < 2 || key.length > 80 || !KEY_PATTERN.test(key)) add('key', 'katalog.transfer.p.key_format');
  else {
    const first = ctx.fileKeys.get(key);
    if (first && first.row !== r.row) add('key', 'katalog.transfer.p.key_duplicate', { key, row: first.row });
  }
  if (problems.length) return { problems };
  const current = ctx.existing.get(key);
  // Another agency's app: say only that the key is not theirs, and check nothing else about it.
  if (current && !ctx.mayChange(current)) {
    add('key', 'katalog.transfer.p.key_not_yours');
    return { problems };
  }

  const text = (column: AppColumn): string | null | undefined => {
    const v = r[column];
    if (v === undefined) return undefined;
    if (v === '') return null;
    const max = MAX[column];
    if (max && v.length > max) add(column, 'katalog.transfer.p.too_long', { max });
    return v;
  };
  // A column left out of the file keeps what is stored; an empty cell clears it.
  const keep = <T>(value: T | undefined, stored: T, fallback: T): T => (value !== undefined ? value : current ? stored : fallback);

  // Required fields (name, category, lifecycle) left empty keep what is stored.
  const name = r.name ? (text('name') ?? undefined) : undefined;
  if (!name && !current) add('name', 'katalog.transfer.p.required');
  if (name && name.length < 2) add('name', 'katalog.transfer.p.too_short', { min: 2 });

  const enumValue = <T extends string>(column: AppColumn, reader: EnumReader<T>): T | null | undefined => {
    const v = r[column];
    if (v === undefined || v === '') return v === '' ? null : undefined;
    const value = reader.read(v);
    if (!value) add(column, 'katalog.transfer.p.bad_value', { value: v, allowed: reader.values.join(', ') });
    return value;
  };
  const category = enumValue('category', categories);
  if (!category && !current && problems.every((p) => p.column !== 'category')) add('category', 'katalog.transfer.p.required');
  const hosting = enumValue('hosting', hostings);
  const lifecycle = enumValue('lifecycle', lifecycles);

  let opdId: string | null | undefined;
  if (r.agency !== undefined) {
    if (r.agency === '') opdId = null;
    else {
      const agency = ctx.agencies.resolve(r.agency);
      if (agency === 'ambiguous') add('agency', 'katalog.transfer.p.ambiguous_agency', { value: r.agency });
      else if (!agency) add('agency', 'katalog.transfer.p.unknown_agency', { value: r.agency });
      else opdId = agency.id;
    }
  }

  let url = text('url');
  if (url && !isWebUrl(url)) {
    add('url', 'katalog.transfer.p.bad_url');
    url = undefined;
  }
  let yearlyCost: number | null | undefined;
  if (r.yearly_cost !== undefined) {
    if (r.yearly_cost === '') yearlyCost = null;
    else {
      yearlyCost = parseCost(r.yearly_cost);
      if (yearlyCost === undefined) add('yearly_cost', 'katalog.transfer.p.bad_number');
    }
  }

  const codes: AppCodesInput = {};
  for (const [column, field] of CODE_COLUMNS) {
    const v = r[column];
    if (v !== undefined) codes[field] = [...new Set(splitList(v).flatMap((c) => c.split(/\s+/)).filter(Boolean).map((c) => c.toUpperCase()))];
  }

  let mergedIntoId: string | null | undefined;
  let mergedIntoRow: number | undefined;
  if (r.merged_into !== undefined) {
    const target = r.merged_into.toLowerCase();
    if (!target) mergedIntoId = null;
    else {
      const stored = ctx.existing.get(target);
      const inFile = ctx.fileKeys.get(target);
      if (stored) mergedIntoId = stored.id;
      else if (inFile) {
        mergedIntoId = inFile.id;
        mergedIntoRow = inFile.row;
      } else mergedIntoId = `unknown:${target}`; // reported by the app checks when it matters
    }
  }
  const replacedBy = text('replaced_by');
  const acronym = text('acronym');
  const description = text('description');
  const technology = text('technology');
  const users = text('users');
  const legalBasis = text('legal_basis');

  const id = current?.id ?? newId;
  const nextLifecycle: Lifecycle = lifecycle ?? current?.lifecycle ?? 'aktif';
  const next: AppState = {
    id,
    key,
    name: name ?? current?.name ?? '',
    acronym: keep(acronym, current?.acronym ?? null, null),
    description: keep(description, current?.description ?? null, null),
    opd_id: keep(opdId, current?.opd_id ?? null, null),
    category: (category ?? current?.category)!,
    hosting: keep(hosting, current?.hosting ?? null, null),
    url: keep(url, current?.url ?? null, null),
    technology: keep(technology, current?.technology ?? null, null),
    users: keep(users, current?.users ?? null, null),
    yearly_cost: keep(yearlyCost, current?.yearly_cost === null || current?.yearly_cost === undefined ? null : Number(current.yearly_cost), null),
    legal_basis: keep(legalBasis, current?.legal_basis ?? null, null),
    lifecycle: nextLifecycle,
    merged_into_id: keep(mergedIntoId, current?.merged_into_id ?? null, null),
    replaced_by: keep(replacedBy, current?.replaced_by ?? null, null),
    codes: sortCodes({ ...(current?.codes ?? emptyCodes()), ...(codes as Partial<Codes>) }),
  };

  // The same rules as the app form, over the looked-up facts.
  const input: AppInput = { opdId: opdId ?? undefined, codes, lifecycle: next.lifecycle, mergedIntoId: next.merged_into_id, replacedBy: next.replaced_by };
  const checks = checkAppInputWith(
    input,
    { opd: (opd) => ctx.agencies.byId.get(opd), codeKinds: ctx.codeKinds, appExists: (appId) => !appId.startsWith('unknown:') },
    id,
  );
  for (const e of checks) add(FIELD_COLUMN[e.field] ?? null, e.messageKey, e.params);

  // Who may own it: an agency admin files apps only under their own agency.
  const opdChanges = !current || next.opd_id !== current.opd_id;
  if (opdChanges && !problems.some((p) => p.column === 'agency') && !ctx.mayOwn(next.opd_id)) {
    add('agency', next.opd_id ? 'katalog.transfer.p.not_your_agency' : 'katalog.transfer.p.owner_required');
  }
  if (problems.length) return { problems };

  // Pointers to a successor only make sense in the states that have one.
  if (next.lifecycle !== 'digabung') next.merged_into_id = null;
  if (next.lifecycle !== 'diganti_aplikasi_umum') next.replaced_by = null;
  const action = !current ? 'create' : sameState(current, next) ? 'unchanged' : 'update';
  const dependsOnRow = mergedIntoRow !== undefined && next.merged_into_id === mergedIntoId;
  return { plan: { row: r.row, action, next, current, ...(dependsOnRow ? { mergedIntoRow } : {}) }, problems };
}

const SCALARS = ['name', 'acronym', 'description', 'opd_id', 'category', 'hosting', 'url', 'technology', 'users', 'yearly_cost', 'legal_basis', 'lifecycle', 'merged_into_id', 'replaced_by'] as const;
/** Audit field names, as the app form's history uses them. */
export const AUDIT_FIELD: Record<(typeof SCALARS)[number], string> = {
  name: 'name',
  acronym: 'acronym',
  description: 'description',
  opd_id: 'opdId',
  category: 'category',
  hosting: 'hosting',
  url: 'url',
  technology: 'technology',
  users: 'users',
  yearly_cost: 'yearlyCost',
  legal_basis: 'legalBasis',
  lifecycle: 'lifecycle',
  merged_into_id: 'mergedIntoId',
  replaced_by: 'replacedBy',
};

const codesText = (c: Codes) => JSON.stringify([c.raa, c.rab, c.ral, c.radRead, c.radWrite].map((l) => [...l].sort()));

function sameState(current: ExistingApp, next: AppState): boolean {
  return SCALARS.every((f) => String(current[f] ?? '') === String(next[f] ?? '')) && codesText(current.codes) === codesText(next.codes);
}

/** What changed, in the audit log's words: `{ before, after }` of the changed fields only. */
export function changes(current: ExistingApp, next: AppState): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const f of SCALARS) {
    if (String(current[f] ?? '') !== String(next[f] ?? '')) {
      before[AUDIT_FIELD[f]] = current[f];
      after[AUDIT_FIELD[f]] = next[f];
    }
  }
  if (codesText(current.codes) !== codesText(next.codes)) {
    before.codes = current.codes;
    after.codes = next.codes;
  }
  return { before, after };
}

/**
 * Rows merged into a new app of the same file depend on that row: when it fails, they fail too,
 * and a chain that loops back fails whole. Returns the extra problems and drops those plans.
 */
export function checkMergeChains(plans: Map<number, RowPlan>): Problem[] {
  const problems: Problem[] = [];
  let changed = true;
  while (changed) {
    changed = false;
    for (const [row, plan] of plans) {
      if (plan.mergedIntoRow !== undefined && !plans.has(plan.mergedIntoRow)) {
        problems.push({ row, column: 'merged_into', key: 'katalog.transfer.p.merged_into_row_invalid', params: { row: plan.mergedIntoRow } });
        plans.delete(row);
        changed = true;
      }
    }
  }
  for (const [row, plan] of plans) {
    const seen = new Set<number>([row]);
    for (let at = plan.mergedIntoRow; at !== undefined; at = plans.get(at)?.mergedIntoRow) {
      if (seen.has(at)) {
        if (at === row) problems.push({ row, column: 'merged_into', key: 'katalog.transfer.p.merged_into_cycle' });
        break;
      }
      seen.add(at);
    }
  }
  const cyclic = new Set(problems.filter((p) => p.key === 'katalog.transfer.p.merged_into_cycle').map((p) => p.row));
  for (const row of cyclic) plans.delete(row);
  return problems;
}

/** How deep a new app sits in a chain of merges into other new apps (targets are written first). */
export function mergeDepth(plans: Map<number, RowPlan>, plan: RowPlan): number {
  let depth = 0;
  for (let at = plan.mergedIntoRow; at !== undefined && depth <= plans.size; at = plans.get(at)?.mergedIntoRow) depth++;
  return depth;
}
