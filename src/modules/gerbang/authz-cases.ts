import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { gerbangSnapshot as snapshotTables, insertGerbangFixture, newGerbangFixtureIds, type GerbangFixture } from './testing.ts';
import { insertOnceOnlyFixture, newOnceOnlyFixtureIds, onceOnlySnapshot, type OnceOnlyFixture } from './once-only/testing.ts';
import { certificateSnapshot, insertCertificateFixture } from './tls/testing.ts';

/**
 * Gerbang's rows in the cross-agency authorization matrix (test/authz/matrix.test.ts): agency B
 * (Dinkes) has a subsystem with a token, a published service with an access right and a pending
 * request, and a group; agency A's staff, a citizen, an auditor, A's token (without the
 * `gerbang:call` scope) and an anonymous caller try every gerbang route that reads one of them by
 * id or changes data.
 *
 * Open (published) services are in the directory every gerbang user reads, so reading B's service
 * answers 200 and changing it 403; B's subsystems, groups and requests are B's own (404).
 */
type Actor = 'anon' | 'adminA' | 'petugasA' | 'warga' | 'auditor' | 'tokenA';

export interface GerbangIds {
  gerbangB: GerbangFixture;
  /** Once-only records: a data element sourced from B's service, B's subscription with a dead delivery, another citizen's consent to B. */
  onceOnlyB: OnceOnlyFixture;
  /** A client certificate of B's subsystem (mutual TLS). */
  certificateB: { certificateId: string; caId: string };
}
type Ids = GerbangIds & { opdA: string; opdB: string };

interface Case {
  route: string;
  url: (ids: Ids) => string;
  body?: (ids: Ids) => Record<string, string>;
  form?: boolean;
  expect: Partial<Record<Actor, number>>;
}

const readOwnB = { anon: 401, adminA: 404, petugasA: 404, warga: 403, tokenA: 403, auditor: 200 };
const changeOwnB = { anon: 401, adminA: 404, petugasA: 404, warga: 403, tokenA: 403, auditor: 403 };
const readOpenServiceB = { anon: 401, adminA: 200, petugasA: 200, warga: 403, tokenA: 403, auditor: 200 };
const providerViewB = { anon: 401, adminA: 403, petugasA: 403, warga: 403, tokenA: 403, auditor: 200 };
const changeServiceB = { anon: 401, adminA: 403, petugasA: 403, warga: 403, tokenA: 403, auditor: 403 };
const createInB = changeServiceB;
// Asking for access on behalf of B's subsystem: B's subsystem is not A's to name; auditors may not ask.
const requestForB = { anon: 401, adminA: 404, petugasA: 404, warga: 403, tokenA: 403, auditor: 403 };

export function newGerbangIds(uuid: () => string): GerbangIds {
  return { gerbangB: newGerbangFixtureIds(uuid), onceOnlyB: newOnceOnlyFixtureIds(uuid), certificateB: { certificateId: uuid(), caId: uuid().replace(/-/g, '') } };
}

export async function seedGerbang(db: Kysely<DB>, ids: Ids, now: Date): Promise<void> {
  await insertGerbangFixture(db, ids.gerbangB, ids.opdB, now);
  await insertOnceOnlyFixture(db, ids.onceOnlyB, ids.gerbangB, now);
  await insertCertificateFixture(db, ids.certificateB, ids.gerbangB.subsystemId, now);
}

export const gerbangSnapshot = async (db: Kysely<DB>) => ({ control: await snapshotTables(db), onceOnly: await onceOnlySnapshot(db), certificates: await certificateSnapshot(db) });

const sub = (i: Ids) => i.gerbangB.subsystemId;
const cert = (i: Ids) => i.certificateB.certificateId;
const svc = (i: Ids) => i.gerbangB.serviceId;
const grp = (i: Ids) => i.gerbangB.groupId;
const req = (i: Ids) => i.gerbangB.requestId;
const newService = () => ({ code: 'titipan', upstreamUrl: 'http://10.9.9.9/' });
const grant = () => ({ subsystem: 'JATIM/GOV/diskominfo/antrean' });
const decide = () => ({ decision: 'approve', reason: 'Menyusup' });
// Once-only: the registry is the SPBE team's and admins' (the matrix has neither), read by all staff.
const readElement = { anon: 401, adminA: 200, petugasA: 200, warga: 403, tokenA: 403, auditor: 200 };
const manageRegistry = { anon: 401, adminA: 403, petugasA: 403, warga: 403, tokenA: 403, auditor: 403 };
// Another citizen's consent: not found for the matrix's citizen; staff never withdraw consents.
const otherCitizensConsent = { anon: 401, adminA: 403, petugasA: 403, warga: 404, tokenA: 403, auditor: 403 };
const el = (i: Ids) => i.onceOnlyB.elementId;
const subscription = (i: Ids) => i.onceOnlyB.subscriptionId;
const elementForm = (i: Ids) => ({ code: 'titipan', name: 'Titipan', subjectKind: 'person', keyKind: 'nik', serviceId: svc(i), pathTemplate: '/pasien/{key}', fields: 'nama | Nama' });

export const gerbangCases: Case[] = [
  // Subsystems and their tokens.
  { route: 'POST /api/v1/gerbang/subsystems', url: () => '/api/v1/gerbang/subsystems', body: (i) => ({ opdId: i.opdB, code: 'titipan', name: 'Titipan' }), expect: createInB },
  { route: 'POST /gerbang/subsystems', url: () => '/gerbang/subsystems', body: (i) => ({ opdId: i.opdB, code: 'titipan', name: 'Titipan' }), form: true, expect: createInB },
  { route: 'GET /api/v1/gerbang/subsystems/:subsystemId', url: (i) => `/api/v1/gerbang/subsystems/${sub(i)}`, expect: readOwnB },
  { route: 'GET /gerbang/subsystems/:subsystemId', url: (i) => `/gerbang/subsystems/${sub(i)}`, expect: readOwnB },
  { route: 'GET /api/v1/gerbang/subsystems/:subsystemId/callable', url: (i) => `/api/v1/gerbang/subsystems/${sub(i)}/callable`, expect: readOwnB },
  { route: 'PATCH /api/v1/gerbang/subsystems/:subsystemId', url: (i) => `/api/v1/gerbang/subsystems/${sub(i)}`, body: () => ({ name: 'Diubah' }), expect: changeOwnB },
  { route: 'POST /gerbang/subsystems/:subsystemId', url: (i) => `/gerbang/subsystems/${sub(i)}`, body: () => ({ name: 'Diubah' }), form: true, expect: changeOwnB },
  { route: 'POST /api/v1/gerbang/subsystems/:subsystemId/tokens', url: (i) => `/api/v1/gerbang/subsystems/${sub(i)}/tokens`, expect: changeOwnB },
  { route: 'POST /gerbang/subsystems/:subsystemId/tokens', url: (i) => `/gerbang/subsystems/${sub(i)}/tokens`, body: () => ({}), form: true, expect: changeOwnB },
  { route: 'DELETE /api/v1/gerbang/subsystems/:subsystemId/tokens/:tokenId', url: (i) => `/api/v1/gerbang/subsystems/${sub(i)}/tokens/${i.gerbangB.tokenId}`, expect: changeOwnB },
  // B's subsystem's client certificates (mutual TLS).
  { route: 'GET /api/v1/gerbang/subsystems/:subsystemId/certificates', url: (i) => `/api/v1/gerbang/subsystems/${sub(i)}/certificates`, expect: readOwnB },
  { route: 'GET /api/v1/gerbang/subsystems/:subsystemId/certificates/:certificateId', url: (i) => `/api/v1/gerbang/subsystems/${sub(i)}/certificates/${cert(i)}`, expect: readOwnB },
  { route: 'GET /gerbang/subsystems/:subsystemId/certificates/:certificateId/certificate.pem', url: (i) => `/gerbang/subsystems/${sub(i)}/certificates/${cert(i)}/certificate.pem`, expect: readOwnB },
  { route: 'GET /gerbang/subsystems/:subsystemId/certificates/new', url: (i) => `/gerbang/subsystems/${sub(i)}/certificates/new`, expect: changeOwnB },
  { route: 'POST /api/v1/gerbang/subsystems/:subsystemId/certificates', url: (i) => `/api/v1/gerbang/subsystems/${sub(i)}/certificates`, expect: changeOwnB },
  { route: 'POST /gerbang/subsystems/:subsystemId/certificates', url: (i) => `/gerbang/subsystems/${sub(i)}/certificates`, body: () => ({}), form: true, expect: changeOwnB },
  { route: 'DELETE /api/v1/gerbang/subsystems/:subsystemId/certificates/:certificateId', url: (i) => `/api/v1/gerbang/subsystems/${sub(i)}/certificates/${cert(i)}`, expect: changeOwnB },
  { route: 'POST /gerbang/subsystems/:subsystemId/certificates/:certificateId/revoke', url: (i) => `/gerbang/subsystems/${sub(i)}/certificates/${cert(i)}/revoke`, body: () => ({}), form: true, expect: changeOwnB },
  { route: 'POST /gerbang/subsystems/:subsystemId/tokens/:tokenId/revoke', url: (i) => `/gerbang/subsystems/${sub(i)}/tokens/${i.gerbangB.tokenId}/revoke`, body: () => ({}), form: true, expect: changeOwnB },
  { route: 'POST /api/v1/gerbang/subsystems/:subsystemId/services', url: (i) => `/api/v1/gerbang/subsystems/${sub(i)}/services`, body: newService, expect: changeOwnB },
  { route: 'POST /gerbang/subsystems/:subsystemId/services', url: (i) => `/gerbang/subsystems/${sub(i)}/services`, body: newService, form: true, expect: changeOwnB },
  // Services: B's published service is in the directory; only B's admins change it.
  { route: 'GET /api/v1/gerbang/services/:serviceId', url: (i) => `/api/v1/gerbang/services/${svc(i)}`, expect: readOpenServiceB },
  { route: 'GET /gerbang/services/:serviceId', url: (i) => `/gerbang/services/${svc(i)}`, expect: readOpenServiceB },
  { route: 'GET /api/v1/gerbang/services/:serviceId/openapi', url: (i) => `/api/v1/gerbang/services/${svc(i)}/openapi`, expect: readOpenServiceB },
  { route: 'GET /api/v1/gerbang/services/:serviceId/rights', url: (i) => `/api/v1/gerbang/services/${svc(i)}/rights`, expect: providerViewB },
  { route: 'GET /api/v1/gerbang/services/:serviceId/diagnostics', url: (i) => `/api/v1/gerbang/services/${svc(i)}/diagnostics`, expect: providerViewB },
  { route: 'PATCH /api/v1/gerbang/services/:serviceId', url: (i) => `/api/v1/gerbang/services/${svc(i)}`, body: () => ({ upstreamUrl: 'http://10.9.9.9/' }), expect: changeServiceB },
  { route: 'POST /gerbang/services/:serviceId', url: (i) => `/gerbang/services/${svc(i)}`, body: () => ({ upstreamUrl: 'http://10.9.9.9/' }), form: true, expect: changeServiceB },
  { route: 'POST /api/v1/gerbang/services/:serviceId/lifecycle', url: (i) => `/api/v1/gerbang/services/${svc(i)}/lifecycle`, body: () => ({ lifecycle: 'retired' }), expect: changeServiceB },
  { route: 'POST /gerbang/services/:serviceId/lifecycle', url: (i) => `/gerbang/services/${svc(i)}/lifecycle`, body: () => ({ lifecycle: 'retired' }), form: true, expect: changeServiceB },
  { route: 'POST /api/v1/gerbang/services/:serviceId/rights', url: (i) => `/api/v1/gerbang/services/${svc(i)}/rights`, body: grant, expect: changeServiceB },
  { route: 'POST /gerbang/services/:serviceId/rights', url: (i) => `/gerbang/services/${svc(i)}/rights`, body: grant, form: true, expect: changeServiceB },
  { route: 'DELETE /api/v1/gerbang/rights/:rightId', url: (i) => `/api/v1/gerbang/rights/${i.gerbangB.rightId}`, expect: changeServiceB },
  { route: 'POST /gerbang/rights/:rightId/delete', url: (i) => `/gerbang/rights/${i.gerbangB.rightId}/delete`, body: () => ({}), form: true, expect: changeServiceB },
  // Access requests: asking in B's subsystem's name, reading and deciding B's request.
  { route: 'POST /api/v1/gerbang/services/:serviceId/requests', url: (i) => `/api/v1/gerbang/services/${svc(i)}/requests`, body: (i) => ({ subsystemId: sub(i), reason: 'Menyusup lewat subsistem B' }), expect: requestForB },
  { route: 'POST /gerbang/services/:serviceId/requests', url: (i) => `/gerbang/services/${svc(i)}/requests`, body: (i) => ({ subsystemId: sub(i), reason: 'Menyusup lewat subsistem B' }), form: true, expect: requestForB },
  { route: 'GET /api/v1/gerbang/requests/:requestId', url: (i) => `/api/v1/gerbang/requests/${req(i)}`, expect: readOwnB },
  { route: 'POST /api/v1/gerbang/requests/:requestId/approve', url: (i) => `/api/v1/gerbang/requests/${req(i)}/approve`, body: () => ({ reason: 'Menyusup' }), expect: changeOwnB },
  { route: 'POST /api/v1/gerbang/requests/:requestId/reject', url: (i) => `/api/v1/gerbang/requests/${req(i)}/reject`, body: () => ({ reason: 'Menyusup' }), expect: changeOwnB },
  { route: 'POST /gerbang/requests/:requestId/decide', url: (i) => `/gerbang/requests/${req(i)}/decide`, body: decide, form: true, expect: changeOwnB },
  // Groups.
  { route: 'POST /api/v1/gerbang/groups', url: () => '/api/v1/gerbang/groups', body: (i) => ({ opdId: i.opdB, code: 'titipan', name: 'Titipan' }), expect: createInB },
  { route: 'POST /gerbang/groups', url: () => '/gerbang/groups', body: (i) => ({ opdId: i.opdB, code: 'titipan', name: 'Titipan' }), form: true, expect: createInB },
  { route: 'GET /api/v1/gerbang/groups/:groupId', url: (i) => `/api/v1/gerbang/groups/${grp(i)}`, expect: readOwnB },
  { route: 'GET /gerbang/groups/:groupId', url: (i) => `/gerbang/groups/${grp(i)}`, expect: readOwnB },
  { route: 'POST /api/v1/gerbang/groups/:groupId/members', url: (i) => `/api/v1/gerbang/groups/${grp(i)}/members`, body: () => ({ subsystem: 'JATIM/GOV/dinkes/simrs' }), expect: changeOwnB },
  { route: 'POST /gerbang/groups/:groupId/members', url: (i) => `/gerbang/groups/${grp(i)}/members`, body: () => ({ subsystem: 'JATIM/GOV/dinkes/simrs' }), form: true, expect: changeOwnB },
  { route: 'DELETE /api/v1/gerbang/groups/:groupId/members/:subsystemId', url: (i) => `/api/v1/gerbang/groups/${grp(i)}/members/${sub(i)}`, expect: changeOwnB },
  { route: 'POST /gerbang/groups/:groupId/members/:subsystemId/delete', url: (i) => `/gerbang/groups/${grp(i)}/members/${sub(i)}/delete`, body: () => ({}), form: true, expect: changeOwnB },
  // Once-only: the registry of sources (an element whose source is B's service).
  { route: 'POST /api/v1/gerbang/elements', url: () => '/api/v1/gerbang/elements', body: (i) => ({ ...elementForm(i), fields: [{ name: 'nama', label: 'Nama' }] }) as unknown as Record<string, string>, expect: manageRegistry },
  { route: 'POST /gerbang/elements', url: () => '/gerbang/elements', body: elementForm, form: true, expect: manageRegistry },
  { route: 'GET /api/v1/gerbang/elements/:elementId', url: (i) => `/api/v1/gerbang/elements/${el(i)}`, expect: readElement },
  { route: 'GET /gerbang/elements/:elementId', url: (i) => `/gerbang/elements/${el(i)}`, expect: readElement },
  { route: 'PATCH /api/v1/gerbang/elements/:elementId', url: (i) => `/api/v1/gerbang/elements/${el(i)}`, body: () => ({ name: 'Diubah' }), expect: manageRegistry },
  { route: 'POST /gerbang/elements/:elementId', url: (i) => `/gerbang/elements/${el(i)}`, body: elementForm, form: true, expect: manageRegistry },
  // Publishing a change of B's records: B's admins and B's source subsystem only.
  { route: 'POST /api/v1/gerbang/elements/:elementId/changes', url: (i) => `/api/v1/gerbang/elements/${el(i)}/changes`, body: () => ({ recordKey: '3578015708900001' }), expect: changeServiceB },
  { route: 'POST /gerbang/elements/:elementId/changes', url: (i) => `/gerbang/elements/${el(i)}/changes`, body: () => ({ recordKey: '3578015708900001' }), form: true, expect: changeServiceB },
  // B's subsystem's subscription, its feed and its dead delivery.
  { route: 'POST /api/v1/gerbang/subscriptions', url: () => '/api/v1/gerbang/subscriptions', body: (i) => ({ subsystem: sub(i), element: 'pasien', delivery: 'pull' }), expect: requestForB },
  { route: 'POST /gerbang/subscriptions', url: () => '/gerbang/subscriptions', body: (i) => ({ subsystem: sub(i), element: 'pasien', delivery: 'pull' }), form: true, expect: requestForB },
  { route: 'GET /api/v1/gerbang/subscriptions/:subscriptionId', url: (i) => `/api/v1/gerbang/subscriptions/${subscription(i)}`, expect: readOwnB },
  { route: 'GET /gerbang/subscriptions/:subscriptionId', url: (i) => `/gerbang/subscriptions/${subscription(i)}`, expect: readOwnB },
  { route: 'GET /api/v1/gerbang/subscriptions/:subscriptionId/events', url: (i) => `/api/v1/gerbang/subscriptions/${subscription(i)}/events`, expect: readOwnB },
  { route: 'DELETE /api/v1/gerbang/subscriptions/:subscriptionId', url: (i) => `/api/v1/gerbang/subscriptions/${subscription(i)}`, expect: changeOwnB },
  { route: 'POST /gerbang/subscriptions/:subscriptionId/cancel', url: (i) => `/gerbang/subscriptions/${subscription(i)}/cancel`, body: () => ({}), form: true, expect: changeOwnB },
  { route: 'POST /api/v1/gerbang/deliveries/:deliveryId/retry', url: (i) => `/api/v1/gerbang/deliveries/${i.onceOnlyB.deliveryId}/retry`, expect: changeOwnB },
  { route: 'POST /gerbang/deliveries/:deliveryId/retry', url: (i) => `/gerbang/deliveries/${i.onceOnlyB.deliveryId}/retry`, body: () => ({}), form: true, expect: changeOwnB },
  // Another citizen's consent (to B's subsystem).
  { route: 'POST /api/v1/gerbang/consents/:consentId/withdraw', url: (i) => `/api/v1/gerbang/consents/${i.onceOnlyB.consentId}/withdraw`, expect: otherCitizensConsent },
  { route: 'POST /gerbang/my-data/consents/:consentId/withdraw', url: (i) => `/gerbang/my-data/consents/${i.onceOnlyB.consentId}/withdraw`, body: () => ({}), form: true, expect: otherCitizensConsent },
];

/**
 * Once-only routes whose refusals are proven in their own tests: a citizen consents and prefills
 * only for themself (the NIK comes from their profile, never from the request), and an agency
 * system prefills only under a consent to its own subsystem.
 */
export const gerbangAuthzElsewhere: [string, string][] = [
  ['POST /api/v1/gerbang/consents', 'src/modules/gerbang/once-only/once-only.test.ts'],
  ['POST /gerbang/consent', 'src/modules/gerbang/once-only/once-only.test.ts'],
  ['POST /api/v1/gerbang/prefill', 'src/modules/gerbang/once-only/once-only.test.ts'],
];
