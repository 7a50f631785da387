import type { Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema.ts';

/**
 * The registry's rows in the cross-agency authorization matrix (test/authz/matrix.test.ts): a
 * record of every type in agency B (Dinkes), and every registry route that reads one by id or
 * changes data, tried by agency A's staff, a citizen, an auditor, A's token and anonymously.
 */
type Actor = 'anon' | 'adminA' | 'petugasA' | 'warga' | 'auditor' | 'tokenA';

export interface RegistryIds {
  serviceB: string;
  datasetB: string;
  infraB: string;
  integrationB: string;
  roadmapB: string;
  appB2: string;
}
type Ids = RegistryIds & { opdA: string; opdB: string; appB: string };

interface Case {
  route: string;
  url: (ids: Ids) => string;
  body?: (ids: Ids) => Record<string, string>;
  form?: boolean;
  expect: Partial<Record<Actor, number>>;
}

/** A province code (not agency-scoped: only the SPBE team and admins manage reference codes). */
export const REF_CODE = 'RAB.09.01.91';

const readB = { anon: 401, adminA: 404, petugasA: 404, warga: 403, tokenA: 404, auditor: 200 };
const changeB = { anon: 401, adminA: 404, petugasA: 404, warga: 403, tokenA: 404, auditor: 403 };
const createInB = { anon: 401, adminA: 403, petugasA: 403, warga: 403, tokenA: 403, auditor: 403 };
// HTML create forms first ask whether the actor may create anything at all (officers may not).
const formOnBRecord = { anon: 401, adminA: 404, petugasA: 403, warga: 403, tokenA: 404, auditor: 403 };
const manageReference = { anon: 401, adminA: 403, petugasA: 403, warga: 403, tokenA: 403, auditor: 403 };

export function newRegistryIds(uuid: () => string): RegistryIds {
  return { serviceB: uuid(), datasetB: uuid(), infraB: uuid(), integrationB: uuid(), roadmapB: uuid(), appB2: uuid() };
}

/** One record of each type in agency B; `ids.appB` must already exist. */
export async function seedRegistry(db: Kysely<DB>, ids: Ids, now: Date): Promise<void> {
  await db
    .insertInto('katalog_app')
    .values({ id: ids.appB2, key: 'dinkes-sik', name: 'SIK Dinkes', acronym: null, description: null, opd_id: ids.opdB, category: 'khusus', hosting: null, url: null, technology: null, users: null, yearly_cost: null, legal_basis: null, lifecycle: 'aktif', lifecycle_changed_at: now, merged_into_id: null, replaced_by: null, created_at: now, updated_at: now })
    .execute();
  await db
    .insertInto('katalog_service')
    .values({ id: ids.serviceB, key: 'dinkes-izin-apotek', name: 'Izin Apotek', description: null, opd_id: ids.opdB, kind: 'publik', audience: 'G2B', ral_code: null, standard: '{}', sla_working_days: 5, fee: 0, fee_note: null, channels: ['online'], created_at: now, updated_at: now })
    .execute();
  await db.insertInto('katalog_service_app').values({ service_id: ids.serviceB, app_id: ids.appB }).execute();
  await db
    .insertInto('katalog_dataset')
    .values({ id: ids.datasetB, key: 'dinkes-data-faskes', name: 'Data Faskes', description: null, rad_code: null, producer_opd_id: ids.opdB, walidata_opd_id: ids.opdB, sensitivity: 'terbuka', format: 'CSV', update_frequency: 'bulanan', reference_codes: [], created_at: now, updated_at: now })
    .execute();
  await db.insertInto('katalog_dataset_app').values({ dataset_id: ids.datasetB, app_id: ids.appB, access: 'write' }).execute();
  await db
    .insertInto('katalog_infra')
    .values({ id: ids.infraB, key: 'dinkes-ruang-server', name: 'Ruang Server Dinkes', kind: 'pusat_data', rai_code: null, operator_opd_id: ids.opdB, description: null, location: null, created_at: now, updated_at: now })
    .execute();
  await db.insertInto('katalog_infra_tenant').values({ infra_id: ids.infraB, opd_id: ids.opdB, since: '2020-01-01' }).execute();
  await db.insertInto('katalog_security_audit').values({ id: ids.integrationB.replace(/^.{8}/, '00000000'), app_id: ids.appB, infra_id: null, audited_on: '2024-01-10', next_due: '2026-01-10', auditor: 'BSSN', result: null, created_at: now }).execute();
  await db.insertInto('katalog_integration').values({ id: ids.integrationB, consumer_app_id: ids.appB, provider_app_id: ids.appB2, dataset_id: null, channel: 'entri_ulang_manual', note: null, created_at: now }).execute();
  await db
    .insertInto('katalog_roadmap_item')
    .values({ id: ids.roadmapB, key: 'dinkes-rme', area: 'layanan', title: 'Rekam Medis Elektronik', description: null, baseline: null, target: null, start_year: 2026, end_year: 2027, owner_opd_id: ids.opdB, budget_code: null, created_at: now, updated_at: now })
    .execute();
  await db.insertInto('katalog_roadmap_link').values({ item_id: ids.roadmapB, target_type: 'app', target_id: ids.appB }).execute();
  await db.insertInto('arch_ref').values({ code: REF_CODE, kind: 'RAB', name: 'Kode Provinsi Uji', level: 3, parent_code: 'RAB.09.01', origin: 'province', confidence: null, created_at: now }).execute();
}

/** Everything a refused registry request must leave untouched. */
export async function registrySnapshot(db: Kysely<DB>): Promise<unknown> {
  const all = <T extends keyof DB>(table: T) => db.selectFrom(table).selectAll().execute();
  return {
    services: await all('katalog_service'),
    serviceApps: await all('katalog_service_app'),
    datasets: await all('katalog_dataset'),
    datasetApps: await all('katalog_dataset_app'),
    infra: await all('katalog_infra'),
    tenants: await all('katalog_infra_tenant'),
    securityAudits: await all('katalog_security_audit'),
    integrations: await all('katalog_integration'),
    roadmap: await all('katalog_roadmap_item'),
    roadmapLinks: await all('katalog_roadmap_link'),
    provinceCodes: await db.selectFrom('arch_ref').selectAll().where('origin', '=', 'province').orderBy('code').execute(),
  };
}

export const registryCases: Case[] = [
  // Services: the owner agency's records.
  { route: 'GET /api/v1/katalog/services/:serviceId', url: (i) => `/api/v1/katalog/services/${i.serviceB}`, expect: readB },
  { route: 'GET /api/v1/katalog/services/:serviceId/history', url: (i) => `/api/v1/katalog/services/${i.serviceB}/history`, expect: readB },
  { route: 'GET /katalog/services/:serviceId', url: (i) => `/katalog/services/${i.serviceB}`, expect: readB },
  { route: 'GET /katalog/services/:serviceId/edit', url: (i) => `/katalog/services/${i.serviceB}/edit`, expect: changeB },
  { route: 'PATCH /api/v1/katalog/services/:serviceId', url: (i) => `/api/v1/katalog/services/${i.serviceB}`, body: () => ({ name: 'Diubah' }), expect: changeB },
  { route: 'POST /katalog/services/:serviceId', url: (i) => `/katalog/services/${i.serviceB}`, body: () => ({ name: 'Diubah', audience: 'G2B' }), form: true, expect: changeB },
  { route: 'POST /api/v1/katalog/services', url: () => '/api/v1/katalog/services', body: (i) => ({ name: 'Titipan', audience: 'G2C', opdId: i.opdB }), expect: createInB },
  { route: 'POST /katalog/services', url: () => '/katalog/services', body: (i) => ({ name: 'Titipan', audience: 'G2C', opdId: i.opdB }), form: true, expect: createInB },
  // Data sets: the producer agency's records.
  { route: 'GET /api/v1/katalog/datasets/:datasetId', url: (i) => `/api/v1/katalog/datasets/${i.datasetB}`, expect: readB },
  { route: 'GET /api/v1/katalog/datasets/:datasetId/history', url: (i) => `/api/v1/katalog/datasets/${i.datasetB}/history`, expect: readB },
  { route: 'GET /katalog/datasets/:datasetId', url: (i) => `/katalog/datasets/${i.datasetB}`, expect: readB },
  { route: 'GET /katalog/datasets/:datasetId/edit', url: (i) => `/katalog/datasets/${i.datasetB}/edit`, expect: changeB },
  { route: 'PATCH /api/v1/katalog/datasets/:datasetId', url: (i) => `/api/v1/katalog/datasets/${i.datasetB}`, body: () => ({ name: 'Diubah' }), expect: changeB },
  { route: 'POST /katalog/datasets/:datasetId', url: (i) => `/katalog/datasets/${i.datasetB}`, body: () => ({ name: 'Diubah', sensitivity: 'terbuka' }), form: true, expect: changeB },
  { route: 'POST /api/v1/katalog/datasets', url: () => '/api/v1/katalog/datasets', body: (i) => ({ name: 'Titipan', sensitivity: 'terbuka', producerOpdId: i.opdB }), expect: createInB },
  { route: 'POST /katalog/datasets', url: () => '/katalog/datasets', body: (i) => ({ name: 'Titipan', sensitivity: 'terbuka', producerOpdId: i.opdB }), form: true, expect: createInB },
  // Infrastructure: the operator agency's records, its tenants and security audits.
  { route: 'GET /api/v1/katalog/infra/:infraId', url: (i) => `/api/v1/katalog/infra/${i.infraB}`, expect: readB },
  { route: 'GET /api/v1/katalog/infra/:infraId/history', url: (i) => `/api/v1/katalog/infra/${i.infraB}/history`, expect: readB },
  { route: 'GET /katalog/infra/:infraId', url: (i) => `/katalog/infra/${i.infraB}`, expect: readB },
  { route: 'GET /katalog/infra/:infraId/edit', url: (i) => `/katalog/infra/${i.infraB}/edit`, expect: changeB },
  { route: 'PATCH /api/v1/katalog/infra/:infraId', url: (i) => `/api/v1/katalog/infra/${i.infraB}`, body: () => ({ name: 'Diubah' }), expect: changeB },
  { route: 'POST /katalog/infra/:infraId', url: (i) => `/katalog/infra/${i.infraB}`, body: () => ({ name: 'Diubah', kind: 'pusat_data' }), form: true, expect: changeB },
  { route: 'POST /api/v1/katalog/infra', url: () => '/api/v1/katalog/infra', body: (i) => ({ name: 'Titipan', kind: 'pusat_data', operatorOpdId: i.opdB }), expect: createInB },
  { route: 'POST /katalog/infra', url: () => '/katalog/infra', body: (i) => ({ name: 'Titipan', kind: 'pusat_data', operatorOpdId: i.opdB }), form: true, expect: createInB },
  { route: 'PUT /api/v1/katalog/infra/:infraId/tenants/:opdId', url: (i) => `/api/v1/katalog/infra/${i.infraB}/tenants/${i.opdA}`, body: () => ({ since: '2024-01-01' }), expect: changeB },
  { route: 'DELETE /api/v1/katalog/infra/:infraId/tenants/:opdId', url: (i) => `/api/v1/katalog/infra/${i.infraB}/tenants/${i.opdB}`, expect: changeB },
  { route: 'POST /katalog/infra/:infraId/tenants', url: (i) => `/katalog/infra/${i.infraB}/tenants`, body: (i) => ({ opdId: i.opdA, since: '2024-01-01' }), form: true, expect: changeB },
  { route: 'POST /katalog/infra/:infraId/tenants/:opdId/delete', url: (i) => `/katalog/infra/${i.infraB}/tenants/${i.opdB}/delete`, body: () => ({}), form: true, expect: changeB },
  { route: 'POST /api/v1/katalog/security-audits', url: () => '/api/v1/katalog/security-audits', body: (i) => ({ appId: i.appB, auditedOn: '2025-01-01', auditor: 'Titipan' }), expect: changeB },
  { route: 'POST /katalog/security-audits', url: () => '/katalog/security-audits', body: (i) => ({ infraId: i.infraB, auditedOn: '2025-01-01', auditor: 'Titipan' }), form: true, expect: changeB },
  { route: 'GET /katalog/security-audits/new', url: (i) => `/katalog/security-audits/new?appId=${i.appB}`, expect: changeB },
  // Integrations: both sides read, the consumer's agency changes.
  { route: 'GET /api/v1/katalog/integrations/:integrationId', url: (i) => `/api/v1/katalog/integrations/${i.integrationB}`, expect: readB },
  { route: 'GET /api/v1/katalog/integrations/:integrationId/history', url: (i) => `/api/v1/katalog/integrations/${i.integrationB}/history`, expect: readB },
  { route: 'PATCH /api/v1/katalog/integrations/:integrationId', url: (i) => `/api/v1/katalog/integrations/${i.integrationB}`, body: () => ({ channel: 'gerbang_padu' }), expect: changeB },
  { route: 'DELETE /api/v1/katalog/integrations/:integrationId', url: (i) => `/api/v1/katalog/integrations/${i.integrationB}`, expect: changeB },
  { route: 'POST /api/v1/katalog/integrations', url: () => '/api/v1/katalog/integrations', body: (i) => ({ consumerAppId: i.appB, providerAppId: i.appB2, datasetId: i.datasetB, channel: 'bus_lain' }), expect: changeB },
  { route: 'POST /katalog/integrations', url: () => '/katalog/integrations', body: () => ({ consumerKey: 'dinkes-simrs', providerKey: 'dinkes-sik', channel: 'bus_lain', datasetKey: 'dinkes-data-faskes' }), form: true, expect: formOnBRecord },
  { route: 'GET /katalog/integrations/:integrationId/edit', url: (i) => `/katalog/integrations/${i.integrationB}/edit`, expect: changeB },
  { route: 'POST /katalog/integrations/:integrationId', url: (i) => `/katalog/integrations/${i.integrationB}`, body: () => ({ channel: 'gerbang_padu' }), form: true, expect: changeB },
  { route: 'POST /katalog/integrations/:integrationId/delete', url: (i) => `/katalog/integrations/${i.integrationB}/delete`, body: () => ({}), form: true, expect: changeB },
  { route: 'GET /api/v1/katalog/apps/:appId/links', url: (i) => `/api/v1/katalog/apps/${i.appB}/links`, expect: readB },
  // Reference codes: the SPBE team's; agency staff, auditors and tokens change nothing.
  { route: 'POST /api/v1/katalog/arch-ref', url: () => '/api/v1/katalog/arch-ref', body: () => ({ parentCode: 'RAB.09.01', code: 'RAB.09.01.92', name: 'Titipan' }), expect: manageReference },
  { route: 'PATCH /api/v1/katalog/arch-ref/:code', url: () => `/api/v1/katalog/arch-ref/${REF_CODE}`, body: () => ({ name: 'Diubah' }), expect: manageReference },
  { route: 'POST /api/v1/katalog/arch-ref/:code/retire', url: () => `/api/v1/katalog/arch-ref/${REF_CODE}/retire`, expect: manageReference },
  { route: 'GET /katalog/arch-ref/:code/edit', url: () => `/katalog/arch-ref/${REF_CODE}/edit`, expect: manageReference },
  { route: 'POST /katalog/arch-ref', url: () => '/katalog/arch-ref', body: () => ({ parentCode: 'RAB.09.01', code: 'RAB.09.01.92', name: 'Titipan' }), form: true, expect: manageReference },
  { route: 'POST /katalog/arch-ref/:code', url: () => `/katalog/arch-ref/${REF_CODE}`, body: () => ({ name: 'Diubah' }), form: true, expect: manageReference },
  { route: 'POST /katalog/arch-ref/:code/retire', url: () => `/katalog/arch-ref/${REF_CODE}/retire`, body: () => ({}), form: true, expect: manageReference },
  // Roadmap items: the owner agency's records.
  { route: 'GET /api/v1/katalog/roadmap/:itemId', url: (i) => `/api/v1/katalog/roadmap/${i.roadmapB}`, expect: readB },
  { route: 'GET /api/v1/katalog/roadmap/:itemId/history', url: (i) => `/api/v1/katalog/roadmap/${i.roadmapB}/history`, expect: readB },
  { route: 'GET /katalog/roadmap/:itemId', url: (i) => `/katalog/roadmap/${i.roadmapB}`, expect: readB },
  { route: 'GET /katalog/roadmap/:itemId/edit', url: (i) => `/katalog/roadmap/${i.roadmapB}/edit`, expect: changeB },
  { route: 'PATCH /api/v1/katalog/roadmap/:itemId', url: (i) => `/api/v1/katalog/roadmap/${i.roadmapB}`, body: () => ({ status: 'batal' }), expect: changeB },
  { route: 'POST /katalog/roadmap/:itemId', url: (i) => `/katalog/roadmap/${i.roadmapB}`, body: () => ({ area: 'layanan', title: 'Diubah', startYear: '2026', endYear: '2027', status: 'batal' }), form: true, expect: changeB },
  { route: 'POST /api/v1/katalog/roadmap', url: () => '/api/v1/katalog/roadmap', body: (i) => ({ area: 'layanan', title: 'Titipan', startYear: '2026', endYear: '2026', ownerOpdId: i.opdB }), expect: createInB },
  { route: 'POST /katalog/roadmap', url: () => '/katalog/roadmap', body: (i) => ({ area: 'layanan', title: 'Titipan', startYear: '2026', endYear: '2026', ownerOpdId: i.opdB, status: 'rencana' }), form: true, expect: createInB },
];
