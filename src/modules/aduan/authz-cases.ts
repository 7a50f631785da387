import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { sha256 } from '../../platform/auth/crypto.ts';

/**
 * Aduan's rows in the cross-agency authorization matrix (test/authz/matrix.test.ts): reports of
 * agency B (Dinkes) — one waiting for verification, one disposed to B, one secret — a coordinator
 * row and an Open311 client; every staff route that reads one by id or changes data, tried by
 * agency A's staff, a citizen, an auditor, A's token and anonymously. Reporter routes without the
 * follow-link key are not found for everyone; settings belong to the SPBE team and admins.
 */
type Actor = 'anon' | 'adminA' | 'petugasA' | 'warga' | 'auditor' | 'tokenA';

export interface AduanIds {
  newReportB: string;
  disposedReportB: string;
  secretReportB: string;
  open311ClientB: string;
}
type Ids = AduanIds & { opdA: string; opdB: string };

interface Case {
  route: string;
  url: (ids: Ids) => string;
  body?: (ids: Ids) => Record<string, string>;
  form?: boolean;
  expect: Partial<Record<Actor, number>>;
}

export const TRACKING = { newB: 'ADU-2603-AAAAA1', disposedB: 'ADU-2603-AAAAA2', secretB: 'ADU-2603-AAAAA3' };

const readB = { anon: 401, adminA: 404, petugasA: 404, warga: 403, tokenA: 404, auditor: 200 };
const changeB = { anon: 401, adminA: 404, petugasA: 404, warga: 403, tokenA: 404, auditor: 403 };
const settings = { anon: 401, adminA: 403, petugasA: 403, warga: 403, tokenA: 403, auditor: 403 };
const reporterOnly = { anon: 404, adminA: 404, petugasA: 404, warga: 404, tokenA: 404, auditor: 404 };
const neverPublic = { anon: 404, adminA: 404, petugasA: 404, warga: 404, tokenA: 404, auditor: 404 };

export function newAduanIds(uuid: () => string): AduanIds {
  return { newReportB: uuid(), disposedReportB: uuid(), secretReportB: uuid(), open311ClientB: uuid() };
}

export async function seedAduan(db: Kysely<DB>, ids: Ids, now: Date): Promise<void> {
  const base = {
    follow_secret_hash: sha256('kunci-rahasia-matriks-aduan'),
    type: 'pengaduan' as const,
    description: 'Uraian laporan untuk uji matriks otorisasi.',
    category_code: 'kesehatan',
    region_code: '35.78',
    channel: 'portal' as const,
    reporter_name: 'Pelapor Matriks',
    reporter_email: 'pelapor.matriks@example.id',
    received_at: now,
    created_at: now,
    updated_at: now,
  };
  await db
    .insertInto('aduan_report')
    .values([
      { ...base, id: ids.newReportB, tracking_id: TRACKING.newB, title: 'Laporan baru', status: 'menunggu_verifikasi', verify_due_at: now },
      { ...base, id: ids.disposedReportB, tracking_id: TRACKING.disposedB, title: 'Laporan Dinkes', status: 'diproses', opd_id: ids.opdB, competence: 'provinsi', tier_code: 'normatif', disposed_at: now, follow_up_due_at: now },
      { ...base, id: ids.secretReportB, tracking_id: TRACKING.secretB, title: 'Laporan rahasia', status: 'diproses', rahasia: true, opd_id: ids.opdB, competence: 'provinsi', tier_code: 'normatif', disposed_at: now },
    ])
    .execute();
  await db.insertInto('aduan_coordinator').values({ opd_id: ids.opdB, region_code: null, created_at: now }).execute();
  await db.insertInto('aduan_open311_client').values({ id: ids.open311ClientB, name: 'Sistem Dinkes', opd_id: ids.opdB, key_prefix: 'matriks1', key_hash: sha256('o311_matriks1_bukankuncisungguhanbukankunci'), created_by: null, created_at: now }).execute();
}

export const aduanCases: Case[] = [
  // Staff: another agency's report is not found; auditors read (identity withheld), never change.
  { route: 'GET /api/v1/aduan/reports/:reportId', url: (i) => `/api/v1/aduan/reports/${i.disposedReportB}`, expect: readB },
  { route: 'GET /aduan/kelola/:reportId', url: (i) => `/aduan/kelola/${i.disposedReportB}`, expect: readB },
  { route: 'POST /api/v1/aduan/reports/:reportId/dispose', url: (i) => `/api/v1/aduan/reports/${i.newReportB}/dispose`, body: (i) => ({ opdId: i.opdA }), expect: changeB },
  { route: 'POST /aduan/kelola/:reportId/disposisi', url: (i) => `/aduan/kelola/${i.newReportB}/disposisi`, body: () => ({ categoryCode: 'layanan-digital' }), form: true, expect: changeB },
  { route: 'POST /api/v1/aduan/reports/:reportId/duplicate', url: (i) => `/api/v1/aduan/reports/${i.newReportB}/duplicate`, body: () => ({ duplicateOf: TRACKING.disposedB }), expect: changeB },
  { route: 'POST /aduan/kelola/:reportId/duplikat', url: (i) => `/aduan/kelola/${i.newReportB}/duplikat`, body: () => ({ duplicateOf: TRACKING.disposedB }), form: true, expect: changeB },
  { route: 'POST /api/v1/aduan/reports/:reportId/decline', url: (i) => `/api/v1/aduan/reports/${i.newReportB}/decline`, body: () => ({ reason: 'Menyusup ke antrean lain' }), expect: changeB },
  { route: 'POST /aduan/kelola/:reportId/tolak', url: (i) => `/aduan/kelola/${i.newReportB}/tolak`, body: () => ({ reason: 'Menyusup ke antrean lain' }), form: true, expect: changeB },
  { route: 'POST /api/v1/aduan/reports/:reportId/follow-ups', url: (i) => `/api/v1/aduan/reports/${i.disposedReportB}/follow-ups`, body: () => ({ body: 'Tanggapan palsu dari instansi lain' }), expect: changeB },
  { route: 'POST /aduan/kelola/:reportId/tanggapan', url: (i) => `/aduan/kelola/${i.disposedReportB}/tanggapan`, body: () => ({ body: 'Tanggapan palsu dari instansi lain' }), form: true, expect: changeB },
  // The reporter's pages and actions need the follow-link key (or the reporter's own session).
  { route: 'GET /aduan/lacak/:trackingId', url: () => `/aduan/lacak/${TRACKING.disposedB}`, expect: reporterOnly },
  { route: 'GET /api/v1/aduan/track/:trackingId', url: () => `/api/v1/aduan/track/${TRACKING.disposedB}`, expect: reporterOnly },
  { route: 'POST /aduan/lacak/:trackingId/konfirmasi', url: () => `/aduan/lacak/${TRACKING.disposedB}/konfirmasi`, body: () => ({ k: 'tebakan-kunci-yang-salah' }), form: true, expect: reporterOnly },
  { route: 'POST /api/v1/aduan/track/:trackingId/confirm', url: () => `/api/v1/aduan/track/${TRACKING.disposedB}/confirm`, body: () => ({ key: 'tebakan-kunci-yang-salah' }), expect: reporterOnly },
  { route: 'POST /aduan/lacak/:trackingId/balas', url: () => `/aduan/lacak/${TRACKING.disposedB}/balas`, body: () => ({ body: 'Balasan palsu' }), form: true, expect: reporterOnly },
  { route: 'POST /api/v1/aduan/track/:trackingId/reply', url: () => `/api/v1/aduan/track/${TRACKING.disposedB}/reply`, body: () => ({ body: 'Balasan palsu' }), expect: reporterOnly },
  { route: 'POST /aduan/lacak/:trackingId/nilai', url: () => `/aduan/lacak/${TRACKING.disposedB}/nilai`, body: () => ({ rating: '1' }), form: true, expect: reporterOnly },
  { route: 'POST /api/v1/aduan/track/:trackingId/rate', url: () => `/api/v1/aduan/track/${TRACKING.disposedB}/rate`, body: () => ({ rating: '1' }), expect: reporterOnly },
  { route: 'POST /aduan/lacak/:trackingId/buka-kembali', url: () => `/aduan/lacak/${TRACKING.disposedB}/buka-kembali`, body: () => ({ reason: 'Dibuka orang lain' }), form: true, expect: reporterOnly },
  { route: 'POST /api/v1/aduan/track/:trackingId/reopen', url: () => `/api/v1/aduan/track/${TRACKING.disposedB}/reopen`, body: () => ({ reason: 'Dibuka orang lain' }), expect: reporterOnly },
  // Secret reports are never public, not even to auditors through the public pages.
  { route: 'GET /aduan/laporan/:trackingId', url: () => `/aduan/laporan/${TRACKING.secretB}`, expect: neverPublic },
  { route: 'GET /api/v1/aduan/public/reports/:trackingId', url: () => `/api/v1/aduan/public/reports/${TRACKING.secretB}`, expect: neverPublic },
  // Settings: categories (routing rules), deadlines, coordinators, Open311 keys.
  { route: 'POST /api/v1/aduan/categories', url: () => '/api/v1/aduan/categories', body: () => ({ code: 'menyusup', name: 'Menyusup', competence: 'provinsi', tierCode: 'ringan' }), expect: settings },
  { route: 'POST /aduan/pengaturan/kategori', url: () => '/aduan/pengaturan/kategori', body: () => ({ code: 'menyusup', name: 'Menyusup', competence: 'provinsi', tierCode: 'ringan' }), form: true, expect: settings },
  { route: 'GET /aduan/pengaturan/kategori/:code', url: () => '/aduan/pengaturan/kategori/kesehatan', expect: settings },
  { route: 'PATCH /api/v1/aduan/categories/:code', url: () => '/api/v1/aduan/categories/kesehatan', body: (i) => ({ opdId: i.opdA }), expect: settings },
  { route: 'POST /aduan/pengaturan/kategori/:code', url: () => '/aduan/pengaturan/kategori/kesehatan', body: (i) => ({ name: 'Kesehatan', competence: 'provinsi', opdId: i.opdA, tierCode: 'ringan' }), form: true, expect: settings },
  { route: 'PUT /api/v1/aduan/sla', url: () => '/api/v1/aduan/sla', body: () => ({}), expect: settings },
  { route: 'POST /aduan/pengaturan/tenggat', url: () => '/aduan/pengaturan/tenggat', body: () => ({ step_verify: '30' }), form: true, expect: settings },
  { route: 'POST /api/v1/aduan/coordinators', url: () => '/api/v1/aduan/coordinators', body: (i) => ({ opdId: i.opdA }), expect: settings },
  { route: 'POST /aduan/pengaturan/koordinator', url: () => '/aduan/pengaturan/koordinator', body: (i) => ({ opdId: i.opdA }), form: true, expect: settings },
  { route: 'DELETE /api/v1/aduan/coordinators/:opdId', url: (i) => `/api/v1/aduan/coordinators/${i.opdB}`, expect: settings },
  { route: 'POST /aduan/pengaturan/koordinator/:opdId/hapus', url: (i) => `/aduan/pengaturan/koordinator/${i.opdB}/hapus`, body: () => ({}), form: true, expect: settings },
  { route: 'POST /api/v1/aduan/open311-clients', url: () => '/api/v1/aduan/open311-clients', body: () => ({ name: 'Klien penyusup' }), expect: settings },
  { route: 'POST /aduan/pengaturan/open311', url: () => '/aduan/pengaturan/open311', body: () => ({ name: 'Klien penyusup' }), form: true, expect: settings },
  { route: 'DELETE /api/v1/aduan/open311-clients/:clientId', url: (i) => `/api/v1/aduan/open311-clients/${i.open311ClientB}`, expect: settings },
  { route: 'POST /aduan/pengaturan/open311/:clientId/cabut', url: (i) => `/aduan/pengaturan/open311/${i.open311ClientB}/cabut`, body: () => ({}), form: true, expect: settings },
];

/** Routes whose refusals are proved in aduan's own tests (route → test file). */
export const aduanElsewhere: [string, string][] = [
  // Anyone may file a report (it waits for confirmation or verification; it touches no agency's records).
  ['POST /aduan/baru', 'src/modules/aduan/aduan.test.ts'],
  ['POST /api/v1/aduan/reports', 'src/modules/aduan/aduan.test.ts'],
  // Staff entry: any agency's staff or the SPBE team (citizens, auditors, anonymous refused).
  ['POST /aduan/kelola/baru', 'src/modules/aduan/aduan.test.ts'],
  ['POST /api/v1/aduan/staff-reports', 'src/modules/aduan/aduan.test.ts'],
  // Attachments: public photos of published reports; the rest for the chain, readers of all, the reporter.
  ['GET /aduan/lampiran/:attachmentId', 'src/modules/aduan/aduan.test.ts'],
  // Public agency pages and feeds (published reports only; figures are counts).
  ['GET /aduan/instansi/:opdCode', 'src/modules/aduan/aduan.test.ts'],
  ['GET /aduan/instansi/:opdCode/atom.xml', 'src/modules/aduan/aduan.test.ts'],
  ['GET /aduan/instansi/:opdCode/rss.xml', 'src/modules/aduan/aduan.test.ts'],
  // Open311 GeoReport v2: api_key for POST, published requests (and the client's own) for GET.
  ...['POST /open311/v2/requests.json', 'POST /open311/v2/requests.xml', 'GET /open311/v2/services/:file', 'GET /open311/v2/requests/:file', 'GET /open311/v2/tokens/:file'].map((r): [string, string] => [r, 'src/modules/aduan/open311/open311.test.ts']),
];

/** Everything a refused aduan request must leave untouched. */
export async function aduanSnapshot(db: Kysely<DB>): Promise<unknown> {
  const all = <T extends keyof DB>(table: T) => db.selectFrom(table).selectAll().execute();
  return {
    reports: await db.selectFrom('aduan_report').selectAll().orderBy('id').execute(),
    events: await db.selectFrom('aduan_event').select(['id', 'report_id', 'kind']).orderBy('id').execute(),
    categories: await db.selectFrom('aduan_category').selectAll().orderBy('code').execute(),
    coordinators: await all('aduan_coordinator'),
    clients: await db.selectFrom('aduan_open311_client').select(['id', 'name', 'revoked_at', 'key_hash']).orderBy('id').execute(),
    sla: await all('aduan_sla_step'),
    tiers: await db.selectFrom('aduan_tier').selectAll().orderBy('code').execute(),
  };
}
