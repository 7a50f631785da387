import type { FastifyPluginAsync } from 'fastify';
import type { PaduModule } from '../../platform/http/app.tsx';
import type { Deps } from '../../platform/deps.ts';
import type { JobQueue } from '../../platform/jobs/index.ts';
import { isStaff, platformPolicy } from '../../platform/auth/policy.ts';
import { registerOpdMergeHandler } from '../../platform/org/index.ts';
import { catalogueRoutes } from './catalogue/routes.tsx';
import { citizenRoutes } from './citizens/routes.tsx';
import { surveyRoutes } from './survey/routes.tsx';
import { requestRoutes, requestUploadRoutes } from './requests/routes.tsx';
import { moveAgencyRecords } from './catalogue/repo.ts';
import { syncSearchIndex } from './catalogue/use-cases/sync-search-index.ts';
import { seedPortalDemo } from './demo/seed-demo.ts';
import { seedRequestsDemo } from './demo/requests.ts';
import { caseworkCli, caseworkPlugin, registerCaseworkJobs } from './casework/index.ts';
import './db.ts';
import './messages.ts';

registerOpdMergeHandler('portal', (tx, merge) => moveAgencyRecords(tx, merge.fromId, merge.toId));

export const SEARCH_SYNC_JOB = 'portal.search-sync';

async function registerJobs(queue: JobQueue, deps: Deps): Promise<void> {
  await queue.work(SEARCH_SYNC_JOB, async () => void (await syncSearchIndex(deps)));
  await queue.schedule(SEARCH_SYNC_JOB, '* * * * *');
  await registerCaseworkJobs(queue, deps);
}

const routes: FastifyPluginAsync = async (app) => {
  await app.register(catalogueRoutes);
  await app.register(citizenRoutes);
  await app.register(surveyRoutes);
  await app.register(requestRoutes);
  await app.register(requestUploadRoutes);
  await app.register(caseworkPlugin());
};

/**
 * Portal layanan publik: the public catalogue of every agency's services (search, browse, service
 * pages), citizen accounts with their profile and consents, and the satisfaction survey (IKM).
 * Online requests (permohonan) build on this: see the exports below.
 */
export const portalModule: PaduModule = {
  name: 'portal',
  routes,
  // The search copy follows katalog edits within a minute; at start it catches up at once.
  loadReference: async (db, { now }) => void (await syncSearchIndex({ db, clock: { now: () => now } })),
  // The catalogue first, then forms and synthetic requests on its online services.
  seedDemo: async (deps) => {
    const part = await seedPortalDemo(deps);
    return { ...part, data: { ...(part.data as object), requests: await seedRequestsDemo(deps) } };
  },
  jobs: registerJobs,
  cli: caseworkCli,
  nav: [
    { href: '/layanan', labelKey: 'nav.portal', visible: () => true },
    { href: '/portal/layanan', labelKey: 'nav.portal_manage', visible: (a) => isStaff(a) },
    { href: '/portal/permohonan', labelKey: 'nav.portal_requests', visible: (a) => isStaff(a) },
    { href: '/warga/profil', labelKey: 'nav.citizen', visible: (a) => platformPolicy.portalCitizen(a) },
    { href: '/warga/permohonan', labelKey: 'nav.my_requests', visible: (a) => platformPolicy.portalCitizen(a) },
    { href: '/warga/kotak-masuk', labelKey: 'nav.inbox', visible: (a) => platformPolicy.portalCitizen(a) },
    { href: '/daftar', labelKey: 'nav.register', visible: (a) => !a },
  ],
};

// ---- For other modules (online requests, the gateway's prefill) --------------------------------
/** Consents: record (`grantConsent`, inside the caller's transaction), withdraw, list, check. */
export { grantConsent, withdrawConsent, listConsents, hasConsent, type Consent, type ConsentInput } from './citizens/use-cases/consents.ts';
/** One-time satisfaction survey links, issued when a request completes. */
export { issueSurveyToken, SURVEY_VALID_DAYS, type IssuedSurvey } from './survey/use-cases/issue-survey-token.ts';
/** The satisfaction index: exact computation and the published figures. */
export { computeIkm, totalsOf, IKM, type IkmResult, type IkmTotals } from './survey/ikm.ts';
export { getIkm, type IkmReport } from './survey/use-cases/get-ikm.ts';
/** The citizen's profile (masked NIK) and NIK rules; `openNik` decrypts for use cases that need the number. */
export { getProfile, openNik, nikOfCitizen, type CitizenProfile } from './citizens/use-cases/profile.ts';
export { checkNik, maskNik } from './citizens/nik.ts';
/** Where a service's online request form lives (`/layanan/<key>/ajukan`, served by the requests part). */
export { requestPath } from './catalogue/views/public-pages.tsx';
export type { Availability } from './db.ts';
/** Online requests (citizen side): form definitions as data, the form renderer, notices, the read policy. */
export { parseFormDefinition, validateAnswers, type FormDefinition, type FormField, type RequiredDocument, type Text as FormText } from './requests/form-definition.ts';
export { FormFields, answerLines } from './requests/views/form-fields.tsx';
export { notifyCitizen, type CitizenNotice } from './requests/notify.ts';
export { canReadRequest } from './requests/policy.ts';
export { trackingPath } from './requests/paths.ts';
