import type { Kysely } from 'kysely';
import '../messages.ts';
import type { DB } from '../../../platform/db/schema.ts';
import type { FieldError } from '../../../platform/http/errors.ts';
import type { AppCategory, CodeUsage, Hosting, Lifecycle } from '../db.ts';
import { archCodesOfKind, opdExists } from '../repo.ts';

export interface AppCodesInput {
  raa?: string[];
  rab?: string[];
  ral?: string[];
  radRead?: string[];
  radWrite?: string[];
}

export interface AppInput {
  name?: string;
  acronym?: string | null;
  description?: string | null;
  opdId?: string | null;
  category?: AppCategory;
  codes?: AppCodesInput;
  hosting?: Hosting | null;
  url?: string | null;
  technology?: string | null;
  users?: string | null;
  yearlyCost?: number | null;
  legalBasis?: string | null;
  lifecycle?: Lifecycle;
  mergedIntoId?: string | null;
  replacedBy?: string | null;
}

const USAGE_KIND: Record<keyof AppCodesInput, { usage: CodeUsage; kind: string }> = {
  raa: { usage: 'raa', kind: 'RAA' },
  rab: { usage: 'rab', kind: 'RAB' },
  ral: { usage: 'ral', kind: 'RAL' },
  radRead: { usage: 'rad_read', kind: 'RAD' },
  radWrite: { usage: 'rad_write', kind: 'RAD' },
};

export function codesToRows(codes: AppCodesInput): { code: string; usage: CodeUsage }[] {
  return (Object.keys(USAGE_KIND) as (keyof AppCodesInput)[]).flatMap((field) => [...new Set(codes[field] ?? [])].map((code) => ({ code, usage: USAGE_KIND[field].usage })));
}

export function rowsToCodes(rows: { code: string; usage: CodeUsage }[]) {
  const out = { raa: [] as string[], rab: [] as string[], ral: [] as string[], radRead: [] as string[], radWrite: [] as string[] };
  for (const r of rows) {
    const field = (Object.keys(USAGE_KIND) as (keyof AppCodesInput)[]).find((f) => USAGE_KIND[f].usage === r.usage)!;
    out[field].push(r.code);
  }
  return out;
}

/**
 * Checks what the schema cannot: the agency exists and is active, every architecture code exists
 * and is of the right kind (an RAL code in the RAB list is an error), and the lifecycle states
 * that point elsewhere say where.
 */
export async function checkAppInput(db: Kysely<DB>, input: AppInput, selfId?: string): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  if (input.opdId) {
    const opd = await opdExists(db, input.opdId);
    if (!opd || !opd.active) errors.push({ field: 'opdId', messageKey: 'katalog.unknown_opd' });
  }
  if (input.codes) {
    const all = codesToRows(input.codes).map((c) => c.code);
    const known = await archCodesOfKind(db, all);
    for (const field of Object.keys(USAGE_KIND) as (keyof AppCodesInput)[]) {
      for (const code of input.codes[field] ?? []) {
        const kind = known.get(code);
        if (!kind) errors.push({ field: `codes.${field}`, messageKey: 'katalog.unknown_code', params: { code } });
        else if (kind !== USAGE_KIND[field].kind) errors.push({ field: `codes.${field}`, messageKey: 'katalog.wrong_code_kind', params: { code, kind: USAGE_KIND[field].kind } });
      }
    }
  }
  if (input.lifecycle === 'digabung') {
    if (!input.mergedIntoId) errors.push({ field: 'mergedIntoId', messageKey: 'katalog.merged_into_required' });
    else if (input.mergedIntoId === selfId) errors.push({ field: 'mergedIntoId', messageKey: 'katalog.merged_into_self' });
    else if (!(await db.selectFrom('katalog_app').select('id').where('id', '=', input.mergedIntoId).executeTakeFirst())) {
      errors.push({ field: 'mergedIntoId', messageKey: 'katalog.unknown_app' });
    }
  }
  if (input.lifecycle === 'diganti_aplikasi_umum' && !input.replacedBy) errors.push({ field: 'replacedBy', messageKey: 'katalog.replaced_by_required' });
  return errors;
}
