import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { gerbangSnapshot as snapshotTables, insertGerbangFixture, newGerbangFixtureIds, type GerbangFixture } from './testing.ts';

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
  return { gerbangB: newGerbangFixtureIds(uuid) };
}

export async function seedGerbang(db: Kysely<DB>, ids: Ids, now: Date): Promise<void> {
  await insertGerbangFixture(db, ids.gerbangB, ids.opdB, now);
}

export const gerbangSnapshot = (db: Kysely<DB>) => snapshotTables(db);

const sub = (i: Ids) => i.gerbangB.subsystemId;
const svc = (i: Ids) => i.gerbangB.serviceId;
const grp = (i: Ids) => i.gerbangB.groupId;
const req = (i: Ids) => i.gerbangB.requestId;
const newService = () => ({ code: 'titipan', upstreamUrl: 'http://10.9.9.9/' });
const grant = () => ({ subsystem: 'JATIM/GOV/diskominfo/antrean' });
const decide = () => ({ decision: 'approve', reason: 'Menyusup' });

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
];
