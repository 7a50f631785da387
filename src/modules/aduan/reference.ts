import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { REFERENCE_DIR } from '../../platform/reference/load-reference-data.ts';
import { DEFAULT_CATEGORIES } from './default-categories.ts';
import type { SlaStep } from './db.ts';

interface ComplaintSlaFile {
  lapor_deadlines: { step: string; days: number }[];
  resolution_tiers: { code: string; name: string; days: number }[];
}

/** Reads reference/complaint-sla.json: the LAPOR! step deadlines and the resolution tiers. */
export function readComplaintSla(file = path.join(REFERENCE_DIR, 'complaint-sla.json')): { steps: { step: SlaStep; days: number }[]; tiers: { code: string; name: string; days: number }[] } {
  const data = JSON.parse(fs.readFileSync(file, 'utf8')) as ComplaintSlaFile;
  const steps = data.lapor_deadlines
    .filter((d): d is { step: SlaStep; days: number } => d.step === 'verify' || d.step === 'follow_up' || d.step === 'auto_close')
    .map((d) => ({ step: d.step, days: d.days }));
  if (steps.length !== 3) throw new Error(`${file}: expected the verify, follow_up and auto_close deadlines`);
  return { steps, tiers: data.resolution_tiers.map((t) => ({ code: t.code, name: t.name, days: t.days })) };
}

/**
 * Loads the deadlines, tiers and default categories that are missing. What the province changed
 * stays: rows are only ever inserted here.
 */
export async function loadAduanReference(db: Kysely<DB>, now: Date): Promise<void> {
  const { steps, tiers } = readComplaintSla();
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('aduan_sla_step').values(steps.map((s) => ({ ...s, updated_at: now }))).onConflict((oc) => oc.column('step').doNothing()).execute();
    await tx
      .insertInto('aduan_tier')
      .values(tiers.map((t, i) => ({ code: t.code, name: t.name, days: t.days, sort: i + 1, updated_at: now })))
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
    const opdCodes = DEFAULT_CATEGORIES.map((c) => c.opdCode).filter((c): c is string => !!c);
    const opds = await tx.selectFrom('opd').select(['id', 'code']).where('code', 'in', opdCodes).execute();
    const idByCode = new Map(opds.map((o) => [o.code, o.id]));
    const knownTiers = new Set((await tx.selectFrom('aduan_tier').select('code').execute()).map((t) => t.code));
    const fallbackTier = [...knownTiers][0]!;
    await tx
      .insertInto('aduan_category')
      .values(
        DEFAULT_CATEGORIES.map((c) => ({
          code: c.code,
          name: c.name,
          description: c.description,
          keywords: c.keywords,
          group_name: c.group,
          competence: c.competence,
          opd_id: c.opdCode ? (idByCode.get(c.opdCode) ?? null) : null,
          tier_code: knownTiers.has(c.tier) ? c.tier : fallbackTier,
          open311_type: c.open311Type ?? 'realtime',
          created_at: now,
          updated_at: now,
        })),
      )
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
  });
}
