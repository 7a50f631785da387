import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema.ts';
import type { AppInput } from '../duplicates/index.ts';

/** Everything the detector needs, in one pass: apps it considers, with codes and their government. */
export async function loadDetectionApps(db: Kysely<DB>): Promise<(AppInput & { id: string; name: string; opdName: string | null })[]> {
  const apps = await db
    .selectFrom('katalog_app as a')
    .leftJoin('opd', 'opd.id', 'a.opd_id')
    .select(['a.id', 'a.key', 'a.name', 'a.acronym', 'a.description', 'a.opd_id', 'opd.name as opd_name', 'opd.region_code', 'a.category', 'a.lifecycle'])
    .where('a.lifecycle', 'in', ['rencana', 'aktif', 'dalam_konsolidasi'])
    .execute();
  const codes = await db
    .selectFrom('katalog_app_code as c')
    .innerJoin('katalog_app as a', 'a.id', 'c.app_id')
    .select(['c.app_id', 'c.code', 'c.usage'])
    .where('a.lifecycle', 'in', ['rencana', 'aktif', 'dalam_konsolidasi'])
    .where('c.usage', 'in', ['raa', 'rab', 'ral'])
    .execute();
  const byApp = new Map<string, { raa: string[]; rab: string[]; ral: string[] }>();
  for (const c of codes) {
    const entry = byApp.get(c.app_id) ?? { raa: [], rab: [], ral: [] };
    entry[c.usage as 'raa' | 'rab' | 'ral'].push(c.code);
    byApp.set(c.app_id, entry);
  }
  return apps.map((a) => ({
    id: a.id,
    key: a.key,
    name: a.name,
    acronym: a.acronym,
    description: a.description,
    opdId: a.opd_id ?? '',
    opdName: a.opd_name ?? null,
    regionCode: a.region_code ?? null,
    category: a.category,
    lifecycle: a.lifecycle,
    ...(byApp.get(a.id) ?? { raa: [], rab: [], ral: [] }),
  }));
}

/** Changes whenever anything the detection depends on changes, so a cached result can be reused. */
export async function detectionFingerprint(db: Kysely<DB>): Promise<string> {
  const row = await sql<{ apps: string; changed: Date | null; dismissed: string; opd_changed: Date | null }>`
    SELECT (SELECT count(*) FROM katalog_app) AS apps,
           (SELECT max(updated_at) FROM katalog_app) AS changed,
           (SELECT count(*) FROM katalog_duplicate_dismissal) AS dismissed,
           (SELECT max(updated_at) FROM opd) AS opd_changed`.execute(db);
  const r = row.rows[0]!;
  return `${r.apps}|${r.changed ? new Date(r.changed).toISOString() : ''}|${r.dismissed}|${r.opd_changed ? new Date(r.opd_changed).toISOString() : ''}`;
}

export async function listDismissals(db: Kysely<DB>): Promise<[string, string][]> {
  return (await db.selectFrom('katalog_duplicate_dismissal').select(['member_a', 'member_b']).execute()).map((d) => [d.member_a, d.member_b]);
}

export function listReviews(db: Kysely<DB>) {
  return db.selectFrom('katalog_duplicate_review').selectAll().orderBy('reviewed_at', 'desc').execute();
}

export function findReview(db: Kysely<DB>, groupKey: string) {
  return db.selectFrom('katalog_duplicate_review').selectAll().where('group_key', '=', groupKey).executeTakeFirst();
}

export async function saveReview(
  db: Kysely<DB>,
  review: { groupKey: string; appIds: string[]; status: 'confirmed' | 'dismissed'; note: string | null; reviewedBy: string | null; reviewedLabel: string; at: Date },
): Promise<void> {
  const values = {
    group_key: review.groupKey,
    app_ids: review.appIds,
    status: review.status,
    note: review.note,
    reviewed_by: review.reviewedBy,
    reviewed_label: review.reviewedLabel,
    reviewed_at: review.at,
  };
  await db
    .insertInto('katalog_duplicate_review')
    .values(values)
    .onConflict((oc) => oc.column('group_key').doUpdateSet({ status: values.status, note: values.note, reviewed_by: values.reviewed_by, reviewed_label: values.reviewed_label, reviewed_at: values.reviewed_at, app_ids: values.app_ids }))
    .execute();
}

export async function addDismissals(db: Kysely<DB>, groupKey: string, pairs: readonly (readonly [string, string])[]): Promise<void> {
  const rows = pairs.map(([a, b]) => (a < b ? { member_a: a, member_b: b, group_key: groupKey } : { member_a: b, member_b: a, group_key: groupKey }));
  if (rows.length) await db.insertInto('katalog_duplicate_dismissal').values(rows).onConflict((oc) => oc.columns(['member_a', 'member_b']).doNothing()).execute();
}

export function removeDismissals(db: Kysely<DB>, groupKey: string) {
  return db.deleteFrom('katalog_duplicate_dismissal').where('group_key', '=', groupKey).execute();
}

/** Words naming places and agencies ("Malang", "Dinkes"): they say where an app runs, not what it does. */
export async function qualifierWords(db: Kysely<DB>): Promise<string[]> {
  const abbreviations = await db.selectFrom('opd').select('abbreviation').where('abbreviation', 'is not', null).execute();
  const regions = await db.selectFrom('region').select('name').where('kind', 'in', ['kabupaten', 'kota']).execute();
  const words = new Set<string>();
  for (const a of abbreviations) if (a.abbreviation) words.add(a.abbreviation);
  for (const r of regions) words.add(r.name.replace(/^(Kabupaten|Kota)\s+/, ''));
  return [...words].sort();
}
