import { sql, type Insertable, type Kysely } from 'kysely';
import type { DB } from '../../../../platform/db/schema.ts';
import type { KatalogInfraTable, KatalogSecurityAuditTable } from '../../db.ts';
import type { InfraKind } from '../db.ts';

export interface InfraFilter {
  opdIds: 'all' | string[];
  search?: string;
  opdId?: string;
  kind?: InfraKind;
  limit: number;
  offset: number;
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const columns = [
  'i.id',
  'i.key',
  'i.name',
  'i.kind',
  'i.rai_code',
  'r.name as rai_name',
  'i.operator_opd_id',
  'opd.name as operator_name',
  'i.description',
  'i.location',
  'i.synthetic',
  'i.version',
  'i.created_at',
  'i.updated_at',
] as const;

function base(db: Kysely<DB>) {
  return db.selectFrom('katalog_infra as i').leftJoin('opd', 'opd.id', 'i.operator_opd_id').leftJoin('arch_ref as r', 'r.code', 'i.rai_code').select(columns);
}

/** Infrastructure operated by, or serving as a tenant, one of the given agencies. */
export async function searchInfra(db: Kysely<DB>, f: InfraFilter) {
  if (f.opdIds !== 'all' && f.opdIds.length === 0) return [];
  let q = base(db);
  const touching = (ids: string[]) =>
    q.where((eb) =>
      eb.or([eb('i.operator_opd_id', 'in', ids), eb.exists(eb.selectFrom('katalog_infra_tenant as t').select('t.opd_id').whereRef('t.infra_id', '=', 'i.id').where('t.opd_id', 'in', ids))]),
    );
  if (f.opdIds !== 'all') q = touching(f.opdIds);
  if (f.opdId) q = touching([f.opdId]);
  if (f.kind) q = q.where('i.kind', '=', f.kind);
  if (f.search) {
    const like = likePattern(f.search);
    q = q.where((eb) => eb.or([eb('i.name', 'ilike', like), eb('i.description', 'ilike', like), eb('i.key', 'ilike', like), eb('i.location', 'ilike', like)]));
  }
  return q.orderBy('i.name').orderBy('i.id').limit(f.limit).offset(f.offset).execute();
}

export type InfraRow = Awaited<ReturnType<typeof searchInfra>>[number];

export function findInfra(db: Kysely<DB>, id: string) {
  return base(db).where('i.id', '=', id).executeTakeFirst();
}

/** Tenants (data centre) or connected agencies (intranet), with the date they joined. */
export function tenantsOf(db: Kysely<DB>, infraIds: string[]) {
  if (infraIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('katalog_infra_tenant as t')
    .innerJoin('opd', 'opd.id', 't.opd_id')
    .select(['t.infra_id', 't.opd_id', 'opd.name as opd_name', 'opd.kind as opd_kind', sql<string | null>`t.since::text`.as('since')])
    .where('t.infra_id', 'in', infraIds)
    .orderBy('opd.name')
    .execute();
}

export function tenantOpdIds(db: Kysely<DB>, infraId: string) {
  return db.selectFrom('katalog_infra_tenant').select('opd_id').where('infra_id', '=', infraId).execute();
}

export function findTenant(db: Kysely<DB>, infraId: string, opdId: string) {
  return db.selectFrom('katalog_infra_tenant').select(['opd_id', sql<string | null>`since::text`.as('since')]).where('infra_id', '=', infraId).where('opd_id', '=', opdId).executeTakeFirst();
}

export async function upsertTenant(db: Kysely<DB>, infraId: string, opdId: string, since: string | null): Promise<void> {
  await db
    .insertInto('katalog_infra_tenant')
    .values({ infra_id: infraId, opd_id: opdId, since })
    .onConflict((oc) => oc.columns(['infra_id', 'opd_id']).doUpdateSet({ since }))
    .execute();
}

export async function deleteTenant(db: Kysely<DB>, infraId: string, opdId: string): Promise<boolean> {
  const r = await db.deleteFrom('katalog_infra_tenant').where('infra_id', '=', infraId).where('opd_id', '=', opdId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export const insertInfra = (db: Kysely<DB>, row: Insertable<KatalogInfraTable>) => db.insertInto('katalog_infra').values(row).execute();

export async function updateInfraRow(db: Kysely<DB>, id: string, version: number, set: Record<string, unknown>, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('katalog_infra')
    .set({ ...set, version: version + 1, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// ---- Security audits ---------------------------------------------------------------------------

export const insertSecurityAudit = (db: Kysely<DB>, row: Insertable<KatalogSecurityAuditTable>) => db.insertInto('katalog_security_audit').values(row).execute();

const auditColumns = [
  'sa.id',
  'sa.app_id',
  'sa.infra_id',
  sql<string>`sa.audited_on::text`.as('audited_on'),
  sql<string>`sa.next_due::text`.as('next_due'),
  'sa.auditor',
  'sa.result',
  'sa.created_at',
] as const;

/** Every audit of one app or piece of infrastructure, newest first. */
export function auditsOf(db: Kysely<DB>, target: { appId?: string; infraId?: string }) {
  let q = db.selectFrom('katalog_security_audit as sa').select(auditColumns);
  q = target.appId ? q.where('sa.app_id', '=', target.appId) : q.where('sa.infra_id', '=', target.infraId!);
  return q.orderBy('sa.audited_on', 'desc').orderBy('sa.created_at', 'desc').execute();
}

/**
 * The latest audit of every audited app and piece of infrastructure whose next audit falls due
 * on or before `until`: overdue ones and those coming up. Owner agency = the app's owner or the
 * infrastructure's operator; `opdIds` limits to those agencies.
 */
export async function dueSecurityAudits(db: Kysely<DB>, f: { until: string; opdIds: 'all' | string[]; opdId?: string }) {
  if (f.opdIds !== 'all' && f.opdIds.length === 0) return [];
  const latest = db
    .selectFrom('katalog_security_audit as sa')
    .select(['sa.id', 'sa.app_id', 'sa.infra_id', 'sa.audited_on', 'sa.next_due', 'sa.auditor', 'sa.result'])
    .distinctOn(sql`COALESCE(sa.app_id, sa.infra_id)`)
    .orderBy(sql`COALESCE(sa.app_id, sa.infra_id)`)
    .orderBy('sa.audited_on', 'desc')
    .orderBy('sa.created_at', 'desc');
  let q = db
    .selectFrom(latest.as('l'))
    .leftJoin('katalog_app as a', 'a.id', 'l.app_id')
    .leftJoin('katalog_infra as i', 'i.id', 'l.infra_id')
    .leftJoin('opd', (j) => j.on(sql`opd.id`, '=', sql`COALESCE(a.opd_id, i.operator_opd_id)`))
    .select([
      'l.id',
      'l.app_id',
      'l.infra_id',
      sql<string>`l.audited_on::text`.as('audited_on'),
      sql<string>`l.next_due::text`.as('next_due'),
      'l.auditor',
      'l.result',
      sql<string>`COALESCE(a.name, i.name)`.as('target_name'),
      'a.category as app_category',
      'a.lifecycle as app_lifecycle',
      sql<string | null>`COALESCE(a.opd_id, i.operator_opd_id)`.as('opd_id'),
      'opd.name as opd_name',
    ])
    .where(sql<boolean>`l.next_due <= ${f.until}::date`)
    // Retired apps need no more audits.
    .where((eb) => eb.or([eb('l.app_id', 'is', null), eb('a.lifecycle', 'not in', ['digabung', 'dipensiunkan', 'diganti_aplikasi_umum'])]));
  if (f.opdIds !== 'all') q = q.where(sql<boolean>`COALESCE(a.opd_id, i.operator_opd_id) IN (${sql.join(f.opdIds)})`);
  if (f.opdId) q = q.where(sql<boolean>`COALESCE(a.opd_id, i.operator_opd_id) = ${f.opdId}`);
  return q.orderBy('l.next_due').orderBy(sql`COALESCE(a.name, i.name)`).limit(1000).execute();
}
