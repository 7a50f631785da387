import http, { type IncomingHttpHeaders } from 'node:http';
import type { Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema.ts';

/**
 * Test helpers for once-only data: a real population-registry upstream on loopback (node:http),
 * and one agency's once-only records for the authorization matrix.
 */
export interface RegistryUpstream {
  url: string;
  /** Every request the registry received: path and headers. */
  requests: { path: string; headers: IncomingHttpHeaders }[];
  hits(path: string): number;
  close(): Promise<void>;
}

export const PEOPLE: Record<string, { nama: string; tanggalLahir: string; alamat: { jalan: string; kodePos: string } }> = {
  '3578015708900001': { nama: 'SITI RAHAYU', tanggalLahir: '1990-08-17', alamat: { jalan: 'JL. KENANGA 12', kodePos: '60262' } },
  '3578010203850002': { nama: 'BUDI SANTOSO', tanggalLahir: '1985-03-02', alamat: { jalan: 'JL. MELATI 7', kodePos: '60275' } },
};

/** `GET /penduduk/{nik}`, `GET /alamat/{nik}`: JSON for the people above, 404 for others. */
export async function startRegistryUpstream(): Promise<RegistryUpstream> {
  const requests: RegistryUpstream['requests'] = [];
  const server = http.createServer((req, res) => {
    const path = new URL(req.url!, 'http://registry').pathname;
    requests.push({ path, headers: req.headers });
    const [, resource, nik] = path.split('/');
    const person = nik ? PEOPLE[nik] : undefined;
    let body: unknown = null;
    if (person && resource === 'penduduk') body = { nik, nama: person.nama, tanggalLahir: person.tanggalLahir, alamat: person.alamat };
    if (person && resource === 'alamat') body = { nik, ...person.alamat };
    const text = JSON.stringify(body ?? { error: 'not found' });
    res.writeHead(body ? 200 : 404, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    hits: (path) => requests.filter((r) => r.path === path).length,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export interface OnceOnlyFixture {
  elementId: string;
  subscriptionId: string;
  deliveryId: string;
  eventId: string;
  consentId: string;
  citizenId: string;
}

export function newOnceOnlyFixtureIds(uuid: () => string): OnceOnlyFixture {
  return { elementId: uuid(), subscriptionId: uuid(), deliveryId: uuid(), eventId: uuid(), consentId: uuid(), citizenId: uuid() };
}

/**
 * Agency B's once-only records, written straight to the tables: a data element whose source is
 * B's service, B's subsystem's webhook subscription with a dead delivery of one event, and a
 * consent of another citizen (not the matrix's warga) to B's subsystem.
 */
export async function insertOnceOnlyFixture(db: Kysely<DB>, ids: OnceOnlyFixture, b: { serviceId: string; subsystemId: string }, now: Date): Promise<void> {
  await db
    .insertInto('gerbang_data_element')
    .values({
      id: ids.elementId,
      code: 'pasien',
      name: 'Data pasien',
      description: null,
      subject_kind: 'person',
      key_kind: 'nik',
      service_id: b.serviceId,
      method: 'GET',
      path_template: '/pasien/{key}',
      fields: JSON.stringify([{ name: 'nama', label: 'Nama', type: 'string' }]),
      active: true,
      created_by: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await db
    .insertInto('gerbang_subscription')
    .values({ id: ids.subscriptionId, element_id: ids.elementId, subsystem_id: b.subsystemId, delivery: 'webhook', webhook_url: 'http://127.0.0.1:9/hook', secret_enc: 'x', secret_key_id: 'x', start_seq: 1, active: true, created_by: null, created_at: now, updated_at: now })
    .execute();
  await db
    .insertInto('gerbang_change_event')
    .values({ id: ids.eventId, seq: 1, element_id: ids.elementId, record_key_enc: 'x', record_key_index: 'x', key_id: 'x', changed_fields: [], occurred_at: now, published_at: now, published_by: 'matrix' })
    .execute();
  await db.insertInto('gerbang_delivery').values({ id: ids.deliveryId, subscription_id: ids.subscriptionId, event_id: ids.eventId, status: 'dead', attempts: 8, created_at: now }).execute();
  await db
    .insertInto('app_user')
    .values({ id: ids.citizenId, email: 'warga.lain@example.id', name: 'Warga lain', password_hash: null, locale: null, oidc_subject: null, password_changed_at: null, last_login_at: null, created_at: now, updated_at: now })
    .execute();
  await db
    .insertInto('gerbang_consent')
    .values({
      id: ids.consentId,
      user_id: ids.citizenId,
      subject_index: 'matrix',
      recipient_id: b.subsystemId,
      purpose: 'pelayanan',
      purpose_text: 'Uji matriks',
      legal_basis: 'UU-1',
      data_elements: ['pasien'],
      granted_at: now,
      expires_at: new Date(now.getTime() + 86_400_000),
      withdrawn_at: null,
      portal_consent_id: null,
    })
    .execute();
}

/** Everything once-only stores, for "refused and changed nothing" checks. */
export async function onceOnlySnapshot(db: Kysely<DB>): Promise<unknown> {
  return {
    elements: await db.selectFrom('gerbang_data_element').selectAll().orderBy('id').execute(),
    consents: await db.selectFrom('gerbang_consent').selectAll().orderBy('id').execute(),
    subscriptions: await db.selectFrom('gerbang_subscription').selectAll().orderBy('id').execute(),
    events: await db.selectFrom('gerbang_change_event').selectAll().orderBy('id').execute(),
    deliveries: await db.selectFrom('gerbang_delivery').selectAll().orderBy('id').execute(),
  };
}
