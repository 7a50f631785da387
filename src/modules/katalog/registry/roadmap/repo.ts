import type { Insertable, Kysely } from 'kysely';
import type { DB } from '../../../../platform/db/schema.ts';
import type { KatalogRoadmapItemTable, ROADMAP_AREAS } from '../../db.ts';
import type { RoadmapStatus, RoadmapTargetType } from '../db.ts';

export type RoadmapArea = (typeof ROADMAP_AREAS)[number];

export interface RoadmapFilter {
  opdIds: 'all' | string[];
  opdId?: string;
  area?: RoadmapArea;
  status?: RoadmapStatus;
  year?: number;
  targetId?: string;
  limit: number;
}

const columns = [
  'r.id',
  'r.key',
  'r.area',
  'r.title',
  'r.description',
  'r.baseline',
  'r.target',
  'r.start_year',
  'r.end_year',
  'r.owner_opd_id',
  'opd.name as owner_name',
  'r.budget_code',
  'r.status',
  'r.synthetic',
  'r.version',
  'r.created_at',
  'r.updated_at',
] as const;

function base(db: Kysely<DB>) {
  return db.selectFrom('katalog_roadmap_item as r').leftJoin('opd', 'opd.id', 'r.owner_opd_id').select(columns);
}

export async function searchRoadmap(db: Kysely<DB>, f: RoadmapFilter) {
  if (f.opdIds !== 'all' && f.opdIds.length === 0) return [];
  let q = base(db);
  if (f.opdIds !== 'all') q = q.where('r.owner_opd_id', 'in', f.opdIds);
  if (f.opdId) q = q.where('r.owner_opd_id', '=', f.opdId);
  if (f.area) q = q.where('r.area', '=', f.area);
  if (f.status) q = q.where('r.status', '=', f.status);
  if (f.year) q = q.where('r.start_year', '<=', f.year).where('r.end_year', '>=', f.year);
  if (f.targetId) {
    const id = f.targetId;
    q = q.where(({ exists, selectFrom }) => exists(selectFrom('katalog_roadmap_link as l').select('l.item_id').whereRef('l.item_id', '=', 'r.id').where('l.target_id', '=', id)));
  }
  return q.orderBy('r.start_year').orderBy('r.title').orderBy('r.id').limit(f.limit).execute();
}

export type RoadmapRow = Awaited<ReturnType<typeof searchRoadmap>>[number];

export function findRoadmapItem(db: Kysely<DB>, id: string) {
  return base(db).where('r.id', '=', id).executeTakeFirst();
}

export function linksOf(db: Kysely<DB>, itemIds: string[]) {
  if (itemIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('katalog_roadmap_link').select(['item_id', 'target_type', 'target_id']).where('item_id', 'in', itemIds).execute();
}

export async function insertRoadmapItem(db: Kysely<DB>, row: Insertable<KatalogRoadmapItemTable>, links: { type: RoadmapTargetType; id: string }[]): Promise<void> {
  await db.insertInto('katalog_roadmap_item').values(row).execute();
  await replaceLinks(db, row.id, links);
}

export async function updateRoadmapRow(db: Kysely<DB>, id: string, version: number, set: Record<string, unknown>, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('katalog_roadmap_item')
    .set({ ...set, version: version + 1, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function replaceLinks(db: Kysely<DB>, itemId: string, links: { type: RoadmapTargetType; id: string }[]): Promise<void> {
  await db.deleteFrom('katalog_roadmap_link').where('item_id', '=', itemId).execute();
  if (links.length) await db.insertInto('katalog_roadmap_link').values(links.map((l) => ({ item_id: itemId, target_type: l.type, target_id: l.id }))).execute();
}
