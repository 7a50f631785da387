import type { Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema.ts';

/**
 * The citizen side of requests in the cross-agency authorization matrix (test/authz/matrix.test.ts):
 * citizen B's submitted request (`requestB`, seeded by the case work's cases, with `documentB`)
 * and an inbox message of citizen B. Citizen routes are for citizens: anonymous callers sign in
 * (401), staff, auditors and agency systems are refused (403), and another citizen (the matrix's
 * `warga`) finds nothing (404). Document downloads also admit the request's agency (casework
 * policy), so other agencies get 404 there.
 */
type Actor = 'anon' | 'adminA' | 'petugasA' | 'warga' | 'auditor' | 'tokenA';

export interface RequestIds {
  inboxB: string;
}
type Ids = RequestIds & { requestB: string; documentB: string; citizenB: string };

interface Case {
  route: string;
  url: (ids: Ids) => string;
  body?: (ids: Ids) => Record<string, string>;
  form?: boolean;
  expect: Partial<Record<Actor, number>>;
}

const othersRequest = { anon: 401, adminA: 403, petugasA: 403, warga: 404, tokenA: 403, auditor: 403 };
// The seeded file has no bytes, so auditors (who read every agency's documents) are proven in requests.test.ts.
const othersDocument = { anon: 401, adminA: 404, petugasA: 404, warga: 404, tokenA: 404 };

export function newRequestIds(uuid: () => string): RequestIds {
  return { inboxB: uuid() };
}

/** An unread inbox message of citizen B about their request. */
export async function seedRequests(db: Kysely<DB>, ids: Ids, now: Date): Promise<void> {
  await db
    .insertInto('portal_inbox_message')
    .values({ id: ids.inboxB, user_id: ids.citizenB, request_id: ids.requestB, message_key: 'portal.inbox.submitted_no_due', params: JSON.stringify({ trackingNumber: '2026-990001', service: 'Izin apotek' }), created_at: now, read_at: null })
    .execute();
}

const me = (i: Ids, tail = '') => `/api/v1/portal/me/requests/${i.requestB}${tail}`;
const page = (i: Ids, tail = '') => `/warga/permohonan/${i.requestB}${tail}`;

export const requestCases: Case[] = [
  // Starting a request: B's service is not published (not found for every citizen).
  { route: 'GET /layanan/:key/ajukan', url: () => '/layanan/dinkes-izin-apotek/ajukan', expect: { anon: 404, adminA: 404, petugasA: 404, warga: 404, tokenA: 404, auditor: 404 } },
  { route: 'POST /layanan/:key/ajukan', url: () => '/layanan/dinkes-izin-apotek/ajukan', body: () => ({}), form: true, expect: othersRequest },
  { route: 'POST /api/v1/portal/me/requests', url: () => '/api/v1/portal/me/requests', body: () => ({ serviceKey: 'dinkes-izin-apotek' }), expect: othersRequest },
  // Citizen B's request.
  { route: 'GET /warga/permohonan/:requestId', url: (i) => page(i), expect: othersRequest },
  { route: 'POST /warga/permohonan/:requestId', url: (i) => page(i), body: () => ({ action: 'submit', 'a.nama_apotek': 'Diubah' }), form: true, expect: othersRequest },
  { route: 'GET /api/v1/portal/me/requests/:requestId', url: (i) => me(i), expect: othersRequest },
  { route: 'PATCH /api/v1/portal/me/requests/:requestId', url: (i) => me(i), body: () => ({ answers: { nama_apotek: 'Diubah' } }) as never, expect: othersRequest },
  { route: 'GET /api/v1/portal/me/requests/by-number/:trackingNumber', url: () => '/api/v1/portal/me/requests/by-number/2026-990001', expect: othersRequest },
  { route: 'POST /api/v1/portal/me/requests/:requestId/submit', url: (i) => me(i, '/submit'), expect: othersRequest },
  { route: 'POST /warga/permohonan/:requestId/isi-otomatis', url: (i) => page(i, '/isi-otomatis'), body: () => ({}), form: true, expect: othersRequest },
  { route: 'POST /api/v1/portal/me/requests/:requestId/prefill', url: (i) => me(i, '/prefill'), expect: othersRequest },
  { route: 'POST /warga/permohonan/:requestId/dokumen', url: (i) => page(i, '/dokumen'), body: () => ({}), form: true, expect: othersRequest },
  { route: 'POST /api/v1/portal/me/requests/:requestId/documents', url: (i) => me(i, '/documents'), expect: othersRequest },
  { route: 'GET /warga/permohonan/:requestId/dokumen/:documentId', url: (i) => page(i, `/dokumen/${i.documentB}`), expect: othersDocument },
  { route: 'GET /api/v1/portal/me/requests/:requestId/documents/:documentId', url: (i) => me(i, `/documents/${i.documentB}`), expect: othersDocument },
  { route: 'POST /warga/permohonan/:requestId/dokumen/:documentId/hapus', url: (i) => page(i, `/dokumen/${i.documentB}/hapus`), body: () => ({}), form: true, expect: othersRequest },
  { route: 'DELETE /api/v1/portal/me/requests/:requestId/documents/:documentId', url: (i) => me(i, `/documents/${i.documentB}`), expect: othersRequest },
  { route: 'GET /warga/permohonan/:requestId/tanda-terima', url: (i) => page(i, '/tanda-terima'), expect: othersRequest },
  { route: 'POST /warga/permohonan/:requestId/batalkan', url: (i) => page(i, '/batalkan'), body: () => ({ reason: 'Bukan saya' }), form: true, expect: othersRequest },
  { route: 'POST /api/v1/portal/me/requests/:requestId/withdraw', url: (i) => me(i, '/withdraw'), body: () => ({}), expect: othersRequest },
  // Citizen B's inbox message.
  { route: 'POST /warga/kotak-masuk/:messageId/baca', url: (i) => `/warga/kotak-masuk/${i.inboxB}/baca`, body: () => ({}), form: true, expect: othersRequest },
  { route: 'POST /api/v1/portal/me/inbox/:messageId/read', url: (i) => `/api/v1/portal/me/inbox/${i.inboxB}/read`, expect: othersRequest },
];

/** Routes on the caller's own records only, proven in the requests tests. */
export const requestsElsewhere: [string, string][] = ['POST /warga/kotak-masuk/baca-semua', 'POST /api/v1/portal/me/inbox/read-all'].map((r): [string, string] => [r, 'src/modules/portal/requests/requests.test.ts']);

/** What a refused citizen-side request must leave untouched (beyond the case work's snapshot). */
export async function requestsSnapshot(db: Kysely<DB>): Promise<unknown> {
  return {
    requests: await db.selectFrom('portal_request').select(['id', 'answers', 'prefilled', 'tracking_number', 'updated_at']).orderBy('id').execute(),
    inbox: await db.selectFrom('portal_inbox_message').select(['id', 'read_at']).orderBy('id').execute(),
    gerbangConsents: await db.selectFrom('gerbang_consent').select('id').orderBy('id').execute(),
  };
}
