import { sql, type Insertable, type Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema.ts';
import type { DeliveryStatus, ElementField, GerbangConsentTable, GerbangDataElementTable, GerbangSubscriptionTable } from './db.ts';

/** The only SQL of once-only data: the source registry, consents, the citizen's access log, change notifications. */
type Db = Kysely<DB>;

// ---- Data elements ---------------------------------------------------------------------------

const ELEMENT_COLUMNS = [
  'e.id',
  'e.code',
  'e.name',
  'e.description',
  'e.subject_kind',
  'e.key_kind',
  'e.service_id',
  'e.method',
  'e.path_template',
  'e.fields',
  'e.active',
  'e.created_at',
  'e.updated_at',
  'v.code as service_code',
  'v.name as service_name',
  'v.lifecycle as service_lifecycle',
  'v.personal_data as service_personal_data',
  'ps.id as provider_subsystem_id',
  'ps.code as provider_subsystem_code',
  'ps.name as provider_subsystem_name',
  'po.id as provider_opd_id',
  'po.code as provider_opd_code',
  'po.name as provider_opd_name',
] as const;

function elementsQuery(db: Db) {
  return db
    .selectFrom('gerbang_data_element as e')
    .innerJoin('gerbang_service as v', 'v.id', 'e.service_id')
    .innerJoin('gerbang_subsystem as ps', 'ps.id', 'v.subsystem_id')
    .innerJoin('opd as po', 'po.id', 'ps.opd_id')
    .select(ELEMENT_COLUMNS);
}

export function findElement(db: Db, id: string) {
  return elementsQuery(db).where('e.id', '=', id).executeTakeFirst();
}
export type ElementRow = NonNullable<Awaited<ReturnType<typeof findElement>>>;

export function findElementsByCode(db: Db, codes: string[]) {
  if (codes.length === 0) return Promise.resolve([] as ElementRow[]);
  return elementsQuery(db).where('e.code', 'in', codes).execute();
}

export function listElements(db: Db, filter: { search?: string; activeOnly?: boolean } = {}) {
  let q = elementsQuery(db);
  if (filter.activeOnly) q = q.where('e.active', '=', true);
  if (filter.search) {
    const like = `%${filter.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb(eb.fn('lower', ['e.name']), 'like', like), eb('e.code', 'like', like)]));
  }
  return q.orderBy('e.code').execute();
}

export async function elementCodeTaken(db: Db, code: string): Promise<boolean> {
  return !!(await db.selectFrom('gerbang_data_element').select('id').where('code', '=', code).executeTakeFirst());
}

export async function insertElement(db: Db, row: Omit<Insertable<GerbangDataElementTable>, 'fields'> & { fields: ElementField[] }): Promise<void> {
  await db
    .insertInto('gerbang_data_element')
    .values({ ...row, fields: JSON.stringify(row.fields) })
    .execute();
}

export async function updateElementRow(
  db: Db,
  id: string,
  changes: { name?: string; description?: string | null; subject_kind?: string; key_kind?: string; service_id?: string; path_template?: string; fields?: ElementField[]; active?: boolean },
  now: Date,
): Promise<void> {
  const { fields, ...rest } = changes;
  await db
    .updateTable('gerbang_data_element')
    .set({ ...(rest as object), ...(fields ? { fields: JSON.stringify(fields) } : {}), updated_at: now })
    .where('id', '=', id)
    .execute();
}

// ---- Consents --------------------------------------------------------------------------------

const CONSENT_COLUMNS = [
  'c.id',
  'c.user_id',
  'c.subject_index',
  'c.recipient_id',
  'c.purpose',
  'c.purpose_text',
  'c.legal_basis',
  'c.data_elements',
  'c.granted_at',
  'c.expires_at',
  'c.withdrawn_at',
  'c.portal_consent_id',
  'rs.code as recipient_code',
  'rs.name as recipient_name',
  'ro.id as recipient_opd_id',
  'ro.code as recipient_opd_code',
  'ro.name as recipient_opd_name',
] as const;

function consentsQuery(db: Db) {
  return db
    .selectFrom('gerbang_consent as c')
    .innerJoin('gerbang_subsystem as rs', 'rs.id', 'c.recipient_id')
    .innerJoin('opd as ro', 'ro.id', 'rs.opd_id')
    .select(CONSENT_COLUMNS);
}

export async function insertConsent(db: Db, row: Insertable<GerbangConsentTable>): Promise<void> {
  await db.insertInto('gerbang_consent').values(row).execute();
}

export function findConsent(db: Db, id: string) {
  return consentsQuery(db).where('c.id', '=', id).executeTakeFirst();
}
export type ConsentRow = NonNullable<Awaited<ReturnType<typeof findConsent>>>;

export function consentsOfUser(db: Db, userId: string) {
  return consentsQuery(db).where('c.user_id', '=', userId).orderBy('c.withdrawn_at', (ob) => ob.desc().nullsFirst()).orderBy('c.granted_at', 'desc').limit(200).execute();
}

/**
 * The newest open consent of a subject that lets `recipientId` fetch every one of `elements` for
 * `purpose`; with `consentId`, only that one counts.
 */
export function findCoveringConsent(db: Db, q: { subjectIndex: string; recipientId: string; purpose: string; elements: string[]; now: Date; consentId?: string }) {
  let query = consentsQuery(db)
    .where('c.subject_index', '=', q.subjectIndex)
    .where('c.recipient_id', '=', q.recipientId)
    .where('c.purpose', '=', q.purpose)
    .where('c.withdrawn_at', 'is', null)
    .where('c.expires_at', '>', q.now)
    .where(sql<boolean>`c.data_elements @> ${sql.val(q.elements)}::text[]`);
  if (q.consentId) query = query.where('c.id', '=', q.consentId);
  return query.orderBy('c.granted_at', 'desc').limit(1).executeTakeFirst();
}

export async function markConsentWithdrawn(db: Db, id: string, at: Date): Promise<boolean> {
  const result = await db.updateTable('gerbang_consent').set({ withdrawn_at: at }).where('id', '=', id).where('withdrawn_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// ---- The citizen's access log (from the evidence log) ----------------------------------------

/**
 * Exchanges whose X-Road-UserId or X-Road-Represented-Party is the subject, found through their
 * keyed hashes (exact match only), newest first, with the consumer's and provider's names.
 */
export function listSubjectExchanges(db: Db, q: { userIdIndexes: string[]; partyIndexes: string[]; beforeId?: string; limit: number }) {
  let query = db
    .selectFrom('gerbang_evidence as x')
    // The log keeps ids as text (it outlives the rows it names), so joins compare as text.
    .leftJoin('gerbang_subsystem as cs', (j) => j.on(sql<boolean>`cs.id::text = x.client_subsystem_id`))
    .leftJoin('opd as co', (j) => j.on(sql<boolean>`co.id::text = x.consumer_opd_id`))
    .leftJoin('opd as po', (j) => j.on(sql<boolean>`po.id::text = x.provider_opd_id`))
    .leftJoin('gerbang_service as v', (j) => j.on(sql<boolean>`v.id::text = x.service_db_id`))
    .select([
      'x.id',
      'x.xroad_id',
      'x.started_at',
      'x.client',
      'x.service',
      'x.endpoint',
      'x.method',
      'x.purpose',
      'x.legal_basis',
      'x.issue',
      'x.status',
      'x.error_type',
      'cs.name as client_name',
      'co.name as consumer_opd_name',
      'po.name as provider_opd_name',
      'v.name as service_name',
    ])
    .where((eb) => eb.or([eb('x.user_id_index', 'in', q.userIdIndexes), eb('x.represented_party_index', 'in', q.partyIndexes)]));
  if (q.beforeId) query = query.where('x.id', '<', q.beforeId);
  return query.orderBy('x.id', 'desc').limit(q.limit).execute();
}
export type SubjectExchangeRow = Awaited<ReturnType<typeof listSubjectExchanges>>[number];

// ---- Subscriptions ---------------------------------------------------------------------------

const SUBSCRIPTION_COLUMNS = [
  'b.id',
  'b.element_id',
  'b.subsystem_id',
  'b.delivery',
  'b.webhook_url',
  'b.secret_enc',
  'b.start_seq',
  'b.active',
  'b.created_at',
  'b.updated_at',
  'e.code as element_code',
  'e.name as element_name',
  'e.key_kind as element_key_kind',
  's.code as subsystem_code',
  's.name as subsystem_name',
  's.opd_id as opd_id',
  'o.code as opd_code',
  'o.name as opd_name',
] as const;

function subscriptionsQuery(db: Db) {
  return db
    .selectFrom('gerbang_subscription as b')
    .innerJoin('gerbang_data_element as e', 'e.id', 'b.element_id')
    .innerJoin('gerbang_subsystem as s', 's.id', 'b.subsystem_id')
    .innerJoin('opd as o', 'o.id', 's.opd_id')
    .select(SUBSCRIPTION_COLUMNS);
}

export function findSubscription(db: Db, id: string) {
  return subscriptionsQuery(db).where('b.id', '=', id).executeTakeFirst();
}
export type SubscriptionRow = NonNullable<Awaited<ReturnType<typeof findSubscription>>>;

export function listSubscriptions(db: Db, filter: { opdIds: string[] | 'all'; subsystemId?: string }) {
  let q = subscriptionsQuery(db);
  if (filter.opdIds !== 'all') {
    if (filter.opdIds.length === 0) return Promise.resolve([] as SubscriptionRow[]);
    q = q.where('s.opd_id', 'in', filter.opdIds);
  }
  if (filter.subsystemId) q = q.where('b.subsystem_id', '=', filter.subsystemId);
  return q.orderBy('b.active', 'desc').orderBy('b.created_at', 'desc').execute();
}

export async function activeSubscriptionExists(db: Db, elementId: string, subsystemId: string): Promise<boolean> {
  return !!(await db.selectFrom('gerbang_subscription').select('id').where('element_id', '=', elementId).where('subsystem_id', '=', subsystemId).where('active', '=', true).executeTakeFirst());
}

export async function insertSubscription(db: Db, row: Insertable<GerbangSubscriptionTable>): Promise<void> {
  await db.insertInto('gerbang_subscription').values(row).execute();
}

export async function deactivateSubscription(db: Db, id: string, now: Date): Promise<boolean> {
  const result = await db.updateTable('gerbang_subscription').set({ active: false, updated_at: now }).where('id', '=', id).where('active', '=', true).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export function activeWebhookSubscriptions(db: Db, elementId: string) {
  return db.selectFrom('gerbang_subscription').select(['id']).where('element_id', '=', elementId).where('active', '=', true).where('delivery', '=', 'webhook').execute();
}

/** Whether a subsystem may call a service at all (its own rights or its groups'), so it may learn of its records' changes. */
export async function hasAnyRight(db: Db, subsystemId: string, serviceId: string): Promise<boolean> {
  const row = await db
    .selectFrom('gerbang_access_right as r')
    .select('r.id')
    .where('r.service_id', '=', serviceId)
    .where((eb) =>
      eb.or([
        eb('r.subsystem_id', '=', subsystemId),
        eb('r.group_id', 'in', eb.selectFrom('gerbang_group_member').select('group_id').where('subsystem_id', '=', subsystemId)),
      ]),
    )
    .executeTakeFirst();
  return !!row;
}

// ---- Change events ---------------------------------------------------------------------------

/** The last event number published so far. */
export async function lastEventSeq(db: Db): Promise<number> {
  const row = await db.selectFrom('gerbang_change_event').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
  return Number(row?.seq ?? 0);
}

/**
 * The next event number, inside the publishing transaction. The transaction-level advisory lock
 * is held until commit, so events commit in number order and a reader's cursor never passes an
 * event that is still being written.
 */
export async function nextEventSeq(tx: Db): Promise<number> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('gerbang_change_event'))`.execute(tx);
  return (await lastEventSeq(tx)) + 1;
}

export async function insertEvent(
  db: Db,
  row: { id: string; seq: number; element_id: string; record_key_enc: string; record_key_index: string; key_id: string; changed_fields: string[]; occurred_at: Date; published_at: Date; published_by: string },
): Promise<void> {
  await db.insertInto('gerbang_change_event').values(row).execute();
}

const EVENT_COLUMNS = [
  'ev.id',
  'ev.seq',
  'ev.element_id',
  'ev.record_key_enc',
  'ev.key_id',
  'ev.changed_fields',
  'ev.occurred_at',
  'ev.published_at',
  'e.code as element_code',
] as const;

export function listEvents(db: Db, q: { elementId: string; afterSeq: number; limit: number }) {
  return db
    .selectFrom('gerbang_change_event as ev')
    .innerJoin('gerbang_data_element as e', 'e.id', 'ev.element_id')
    .select(EVENT_COLUMNS)
    .where('ev.element_id', '=', q.elementId)
    .where('ev.seq', '>', String(q.afterSeq))
    .orderBy('ev.seq')
    .limit(q.limit)
    .execute();
}
export type EventRow = Awaited<ReturnType<typeof listEvents>>[number];

// ---- Deliveries ------------------------------------------------------------------------------

export async function insertDeliveries(db: Db, rows: { id: string; subscription_id: string; event_id: string; next_attempt_at: Date; created_at: Date }[]): Promise<void> {
  if (rows.length) await db.insertInto('gerbang_delivery').values(rows).execute();
}

const DELIVERY_COLUMNS = [
  'd.id',
  'd.subscription_id',
  'd.event_id',
  'd.status',
  'd.attempts',
  'd.next_attempt_at',
  'd.last_attempt_at',
  'd.last_status',
  'd.last_error',
  'd.delivered_at',
  'd.created_at',
  'ev.seq as event_seq',
  'ev.occurred_at as event_occurred_at',
] as const;

export function findDelivery(db: Db, id: string) {
  return db.selectFrom('gerbang_delivery as d').innerJoin('gerbang_change_event as ev', 'ev.id', 'd.event_id').select(DELIVERY_COLUMNS).where('d.id', '=', id).executeTakeFirst();
}
export type DeliveryRow = NonNullable<Awaited<ReturnType<typeof findDelivery>>>;

export function listDeliveries(db: Db, q: { subscriptionId: string; status?: DeliveryStatus; limit: number }) {
  let query = db.selectFrom('gerbang_delivery as d').innerJoin('gerbang_change_event as ev', 'ev.id', 'd.event_id').select(DELIVERY_COLUMNS).where('d.subscription_id', '=', q.subscriptionId);
  if (q.status) query = query.where('d.status', '=', q.status);
  return query.orderBy('ev.seq', 'desc').limit(q.limit).execute();
}

export async function countDeliveries(db: Db, subscriptionId: string): Promise<Record<DeliveryStatus, number>> {
  const rows = await db
    .selectFrom('gerbang_delivery')
    .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
    .where('subscription_id', '=', subscriptionId)
    .groupBy('status')
    .execute();
  const out: Record<DeliveryStatus, number> = { pending: 0, delivered: 0, dead: 0 };
  for (const r of rows) out[r.status] = Number(r.n);
  return out;
}

/** What one delivery attempt needs: the delivery, its subscription's endpoint and secret, and the event. */
export function deliveryWork(db: Db, id: string) {
  return db
    .selectFrom('gerbang_delivery as d')
    .innerJoin('gerbang_subscription as b', 'b.id', 'd.subscription_id')
    .innerJoin('gerbang_change_event as ev', 'ev.id', 'd.event_id')
    .innerJoin('gerbang_data_element as e', 'e.id', 'ev.element_id')
    .select([
      'd.id',
      'd.status',
      'd.attempts',
      'b.id as subscription_id',
      'b.active as subscription_active',
      'b.webhook_url',
      'b.secret_enc',
      'ev.id as event_id',
      'ev.seq',
      'ev.record_key_enc',
      'ev.changed_fields',
      'ev.occurred_at',
      'ev.published_at',
      'e.code as element_code',
      'e.key_kind',
    ])
    .where('d.id', '=', id)
    .executeTakeFirst();
}

/**
 * Takes attempt number `attempt` of a pending delivery. Only one taker wins: a duplicate job, a
 * manual retry racing a scheduled one, or another process finds the count moved on.
 */
export async function claimAttempt(db: Db, id: string, attempt: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('gerbang_delivery')
    .set({ attempts: attempt, last_attempt_at: now, next_attempt_at: null })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('attempts', '=', attempt - 1)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function recordAttempt(db: Db, id: string, outcome: { status: DeliveryStatus; lastStatus: number | null; lastError: string | null; nextAttemptAt: Date | null; deliveredAt: Date | null }): Promise<void> {
  await db
    .updateTable('gerbang_delivery')
    .set({ status: outcome.status, last_status: outcome.lastStatus, last_error: outcome.lastError, next_attempt_at: outcome.nextAttemptAt, delivered_at: outcome.deliveredAt })
    .where('id', '=', id)
    .execute();
}

/** A dead delivery back to pending for one more attempt; false when it was not dead. */
export async function reviveDelivery(db: Db, id: string, now: Date): Promise<boolean> {
  const result = await db.updateTable('gerbang_delivery').set({ status: 'pending', next_attempt_at: now }).where('id', '=', id).where('status', '=', 'dead').executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// ---- Demo ------------------------------------------------------------------------------------

export async function demoLoaded(db: Db): Promise<boolean> {
  return !!(await db.selectFrom('gerbang_demo').select('id').where('id', '=', 1).executeTakeFirst());
}

export async function markDemoLoaded(db: Db, now: Date): Promise<void> {
  await db.insertInto('gerbang_demo').values({ id: 1, loaded_at: now }).onConflict((oc) => oc.column('id').doNothing()).execute();
}
