import fs from 'node:fs';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../test/support/app.ts';
import { engines } from '../test/support/db.ts';
import { modules } from '../src/modules.ts';
import type { PaduModule } from '../src/platform/http/app.tsx';
import { addToVocabulary, refreshSearchCopies } from '../src/modules/portal/catalogue/repo.ts';
import { searchServices } from '../src/modules/portal/catalogue/use-cases/search-services.ts';
import { PROVINCE_SERVICES, REGENCY_SERVICES, type DemoService } from '../src/modules/portal/demo/catalogue.ts';
import { seconds } from './limits.ts';

/**
 * `npm run bench -- portal [seconds per HTTP measurement, 1–10, default 3]`: the public catalogue
 * with 1,000 and 20,000 published services on PGlite, and on PostgreSQL when
 * PADU_TEST_DATABASE_URL is set.
 *
 * - search latency (the whole use case: word analysis, typo correction, ranked full-text query)
 *   over a mix of realistic queries — affixes, typos, abbreviations, common words — as p50/p99;
 * - throughput of the search page and a service page, as a ratio to the hello-world route (all of
 *   Padu's hooks, no work) measured in the same run, before and after.
 *
 * Services are generated from the demo's templates across every agency and district, so words
 * repeat as they do in a real catalogue ("izin" matches about a third of them). Goal: search p99
 * under 20 ms at 20,000 services on PostgreSQL. Figures go to stdout and /tmp/padu/portal-bench.md.
 */
const SIZES = [1_000, 20_000];
const QUERIES = [
  'akta kelahiran',
  'akte kelahrian',
  'ktp',
  'kartu keluarga',
  'izin',
  'perizinan',
  'perizinann',
  'izin usaha',
  'pbg',
  'imb',
  'pajak kendaraan',
  'bpjs',
  'sktm',
  'legalisir ijazah',
  'surat keterangan tidak mampu',
  'pindah sekolah',
  'ambulans',
  'persetujuan lingkungan amdal',
];
const ROUNDS = 40;

const benchModule: PaduModule = {
  name: 'bench',
  async routes(app) {
    app.get('/bench/hello', { schema: { hide: true } }, async () => ({ hello: 'world' }));
  },
};

/** Writes `n` published services straight into the tables, in multi-row statements. */
export async function generateCatalogue(t: TestApp, n: number): Promise<string> {
  const db = t.deps.db;
  const now = t.clock.now();
  const templates: DemoService[] = [...REGENCY_SERVICES, ...Object.values(PROVINCE_SERVICES).flat()];
  const opds = await db.selectFrom('opd').select(['id', 'code', 'name']).orderBy('code').execute();
  const districts = (await db.selectFrom('region').select('name').where('kind', '=', 'kecamatan').orderBy('code').execute()).map((d) => d.name);
  const rows = Array.from({ length: n }, (_, i) => {
    const tpl = templates[i % templates.length]!;
    const opd = opds[Math.floor(i / templates.length) % opds.length]!;
    const round = Math.floor(i / (templates.length * opds.length));
    const place = round > 0 ? ` Kecamatan ${districts[(i + round) % districts.length]}` : '';
    return {
      id: crypto.randomUUID(),
      key: `bench-${i}`,
      name: `${tpl.name}${place}`,
      description: tpl.description,
      opd_id: opd.id,
      kind: 'publik',
      audience: tpl.audience,
      standard: JSON.stringify({ SD1: tpl.requirements.join('\n'), SD2: tpl.procedure.join('\n'), SD5: tpl.product, SM1: tpl.legal }),
      sla: tpl.sla,
      fee: tpl.fee,
      channels: tpl.channels,
      availability: tpl.availability,
      url: tpl.elsewhereUrl ?? null,
      keywords: tpl.keywords ?? '',
      popularity: (i * 7919) % 3000,
      topics: tpl.topics,
      events: tpl.events,
    };
  });
  for (let i = 0; i < rows.length; i += 1000) {
    const batch = JSON.stringify(rows.slice(i, i + 1000));
    await sql`
      INSERT INTO katalog_service (id, key, name, description, opd_id, kind, audience, standard, sla_working_days, fee, channels, synthetic, created_at, updated_at)
      SELECT r.id, r.key, r.name, r.description, r.opd_id, r.kind, r.audience, r.standard::jsonb, r.sla, r.fee, r.channels, true, ${now}, ${now}
      FROM jsonb_to_recordset(${batch}::jsonb) AS r(id uuid, key text, name text, description text, opd_id uuid, kind text, audience text, standard text, sla int, fee bigint, channels text[])
    `.execute(db);
    await sql`
      INSERT INTO portal_service (service_id, published, published_at, availability, elsewhere_url, in_person_where, keywords, popularity, katalog_version, updated_at)
      SELECT r.id, true, ${now}, r.availability, r.url, 'Loket pelayanan', r.keywords, r.popularity, 0, ${now}
      FROM jsonb_to_recordset(${batch}::jsonb) AS r(id uuid, availability text, url text, keywords text, popularity int)
    `.execute(db);
    await sql`
      INSERT INTO portal_service_topic (service_id, topic_code)
      SELECT r.id, t FROM jsonb_to_recordset(${batch}::jsonb) AS r(id uuid, topics text[]), unnest(r.topics) AS t
    `.execute(db);
    await sql`
      INSERT INTO portal_service_life_event (service_id, life_event_code)
      SELECT r.id, e FROM jsonb_to_recordset(${batch}::jsonb) AS r(id uuid, events text[]), unnest(r.events) AS e
    `.execute(db);
  }
  // katalog_version 0 differs from every katalog row (version 1): one refresh copies them all.
  const refreshed = await refreshSearchCopies(db, now);
  for (let i = 0; i < refreshed.length; i += 2000) await addToVocabulary(db, refreshed.slice(i, i + 2000));
  // As autovacuum would after a bulk load: drop the dead row versions the refresh left behind,
  // flush the GIN pending lists, and give the planner current statistics.
  for (const table of ['portal_service', 'portal_search_word', 'katalog_service', 'portal_service_topic', 'portal_service_life_event']) {
    await sql`VACUUM ANALYZE ${sql.table(table)}`.execute(db);
  }
  return rows[0]!.key;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function searchLatency(t: TestApp) {
  for (const q of QUERIES) await searchServices(t.deps, { q, filter: {}, page: 1 }); // warm-up
  const samples: number[] = [];
  let hits = 0;
  for (let r = 0; r < ROUNDS; r++) {
    for (const q of QUERIES) {
      const started = performance.now();
      const result = await searchServices(t.deps, { q, filter: {}, page: 1 });
      samples.push(performance.now() - started);
      hits += result.total;
    }
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99), max: samples[samples.length - 1]!, samples: samples.length, meanHits: hits / samples.length };
}

interface Measure {
  rps: number;
  p99: number;
  errors: number;
}

async function measure(url: string, duration: number): Promise<Measure> {
  const result = await autocannon({ url, connections: 10, workers: 1, duration, headers: { accept: 'text/html' } });
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

export async function main(args: string[]): Promise<void> {
  const duration = seconds(args[0], 3);
  const started = performance.now();
  const lines: string[] = [];
  const out = (line = '') => {
    console.log(line);
    lines.push(line);
  };
  out(`# Portal catalogue benchmark — ${new Date().toISOString()}`);
  out();
  const os = await import('node:os');
  out(`Machine: ${os.cpus().length} cores, shared with other work (load average at start ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')}), Node ${process.version}. Search: ${QUERIES.length} queries × ${ROUNDS} rounds through the search use case.`);
  out(`HTTP: autocannon, 10 connections, ${duration}s per measurement, loopback; ratios against hello-world measured before and after in the same run.`);
  for (const engine of engines()) {
    for (const size of SIZES) {
      const t = await createTestApp(engine, { modules: [...modules, benchModule] });
      try {
        const fillStarted = performance.now();
        const key = await generateCatalogue(t, size);
        const fillMs = performance.now() - fillStarted;
        const latency = await searchLatency(t);
        const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
        await measure(`${base}/bench/hello`, 1); // warm-up
        const before = await measure(`${base}/bench/hello`, duration);
        const searchPage = await measure(`${base}/layanan/cari?q=akte+kelahrian`, duration);
        const servicePage = await measure(`${base}/layanan/${key}`, duration);
        const afterwards = await measure(`${base}/bench/hello`, duration);
        const hello = (before.rps + afterwards.rps) / 2;
        out();
        out(`## ${engine}, ${size.toLocaleString('en')} published services (generated in ${(fillMs / 1000).toFixed(1)} s)`);
        out();
        out(`Search latency (load average ${os.loadavg()[0]!.toFixed(1)}): p50 ${latency.p50.toFixed(2)} ms, p99 ${latency.p99.toFixed(2)} ms, max ${latency.max.toFixed(2)} ms (${latency.samples} searches, ${latency.meanHits.toFixed(0)} matches on average)`);
        out();
        out('| route | req/s | p99 ms | req/s vs hello-world | errors |');
        out('|---|---:|---:|---:|---:|');
        for (const [label, m] of [
          ['hello-world (mean of before/after)', { rps: hello, p99: Math.max(before.p99, afterwards.p99), errors: before.errors + afterwards.errors }],
          ['search page /layanan/cari?q=akte+kelahrian', searchPage],
          ['service page /layanan/:key', servicePage],
        ] as const) {
          out(`| ${label} | ${m.rps.toFixed(0)} | ${m.p99} | ${(m.rps / hello).toFixed(3)} | ${m.errors} |`);
        }
        out();
        out(`hello-world drift between first and last measurement: ${((afterwards.rps / before.rps - 1) * 100).toFixed(1)}%`);
      } finally {
        await t.close();
      }
    }
  }
  out();
  out(`(${((performance.now() - started) / 1000).toFixed(0)} s in all)`);
  fs.mkdirSync('/tmp/padu', { recursive: true });
  fs.writeFileSync('/tmp/padu/portal-bench.md', `${lines.join('\n')}\n`);
}
