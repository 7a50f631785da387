import { registerEvidenceProvider, type EvidenceContext, type EvidenceMeasurement } from './registry.ts';
import { countRows, existingTables, gerbangFigures, katalogAppFigures, katalogHostingFigures, portalServiceFigures, publicServiceFigures, roadmapFigures, tablesWithPrefix } from './repo.ts';

/**
 * The built-in evidence providers. Indicator numbers per instrument: PermenPANRB 59/2020 as the
 * issue names them (12 roadmap, 15 applications, 16 data centre, 18 service connector, 42
 * complaints, 45-47 sector public services); for the reported 2026 instrument the indicators of
 * the same subject (1 governance, 13 applications, 14 infrastructure, 16 and 18 integration and
 * interoperability, 17 portal, 19 user support).
 */
const I59 = 'PermenPANRB-59-2020';
const I26 = 'PermenPANRB-8-2026';

const noData = (module: string, sources: string[]): EvidenceMeasurement => ({
  hasData: false,
  summaryKey: 'tata_kelola.evidence.no_data',
  params: { module },
  figures: {},
  sources,
  link: null,
});

registerEvidenceProvider({
  key: 'katalog.apps',
  module: 'katalog',
  titleKey: 'tata_kelola.evidence.katalog_apps.title',
  indicators: { [I59]: [15], [I26]: [13] },
  async measure({ db }) {
    const f = await katalogAppFigures(db);
    if (f.live + f.planned === 0) return noData('katalog', ['katalog_app']);
    return { hasData: true, summaryKey: 'tata_kelola.evidence.katalog_apps.summary', params: { ...f }, figures: { ...f }, sources: ['katalog_app'], link: '/katalog/apps' };
  },
});

registerEvidenceProvider({
  key: 'katalog.hosting',
  module: 'katalog',
  titleKey: 'tata_kelola.evidence.katalog_hosting.title',
  indicators: { [I59]: [16], [I26]: [14] },
  async measure({ db }) {
    const f = await katalogHostingFigures(db);
    const sources = ['katalog_app', 'katalog_infra', 'katalog_infra_tenant'];
    if (f.live === 0 && f.centres === 0) return noData('katalog', sources);
    return { hasData: true, summaryKey: 'tata_kelola.evidence.katalog_hosting.summary', params: { ...f, shared: f.pdn + f.province }, figures: { ...f }, sources, link: '/katalog/infra' };
  },
});

registerEvidenceProvider({
  key: 'katalog.roadmap',
  module: 'katalog',
  titleKey: 'tata_kelola.evidence.katalog_roadmap.title',
  indicators: { [I59]: [12], [I26]: [1] },
  async measure({ db, year }) {
    const f = await roadmapFigures(db, year);
    if (f.total === 0) return noData('katalog', ['katalog_roadmap_item']);
    return { hasData: true, summaryKey: 'tata_kelola.evidence.katalog_roadmap.summary', params: { ...f, year }, figures: { ...f, year }, sources: ['katalog_roadmap_item'], link: `/katalog/roadmap?year=${year}` };
  },
});

const GERBANG_TABLES = ['gerbang_service', 'gerbang_subsystem', 'gerbang_access_right', 'gerbang_quota_usage', 'gerbang_evidence'];

registerEvidenceProvider({
  key: 'gerbang.services',
  module: 'gerbang',
  titleKey: 'tata_kelola.evidence.gerbang.title',
  indicators: { [I59]: [18], [I26]: [16, 18] },
  async measure({ db, year, timeZone }) {
    const tables = await existingTables(db, GERBANG_TABLES);
    if (!['gerbang_service', 'gerbang_subsystem', 'gerbang_access_right', 'gerbang_quota_usage'].every((t) => tables.has(t))) return noData('gerbang', GERBANG_TABLES);
    const f = await gerbangFigures(db, year, timeZone, tables);
    const sources = GERBANG_TABLES.filter((t) => tables.has(t));
    if (f.published === 0 && f.subsystems === 0) return noData('gerbang', sources);
    const exchanges = f.exchanges ?? f.calls;
    return { hasData: true, summaryKey: 'tata_kelola.evidence.gerbang.summary', params: { ...f, exchanges, year }, figures: { ...f, year }, sources, link: '/gerbang' };
  },
});

/**
 * A module's main table, found in the catalogue: the first preferred name that exists, else the
 * first table with the prefix whose name says what it holds and that has a status column. Its time and status columns are picked
 * from the usual names. The aduan and portal modules are built separately; when they register
 * providers of their own (same keys), those replace these.
 */
async function probe(ctx: EvidenceContext, prefix: string, preferred: string[], pattern: RegExp) {
  const tables = await tablesWithPrefix(ctx.db, prefix);
  const table = preferred.find((t) => tables.has(t)) ?? [...tables.keys()].find((t) => pattern.test(t) && tables.get(t)!.has('status'));
  if (!table) return null;
  const columns = tables.get(table)!;
  const timeColumn = ['submitted_at', 'received_at', 'reported_at', 'created_at'].find((c) => columns.has(c)) ?? null;
  const statusColumn = columns.has('status') ? 'status' : null;
  return { table, ...(await countRows(ctx.db, table, { timeColumn, statusColumn, year: ctx.year, timeZone: ctx.timeZone })) };
}

const statusList = (byStatus: Record<string, number>) =>
  Object.entries(byStatus)
    .map(([s, n]) => `${s} ${n}`)
    .join(', ') || '-';

registerEvidenceProvider({
  key: 'aduan.figures',
  module: 'aduan',
  titleKey: 'tata_kelola.evidence.aduan.title',
  indicators: { [I59]: [42], [I26]: [19] },
  async measure(ctx) {
    const found = await probe(ctx, 'aduan', ['aduan_report', 'aduan', 'aduan_complaint', 'aduan_laporan'], /report|laporan|complaint|request/);
    if (!found || found.total === 0) return noData('aduan', found ? [found.table] : ['aduan*']);
    const received = found.inYear ?? found.total;
    return {
      hasData: true,
      summaryKey: 'tata_kelola.evidence.aduan.summary',
      params: { received, total: found.total, year: ctx.year, table: found.table, statuses: statusList(found.byStatus) },
      figures: { received, total: found.total, year: ctx.year, ...Object.fromEntries(Object.entries(found.byStatus).map(([s, n]) => [`status:${s}`, n])) },
      sources: [found.table],
      link: '/aduan',
    };
  },
});

registerEvidenceProvider({
  key: 'portal.services',
  module: 'portal',
  titleKey: 'tata_kelola.evidence.portal.title',
  indicators: { [I59]: [45, 46, 47], [I26]: [17] },
  async measure(ctx) {
    const services = await publicServiceFigures(ctx.db);
    const portal = (await existingTables(ctx.db, ['portal_service'])).has('portal_service') ? await portalServiceFigures(ctx.db) : null;
    const found = await probe(ctx, 'portal', ['portal_request', 'portal_permohonan', 'portal_application', 'portal_case'], /request|permohonan|application|case/);
    const sources = ['katalog_service', ...(portal ? ['portal_service'] : []), ...(found ? [found.table] : [])];
    if (services.public === 0 && !portal?.portalPublished && !found?.total) return noData('portal', sources);
    const requests = found ? (found.inYear ?? found.total) : null;
    const summaryKey = found ? 'tata_kelola.evidence.portal.summary' : portal ? 'tata_kelola.evidence.portal.summary_services' : 'tata_kelola.evidence.portal.summary_no_portal';
    return {
      hasData: true,
      summaryKey,
      params: { ...services, portalPublished: portal?.portalPublished ?? 0, portalOnline: portal?.portalOnline ?? 0, requests: requests ?? 0, year: ctx.year, table: found?.table ?? '' },
      figures: { ...services, portalPublished: portal?.portalPublished ?? null, portalOnline: portal?.portalOnline ?? null, requests, year: ctx.year },
      sources,
      link: portal ? '/layanan' : '/katalog/services',
    };
  },
});
