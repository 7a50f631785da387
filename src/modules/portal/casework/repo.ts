import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB } from '../../../platform/db/schema.ts';
import type { PortalRequestTable, RequestEventKind, RequestStatus } from '../db.ts';

/** Casework's SQL: the officers' queue, one request with its history and files, forms, escalation. */

type RequestRowRaw = Selectable<PortalRequestTable>;
/** A request row with its due day as `YYYY-MM-DD` text (never a Date shifted by the process's zone). */
export type RequestRow = Omit<RequestRowRaw, 'due_day'> & { due_day: string | null };

const dueDayText = sql<string | null>`to_char(r.due_day, 'YYYY-MM-DD')`.as('due_day');

const REQUEST_COLUMNS = [
  'r.id',
  'r.tracking_number',
  'r.service_id',
  'r.form_id',
  'r.opd_id',
  'r.citizen_id',
  'r.status',
  'r.answers',
  'r.prefilled',
  'r.assignee_id',
  'r.sla_working_days',
  'r.submitted_at',
  'r.paused_since',
  'r.paused_working_days',
  'r.decided_at',
  'r.decision_reason',
  'r.escalated_at',
  'r.synthetic',
  'r.version',
  'r.created_at',
  'r.updated_at',
] as const;

/** One submitted (not draft) request, locked for the rest of the transaction. */
export async function lockRequest(tx: Kysely<DB>, id: string): Promise<RequestRow | undefined> {
  return tx
    .selectFrom('portal_request as r')
    .select([...REQUEST_COLUMNS, dueDayText])
    .where('r.id', '=', id)
    .where('r.status', '!=', 'draft')
    .forUpdate()
    .executeTakeFirst();
}

export type CaseRow = RequestRow & { service_name: string; service_key: string; opd_name: string; citizen_name: string; citizen_email: string; assignee_name: string | null; form_version: number; form_definition: unknown };

/** A submitted request with the names a case page shows. */
export async function findCase(db: Kysely<DB>, id: string): Promise<CaseRow | undefined> {
  return db
    .selectFrom('portal_request as r')
    .innerJoin('katalog_service as s', 's.id', 'r.service_id')
    .innerJoin('opd as o', 'o.id', 'r.opd_id')
    .innerJoin('app_user as c', 'c.id', 'r.citizen_id')
    .innerJoin('portal_form as f', 'f.id', 'r.form_id')
    .leftJoin('app_user as a', 'a.id', 'r.assignee_id')
    .select([...REQUEST_COLUMNS, dueDayText, 's.name as service_name', 's.key as service_key', 'o.name as opd_name', 'c.name as citizen_name', 'c.email as citizen_email', 'a.name as assignee_name', 'f.version as form_version', 'f.definition as form_definition'])
    .where('r.id', '=', id)
    .where('r.status', '!=', 'draft')
    .executeTakeFirst();
}

export interface QueueFilter {
  opdIds: 'all' | string[];
  serviceId?: string;
  status?: RequestStatus;
  /** 'me': assigned to `userId`; 'none': unassigned. */
  assignee?: 'me' | 'none';
  userId?: string | null;
  /** Due soon: due day from today to `dueSoonUntil`; overdue: due day before today (open and clock running). */
  flag?: 'due_soon' | 'overdue';
  today: string;
  dueSoonUntil: string;
  sort: 'due' | 'submitted';
  limit: number;
  offset: number;
}

export type QueueRow = Pick<RequestRow, 'id' | 'tracking_number' | 'status' | 'due_day' | 'paused_since' | 'submitted_at' | 'assignee_id' | 'opd_id' | 'service_id' | 'synthetic' | 'escalated_at'> & {
  service_name: string;
  citizen_name: string;
  assignee_name: string | null;
};

/** The officers' work queue: submitted requests (never drafts) of the given agencies. */
export async function listQueue(db: Kysely<DB>, f: QueueFilter): Promise<QueueRow[]> {
  if (f.opdIds !== 'all' && f.opdIds.length === 0) return [];
  let q = db
    .selectFrom('portal_request as r')
    .innerJoin('katalog_service as s', 's.id', 'r.service_id')
    .innerJoin('app_user as c', 'c.id', 'r.citizen_id')
    .leftJoin('app_user as a', 'a.id', 'r.assignee_id')
    .select(['r.id', 'r.tracking_number', 'r.status', dueDayText, 'r.paused_since', 'r.submitted_at', 'r.assignee_id', 'r.opd_id', 'r.service_id', 'r.synthetic', 'r.escalated_at', 's.name as service_name', 'c.name as citizen_name', 'a.name as assignee_name'])
    .where('r.status', '!=', 'draft');
  if (f.opdIds !== 'all') q = q.where('r.opd_id', 'in', f.opdIds);
  if (f.serviceId) q = q.where('r.service_id', '=', f.serviceId);
  if (f.status) q = q.where('r.status', '=', f.status);
  if (f.assignee === 'me') q = q.where('r.assignee_id', '=', f.userId ?? '00000000-0000-0000-0000-000000000000');
  if (f.assignee === 'none') q = q.where('r.assignee_id', 'is', null);
  if (f.flag === 'overdue') q = q.where('r.status', 'in', ['submitted', 'in_review']).where(sql<boolean>`r.due_day < ${f.today}::date`);
  if (f.flag === 'due_soon') q = q.where('r.status', 'in', ['submitted', 'in_review']).where(sql<boolean>`r.due_day BETWEEN ${f.today}::date AND ${f.dueSoonUntil}::date`);
  q = f.sort === 'submitted' ? q.orderBy('r.submitted_at', 'desc') : q.orderBy(sql`r.due_day ASC NULLS LAST`).orderBy('r.submitted_at', 'asc');
  return q.orderBy('r.id').limit(f.limit).offset(f.offset).execute();
}

export type EventRow = { id: string; seq: string; at: Date; kind: RequestEventKind; actor_user_id: string | null; actor_name: string | null; from_status: RequestStatus | null; to_status: RequestStatus | null; message: string | null; internal: boolean; data: Record<string, unknown> };

export async function listEvents(db: Kysely<DB>, requestId: string, includeInternal: boolean): Promise<EventRow[]> {
  let q = db
    .selectFrom('portal_request_event as e')
    .leftJoin('app_user as u', 'u.id', 'e.actor_user_id')
    .select(['e.id', 'e.seq', 'e.at', 'e.kind', 'e.actor_user_id', 'u.name as actor_name', 'e.from_status', 'e.to_status', 'e.message', 'e.internal', 'e.data'])
    .where('e.request_id', '=', requestId);
  if (!includeInternal) q = q.where('e.internal', '=', false);
  return q.orderBy('e.seq').execute();
}

export async function insertEvent(
  tx: Kysely<DB>,
  e: { id: string; request_id: string; at: Date; kind: RequestEventKind; actor_user_id: string | null; from_status: RequestStatus | null; to_status: RequestStatus | null; message: string | null; internal: boolean; data?: Record<string, unknown> },
): Promise<void> {
  await tx
    .insertInto('portal_request_event')
    .values({ ...e, data: JSON.stringify(e.data ?? {}) })
    .execute();
}

export type DocumentRow = { id: string; file_id: string; kind: 'requirement' | 'result'; requirement_code: string | null; name: string; content_type: string; size: string; created_at: Date };

export async function listDocuments(db: Kysely<DB>, requestId: string): Promise<DocumentRow[]> {
  return db
    .selectFrom('portal_request_document')
    .select(['id', 'file_id', 'kind', 'requirement_code', 'name', 'content_type', 'size', 'created_at'])
    .where('request_id', '=', requestId)
    .where('removed_at', 'is', null)
    .orderBy('kind')
    .orderBy('created_at')
    .orderBy('name')
    .execute();
}

/** A live document of a request, with what decides who may read it. */
export async function findDocument(db: Kysely<DB>, requestId: string, documentId: string) {
  return db
    .selectFrom('portal_request_document as d')
    .innerJoin('portal_request as r', 'r.id', 'd.request_id')
    .select(['d.id', 'd.file_id', 'd.kind', 'r.opd_id', 'r.citizen_id', 'r.status'])
    .where('d.id', '=', documentId)
    .where('d.request_id', '=', requestId)
    .where('d.removed_at', 'is', null)
    .executeTakeFirst();
}

export async function insertDocuments(
  tx: Kysely<DB>,
  rows: { id: string; request_id: string; file_id: string; kind: 'result'; name: string; content_type: string; size: number; uploaded_by: string | null; created_at: Date }[],
): Promise<void> {
  if (rows.length) await tx.insertInto('portal_request_document').values(rows.map((r) => ({ ...r, requirement_code: null }))).execute();
}

/** Changes a request if it still has `version`; false when someone else changed it first. */
export async function updateRequestAt(
  tx: Kysely<DB>,
  id: string,
  version: number,
  set: Partial<{ status: RequestStatus; assignee_id: string | null; paused_since: Date | null; decided_at: Date | null; decision_reason: string | null; escalated_at: Date | null; updated_at: Date }>,
): Promise<boolean> {
  const result = await tx
    .updateTable('portal_request')
    .set({ ...set, version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The clock as stored: due day and the stopped time. */
export async function clockOf(tx: Kysely<DB>, id: string) {
  return tx
    .selectFrom('portal_request as r')
    .select([dueDayText, 'r.paused_since', 'r.paused_working_days'])
    .where('r.id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function setClock(tx: Kysely<DB>, id: string, set: { due_day: string | null; paused_since: Date | null; paused_working_days: number }): Promise<void> {
  await tx.updateTable('portal_request').set(set).where('id', '=', id).execute();
}

/** People holding an officer role (petugas, admin_opd) in an agency, active accounts only. */
export async function officersOf(db: Kysely<DB>, opdId: string): Promise<{ id: string; name: string; email: string }[]> {
  return db
    .selectFrom('role_grant as g')
    .innerJoin('app_user as u', 'u.id', 'g.user_id')
    .select(['u.id', 'u.name', 'u.email'])
    .distinct()
    .where('g.opd_id', '=', opdId)
    .where('g.role', 'in', ['petugas', 'admin_opd'])
    .where('u.status', '=', 'active')
    .orderBy('u.name')
    .execute();
}

export async function agencyAdmins(db: Kysely<DB>, opdId: string): Promise<{ id: string; email: string; locale: 'id' | 'en' | null }[]> {
  return db
    .selectFrom('role_grant as g')
    .innerJoin('app_user as u', 'u.id', 'g.user_id')
    .select(['u.id', 'u.email', 'u.locale'])
    .distinct()
    .where('g.opd_id', '=', opdId)
    .where('g.role', '=', 'admin_opd')
    .where('u.status', '=', 'active')
    .execute();
}

/** Open requests with the clock running whose due day is before `today`, not yet escalated. */
export async function overdueToEscalate(db: Kysely<DB>, today: string): Promise<{ id: string }[]> {
  return db
    .selectFrom('portal_request as r')
    .select('r.id')
    .where('r.status', 'in', ['submitted', 'in_review'])
    .where('r.escalated_at', 'is', null)
    .where(sql<boolean>`r.due_day < ${today}::date`)
    .orderBy('r.due_day')
    .execute();
}

/** Overdue requests (open, clock running, due day before `today`), for `padu portal overdue`. */
export async function listOverdue(db: Kysely<DB>, today: string) {
  return db
    .selectFrom('portal_request as r')
    .innerJoin('katalog_service as s', 's.id', 'r.service_id')
    .innerJoin('opd as o', 'o.id', 'r.opd_id')
    .select(['r.id', 'r.tracking_number', 'r.status', dueDayText, 'r.escalated_at', 'r.opd_id', 'o.name as opd_name', 's.name as service_name', 'r.assignee_id'])
    .where('r.status', 'in', ['submitted', 'in_review'])
    .where(sql<boolean>`r.due_day < ${today}::date`)
    .orderBy('r.due_day')
    .orderBy('r.tracking_number')
    .execute();
}

export async function insertInboxMessages(tx: Kysely<DB>, rows: { id: string; user_id: string; request_id: string; message_key: string; params: Record<string, string | number>; created_at: Date }[]): Promise<void> {
  if (rows.length) await tx.insertInto('portal_inbox_message').values(rows.map((r) => ({ ...r, params: JSON.stringify(r.params), read_at: null }))).execute();
}

/** Requests move with their agency when agencies merge. */
export async function moveAgencyRequests(db: Kysely<DB>, fromId: string, toId: string): Promise<void> {
  await db.updateTable('portal_request').set({ opd_id: toId }).where('opd_id', '=', fromId).execute();
}

// ---- Forms --------------------------------------------------------------------------------------

export type FormRow = { id: string; service_id: string; version: number; definition: unknown; status: 'draft' | 'published' | 'retired'; created_by: string | null; created_at: Date; published_at: Date | null };

export async function listForms(db: Kysely<DB>, serviceId: string): Promise<FormRow[]> {
  return db.selectFrom('portal_form').selectAll().where('service_id', '=', serviceId).orderBy('version', 'desc').execute();
}

export async function findForm(db: Kysely<DB>, serviceId: string, version: number): Promise<FormRow | undefined> {
  return db.selectFrom('portal_form').selectAll().where('service_id', '=', serviceId).where('version', '=', version).executeTakeFirst();
}

/** Locks the service's forms (so two saves do not take the same version number) and gives the next version. */
export async function nextFormVersion(tx: Kysely<DB>, serviceId: string): Promise<number> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`portal_form:${serviceId}`}, 0))`.execute(tx);
  const row = await tx.selectFrom('portal_form').select(sql<number>`coalesce(max(version), 0)`.as('max')).where('service_id', '=', serviceId).executeTakeFirst();
  return Number(row?.max ?? 0) + 1;
}

export async function insertForm(tx: Kysely<DB>, row: { id: string; service_id: string; version: number; definition: unknown; status: 'draft' | 'published'; created_by: string | null; created_at: Date; published_at: Date | null }): Promise<void> {
  await tx
    .insertInto('portal_form')
    .values({ ...row, definition: JSON.stringify(row.definition) })
    .execute();
}

/** The published form becomes retired (requests keep their form_id). */
export async function retirePublished(tx: Kysely<DB>, serviceId: string): Promise<number | null> {
  const row = await tx.updateTable('portal_form').set({ status: 'retired' }).where('service_id', '=', serviceId).where('status', '=', 'published').returning('version').executeTakeFirst();
  return row?.version ?? null;
}

export async function publishFormRow(tx: Kysely<DB>, id: string, now: Date): Promise<void> {
  await tx.updateTable('portal_form').set({ status: 'published', published_at: now }).where('id', '=', id).execute();
}

/** Marks a request escalated (not a change the officer's page must reload for: no version bump). */
export async function markEscalated(tx: Kysely<DB>, id: string, now: Date): Promise<boolean> {
  const result = await tx.updateTable('portal_request').set({ escalated_at: now }).where('id', '=', id).where('escalated_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Services that have submitted requests in the given agencies (the queue's service filter). */
export async function servicesInQueue(db: Kysely<DB>, opdIds: 'all' | string[]): Promise<{ id: string; name: string }[]> {
  if (opdIds !== 'all' && opdIds.length === 0) return [];
  let q = db.selectFrom('portal_request as r').innerJoin('katalog_service as s', 's.id', 'r.service_id').select(['s.id', 's.name']).distinct().where('r.status', '!=', 'draft');
  if (opdIds !== 'all') q = q.where('r.opd_id', 'in', opdIds);
  return q.orderBy('s.name').limit(500).execute();
}

/** A submitted request written directly (tests, demo, benchmarks): tracking number from the sequence. */
export async function insertSubmittedRequest(
  db: Kysely<DB>,
  r: { id: string; serviceId: string; formId: string; opdId: string; citizenId: string; status: Exclude<RequestStatus, 'draft'>; answers: Record<string, unknown>; submittedAt: Date; slaWorkingDays: number | null; dueDay: string | null; synthetic?: boolean; eventId: string },
): Promise<string> {
  const year = r.submittedAt.getUTCFullYear();
  const seq = await sql<{ n: string }>`SELECT nextval('portal_request_number_seq')::text AS n`.execute(db);
  const trackingNumber = `${year}-${seq.rows[0]!.n.padStart(6, '0')}`;
  await db
    .insertInto('portal_request')
    .values({
      id: r.id,
      tracking_number: trackingNumber,
      service_id: r.serviceId,
      form_id: r.formId,
      opd_id: r.opdId,
      citizen_id: r.citizenId,
      status: r.status,
      answers: JSON.stringify(r.answers),
      sla_working_days: r.slaWorkingDays,
      submitted_at: r.submittedAt,
      due_day: r.dueDay,
      synthetic: r.synthetic ?? false,
      created_at: r.submittedAt,
      updated_at: r.submittedAt,
    })
    .execute();
  await insertEvent(db, { id: r.eventId, request_id: r.id, at: r.submittedAt, kind: 'submitted', actor_user_id: r.citizenId, from_status: 'draft', to_status: 'submitted', message: null, internal: false });
  return trackingNumber;
}
