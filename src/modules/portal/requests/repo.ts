import { sql, type Kysely, type Insertable, type Updateable } from 'kysely';
import type { DB } from '../../../platform/db/schema.ts';
import type { PortalRequestDocumentTable, PortalRequestEventTable, PortalRequestTable } from '../db.ts';

/** A service as the apply page needs it: published on the portal, online, and its published form. */
export function findServiceForApply(db: Kysely<DB>, key: string) {
  return db
    .selectFrom('katalog_service as s')
    .innerJoin('portal_service as p', 'p.service_id', 's.id')
    .leftJoin('opd as o', 'o.id', 's.opd_id')
    .leftJoin('portal_form as f', (j) => j.onRef('f.service_id', '=', 's.id').on('f.status', '=', 'published'))
    .select(['s.id', 's.key', 's.name', 's.opd_id', 'o.name as opd_name', 's.sla_working_days', 'p.published', 'p.availability', 'f.id as form_id', 'f.definition', 'f.version as form_version'])
    .where('s.key', '=', key)
    .executeTakeFirst();
}
export type ApplyServiceRow = NonNullable<Awaited<ReturnType<typeof findServiceForApply>>>;

/** The citizen's open draft for a service, if any. */
export function findDraft(db: Kysely<DB>, citizenId: string, serviceId: string) {
  return db
    .selectFrom('portal_request')
    .select('id')
    .where('citizen_id', '=', citizenId)
    .where('service_id', '=', serviceId)
    .where('status', '=', 'draft')
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
}

export async function insertRequest(db: Kysely<DB>, row: Insertable<PortalRequestTable>): Promise<void> {
  await db.insertInto('portal_request').values(row).execute();
}

export async function insertRequestEvent(db: Kysely<DB>, row: Insertable<PortalRequestEventTable>): Promise<void> {
  await db.insertInto('portal_request_event').values(row).execute();
}

function requestQuery(db: Kysely<DB>) {
  return db
    .selectFrom('portal_request as r')
    .innerJoin('katalog_service as s', 's.id', 'r.service_id')
    .innerJoin('portal_form as f', 'f.id', 'r.form_id')
    .leftJoin('opd as o', 'o.id', 'r.opd_id')
    .select([
      'r.id',
      'r.tracking_number',
      'r.service_id',
      's.key as service_key',
      's.name as service_name',
      'r.form_id',
      'f.definition',
      'r.opd_id',
      'o.name as opd_name',
      'r.citizen_id',
      'r.status',
      'r.answers',
      'r.prefilled',
      'r.sla_working_days',
      'r.submitted_at',
      // pg returns a date as a Date at the process's midnight; the local day is what is meant.
      sql<string | null>`to_char(r.due_day, 'YYYY-MM-DD')`.as('due_day'),
      'r.paused_since',
      'r.paused_working_days',
      'r.decided_at',
      'r.decision_reason',
      'r.version',
      'r.created_at',
      'r.updated_at',
    ]);
}

export function findRequest(db: Kysely<DB>, requestId: string) {
  return requestQuery(db).where('r.id', '=', requestId).executeTakeFirst();
}
export type RequestRow = NonNullable<Awaited<ReturnType<typeof findRequest>>>;

export function findRequestByNumber(db: Kysely<DB>, trackingNumber: string) {
  return requestQuery(db).where('r.tracking_number', '=', trackingNumber).executeTakeFirst();
}

/** Locks the request row for a change (and returns its current state). */
export function lockRequest(db: Kysely<DB>, requestId: string) {
  return db.selectFrom('portal_request').selectAll().where('id', '=', requestId).forUpdate().executeTakeFirst();
}

/** Changes a request if it still has `version`; false when someone else changed it meanwhile. */
export async function updateRequest(db: Kysely<DB>, requestId: string, version: number, set: Updateable<PortalRequestTable>): Promise<boolean> {
  const res = await db
    .updateTable('portal_request')
    .set({ ...set, version: sql`version + 1` })
    .where('id', '=', requestId)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export function listRequestsOf(db: Kysely<DB>, citizenId: string, limit = 200) {
  return db
    .selectFrom('portal_request as r')
    .innerJoin('katalog_service as s', 's.id', 'r.service_id')
    .leftJoin('opd as o', 'o.id', 'r.opd_id')
    .select(['r.id', 'r.tracking_number', 's.key as service_key', 's.name as service_name', 'o.name as opd_name', 'r.status', 'r.submitted_at', sql<string | null>`to_char(r.due_day, 'YYYY-MM-DD')`.as('due_day'), 'r.paused_since', 'r.created_at', 'r.updated_at'])
    .where('r.citizen_id', '=', citizenId)
    .orderBy('r.created_at', 'desc')
    .limit(limit)
    .execute();
}

/** The history the citizen sees: never internal notes. */
export function publicEvents(db: Kysely<DB>, requestId: string) {
  return db
    .selectFrom('portal_request_event')
    .select(['id', 'at', 'kind', 'from_status', 'to_status', 'message', 'data'])
    .where('request_id', '=', requestId)
    .where('internal', '=', false)
    .where('kind', '!=', 'note')
    .orderBy('seq')
    .execute();
}

export function liveDocuments(db: Kysely<DB>, requestId: string) {
  return db
    .selectFrom('portal_request_document')
    .select(['id', 'file_id', 'kind', 'requirement_code', 'name', 'content_type', 'size', 'created_at'])
    .where('request_id', '=', requestId)
    .where('removed_at', 'is', null)
    .orderBy('created_at')
    .execute();
}
export type DocumentRow = Awaited<ReturnType<typeof liveDocuments>>[number];

export function findDocument(db: Kysely<DB>, requestId: string, documentId: string) {
  return db
    .selectFrom('portal_request_document')
    .select(['id', 'file_id', 'kind', 'requirement_code', 'name', 'content_type', 'size', 'created_at'])
    .where('request_id', '=', requestId)
    .where('id', '=', documentId)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
}

export async function insertDocument(db: Kysely<DB>, row: Insertable<PortalRequestDocumentTable>): Promise<void> {
  await db.insertInto('portal_request_document').values(row).execute();
}

/** Marks documents removed; returns their file ids. */
export async function removeDocuments(db: Kysely<DB>, requestId: string, filter: { id?: string; requirementCode?: string }, now: Date): Promise<string[]> {
  let q = db.updateTable('portal_request_document').set({ removed_at: now }).where('request_id', '=', requestId).where('removed_at', 'is', null).where('kind', '=', 'requirement');
  if (filter.id) q = q.where('id', '=', filter.id);
  if (filter.requirementCode) q = q.where('requirement_code', '=', filter.requirementCode);
  return (await q.returning('file_id').execute()).map((r) => r.file_id);
}

export async function nextTrackingSerial(db: Kysely<DB>): Promise<number> {
  const { rows } = await sql<{ n: string }>`SELECT nextval('portal_request_number_seq') AS n`.execute(db);
  return Number(rows[0]!.n);
}

/** Survey links the case work sent with a decision (inbox params `surveyUrl`). */
export function surveyLinksOf(db: Kysely<DB>, requestId: string) {
  return db.selectFrom('portal_inbox_message').select(['params', 'created_at']).where('request_id', '=', requestId).orderBy('created_at', 'desc').execute();
}

// ---- Inbox ---------------------------------------------------------------------------------------

export function inboxOf(db: Kysely<DB>, userId: string, limit = 100) {
  return db
    .selectFrom('portal_inbox_message as m')
    .leftJoin('portal_request as r', 'r.id', 'm.request_id')
    .select(['m.id', 'm.request_id', 'r.tracking_number', 'm.message_key', 'm.params', 'm.created_at', 'm.read_at'])
    .where('m.user_id', '=', userId)
    .orderBy('m.created_at', 'desc')
    .orderBy('m.id')
    .limit(limit)
    .execute();
}

export async function unreadCount(db: Kysely<DB>, userId: string): Promise<number> {
  const row = await db.selectFrom('portal_inbox_message').select((eb) => eb.fn.countAll<string>().as('n')).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Marks one message (or all, without `messageId`) read; returns how many changed, or null when the message is not the user's. */
export async function markRead(db: Kysely<DB>, userId: string, messageId: string | null, now: Date): Promise<number | null> {
  if (messageId) {
    const own = await db.selectFrom('portal_inbox_message').select(['id', 'read_at']).where('id', '=', messageId).where('user_id', '=', userId).executeTakeFirst();
    if (!own) return null;
    if (own.read_at) return 0;
  }
  let q = db.updateTable('portal_inbox_message').set({ read_at: now }).where('user_id', '=', userId).where('read_at', 'is', null);
  if (messageId) q = q.where('id', '=', messageId);
  const res = await q.executeTakeFirst();
  return Number(res.numUpdatedRows);
}
