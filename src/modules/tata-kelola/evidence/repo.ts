import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema.ts';

/**
 * The SQL of the automatic evidence providers: read-only figures from other modules' tables.
 * Tables of modules that may not be installed (gerbang, aduan, portal) are looked up in the
 * catalogue first and read with raw SQL, so a missing module means "no data", never an error.
 */

export async function existingTables(db: Kysely<DB>, names: string[]): Promise<Set<string>> {
  if (names.length === 0) return new Set();
  const rows = await sql<{ table_name: string }>`
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name IN (${sql.join(names)})`.execute(db);
  return new Set(rows.rows.map((r) => r.table_name));
}

/** Tables whose name starts with `prefix` (e.g. `aduan`), with their columns. */
export async function tablesWithPrefix(db: Kysely<DB>, prefix: string): Promise<Map<string, Set<string>>> {
  const like = `${prefix.replace(/[%_\\]/g, '\\$&')}%`;
  const rows = await sql<{ table_name: string; column_name: string }>`
    SELECT c.table_name, c.column_name
    FROM information_schema.columns c
    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
    WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.table_name LIKE ${like}
    ORDER BY c.table_name, c.ordinal_position`.execute(db);
  const tables = new Map<string, Set<string>>();
  for (const r of rows.rows) {
    const columns = tables.get(r.table_name) ?? new Set<string>();
    columns.add(r.column_name);
    tables.set(r.table_name, columns);
  }
  return tables;
}

/** Offset of `timeZone` from UTC at `at`, in ms. */
function offsetAt(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(at.getTime() / 1000) * 1000;
}

/** The calendar year in the province's time zone, as instants [from, to). */
export function yearBounds(year: number, timeZone: string): { from: Date; to: Date } {
  const start = (y: number) => {
    const utc = Date.UTC(y, 0, 1);
    return new Date(utc - offsetAt(new Date(utc), timeZone));
  };
  return { from: start(year), to: start(year + 1) };
}

/** Rows of a table: all, in the year (by `timeColumn`, Western Indonesia time), and per status. */
export async function countRows(db: Kysely<DB>, table: string, options: { timeColumn: string | null; statusColumn: string | null; year: number; timeZone: string }) {
  const total = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db)).rows[0]!.n);
  let inYear: number | null = null;
  let byStatus: Record<string, number> = {};
  const { from, to } = yearBounds(options.year, options.timeZone);
  if (options.timeColumn) {
    const col = sql.ref(options.timeColumn);
    inYear = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)} WHERE ${col} >= ${from} AND ${col} < ${to}`.execute(db)).rows[0]!.n);
  }
  if (options.statusColumn) {
    const col = sql.ref(options.statusColumn);
    const where = options.timeColumn ? sql`WHERE ${sql.ref(options.timeColumn)} >= ${from} AND ${sql.ref(options.timeColumn)} < ${to}` : sql``;
    const rows = await sql<{ status: string | null; n: string }>`SELECT ${col}::text AS status, count(*) AS n FROM ${sql.table(table)} ${where} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 12`.execute(db);
    byStatus = Object.fromEntries(rows.rows.map((r) => [r.status ?? '-', Number(r.n)]));
  }
  return { total, inYear, byStatus };
}

const LIVE = ['aktif', 'dalam_konsolidasi'] as const;

export async function katalogAppFigures(db: Kysely<DB>) {
  const live = await db.selectFrom('katalog_app').select(['category', (eb) => eb.fn.countAll<string>().as('n')]).where('lifecycle', 'in', LIVE).groupBy('category').execute();
  const agencies = await db.selectFrom('katalog_app').select((eb) => eb.fn.count<string>('opd_id').distinct().as('n')).where('lifecycle', 'in', LIVE).executeTakeFirstOrThrow();
  const planned = await db.selectFrom('katalog_app').select((eb) => eb.fn.countAll<string>().as('n')).where('lifecycle', '=', 'rencana').executeTakeFirstOrThrow();
  const byCategory = Object.fromEntries(live.map((r) => [r.category, Number(r.n)])) as Record<string, number>;
  return {
    live: Object.values(byCategory).reduce((a, b) => a + b, 0),
    umum: byCategory.umum ?? 0,
    khususWajib: byCategory.khusus_wajib ?? 0,
    khusus: byCategory.khusus ?? 0,
    agencies: Number(agencies.n),
    planned: Number(planned.n),
  };
}

export async function katalogHostingFigures(db: Kysely<DB>) {
  const rows = await db.selectFrom('katalog_app').select(['hosting', (eb) => eb.fn.countAll<string>().as('n')]).where('lifecycle', 'in', LIVE).groupBy('hosting').execute();
  const by = Object.fromEntries(rows.map((r) => [r.hosting ?? 'unknown', Number(r.n)])) as Record<string, number>;
  const centres = await db.selectFrom('katalog_infra').select((eb) => eb.fn.countAll<string>().as('n')).where('kind', '=', 'pusat_data').executeTakeFirstOrThrow();
  const tenants = await db
    .selectFrom('katalog_infra_tenant as t')
    .innerJoin('katalog_infra as i', 'i.id', 't.infra_id')
    .select((eb) => eb.fn.count<string>('t.opd_id').distinct().as('n'))
    .where('i.kind', '=', 'pusat_data')
    .executeTakeFirstOrThrow();
  return {
    live: Object.values(by).reduce((a, b) => a + b, 0),
    pdn: by.pdn ?? 0,
    province: by.pusat_data_provinsi ?? 0,
    own: by.server_sendiri ?? 0,
    cloud: (by.cloud_komersial ?? 0) + (by.saas ?? 0),
    unknown: by.unknown ?? 0,
    centres: Number(centres.n),
    tenants: Number(tenants.n),
  };
}

export async function roadmapFigures(db: Kysely<DB>, year: number) {
  const rows = await db
    .selectFrom('katalog_roadmap_item')
    .select(['status', 'area', 'budget_code'])
    .where('start_year', '<=', year)
    .where('end_year', '>=', year)
    .where('status', '!=', 'batal')
    .execute();
  const total = await db.selectFrom('katalog_roadmap_item').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return {
    items: rows.length,
    running: rows.filter((r) => r.status === 'berjalan').length,
    done: rows.filter((r) => r.status === 'selesai').length,
    planned: rows.filter((r) => r.status === 'rencana').length,
    areas: new Set(rows.map((r) => r.area)).size,
    budgeted: rows.filter((r) => r.budget_code).length,
    total: Number(total.n),
  };
}

export async function publicServiceFigures(db: Kysely<DB>) {
  const row = await sql<{ public: string; online: string; agencies: string }>`
    SELECT count(*) AS public,
           count(*) FILTER (WHERE 'online' = ANY (channels)) AS online,
           count(DISTINCT opd_id) FILTER (WHERE 'online' = ANY (channels)) AS agencies
    FROM katalog_service WHERE kind = 'publik'`.execute(db);
  const r = row.rows[0]!;
  return { public: Number(r.public), online: Number(r.online), agencies: Number(r.agencies) };
}

/** Gerbang's control plane and traffic (migrations 0006/0007); call only when its tables exist. */
export async function gerbangFigures(db: Kysely<DB>, year: number, timeZone: string, tables: Set<string>) {
  const { from, to } = yearBounds(year, timeZone);
  const services = await sql<{ published: string; providers: string }>`
    SELECT count(*) AS published, count(DISTINCT s.opd_id) AS providers
    FROM gerbang_service v JOIN gerbang_subsystem s ON s.id = v.subsystem_id
    WHERE v.lifecycle = 'published'`.execute(db);
  const subsystems = await sql<{ n: string }>`SELECT count(*) AS n FROM gerbang_subsystem WHERE active`.execute(db);
  const rights = await sql<{ n: string }>`SELECT count(*) AS n FROM gerbang_access_right`.execute(db);
  const quota = await sql<{ n: string | null }>`SELECT sum(calls) AS n FROM gerbang_quota_usage WHERE day >= ${`${year}-01-01`}::date AND day <= ${`${year}-12-31`}::date`.execute(db);
  let exchanges: number | null = null;
  if (tables.has('gerbang_evidence')) {
    exchanges = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM gerbang_evidence WHERE started_at >= ${from} AND started_at < ${to}`.execute(db)).rows[0]!.n);
  }
  const s = services.rows[0]!;
  return {
    published: Number(s.published),
    providers: Number(s.providers),
    subsystems: Number(subsystems.rows[0]!.n),
    rights: Number(rights.rows[0]!.n),
    calls: Number(quota.rows[0]!.n ?? 0),
    exchanges,
  };
}

/** The portal's published services and how many can be requested online (migration 0012); call only when `portal_service` exists. */
export async function portalServiceFigures(db: Kysely<DB>) {
  const row = await sql<{ published: string; online: string }>`
    SELECT count(*) FILTER (WHERE published) AS published,
           count(*) FILTER (WHERE published AND availability = 'online') AS online
    FROM portal_service`.execute(db);
  return { portalPublished: Number(row.rows[0]!.published), portalOnline: Number(row.rows[0]!.online) };
}
