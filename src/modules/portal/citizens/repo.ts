import { sql, type Insertable, type Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema.ts';
import type { PortalCitizenTable, PortalConsentTable } from '../db.ts';

/** The citizens' SQL: profiles next to platform accounts, verification links and consents. */

export function findCitizen(db: Kysely<DB>, userId: string) {
  return db
    .selectFrom('app_user as u')
    .leftJoin('portal_citizen as c', 'c.user_id', 'u.id')
    .leftJoin('region as r', 'r.code', 'c.region_code')
    .select([
      'u.id',
      'u.name',
      'u.email',
      'u.status',
      'c.user_id as citizen_id',
      'c.nik_enc',
      'c.nik_key_id',
      'c.phone',
      'c.region_code',
      'r.kind as region_kind',
      'r.parent_code as region_parent',
      'c.address',
      'c.email_verified_at',
    ])
    .where('u.id', '=', userId)
    .executeTakeFirst();
}

export async function insertCitizen(db: Kysely<DB>, row: Insertable<PortalCitizenTable>): Promise<void> {
  await db.insertInto('portal_citizen').values(row).onConflict((oc) => oc.column('user_id').doNothing()).execute();
}

export async function updateCitizen(db: Kysely<DB>, userId: string, set: Partial<Omit<Insertable<PortalCitizenTable>, 'user_id'>>): Promise<void> {
  await db.updateTable('portal_citizen').set(set).where('user_id', '=', userId).execute();
}

export async function countMailSince(db: Kysely<DB>, address: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom('mail_outbox')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where(sql<string>`lower(to_address)`, '=', address.toLowerCase())
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function findOpenCitizenToken(db: Kysely<DB>, hash: string, now: Date) {
  return db
    .selectFrom('portal_citizen_token')
    .selectAll()
    .where('token_hash', '=', hash)
    .where('purpose', '=', 'verify_email')
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

/** Uses up every open link of the account; true when `hash` was still open. */
export async function useCitizenTokens(db: Kysely<DB>, userId: string, hash: string, now: Date): Promise<boolean> {
  const own = await db.updateTable('portal_citizen_token').set({ used_at: now }).where('token_hash', '=', hash).where('used_at', 'is', null).executeTakeFirst();
  await db.updateTable('portal_citizen_token').set({ used_at: now }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
  return Number(own.numUpdatedRows) === 1;
}

/** Whether a region code exists, and whether its province's regions are loaded at all. */
export async function regionFacts(db: Kysely<DB>, codes: string[]) {
  const rows = await db.selectFrom('region').select(['code', 'kind', 'parent_code']).where('code', 'in', codes).execute();
  return new Map(rows.map((r) => [r.code, r]));
}

export function listRegencies(db: Kysely<DB>) {
  return db.selectFrom('region').select(['code', 'name']).where('kind', 'in', ['kabupaten', 'kota']).orderBy('code').execute();
}

export function listDistricts(db: Kysely<DB>, regencyCode: string) {
  return db.selectFrom('region').select(['code', 'name']).where('kind', '=', 'kecamatan').where('parent_code', '=', regencyCode).orderBy('name').execute();
}

export function regionName(db: Kysely<DB>, code: string) {
  return db.selectFrom('region').select(['code', 'name', 'kind', 'parent_code']).where('code', '=', code).executeTakeFirst();
}

// ---- Consents -------------------------------------------------------------------------------------

export async function insertConsent(db: Kysely<DB>, row: Insertable<PortalConsentTable>): Promise<void> {
  await db.insertInto('portal_consent').values(row).execute();
}

const consentColumns = [
  'c.id',
  'c.user_id',
  'c.purpose',
  'c.data_elements',
  'c.opd_id',
  'o.name as opd_name',
  'c.service_id',
  's.name as service_name',
  's.key as service_key',
  'c.source',
  'c.granted_at',
  'c.withdrawn_at',
] as const;

function consentQuery(db: Kysely<DB>) {
  return db.selectFrom('portal_consent as c').leftJoin('opd as o', 'o.id', 'c.opd_id').leftJoin('katalog_service as s', 's.id', 'c.service_id').select(consentColumns);
}

export type ConsentRow = NonNullable<Awaited<ReturnType<typeof findConsent>>>;

export function findConsent(db: Kysely<DB>, consentId: string) {
  return consentQuery(db).where('c.id', '=', consentId).executeTakeFirst();
}

export function consentsOf(db: Kysely<DB>, userId: string) {
  return consentQuery(db).where('c.user_id', '=', userId).orderBy('c.withdrawn_at', (ob) => ob.desc().nullsFirst()).orderBy('c.granted_at', 'desc').orderBy('c.id').execute();
}

export async function markWithdrawn(db: Kysely<DB>, consentId: string, now: Date): Promise<boolean> {
  const r = await db.updateTable('portal_consent').set({ withdrawn_at: now }).where('id', '=', consentId).where('withdrawn_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Open consents of a citizen towards an agency that cover every one of `elements`. */
export async function findCoveringConsent(db: Kysely<DB>, input: { userId: string; opdId: string | null; elements: string[]; purpose?: string }) {
  let q = db
    .selectFrom('portal_consent')
    .select('id')
    .where('user_id', '=', input.userId)
    .where('withdrawn_at', 'is', null)
    .where(sql<boolean>`data_elements @> ${input.elements}::text[]`);
  q = input.opdId ? q.where('opd_id', '=', input.opdId) : q.where('opd_id', 'is', null);
  if (input.purpose) q = q.where('purpose', '=', input.purpose);
  return q.limit(1).executeTakeFirst();
}
