import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import type { TestApp, Client } from '../../../test/support/app.ts';

/**
 * Test helpers for the tata kelola tests: multipart bodies as browsers send them, and records of
 * the modules the automatic evidence reads (katalog, gerbang, aduan), inserted as plain rows.
 */
export type Part = { name: string; value: string } | { name: string; filename: string; content: Buffer; type?: string };

export function multipart(parts: Part[]) {
  const boundary = `----padu${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    if ('value' in p) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`));
    else chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: ${p.type ?? 'application/octet-stream'}\r\n\r\n`), p.content, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Posts a multipart form with the client's cookies (CSRF field first, as `CsrfField` renders it). */
export async function postMultipart(t: TestApp, client: Client, url: string, parts: Part[], accept = 'text/html') {
  if (!client.csrf) await client.get('/healthz');
  const { payload, contentType } = multipart([{ name: '_csrf', value: client.csrf }, ...parts]);
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return t.app.inject({ method: 'POST', url, payload, headers: { cookie, 'content-type': contentType, accept, 'x-csrf-token': client.csrf } });
}

export async function insertApp(db: Kysely<DB>, now: Date, a: { id: string; key: string; name: string; opdId: string; category?: 'umum' | 'khusus' | 'khusus_wajib'; hosting?: 'pdn' | 'pusat_data_provinsi' | 'server_sendiri' | null; lifecycle?: 'aktif' | 'rencana'; description?: string | null }) {
  await db
    .insertInto('katalog_app')
    .values({
      id: a.id,
      key: a.key,
      name: a.name,
      acronym: null,
      description: a.description ?? null,
      opd_id: a.opdId,
      category: a.category ?? 'khusus',
      hosting: a.hosting ?? null,
      url: null,
      technology: null,
      users: null,
      yearly_cost: null,
      legal_basis: null,
      lifecycle: a.lifecycle ?? 'aktif',
      lifecycle_changed_at: now,
      merged_into_id: null,
      replaced_by: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
}

/** A published gerbang service with a subsystem, an access right and calls on two days of `year`. */
export async function insertGerbangService(db: Kysely<DB>, now: Date, ids: () => string, opdId: string, year: number) {
  const subsystem = ids();
  const service = ids();
  await sql`INSERT INTO gerbang_subsystem (id, opd_id, code, name, active, created_at, updated_at) VALUES (${subsystem}, ${opdId}, 'siak', 'SIAK', true, ${now}, ${now})`.execute(db);
  await sql`INSERT INTO gerbang_service (id, subsystem_id, code, name, upstream_url, lifecycle, lifecycle_changed_at, created_at, updated_at)
            VALUES (${service}, ${subsystem}, 'penduduk', 'Data penduduk', 'https://siak.example/api', 'published', ${now}, ${now}, ${now})`.execute(db);
  await sql`INSERT INTO gerbang_access_right (id, service_id, subsystem_id, created_at) VALUES (${ids()}, ${service}, ${subsystem}, ${now})`.execute(db);
  await sql`INSERT INTO gerbang_quota_usage (subsystem_id, service_id, day, calls) VALUES (${subsystem}, ${service}, ${`${year}-02-01`}::date, 40), (${subsystem}, ${service}, ${`${year}-02-02`}::date, 2)`.execute(db);
}

/** A complaint in the aduan module's table (when the module is installed); false when it is not. */
export async function insertComplaint(db: Kysely<DB>, receivedAt: Date, ids: () => string): Promise<boolean> {
  const exists = await sql<{ t: string | null }>`SELECT to_regclass('aduan_report')::text AS t`.execute(db);
  if (!exists.rows[0]?.t) return false;
  const category = await sql<{ code: string }>`SELECT code FROM aduan_category ORDER BY code LIMIT 1`.execute(db);
  if (!category.rows[0]) return false;
  await sql`INSERT INTO aduan_report (id, tracking_id, follow_secret_hash, type, title, description, category_code, region_code, channel, status, received_at, created_at, updated_at)
            VALUES (${ids()}, ${`ADU-${ids().slice(0, 8)}`}, 'x', 'pengaduan', 'Jalan rusak', 'Jalan berlubang di depan pasar', ${category.rows[0].code}, '35', 'portal', 'diproses', ${receivedAt}, ${receivedAt}, ${receivedAt})`.execute(db);
  return true;
}
