import type { Kysely } from 'kysely';
import '../messages.ts';
import type { DB } from '../../../platform/db/schema.ts';
import type { FieldError } from '../../../platform/http/errors.ts';
import type { AppCategory, CodeUsage, Hosting, Lifecycle } from '../db.ts';
import { archCodesOfKind, opdExists, retiredCodes } from '../repo.ts';

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

/** What the checks need to know about the world, so a bulk import can look it up once for many rows. */
export interface AppInputLookups {
  /** The agency with this id, if it exists. */
  opd(opdId: string): { active: boolean } | undefined;
  /** The kind of each known architecture code. */
  codeKinds: ReadonlyMap<string, string>;
  /** Whether an app with this id exists (or will, within the same import). */
  appExists(appId: string): boolean;
}

/** The architecture codes of an input, as one list (for looking their kinds up in one query). */
export function inputCodes(input: AppInput): string[] {
  return input.codes ? codesToRows(input.codes).map((c) => c.code) : [];
}

/** `checkAppInput` without the database: the same rules, in the same order, over looked-up facts. */
export function checkAppInputWith(input: AppInput, lookups: AppInputLookups, selfId?: string): FieldError[] {
  const errors: FieldError[] = [];
  if (input.opdId) {
    const opd = lookups.opd(input.opdId);
    if (!opd || !opd.active) errors.push({ field: 'opdId', messageKey: 'katalog.unknown_opd' });
  }
  if (input.codes) {
    for (const field of Object.keys(USAGE_KIND) as (keyof AppCodesInput)[]) {
      for (const code of input.codes[field] ?? []) {
        const kind = lookups.codeKinds.get(code);
        if (!kind) errors.push({ field: `codes.${field}`, messageKey: 'katalog.unknown_code', params: { code } });
        else if (kind !== USAGE_KIND[field].kind) errors.push({ field: `codes.${field}`, messageKey: 'katalog.wrong_code_kind', params: { code, kind: USAGE_KIND[field].kind } });
      }
    }
  }
  if (input.lifecycle === 'digabung') {
    if (!input.mergedIntoId) errors.push({ field: 'mergedIntoId', messageKey: 'katalog.merged_into_required' });
    else if (input.mergedIntoId === selfId) errors.push({ field: 'mergedIntoId', messageKey: 'katalog.merged_into_self' });
    else if (!lookups.appExists(input.mergedIntoId)) errors.push({ field: 'mergedIntoId', messageKey: 'katalog.unknown_app' });
  }
  if (input.lifecycle === 'diganti_aplikasi_umum' && !input.replacedBy) errors.push({ field: 'replacedBy', messageKey: 'katalog.replaced_by_required' });
  return errors;
}

/**
 * Checks what the schema cannot: the agency exists and is active, every architecture code exists
 * and is of the right kind (an RAL code in the RAB list is an error), and the lifecycle states
 * that point elsewhere say where.
 */
export async function checkAppInput(db: Kysely<DB>, input: AppInput, selfId?: string): Promise<FieldError[]> {
  const opd = input.opdId ? await opdExists(db, input.opdId) : undefined;
  const codeKinds = input.codes ? await archCodesOfKind(db, inputCodes(input)) : new Map<string, string>();
  // A retired province code may stay on an app that already has it, but is not given to new ones.
  const retired = await retiredCodes(db, inputCodes(input));
  const kept = selfId && retired.size ? new Set((await db.selectFrom('katalog_app_code').select('code').where('app_id', '=', selfId).execute()).map((c) => c.code)) : new Set<string>();
  const newlyRetired = [...retired].filter((c) => !kept.has(c));
  const mergedIntoId = input.lifecycle === 'digabung' && input.mergedIntoId && input.mergedIntoId !== selfId ? input.mergedIntoId : undefined;
  const mergedIntoExists = mergedIntoId ? !!(await db.selectFrom('katalog_app').select('id').where('id', '=', mergedIntoId).executeTakeFirst()) : false;
  const errors = checkAppInputWith(input, { opd: () => opd, codeKinds, appExists: () => mergedIntoExists }, selfId);
  for (const code of newlyRetired) {
    const field = (Object.keys(USAGE_KIND) as (keyof AppCodesInput)[]).find((f) => input.codes?.[f]?.includes(code)) ?? 'rab';
    errors.push({ field: `codes.${field}`, messageKey: 'katalog.retired_code', params: { code } });
  }
  return errors;
}
