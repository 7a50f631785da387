import { sql, type Insertable, type Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema.ts';
import type { CodeUsage, Lifecycle } from '../db.ts';
import type { ImportOutcome, ImportStatus, KatalogImportTable, StoredProblem } from './db.ts';
import type { Agency, AppState, ExistingApp } from './validate.ts';
import './db.ts';

/**
 * The import/export's only SQL. Bulk writes go through `jsonb_to_recordset`: one parameter holds a
 * whole batch, so a batch of 1,000 apps is one statement, on PGlite and PostgreSQL alike.
 */

const records = (rows: unknown[]) => sql`${JSON.stringify(rows)}::jsonb`;

// ---- Import records --------------------------------------------------------------------------------

export async function insertImport(db: Kysely<DB>, row: Insertable<KatalogImportTable>): Promise<void> {
  await db.insertInto('katalog_import').values(row).execute();
}

const importColumns = [
  'id',
  'filename',
  'format',
  'dry_run',
  'partial',
  'status',
  'outcome',
  'total',
  'processed',
  'created',
  'updated',
  'unchanged',
  'error_rows',
  'problems',
  'error_key',
  'actor',
  'actor_user_id',
  'actor_token_id',
  'actor_label',
  'request_id',
  'ip',
  'created_at',
  'started_at',
  'finished_at',
] as const;

export function findImport(db: Kysely<DB>, id: string) {
  return db.selectFrom('katalog_import').select(importColumns).where('id', '=', id).executeTakeFirst();
}
export type ImportRecord = NonNullable<Awaited<ReturnType<typeof findImport>>>;

export async function importContent(db: Kysely<DB>, id: string): Promise<Buffer | null> {
  return (await db.selectFrom('katalog_import').select('content').where('id', '=', id).executeTakeFirst())?.content ?? null;
}

export async function setImportProgress(db: Kysely<DB>, id: string, progress: { status: ImportStatus; processed: number; total?: number; started_at?: Date }): Promise<void> {
  await db.updateTable('katalog_import').set(progress).where('id', '=', id).execute();
}

export async function finishImport(
  db: Kysely<DB>,
  id: string,
  result: {
    status: 'done' | 'failed';
    outcome: ImportOutcome | null;
    processed: number;
    total?: number;
    created: number;
    updated: number;
    unchanged: number;
    error_rows: number;
    problems: StoredProblem[];
    error_key: string | null;
    finished_at: Date;
  },
): Promise<void> {
  // The file is dropped: the report is what stays.
  await db
    .updateTable('katalog_import')
    .set({ ...result, problems: JSON.stringify(result.problems), content: null })
    .where('id', '=', id)
    .execute();
}

// ---- Look-ups for validation ----------------------------------------------------------------------------

export function listAgencies(db: Kysely<DB>): Promise<Agency[]> {
  return db.selectFrom('opd').select(['id', 'code', 'name', 'abbreviation', 'active']).execute();
}

const existingColumns = [
  'id',
  'key',
  'name',
  'acronym',
  'description',
  'opd_id',
  'category',
  'hosting',
  'url',
  'technology',
  'users',
  'yearly_cost',
  'legal_basis',
  'lifecycle',
  'merged_into_id',
  'replaced_by',
  'version',
] as const;

const USAGE_FIELD: Record<CodeUsage, keyof ExistingApp['codes']> = { raa: 'raa', rab: 'rab', ral: 'ral', rad_read: 'radRead', rad_write: 'radWrite' };

/** Stored apps with these keys, with their codes (two queries whatever the number of keys). */
export async function appsByKeys(db: Kysely<DB>, keys: string[]): Promise<ExistingApp[]> {
  if (keys.length === 0) return [];
  const apps = await db
    .selectFrom('katalog_app')
    .select(existingColumns)
    .where(sql<boolean>`key = ANY(${keys}::text[])`)
    .execute();
  if (apps.length === 0) return [];
  const codes = await db
    .selectFrom('katalog_app_code')
    .select(['app_id', 'code', 'usage'])
    .where(sql<boolean>`app_id = ANY(${apps.map((a) => a.id)}::uuid[])`)
    .execute();
  const byApp = new Map<string, ExistingApp['codes']>(apps.map((a) => [a.id, { raa: [], rab: [], ral: [], radRead: [], radWrite: [] }]));
  for (const c of codes) byApp.get(c.app_id)![USAGE_FIELD[c.usage]].push(c.code);
  return apps.map((a) => ({ ...a, codes: byApp.get(a.id)! }));
}

// ---- Bulk writes (call inside a transaction) --------------------------------------------------------------

const APP_RECORD = sql.raw(
  'id uuid, key text, name text, acronym text, description text, opd_id uuid, category text, hosting text, url text, technology text, users text, yearly_cost bigint, legal_basis text, lifecycle text, merged_into_id uuid, replaced_by text, version integer',
);

const appRecord = (s: AppState, version?: number) => ({
  id: s.id,
  key: s.key,
  name: s.name,
  acronym: s.acronym,
  description: s.description,
  opd_id: s.opd_id,
  category: s.category,
  hosting: s.hosting,
  url: s.url,
  technology: s.technology,
  users: s.users,
  yearly_cost: s.yearly_cost,
  legal_basis: s.legal_basis,
  lifecycle: s.lifecycle,
  merged_into_id: s.merged_into_id,
  replaced_by: s.replaced_by,
  version: version ?? 1,
});

export async function insertApps(db: Kysely<DB>, apps: AppState[], now: Date): Promise<void> {
  if (apps.length === 0) return;
  await sql`
    INSERT INTO katalog_app (id, key, name, acronym, description, opd_id, category, hosting, url, technology, users,
                             yearly_cost, legal_basis, lifecycle, lifecycle_changed_at, merged_into_id, replaced_by,
                             synthetic, version, created_at, updated_at)
    SELECT v.id, v.key, v.name, v.acronym, v.description, v.opd_id, v.category, v.hosting, v.url, v.technology, v.users,
           v.yearly_cost, v.legal_basis, v.lifecycle, ${now}::timestamptz, v.merged_into_id, v.replaced_by,
           false, 1, ${now}::timestamptz, ${now}::timestamptz
    FROM jsonb_to_recordset(${records(apps.map((a) => appRecord(a)))}) AS v(${APP_RECORD})`.execute(db);
}

/**
 * Overwrites apps with their new state where the stored version is still the one that was
 * compared; returns the ids actually changed (a missing id was changed by someone else meanwhile).
 */
export async function updateApps(db: Kysely<DB>, apps: { state: AppState; version: number }[], now: Date): Promise<Set<string>> {
  if (apps.length === 0) return new Set();
  const result = await sql<{ id: string }>`
    UPDATE katalog_app AS a SET
      name = v.name, acronym = v.acronym, description = v.description, opd_id = v.opd_id, category = v.category,
      hosting = v.hosting, url = v.url, technology = v.technology, users = v.users, yearly_cost = v.yearly_cost,
      legal_basis = v.legal_basis, lifecycle = v.lifecycle,
      lifecycle_changed_at = CASE WHEN a.lifecycle = v.lifecycle THEN a.lifecycle_changed_at ELSE ${now}::timestamptz END,
      merged_into_id = v.merged_into_id, replaced_by = v.replaced_by, version = a.version + 1, updated_at = ${now}::timestamptz
    FROM jsonb_to_recordset(${records(apps.map((a) => appRecord(a.state, a.version)))}) AS v(${APP_RECORD})
    WHERE a.id = v.id AND a.version = v.version
    RETURNING a.id`.execute(db);
  return new Set(result.rows.map((r) => r.id));
}

/** Replaces the codes of these apps (the ids) with the given rows. */
export async function replaceCodes(db: Kysely<DB>, appIds: string[], codes: { app_id: string; code: string; usage: CodeUsage }[]): Promise<void> {
  if (appIds.length) await sql`DELETE FROM katalog_app_code WHERE app_id = ANY(${appIds}::uuid[])`.execute(db);
  if (codes.length === 0) return;
  await sql`
    INSERT INTO katalog_app_code (app_id, code, usage)
    SELECT v.app_id, v.code, v.usage FROM jsonb_to_recordset(${records(codes)}) AS v(app_id uuid, code text, usage text)`.execute(db);
}

export async function insertLifecycleEvents(db: Kysely<DB>, events: { app_id: string; from_lifecycle: Lifecycle | null; to_lifecycle: Lifecycle; opd_id: string | null }[], at: Date): Promise<void> {
  if (events.length === 0) return;
  await sql`
    INSERT INTO katalog_app_event (app_id, at, from_lifecycle, to_lifecycle, opd_id)
    SELECT v.app_id, ${at}::timestamptz, v.from_lifecycle, v.to_lifecycle, v.opd_id
    FROM jsonb_to_recordset(${records(events)}) AS v(app_id uuid, from_lifecycle text, to_lifecycle text, opd_id uuid)`.execute(db);
}

// ---- Export ---------------------------------------------------------------------------------------------

const scoped = (column: string, opdIds: 'all' | string[]) => (opdIds === 'all' ? sql<boolean>`true` : sql<boolean>`${sql.ref(column)} = ANY(${opdIds}::uuid[])`);

/** Every app the reader may see, with its agency's code and its merge target's key, by key. */
export async function exportApps(db: Kysely<DB>, opdIds: 'all' | string[]) {
  const apps = await db
    .selectFrom('katalog_app as a')
    .leftJoin('opd', 'opd.id', 'a.opd_id')
    .leftJoin('katalog_app as m', 'm.id', 'a.merged_into_id')
    .select([
      'a.id',
      'a.key',
      'a.name',
      'a.acronym',
      'a.description',
      'a.opd_id',
      'opd.code as opd_code',
      'opd.name as opd_name',
      'a.category',
      'a.hosting',
      'a.url',
      'a.technology',
      'a.users',
      'a.yearly_cost',
      'a.legal_basis',
      'a.lifecycle',
      'a.lifecycle_changed_at',
      'm.key as merged_into_key',
      'a.replaced_by',
      'a.synthetic',
      'a.version',
      'a.created_at',
      'a.updated_at',
    ])
    .where(scoped('a.opd_id', opdIds))
    .orderBy('a.key')
    .execute();
  const codes = await db
    .selectFrom('katalog_app_code as c')
    .innerJoin('katalog_app as a', 'a.id', 'c.app_id')
    .select(['c.app_id', 'c.code', 'c.usage'])
    .where(scoped('a.opd_id', opdIds))
    .orderBy('c.code')
    .execute();
  const byApp = new Map<string, ExistingApp['codes']>(apps.map((a) => [a.id, { raa: [], rab: [], ral: [], radRead: [], radWrite: [] }]));
  for (const c of codes) byApp.get(c.app_id)?.[USAGE_FIELD[c.usage]].push(c.code);
  return apps.map((a) => ({ ...a, codes: byApp.get(a.id)! }));
}
export type ExportedApp = Awaited<ReturnType<typeof exportApps>>[number];

/**
 * The rest of the architecture repository for the JSON export, limited to what the reader may
 * see: records of their agencies, and links between records they may see.
 */
export async function exportRegistry(db: Kysely<DB>, opdIds: 'all' | string[], appIds: string[]) {
  const appScope = (column: string) => (opdIds === 'all' ? sql<boolean>`true` : sql<boolean>`${sql.ref(column)} = ANY(${appIds}::uuid[])`);
  const [services, serviceApps, datasets, datasetApps, infra, tenants, integrations, roadmap, roadmapLinks, decisions, assessments] = await Promise.all([
    db.selectFrom('katalog_service').selectAll().where(scoped('opd_id', opdIds)).orderBy('key').execute(),
    db.selectFrom('katalog_service_app').selectAll().where(appScope('app_id')).execute(),
    db
      .selectFrom('katalog_dataset')
      .selectAll()
      .where(opdIds === 'all' ? sql<boolean>`true` : sql<boolean>`(producer_opd_id = ANY(${opdIds}::uuid[]) OR walidata_opd_id = ANY(${opdIds}::uuid[]))`)
      .orderBy('key')
      .execute(),
    db.selectFrom('katalog_dataset_app').selectAll().where(appScope('app_id')).execute(),
    db
      .selectFrom('katalog_infra as i')
      .selectAll('i')
      .where(
        opdIds === 'all'
          ? sql<boolean>`true`
          : sql<boolean>`(i.operator_opd_id = ANY(${opdIds}::uuid[]) OR EXISTS (SELECT 1 FROM katalog_infra_tenant t WHERE t.infra_id = i.id AND t.opd_id = ANY(${opdIds}::uuid[])))`,
      )
      .orderBy('i.key')
      .execute(),
    db.selectFrom('katalog_infra_tenant').selectAll().where(scoped('opd_id', opdIds)).execute(),
    db
      .selectFrom('katalog_integration')
      .selectAll()
      .where(opdIds === 'all' ? sql<boolean>`true` : sql<boolean>`(consumer_app_id = ANY(${appIds}::uuid[]) OR provider_app_id = ANY(${appIds}::uuid[]))`)
      .orderBy('created_at')
      .execute(),
    db.selectFrom('katalog_roadmap_item').selectAll().where(scoped('owner_opd_id', opdIds)).orderBy('key').execute(),
    db.selectFrom('katalog_roadmap_link').selectAll().execute(),
    db.selectFrom('katalog_decision').selectAll().where(appScope('app_id')).orderBy('decided_at').execute(),
    db.selectFrom('katalog_time_assessment').selectAll().where(appScope('app_id')).orderBy('assessed_at').execute(),
  ]);
  const infraIds = infra.map((i) => i.id);
  const audits = await db
    .selectFrom('katalog_security_audit')
    .selectAll()
    .where(opdIds === 'all' ? sql<boolean>`true` : sql<boolean>`(app_id = ANY(${appIds}::uuid[]) OR infra_id = ANY(${infraIds}::uuid[]))`)
    .orderBy('audited_on')
    .orderBy('id')
    .execute();
  const itemIds = new Set(roadmap.map((r) => r.id));
  return { services, serviceApps, datasets, datasetApps, infra, tenants, audits, integrations, roadmap, roadmapLinks: roadmapLinks.filter((l) => itemIds.has(l.item_id)), decisions, assessments };
}
