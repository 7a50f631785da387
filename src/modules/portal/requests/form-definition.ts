import type { FieldError } from '../../../platform/http/errors.ts';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import { checkNik, normalizeNik } from '../citizens/nik.ts';
import { normalizePhone } from '../citizens/use-cases/profile.ts';
import './messages.ts';

/**
 * A service's online form as data (portal_form.definition): fields, repeatable groups, conditions,
 * prefill from an authoritative source, and the documents to upload. Staff write it (P2's editor),
 * `parseFormDefinition` checks it strictly, `validateAnswers` checks a citizen's answers against it.
 */
export type Text = { id: string; en?: string };
export type FieldType = 'text' | 'textarea' | 'number' | 'date' | 'email' | 'phone' | 'nik' | 'select' | 'radio' | 'checkbox' | 'group';
export interface FormField {
  name: string; // ^[a-z][a-z0-9_]{0,39}$, unique within its level
  type: FieldType;
  label: Text;
  help?: Text;
  required?: boolean;
  options?: { value: string; label: Text }[]; // select, radio
  minLength?: number;
  maxLength?: number;
  pattern?: string; // text, textarea
  min?: number;
  max?: number; // number
  showIf?: { field: string; equals: string | boolean }; // shown only when an earlier field has this value
  prefill?: { element: string; field: string }; // a gerbang once-only data element code and one of its field names
  fields?: FormField[]; // type 'group': a repeatable group
  minItems?: number;
  maxItems?: number; // group
}
export interface RequiredDocument {
  code: string;
  label: Text;
  help?: Text;
  required: boolean;
  types?: ('pdf' | 'jpeg' | 'png')[];
  maxBytes?: number;
}
export interface FormDefinition {
  fields: FormField[];
  documents: RequiredDocument[];
}

export const FIELD_TYPES: readonly FieldType[] = ['text', 'textarea', 'number', 'date', 'email', 'phone', 'nik', 'select', 'radio', 'checkbox', 'group'];
export const DOCUMENT_TYPES = ['pdf', 'jpeg', 'png'] as const;
export const DOCUMENT_CONTENT_TYPES: Record<(typeof DOCUMENT_TYPES)[number], string> = { pdf: 'application/pdf', jpeg: 'image/jpeg', png: 'image/png' };
/** The largest upload a form may allow, and the default when it says nothing. */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;
export const DEFAULT_DOCUMENT_BYTES = 5 * 1024 * 1024;
export const MAX_FIELDS = 100;
export const MAX_GROUP_ITEMS = 50;
const NAME = /^[a-z][a-z0-9_]{0,39}$/;
const ELEMENT = /^[a-z0-9][a-z0-9_.-]{0,59}$/;
const ELEMENT_FIELD = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const TEXT_LIMIT = 10_000;

export interface DefinitionError {
  path: string;
  messageKey: string;
}

const FIELD_KEYS = new Set(['name', 'type', 'label', 'help', 'required', 'options', 'minLength', 'maxLength', 'pattern', 'min', 'max', 'showIf', 'prefill', 'fields', 'minItems', 'maxItems']);
const DOC_KEYS = new Set(['code', 'label', 'help', 'required', 'types', 'maxBytes']);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

function parseText(v: unknown, path: string, errors: DefinitionError[], optional = false): Text | undefined {
  if (v === undefined && optional) return undefined;
  if (!isObject(v) || typeof v.id !== 'string' || !v.id.trim() || v.id.length > 1000 || (v.en !== undefined && (typeof v.en !== 'string' || v.en.length > 1000)) || Object.keys(v).some((k) => k !== 'id' && k !== 'en')) {
    errors.push({ path, messageKey: 'portal.form_def.text' });
    return undefined;
  }
  return v.en ? { id: v.id.trim(), en: v.en.trim() } : { id: v.id.trim() };
}

/** Whether a staff-written pattern compiles and stays simple enough to run on citizens' input. */
function safePattern(p: string): boolean {
  if (p.length > 200) return false;
  // Nested quantifiers such as (a+)+ backtrack exponentially.
  if (/\([^)]*[+*}][^)]*\)[+*{]/.test(p)) return false;
  try {
    new RegExp(`^(?:${p})$`, 'u');
    return true;
  } catch {
    return false;
  }
}

function parseFields(input: unknown, path: string, depth: number, errors: DefinitionError[], counter: { n: number }, outer: FormField[]): FormField[] {
  if (!Array.isArray(input)) {
    errors.push({ path, messageKey: 'portal.form_def.fields' });
    return [];
  }
  const out: FormField[] = [];
  const seen = new Set<string>();
  input.forEach((raw, i) => {
    const at = `${path}[${i}]`;
    counter.n += 1;
    if (!isObject(raw)) {
      errors.push({ path: at, messageKey: 'portal.form_def.field' });
      return;
    }
    for (const k of Object.keys(raw)) if (!FIELD_KEYS.has(k)) errors.push({ path: `${at}.${k}`, messageKey: 'portal.form_def.unknown_key' });
    const name = raw.name;
    if (typeof name !== 'string' || !NAME.test(name)) errors.push({ path: `${at}.name`, messageKey: 'portal.form_def.name' });
    else if (seen.has(name)) errors.push({ path: `${at}.name`, messageKey: 'portal.form_def.duplicate' });
    const type = raw.type as FieldType;
    if (!FIELD_TYPES.includes(type)) errors.push({ path: `${at}.type`, messageKey: 'portal.form_def.type' });
    const field: FormField = { name: String(name), type, label: parseText(raw.label, `${at}.label`, errors) ?? { id: '' } };
    const help = parseText(raw.help, `${at}.help`, errors, true);
    if (help) field.help = help;
    if (raw.required !== undefined) {
      if (typeof raw.required !== 'boolean') errors.push({ path: `${at}.required`, messageKey: 'portal.form_def.boolean' });
      else if (raw.required) field.required = true;
    }
    const only = (keys: string[], types: FieldType[]) => {
      for (const k of keys) if (raw[k] !== undefined && !types.includes(type)) errors.push({ path: `${at}.${k}`, messageKey: 'portal.form_def.not_for_type' });
    };
    only(['options'], ['select', 'radio']);
    only(['minLength', 'maxLength', 'pattern'], ['text', 'textarea']);
    only(['min', 'max'], ['number']);
    only(['fields', 'minItems', 'maxItems'], ['group']);
    if (type === 'select' || type === 'radio') {
      const opts = raw.options;
      if (!Array.isArray(opts) || opts.length === 0 || opts.length > 200) errors.push({ path: `${at}.options`, messageKey: 'portal.form_def.options' });
      else {
        const values = new Set<string>();
        field.options = [];
        opts.forEach((o, j) => {
          if (!isObject(o) || typeof o.value !== 'string' || !o.value || o.value.length > 100 || values.has(o.value) || Object.keys(o).some((k) => k !== 'value' && k !== 'label')) {
            errors.push({ path: `${at}.options[${j}]`, messageKey: 'portal.form_def.option' });
            return;
          }
          values.add(o.value);
          field.options!.push({ value: o.value, label: parseText(o.label, `${at}.options[${j}].label`, errors) ?? { id: '' } });
        });
      }
    }
    for (const [lo, hi, check] of [
      ['minLength', 'maxLength', isCount],
      ['min', 'max', (v: unknown) => typeof v === 'number' && Number.isFinite(v)],
      ['minItems', 'maxItems', isCount],
    ] as const) {
      const a = raw[lo];
      const b = raw[hi];
      if (a !== undefined && !check(a)) errors.push({ path: `${at}.${lo}`, messageKey: 'portal.form_def.limit' });
      if (b !== undefined && !check(b)) errors.push({ path: `${at}.${hi}`, messageKey: 'portal.form_def.limit' });
      if (typeof a === 'number' && typeof b === 'number' && a > b) errors.push({ path: `${at}.${hi}`, messageKey: 'portal.form_def.limit_order' });
      if (typeof a === 'number' && check(a)) (field as unknown as Record<string, number>)[lo] = a;
      if (typeof b === 'number' && check(b)) (field as unknown as Record<string, number>)[hi] = b;
    }
    if (typeof field.maxLength === 'number' && field.maxLength > TEXT_LIMIT) errors.push({ path: `${at}.maxLength`, messageKey: 'portal.form_def.limit' });
    if (typeof field.maxItems === 'number' && field.maxItems > MAX_GROUP_ITEMS) errors.push({ path: `${at}.maxItems`, messageKey: 'portal.form_def.limit' });
    if (raw.pattern !== undefined) {
      if (typeof raw.pattern !== 'string' || !safePattern(raw.pattern)) errors.push({ path: `${at}.pattern`, messageKey: 'portal.form_def.pattern' });
      else field.pattern = raw.pattern;
    }
    if (raw.showIf !== undefined) {
      const s = raw.showIf;
      const target = isObject(s) && typeof s.field === 'string' ? (out.find((f) => f.name === s.field) ?? outer.find((f) => f.name === s.field)) : undefined;
      if (!isObject(s) || !target || (typeof s.equals !== 'string' && typeof s.equals !== 'boolean') || Object.keys(s).some((k) => k !== 'field' && k !== 'equals')) {
        errors.push({ path: `${at}.showIf`, messageKey: 'portal.form_def.show_if' });
      } else if (target.type === 'group' || (typeof s.equals === 'boolean') !== (target.type === 'checkbox') || (target.options && !target.options.some((o) => o.value === s.equals))) {
        errors.push({ path: `${at}.showIf`, messageKey: 'portal.form_def.show_if_value' });
      } else field.showIf = { field: s.field as string, equals: s.equals as string | boolean };
    }
    if (raw.prefill !== undefined) {
      const p = raw.prefill;
      if (!isObject(p) || typeof p.element !== 'string' || !ELEMENT.test(p.element) || typeof p.field !== 'string' || !ELEMENT_FIELD.test(p.field) || Object.keys(p).some((k) => k !== 'element' && k !== 'field')) {
        errors.push({ path: `${at}.prefill`, messageKey: 'portal.form_def.prefill' });
      } else if (type === 'group' || type === 'checkbox' || depth > 0) {
        errors.push({ path: `${at}.prefill`, messageKey: 'portal.form_def.prefill_type' });
      } else field.prefill = { element: p.element, field: p.field };
    }
    if (type === 'group') {
      if (depth > 0) errors.push({ path: `${at}.type`, messageKey: 'portal.form_def.depth' });
      else {
        field.fields = parseFields(raw.fields, `${at}.fields`, depth + 1, errors, counter, out);
        if (field.fields.length === 0 && Array.isArray(raw.fields)) errors.push({ path: `${at}.fields`, messageKey: 'portal.form_def.fields' });
      }
    }
    if (typeof name === 'string') seen.add(name);
    out.push(field);
  });
  return out;
}

function parseDocuments(input: unknown, errors: DefinitionError[]): RequiredDocument[] {
  if (input === undefined) return [];
  if (!Array.isArray(input) || input.length > 30) {
    errors.push({ path: 'documents', messageKey: 'portal.form_def.documents' });
    return [];
  }
  const seen = new Set<string>();
  return input.flatMap((raw, i): RequiredDocument[] => {
    const at = `documents[${i}]`;
    if (!isObject(raw)) {
      errors.push({ path: at, messageKey: 'portal.form_def.field' });
      return [];
    }
    for (const k of Object.keys(raw)) if (!DOC_KEYS.has(k)) errors.push({ path: `${at}.${k}`, messageKey: 'portal.form_def.unknown_key' });
    const code = raw.code;
    if (typeof code !== 'string' || !NAME.test(code)) errors.push({ path: `${at}.code`, messageKey: 'portal.form_def.name' });
    else if (seen.has(code)) errors.push({ path: `${at}.code`, messageKey: 'portal.form_def.duplicate' });
    if (typeof code === 'string') seen.add(code);
    if (typeof raw.required !== 'boolean') errors.push({ path: `${at}.required`, messageKey: 'portal.form_def.boolean' });
    const doc: RequiredDocument = { code: String(code), label: parseText(raw.label, `${at}.label`, errors) ?? { id: '' }, required: raw.required === true };
    const help = parseText(raw.help, `${at}.help`, errors, true);
    if (help) doc.help = help;
    if (raw.types !== undefined) {
      if (!Array.isArray(raw.types) || raw.types.length === 0 || raw.types.some((t) => !(DOCUMENT_TYPES as readonly unknown[]).includes(t)) || new Set(raw.types).size !== raw.types.length) {
        errors.push({ path: `${at}.types`, messageKey: 'portal.form_def.doc_types' });
      } else doc.types = raw.types as RequiredDocument['types'];
    }
    if (raw.maxBytes !== undefined) {
      if (!isCount(raw.maxBytes) || raw.maxBytes < 1 || raw.maxBytes > MAX_DOCUMENT_BYTES) errors.push({ path: `${at}.maxBytes`, messageKey: 'portal.form_def.limit' });
      else doc.maxBytes = raw.maxBytes;
    }
    return [doc];
  });
}

/** Checks a form definition strictly; the definition it returns carries only known keys. */
export function parseFormDefinition(json: unknown): { definition: FormDefinition } | { errors: DefinitionError[] } {
  const errors: DefinitionError[] = [];
  if (!isObject(json)) return { errors: [{ path: '', messageKey: 'portal.form_def.object' }] };
  for (const k of Object.keys(json)) if (k !== 'fields' && k !== 'documents') errors.push({ path: k, messageKey: 'portal.form_def.unknown_key' });
  const counter = { n: 0 };
  const fields = parseFields(json.fields, 'fields', 0, errors, counter, []);
  if (counter.n > MAX_FIELDS) errors.push({ path: 'fields', messageKey: 'portal.form_def.too_many' });
  const documents = parseDocuments(json.documents, errors);
  return errors.length ? { errors } : { definition: { fields, documents } };
}

// ---- Answers ------------------------------------------------------------------------------------

export type AnswerValue = string | number | boolean | Record<string, string | number | boolean>[];
export type Answers = Record<string, AnswerValue>;

export interface ValidateOptions {
  /** Submitting needs required fields and all constraints; a draft keeps whatever is typed right. */
  forSubmit: boolean;
  /** Today in the province (`YYYY-MM-DD`), for dates of birth in NIKs. */
  today?: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const TRUE = new Set(['true', 'on', '1', 'yes', 'ya']);

function validDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Whether a field is shown given the answers at its level (and the top level for fields in a group). */
export function isShown(field: FormField, level: Record<string, unknown>, top: Record<string, unknown> = level): boolean {
  if (!field.showIf) return true;
  const v = field.showIf.field in level ? level[field.showIf.field] : top[field.showIf.field];
  if (typeof field.showIf.equals === 'boolean') return (v === true) === field.showIf.equals;
  return v === field.showIf.equals;
}

/** Group items as arrays, also when a parsed HTML form gave them as `{0: {...}, 1: {...}}`. */
function itemsOf(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (isObject(v))
    return Object.keys(v)
      .filter((k) => /^\d+$/.test(k))
      .sort((a, b) => Number(a) - Number(b))
      .map((k) => v[k]);
  return [];
}

/** One scalar answer coerced to its field's type: the value, or undefined when empty / of the wrong type. */
function coerce(field: FormField, raw: unknown): { value?: string | number | boolean; typeError?: boolean } {
  if (field.type === 'checkbox') {
    if (typeof raw === 'boolean') return { value: raw };
    if (typeof raw === 'string') return { value: TRUE.has(raw.trim().toLowerCase()) };
    if (Array.isArray(raw)) return { value: raw.some((r) => typeof r === 'string' && TRUE.has(r.toLowerCase())) };
    return raw == null ? { value: false } : { typeError: true };
  }
  if (raw == null) return {};
  if (field.type === 'number') {
    if (typeof raw === 'number') return Number.isFinite(raw) ? { value: raw } : { typeError: true };
    if (typeof raw !== 'string') return { typeError: true };
    const s = raw.trim().replace(',', '.');
    if (!s) return {};
    const n = Number(s);
    return Number.isFinite(n) ? { value: n } : { typeError: true };
  }
  if (typeof raw !== 'string') return { typeError: true };
  const s = field.type === 'textarea' ? raw.replace(/\r\n/g, '\n').trim() : raw.trim();
  if (!s) return {};
  if (s.length > TEXT_LIMIT) return { typeError: true };
  return { value: s };
}

/** The message for a value of the right type that breaks a rule of its field, if any. */
function ruleError(field: FormField, value: string | number | boolean, today: string): { messageKey: MessageKey; params?: Record<string, string | number> } | undefined {
  switch (field.type) {
    case 'text':
    case 'textarea': {
      const s = value as string;
      if (field.minLength !== undefined && s.length < field.minLength) return { messageKey: 'portal.answer.min_length', params: { min: field.minLength } };
      if (field.maxLength !== undefined && s.length > field.maxLength) return { messageKey: 'portal.answer.max_length', params: { max: field.maxLength } };
      if (field.pattern && !new RegExp(`^(?:${field.pattern})$`, 'u').test(s)) return { messageKey: 'portal.answer.pattern' };
      return undefined;
    }
    case 'number': {
      const n = value as number;
      if (field.min !== undefined && n < field.min) return { messageKey: 'portal.answer.min', params: { min: field.min } };
      if (field.max !== undefined && n > field.max) return { messageKey: 'portal.answer.max', params: { max: field.max } };
      return undefined;
    }
    case 'date':
      return validDate(value as string) ? undefined : { messageKey: 'portal.answer.date' };
    case 'email':
      return EMAIL.test(value as string) && (value as string).length <= 254 ? undefined : { messageKey: 'portal.answer.email' };
    case 'phone':
      return normalizePhone(value as string) ? undefined : { messageKey: 'portal.answer.phone' };
    case 'nik':
      return checkNik(value as string, { today }).ok ? undefined : { messageKey: 'portal.answer.nik' };
    case 'select':
    case 'radio':
      return field.options?.some((o) => o.value === value) ? undefined : { messageKey: 'portal.answer.option' };
    default:
      return undefined;
  }
}

function checkLevel(fields: FormField[], input: Record<string, unknown>, prefix: string, opts: ValidateOptions, errors: FieldError[], top?: Answers): Answers {
  const today = opts.today ?? '9999-12-31';
  const out: Answers = {};
  for (const field of fields) {
    const path = `${prefix}${field.name}`;
    if (!isShown(field, out, top ?? out)) continue;
    const raw = input[field.name];
    if (field.type === 'group') {
      const items: Record<string, string | number | boolean>[] = [];
      itemsOf(raw).forEach((item) => {
        const i = items.length;
        const itemErrors: FieldError[] = [];
        const values = checkLevel(field.fields ?? [], isObject(item) ? item : {}, `${path}[${i}].`, opts, itemErrors, top ?? out) as Record<string, string | number | boolean>;
        // An item with nothing filled in (the blank row of the HTML form) is no item.
        if (!Object.values(values).some((v) => v !== false)) return;
        items.push(values);
        errors.push(...itemErrors);
      });
      if (items.length > (field.maxItems ?? MAX_GROUP_ITEMS)) errors.push({ field: path, messageKey: 'portal.answer.max_items', params: { max: field.maxItems ?? MAX_GROUP_ITEMS } });
      if (opts.forSubmit) {
        const min = field.minItems ?? (field.required ? 1 : 0);
        if (items.length < min) errors.push({ field: path, messageKey: min === 1 ? 'portal.answer.required' : 'portal.answer.min_items', params: { min } });
      }
      out[field.name] = items.slice(0, field.maxItems ?? MAX_GROUP_ITEMS);
      continue;
    }
    const { value, typeError } = coerce(field, raw);
    if (typeError) {
      errors.push({ field: path, messageKey: 'portal.answer.type' });
      continue;
    }
    if (value === undefined || (field.type === 'checkbox' && value === false && field.required)) {
      if (opts.forSubmit && field.required) errors.push({ field: path, messageKey: field.type === 'checkbox' ? 'portal.answer.required_checkbox' : 'portal.answer.required' });
      if (value !== undefined) out[field.name] = value;
      continue;
    }
    const normalised = field.type === 'nik' ? normalizeNik(value as string) : value;
    const broken = ruleError(field, normalised, today);
    if (broken) {
      errors.push({ field: path, ...broken });
      // A draft keeps what the citizen typed (so nothing is lost); a choice not on the list is dropped.
      if (field.type === 'select' || field.type === 'radio') continue;
    }
    out[field.name] = normalised;
  }
  return out;
}

/**
 * A citizen's answers checked against a form: the values to keep (coerced to their types, fields
 * hidden by `showIf` and unknown names dropped, empty group items dropped) and the errors, by paths
 * such as `anak[1].nama`. A draft keeps every value of the right type; submission needs all rules.
 */
export function validateAnswers(def: FormDefinition, answers: unknown, opts: ValidateOptions): { values: Answers; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const values = checkLevel(def.fields, isObject(answers) ? answers : {}, '', opts, errors);
  if (!opts.forSubmit) return { values, errors: errors.filter((e) => e.messageKey === 'portal.answer.type') };
  return { values, errors };
}

/** Every field with a prefill source, at the top level (groups cannot be prefilled). */
export function prefillFields(def: FormDefinition): FormField[] {
  return def.fields.filter((f) => f.prefill);
}

/** The label in the reader's language. */
export function textIn(t: Text | undefined, locale: string): string {
  if (!t) return '';
  return locale === 'en' && t.en ? t.en : t.id;
}
