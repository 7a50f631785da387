import type { Insertable, Kysely } from 'kysely';
import type { DB } from '../../../../platform/db/schema.ts';
import type { KatalogServiceTable } from '../../db.ts';
import type { ServiceAudience } from '../db.ts';

export interface ServiceFilter {
  opdIds: 'all' | string[];
  search?: string;
  opdId?: string;
  audience?: ServiceAudience;
  appId?: string;
  limit: number;
  offset: number;
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const columns = [
  's.id',
  's.key',
  's.name',
  's.description',
  's.opd_id',
  'opd.name as opd_name',
  's.kind',
  's.audience',
  's.ral_code',
  'r.name as ral_name',
  's.standard',
  's.sla_working_days',
  's.fee',
  's.fee_note',
  's.channels',
  's.synthetic',
  's.version',
  's.created_at',
  's.updated_at',
] as const;

function base(db: Kysely<DB>) {
  return db.selectFrom('katalog_service as s').leftJoin('opd', 'opd.id', 's.opd_id').leftJoin('arch_ref as r', 'r.code', 's.ral_code').select(columns);
}

export async function searchServices(db: Kysely<DB>, f: ServiceFilter) {
  if (f.opdIds !== 'all' && f.opdIds.length === 0) return [];
  let q = base(db);
  if (f.opdIds !== 'all') q = q.where('s.opd_id', 'in', f.opdIds);
  if (f.opdId) q = q.where('s.opd_id', '=', f.opdId);
  if (f.audience) q = q.where('s.audience', '=', f.audience);
  if (f.search) {
    const like = likePattern(f.search);
    q = q.where((eb) => eb.or([eb('s.name', 'ilike', like), eb('s.description', 'ilike', like), eb('s.key', 'ilike', like)]));
  }
  if (f.appId) {
    const appId = f.appId;
    q = q.where(({ exists, selectFrom }) => exists(selectFrom('katalog_service_app as sa').select('sa.app_id').whereRef('sa.service_id', '=', 's.id').where('sa.app_id', '=', appId)));
  }
  return q.orderBy('s.name').orderBy('s.id').limit(f.limit).offset(f.offset).execute();
}

export type ServiceRow = Awaited<ReturnType<typeof searchServices>>[number];

export function findService(db: Kysely<DB>, id: string) {
  return base(db).where('s.id', '=', id).executeTakeFirst();
}

/** The apps that deliver each service. */
export function serviceApps(db: Kysely<DB>, serviceIds: string[]) {
  if (serviceIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('katalog_service_app as sa')
    .innerJoin('katalog_app as a', 'a.id', 'sa.app_id')
    .select(['sa.service_id', 'a.id', 'a.key', 'a.name', 'a.opd_id'])
    .where('sa.service_id', 'in', serviceIds)
    .orderBy('a.name')
    .execute();
}

export async function insertService(db: Kysely<DB>, row: Insertable<KatalogServiceTable>, appIds: string[]): Promise<void> {
  await db.insertInto('katalog_service').values(row).execute();
  await replaceServiceApps(db, row.id, appIds);
}

/** Applies `set` only if nobody changed the row since `version`; false when someone did. */
export async function updateServiceRow(db: Kysely<DB>, id: string, version: number, set: Record<string, unknown>, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('katalog_service')
    .set({ ...set, version: version + 1, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function replaceServiceApps(db: Kysely<DB>, serviceId: string, appIds: string[]): Promise<void> {
  await db.deleteFrom('katalog_service_app').where('service_id', '=', serviceId).execute();
  if (appIds.length) await db.insertInto('katalog_service_app').values(appIds.map((app_id) => ({ service_id: serviceId, app_id }))).execute();
}
