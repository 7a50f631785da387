import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { engines } from '../../../../test/support/db.ts';
import { Client, createTestApp, createUser, opdId, type TestApp } from '../../../../test/support/app.ts';
import { docx, pdf, xlsx } from '../../../../test/support/sample-files.ts';
import { sha256 } from '../../../platform/auth/crypto.ts';
import { loadConfig } from '../../../config.ts';
import { insertApp, postMultipart } from '../test-support.ts';
import { runChecks, type CheckDefinition, type ProposalFacts } from './checks.ts';

/**
 * IT-spending clearance through HTTP: submission with the automatic checks (duplicate app and
 * general application found by the katalog's engine, shared data centre, roadmap, architecture,
 * integration, KAK, cost-benefit, security audit), the SPBE team's review, revision with every
 * version kept, totals per year, the configurable check list, and agency scoping.
 */
type Who = 'spbe' | 'auditor' | 'kominfoAdmin' | 'kominfoOfficer' | 'dinkesAdmin';

for (const engine of engines()) {
  describe(`tata kelola: IT-spending clearance on ${engine}`, () => {
    let t: TestApp;
    let dataDir: string;
    const c = {} as Record<Who, Client>;
    let diskominfo: string;
    let dinkes: string;
    let bkd: string;
    let roadmapId: string;
    let simpegId: string;
    let token: Client;
    const outcome = (checks: { code: string; outcome: string }[], code: string) => checks.find((x) => x.code === code)?.outcome;

    const base = () => ({
      title: 'Aplikasi Presensi Pegawai Online',
      subKegiatanCode: '2.16.02.1.01.0006',
      amount: 350_000_000,
      kind: 'new_app',
      description: 'Aplikasi presensi dan kehadiran pegawai dengan pengenalan wajah untuk seluruh staf dinas.',
    });

    before(async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'padu-clearance-'));
      t = await createTestApp(engine, { config: { dataDir, files: loadConfig({}).files } });
      const people: Record<Who, { email: string; roles: { role: 'tim_spbe' | 'auditor' | 'admin_opd' | 'petugas'; opd?: string }[] }> = {
        spbe: { email: 'tim.spbe@jatimprov.go.id', roles: [{ role: 'tim_spbe' }] },
        auditor: { email: 'auditor@jatimprov.go.id', roles: [{ role: 'auditor' }] },
        kominfoAdmin: { email: 'admin@kominfo.go.id', roles: [{ role: 'admin_opd', opd: 'diskominfo' }] },
        kominfoOfficer: { email: 'petugas@kominfo.go.id', roles: [{ role: 'petugas', opd: 'diskominfo' }] },
        dinkesAdmin: { email: 'admin@dinkes.go.id', roles: [{ role: 'admin_opd', opd: 'dinkes' }] },
      };
      for (const [who, p] of Object.entries(people)) {
        await createUser(t.deps, p);
        c[who as Who] = new Client(t.app);
        await c[who as Who].signIn(p.email);
      }
      diskominfo = await opdId(t.deps, 'diskominfo');
      dinkes = await opdId(t.deps, 'dinkes');
      bkd = await opdId(t.deps, 'bkd');
      const now = t.clock.now();
      simpegId = t.deps.ids.uuid();
      await insertApp(t.deps.db, now, { id: t.deps.ids.uuid(), key: 'bkd-epresensi', name: 'e-Presensi Pegawai', description: 'Presensi kehadiran pegawai', opdId: bkd, hosting: 'pusat_data_provinsi' });
      await insertApp(t.deps.db, now, { id: simpegId, key: 'kominfo-sidata', name: 'Portal Satu Data Jatim', description: 'Portal data terbuka provinsi', opdId: diskominfo });
      const infra = await c.spbe.send('POST', '/api/v1/katalog/infra', { key: 'pusat-data-jatim', name: 'Pusat Data Jatim', kind: 'pusat_data', operatorOpdId: diskominfo });
      // Dinkes rents space there: the data centre is shared, even for its operator's proposals.
      assert.equal((await c.spbe.send('PUT', `/api/v1/katalog/infra/${infra.json().id}/tenants/${dinkes}`, { since: '2024-01-01' })).statusCode, 200);
      const roadmap = await c.spbe.send('POST', '/api/v1/katalog/roadmap', { area: 'infrastruktur', title: 'Penguatan Pusat Data Jatim', startYear: 2026, endYear: 2028, ownerOpdId: diskominfo, status: 'berjalan' });
      roadmapId = roadmap.json().id;
      const raw = 'padu_tkabcdef_clearancetokenclearancetoken';
      await t.deps.db
        .insertInto('api_token')
        .values({ id: t.deps.ids.uuid(), opd_id: dinkes, name: 'sistem-perencanaan-dinkes', token_prefix: 'tkabcdef', token_hash: sha256(raw), scopes: ['tata-kelola:write'], created_by: null, created_at: now, expires_at: null, last_used_at: null, revoked_at: null })
        .execute();
      token = new Client(t.app, { bearer: raw });
    });
    after(async () => {
      await t.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    test('the check rules, as pure functions of the facts (configurable texts filled in both languages)', () => {
      const check = (rule: CheckDefinition['rule'], kinds: CheckDefinition['kinds'] = ['new_app']): CheckDefinition => ({
        code: rule,
        rule,
        position: 1,
        enabled: true,
        severity: 'block',
        kinds,
        title: { id: 'Judul', en: 'Title' },
        pass: { id: 'Lolos', en: 'Passed' },
        fail: { id: 'Gagal: {apps}{centres}{channel}', en: 'Failed: {apps}{centres}{channel}' },
        legalBasis: null,
      });
      const facts: ProposalFacts = {
        kind: 'new_app',
        budgetYear: 2027,
        duplicates: [{ appId: 'x', name: 'e-Presensi Pegawai', opdName: 'BKD', score: 0.9, kind: 'similar_name' }],
        generalField: null,
        newServers: true,
        sharedCentres: ['Pusat Data Jatim'],
        roadmapItem: { title: 'Rencana', startYear: 2025, endYear: 2026, status: 'berjalan' },
        archCodes: [],
        integration: 'bus_lain',
        integrationLabel: { id: 'Penghubung lain', en: 'Another connector' },
        hasKak: true,
        hasCostBenefit: false,
        securityAuditPlanned: true,
      };
      const results = runChecks(
        [check('duplicate_app'), check('new_servers_shared_dc'), check('roadmap_item'), check('architecture_code'), check('integration_gerbang'), check('kak_attached'), check('cost_benefit_attached'), check('security_audit_planned'), check('general_app_field', ['infrastructure'])],
        facts,
      );
      assert.deepEqual(
        results.map((r) => [r.rule, r.outcome]),
        [
          ['duplicate_app', 'fail'],
          ['new_servers_shared_dc', 'fail'],
          ['roadmap_item', 'fail'],
          ['architecture_code', 'fail'],
          ['integration_gerbang', 'fail'],
          ['kak_attached', 'pass'],
          ['cost_benefit_attached', 'fail'],
          ['security_audit_planned', 'pass'],
          ['general_app_field', 'not_applicable'],
        ].sort((a, b) => a[0]!.localeCompare(b[0]!)),
      );
      assert.equal(results.find((r) => r.rule === 'duplicate_app')!.explanation!.id, 'Gagal: e-Presensi Pegawai (BKD){centres}{channel}');
      assert.equal(results.find((r) => r.rule === 'integration_gerbang')!.explanation!.en, 'Failed: {apps}{centres}Another connector');
      assert.equal(runChecks([{ ...check('kak_attached'), enabled: false }], facts).length, 0, 'a disabled check does not run');
    });

    test('a proposal that duplicates an app is flagged by the katalog engine, with every other check explained', async () => {
      const res = await c.kominfoOfficer.send('POST', '/api/v1/tata-kelola/proposals', { ...base(), opdId: diskominfo, budgetYear: 2027, integration: 'bus_lain', newServers: true });
      assert.equal(res.statusCode, 201, res.body);
      const p = res.json();
      assert.equal(p.status, 'submitted');
      assert.equal(p.versions.length, 1);
      const checks = p.versions[0].checks;
      const dup = checks.find((x: { code: string }) => x.code === 'duplikasi_aplikasi');
      assert.equal(dup.outcome, 'fail', JSON.stringify(checks, null, 1));
      assert.match(dup.explanation, /e-Presensi Pegawai \(Badan Kepegawaian Daerah Provinsi Jawa Timur\)/);
      assert.equal(dup.details.apps[0].name, 'e-Presensi Pegawai');
      const general = checks.find((x: { code: string }) => x.code === 'duplikasi_aplikasi_umum');
      assert.equal(general.outcome, 'fail');
      assert.match(general.explanation, /bidang aplikasi umum "Kepegawaian"/);
      assert.equal(general.legalBasis, 'Perpres 95/2018 Pasal 63 ayat (3)');
      assert.equal(outcome(checks, 'server_baru'), 'fail');
      assert.match(checks.find((x: { code: string }) => x.code === 'server_baru').explanation, /Pusat Data Jatim/);
      assert.equal(outcome(checks, 'peta_rencana'), 'fail');
      assert.equal(outcome(checks, 'kode_arsitektur'), 'fail');
      assert.equal(outcome(checks, 'integrasi_gerbang'), 'fail');
      assert.match(checks.find((x: { code: string }) => x.code === 'integrasi_gerbang').explanation, /Melalui penghubung lain/);
      assert.equal(outcome(checks, 'kak'), 'fail');
      assert.equal(outcome(checks, 'analisis_biaya_manfaat'), 'fail');
      assert.equal(outcome(checks, 'audit_keamanan'), 'fail');
      assert.equal(p.versions[0].programCode, '2.16.02');
      assert.equal(p.versions[0].kegiatanCode, '2.16.02.1.01');
      // English readers read the same results in English.
      const en = new Client(t.app, { acceptLanguage: 'en' });
      await en.signIn('tim.spbe@jatimprov.go.id');
      const english = (await en.getJson(`/api/v1/tata-kelola/proposals/${p.id}`)).json().versions[0].checks;
      assert.match(english.find((x: { code: string }) => x.code === 'duplikasi_aplikasi').explanation, /^This proposal resembles existing applications: e-Presensi Pegawai/);
    });

    test('a sound proposal passes: roadmap item in force, architecture codes, gerbang, KAK and cost-benefit uploaded, audit planned', async () => {
      const res = await postMultipart(t, c.kominfoAdmin, '/tata-kelola/proposals', [
        { name: 'opdId', value: diskominfo },
        { name: 'budgetYear', value: '2027' },
        { name: 'title', value: 'Penambahan kapasitas penyimpanan Pusat Data Jatim' },
        { name: 'kind', value: 'infrastructure' },
        { name: 'subKegiatanCode', value: '2.16.03.1.02.0001' },
        { name: 'amount', value: '1200000000' },
        { name: 'description', value: 'Penambahan media penyimpanan bersama untuk penyewa pusat data provinsi.' },
        { name: 'archCodes', value: 'RAI.01' },
        { name: 'roadmapItemId', value: roadmapId },
        { name: 'appKeys', value: '' },
        { name: 'newServers', value: 'false' },
        { name: 'integration', value: 'tidak_ada' },
        { name: 'securityAuditPlanned', value: 'true' },
        { name: 'kak', filename: 'kak.pdf', content: pdf('KAK'), type: 'application/pdf' },
        { name: 'costBenefit', filename: 'abm.xlsx', content: xlsx(), type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      ]);
      assert.equal(res.statusCode, 303, res.body.slice(0, 2000));
      const id = (res.headers.location as string).split('/').pop()!;
      const p = (await c.kominfoAdmin.getJson(`/api/v1/tata-kelola/proposals/${id}`)).json();
      const checks = p.versions[0].checks;
      assert.deepEqual(
        checks.map((x: { code: string; outcome: string }) => `${x.code}:${x.outcome}`),
        ['duplikasi_aplikasi:not_applicable', 'duplikasi_aplikasi_umum:not_applicable', 'server_baru:pass', 'peta_rencana:pass', 'kode_arsitektur:pass', 'integrasi_gerbang:not_applicable', 'kak:pass', 'analisis_biaya_manfaat:pass', 'audit_keamanan:pass'],
      );
      assert.match(checks.find((x: { code: string }) => x.code === 'peta_rencana').explanation, /Penguatan Pusat Data Jatim" \(2026-2028\)/);
      const kak = await c.kominfoAdmin.get(p.versions[0].kak.url);
      assert.equal(kak.statusCode, 200);
      assert.equal(kak.headers['content-type'], 'application/pdf');
      assert.equal((await c.dinkesAdmin.get(p.versions[0].kak.url)).statusCode, 404, "another agency's KAK is not found");
      assert.equal((await c.auditor.get(p.versions[0].kak.url)).statusCode, 200);
      // The form refuses bad input with the error summary, storing no file.
      const files = async () => (await t.deps.db.selectFrom('stored_file').select('id').where('deleted_at', 'is', null).execute()).length;
      const before = await files();
      const bad = await postMultipart(t, c.kominfoAdmin, '/tata-kelola/proposals', [
        { name: 'opdId', value: diskominfo },
        { name: 'budgetYear', value: '2027' },
        { name: 'title', value: 'Aplikasi X' },
        { name: 'kind', value: 'new_app' },
        { name: 'subKegiatanCode', value: '2.16.2' },
        { name: 'amount', value: '100' },
        { name: 'description', value: 'Uraian yang cukup panjang.' },
        { name: 'archCodes', value: 'RAB.99.99' },
        { name: 'appKeys', value: 'tidak-ada' },
        { name: 'integration', value: 'gerbang_padu' },
        { name: 'kak', filename: 'kak.pdf', content: pdf('KAK'), type: 'application/pdf' },
      ]);
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /class="error-summary"/);
      assert.match(bad.body, /Kunci aplikasi ini tidak ditemukan di katalog: tidak-ada/);
      assert.equal(await files(), before, 'the uploaded KAK was discarded with the refused form');
    });

    test('review, revise and resubmit: reasons and legal basis required, every version kept, totals per year', async () => {
      const submitted = await c.kominfoOfficer.send('POST', '/api/v1/tata-kelola/proposals', { ...base(), title: 'Sistem Presensi Pegawai Diskominfo', opdId: diskominfo, budgetYear: 2028, amount: 200_000_000 });
      const id = submitted.json().id;
      assert.equal((await c.kominfoAdmin.send('POST', `/api/v1/tata-kelola/proposals/${id}/review`, { decision: 'recommended' })).statusCode, 403, 'an agency does not review');
      assert.equal((await c.auditor.send('POST', `/api/v1/tata-kelola/proposals/${id}/review`, { decision: 'recommended' })).statusCode, 403);
      const missing = await c.spbe.send('POST', `/api/v1/tata-kelola/proposals/${id}/review`, { decision: 'rejected' });
      assert.equal(missing.statusCode, 400);
      assert.deepEqual(missing.json().errors.map((e: { field: string }) => e.field).sort(), ['legalBasis', 'reasons']);
      const form = await c.spbe.postForm(`/tata-kelola/proposals/${id}/review`, { decision: 'recommended_with_notes', version: '1' });
      assert.equal(form.statusCode, 400);
      assert.match(form.body, /Tulis catatan untuk rekomendasi dengan catatan/);
      const rejected = await c.spbe.postForm(`/tata-kelola/proposals/${id}/review`, { decision: 'rejected', reasons: 'Menduplikasi e-Presensi BKD dan bidang aplikasi umum kepegawaian', legalBasis: 'Perpres 95/2018 Pasal 63 ayat (3)', version: '1' });
      assert.equal(rejected.statusCode, 303);
      assert.equal((await c.spbe.send('POST', `/api/v1/tata-kelola/proposals/${id}/review`, { decision: 'recommended' })).statusCode, 409, 'decided already');

      // The agency revises: now it extends the existing app through the gerbang, with a KAK.
      const revise = await c.kominfoOfficer.get(`/tata-kelola/proposals/${id}/revise`);
      assert.equal(revise.statusCode, 200);
      assert.match(revise.body, /Perbaikan menjadi versi 2/);
      const v2 = await postMultipart(t, c.kominfoOfficer, `/tata-kelola/proposals/${id}`, [
        { name: 'title', value: 'Integrasi data kehadiran ke Portal Satu Data' },
        { name: 'kind', value: 'app_development' },
        { name: 'subKegiatanCode', value: '2.16.02.1.01.0006' },
        { name: 'amount', value: '75000000' },
        { name: 'description', value: 'Menampilkan rekap kehadiran dari e-Presensi BKD di Portal Satu Data melalui gerbang.' },
        { name: 'archCodes', value: 'RAL.02' },
        { name: 'roadmapItemId', value: roadmapId },
        { name: 'appKeys', value: 'kominfo-sidata' },
        { name: 'newServers', value: 'false' },
        { name: 'integration', value: 'gerbang_padu' },
        { name: 'securityAuditPlanned', value: 'true' },
        { name: 'kak', filename: 'kak-v2.docx', content: docx(), type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
      ]);
      assert.equal(v2.statusCode, 303, v2.body.slice(0, 1500));
      let p = (await c.kominfoOfficer.getJson(`/api/v1/tata-kelola/proposals/${id}`)).json();
      assert.equal(p.status, 'submitted');
      assert.equal(p.version, 2);
      assert.deepEqual(p.versions.map((v: { version: number }) => v.version), [2, 1]);
      assert.equal(p.versions[1].review.decision, 'rejected');
      assert.equal(p.versions[1].review.legalBasis, 'Perpres 95/2018 Pasal 63 ayat (3)');
      assert.equal(p.versions[0].review, null);
      assert.equal(outcome(p.versions[0].checks, 'duplikasi_aplikasi'), 'pass', JSON.stringify(p.versions[0].checks.find((x: { code: string }) => x.code === 'duplikasi_aplikasi')));
      assert.equal(outcome(p.versions[0].checks, 'integrasi_gerbang'), 'pass');
      assert.equal(outcome(p.versions[0].checks, 'kak'), 'pass');
      assert.equal(outcome(p.versions[1].checks, 'kak'), 'fail', "version 1's results are kept as they were");
      assert.deepEqual(p.versions[0].apps.map((a: { key: string }) => a.key), ['kominfo-sidata']);

      // A JSON revision without files keeps version 2's KAK.
      const v3 = await c.kominfoOfficer.send('POST', `/api/v1/tata-kelola/proposals/${id}/versions`, {
        title: 'Integrasi data kehadiran ke Portal Satu Data',
        subKegiatanCode: '2.16.02.1.01.0006',
        amount: 70_000_000,
        kind: 'app_development',
        description: 'Menampilkan rekap kehadiran dari e-Presensi BKD di Portal Satu Data melalui gerbang (nilai dikoreksi).',
        archCodes: ['RAL.02'],
        roadmapItemId: roadmapId,
        appIds: [simpegId],
        integration: 'gerbang_padu',
        securityAuditPlanned: true,
      });
      assert.equal(v3.statusCode, 201, v3.body);
      assert.equal(v3.json().versions[0].kak.id, p.versions[0].kak.id);
      assert.equal((await c.spbe.send('POST', `/api/v1/tata-kelola/proposals/${id}/review`, { decision: 'recommended', version: 2 })).statusCode, 409, 'a replaced version is not decided');
      const ok = await c.spbe.send('POST', `/api/v1/tata-kelola/proposals/${id}/review`, { decision: 'recommended_with_notes', notes: 'Pastikan audit keamanan sebelum rilis.', version: 3 });
      assert.equal(ok.statusCode, 200);
      p = ok.json();
      assert.equal(p.status, 'recommended_with_notes');

      // A second proposal, rejected as a duplicate and never revised: money not spent on duplicates.
      const dup = await c.kominfoOfficer.send('POST', '/api/v1/tata-kelola/proposals', { ...base(), title: 'e-Presensi Pegawai Diskominfo', opdId: diskominfo, budgetYear: 2028, amount: 150_000_000 });
      await c.spbe.send('POST', `/api/v1/tata-kelola/proposals/${dup.json().id}/review`, { decision: 'rejected', reasons: 'Duplikasi', legalBasis: 'Perpres 95/2018' });
      const recommended = await c.kominfoOfficer.send('POST', '/api/v1/tata-kelola/proposals', { title: 'Pelatihan keamanan informasi', subKegiatanCode: '2.16.02.1.01.0007', amount: 25_000_000, kind: 'training', description: 'Pelatihan keamanan informasi bagi pengelola aplikasi.', opdId: diskominfo, budgetYear: 2028 });
      await c.spbe.send('POST', `/api/v1/tata-kelola/proposals/${recommended.json().id}/review`, { decision: 'recommended' });
      assert.equal((await c.kominfoOfficer.send('POST', `/api/v1/tata-kelola/proposals/${recommended.json().id}/versions`, { ...base(), kind: 'training' })).statusCode, 409, 'a recommended proposal is final');

      const totals = (await c.auditor.getJson('/api/v1/tata-kelola/proposals?budgetYear=2028')).json().totals.find((y: { budgetYear: number }) => y.budgetYear === 2028);
      assert.deepEqual(totals, {
        budgetYear: 2028,
        proposed: { count: 3, amount: 70_000_000 + 150_000_000 + 25_000_000 },
        awaiting: { count: 0, amount: 0 },
        recommended: { count: 2, amount: 95_000_000 },
        rejected: { count: 1, amount: 150_000_000 },
        duplicatesAvoided: { count: 1, amount: 150_000_000 },
      });
      const page = await c.spbe.get('/tata-kelola/proposals');
      assert.match(page.body, /Belanja duplikasi yang dicegah/);
      const detail = await c.kominfoOfficer.get(`/tata-kelola/proposals/${id}`);
      assert.match(detail.body, /Versi 3/);
      assert.match(detail.body, /Versi 1/);
      assert.match(detail.body, /Menduplikasi e-Presensi BKD/);
      const audit = (await t.deps.db.selectFrom('audit_log').select('action').where('target_id', '=', id).orderBy('id').execute()).map((a) => a.action);
      assert.deepEqual(audit, ['tata_kelola.proposal.submitted', 'tata_kelola.proposal.reviewed', 'tata_kelola.proposal.resubmitted', 'tata_kelola.proposal.resubmitted', 'tata_kelola.proposal.reviewed']);
    });

    test('scoping: agencies see and submit only their own proposals; auditors read all; tokens act for their agency', async () => {
      const own = await c.dinkesAdmin.send('POST', '/api/v1/tata-kelola/proposals', { ...base(), title: 'Sistem antrean puskesmas', opdId: dinkes, budgetYear: 2027 });
      assert.equal(own.statusCode, 201);
      const dinkesId = own.json().id;
      assert.equal((await c.kominfoAdmin.send('POST', '/api/v1/tata-kelola/proposals', { ...base(), opdId: dinkes, budgetYear: 2027 })).statusCode, 403);
      assert.equal((await c.kominfoAdmin.getJson(`/api/v1/tata-kelola/proposals/${dinkesId}`)).statusCode, 404);
      assert.equal((await c.kominfoOfficer.get(`/tata-kelola/proposals/${dinkesId}`)).statusCode, 404);
      assert.equal((await c.kominfoAdmin.send('POST', `/api/v1/tata-kelola/proposals/${dinkesId}/versions`, base())).statusCode, 404);
      const kominfoList = (await c.kominfoAdmin.getJson('/api/v1/tata-kelola/proposals')).json();
      assert.ok(kominfoList.items.every((p: { opdId: string }) => p.opdId === diskominfo));
      assert.ok(kominfoList.items.length > 0);
      const all = (await c.auditor.getJson('/api/v1/tata-kelola/proposals')).json();
      assert.ok(all.items.some((p: { opdId: string }) => p.opdId === dinkes) && all.items.some((p: { opdId: string }) => p.opdId === diskominfo));
      assert.equal((await c.auditor.getJson(`/api/v1/tata-kelola/proposals/${dinkesId}`)).statusCode, 200);
      assert.equal((await c.auditor.send('POST', '/api/v1/tata-kelola/proposals', { ...base(), opdId: dinkes, budgetYear: 2027 })).statusCode, 403);
      // Dinkes's planning system submits with its token; it cannot act for Diskominfo.
      const viaToken = await token.send('POST', '/api/v1/tata-kelola/proposals', { ...base(), title: 'Dasbor gizi balita', opdId: dinkes, budgetYear: 2027 });
      assert.equal(viaToken.statusCode, 201, viaToken.body);
      assert.equal((await token.send('POST', '/api/v1/tata-kelola/proposals', { ...base(), opdId: diskominfo, budgetYear: 2027 })).statusCode, 403);
      assert.ok((await token.getJson('/api/v1/tata-kelola/proposals')).json().items.every((p: { opdId: string }) => p.opdId === dinkes));
      // Agency staff see the new-proposal form only for their agency.
      const form = await c.kominfoOfficer.get('/tata-kelola/proposals/new');
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /Dinas Komunikasi dan Informatika/);
      assert.doesNotMatch(form.body, /<option value="[^"]+"[^>]*>Dinas Kesehatan/);
      assert.equal((await c.auditor.get('/tata-kelola/proposals/new')).statusCode, 403);
    });

    test('the check list is data: the SPBE team edits texts or turns a check off; earlier results stay as they were', async () => {
      const list = (await c.kominfoOfficer.getJson('/api/v1/tata-kelola/clearance-checks')).json().items;
      assert.equal(list.length, 9);
      const kak = list.find((x: { code: string }) => x.code === 'kak');
      const change = { enabled: true, severity: 'warn', kinds: kak.kinds, titleId: 'KAK sesuai surat edaran', titleEn: 'KAK as the circular says', passId: 'KAK ada.', passEn: 'KAK present.', failId: 'KAK wajib menurut surat edaran.', failEn: 'The circular requires a KAK.', legalBasis: 'SE Mendagri 2024' };
      assert.equal((await c.kominfoAdmin.send('PATCH', '/api/v1/tata-kelola/clearance-checks/kak', change)).statusCode, 403);
      const updated = await c.spbe.send('PATCH', '/api/v1/tata-kelola/clearance-checks/kak', change);
      assert.equal(updated.statusCode, 200, updated.body);
      assert.equal(updated.json().legalBasis, 'SE Mendagri 2024');
      const off = await c.spbe.postForm('/tata-kelola/checks/audit_keamanan', { enabled: 'false', severity: 'warn', kinds: 'new_app', titleId: 'Audit', titleEn: 'Audit', passId: 'Ya', passEn: 'Yes', failId: 'Tidak', failEn: 'No' });
      assert.equal(off.statusCode, 303);
      const next = await c.kominfoOfficer.send('POST', '/api/v1/tata-kelola/proposals', { ...base(), title: 'Aplikasi pemantauan kualitas udara', description: 'Pemantauan kualitas udara dari sensor di kabupaten dan kota.', opdId: diskominfo, budgetYear: 2029 });
      const checks = next.json().versions[0].checks;
      const k = checks.find((x: { code: string }) => x.code === 'kak');
      assert.deepEqual([k.title, k.explanation, k.severity, k.legalBasis], ['KAK sesuai surat edaran', 'KAK wajib menurut surat edaran.', 'warn', 'SE Mendagri 2024']);
      assert.ok(!checks.some((x: { code: string }) => x.code === 'audit_keamanan'), 'a check turned off does not run');
      assert.equal(outcome(checks, 'duplikasi_aplikasi'), 'pass');
      const earlier = (await c.auditor.getJson('/api/v1/tata-kelola/proposals?budgetYear=2027')).json().items[0];
      const old = (await c.auditor.getJson(`/api/v1/tata-kelola/proposals/${earlier.id}`)).json().versions[0].checks.find((x: { code: string }) => x.code === 'kak');
      assert.notEqual(old.title, 'KAK sesuai surat edaran');
      const page = await c.spbe.get('/tata-kelola/checks');
      assert.match(page.body, /SE Mendagri 2024/);
      assert.equal((await c.spbe.get('/tata-kelola/checks/kak/edit')).statusCode, 200);
      assert.equal((await c.kominfoAdmin.get('/tata-kelola/checks/kak/edit')).statusCode, 403);
    });
  });
}
