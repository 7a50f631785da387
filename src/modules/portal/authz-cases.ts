import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { caseworkCases, caseworkSnapshot, newCaseworkIds, seedCasework, type CaseworkIds } from './casework/authz-cases.ts';
import { newRequestIds, requestCases, requestsElsewhere, requestsSnapshot, seedRequests, type RequestIds } from './requests/authz-cases.ts';

/**
 * The portal's rows in the cross-agency authorization matrix (test/authz/matrix.test.ts): agency
 * B's (Dinkes) public service from the registry seed (`serviceB`, key `dinkes-izin-apotek`, not
 * published) and a consent of another citizen. Agency A's staff and systems cannot read or change
 * B's publishing settings (404), nor issue survey links for it; an unpublished service page is not
 * found except by readers of every agency (preview); nobody withdraws another citizen's consent.
 */
type Actor = 'anon' | 'adminA' | 'petugasA' | 'warga' | 'auditor' | 'tokenA';

export interface PortalIds extends CaseworkIds, RequestIds {
  citizenB: string;
  citizenGrantB: string;
  consentB: string;
}
type Ids = PortalIds & { opdA: string; opdB: string; serviceB: string };

interface Case {
  route: string;
  url: (ids: Ids) => string;
  body?: (ids: Ids) => Record<string, string>;
  form?: boolean;
  expect: Partial<Record<Actor, number>>;
}

const readB = { anon: 401, adminA: 404, petugasA: 404, warga: 403, tokenA: 404, auditor: 200 };
const changeB = { anon: 401, adminA: 404, petugasA: 404, warga: 403, tokenA: 404, auditor: 403 };
const unpublishedPage = { anon: 404, adminA: 404, petugasA: 404, warga: 404, tokenA: 404, auditor: 200 };
const othersConsent = { anon: 401, adminA: 403, petugasA: 403, warga: 404, tokenA: 403, auditor: 403 };

export function newPortalIds(uuid: () => string): PortalIds {
  return { citizenB: uuid(), citizenGrantB: uuid(), consentB: uuid(), ...newCaseworkIds(uuid), ...newRequestIds(uuid) };
}

/** A second citizen with one consent to share data with agency B. */
export async function seedPortal(db: Kysely<DB>, ids: Ids, now: Date): Promise<void> {
  await db
    .insertInto('app_user')
    .values({ id: ids.citizenB, email: 'warga.b@example.id', name: 'Warga B', password_hash: null, locale: null, oidc_subject: null, password_changed_at: null, last_login_at: null, created_at: now, updated_at: now })
    .execute();
  await db.insertInto('role_grant').values({ id: ids.citizenGrantB, user_id: ids.citizenB, role: 'warga', opd_id: null, granted_by: null, created_at: now }).execute();
  await db
    .insertInto('portal_consent')
    .values({ id: ids.consentB, user_id: ids.citizenB, purpose: 'Pengisian otomatis izin apotek', data_elements: ['nik', 'nama'], opd_id: ids.opdB, service_id: ids.serviceB, source: 'gerbang.prefill', granted_at: now, withdrawn_at: null })
    .execute();
  await seedCasework(db, ids, now);
  await seedRequests(db, ids, now);
}

export const portalCases: Case[] = [
  { route: 'GET /api/v1/portal/manage/services/:serviceId', url: (i) => `/api/v1/portal/manage/services/${i.serviceB}`, expect: readB },
  { route: 'GET /portal/layanan/:serviceId', url: (i) => `/portal/layanan/${i.serviceB}`, expect: readB },
  { route: 'PATCH /api/v1/portal/manage/services/:serviceId', url: (i) => `/api/v1/portal/manage/services/${i.serviceB}`, body: () => ({ availability: 'online' }), expect: changeB },
  { route: 'POST /api/v1/portal/manage/services/:serviceId/publish', url: (i) => `/api/v1/portal/manage/services/${i.serviceB}/publish`, expect: changeB },
  { route: 'POST /api/v1/portal/manage/services/:serviceId/unpublish', url: (i) => `/api/v1/portal/manage/services/${i.serviceB}/unpublish`, expect: changeB },
  { route: 'POST /api/v1/portal/manage/services/:serviceId/survey-links', url: (i) => `/api/v1/portal/manage/services/${i.serviceB}/survey-links`, expect: changeB },
  { route: 'POST /portal/layanan/:serviceId', url: (i) => `/portal/layanan/${i.serviceB}`, body: () => ({ published: 'true', availability: 'online' }), form: true, expect: changeB },
  { route: 'POST /portal/layanan/:serviceId/terbitkan', url: (i) => `/portal/layanan/${i.serviceB}/terbitkan`, body: () => ({}), form: true, expect: changeB },
  { route: 'POST /portal/layanan/:serviceId/tarik', url: (i) => `/portal/layanan/${i.serviceB}/tarik`, body: () => ({}), form: true, expect: changeB },
  { route: 'POST /portal/layanan/:serviceId/survei', url: (i) => `/portal/layanan/${i.serviceB}/survei`, body: () => ({}), form: true, expect: changeB },
  { route: 'GET /layanan/:key', url: () => '/layanan/dinkes-izin-apotek', expect: unpublishedPage },
  { route: 'GET /api/v1/portal/services/:key', url: () => '/api/v1/portal/services/dinkes-izin-apotek', expect: unpublishedPage },
  { route: 'POST /warga/persetujuan/:consentId/tarik', url: (i) => `/warga/persetujuan/${i.consentB}/tarik`, body: () => ({}), form: true, expect: othersConsent },
  { route: 'POST /api/v1/portal/me/consents/:consentId/withdraw', url: (i) => `/api/v1/portal/me/consents/${i.consentB}/withdraw`, expect: othersConsent },
  // Officers' case work on B's request, and B's service form.
  ...caseworkCases,
  // The citizen side: another citizen's request, documents and inbox message.
  ...requestCases,
];

/** Routes whose refusals are proven in the portal's own tests (public, the caller's own, or one-time links). */
export const portalElsewhere: [string, string][] = [
  // Registration and verification: anyone; the answer never reveals whether an address has an account.
  ...['POST /daftar', 'POST /api/v1/portal/citizens', 'POST /daftar/verifikasi', 'POST /api/v1/portal/citizens/verify'].map((r): [string, string] => [r, 'src/modules/portal/citizens/citizens.test.ts']),
  // The signed-in citizen's own profile (staff and strangers refused).
  ...['POST /warga/profil', 'PATCH /api/v1/portal/me/profile'].map((r): [string, string] => [r, 'src/modules/portal/citizens/citizens.test.ts']),
  // Survey links: the one-time token is the credential; wrong, used and expired tokens are not found.
  ...['GET /survei/:token', 'POST /survei/:token', 'GET /api/v1/portal/surveys/:token', 'POST /api/v1/portal/surveys/:token'].map((r): [string, string] => [r, 'src/modules/portal/survey/survey.test.ts']),
  // The citizen's own inbox, all at once.
  ...requestsElsewhere,
];

/** Everything a refused portal request must leave untouched. */
export async function portalSnapshot(db: Kysely<DB>): Promise<unknown> {
  return {
    services: await db.selectFrom('portal_service').select(['service_id', 'published', 'availability', 'elsewhere_url', 'in_person_where', 'keywords', 'popularity']).orderBy('service_id').execute(),
    topics: await db.selectFrom('portal_service_topic').selectAll().orderBy('service_id').orderBy('topic_code').execute(),
    events: await db.selectFrom('portal_service_life_event').selectAll().orderBy('service_id').orderBy('life_event_code').execute(),
    citizens: await db.selectFrom('portal_citizen').selectAll().orderBy('user_id').execute(),
    consents: await db.selectFrom('portal_consent').selectAll().orderBy('id').execute(),
    surveyTokens: await db.selectFrom('portal_survey_token').select(['token_hash', 'used_at']).orderBy('token_hash').execute(),
    responses: await db.selectFrom('portal_survey_response').select('id').orderBy('id').execute(),
    casework: await caseworkSnapshot(db),
    citizenRequests: await requestsSnapshot(db),
  };
}
