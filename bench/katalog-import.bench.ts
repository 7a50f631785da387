import fs from 'node:fs';
import os from 'node:os';
import pino from 'pino';
import { sql } from 'kysely';
import { createTestDatabase, engines, type Engine } from '../test/support/db.ts';
import { randomIds, systemClock } from '../src/platform/deps.ts';
import type { AuditContext } from '../src/platform/audit/record-audit.ts';
import { APP_COLUMNS } from '../src/modules/katalog/transfer/columns.ts';
import { writeCsv } from '../src/modules/katalog/transfer/table.ts';
import { startImport } from '../src/modules/katalog/transfer/use-cases/start-import.ts';
import { getImport } from '../src/modules/katalog/transfer/use-cases/get-import.ts';
import { exportAppsFile } from '../src/modules/katalog/transfer/use-cases/export-apps.ts';

/**
 * `npm run bench -- katalog-import [rows] [--out FILE]`: a 30,000-row application CSV through the
 * real import use case (parse, check every row against agencies, codes and stored apps, write in
 * batches with codes, lifecycle events and one audit row per app), on PGlite and, when
 * PADU_TEST_DATABASE_URL is set, PostgreSQL. Steps: dry run; first import (all new); the same
 * file again (all unchanged); 10 % of the rows changed; export to CSV and XLSX; the XLSX back in.
 * Goal (issue #3): the 30,000-row import under 30 s on PGlite. Bounded: one pass per step.
 */

interface Step {
  name: string;
  ms: number;
  counts?: string;
}

const HOSTINGS = ['pdn', 'pusat_data_provinsi', 'server_sendiri', 'cloud_komersial', 'saas'];
const WORDS = ['Sistem Informasi', 'Aplikasi', 'e-', 'Portal', 'Layanan'];
const TOPICS = ['Kepegawaian', 'Perencanaan', 'Keuangan', 'Perizinan', 'Kesehatan', 'Pendidikan', 'Arsip', 'Pengaduan', 'Aset', 'Statistik'];

function rows(n: number, agencies: string[], codes: Record<string, string[]>, changedEvery = 0): (string | number | null)[][] {
  const pick = <T>(list: T[], i: number) => list[i % list.length]!;
  const out: (string | number | null)[][] = [[...APP_COLUMNS]];
  for (let i = 0; i < n; i++) {
    const topic = pick(TOPICS, i);
    const changed = changedEvery > 0 && i % changedEvery === 0;
    const record: Record<string, string | number | null> = {
      key: `bench-${String(i).padStart(6, '0')}`,
      name: `${pick(WORDS, i >> 3)} ${topic} ${i}`,
      acronym: `SI${topic.slice(0, 4).toUpperCase()}${i}`,
      description: `Data sintetis: mengelola ${topic.toLowerCase()} untuk perangkat daerah, laporan bulanan, "kutip", koma, dan baris ${i}.${changed ? ' Diubah.' : ''}`,
      agency: pick(agencies, i * 7),
      category: i % 10 === 0 ? 'umum' : 'khusus',
      raa: pick(codes.RAA!, i),
      rab: `${pick(codes.RAB!, i)}; ${pick(codes.RAB!, i + 3)}`,
      ral: pick(codes.RAL!, i),
      rad_read: pick(codes.RAD!, i),
      rad_write: pick(codes.RAD!, i + 1),
      hosting: pick(HOSTINGS, i),
      url: `https://app${i}.example.go.id`,
      technology: 'PHP, MySQL',
      users: 'ASN',
      yearly_cost: (i % 50) * 1_000_000,
      legal_basis: null,
      lifecycle: changed ? 'dalam_konsolidasi' : 'aktif',
      merged_into: null,
      replaced_by: null,
    };
    out.push(APP_COLUMNS.map((c) => record[c] ?? null));
  }
  return out;
}

async function benchEngine(engine: Engine, n: number): Promise<{ steps: Step[]; version: string; rssPeakMb: number; heapPeakMb: number }> {
  const database = await createTestDatabase(engine);
  const deps = { db: database.db, clock: systemClock, ids: randomIds, logger: pino({ level: 'silent' }) };
  const audit: AuditContext = { actor: null, system: 'bench' };
  // RSS includes the embedded database's WebAssembly memory (PGlite runs in this process); the heap is Padu's own.
  let rssPeak = process.memoryUsage().rss;
  let heapPeak = process.memoryUsage().heapUsed;
  const sample = setInterval(() => {
    const m = process.memoryUsage();
    rssPeak = Math.max(rssPeak, m.rss);
    heapPeak = Math.max(heapPeak, m.heapUsed);
  }, 50);
  try {
    const version = (await sql<{ v: string }>`SELECT current_setting('server_version') AS v`.execute(database.db)).rows[0]!.v;
    const agencies = (await database.db.selectFrom('opd').select('code').where('active', '=', true).execute()).map((r) => r.code);
    const codes: Record<string, string[]> = {};
    for (const r of await database.db.selectFrom('arch_ref').select(['code', 'kind']).where('level', '=', 2).execute()) (codes[r.kind] ??= []).push(r.code);
    codes.RAA ??= (await database.db.selectFrom('arch_ref').select('code').where('kind', '=', 'RAA').execute()).map((r) => r.code);
    const csv = writeCsv(rows(n, agencies, codes));
    const changed = writeCsv(rows(n, agencies, codes, 10));
    const steps: Step[] = [];
    const step = async (name: string, file: Buffer, options: { dryRun?: boolean; partial?: boolean } = {}) => {
      const started = performance.now();
      const { importId } = await startImport(deps, audit, { filename: `${name}.csv`, content: file }, { dryRun: !!options.dryRun, partial: !!options.partial });
      const ms = performance.now() - started;
      const r = await getImport(deps, null, importId, { operator: true });
      if (r.status !== 'done' || r.error_rows > 0) throw new Error(`${name}: ${r.status} ${r.error_key ?? ''} ${JSON.stringify(r.problems.slice(0, 3))}`);
      steps.push({ name, ms, counts: `${r.created} new, ${r.updated} updated, ${r.unchanged} unchanged` });
    };
    // Warm-up, not reported: a running server has its code (and PGlite its WebAssembly) compiled.
    await startImport(deps, audit, { filename: 'warm-up.csv', content: writeCsv(rows(500, agencies, codes).map((r, i) => (i === 0 ? r : [`warm-${i}`, ...r.slice(1)]))) }, { dryRun: false, partial: false });
    await database.db.deleteFrom('katalog_app').where('key', 'like', 'warm-%').execute();
    await step(`dry run (${n} rows, ${(csv.length / 1e6).toFixed(1)} MB CSV)`, csv, { dryRun: true });
    await step('first import: all new (one transaction)', csv);
    await step('same file again: all unchanged', csv);
    await step('10 % of rows changed', changed);
    let started = performance.now();
    const exportedCsv = await exportAppsFile(deps, null, 'csv', 'id', { operator: true });
    steps.push({ name: `export CSV (${(exportedCsv.length / 1e6).toFixed(1)} MB)`, ms: performance.now() - started });
    started = performance.now();
    const exportedXlsx = await exportAppsFile(deps, null, 'xlsx', 'id', { operator: true });
    steps.push({ name: `export XLSX (${(exportedXlsx.length / 1e6).toFixed(1)} MB)`, ms: performance.now() - started });
    await step('XLSX export imported back: all unchanged', exportedXlsx);
    return { steps, version, rssPeakMb: rssPeak / 1e6, heapPeakMb: heapPeak / 1e6 };
  } finally {
    clearInterval(sample);
    await database.close();
  }
}

export async function main(args: string[]): Promise<void> {
  const outIndex = args.indexOf('--out');
  const out = outIndex >= 0 ? args[outIndex + 1] : undefined;
  const positional = args.filter((a, i) => !a.startsWith('--') && (outIndex < 0 || i !== outIndex + 1));
  const n = positional[0] ? Math.min(100_000, Math.max(100, Number(positional[0]))) : 30_000;
  const load = os.loadavg()[0]!.toFixed(1);
  const lines: string[] = [
    `# Katalog import benchmark — ${n.toLocaleString('en')} rows`,
    '',
    `${new Date().toISOString()}, ${process.version}, ${process.platform}/${process.arch}, ${os.cpus().length} cores, load average ${load} at start (a shared machine: other work slows these figures)`,
    '',
  ];
  for (const engine of engines()) {
    const { steps, version, rssPeakMb, heapPeakMb } = await benchEngine(engine, n);
    lines.push(`## ${engine} (PostgreSQL ${version}); peak JS heap ${heapPeakMb.toFixed(0)} MB, peak RSS ${rssPeakMb.toFixed(0)} MB`, '', '| step | seconds | rows/s | result |', '|---|---:|---:|---|');
    for (const s of steps) lines.push(`| ${s.name} | ${(s.ms / 1000).toFixed(2)} | ${Math.round(n / (s.ms / 1000)).toLocaleString('en')} | ${s.counts ?? ''} |`);
    lines.push('');
  }
  if (engines().length === 1) lines.push('(set PADU_TEST_DATABASE_URL=postgres://… to measure PostgreSQL too)', '');
  const text = lines.join('\n');
  console.log(text);
  if (out) fs.writeFileSync(out, `${text}\n`);
}
