import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { engines } from '../../../../test/support/db.ts';
import { Client, createTestApp, createUser, opdId, type TestApp } from '../../../../test/support/app.ts';
import { pdf } from '../../../../test/support/sample-files.ts';
import { loadConfig } from '../../../config.ts';
import { insertApp, insertComplaint, insertGerbangService, postMultipart } from '../test-support.ts';
import { refreshOpenAssessments } from './use-cases/refresh-evidence.ts';
import { registerEvidenceProvider } from '../index.ts';

/**
 * The yearly SPBE index self-assessment through HTTP: instruments, the assessment and its stages,
 * self-assessed and verified levels with the exact index, evidence (manual and automatic from the
 * other modules), cascade to agencies with readiness, history, report and CSV.
 */
type Who = 'spbe' | 'auditor' | 'kominfoAdmin' | 'kominfoOfficer' | 'dinkesOfficer';

/** The mixed vector of instruments.test.ts: 2.82 "Baik" self-assessed. */
const MIXED: number[] = [...Array(10).fill(3), 2, 3, 4, 5, 1, 1, 1, 1, 4, 5, ...Array(8).fill(2), 3, 3, 4, 1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 4, 4, 4, 2, 2, 2];

for (const engine of engines()) {
  describe(`tata kelola: SPBE index assessment on ${engine}`, () => {
    let t: TestApp;
    let dataDir: string;
    const c = {} as Record<Who, Client>;
    let diskominfo: string;
    let dinkes: string;
    const autoOf = async (client: Client, year: number, n: number) => {
      const res = await client.getJson(`/api/v1/tata-kelola/assessments/${year}/indicators/${n}`);
      assert.equal(res.statusCode, 200, res.body);
      return res.json().evidenceItems.filter((e: { kind: string }) => e.kind === 'auto');
    };

    before(async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'padu-tata-kelola-'));
      t = await createTestApp(engine, { config: { dataDir, files: loadConfig({}).files } });
      const people: Record<Who, { email: string; roles: { role: 'tim_spbe' | 'auditor' | 'admin_opd' | 'petugas'; opd?: string }[] }> = {
        spbe: { email: 'tim.spbe@jatimprov.go.id', roles: [{ role: 'tim_spbe' }] },
        auditor: { email: 'auditor@jatimprov.go.id', roles: [{ role: 'auditor' }] },
        kominfoAdmin: { email: 'admin@kominfo.go.id', roles: [{ role: 'admin_opd', opd: 'diskominfo' }] },
        kominfoOfficer: { email: 'petugas@kominfo.go.id', roles: [{ role: 'petugas', opd: 'diskominfo' }] },
        dinkesOfficer: { email: 'petugas@dinkes.go.id', roles: [{ role: 'petugas', opd: 'dinkes' }] },
      };
      for (const [who, p] of Object.entries(people)) {
        await createUser(t.deps, p);
        c[who as Who] = new Client(t.app);
        await c[who as Who].signIn(p.email);
      }
      diskominfo = await opdId(t.deps, 'diskominfo');
      dinkes = await opdId(t.deps, 'dinkes');
    });
    after(async () => {
      await t.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    test('instruments: both reference files are loaded; a later one is added; malformed and in-use changes are refused', async () => {
      const list = await c.spbe.getJson('/api/v1/tata-kelola/instruments');
      assert.deepEqual(list.json().items.map((i: { id: string }) => i.id).sort(), ['PermenPANRB-59-2020', 'PermenPANRB-8-2026']);
      const one = (await c.auditor.getJson('/api/v1/tata-kelola/instruments/PermenPANRB-59-2020')).json();
      assert.equal(one.indicators.length, 47);
      assert.equal(one.indicators[31].weight, 2.75);
      assert.equal((await c.kominfoAdmin.getJson('/api/v1/tata-kelola/instruments')).statusCode, 403);

      const later = {
        id: 'Contoh-2030',
        title: 'Instrumen contoh 2030',
        index_name: 'Indeks Contoh',
        aspects: [{ code: 'X1', name: 'Satu', weight: 100 }],
        indicators: [
          { number: 1, name: 'Pertama', aspect: 'X1', weight: 60 },
          { number: 2, name: 'Kedua', aspect: 'X1', weight: 40 },
        ],
        predicate_bands: [
          { label: 'Rendah', min: 0, max_exclusive: 3 },
          { label: 'Tinggi', min: 3, max_inclusive: 5 },
        ],
      };
      assert.equal((await c.kominfoAdmin.send('POST', '/api/v1/tata-kelola/instruments', later)).statusCode, 403);
      const added = await c.spbe.send('POST', '/api/v1/tata-kelola/instruments', later);
      assert.equal(added.statusCode, 201, added.body);
      assert.deepEqual(added.json(), { id: 'Contoh-2030', outcome: 'added' });

      const broken = { ...later, id: 'Rusak-2031', indicators: [{ number: 1, name: 'Pertama', aspect: 'X9', weight: 60.125 }] };
      const refused = await c.spbe.send('POST', '/api/v1/tata-kelola/instruments', broken);
      assert.equal(refused.statusCode, 400);
      const messages = refused.json().errors.map((e: { message: string }) => e.message);
      assert.ok(messages.some((m: string) => /Indikator 1 menyebut aspek "X9" yang tidak didefinisikan/.test(m)), messages.join('\n'));
      assert.ok(messages.some((m: string) => /bobot 60.125 memiliki lebih dari dua angka desimal/.test(m)), messages.join('\n'));
      // The HTML form shows the same problems in its error summary.
      const form = await c.spbe.postForm('/tata-kelola/instruments', { definition: JSON.stringify(broken) });
      assert.equal(form.statusCode, 400);
      assert.match(form.body, /class="error-summary"/);
      assert.match(form.body, /tidak didefinisikan/);
      assert.match((await c.spbe.postForm('/tata-kelola/instruments', { definition: '{ bukan json' })).body, /bukan JSON yang valid/);

      // Another module contributes evidence providers for it; one of them fails and says so.
      registerEvidenceProvider({
        key: 'contoh.angka',
        module: 'contoh',
        titleKey: 'tata_kelola.evidence.katalog_apps.title',
        indicators: { 'Contoh-2030': [1] },
        measure: async ({ year }) => ({ hasData: true, summaryKey: 'tata_kelola.evidence.no_data', params: { module: `contoh ${year}` }, figures: { year }, sources: ['contoh_tabel'], link: null }),
      });
      registerEvidenceProvider({ key: 'contoh.rusak', module: 'contoh', titleKey: 'tata_kelola.evidence.gerbang.title', indicators: { 'Contoh-2030': [2] }, measure: async () => Promise.reject(new Error('boom')) });
      // Used by an assessment, the instrument never changes again.
      assert.equal((await c.spbe.send('POST', '/api/v1/tata-kelola/assessments', { year: 2030, instrumentId: 'Contoh-2030' })).statusCode, 201);
      const contributed = (await autoOf(c.spbe, 2030, 1))[0].measurement;
      assert.deepEqual([contributed.provider, contributed.module, contributed.figures.year, contributed.sources], ['contoh.angka', 'contoh', 2030, ['contoh_tabel']]);
      const failed = (await autoOf(c.spbe, 2030, 2))[0].measurement;
      assert.equal(failed.hasData, false);
      assert.equal(failed.summary, 'Pengukuran dari modul contoh gagal; dicoba lagi pada pembaruan berikutnya.');
      const changed = await c.spbe.send('POST', '/api/v1/tata-kelola/instruments', { ...later, title: 'Diubah' });
      assert.equal(changed.statusCode, 409);
      const y2030 = (await c.spbe.send('PUT', '/api/v1/tata-kelola/assessments/2030/indicators/1/self', { level: 4 })).json();
      assert.equal(y2030.selfLevel, 4);
      await c.spbe.send('PUT', '/api/v1/tata-kelola/assessments/2030/indicators/2/self', { level: 1 });
      const a2030 = (await c.spbe.getJson('/api/v1/tata-kelola/assessments/2030')).json();
      // (4 × 60 + 1 × 40) / 100 = 2.80 "Rendah" under its own instrument.
      assert.equal(a2030.self.index, 2.8);
      assert.equal(a2030.self.predicate, 'Rendah');
    });

    test('automatic evidence says when a module holds no data, then measures it once it does, and is kept current', async () => {
      const created = await c.spbe.send('POST', '/api/v1/tata-kelola/assessments', { year: 2025, instrumentId: 'PermenPANRB-59-2020' });
      assert.equal(created.statusCode, 201, created.body);
      const gerbang = (await autoOf(c.spbe, 2025, 18))[0];
      assert.equal(gerbang.measurement.provider, 'gerbang.services');
      assert.equal(gerbang.measurement.hasData, false);
      assert.equal(gerbang.measurement.summary, 'Modul gerbang belum memiliki data untuk diukur.');
      assert.equal(gerbang.measurement.measuredAt, t.clock.now().toISOString());
      const apps = (await autoOf(c.spbe, 2025, 15))[0];
      assert.equal(apps.measurement.hasData, false);

      // The modules get data; the daily job (or the button) measures again.
      const now = t.clock.now();
      await insertApp(t.deps.db, now, { id: t.deps.ids.uuid(), key: 'srikandi', name: 'SRIKANDI', opdId: diskominfo, category: 'umum', hosting: 'pdn' });
      await insertApp(t.deps.db, now, { id: t.deps.ids.uuid(), key: 'simrs', name: 'SIMRS', opdId: dinkes, hosting: 'pusat_data_provinsi' });
      await insertApp(t.deps.db, now, { id: t.deps.ids.uuid(), key: 'sik', name: 'SIK', opdId: dinkes, hosting: 'server_sendiri' });
      await insertApp(t.deps.db, now, { id: t.deps.ids.uuid(), key: 'rencana', name: 'Aplikasi rencana', opdId: dinkes, lifecycle: 'rencana' });
      await c.spbe.send('POST', '/api/v1/katalog/infra', { key: 'pusat-data-jatim', name: 'Pusat Data Jatim', kind: 'pusat_data', operatorOpdId: diskominfo });
      await c.spbe.send('POST', '/api/v1/katalog/roadmap', { area: 'aplikasi', title: 'Konsolidasi persuratan', startYear: 2025, endYear: 2026, ownerOpdId: diskominfo, budgetCode: '2.16.02.1.01.0006', status: 'berjalan' });
      await c.spbe.send('POST', '/api/v1/katalog/services', { key: 'izin-apotek', name: 'Izin Apotek', audience: 'G2B', opdId: dinkes, channels: ['online', 'loket'] });
      await c.spbe.send('POST', '/api/v1/katalog/services', { key: 'legalisir', name: 'Legalisir', audience: 'G2C', opdId: diskominfo, channels: ['loket'] });
      await insertGerbangService(t.deps.db, now, () => t.deps.ids.uuid(), diskominfo, 2025);
      const hasAduan = await insertComplaint(t.deps.db, new Date('2025-06-02T03:00:00Z'), () => t.deps.ids.uuid());
      t.clock.advance(60_000);
      assert.ok((await refreshOpenAssessments(t.deps)) > 0);

      const g = (await autoOf(c.spbe, 2025, 18))[0];
      assert.equal(g.id, gerbang.id, 'the same item, kept current');
      assert.equal(g.measurement.hasData, true);
      assert.equal(g.measurement.measuredAt, t.clock.now().toISOString());
      assert.equal(g.measurement.figures.published, 1);
      assert.equal(g.measurement.figures.calls, 42);
      assert.match(g.measurement.summary, /^1 layanan diterbitkan di gerbang oleh 1 perangkat daerah; 1 subsistem aktif dan 1 hak akses/);
      assert.deepEqual(g.measurement.sources.slice(0, 2), ['gerbang_service', 'gerbang_subsystem']);

      const a15 = (await autoOf(c.spbe, 2025, 15))[0].measurement;
      assert.equal(a15.summary, '3 aplikasi berjalan tercatat di katalog: 1 aplikasi umum, 0 aplikasi khusus wajib dan 2 aplikasi khusus, milik 2 perangkat daerah; 1 aplikasi direncanakan.');
      const a16 = (await autoOf(c.spbe, 2025, 16))[0].measurement;
      assert.deepEqual([a16.figures.pdn, a16.figures.province, a16.figures.own, a16.figures.centres], [1, 1, 1, 1]);
      const a12 = (await autoOf(c.spbe, 2025, 12))[0].measurement;
      assert.deepEqual([a12.figures.items, a12.figures.running, a12.figures.budgeted], [1, 1, 1]);
      assert.equal(a12.link, '/katalog/roadmap?year=2025');
      for (const n of [45, 46, 47]) {
        const p = (await autoOf(c.spbe, 2025, n))[0].measurement;
        assert.deepEqual([p.figures.public, p.figures.online], [2, 1], `indicator ${n}`);
      }
      const a42 = (await autoOf(c.spbe, 2025, 42))[0].measurement;
      if (hasAduan) {
        assert.equal(a42.hasData, true);
        assert.equal(a42.figures.received, 1);
        assert.match(a42.summary, /^1 aduan diterima pada 2025 \(1 seluruhnya, tabel aduan_report\)/);
      } else assert.equal(a42.hasData, false);
      // English readers get English summaries.
      const en = await new Client(t.app, { acceptLanguage: 'en' });
      await en.signIn('tim.spbe@jatimprov.go.id');
      assert.match((await autoOf(en, 2025, 18))[0].measurement.summary, /^1 services published on the gerbang by 1 agencies/);

      // The button measures again now, audited; agencies may not press it.
      assert.equal((await c.kominfoAdmin.send('POST', '/api/v1/tata-kelola/assessments/2025/evidence/refresh')).statusCode, 403);
      const refreshed = await c.spbe.send('POST', '/api/v1/tata-kelola/assessments/2025/evidence/refresh');
      assert.equal(refreshed.statusCode, 200);
      assert.ok(refreshed.json().providers.some((p: { key: string; hasData: boolean }) => p.key === 'katalog.apps' && p.hasData));
      const audit = await t.deps.db.selectFrom('audit_log').select('action').where('action', '=', 'tata_kelola.evidence.refreshed').execute();
      assert.equal(audit.length, 1);
      // Automatic items cannot be removed.
      assert.equal((await c.spbe.send('DELETE', `/api/v1/tata-kelola/evidence/${g.id}`)).statusCode, 409);
    });

    test('self-assessment, review stages and the exact index side by side; each stage dated; final freezes the year', async () => {
      await c.spbe.send('POST', '/api/v1/tata-kelola/assessments', { year: 2026, instrumentId: 'PermenPANRB-59-2020' });
      assert.equal((await c.spbe.send('POST', '/api/v1/tata-kelola/assessments', { year: 2026, instrumentId: 'PermenPANRB-59-2020' })).statusCode, 409);
      const schedule = await c.spbe.send('PUT', '/api/v1/tata-kelola/assessments/2026/schedule', {
        self_assessment: { startsOn: '2026-03-02', endsOn: '2026-04-30' },
        document_review: { startsOn: '2026-05-04', endsOn: '2026-06-12' },
        interview: { startsOn: '2026-07-06', endsOn: '2026-07-10' },
        field_visit: { startsOn: '2026-08-03', endsOn: '2026-08-07' },
        final: { startsOn: '2026-10-01', endsOn: null },
      });
      assert.equal(schedule.statusCode, 200, schedule.body);
      assert.equal((await c.spbe.send('PUT', '/api/v1/tata-kelola/assessments/2026/schedule', { interview: { startsOn: '2026-07-10', endsOn: '2026-07-06' } })).statusCode, 400);

      for (let n = 1; n <= 47; n++) {
        const res = await c.spbe.send('PUT', `/api/v1/tata-kelola/assessments/2026/indicators/${n}/self`, { level: MIXED[n - 1], justification: `Penjelasan indikator ${n}` });
        assert.equal(res.statusCode, 200, res.body);
      }
      assert.equal((await c.spbe.send('PUT', '/api/v1/tata-kelola/assessments/2026/indicators/48/self', { level: 3 })).statusCode, 404);
      assert.equal((await c.spbe.send('PUT', '/api/v1/tata-kelola/assessments/2026/indicators/1/self', { level: 6 })).statusCode, 400);
      assert.equal((await c.kominfoAdmin.send('PUT', '/api/v1/tata-kelola/assessments/2026/indicators/1/self', { level: 5 })).statusCode, 403);
      // Verified levels wait for the review stages.
      assert.equal((await c.spbe.send('PUT', '/api/v1/tata-kelola/assessments/2026/indicators/1/review', { verifiedLevel: 2 })).statusCode, 409);

      let a = (await c.auditor.getJson('/api/v1/tata-kelola/assessments/2026')).json();
      assert.equal(a.self.index, 2.82);
      assert.equal(a.self.exact, '141/50');
      assert.equal(a.self.predicate, 'Baik');
      assert.deepEqual(a.self.domains.map((d: { index: number }) => d.index), [3, 2.7, 2.36, 3]);
      assert.equal(a.self.gap.nextPredicate, 'Sangat Baik');
      assert.equal(a.self.gap.points, 0.68);
      assert.equal(a.verified.index, null);

      const moved = await c.spbe.send('POST', '/api/v1/tata-kelola/assessments/2026/stage', { stage: 'document_review' });
      assert.equal(moved.statusCode, 200);
      assert.equal(moved.json().stages.find((s: { stage: string }) => s.stage === 'document_review').enteredAt, t.clock.now().toISOString());
      assert.equal((await c.spbe.send('PUT', '/api/v1/tata-kelola/assessments/2026/indicators/1/self', { level: 5 })).statusCode, 409);
      for (let n = 1; n <= 47; n++) {
        const level = n === 42 ? 5 : Math.max(1, MIXED[n - 1]! - (n >= 32 && n <= 41 ? 1 : 0));
        assert.equal((await c.spbe.send('PUT', `/api/v1/tata-kelola/assessments/2026/indicators/${n}/review`, { verifiedLevel: level, note: n === 42 ? 'Terbukti lewat data aduan' : undefined })).statusCode, 200);
      }
      a = (await c.spbe.getJson('/api/v1/tata-kelola/assessments/2026')).json();
      // A7 loses one level on 32-41 except where it was already 1 (32, 37): −8 × 2.75 = −22;
      // indicator 42 gains one level: +3. 282 − 22 + 3 = 263 → 2.63 "Baik".
      assert.equal(a.verified.index, 2.63);
      assert.equal(a.verified.predicate, 'Baik');
      assert.equal(a.self.index, 2.82, 'the self-assessment stays beside it');
      const i42 = (await c.spbe.getJson('/api/v1/tata-kelola/assessments/2026/indicators/42')).json();
      assert.deepEqual([i42.selfLevel, i42.verifiedLevel, i42.reviewNote], [4, 5, 'Terbukti lewat data aduan']);

      // The HTML screens show the same figures side by side.
      const page = await c.spbe.get('/tata-kelola/assessments/2026');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<td class="score">2,82<\/td>/);
      assert.match(page.body, /<td class="score">2,63<\/td>/);
      assert.match(page.body, /Penilaian dokumen/);

      for (const stage of ['interview', 'field_visit', 'final']) assert.equal((await c.spbe.send('POST', '/api/v1/tata-kelola/assessments/2026/stage', { stage })).statusCode, 200);
      const final = (await c.spbe.getJson('/api/v1/tata-kelola/assessments/2026')).json();
      assert.equal(final.stage, 'final');
      assert.ok(final.stages.every((s: { enteredAt: string | null }) => s.enteredAt), 'every stage dated');
      assert.equal(final.stages.find((s: { stage: string }) => s.stage === 'interview').startsOn, '2026-07-06');
      assert.equal((await c.spbe.send('PUT', '/api/v1/tata-kelola/assessments/2026/indicators/1/review', { verifiedLevel: 5 })).statusCode, 409);
      assert.equal((await c.spbe.send('POST', '/api/v1/tata-kelola/assessments/2026/evidence/refresh')).statusCode, 409);
      const actions = (await t.deps.db.selectFrom('audit_log').select('action').where('action', 'like', 'tata_kelola.%').execute()).map((r) => r.action);
      assert.ok(actions.includes('tata_kelola.indicator.self_assessed') && actions.includes('tata_kelola.indicator.verified') && actions.includes('tata_kelola.assessment.stage_changed'));
    });

    test('history year over year, CSV exports and the printable report', async () => {
      const history = (await c.auditor.getJson('/api/v1/tata-kelola/assessments')).json().items;
      assert.deepEqual(history.map((h: { year: number }) => h.year), [2030, 2026, 2025]);
      assert.equal(history[1].verified.index, 2.63);
      assert.equal(history[0].instrumentId, 'Contoh-2030', 'each year under its own instrument');
      const csv = await c.auditor.get('/api/v1/tata-kelola/history.csv');
      assert.equal(csv.statusCode, 200);
      assert.match(csv.headers['content-type'] as string, /text\/csv/);
      assert.ok(csv.body.startsWith('\uFEFFyear,instrument,stage,self_index'));
      assert.match(csv.body, /2026,PermenPANRB-59-2020,final,2\.82,Baik,47,2\.63,Baik,47,47/);
      const indicators = await c.spbe.get('/api/v1/tata-kelola/assessments/2026/indicators.csv');
      const lines = indicators.body.trim().split('\r\n');
      assert.equal(lines.length, 1 + 47 + 2);
      assert.match(lines[42]!, /^42,Tingkat Kematangan Layanan Pengaduan Pelayanan Publik,A8 Layanan Publik Berbasis Elektronik,D4,3,4,Penjelasan indikator 42,5,Terbukti lewat data aduan,1,/);
      assert.match(lines[48]!, /index_self,,,100,2\.82,Baik/);

      const report = await c.auditor.get('/tata-kelola/assessments/2026/report');
      assert.equal(report.statusCode, 200);
      const css = report.body.match(/href="(\/tata-kelola\/assets\/report\.[0-9a-f]{10}\.css)"/)?.[1];
      assert.ok(css, 'the report links its print stylesheet');
      const sheet = await c.auditor.get(css!);
      assert.match(sheet.body, /@media print/);
      assert.match(report.body, /Laporan Indeks SPBE tahun 2026/);
      assert.match(report.body, /Terbukti lewat data aduan/);
      assert.equal((await c.kominfoAdmin.get('/tata-kelola/assessments/2026/report')).statusCode, 403);
    });

    test('cascade to agencies: each agency sees and fills only its parts; readiness shows who is late', async () => {
      await c.spbe.send('POST', '/api/v1/tata-kelola/assessments', { year: 2027, instrumentId: 'PermenPANRB-59-2020' });
      const part = await c.spbe.send('POST', '/api/v1/tata-kelola/assessments/2027/assignments', { indicator: 16, opdId: dinkes, part: 'Daftar server dan rencana pindah ke pusat data', dueOn: '2026-03-20' });
      assert.equal(part.statusCode, 201, part.body);
      const late = await c.spbe.send('POST', '/api/v1/tata-kelola/assessments/2027/assignments', { indicator: 18, opdId: diskominfo, part: 'Layanan yang diterbitkan di gerbang', dueOn: '2026-02-27' });
      const partId = part.json().id;
      const lateId = late.json().id;
      assert.equal((await c.spbe.send('POST', '/api/v1/tata-kelola/assessments/2027/assignments', { indicator: 99, opdId: dinkes, part: 'x', dueOn: '2026-03-20' })).statusCode, 400);

      const mine = (await c.dinkesOfficer.getJson('/api/v1/tata-kelola/assignments')).json().items;
      assert.deepEqual(mine.map((p: { id: string }) => p.id), [partId]);
      assert.deepEqual((await c.kominfoOfficer.getJson('/api/v1/tata-kelola/assignments')).json().items.map((p: { id: string }) => p.id), [lateId]);
      assert.equal((await c.kominfoOfficer.getJson(`/api/v1/tata-kelola/assignments/${partId}`)).statusCode, 404);
      assert.equal((await c.kominfoAdmin.send('PUT', `/api/v1/tata-kelola/assignments/${partId}`, { response: 'Menyusup' })).statusCode, 404);
      assert.equal((await c.kominfoOfficer.getJson('/api/v1/tata-kelola/assessments/2027')).statusCode, 403, 'agencies see their parts, not the whole assessment');

      // The agency saves a draft, attaches a document and a link, then submits.
      const draft = await c.dinkesOfficer.postForm(`/tata-kelola/assignments/${partId}`, { proposedLevel: '3', response: 'Dua server di ruang dinas', submit: 'false' });
      assert.equal(draft.statusCode, 303);
      const upload = await postMultipart(t, c.dinkesOfficer, `/tata-kelola/assignments/${partId}/evidence`, [
        { name: 'kind', value: 'file' },
        { name: 'file-title', value: 'Inventaris server 2026' },
        { name: 'file', filename: 'inventaris.pdf', content: pdf('Inventaris server'), type: 'application/pdf' },
      ]);
      assert.equal(upload.statusCode, 303, upload.body.slice(0, 500));
      const link = await c.dinkesOfficer.send('POST', `/api/v1/tata-kelola/assignments/${partId}/evidence`, { kind: 'link', title: 'Rencana migrasi', url: 'https://dinkes.jatimprov.go.id/rencana' });
      assert.equal(link.statusCode, 201, link.body);
      assert.equal(link.json().opdId, dinkes);
      const bad = await c.dinkesOfficer.send('POST', `/api/v1/tata-kelola/assignments/${partId}/evidence`, { kind: 'record', title: 'Di luar Padu', recordPath: '//contoh.example/x' });
      assert.equal(bad.statusCode, 400);
      const renamed = await postMultipart(t, c.dinkesOfficer, `/tata-kelola/assignments/${partId}/evidence`, [
        { name: 'kind', value: 'file' },
        { name: 'file-title', value: 'Program' },
        { name: 'file', filename: 'bukan.pdf', content: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]), type: 'application/pdf' },
      ]);
      assert.equal(renamed.statusCode, 400, 'a renamed program is refused by the file service');
      const detail = (await c.dinkesOfficer.getJson(`/api/v1/tata-kelola/assignments/${partId}`)).json();
      assert.deepEqual(detail.evidence.map((e: { kind: string }) => e.kind).sort(), ['file', 'link']);
      const file = detail.evidence.find((e: { kind: string }) => e.kind === 'file');
      const download = await c.dinkesOfficer.get(file.fileUrl);
      assert.equal(download.statusCode, 200);
      assert.equal(download.headers['content-type'], 'application/pdf');
      assert.equal((await c.kominfoOfficer.get(file.fileUrl)).statusCode, 404, "another agency cannot download it");
      assert.equal((await c.auditor.get(file.fileUrl)).statusCode, 200);
      assert.equal((await c.kominfoAdmin.send('DELETE', `/api/v1/tata-kelola/evidence/${file.id}`)).statusCode, 404);

      const submitted = await c.dinkesOfficer.send('PUT', `/api/v1/tata-kelola/assignments/${partId}`, { proposedLevel: 3, response: 'Dua server di ruang dinas; pindah ke Pusat Data Jatim 2027', submit: true });
      assert.equal(submitted.statusCode, 200);
      assert.equal(submitted.json().status, 'submitted');

      // Readiness on 2 March 2026: Diskominfo's part was due 27 February and is not in.
      const readiness = (await c.spbe.getJson('/api/v1/tata-kelola/assessments/2027/readiness')).json();
      assert.equal(readiness.today, '2026-03-02');
      assert.deepEqual(
        readiness.agencies.map((a: { opdId: string; assigned: number; submitted: number; late: number }) => [a.opdId, a.assigned, a.submitted, a.late]),
        [
          [diskominfo, 1, 0, 1],
          [dinkes, 1, 1, 0],
        ],
      );
      const page = await c.spbe.get('/tata-kelola/assessments/2027/readiness');
      assert.match(page.body, /1 terlambat/);
      // The SPBE team sees the agency's evidence on the indicator, and withdraws a part.
      const i16 = (await c.spbe.getJson('/api/v1/tata-kelola/assessments/2027/indicators/16')).json();
      assert.equal(i16.evidenceItems.filter((e: { opdId: string | null }) => e.opdId === dinkes).length, 2);
      assert.equal((await c.kominfoAdmin.send('DELETE', `/api/v1/tata-kelola/assignments/${lateId}`)).statusCode, 403);
      assert.equal((await c.spbe.send('DELETE', `/api/v1/tata-kelola/assignments/${lateId}`)).statusCode, 200);
    });

    test('the SPBE team attaches links, records and documents to an indicator through the forms', async () => {
      const url = '/tata-kelola/assessments/2027/indicators/12';
      const page = await c.spbe.get(url);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /enctype="multipart\/form-data"/);
      assert.equal((await c.spbe.postForm(`${url}/evidence`, { kind: 'record', 'record-title': 'Peta rencana', 'record-recordPath': '/katalog/roadmap' })).statusCode, 303);
      const bad = await c.spbe.postForm(`${url}/evidence`, { kind: 'link', 'link-title': 'Tautan', 'link-url': 'bukan tautan' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /href="#f-link-url"/);
      const self = await c.spbe.postForm(`${url}/self`, { level: '4', justification: 'Peta rencana ditetapkan dengan pergub' });
      assert.equal(self.statusCode, 303);
      const shown = await c.spbe.get(url);
      assert.match(shown.body, /Peta rencana ditetapkan dengan pergub/);
      assert.match(shown.body, /href="\/katalog\/roadmap"/);
      assert.match(shown.body, /Peta Rencana SPBE \(katalog\)/, 'the automatic item is on the page');
      const items = (await c.spbe.getJson('/api/v1/tata-kelola/assessments/2027/indicators/12')).json().evidenceItems;
      const record = items.find((e: { kind: string }) => e.kind === 'record');
      assert.equal((await c.spbe.postForm(`/tata-kelola/evidence/${record.id}/delete`, {})).statusCode, 303);
      for (const path of ['/tata-kelola', '/tata-kelola/instruments', '/tata-kelola/instruments/PermenPANRB-8-2026', '/tata-kelola/assessments', '/tata-kelola/assessments/2027', '/tata-kelola/assignments']) {
        assert.equal((await c.spbe.get(path)).statusCode, 200, path);
      }
      assert.equal((await c.dinkesOfficer.get('/tata-kelola')).statusCode, 200);
    });
  });
}
