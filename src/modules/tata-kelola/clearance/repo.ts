import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema.ts';
import type { AppInput } from '../../katalog/duplicates/index.ts';
import type { CheckSeverity, IntegrationPlan, ProposalKind, ProposalStatus, ReviewDecision } from '../db.ts';
import type { CheckDefinition, CheckResult, CheckRule } from './checks.ts';

/** The only SQL of the clearance: proposals, versions, reviews, the check list, and katalog look-ups. */

// ---- Check list -------------------------------------------------------------------------------

export async function listCheckDefinitions(db: Kysely<DB>): Promise<(CheckDefinition & { updatedBy: string | null; updatedAt: Date })[]> {
  const rows = await db.selectFrom('tata_kelola_clearance_check').selectAll().orderBy('position').orderBy('code').execute();
  return rows.map((r) => ({
    code: r.code,
    rule: r.rule as CheckRule,
    position: r.position,
    enabled: r.enabled,
    severity: r.severity,
    kinds: r.kinds as ProposalKind[],
    title: { id: r.title_id, en: r.title_en },
    pass: { id: r.pass_id, en: r.pass_en },
    fail: { id: r.fail_id, en: r.fail_en },
    legalBasis: r.legal_basis,
    updatedBy: r.updated_by_label,
    updatedAt: r.updated_at,
  }));
}

/** Adds the checks of the file that are not in the table yet; never changes what the SPBE team edited. */
export async function insertMissingChecks(db: Kysely<DB>, checks: Omit<CheckDefinition, 'enabled'>[], at: Date): Promise<number> {
  const existing = new Set((await db.selectFrom('tata_kelola_clearance_check').select('code').execute()).map((r) => r.code));
  const missing = checks.filter((c) => !existing.has(c.code));
  if (missing.length === 0) return 0;
  await db
    .insertInto('tata_kelola_clearance_check')
    .values(
      missing.map((c) => ({
        code: c.code,
        rule: c.rule,
        position: c.position,
        severity: c.severity,
        kinds: c.kinds,
        title_id: c.title.id,
        title_en: c.title.en,
        pass_id: c.pass.id,
        pass_en: c.pass.en,
        fail_id: c.fail.id,
        fail_en: c.fail.en,
        legal_basis: c.legalBasis,
        updated_by_label: null,
        updated_at: at,
      })),
    )
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
  return missing.length;
}

export async function updateCheckDefinition(
  db: Kysely<DB>,
  code: string,
  c: { enabled: boolean; severity: CheckSeverity; kinds: string[]; title: { id: string; en: string }; pass: { id: string; en: string }; fail: { id: string; en: string }; legalBasis: string | null; by: string; at: Date },
): Promise<void> {
  await db
    .updateTable('tata_kelola_clearance_check')
    .set({
      enabled: c.enabled,
      severity: c.severity,
      kinds: c.kinds,
      title_id: c.title.id,
      title_en: c.title.en,
      pass_id: c.pass.id,
      pass_en: c.pass.en,
      fail_id: c.fail.id,
      fail_en: c.fail.en,
      legal_basis: c.legalBasis,
      updated_by_label: c.by,
      updated_at: c.at,
    })
    .where('code', '=', code)
    .execute();
}

// ---- Proposals --------------------------------------------------------------------------------

export interface VersionInput {
  title: string;
  programCode: string;
  kegiatanCode: string;
  subKegiatanCode: string;
  amount: number;
  kind: ProposalKind;
  description: string;
  kakFileId: string | null;
  costBenefitFileId: string | null;
  archCodes: string[];
  roadmapItemId: string | null;
  appIds: string[];
  newServers: boolean;
  integration: IntegrationPlan;
  securityAuditPlanned: boolean;
}

export async function insertProposal(db: Kysely<DB>, p: { id: string; opdId: string; budgetYear: number; at: Date }): Promise<void> {
  await db.insertInto('tata_kelola_proposal').values({ id: p.id, opd_id: p.opdId, budget_year: p.budgetYear, status: 'submitted', current_version: 1, created_at: p.at, updated_at: p.at }).execute();
}

export async function insertVersion(db: Kysely<DB>, proposalId: string, version: number, v: VersionInput, checks: CheckResult[], by: { userId: string | null; label: string }, at: Date): Promise<void> {
  await db
    .insertInto('tata_kelola_proposal_version')
    .values({
      proposal_id: proposalId,
      version,
      title: v.title,
      program_code: v.programCode,
      kegiatan_code: v.kegiatanCode,
      sub_kegiatan_code: v.subKegiatanCode,
      amount: v.amount,
      kind: v.kind,
      description: v.description,
      kak_file_id: v.kakFileId,
      cost_benefit_file_id: v.costBenefitFileId,
      arch_codes: v.archCodes,
      roadmap_item_id: v.roadmapItemId,
      app_ids: v.appIds,
      new_servers: v.newServers,
      integration: v.integration,
      security_audit_planned: v.securityAuditPlanned,
      checks: JSON.stringify(checks),
      submitted_by: by.userId,
      submitted_label: by.label,
      submitted_at: at,
    })
    .execute();
}

export async function setProposalState(db: Kysely<DB>, id: string, s: { status: ProposalStatus; currentVersion?: number; at: Date }): Promise<void> {
  await db
    .updateTable('tata_kelola_proposal')
    .set({ status: s.status, updated_at: s.at, ...(s.currentVersion ? { current_version: s.currentVersion } : {}) })
    .where('id', '=', id)
    .execute();
}

export async function insertReview(
  db: Kysely<DB>,
  r: { id: string; proposalId: string; version: number; decision: ReviewDecision; notes: string | null; reasons: string | null; legalBasis: string | null; by: { userId: string | null; label: string }; at: Date },
): Promise<void> {
  await db
    .insertInto('tata_kelola_proposal_review')
    .values({ id: r.id, proposal_id: r.proposalId, version: r.version, decision: r.decision, notes: r.notes, reasons: r.reasons, legal_basis: r.legalBasis, reviewed_by: r.by.userId, reviewed_label: r.by.label, reviewed_at: r.at })
    .execute();
}

const proposalColumns = [
  'p.id',
  'p.opd_id',
  'p.budget_year',
  'p.status',
  'p.current_version',
  'p.created_at',
  'p.updated_at',
  'o.name as opd_name',
  'v.title',
  'v.amount',
  'v.kind',
  'v.checks',
  'v.submitted_at',
] as const;

function proposals(db: Kysely<DB>) {
  return db
    .selectFrom('tata_kelola_proposal as p')
    .innerJoin('opd as o', 'o.id', 'p.opd_id')
    .innerJoin('tata_kelola_proposal_version as v', (j) => j.onRef('v.proposal_id', '=', 'p.id').onRef('v.version', '=', 'p.current_version'))
    .select(proposalColumns);
}

export function findProposal(db: Kysely<DB>, id: string) {
  return proposals(db).where('p.id', '=', id).executeTakeFirst();
}
export type ProposalRow = NonNullable<Awaited<ReturnType<typeof findProposal>>>;

export function listProposals(db: Kysely<DB>, filter: { opdIds: 'all' | string[]; budgetYear?: number; status?: ProposalStatus; opdId?: string }) {
  let q = proposals(db);
  if (Array.isArray(filter.opdIds)) {
    if (filter.opdIds.length === 0) return Promise.resolve([] as ProposalRow[]);
    q = q.where('p.opd_id', 'in', filter.opdIds);
  }
  if (filter.budgetYear) q = q.where('p.budget_year', '=', filter.budgetYear);
  if (filter.status) q = q.where('p.status', '=', filter.status);
  if (filter.opdId) q = q.where('p.opd_id', '=', filter.opdId);
  return q.orderBy('p.budget_year', 'desc').orderBy('p.updated_at', 'desc').orderBy('p.id').execute();
}

export function listVersions(db: Kysely<DB>, proposalId: string) {
  return db
    .selectFrom('tata_kelola_proposal_version as v')
    .leftJoin('katalog_roadmap_item as r', 'r.id', 'v.roadmap_item_id')
    .selectAll('v')
    .select(['r.title as roadmap_title'])
    .where('v.proposal_id', '=', proposalId)
    .orderBy('v.version', 'desc')
    .execute();
}
export type VersionRow = Awaited<ReturnType<typeof listVersions>>[number];

export function listReviews(db: Kysely<DB>, proposalId: string) {
  return db.selectFrom('tata_kelola_proposal_review').selectAll().where('proposal_id', '=', proposalId).orderBy('version', 'desc').execute();
}
export type ReviewRow = Awaited<ReturnType<typeof listReviews>>[number];

export async function appNames(db: Kysely<DB>, ids: string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('katalog_app as a').leftJoin('opd as o', 'o.id', 'a.opd_id').select(['a.id', 'a.key', 'a.name', 'o.name as opd_name']).where('a.id', 'in', ids).execute();
}

// ---- Katalog look-ups for the checks and the form ----------------------------------------------

/** Running and planned apps as the duplicate engine reads them (the katalog's live portfolio). */
export async function loadPortfolio(db: Kysely<DB>): Promise<(AppInput & { id: string; opdName: string | null })[]> {
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
    opdName: a.opd_name,
    regionCode: a.region_code ?? null,
    category: a.category,
    lifecycle: a.lifecycle,
    ...(byApp.get(a.id) ?? { raa: [], rab: [], ral: [] }),
  }));
}

/** Agency abbreviations and regency/city names, ignored in names by the duplicate engine. */
export async function qualifierWords(db: Kysely<DB>): Promise<string[]> {
  const abbreviations = await db.selectFrom('opd').select('abbreviation').where('abbreviation', 'is not', null).execute();
  const regions = await db.selectFrom('region').select('name').where('kind', 'in', ['kabupaten', 'kota']).execute();
  const words = new Set<string>();
  for (const a of abbreviations) if (a.abbreviation) words.add(a.abbreviation);
  for (const r of regions) words.add(r.name.replace(/^(Kabupaten|Kota)\s+/, ''));
  return [...words].sort();
}

export function opdRegion(db: Kysely<DB>, opdId: string) {
  return db.selectFrom('opd').select(['id', 'name', 'region_code', 'active']).where('id', '=', opdId).executeTakeFirst();
}

/**
 * Data centres another agency could host in: katalog infrastructure of kind `pusat_data` run by
 * another agency, or with tenants besides its operator.
 */
export async function sharedDataCentres(db: Kysely<DB>, opdId: string): Promise<string[]> {
  const rows = await sql<{ name: string }>`
    SELECT i.name FROM katalog_infra i
    WHERE i.kind = 'pusat_data'
      AND (i.operator_opd_id IS DISTINCT FROM ${opdId}
           OR EXISTS (SELECT 1 FROM katalog_infra_tenant t WHERE t.infra_id = i.id AND t.opd_id <> i.operator_opd_id))
    ORDER BY i.name`.execute(db);
  return rows.rows.map((r) => r.name);
}

export function findRoadmapItem(db: Kysely<DB>, id: string) {
  return db.selectFrom('katalog_roadmap_item').select(['id', 'title', 'start_year', 'end_year', 'status', 'owner_opd_id']).where('id', '=', id).executeTakeFirst();
}

/** Roadmap items an agency may implement: its own and those without an owner, not cancelled. */
export function roadmapOptions(db: Kysely<DB>, opdIds: string[] | 'all') {
  let q = db.selectFrom('katalog_roadmap_item').select(['id', 'title', 'start_year', 'end_year']).where('status', '!=', 'batal');
  if (opdIds !== 'all') q = q.where((eb) => eb.or([eb('owner_opd_id', 'is', null), ...(opdIds.length ? [eb('owner_opd_id', 'in', opdIds)] : [])]));
  return q.orderBy('start_year', 'desc').orderBy('title').limit(500).execute();
}

export async function knownArchCodes(db: Kysely<DB>, codes: string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db.selectFrom('arch_ref').select('code').where('code', 'in', codes).where('retired_at', 'is', null).execute();
  return new Set(rows.map((r) => r.code));
}

/** Apps by key or id (the form takes keys, the API ids). */
export async function findApps(db: Kysely<DB>, by: { ids?: string[]; keys?: string[] }) {
  const ids = by.ids ?? [];
  const keys = by.keys ?? [];
  if (ids.length === 0 && keys.length === 0) return [];
  return db
    .selectFrom('katalog_app')
    .select(['id', 'key', 'name'])
    .where((eb) => eb.or([...(ids.length ? [eb('id', 'in', ids)] : []), ...(keys.length ? [eb('key', 'in', keys)] : [])]))
    .execute();
}

export async function moveAgencyProposals(db: Kysely<DB>, fromId: string, toId: string): Promise<void> {
  await db.updateTable('tata_kelola_proposal').set({ opd_id: toId }).where('opd_id', '=', fromId).execute();
}

export async function proposalTotals(db: Kysely<DB>, opdIds: 'all' | string[]) {
  let q = proposals(db);
  if (Array.isArray(opdIds)) {
    if (opdIds.length === 0) return [] as ProposalRow[];
    q = q.where('p.opd_id', 'in', opdIds);
  }
  return q.execute();
}
