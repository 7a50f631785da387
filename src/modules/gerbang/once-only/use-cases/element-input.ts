import { validationError, type FieldError } from '../../../../platform/http/errors.ts';
import { compilePattern, isValidPattern, pathSegments } from '../../paths.ts';
import { findService, listEndpoints } from '../../control/repo.ts';
import { FIELD_TYPES, KEY_KINDS, SUBJECT_KINDS, type ElementField, type FieldType, type KeyKind, type SubjectKind } from '../db.ts';
import type { OnceOnlyDeps } from './context.ts';

/** A data element's settings as callers give them (API JSON, or the form after parsing). */
export interface ElementSettings {
  name?: string;
  description?: string | null;
  subjectKind?: string;
  keyKind?: string;
  serviceId?: string;
  pathTemplate?: string;
  fields?: { name: string; label: string; type?: string; source?: string | null }[];
  active?: boolean;
}

export const ELEMENT_CODE = /^[a-z0-9][a-z0-9_.-]{0,59}$/;
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const SOURCE_PATH = /^[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*$/;
/** Sample keys used to check a path template against the service's endpoints. */
const SAMPLE_KEY: Record<KeyKind, string> = { nik: '3578010101900001', nkk: '3578010101900002', nib: '9120001234567', nop: '357801000100100010', other: 'x' };

/** Fields written one per line: `name | label | type | source` (type and source optional). */
export function parseFieldLines(text: string): { name: string; label: string; type?: string; source?: string | null }[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const [name = '', label = '', type = '', source = ''] = line.split('|').map((p) => p.trim());
      return { name, label, type: type || undefined, source: source || null };
    });
}

export function fieldLines(fields: ElementField[]): string {
  return fields.map((f) => [f.name, f.label, f.type, f.source ?? ''].join(' | ').replace(/ \| $/, '')).join('\n');
}

export function normaliseFields(input: NonNullable<ElementSettings['fields']>, errors: FieldError[]): ElementField[] {
  const out: ElementField[] = [];
  const seen = new Set<string>();
  if (input.length === 0 || input.length > 50) errors.push({ field: 'fields', messageKey: 'once_only.fields_count' });
  input.forEach((f, i) => {
    const name = f.name.trim();
    const label = f.label.trim();
    const type = (f.type?.trim() || 'string') as FieldType;
    const source = f.source?.trim() || undefined;
    if (!FIELD_NAME.test(name) || !label || label.length > 200 || !(FIELD_TYPES as readonly string[]).includes(type) || (source && !SOURCE_PATH.test(source)) || seen.has(name)) {
      errors.push({ field: 'fields', messageKey: 'once_only.field_invalid', params: { line: i + 1 } });
      return;
    }
    seen.add(name);
    out.push(source && source !== name ? { name, label, type, source } : { name, label, type });
  });
  return out;
}

/** The path (and query) for one record: `{key}` replaced by the key, percent-encoded. */
export function fillTemplate(template: string, key: string): string {
  return template.replace('{key}', encodeURIComponent(key));
}

/**
 * Checks the settings that must hold together: the source service exists and is not retired, the
 * template has exactly one `{key}` and a valid path, and — when the service declares endpoints —
 * a GET endpoint of the service matches it (the element points at one endpoint).
 */
export async function checkElement(
  deps: OnceOnlyDeps,
  v: { subjectKind: string; keyKind: string; serviceId: string; pathTemplate: string },
  errors: FieldError[],
): Promise<{ subjectKind: SubjectKind; keyKind: KeyKind; serviceOpdId: string | null }> {
  if (!(SUBJECT_KINDS as readonly string[]).includes(v.subjectKind)) errors.push({ field: 'subjectKind', messageKey: 'validation.enum' });
  if (!(KEY_KINDS as readonly string[]).includes(v.keyKind)) errors.push({ field: 'keyKind', messageKey: 'validation.enum' });
  const service = await findService(deps.db, v.serviceId);
  if (!service || service.lifecycle === 'retired') errors.push({ field: 'serviceId', messageKey: 'once_only.service_unknown' });
  const template = v.pathTemplate.trim();
  const [path = '', query] = template.split('?', 2) as [string, string | undefined];
  const keys = template.split('{key}').length - 1;
  const withoutKey = template.replace('{key}', '');
  const samplePath = fillTemplate(path, SAMPLE_KEY[(v.keyKind as KeyKind)] ?? 'x');
  const segments = pathSegments(samplePath);
  if (keys !== 1 || /[{}#\s]/.test(withoutKey) || !isValidPattern(path.replace('{key}', 'k')) || !segments || (query !== undefined && query.includes('?'))) {
    errors.push({ field: 'pathTemplate', messageKey: 'once_only.template_invalid' });
  } else if (service) {
    const endpoints = await listEndpoints(deps.db, [service.id]);
    if (endpoints.length > 0 && !endpoints.some((e) => compilePattern(e.method, e.path).matches('GET', segments))) {
      errors.push({ field: 'pathTemplate', messageKey: 'once_only.template_no_endpoint' });
    }
  }
  return { subjectKind: v.subjectKind as SubjectKind, keyKind: v.keyKind as KeyKind, serviceOpdId: service?.opd_id ?? null };
}

export function throwIf(errors: FieldError[]): void {
  if (errors.length) throw validationError(errors);
}
