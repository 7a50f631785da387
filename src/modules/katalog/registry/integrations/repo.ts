import { sql, type Insertable, type Kysely } from 'kysely';
import type { DB } from '../../../../platform/db/schema.ts';
import type { INTEGRATION_CHANNELS, KatalogIntegrationTable } from '../../db.ts';

export type Channel = (typeof INTEGRATION_CHANNELS)[number];

export interface IntegrationFilter {
  opdIds: 'all' | string[];
  appId?: string;
  opdId?: string;
  channel?: Channel;
  integrated?: boolean;
  limit: number;
  offset: number;
}

const columns = [
  'g.id',
  'g.consumer_app_id',
  'ca.key as consumer_key',
  'ca.name as consumer_name',
  'ca.opd_id as consumer_opd_id',
  'g.provider_app_id',
  'pa.key as provider_key',
  'pa.name as provider_name',
  'pa.opd_id as provider_opd_id',
  'g.dataset_id',
  'd.key as dataset_key',
  'd.name as dataset_name',
  'g.channel',
  'g.integrated',
  'g.note',
  'g.created_at',
] as const;

function base(db: Kysely<DB>) {
  return db
    .selectFrom('katalog_integration as g')
    .innerJoin('katalog_app as ca', 'ca.id', 'g.consumer_app_id')
    .innerJoin('katalog_app as pa', 'pa.id', 'g.provider_app_id')
    .leftJoin('katalog_dataset as d', 'd.id', 'g.dataset_id')
    .select(columns);
}

/** Integrations where either side belongs to one of the readable agencies. */
export async function searchIntegrations(db: Kysely<DB>, f: IntegrationFilter) {
  if (f.opdIds !== 'all' && f.opdIds.length === 0) return [];
  let q = base(db);
  if (f.opdIds !== 'all') {
    const ids = f.opdIds;
    q = q.where((eb) => eb.or([eb('ca.opd_id', 'in', ids), eb('pa.opd_id', 'in', ids)]));
  }
  if (f.opdId) {
    const id = f.opdId;
    q = q.where((eb) => eb.or([eb('ca.opd_id', '=', id), eb('pa.opd_id', '=', id)]));
  }
  if (f.appId) {
    const id = f.appId;
    q = q.where((eb) => eb.or([eb('g.consumer_app_id', '=', id), eb('g.provider_app_id', '=', id)]));
  }
  if (f.channel) q = q.where('g.channel', '=', f.channel);
  if (f.integrated !== undefined) q = q.where('g.integrated', '=', f.integrated);
  return q.orderBy('ca.name').orderBy('pa.name').orderBy('g.id').limit(f.limit).offset(f.offset).execute();
}

export type IntegrationRow = Awaited<ReturnType<typeof searchIntegrations>>[number];

export function findIntegration(db: Kysely<DB>, id: string) {
  return base(db).where('g.id', '=', id).executeTakeFirst();
}

/** The integration recorded for this consumer, provider and data set, if any. */
export function findUse(db: Kysely<DB>, consumerAppId: string, providerAppId: string, datasetId: string | null) {
  return db
    .selectFrom('katalog_integration')
    .select('id')
    .where('consumer_app_id', '=', consumerAppId)
    .where('provider_app_id', '=', providerAppId)
    .where(sql<boolean>`dataset_id IS NOT DISTINCT FROM ${datasetId}::uuid`)
    .executeTakeFirst();
}

export const insertIntegration = (db: Kysely<DB>, row: Insertable<KatalogIntegrationTable>) => db.insertInto('katalog_integration').values(row).execute();

export const updateIntegrationRow = (db: Kysely<DB>, id: string, set: Record<string, unknown>) => db.updateTable('katalog_integration').set(set).where('id', '=', id).execute();

export const deleteIntegrationRow = (db: Kysely<DB>, id: string) => db.deleteFrom('katalog_integration').where('id', '=', id).execute();
