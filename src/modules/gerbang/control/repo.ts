import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema.ts';
import type { EndpointMethod, RequestStatus, ServiceLifecycle } from '../db.ts';

/** The only SQL of the gerbang control plane. */
type Db = Kysely<DB>;

// ---- Subsystems ------------------------------------------------------------------------------

const SUBSYSTEM_COLUMNS = [
  's.id',
  's.opd_id',
  's.code',
  's.name',
  's.description',
  's.app_id',
  's.active',
  's.created_at',
  's.updated_at',
  'o.code as opd_code',
  'o.name as opd_name',
] as const;

export function findSubsystem(db: Db, id: string) {
  return db.selectFrom('gerbang_subsystem as s').innerJoin('opd as o', 'o.id', 's.opd_id').select(SUBSYSTEM_COLUMNS).where('s.id', '=', id).executeTakeFirst();
}
export type SubsystemRow = NonNullable<Awaited<ReturnType<typeof findSubsystem>>>;

export function findSubsystemByCodes(db: Db, opdCode: string, code: string) {
  return db
    .selectFrom('gerbang_subsystem as s')
    .innerJoin('opd as o', 'o.id', 's.opd_id')
    .select(SUBSYSTEM_COLUMNS)
    .where('o.code', '=', opdCode)
    .where('s.code', '=', code)
    .executeTakeFirst();
}

export function listSubsystems(db: Db, filter: { opdIds: string[] | 'all' }) {
  let q = db.selectFrom('gerbang_subsystem as s').innerJoin('opd as o', 'o.id', 's.opd_id').select(SUBSYSTEM_COLUMNS);
  if (filter.opdIds !== 'all') {
    if (filter.opdIds.length === 0) return Promise.resolve([]);
    q = q.where('s.opd_id', 'in', filter.opdIds);
  }
  return q.orderBy('o.code').orderBy('s.code').execute();
}

export function subsystemCodeTaken(db: Db, opdId: string, code: string) {
  return db.selectFrom('gerbang_subsystem').select('id').where('opd_id', '=', opdId).where('code', '=', code).executeTakeFirst();
}

export async function insertSubsystem(db: Db, row: { id: string; opd_id: string; code: string; name: string; description: string | null; app_id: string | null; now: Date }) {
  const { now, ...values } = row;
  await db.insertInto('gerbang_subsystem').values({ ...values, active: true, created_at: now, updated_at: now }).execute();
}

export async function updateSubsystemRow(db: Db, id: string, changes: { name?: string; description?: string | null; app_id?: string | null; active?: boolean }, now: Date) {
  await db.updateTable('gerbang_subsystem').set({ ...changes, updated_at: now }).where('id', '=', id).execute();
}

export function appExists(db: Db, appId: string) {
  // Only existence: the app's own data belongs to the katalog module.
  return sql<{ ok: number }>`SELECT 1 AS ok FROM katalog_app WHERE id = ${appId}`.execute(db).then((r) => r.rows.length > 0);
}

// ---- Subsystem tokens -----------------------------------------------------------------------

export function listSubsystemTokens(db: Db, subsystemId: string) {
  return db
    .selectFrom('gerbang_subsystem_token as l')
    .innerJoin('api_token as t', 't.id', 'l.token_id')
    .select(['t.id', 't.opd_id', 't.name', 't.token_prefix', 't.scopes', 't.created_by', 't.created_at', 't.expires_at', 't.last_used_at', 't.revoked_at'])
    .where('l.subsystem_id', '=', subsystemId)
    .orderBy('t.created_at', 'desc')
    .execute();
}

export async function linkToken(db: Db, row: { token_id: string; subsystem_id: string; created_at: Date }) {
  await db.insertInto('gerbang_subsystem_token').values(row).execute();
}

export function findTokenLink(db: Db, tokenId: string) {
  return db.selectFrom('gerbang_subsystem_token').select(['token_id', 'subsystem_id']).where('token_id', '=', tokenId).executeTakeFirst();
}

// ---- Services --------------------------------------------------------------------------------

const SERVICE_COLUMNS = [
  'v.id',
  'v.subsystem_id',
  'v.code',
  'v.name',
  'v.description',
  'v.upstream_url',
  'v.version',
  'v.lifecycle',
  'v.timeout_ms',
  'v.body_limit_bytes',
  'v.capacity_rps',
  'v.rate_limit_rps',
  'v.daily_quota',
  'v.personal_data',
  'v.keep_bodies',
  'v.health_path',
  'v.openapi_format',
  'v.openapi_url',
  'v.lifecycle_changed_at',
  'v.created_at',
  'v.updated_at',
  's.code as subsystem_code',
  's.name as subsystem_name',
  's.opd_id',
  'o.code as opd_code',
  'o.name as opd_name',
] as const;

function servicesQuery(db: Db) {
  return db
    .selectFrom('gerbang_service as v')
    .innerJoin('gerbang_subsystem as s', 's.id', 'v.subsystem_id')
    .innerJoin('opd as o', 'o.id', 's.opd_id')
    .select(SERVICE_COLUMNS);
}

export function findService(db: Db, id: string) {
  return servicesQuery(db).where('v.id', '=', id).executeTakeFirst();
}
export type ServiceRow = NonNullable<Awaited<ReturnType<typeof findService>>>;

export function listServices(db: Db, filter: { openOrOpdIds: string[] | 'all'; opdId?: string; subsystemId?: string; search?: string; lifecycle?: ServiceLifecycle }) {
  let q = servicesQuery(db);
  if (filter.openOrOpdIds !== 'all') {
    const mine = filter.openOrOpdIds;
    q = q.where((eb) => eb.or([eb('v.lifecycle', 'in', ['published', 'deprecated']), ...(mine.length ? [eb('s.opd_id', 'in', mine)] : [])]));
  }
  if (filter.opdId) q = q.where('s.opd_id', '=', filter.opdId);
  if (filter.subsystemId) q = q.where('v.subsystem_id', '=', filter.subsystemId);
  if (filter.lifecycle) q = q.where('v.lifecycle', '=', filter.lifecycle);
  if (filter.search) {
    const like = `%${filter.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb(eb.fn('lower', ['v.name']), 'like', like), eb(eb.fn('lower', ['v.code']), 'like', like), eb(eb.fn('lower', ['o.name']), 'like', like)]));
  }
  return q.orderBy('o.code').orderBy('s.code').orderBy('v.code').limit(500).execute();
}

export function serviceCodeTaken(db: Db, subsystemId: string, code: string) {
  return db.selectFrom('gerbang_service').select('id').where('subsystem_id', '=', subsystemId).where('code', '=', code).executeTakeFirst();
}

export interface ServiceValues {
  name: string;
  description: string | null;
  upstream_url: string;
  version: string;
  timeout_ms: number;
  body_limit_bytes: number;
  capacity_rps: number | null;
  rate_limit_rps: number | null;
  daily_quota: number | null;
  personal_data: boolean;
  keep_bodies: boolean;
  health_path: string | null;
}

export async function insertService(db: Db, row: ServiceValues & { id: string; subsystem_id: string; code: string; lifecycle: ServiceLifecycle; openapi: string | null; openapi_format: 'json' | 'yaml' | null; openapi_url: string | null; now: Date }) {
  const { now, ...values } = row;
  await db.insertInto('gerbang_service').values({ ...values, lifecycle_changed_at: now, created_at: now, updated_at: now }).execute();
}

export async function updateServiceRow(db: Db, id: string, changes: Partial<ServiceValues & { lifecycle: ServiceLifecycle; lifecycle_changed_at: Date; openapi: string | null; openapi_format: 'json' | 'yaml' | null; openapi_url: string | null }>, now: Date) {
  await db.updateTable('gerbang_service').set({ ...changes, updated_at: now }).where('id', '=', id).execute();
}

export function findServiceOpenApi(db: Db, id: string) {
  return db.selectFrom('gerbang_service').select(['openapi', 'openapi_format']).where('id', '=', id).executeTakeFirst();
}

export function listEndpoints(db: Db, serviceIds: string[]) {
  if (serviceIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('gerbang_endpoint').select(['id', 'service_id', 'method', 'path', 'summary']).where('service_id', 'in', serviceIds).orderBy('service_id').orderBy('position').execute();
}

/** Replaces a service's endpoints with this list (in order). */
export async function replaceEndpoints(db: Db, serviceId: string, endpoints: { id: string; method: EndpointMethod; path: string; summary: string | null }[]) {
  await db.deleteFrom('gerbang_endpoint').where('service_id', '=', serviceId).execute();
  if (endpoints.length === 0) return;
  await db
    .insertInto('gerbang_endpoint')
    .values(endpoints.map((e, position) => ({ id: e.id, service_id: serviceId, method: e.method, path: e.path, summary: e.summary, position })))
    .execute();
}

// ---- Groups ----------------------------------------------------------------------------------

export function findGroup(db: Db, id: string) {
  return db
    .selectFrom('gerbang_group as g')
    .innerJoin('opd as o', 'o.id', 'g.opd_id')
    .select(['g.id', 'g.opd_id', 'g.code', 'g.name', 'g.created_at', 'o.code as opd_code', 'o.name as opd_name'])
    .where('g.id', '=', id)
    .executeTakeFirst();
}
export type GroupRow = NonNullable<Awaited<ReturnType<typeof findGroup>>>;

export function listGroups(db: Db, opdIds: string[] | 'all') {
  let q = db.selectFrom('gerbang_group as g').innerJoin('opd as o', 'o.id', 'g.opd_id').select(['g.id', 'g.opd_id', 'g.code', 'g.name', 'g.created_at', 'o.code as opd_code', 'o.name as opd_name']);
  if (opdIds !== 'all') {
    if (opdIds.length === 0) return Promise.resolve([]);
    q = q.where('g.opd_id', 'in', opdIds);
  }
  return q.orderBy('o.code').orderBy('g.code').execute();
}

export function groupCodeTaken(db: Db, opdId: string, code: string) {
  return db.selectFrom('gerbang_group').select('id').where('opd_id', '=', opdId).where('code', '=', code).executeTakeFirst();
}

export async function insertGroup(db: Db, row: { id: string; opd_id: string; code: string; name: string; created_at: Date }) {
  await db.insertInto('gerbang_group').values(row).execute();
}

export function listGroupMembers(db: Db, groupId: string) {
  return db
    .selectFrom('gerbang_group_member as m')
    .innerJoin('gerbang_subsystem as s', 's.id', 'm.subsystem_id')
    .innerJoin('opd as o', 'o.id', 's.opd_id')
    .select(['s.id', 's.code', 's.name', 'o.code as opd_code', 'o.name as opd_name', 'm.added_at'])
    .where('m.group_id', '=', groupId)
    .orderBy('o.code')
    .orderBy('s.code')
    .execute();
}

/** Adds a member; false when it was one already. */
export async function addGroupMemberRow(db: Db, row: { group_id: string; subsystem_id: string; added_at: Date }): Promise<boolean> {
  const inserted = await db.insertInto('gerbang_group_member').values(row).onConflict((oc) => oc.doNothing()).returning('group_id').execute();
  return inserted.length > 0;
}

export async function removeGroupMemberRow(db: Db, groupId: string, subsystemId: string): Promise<boolean> {
  const deleted = await db.deleteFrom('gerbang_group_member').where('group_id', '=', groupId).where('subsystem_id', '=', subsystemId).returning('group_id').execute();
  return deleted.length > 0;
}

// ---- Access rights ---------------------------------------------------------------------------

const RIGHT_COLUMNS = [
  'r.id',
  'r.service_id',
  'r.subsystem_id',
  'r.group_id',
  'r.method',
  'r.path',
  'r.rate_limit_rps',
  'r.daily_quota',
  'r.request_id',
  'r.granted_by',
  'r.created_at',
  's.code as subsystem_code',
  's.name as subsystem_name',
  'so.code as subsystem_opd_code',
  'g.code as group_code',
  'g.name as group_name',
] as const;

function rightsQuery(db: Db) {
  return db
    .selectFrom('gerbang_access_right as r')
    .leftJoin('gerbang_subsystem as s', 's.id', 'r.subsystem_id')
    .leftJoin('opd as so', 'so.id', 's.opd_id')
    .leftJoin('gerbang_group as g', 'g.id', 'r.group_id')
    .select(RIGHT_COLUMNS);
}

export function findRight(db: Db, id: string) {
  return rightsQuery(db).where('r.id', '=', id).executeTakeFirst();
}
export type RightRow = NonNullable<Awaited<ReturnType<typeof findRight>>>;

export function listRightsOfService(db: Db, serviceId: string) {
  return rightsQuery(db).where('r.service_id', '=', serviceId).orderBy('r.created_at').execute();
}

export function findSameRight(db: Db, r: { service_id: string; subsystem_id: string | null; group_id: string | null; method: EndpointMethod | null; path: string | null }) {
  let q = db.selectFrom('gerbang_access_right').select('id').where('service_id', '=', r.service_id);
  q = r.subsystem_id ? q.where('subsystem_id', '=', r.subsystem_id) : q.where('subsystem_id', 'is', null);
  q = r.group_id ? q.where('group_id', '=', r.group_id) : q.where('group_id', 'is', null);
  q = r.method ? q.where('method', '=', r.method) : q.where('method', 'is', null);
  q = r.path ? q.where('path', '=', r.path) : q.where('path', 'is', null);
  return q.executeTakeFirst();
}

export async function insertRight(db: Db, row: { id: string; service_id: string; subsystem_id: string | null; group_id: string | null; method: EndpointMethod | null; path: string | null; rate_limit_rps: number | null; daily_quota: number | null; request_id: string | null; granted_by: string | null; created_at: Date }) {
  await db.insertInto('gerbang_access_right').values(row).execute();
}

export async function deleteRight(db: Db, id: string) {
  await db.updateTable('gerbang_access_request').set({ right_id: null }).where('right_id', '=', id).execute();
  await db.deleteFrom('gerbang_access_right').where('id', '=', id).execute();
}

/** Rights that let this subsystem call something: its own, and its groups'. */
export function listRightsOfConsumer(db: Db, subsystemId: string) {
  return db
    .selectFrom('gerbang_access_right as r')
    .select(['r.id', 'r.service_id', 'r.method', 'r.path', 'r.rate_limit_rps', 'r.daily_quota', 'r.group_id'])
    .where((eb) =>
      eb.or([
        eb('r.subsystem_id', '=', subsystemId),
        eb('r.group_id', 'in', eb.selectFrom('gerbang_group_member').select('group_id').where('subsystem_id', '=', subsystemId)),
      ]),
    )
    .execute();
}

// ---- Access requests -------------------------------------------------------------------------

const REQUEST_COLUMNS = [
  'q.id',
  'q.service_id',
  'q.subsystem_id',
  'q.method',
  'q.path',
  'q.reason',
  'q.status',
  'q.requested_by',
  'q.created_at',
  'q.decided_by',
  'q.decided_at',
  'q.decision_reason',
  'q.right_id',
  'v.code as service_code',
  'v.name as service_name',
  'ps.code as provider_subsystem_code',
  'ps.opd_id as provider_opd_id',
  'po.code as provider_opd_code',
  'po.name as provider_opd_name',
  'cs.code as consumer_subsystem_code',
  'cs.name as consumer_subsystem_name',
  'cs.opd_id as consumer_opd_id',
  'co.code as consumer_opd_code',
  'co.name as consumer_opd_name',
] as const;

function requestsQuery(db: Db) {
  return db
    .selectFrom('gerbang_access_request as q')
    .innerJoin('gerbang_service as v', 'v.id', 'q.service_id')
    .innerJoin('gerbang_subsystem as ps', 'ps.id', 'v.subsystem_id')
    .innerJoin('opd as po', 'po.id', 'ps.opd_id')
    .innerJoin('gerbang_subsystem as cs', 'cs.id', 'q.subsystem_id')
    .innerJoin('opd as co', 'co.id', 'cs.opd_id')
    .select(REQUEST_COLUMNS);
}

export function findAccessRequest(db: Db, id: string) {
  return requestsQuery(db).where('q.id', '=', id).executeTakeFirst();
}
export type AccessRequestRow = NonNullable<Awaited<ReturnType<typeof findAccessRequest>>>;

export function listAccessRequests(db: Db, filter: { opdIds: string[] | 'all'; direction?: 'incoming' | 'outgoing'; status?: RequestStatus; serviceId?: string; subsystemId?: string }) {
  let q = requestsQuery(db);
  if (filter.opdIds !== 'all') {
    const ids = filter.opdIds;
    if (ids.length === 0) return Promise.resolve([]);
    if (filter.direction === 'incoming') q = q.where('ps.opd_id', 'in', ids);
    else if (filter.direction === 'outgoing') q = q.where('cs.opd_id', 'in', ids);
    else q = q.where((eb) => eb.or([eb('ps.opd_id', 'in', ids), eb('cs.opd_id', 'in', ids)]));
  }
  if (filter.status) q = q.where('q.status', '=', filter.status);
  if (filter.serviceId) q = q.where('q.service_id', '=', filter.serviceId);
  if (filter.subsystemId) q = q.where('q.subsystem_id', '=', filter.subsystemId);
  return q.orderBy('q.created_at', 'desc').limit(500).execute();
}

export function findPendingRequest(db: Db, r: { service_id: string; subsystem_id: string; method: EndpointMethod | null; path: string | null }) {
  let q = db.selectFrom('gerbang_access_request').select('id').where('service_id', '=', r.service_id).where('subsystem_id', '=', r.subsystem_id).where('status', '=', 'pending');
  q = r.method ? q.where('method', '=', r.method) : q.where('method', 'is', null);
  q = r.path ? q.where('path', '=', r.path) : q.where('path', 'is', null);
  return q.executeTakeFirst();
}

export async function insertAccessRequest(db: Db, row: { id: string; service_id: string; subsystem_id: string; method: EndpointMethod | null; path: string | null; reason: string; requested_by: string | null; created_at: Date }) {
  await db.insertInto('gerbang_access_request').values(row).execute();
}

/** Decides a pending request once; false when it was no longer pending. */
export async function decideRequestRow(db: Db, id: string, d: { status: 'approved' | 'rejected'; decided_by: string | null; decided_at: Date; decision_reason: string; right_id: string | null }): Promise<boolean> {
  const rows = await db.updateTable('gerbang_access_request').set(d).where('id', '=', id).where('status', '=', 'pending').returning('id').execute();
  return rows.length > 0;
}

// ---- Agency merges ---------------------------------------------------------------------------

/** Moves an agency's subsystems and groups to the agency it merged into; codes that clash get the old agency's code appended. */
export async function moveAgencyRecords(db: Db, fromId: string, toId: string): Promise<void> {
  const from = await db.selectFrom('opd').select('code').where('id', '=', fromId).executeTakeFirstOrThrow();
  for (const table of ['gerbang_subsystem', 'gerbang_group'] as const) {
    await sql`UPDATE ${sql.table(table)} AS t SET code = left(t.code || '-' || ${from.code}, 64)
              WHERE t.opd_id = ${fromId} AND EXISTS (SELECT 1 FROM ${sql.table(table)} u WHERE u.opd_id = ${toId} AND u.code = t.code)`.execute(db);
    await sql`UPDATE ${sql.table(table)} SET opd_id = ${toId} WHERE opd_id = ${fromId}`.execute(db);
  }
}
