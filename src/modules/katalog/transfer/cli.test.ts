import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, engines, type TestDatabase } from '../../../../test/support/db.ts';
import { readXlsx } from './xlsx.ts';

/**
 * `padu katalog import|export` as a script runs them: `node bin/padu.mjs …` in a child process,
 * against a fresh embedded data folder, or a fresh PostgreSQL database on that engine.
 */
const root = path.resolve(import.meta.dirname, '../../../..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  raw: Buffer;
}

function padu(args: string[], env: Record<string, string>): Promise<Run> {
  const clean: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('PADU_') && k !== 'DATABASE_URL' && k !== 'PORT') clean[k] = v;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/padu.mjs', ...args], { cwd: root, env: { ...clean, LOG_LEVEL: 'warn', PADU_JOBS: 'false', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const raw = Buffer.concat(out);
      resolve({ code, stdout: raw.toString('utf8'), stderr, raw });
    });
  });
}

const ok = (run: Run, what: string) => {
  assert.equal(run.code, 0, `${what} exited ${run.code}\nstdout: ${run.stdout.slice(0, 2000)}\nstderr: ${run.stderr.slice(0, 2000)}`);
  return run;
};

describe('padu katalog: help', () => {
  test('padu katalog --help lists the commands; each has its own --help; mistakes exit 2', async () => {
    const [list, help, unknown, noFile, badFormat] = await Promise.all([
      padu(['katalog', '--help'], {}),
      padu(['katalog', 'export', '--help'], {}),
      padu(['katalog', 'frobnicate'], {}),
      padu(['katalog', 'import'], {}),
      padu(['katalog', 'export', '--format', 'pdf'], {}),
    ]);
    ok(list, 'padu katalog --help');
    assert.match(list.stdout, /^ {2}import +Import applications/m);
    assert.match(list.stdout, /^ {2}export +Export applications/m);
    ok(help, 'padu katalog export --help');
    assert.match(help.stdout, /Usage: padu katalog export \[--format csv\|xlsx\|json\]/);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^Unknown command "katalog frobnicate"/);
    assert.equal(noFile.code, 2);
    assert.match(noFile.stderr, /^FILE is required/);
    assert.equal(badFormat.code, 2);
    assert.match(badFormat.stderr, /--format must be csv, xlsx or json/);
  });
});

for (const engine of engines()) {
  describe(`padu katalog import and export on ${engine}`, () => {
    let dir: string;
    let env: Record<string, string>;
    let database: TestDatabase | undefined;

    before(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'padu-katalog-cli-'));
      if (engine === 'postgres') {
        database = await createTestDatabase('postgres');
        env = { DATABASE_URL: database.url! };
        await database.db.destroy();
      } else env = { PADU_DATA_DIR: path.join(dir, 'data') };
    });
    after(async () => {
      fs.rmSync(dir, { recursive: true, force: true });
      await database?.close().catch(() => {});
    });

    test('import (dry run, all-or-nothing, partial), export CSV/XLSX/JSON, and the exports import back unchanged', async () => {
      const file = path.join(dir, 'aplikasi.csv');
      fs.writeFileSync(
        file,
        [
          'key,name,acronym,agency,category,rab,lifecycle,description',
          'cli-simpeg,Sistem Informasi Manajemen Kepegawaian,SIMPEG,diskominfo,khusus,,aktif,"Data pegawai, cuti dan ""kenaikan"" pangkat"',
          'cli-esurat,e-Surat,,Dinkes,umum,,aktif,',
          'cli-salah,Salah Kode,,diskominfo,khusus,RAL.01,aktif,',
        ].join('\n'),
      );
      const dry = await padu(['katalog', 'import', file, '--dry-run'], env);
      assert.equal(dry.code, 1, `${dry.stdout}\n${dry.stderr}`);
      assert.match(dry.stdout, /Uji coba selesai\. Tidak ada yang disimpan\./);
      assert.match(dry.stdout, /Baris 4, rab: Kode RAL\.01 bukan kode RAB\./);

      const strict = await padu(['katalog', 'import', file, '--json', '--lang', 'en'], env);
      assert.equal(strict.code, 1);
      const rejected = JSON.parse(strict.stdout);
      assert.equal(rejected.outcome, 'rejected');
      assert.deepEqual(rejected.problems, [{ row: 4, column: 'rab', message: 'Code RAL.01 is not a RAB code.' }]);

      const partial = await padu(['katalog', 'import', file, '--partial', '--json'], env);
      assert.equal(partial.code, 1, 'a row was refused');
      assert.deepEqual(JSON.parse(partial.stdout).counts, { created: 2, updated: 0, unchanged: 0, errorRows: 1 });

      const csvOut = path.join(dir, 'ekspor.csv');
      const exported = ok(await padu(['katalog', 'export', '--format', 'csv', csvOut], env), 'export csv');
      assert.match(exported.stderr, /ekspor\.csv: \d+ bytes/);
      const text = fs.readFileSync(csvOut, 'utf8');
      assert.match(text, /^\uFEFFkey,name,acronym,description,agency,category,raa,rab,ral,/);
      assert.match(text, /cli-simpeg,Sistem Informasi Manajemen Kepegawaian,SIMPEG,"Data pegawai, cuti dan ""kenaikan"" pangkat",diskominfo,khusus/);
      assert.match(text, /cli-esurat,e-Surat,,,dinkes,umum/);
      const again = ok(await padu(['katalog', 'import', csvOut], env), 'import the CSV export');
      assert.match(again.stdout, /Impor selesai\./);
      assert.match(again.stdout, /Aplikasi baru: 0, Diperbarui: 0, Tidak berubah: 2, Baris salah: 0/);

      const xlsxOut = path.join(dir, 'ekspor.xlsx');
      ok(await padu(['katalog', 'export', '--format', 'xlsx', xlsxOut], env), 'export xlsx');
      assert.deepEqual(
        readXlsx(fs.readFileSync(xlsxOut)).rows.map((r) => r.cells[0]),
        ['key', 'cli-esurat', 'cli-simpeg'],
      );
      const fromXlsx = ok(await padu(['katalog', 'import', xlsxOut, '--json'], env), 'import the XLSX export');
      assert.deepEqual(JSON.parse(fromXlsx.stdout).counts, { created: 0, updated: 0, unchanged: 2, errorRows: 0 });

      const json = ok(await padu(['katalog', 'export', '--format', 'json'], env), 'export json to stdout');
      const doc = JSON.parse(json.stdout);
      assert.equal(doc.format, 'padu-katalog');
      assert.equal(doc.scope, 'all');
      assert.deepEqual(doc.apps.map((a: { key: string }) => a.key), ['cli-esurat', 'cli-simpeg']);

      const stranger = await padu(['katalog', 'export', '--as', 'tidak.ada@example.id'], env);
      assert.equal(stranger.code, 2);
      assert.match(stranger.stderr, /No active account tidak\.ada@example\.id/);
    });
  });
}
