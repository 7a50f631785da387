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
import { Client, createUser, opdId } from '../test/support/app.ts';
import { addServices } from '../src/modules/portal/testing.ts';
import { insertForm } from '../src/modules/portal/casework/repo.ts';

/**
 * `npm run bench -- portal [seconds per HTTP measurement, 1–10, default 3]`: the public catalogue
 * with 1,000 and 20,000 published services on PGlite, and on PostgreSQL when
 * PADU_TEST_DATABASE_URL is set.
 *
 * - search latency (the whole use case: word analysis, typo correction, ranked full-text query)
 *   over a mix of realistic queries — affixes, typos, abbreviations, common words — as p50/p99;
 * - throughput of the search page and a service page, as a ratio to the hello-world route (all of
 *   Padu's hooks, no work) measured in the same run, before and after.
 * - submission throughput of a 10-field online form: signed-in citizens start a draft, save the
 *   answers and submit, 10 in parallel, as requests and submissions per second and as a ratio to
 *   hello-world measured with the same client in the same run (`npm run bench -- portal submit`
 *   runs only this part).
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

// ---- Submissions ---------------------------------------------------------------------------------

/** A 10-field online form (no documents, so a submission is three JSON calls). */
const TEN_FIELDS = {
  fields: [
    { name: 'nama', type: 'text', label: { id: 'Nama lengkap' }, required: true, maxLength: 100 },
    { name: 'tempat_lahir', type: 'text', label: { id: 'Tempat lahir' }, required: true },
    { name: 'tanggal_lahir', type: 'date', label: { id: 'Tanggal lahir' }, required: true },
    { name: 'email', type: 'email', label: { id: 'Email' }, required: true },
    { name: 'telepon', type: 'phone', label: { id: 'Telepon' }, required: true },
    { name: 'alamat', type: 'textarea', label: { id: 'Alamat' }, required: true, maxLength: 500 },
    { name: 'jumlah', type: 'number', label: { id: 'Jumlah karyawan' }, min: 0, max: 10000 },
    { name: 'jenis', type: 'select', label: { id: 'Jenis usaha' }, required: true, options: [{ value: 'mikro', label: { id: 'Mikro' } }, { value: 'kecil', label: { id: 'Kecil' } }] },
    { name: 'nama_usaha', type: 'text', label: { id: 'Nama usaha' }, required: true },
    { name: 'setuju', type: 'checkbox', label: { id: 'Data benar' }, required: true },
  ],
  documents: [],
};
const TEN_ANSWERS = { nama: 'Siti Aminah', tempat_lahir: 'Surabaya', tanggal_lahir: '1990-08-15', email: 'siti@example.id', telepon: '081234567890', alamat: 'Jl. Contoh No. 1, Surabaya', jumlah: 4, jenis: 'mikro', nama_usaha: 'Warung Siti', setuju: true };

interface Answer {
  status: number;
  text: string;
}
type Timed = (f: () => Promise<Response>) => Promise<Answer>;

interface LoopResult {
  /** HTTP requests per second (every call of every cycle). */
  rps: number;
  cyclesPerSecond: number;
  p99: number;
  errors: number;
}

/**
 * `connections` workers, each with its own session, repeating `cycle` for `duration` seconds with
 * fetch over loopback (one keep-alive connection each). Hello-world is measured with the same
 * client, so the ratio compares like with like.
 */
async function loop(duration: number, sessions: { cookie: string; csrf: string }[], cycle: (s: { cookie: string; csrf: string }, timed: Timed) => Promise<void>): Promise<LoopResult> {
  const latencies: number[] = [];
  let errors = 0;
  let cycles = 0;
  const end = performance.now() + duration * 1000;
  const timed = async (f: () => Promise<Response>): Promise<Answer> => {
    const started = performance.now();
    const res = await f();
    const text = await res.text();
    latencies.push(performance.now() - started);
    if (res.status >= 300) errors++;
    return { status: res.status, text };
  };
  await Promise.all(
    sessions.map(async (s) => {
      while (performance.now() < end) {
        try {
          await cycle(s, timed);
          cycles++;
        } catch {
          errors++;
        }
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { rps: latencies.length / duration, cyclesPerSecond: cycles / duration, p99: latencies.length ? percentile(latencies, 99) : 0, errors };
}

async function submissionThroughput(engine: string, duration: number, out: (line?: string) => void): Promise<void> {
  const t = await createTestApp(engine as never, { modules: [...modules, benchModule] });
  try {
    const now = t.clock.now();
    const dinkes = await opdId(t.deps, 'dinkes');
    const [serviceId] = (await addServices(t.deps.db, now, [{ opdId: dinkes, name: 'Izin usaha mikro (bench)', key: 'bench-izin-mikro', sla: 5, published: true, availability: 'online' }])) as [string];
    await insertForm(t.deps.db, { id: crypto.randomUUID(), service_id: serviceId, version: 1, definition: TEN_FIELDS, status: 'published', created_by: null, created_at: now, published_at: now });
    const sessions: { cookie: string; csrf: string }[] = [];
    for (let i = 0; i < 10; i++) {
      const email = `pemohon.bench${i}@example.id`;
      await createUser(t.deps, { email, roles: [{ role: 'warga' }] });
      const c = new Client(t.app);
      await c.signIn(email);
      sessions.push({ cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '), csrf: c.csrf });
    }
    const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const json = (s: { cookie: string; csrf: string }, method: string, body: unknown) => ({ method, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) });
    const hello = (s: { cookie: string; csrf: string }, timed: Timed) => timed(() => fetch(`${base}/bench/hello`, { headers: { cookie: s.cookie, accept: 'application/json' } })).then(() => undefined);
    const submit = async (s: { cookie: string; csrf: string }, timed: Timed) => {
      const started = await timed(() => fetch(`${base}/api/v1/portal/me/requests`, json(s, 'POST', { serviceKey: 'bench-izin-mikro' })));
      const { id } = (started.status < 300 ? JSON.parse(started.text) : {}) as { id?: string };
      if (!id) throw new Error(`start failed: ${started.status}`);
      const saved = await timed(() => fetch(`${base}/api/v1/portal/me/requests/${id}`, json(s, 'PATCH', { answers: TEN_ANSWERS })));
      if (saved.status !== 200) throw new Error(`save failed: ${saved.status}`);
      const sent = await timed(() => fetch(`${base}/api/v1/portal/me/requests/${id}/submit`, json(s, 'POST', {})));
      if (sent.status !== 200) throw new Error(`submit failed: ${sent.status}`);
    };
    await loop(1, sessions, hello); // warm-up
    await loop(1, sessions, submit);
    const before = await loop(duration, sessions, hello);
    const submissions = await loop(duration, sessions, submit);
    const afterwards = await loop(duration, sessions, hello);
    const helloRps = (before.rps + afterwards.rps) / 2;
    const submitted = await t.deps.db.selectFrom('portal_request').select((eb) => eb.fn.countAll<string>().as('n')).where('status', '=', 'submitted').executeTakeFirstOrThrow();
    out();
    out(`## ${engine}, submissions of a 10-field form (start or resume draft → save answers → submit; each a signed-in citizen, 10 in parallel)`);
    out();
    out('| measurement | req/s | submissions/s | p99 ms | req/s vs hello-world | errors |');
    out('|---|---:|---:|---:|---:|---:|');
    out(`| hello-world, same client (mean of before/after) | ${helloRps.toFixed(0)} | — | ${Math.max(before.p99, afterwards.p99).toFixed(1)} | 1.000 | ${before.errors + afterwards.errors} |`);
    out(`| submission cycle (3 calls) | ${submissions.rps.toFixed(0)} | ${submissions.cyclesPerSecond.toFixed(1)} | ${submissions.p99.toFixed(1)} | ${(submissions.rps / helloRps).toFixed(3)} | ${submissions.errors} |`);
    out();
    out(`${submitted.n} requests submitted in all; hello-world drift ${((afterwards.rps / before.rps - 1) * 100).toFixed(1)}%.`);
  } finally {
    // fetch keeps its connections alive; close them so the server can stop.
    t.app.server.closeAllConnections();
    await t.close();
  }
}

export async function main(args: string[]): Promise<void> {
  // `npm run bench -- portal submit [seconds]`: only the submission throughput.
  const onlySubmissions = args[0] === 'submit';
  if (onlySubmissions) args = args.slice(1);
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
    await submissionThroughput(engine, duration, out);
    if (onlySubmissions) continue;
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
