import type { Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema.ts';

/**
 * Casework's rows in the cross-agency authorization matrix (test/authz/matrix.test.ts, through the
 * portal's authz-cases.ts): a submitted request of agency B (Dinkes) on B's service with a
 * requirement document, and B's service form. Agency A's staff and systems get "not found" for the
 * request, every action on it and its documents; citizens are refused on staff routes (and a
 * citizen who does not own the request does not find its documents); auditors read, never act.
 */
type Actor = 'anon' | 'adminA' | 'petugasA' | 'warga' | 'auditor' | 'tokenA';

export interface CaseworkIds {
  requestB: string;
  formB: string;
  fileB: string;
  documentB: string;
}
type Ids = CaseworkIds & { opdA: string; opdB: string; serviceB: string; citizenB: string };

interface Case {
  route: string;
  url: (ids: Ids) => string;
  body?: (ids: Ids) => Record<string, string>;
  form?: boolean;
  expect: Partial<Record<Actor, number>>;
}

const readB = { anon: 401, adminA: 404, petugasA: 404, warga: 403, tokenA: 404, auditor: 200 };
const changeB = { anon: 401, adminA: 404, petugasA: 404, warga: 403, tokenA: 404, auditor: 403 };
// The owning citizen and B's staff download; another citizen does not find it. (Auditors read
// every agency's documents; the seeded file has no bytes, so they are proven in casework.test.ts.)
const documentB = { anon: 401, adminA: 404, petugasA: 404, warga: 404, tokenA: 404 };

export function newCaseworkIds(uuid: () => string): CaseworkIds {
  return { requestB: uuid(), formB: uuid(), fileB: uuid(), documentB: uuid() };
}

/** Agency B's published form and a submitted request of citizen B with one document. */
export async function seedCasework(db: Kysely<DB>, ids: Ids, now: Date): Promise<void> {
  const definition = { fields: [{ name: 'nama_apotek', type: 'text', label: { id: 'Nama apotek' }, required: true }], documents: [] };
  await db.insertInto('portal_form').values({ id: ids.formB, service_id: ids.serviceB, version: 1, definition: JSON.stringify(definition), status: 'published', created_by: null, created_at: now, published_at: now }).execute();
  await db
    .insertInto('portal_request')
    .values({ id: ids.requestB, tracking_number: '2026-990001', service_id: ids.serviceB, form_id: ids.formB, opd_id: ids.opdB, citizen_id: ids.citizenB, status: 'submitted', answers: JSON.stringify({ nama_apotek: 'Apotek B' }), sla_working_days: 5, submitted_at: now, due_day: '2026-03-09', created_at: now, updated_at: now })
    .execute();
  await db
    .insertInto('stored_file')
    .values({ id: ids.fileB, purpose: 'portal.document', name: 'ktp-b.pdf', content_type: 'application/pdf', size: 1000, sha256: 'b'.repeat(64), opd_id: ids.opdB, uploaded_by: ids.citizenB, storage: 'local', storage_key: `portal.document/matriks-${ids.fileB}`, created_at: now })
    .execute();
  await db
    .insertInto('portal_request_document')
    .values({ id: ids.documentB, request_id: ids.requestB, file_id: ids.fileB, kind: 'requirement', requirement_code: 'ktp', name: 'ktp-b.pdf', content_type: 'application/pdf', size: 1000, uploaded_by: ids.citizenB, created_at: now, removed_at: null })
    .execute();
}

const req = (i: Ids, tail = '') => `/api/v1/portal/manage/requests/${i.requestB}${tail}`;
const page = (i: Ids, tail = '') => `/portal/permohonan/${i.requestB}${tail}`;
const form = (i: Ids, tail = '') => `/api/v1/portal/manage/services/${i.serviceB}/form${tail}`;

export const caseworkCases: Case[] = [
  { route: 'GET /api/v1/portal/manage/requests/:requestId', url: (i) => req(i), expect: readB },
  { route: 'GET /portal/permohonan/:requestId', url: (i) => page(i), expect: readB },
  { route: 'GET /portal/permohonan/:requestId/dokumen/:documentId', url: (i) => page(i, `/dokumen/${i.documentB}`), expect: documentB },
  { route: 'POST /api/v1/portal/manage/requests/:requestId/assign', url: (i) => req(i, '/assign'), body: () => ({ version: '1', self: 'true' }), expect: changeB },
  { route: 'POST /api/v1/portal/manage/requests/:requestId/verify', url: (i) => req(i, '/verify'), body: () => ({ version: '1' }), expect: changeB },
  { route: 'POST /api/v1/portal/manage/requests/:requestId/request-fix', url: (i) => req(i, '/request-fix'), body: () => ({ version: '1', message: 'Perbaiki' }), expect: changeB },
  { route: 'POST /api/v1/portal/manage/requests/:requestId/reject', url: (i) => req(i, '/reject'), body: () => ({ version: '1', reason: 'Ditolak dari instansi lain' }), expect: changeB },
  { route: 'POST /api/v1/portal/manage/requests/:requestId/notes', url: (i) => req(i, '/notes'), body: () => ({ message: 'Catatan dari instansi lain' }), expect: changeB },
  { route: 'POST /api/v1/portal/manage/requests/:requestId/approve', url: (i) => req(i, '/approve'), body: () => ({ version: '1' }), expect: changeB },
  { route: 'POST /portal/permohonan/:requestId/tugaskan', url: (i) => page(i, '/tugaskan'), body: () => ({ version: '1', self: 'true' }), form: true, expect: changeB },
  { route: 'POST /portal/permohonan/:requestId/verifikasi', url: (i) => page(i, '/verifikasi'), body: () => ({ version: '1' }), form: true, expect: changeB },
  { route: 'POST /portal/permohonan/:requestId/perbaikan', url: (i) => page(i, '/perbaikan'), body: () => ({ version: '1', message: 'Perbaiki' }), form: true, expect: changeB },
  { route: 'POST /portal/permohonan/:requestId/tolak', url: (i) => page(i, '/tolak'), body: () => ({ version: '1', reason: 'Ditolak' }), form: true, expect: changeB },
  { route: 'POST /portal/permohonan/:requestId/catatan', url: (i) => page(i, '/catatan'), body: () => ({ message: 'Catatan' }), form: true, expect: changeB },
  { route: 'POST /portal/permohonan/:requestId/setujui', url: (i) => page(i, '/setujui'), body: () => ({ version: '1' }), form: true, expect: changeB },
  // The form editor: B's service form.
  { route: 'GET /api/v1/portal/manage/services/:serviceId/form', url: (i) => form(i), expect: readB },
  { route: 'GET /api/v1/portal/manage/services/:serviceId/form/versions', url: (i) => form(i, '/versions'), expect: readB },
  { route: 'PUT /api/v1/portal/manage/services/:serviceId/form', url: (i) => form(i), body: () => ({ definition: '{"fields": [], "documents": []}', publish: 'true' }), expect: changeB },
  { route: 'POST /api/v1/portal/manage/services/:serviceId/form/publish', url: (i) => form(i, '/publish'), expect: changeB },
  { route: 'GET /portal/layanan/:serviceId/formulir', url: (i) => `/portal/layanan/${i.serviceB}/formulir`, expect: readB },
  { route: 'POST /portal/layanan/:serviceId/formulir', url: (i) => `/portal/layanan/${i.serviceB}/formulir`, body: () => ({ definition: '{"fields": [], "documents": []}', action: 'publish' }), form: true, expect: changeB },
];

/** What a refused casework request must leave untouched. */
export async function caseworkSnapshot(db: Kysely<DB>): Promise<unknown> {
  return {
    requests: await db.selectFrom('portal_request').select(['id', 'status', 'version', 'assignee_id', 'paused_since', 'decided_at', 'escalated_at', 'opd_id']).orderBy('id').execute(),
    events: await db.selectFrom('portal_request_event').select('id').orderBy('id').execute(),
    documents: await db.selectFrom('portal_request_document').select(['id', 'removed_at']).orderBy('id').execute(),
    forms: await db.selectFrom('portal_form').select(['id', 'status']).orderBy('id').execute(),
    inbox: await db.selectFrom('portal_inbox_message').select('id').orderBy('id').execute(),
    files: await db.selectFrom('stored_file').select('id').orderBy('id').execute(),
  };
}
