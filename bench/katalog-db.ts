import { sql } from 'kysely';
import { createTestDatabase, engines, type Engine } from '../test/support/db.ts';
import { generateApps, nationalOpds, type OpdSeed } from '../src/modules/katalog/demo/generate-apps.ts';
import { detectDuplicates } from '../src/modules/katalog/duplicates/index.ts';
import { listDismissals, loadDetectionApps, qualifierWords } from '../src/modules/katalog/duplicate-review/repo.ts';

export interface DbRow {
  engine: Engine;
  n: number;
  insertMs: number;
  loadMs: number;
  detectMs: number;
  totalMs: number;
  rssPeakMb: number;
  groups: number;
}

/**
 * What the duplicate screen does, on a real database: the apps of a generated national portfolio
 * are stored (regions and agencies of the synthetic provinces too), then loaded with their codes
 * and agencies in two queries and run through the detector. Insert time is reported separately.
 */
export async function measureOnDatabases(sizes: number[], budgetMs: number): Promise<DbRow[]> {
  const rows: DbRow[] = [];
  const started = performance.now();
  for (const engine of engines()) {
    for (const n of sizes) {
      if (performance.now() - started > budgetMs) {
        console.log(`skipping ${engine} ${n}: time budget used`);
        continue;
      }
      const database = await createTestDatabase(engine);
      try {
        const db = database.db;
        const opds = nationalOpds(Math.max(0, Math.ceil(n / 865) - 1));
        const apps = generateApps({ count: n, seed: 2024, opds });
        const now = new Date();
        const t0 = performance.now();
        await insertSyntheticAgencies(db, opds, now);
        const codes = new Set(apps.flatMap((a) => [...a.rab, ...a.ral, ...a.raa]));
        const known = new Set((await db.selectFrom('arch_ref').select('code').execute()).map((r) => r.code));
        const missing = [...codes].filter((c) => !known.has(c)).sort((a, b) => a.split('.').length - b.split('.').length || a.localeCompare(b));
        for (const code of missing) {
          const parts = code.split('.');
          const parent = parts.slice(0, -1).join('.');
          if (!known.has(parent)) continue;
          await db.insertInto('arch_ref').values({ code, kind: parts[0] as 'RAB', name: code, level: parts.length - 1, parent_code: parent, origin: 'province', confidence: 'bench', created_at: now }).execute();
          known.add(code);
        }
        const ids = new Map<string, string>();
        for (let i = 0; i < apps.length; i += 1000) {
          const batch = apps.slice(i, i + 1000).map((a) => {
            const id = crypto.randomUUID();
            ids.set(a.key, id);
            return { id, key: a.key, name: a.name, acronym: a.acronym ?? null, description: a.description ?? null, opd_id: a.opdId, category: a.category, hosting: null, url: null, technology: null, users: null, yearly_cost: null, legal_basis: null, lifecycle: a.lifecycle === 'digabung' ? ('dipensiunkan' as const) : a.lifecycle, lifecycle_changed_at: now, merged_into_id: null, replaced_by: null, synthetic: true, created_at: now, updated_at: now };
          });
          await db.insertInto('katalog_app').values(batch).execute();
        }
        const codeRows = apps.flatMap((a) =>
          ([['rab', a.rab], ['ral', a.ral], ['raa', a.raa]] as const).flatMap(([usage, list]) => [...new Set(list)].filter((c) => known.has(c)).map((code) => ({ app_id: ids.get(a.key)!, code, usage }))),
        );
        for (let i = 0; i < codeRows.length; i += 2000) await db.insertInto('katalog_app_code').values(codeRows.slice(i, i + 2000)).execute();
        const insertMs = performance.now() - t0;

        let rssPeak = process.memoryUsage().rss;
        const rssBefore = rssPeak;
        const timer = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 20);
        const t1 = performance.now();
        const [loaded, dismissals, qualifiers] = await Promise.all([loadDetectionApps(db), listDismissals(db), qualifierWords(db)]);
        const loadMs = performance.now() - t1;
        const t2 = performance.now();
        const result = detectDuplicates(loaded, { dismissals, qualifiers });
        const detectMs = performance.now() - t2;
        clearInterval(timer);
        rows.push({ engine, n, insertMs, loadMs, detectMs, totalMs: loadMs + detectMs, rssPeakMb: (rssPeak - rssBefore) / 1048576, groups: result.groups.length });
        console.log(`${engine} ${n} apps: insert ${insertMs.toFixed(0)} ms, load ${loadMs.toFixed(0)} ms, detect ${detectMs.toFixed(0)} ms, ${result.groups.length} groups`);
      } finally {
        await database.close();
      }
    }
  }
  return rows;
}

async function insertSyntheticAgencies(db: Awaited<ReturnType<typeof createTestDatabase>>['db'], opds: OpdSeed[], now: Date): Promise<void> {
  const regions = new Set((await db.selectFrom('region').select('code').execute()).map((r) => r.code));
  const existing = new Set((await db.selectFrom('opd').select('id').execute()).map((o) => o.id));
  const newRegions = [...new Set(opds.map((o) => o.regionCode))].filter((c) => !regions.has(c)).sort((a, b) => a.length - b.length);
  for (const code of newRegions) {
    const parent = code.includes('.') ? code.split('.')[0]! : null;
    await db.insertInto('region').values({ code, name: `Wilayah sintetis ${code}`, kind: parent ? 'kabupaten' : 'provinsi', parent_code: parent }).execute();
  }
  const rows = opds
    .filter((o) => !existing.has(o.id))
    .map((o) => ({ id: o.id, code: o.code, name: o.name ?? o.code, abbreviation: o.abbreviation ?? null, kind: (o.kind === 'pemda' ? 'pemda' : 'lainnya') as 'pemda' | 'lainnya', parent_id: null, region_code: o.regionCode, website: null, social_media: '{}', merged_into_id: null, source_confidence: 'bench', created_at: now, updated_at: now }));
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('opd').values(rows.slice(i, i + 500)).onConflict((oc) => oc.column('code').doNothing()).execute();
  await sql`ANALYZE`.execute(db);
}
