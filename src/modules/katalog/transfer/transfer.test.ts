import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from '../../../../test/support/db.ts';
import { Client, createTestApp, createUser, opdId, type TestApp } from '../../../../test/support/app.ts';
import { createJobQueue } from '../../../platform/jobs/index.ts';
import { readXlsx, sheetNames, writeXlsx } from './xlsx.ts';
import { parseCsvRows } from './table.ts';
import { registerImportJobs } from './jobs.ts';
import { APP_COLUMNS } from './columns.ts';
import { startImport } from './use-cases/start-import.ts';
import { getImport } from './use-cases/get-import.ts';

/**
 * Bulk import and export of applications, through HTTP like a browser (multipart form) and a
 * script (raw CSV/XLSX body), on every engine.
 */

const HEADER = APP_COLUMNS.join(',');
type Row = Partial<Record<(typeof APP_COLUMNS)[number], string>>;
const q = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const csvOf = (rows: Row[], columns: readonly string[] = APP_COLUMNS) => [columns.join(','), ...rows.map((r) => columns.map((c) => q(r[c as keyof Row] ?? '')).join(','))].join('\r\n') + '\r\n';

interface Report {
  id: string;
  status: string;
  outcome: string | null;
  total: number;
  processed: number;
  percent: number;
  counts: { created: number; updated: number; unchanged: number; errorRows: number };
  problems: { row: number; column: string | null; message: string }[];
  error: string | null;
}

/** A multipart/form-data body with one file, as a browser sends the upload form. */
function multipart(fields: Record<string, string>, file?: { name: string; content: Buffer; type?: string }) {
  const boundary = `----padu${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'text/csv'}\r\n\r\n`), file.content, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

for (const engine of engines()) {
  describe(`katalog import and export on ${engine}`, () => {
    let t: TestApp;
    const c = {} as Record<'spbe' | 'kominfoAdmin' | 'kominfoOfficer' | 'dinkesAdmin' | 'auditor', Client>;
    let en: Client;
    let diskominfo: string;
    let dinkes: string;
    let rab: string;
    let rab2: string;
    let ral: string;
    let rad: string;

    const cookie = (client: Client) => [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');

    /** The upload form, as a browser posts it (multipart, CSRF token in the body). */
    async function postForm(client: Client, fields: Record<string, string>, file?: { name: string; content: Buffer; type?: string }) {
      if (!client.csrf) await client.get('/healthz');
      const body = multipart({ _csrf: client.csrf, ...fields }, file);
      return t.app.inject({ method: 'POST', url: '/katalog/import', headers: { cookie: cookie(client), 'content-type': body.contentType, accept: 'text/html' }, payload: body.payload });
    }

    /** The API with a raw CSV or XLSX body, as a script sends it. */
    async function importFile(client: Client, content: string | Buffer, query: { dryRun?: boolean; partial?: boolean } = {}, headers: Record<string, string> = {}) {
      if (!client.csrf) await client.get('/healthz');
      const buf = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
      const search = new URLSearchParams({ ...(query.dryRun ? { dryRun: 'true' } : {}), ...(query.partial ? { partial: 'true' } : {}), filename: 'aplikasi.csv' });
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/katalog/imports?${search}`,
        headers: { cookie: cookie(client), 'x-csrf-token': client.csrf, 'content-type': buf[0] === 0x50 ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv', ...headers },
        payload: buf,
      });
      return res;
    }
    async function imported(client: Client, content: string | Buffer, query: { dryRun?: boolean; partial?: boolean } = {}): Promise<Report> {
      const res = await importFile(client, content, query);
      assert.equal(res.statusCode, 200, res.body.slice(0, 500));
      return res.json() as Report;
    }
    const appCount = async () => Number((await t.deps.db.selectFrom('katalog_app').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const auditCount = async () => Number((await t.deps.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('action', 'like', 'katalog.%').executeTakeFirstOrThrow()).n);
    const appByKey = (key: string) => t.deps.db.selectFrom('katalog_app').selectAll().where('key', '=', key).executeTakeFirst();

    before(async () => {
      t = await createTestApp(engine);
      const people = {
        spbe: { email: 'tim.spbe@jatimprov.go.id', roles: [{ role: 'tim_spbe' as const }] },
        kominfoAdmin: { email: 'admin@kominfo.go.id', roles: [{ role: 'admin_opd' as const, opd: 'diskominfo' }] },
        kominfoOfficer: { email: 'petugas@kominfo.go.id', roles: [{ role: 'petugas' as const, opd: 'diskominfo' }] },
        dinkesAdmin: { email: 'admin@dinkes.go.id', roles: [{ role: 'admin_opd' as const, opd: 'dinkes' }] },
        auditor: { email: 'auditor@jatimprov.go.id', roles: [{ role: 'auditor' as const }] },
      };
      for (const [name, p] of Object.entries(people)) {
        await createUser(t.deps, p);
        c[name as keyof typeof c] = new Client(t.app);
        await c[name as keyof typeof c].signIn(p.email);
      }
      en = new Client(t.app, { acceptLanguage: 'en' });
      await en.signIn('tim.spbe@jatimprov.go.id');
      diskominfo = await opdId(t.deps, 'diskominfo');
      dinkes = await opdId(t.deps, 'dinkes');
      const codes = async (kind: string) => (await t.deps.db.selectFrom('arch_ref').select('code').where('kind', '=', kind as never).where('level', '=', 2).orderBy('code').execute()).map((r) => r.code);
      [rab, rab2] = (await codes('RAB')) as [string, string];
      ral = (await codes('RAL'))[0]!;
      rad = (await codes('RAD'))[0]!;
    });
    after(() => t.close());

    test('the template has every column, as CSV and as XLSX with an instructions sheet; officers may not import', async () => {
      const csv = await c.kominfoAdmin.get('/api/v1/katalog/import-template.csv');
      assert.equal(csv.statusCode, 200);
      assert.match(String(csv.headers['content-type']), /^text\/csv/);
      assert.match(String(csv.headers['content-disposition']), /attachment; filename="padu-katalog-templat\.csv"/);
      assert.equal(csv.body, `\uFEFF${HEADER}\r\n`);
      for (const col of ['key', 'name', 'acronym', 'description', 'agency', 'category', 'raa', 'rab', 'ral', 'hosting', 'url', 'lifecycle', 'rad_read', 'rad_write', 'technology', 'users', 'yearly_cost', 'legal_basis', 'merged_into', 'replaced_by']) {
        assert.ok(APP_COLUMNS.includes(col as never), col);
      }
      const xlsx = await c.kominfoAdmin.get('/api/v1/katalog/import-template.xlsx');
      assert.equal(xlsx.statusCode, 200);
      assert.equal(xlsx.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const sheet = readXlsx(xlsx.rawPayload);
      assert.deepEqual(sheet.rows[0]!.cells, [...APP_COLUMNS]);
      assert.deepEqual(sheetNames(xlsx.rawPayload), ['Aplikasi', 'Petunjuk']);
      const help = readXlsx(xlsx.rawPayload, 1).rows;
      assert.deepEqual(help[0]!.cells, ['Kolom', 'Isi']);
      assert.equal(help.length, APP_COLUMNS.length + 1);
      assert.match(help.find((r) => r.cells[0] === 'agency')!.cells[1]!, /kode \(misalnya diskominfo atau 35\.78\), nama, atau singkatan/);
      assert.equal((await c.kominfoOfficer.get('/api/v1/katalog/import-template.csv')).statusCode, 403);
      assert.equal((await c.kominfoOfficer.get('/katalog/import')).statusCode, 403);
      const page = await c.kominfoAdmin.get('/katalog/import');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /enctype="multipart\/form-data"/);
      assert.match(page.body, /<label for="f-file">/);
      assert.match(page.body, /name="dryRun"/);
      assert.match(page.body, /name="partial"/);
      const openapi = (await new Client(t.app).getJson('/openapi.json')).json();
      for (const path of ['/api/v1/katalog/imports', '/api/v1/katalog/imports/{importId}', '/api/v1/katalog/apps.csv', '/api/v1/katalog/apps.xlsx', '/api/v1/katalog/export.json', '/api/v1/katalog/import-template.xlsx']) {
        assert.ok(openapi.paths[path], `${path} is documented`);
      }
      assert.ok(openapi.paths['/api/v1/katalog/imports'].post.responses['202']);
      const list = await c.kominfoAdmin.get('/katalog/apps');
      assert.match(list.body, /href="\/katalog\/import"/);
      assert.match(list.body, /href="\/api\/v1\/katalog\/apps\.csv"/);
      assert.match(list.body, /href="\/api\/v1\/katalog\/export\.json"/);
    });

    test('a dry run reports every problem by row and column, in Indonesian (English on request), and writes nothing', async () => {
      const rows: Row[] = [
        { key: 'dry-ok', name: 'Aplikasi Benar', agency: 'diskominfo', category: 'khusus', rab, lifecycle: 'aktif' },
        { key: 'dry-agency', name: 'Aplikasi Dua', agency: 'Dinas Tidak Ada', category: 'khusus' },
        { key: 'dry-codes', name: 'Aplikasi Tiga', agency: 'Diskominfo', category: 'khusus', rab: `${rab}; ${ral}; RAB.99.99` },
        { key: 'Bad Key!', name: 'Aplikasi Empat', agency: 'diskominfo', category: 'khusus' },
        { key: 'dry-enum', name: 'X', agency: 'diskominfo', category: 'lokal', hosting: 'di bawah meja', url: 'ftp://contoh', yearly_cost: '12,5' },
        { key: 'dry-ok', name: 'Duplikat', agency: 'diskominfo', category: 'khusus' },
        { key: 'dry-merge', name: 'Aplikasi Lima', agency: 'diskominfo', category: 'khusus', lifecycle: 'digabung', merged_into: 'tidak-ada' },
        { key: 'dry-noname', agency: 'diskominfo', category: 'khusus' },
      ];
      const [apps, audits] = [await appCount(), await auditCount()];
      const report = await imported(c.spbe, csvOf(rows), { dryRun: true });
      assert.equal(report.status, 'done');
      assert.equal(report.outcome, 'validated');
      assert.equal(report.total, 8);
      assert.equal(report.percent, 100);
      assert.deepEqual(report.counts, { created: 1, updated: 0, unchanged: 0, errorRows: 7 });
      const at = (row: number, column: string) => report.problems.filter((p) => p.row === row && p.column === column).map((p) => p.message);
      assert.match(at(3, 'agency').join(), /Perangkat daerah “Dinas Tidak Ada” tidak dikenal/);
      assert.deepEqual(at(4, 'rab'), [`Kode ${ral} bukan kode RAB.`, 'Kode RAB.99.99 tidak ada di referensi arsitektur.']);
      assert.match(at(5, 'key').join(), /Kunci hanya boleh berisi huruf kecil/);
      assert.match(at(6, 'category').join(), /“lokal” tidak dikenal. Pilihan: umum, khusus_wajib, khusus/);
      assert.match(at(6, 'hosting').join(), /“di bawah meja” tidak dikenal/);
      assert.match(at(6, 'url').join(), /diawali http:\/\/ atau https:\/\//);
      assert.match(at(6, 'yearly_cost').join(), /bilangan bulat/);
      assert.match(at(6, 'name').join(), /Paling sedikit 2 karakter/);
      assert.deepEqual(at(7, 'key'), ['Kunci dry-ok sudah dipakai di baris 2.']);
      assert.deepEqual(at(8, 'merged_into'), ['Aplikasi tidak dikenal.']);
      assert.deepEqual(at(9, 'name'), ['Wajib diisi.']);
      assert.equal(await appCount(), apps, 'a dry run creates no app');
      assert.equal(await auditCount(), audits, 'and audits nothing');

      const english = await importFile(en, csvOf(rows), { dryRun: true }, { 'accept-language': 'en' });
      const problems = (english.json() as Report).problems;
      assert.ok(problems.some((p) => p.row === 3 && p.column === 'agency' && /Unknown agency “Dinas Tidak Ada”/.test(p.message)));
      assert.ok(problems.some((p) => p.row === 4 && p.message === `Code ${ral} is not a RAB code.`));

      // The screen: upload → 303 → the result page with the problems table.
      const posted = await postForm(c.spbe, { dryRun: 'on' }, { name: 'cek.csv', content: Buffer.from(csvOf(rows)) });
      assert.equal(posted.statusCode, 303, posted.body.slice(0, 300));
      const page = await c.spbe.get(String(posted.headers.location));
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Hasil impor: cek\.csv/);
      assert.match(page.body, /Uji coba — tidak ada yang disimpan/);
      assert.match(page.body, /<caption class="visually-hidden">Masalah per baris<\/caption>/);
      assert.match(page.body, /<td>3<\/td><td><code>agency<\/code><\/td><td>Perangkat daerah “Dinas Tidak Ada” tidak dikenal/);
      assert.doesNotMatch(page.body, /http-equiv="refresh"/, 'a finished import does not reload');
      assert.equal(await appCount(), apps);
    });

    test('file-level problems re-show the form with an error summary', async () => {
      const none = await postForm(c.spbe, { partial: 'on' });
      assert.equal(none.statusCode, 400);
      assert.match(none.body, /class="error-summary"/);
      assert.match(none.body, /href="#f-file">Pilih berkas CSV atau XLSX/);
      assert.match(none.body, /id="f-partial" name="partial" value="on" checked/);
      const empty = await importFile(c.spbe, '\r\n\r\n');
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /kosong/);
      const broken = await importFile(c.spbe, Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]));
      assert.equal(broken.statusCode, 400);
      assert.match(broken.body, /tidak bisa dibaca/);
      const header = await imported(c.spbe, 'kunci,name,name\r\nx,y,z\r\n');
      assert.equal(header.outcome, 'rejected');
      assert.deepEqual(
        header.problems.map((p) => [p.row, p.column]),
        [
          [1, 'kunci'],
          [1, 'name'],
          [1, 'key'],
        ],
      );
    });

    test('any row error means nothing is saved; `partial` saves the valid rows and reports the rest', async () => {
      const rows: Row[] = [
        { key: 'aon-1', name: 'Sistem Informasi Kepegawaian', acronym: 'SIMPEG', agency: 'diskominfo', category: 'khusus', rab: `${rab};${rab2}`, ral, rad_read: rad, hosting: 'pusat_data_provinsi', url: 'https://simpeg.jatimprov.go.id', yearly_cost: '120.000.000', lifecycle: 'aktif' },
        { key: 'aon-2', name: 'e-Surat', agency: 'Dinas Komunikasi dan Informatika Provinsi Jawa Timur', category: 'Aplikasi umum (nasional)', lifecycle: 'Aktif' },
        { key: 'aon-3', name: 'Salah', agency: 'diskominfo', category: 'khusus', rab: ral },
      ];
      const before = await appCount();
      const strict = await imported(c.spbe, csvOf(rows));
      assert.equal(strict.outcome, 'rejected');
      assert.deepEqual(strict.counts, { created: 0, updated: 0, unchanged: 0, errorRows: 1 });
      assert.equal(await appCount(), before, 'all or nothing');

      const partial = await imported(c.spbe, csvOf(rows), { partial: true });
      assert.equal(partial.outcome, 'imported');
      assert.deepEqual(partial.counts, { created: 2, updated: 0, unchanged: 0, errorRows: 1 });
      assert.deepEqual(partial.problems.map((p) => [p.row, p.column]), [[4, 'rab']]);
      assert.equal(await appCount(), before + 2);
      const simpeg = (await c.spbe.getJson(`/api/v1/katalog/apps/${(await appByKey('aon-1'))!.id}`)).json();
      assert.equal(simpeg.opdId, diskominfo);
      assert.deepEqual(simpeg.codes, { raa: [], rab: [rab, rab2].sort(), ral: [ral], radRead: [rad], radWrite: [] });
      assert.equal(simpeg.yearlyCost, 120000000);
      assert.equal(simpeg.hosting, 'pusat_data_provinsi');
      const surat = await appByKey('aon-2');
      assert.equal(surat!.category, 'umum', 'labels are read as their codes');
      assert.equal(surat!.opd_id, diskominfo, 'the agency by its full name');
      // Every created app is audited, and its history shows the import; plus one summary row.
      const history = (await c.spbe.getJson(`/api/v1/katalog/apps/${simpeg.id}/history`)).json().items;
      assert.deepEqual(history.map((h: { action: string }) => h.action), ['katalog.app.imported']);
      assert.equal(history[0].after.importId, partial.id);
      assert.equal(history[0].actor, 'tim.spbe@jatimprov.go.id');
      const summary = await t.deps.db.selectFrom('audit_log').selectAll().where('target_type', '=', 'katalog_import').where('target_id', '=', partial.id).execute();
      assert.equal(summary.length, 1);
      assert.equal(summary[0]!.action, 'katalog.import.completed');
      const events = await t.deps.db.selectFrom('katalog_app_event').select(['from_lifecycle', 'to_lifecycle']).where('app_id', '=', simpeg.id).execute();
      assert.deepEqual(events, [{ from_lifecycle: null, to_lifecycle: 'aktif' }]);
    });

    test('re-importing is idempotent by key: identical rows stay untouched, changed rows are updated', async () => {
      const rows: Row[] = Array.from({ length: 5 }, (_, i) => ({ key: `idem-${i}`, name: `Aplikasi Idempoten ${i}`, agency: 'diskominfo', category: 'khusus', rab, lifecycle: 'aktif' }));
      const first = await imported(c.spbe, csvOf(rows));
      assert.deepEqual(first.counts, { created: 5, updated: 0, unchanged: 0, errorRows: 0 });
      const versions = await t.deps.db.selectFrom('katalog_app').select(['key', 'version', 'updated_at']).where('key', 'like', 'idem-%').orderBy('key').execute();
      const audits = await auditCount();
      const second = await imported(c.spbe, csvOf(rows));
      assert.deepEqual(second.counts, { created: 0, updated: 0, unchanged: 5, errorRows: 0 });
      assert.deepEqual(await t.deps.db.selectFrom('katalog_app').select(['key', 'version', 'updated_at']).where('key', 'like', 'idem-%').orderBy('key').execute(), versions);
      assert.equal(await auditCount(), audits, 'nothing changed, nothing audited');

      rows[2] = { ...rows[2], description: 'Sekarang dengan fungsi', rab: `${rab}; ${rab2}`, lifecycle: 'dalam_konsolidasi' };
      rows.push({ key: 'idem-merged', name: 'Digabung ke yang baru', agency: 'diskominfo', category: 'khusus', lifecycle: 'digabung', merged_into: 'idem-new' });
      rows.push({ key: 'idem-new', name: 'Aplikasi Baru', agency: 'diskominfo', category: 'khusus' });
      const third = await imported(c.spbe, csvOf(rows));
      assert.deepEqual(third.counts, { created: 2, updated: 1, unchanged: 4, errorRows: 0 });
      const changed = (await appByKey('idem-2'))!;
      assert.equal(changed.version, 2);
      assert.equal(changed.description, 'Sekarang dengan fungsi');
      const merged = (await appByKey('idem-merged'))!;
      assert.equal(merged.merged_into_id, (await appByKey('idem-new'))!.id, 'a merge into an app created by the same file');
      const history = (await c.spbe.getJson(`/api/v1/katalog/apps/${changed.id}/history`)).json().items;
      assert.equal(history[0].action, 'katalog.app.imported');
      assert.deepEqual(history[0].before, { description: null, lifecycle: 'aktif', codes: { raa: [], rab: [rab], ral: [], radRead: [], radWrite: [] } });
      assert.deepEqual(history[0].after, { description: 'Sekarang dengan fungsi', lifecycle: 'dalam_konsolidasi', codes: { raa: [], rab: [rab, rab2].sort(), ral: [], radRead: [], radWrite: [] }, importId: third.id });
      const events = await t.deps.db.selectFrom('katalog_app_event').select(['from_lifecycle', 'to_lifecycle']).where('app_id', '=', changed.id).orderBy('id').execute();
      assert.deepEqual(events.at(-1), { from_lifecycle: 'aktif', to_lifecycle: 'dalam_konsolidasi' });
      // A file with only some columns changes only those.
      const slim = await imported(c.spbe, csvOf([{ key: 'idem-0', users: 'Seluruh ASN' }], ['key', 'users']));
      assert.deepEqual(slim.counts, { created: 0, updated: 1, unchanged: 0, errorRows: 0 });
      const slimmed = (await appByKey('idem-0'))!;
      assert.equal(slimmed.users, 'Seluruh ASN');
      assert.equal(slimmed.name, 'Aplikasi Idempoten 0');
    });

    test('CSV quoting, semicolon files and formula guards survive export → import', async () => {
      const tricky = {
        key: 'quote-1',
        name: 'Sistem "Kutip", koma; dan titik koma',
        description: 'Baris satu\nBaris dua, dengan "kutip"',
        technology: '=HYPERLINK("http://evil")',
        users: '-ASN pusat',
        legal_basis: '@Pergub 1/2024',
        agency: 'diskominfo',
        category: 'khusus',
      };
      const res = await imported(c.spbe, csvOf([tricky]));
      assert.equal(res.counts.created, 1, JSON.stringify(res.problems));
      const stored = (await appByKey('quote-1'))!;
      assert.equal(stored.name, tricky.name);
      assert.equal(stored.description, tricky.description);
      assert.equal(stored.technology, tricky.technology);

      const exported = await c.spbe.get('/api/v1/katalog/apps.csv');
      assert.equal(exported.statusCode, 200);
      const line = exported.body.split('\r\n').find((l) => l.startsWith('quote-1,'))!;
      assert.match(exported.body, /"'=HYPERLINK\(""http:\/\/evil""\)"/, 'formulas are made inert in the export');
      assert.ok(line.includes(`'-ASN pusat`) && line.includes(`'@Pergub 1/2024`));
      assert.match(exported.body, /"Baris satu\nBaris dua, dengan ""kutip"""/);
      const again = await imported(c.spbe, exported.rawPayload);
      assert.equal(again.counts.errorRows, 0, JSON.stringify(again.problems.slice(0, 5)));
      assert.equal(again.counts.created + again.counts.updated, 0, 'the export imports back unchanged (guard apostrophes stripped)');
      assert.equal(again.counts.unchanged, await appCount());
      const after = (await appByKey('quote-1'))!;
      assert.equal(after.technology, tricky.technology);
      assert.equal(after.users, tricky.users);
      assert.equal(after.version, 1);

      // Spreadsheets in Indonesian locales save with `;` between cells; lists then use `,`.
      const semicolon = `key;name;agency;category;rab\r\nsemi-1;"Aplikasi; Titik Koma";35.78;khusus;"${rab}, ${rab2}"\r\n`;
      const semi = await imported(c.spbe, semicolon);
      assert.equal(semi.counts.created, 1, JSON.stringify(semi.problems));
      const app = (await appByKey('semi-1'))!;
      assert.equal(app.name, 'Aplikasi; Titik Koma');
      assert.equal(app.opd_id, await opdId(t.deps, '35.78'), 'a regency government by its code');
    });

    test('XLSX round trip: export → import is unchanged; an XLSX edited elsewhere imports', async () => {
      const xlsx = await c.spbe.get('/api/v1/katalog/apps.xlsx');
      assert.equal(xlsx.statusCode, 200);
      const sheet = readXlsx(xlsx.rawPayload);
      assert.deepEqual(sheet.rows[0]!.cells, [...APP_COLUMNS]);
      const quote = sheet.rows.find((r) => r.cells[0] === 'quote-1')!;
      assert.equal(quote.cells[APP_COLUMNS.indexOf('technology')], '=HYPERLINK("http://evil")', 'XLSX cells are text, no guard needed');
      const again = await imported(c.spbe, xlsx.rawPayload);
      assert.equal(again.counts.errorRows, 0, JSON.stringify(again.problems.slice(0, 5)));
      assert.equal(again.counts.created + again.counts.updated, 0);
      assert.equal(again.counts.unchanged, await appCount());

      const edited = writeXlsx([
        {
          name: 'Lembar1',
          rows: [
            ['key', 'name', 'agency', 'category', 'yearly_cost', 'description'],
            ['xlsx-1', 'Aplikasi dari Excel', 'DISKOMINFO', 'khusus', 250000000, 'Dua\nbaris & <tanda>'],
          ],
        },
      ]);
      const fromExcel = await imported(c.spbe, edited);
      assert.equal(fromExcel.counts.created, 1, JSON.stringify(fromExcel.problems));
      const app = (await appByKey('xlsx-1'))!;
      assert.equal(Number(app.yearly_cost), 250000000);
      assert.equal(app.description, 'Dua\nbaris & <tanda>');
      // The API takes the same multipart form as the screen.
      const form = multipart({ dryRun: 'true' }, { name: 'apps.xlsx', content: edited, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
      const api = await t.app.inject({ method: 'POST', url: '/api/v1/katalog/imports', headers: { cookie: cookie(c.spbe), 'x-csrf-token': c.spbe.csrf, 'content-type': form.contentType }, payload: form.payload });
      assert.equal(api.statusCode, 200, api.body.slice(0, 300));
      assert.equal(api.json().outcome, 'validated');
      assert.equal(api.json().format, 'xlsx');
      assert.deepEqual(api.json().counts, { created: 0, updated: 0, unchanged: 1, errorRows: 0 });
      // Through the screen as well.
      const posted = await postForm(c.spbe, {}, { name: 'apps.xlsx', content: edited, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
      assert.equal(posted.statusCode, 303);
      const page = await c.spbe.get(String(posted.headers.location));
      assert.match(page.body, /Impor selesai/);
    });

    test('agency scoping: an agency admin imports only their own agency’s rows and exports only their own apps', async () => {
      await imported(c.spbe, csvOf([{ key: 'dinkes-simrs', name: 'SIMRS Dinkes', agency: 'dinkes', category: 'khusus' }]));
      const rows: Row[] = [
        { key: 'kominfo-own', name: 'Aplikasi Kominfo', agency: 'diskominfo', category: 'khusus' },
        { key: 'kominfo-foreign', name: 'Titipan untuk Dinkes', agency: 'dinkes', category: 'khusus' },
        { key: 'dinkes-simrs', name: 'Diambil alih', agency: 'diskominfo', category: 'khusus' },
        { key: 'kominfo-orphan', name: 'Tanpa pemilik', agency: '', category: 'khusus' },
      ];
      const strict = await imported(c.kominfoAdmin, csvOf(rows));
      assert.equal(strict.outcome, 'rejected');
      const partial = await imported(c.kominfoAdmin, csvOf(rows), { partial: true });
      assert.deepEqual(partial.counts, { created: 1, updated: 0, unchanged: 0, errorRows: 3 });
      assert.deepEqual(
        partial.problems.map((p) => [p.row, p.column, p.message]),
        [
          [3, 'agency', 'Anda hanya boleh mengimpor aplikasi perangkat daerah yang Anda kelola.'],
          [4, 'key', 'Kunci ini milik aplikasi perangkat daerah lain; Anda tidak boleh mengubahnya.'],
          [5, 'agency', 'Isi perangkat daerah pemilik; hanya tim SPBE yang boleh mencatat aplikasi tanpa pemilik.'],
        ],
      );
      assert.equal((await appByKey('dinkes-simrs'))!.name, 'SIMRS Dinkes');
      assert.equal((await appByKey('kominfo-foreign')), undefined);

      // Exports hold only what the reader may see.
      const mine = await c.kominfoOfficer.get('/api/v1/katalog/apps.csv');
      assert.equal(mine.statusCode, 200);
      const keys = parseCsvRows(mine.body.replace(/^\uFEFF/, '')).slice(1).map((r) => r.cells[0]);
      assert.ok(keys.includes('kominfo-own') && keys.includes('aon-1'));
      assert.ok(!keys.includes('dinkes-simrs'));
      await t.deps.db
        .insertInto('katalog_security_audit')
        .values({ id: t.deps.ids.uuid(), app_id: (await appByKey('kominfo-own'))!.id, infra_id: null, audited_on: '2025-05-01', next_due: '2027-05-01', auditor: 'BSSN', result: 'baik', created_at: t.clock.now() })
        .execute();
      const json = await c.kominfoOfficer.getJson('/api/v1/katalog/export.json');
      assert.equal(json.statusCode, 200);
      const doc = json.json();
      assert.equal(doc.format, 'padu-katalog');
      assert.deepEqual(doc.scope, ['diskominfo']);
      assert.ok(doc.apps.every((a: { agency: string }) => a.agency === 'diskominfo'));
      assert.deepEqual(doc.securityAudits, [{ app: 'kominfo-own', infrastructure: null, auditedOn: '2025-05-01', nextDue: '2027-05-01', auditor: 'BSSN', result: 'baik' }]);
      const all = (await c.auditor.getJson('/api/v1/katalog/export.json')).json();
      assert.equal(all.scope, 'all');
      assert.ok(all.apps.some((a: { key: string }) => a.key === 'dinkes-simrs'));
      for (const section of ['services', 'datasets', 'infrastructure', 'securityAudits', 'integrations', 'roadmap', 'decisions', 'timeAssessments']) assert.ok(Array.isArray(all[section]), section);
      assert.equal((await new Client(t.app).getJson('/api/v1/katalog/export.json')).statusCode, 401);

      // The report of an import is the importer's (and the SPBE team's), not another agency's.
      assert.equal((await c.dinkesAdmin.getJson(`/api/v1/katalog/imports/${partial.id}`)).statusCode, 404);
      assert.equal((await c.dinkesAdmin.get(`/katalog/import/${partial.id}`)).statusCode, 404);
      assert.equal((await c.kominfoAdmin.getJson(`/api/v1/katalog/imports/${partial.id}`)).statusCode, 200);
      assert.equal((await c.spbe.getJson(`/api/v1/katalog/imports/${partial.id}`)).statusCode, 200);
      assert.equal((await c.kominfoOfficer.postForm('/katalog/import', {})).statusCode, 403);
      assert.equal((await c.auditor.send('POST', '/api/v1/katalog/imports', {})).statusCode, 403);
    });

    test('a row changed by someone else between checking and writing is refused, never overwritten', async () => {
      await imported(c.spbe, csvOf([{ key: 'race-1', name: 'Balapan Satu', agency: 'diskominfo', category: 'khusus' }, { key: 'race-2', name: 'Balapan Dua', agency: 'diskominfo', category: 'khusus' }]));
      const changed = csvOf([{ key: 'race-1', name: 'Balapan Satu (baru)', agency: 'diskominfo', category: 'khusus' }, { key: 'race-2', name: 'Balapan Dua (baru)', agency: 'diskominfo', category: 'khusus' }]);
      const audit = { actor: null, system: 'test' };
      // Someone edits race-1 after the rows were checked, before they are written.
      const meddle = async (p: { status: string; processed: number }) => {
        if (p.status === 'writing') await t.deps.db.updateTable('katalog_app').set({ name: 'Diubah orang lain', version: 7 }).where('key', '=', 'race-1').where('version', '=', 1).execute();
      };
      const strict = await startImport(t.deps, audit, { filename: 'race.csv', content: Buffer.from(changed) }, { dryRun: false, partial: false }, { onProgress: meddle });
      const first = await getImport(t.deps, null, strict.importId, { operator: true });
      assert.equal(first.outcome, 'rejected');
      assert.deepEqual(first.problems.map((p) => [p.row, p.key]), [[2, 'katalog.transfer.p.stale']]);
      assert.equal((await appByKey('race-2'))!.name, 'Balapan Dua', 'all or nothing: the other row was rolled back');
      assert.equal((await appByKey('race-1'))!.name, 'Diubah orang lain');

      await t.deps.db.updateTable('katalog_app').set({ version: 1 }).where('key', '=', 'race-1').execute();
      const partial = await startImport(t.deps, audit, { filename: 'race.csv', content: Buffer.from(changed) }, { dryRun: false, partial: true }, { onProgress: meddle });
      const second = await getImport(t.deps, null, partial.importId, { operator: true });
      assert.equal(second.outcome, 'imported');
      assert.deepEqual([second.updated, second.error_rows], [1, 1]);
      assert.equal((await appByKey('race-2'))!.name, 'Balapan Dua (baru)');
      assert.equal((await appByKey('race-1'))!.name, 'Diubah orang lain');
    });

    test('a large file runs as a background job; the page reloads itself until progress reaches 100 %', async () => {
      const queue = createJobQueue({ connection: t.database.connection, pollingIntervalSeconds: 0.5 });
      await queue.start();
      t.app.padu.jobs = queue;
      try {
        const rows: Row[] = Array.from({ length: 620 }, (_, i) => ({ key: `bulk-${String(i).padStart(4, '0')}`, name: `Aplikasi Massal ${i}`, agency: i % 2 ? 'diskominfo' : '35.78', category: 'khusus', rab }));
        // No worker yet: the import waits in the queue, and its page says so and reloads itself.
        const queued = await importFile(c.spbe, csvOf(rows));
        assert.equal(queued.statusCode, 202, queued.body.slice(0, 300));
        const report = queued.json() as Report;
        assert.equal(report.status, 'queued');
        assert.equal(report.total, 620);
        const waiting = await c.spbe.get(`/katalog/import/${report.id}`);
        assert.match(waiting.body, /<meta http-equiv="refresh" content="2"\/?>/);
        assert.match(waiting.body, /Menunggu giliran/);
        assert.match(waiting.body, /<progress id="import-progress" max="100" value="0"/);
        const still = await c.spbe.get(`/katalog/import/${report.id}?refresh=0`);
        assert.doesNotMatch(still.body, /http-equiv="refresh"/, 'the reader can stop the reloading');

        await registerImportJobs(queue, t.deps);
        let status: Report = report;
        const seen = new Set<string>();
        for (let i = 0; i < 600 && status.status !== 'done' && status.status !== 'failed'; i++) {
          await new Promise((r) => setTimeout(r, 100));
          status = (await c.spbe.getJson(`/api/v1/katalog/imports/${report.id}`)).json() as Report;
          seen.add(status.status);
        }
        assert.equal(status.status, 'done', JSON.stringify(status).slice(0, 300));
        assert.equal(status.outcome, 'imported');
        assert.equal(status.processed, 620);
        assert.equal(status.percent, 100);
        assert.deepEqual(status.counts, { created: 620, updated: 0, unchanged: 0, errorRows: 0 });
        const done = await c.spbe.get(`/katalog/import/${report.id}`);
        assert.doesNotMatch(done.body, /http-equiv="refresh"/);
        assert.match(done.body, /620 dari 620 baris \(100 %\)/);
        assert.equal(Number((await t.deps.db.selectFrom('katalog_app').select((eb) => eb.fn.countAll().as('n')).where('key', 'like', 'bulk-%').executeTakeFirstOrThrow()).n), 620);
        const stored = await t.deps.db.selectFrom('katalog_import').select(['content', 'actor_label']).where('id', '=', report.id).executeTakeFirstOrThrow();
        assert.equal(stored.content, null, 'the file is dropped once imported');
        assert.equal(stored.actor_label, 'tim.spbe@jatimprov.go.id');
      } finally {
        t.app.padu.jobs = undefined;
        await queue.stop();
      }
    });
  });
}
