import fs from 'node:fs';
import path from 'node:path';
import { REFERENCE_DIR } from '../../../../platform/reference/load-reference-data.ts';

/**
 * The 14 service-standard components (UU 25/2009 art. 21, PermenPANRB 15/2014), read once from
 * reference/service-standard-components.json. Codes (SD1-SD6, SM1-SM8) are the file's own
 * identifiers; labels are the file's Indonesian names, shown as they are in both languages.
 */
export interface StandardComponent {
  code: string;
  name: string;
}
export interface StandardGroup {
  code: string;
  name: string;
  components: StandardComponent[];
}

interface StandardFile {
  groups: StandardGroup[];
  count_check?: { total?: number };
}

export function loadServiceStandard(file = path.join(REFERENCE_DIR, 'service-standard-components.json')): { groups: StandardGroup[]; components: StandardComponent[] } {
  const data = JSON.parse(fs.readFileSync(file, 'utf8')) as StandardFile;
  const groups = data.groups.map((g) => ({ code: g.code, name: g.name, components: g.components.map((c) => ({ code: c.code, name: c.name })) }));
  const components = groups.flatMap((g) => g.components);
  const expected = data.count_check?.total;
  if (expected !== undefined && components.length !== expected) throw new Error(`${file}: ${components.length} components, the file says ${expected}`);
  if (new Set(components.map((c) => c.code)).size !== components.length) throw new Error(`${file}: duplicate component codes`);
  return { groups, components };
}

export const SERVICE_STANDARD = loadServiceStandard();
export const STANDARD_CODES = SERVICE_STANDARD.components.map((c) => c.code);

/** How many components have text, and which are still missing (in the file's order). */
export function completeness(standard: Record<string, string> | null | undefined) {
  const missing = STANDARD_CODES.filter((c) => !standard?.[c]?.trim());
  return { filled: STANDARD_CODES.length - missing.length, total: STANDARD_CODES.length, missing };
}
