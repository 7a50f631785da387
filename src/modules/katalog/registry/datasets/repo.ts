import type { Insertable, Kysely } from 'kysely';
import type { DB } from '../../../../platform/db/schema.ts';
import type { KatalogDatasetTable } from '../../db.ts';
import type { Sensitivity } from '../db.ts';

export interface DatasetFilter {
  opdIds: 'all' | string[];
  search?: string;
  opdId?: string;
  sensitivity?: Sensitivity;
  appId?: string;
  limit: number;
  offset: number;
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const columns = [
  'd.id',
  'd.key',
  'd.name',
  'd.description',
  'd.rad_code',
  'r.name as rad_name',
  'd.producer_opd_id',
  'p.name as producer_name',
  'd.walidata_opd_id',
  'w.name as walidata_name',
  'd.sensitivity',
  'd.format',
  'd.update_frequency',
  'd.reference_codes',
  'd.synthetic',
  'd.version',
  'd.created_at',
  'd.updated_at',
] as const;

function base(db: Kysely<DB>) {
  return db
    .selectFrom('katalog_dataset as d')
    .leftJoin('opd as p', 'p.id', 'd.producer_opd_id')
    .leftJoin('opd as w', 'w.id', 'd.walidata_opd_id')
    .leftJoin('arch_ref as r', 'r.code', 'd.rad_code')
    .select(columns);
}

/** Data sets whose producer or walidata is one of the readable agencies. */
export async function searchDatasets(db: Kysely<DB>, f: DatasetFilter) {
  if (f.opdIds !== 'all' && f.opdIds.length === 0) return [];
  let q = base(db);
  if (f.opdIds !== 'all') {
    const ids = f.opdIds;
    q = q.where((eb) => eb.or([eb('d.producer_opd_id', 'in', ids), eb('d.walidata_opd_id', 'in', ids)]));
  }
  if (f.opdId) {
    const id = f.opdId;
    q = q.where((eb) => eb.or([eb('d.producer_opd_id', '=', id), eb('d.walidata_opd_id', '=', id)]));
  }
  if (f.sensitivity) q = q.where('d.sensitivity', '=', f.sensitivity);
  if (f.search) {
    const like = likePattern(f.search);
    q = q.where((eb) => eb.or([eb('d.name', 'ilike', like), eb('d.description', 'ilike', like), eb('d.key', 'ilike', like)]));
  }
  if (f.appId) {
    const appId = f.appId;
    q = q.where(({ exists, selectFrom }) => exists(selectFrom('katalog_dataset_app as da').select('da.app_id').whereRef('da.dataset_id', '=', 'd.id').where('da.app_id', '=', appId)));
  }
  return q.orderBy('d.name').orderBy('d.id').limit(f.limit).offset(f.offset).execute();
}

export type DatasetRow = Awaited<ReturnType<typeof searchDatasets>>[number];

export function findDataset(db: Kysely<DB>, id: string) {
  return base(db).where('d.id', '=', id).executeTakeFirst();
}

/** The apps that hold each data set, and whether they read or write it. */
export function datasetApps(db: Kysely<DB>, datasetIds: string[]) {
  if (datasetIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('katalog_dataset_app as da')
    .innerJoin('katalog_app as a', 'a.id', 'da.app_id')
    .select(['da.dataset_id', 'da.access', 'a.id', 'a.key', 'a.name', 'a.opd_id'])
    .where('da.dataset_id', 'in', datasetIds)
    .orderBy('a.name')
    .execute();
}

export async function insertDataset(db: Kysely<DB>, row: Insertable<KatalogDatasetTable>, apps: { appId: string; access: 'read' | 'write' }[]): Promise<void> {
  await db.insertInto('katalog_dataset').values(row).execute();
  await replaceDatasetApps(db, row.id, apps);
}

export async function updateDatasetRow(db: Kysely<DB>, id: string, version: number, set: Record<string, unknown>, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('katalog_dataset')
    .set({ ...set, version: version + 1, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function replaceDatasetApps(db: Kysely<DB>, datasetId: string, apps: { appId: string; access: 'read' | 'write' }[]): Promise<void> {
  await db.deleteFrom('katalog_dataset_app').where('dataset_id', '=', datasetId).execute();
  if (apps.length) await db.insertInto('katalog_dataset_app').values(apps.map((a) => ({ dataset_id: datasetId, app_id: a.appId, access: a.access }))).execute();
}
