import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Client, createTestApp, createUser, opdId, TEST_PASSWORD, type TestApp } from '../support/app.ts';
import { pdf } from '../support/sample-files.ts';
import { loadConfig } from '../../src/config.ts';
import { insertApp } from '../../src/modules/tata-kelola/test-support.ts';
import { assertAccessible, browserAvailable, launchBrowser } from './browser.ts';

/**
 * Tata kelola in a real browser: an agency submits a spending proposal that duplicates an app
 * (the automatic checks flag it), the SPBE team rejects it with reasons and the legal basis, the
 * agency revises and resubmits; then the SPBE index report is printed to PDF. axe-core runs on
 * every page visited.
 */
describe('tata kelola in a real browser (Chromium + axe-core)', { concurrency: false }, () => {
  let t: TestApp;
  let browser: Browser;
  let base = '';
  let dataDir = '';
  const skip = !browserAvailable();

  async function signIn(email: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale: 'id-ID' });
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('Alamat email').fill(email);
    await page.getByLabel('Kata sandi').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.waitForSelector('text=Anda berhasil masuk.');
    return { context, page };
  }
  async function visit(page: Page, url: string, label = url) {
    await page.goto(`${base}${url}`);
    await assertAccessible(page, label);
  }

  before(async () => {
    if (skip) return;
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'padu-tk-e2e-'));
    t = await createTestApp('pglite', { config: { dataDir, files: loadConfig({}).files } });
    await createUser(t.deps, { email: 'tim.spbe@jatimprov.go.id', name: 'Tim SPBE', roles: [{ role: 'tim_spbe' }] });
    await createUser(t.deps, { email: 'petugas@kominfo.go.id', name: 'Petugas Kominfo', roles: [{ role: 'petugas', opd: 'diskominfo' }] });
    const bkd = await opdId(t.deps, 'bkd');
    const diskominfo = await opdId(t.deps, 'diskominfo');
    await insertApp(t.deps.db, t.clock.now(), { id: t.deps.ids.uuid(), key: 'bkd-epresensi', name: 'e-Presensi Pegawai', description: 'Presensi kehadiran pegawai', opdId: bkd });
    await insertApp(t.deps.db, t.clock.now(), { id: t.deps.ids.uuid(), key: 'kominfo-sidata', name: 'Portal Satu Data Jatim', description: 'Portal data terbuka provinsi', opdId: diskominfo });
    // The SPBE index assessment of 2026, partly self-assessed, for the report.
    const spbe = new Client(t.app);
    await spbe.signIn('tim.spbe@jatimprov.go.id');
    assert.equal((await spbe.send('POST', '/api/v1/tata-kelola/assessments', { year: 2026, instrumentId: 'PermenPANRB-59-2020' })).statusCode, 201);
    for (let n = 1; n <= 47; n++) await spbe.send('PUT', `/api/v1/tata-kelola/assessments/2026/indicators/${n}/self`, { level: 1 + (n % 5), justification: `Penjelasan ${n}` });
    await spbe.send('POST', '/api/v1/tata-kelola/assessments/2026/assignments', { indicator: 16, opdId: diskominfo, part: 'Daftar server dan rencana migrasi', dueOn: '2026-03-20' });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchBrowser();
  });
  after(async () => {
    if (skip) return;
    await browser?.close();
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('a proposal through submission, automatic checks (a duplicate app), review and resubmission', { skip }, async () => {
    // The agency submits.
    const agency = await signIn('petugas@kominfo.go.id');
    let page = agency.page;
    await visit(page, '/tata-kelola', 'tata kelola home (agency)');
    await visit(page, '/tata-kelola/proposals', 'proposals (agency, empty)');
    await page.getByRole('link', { name: 'Ajukan usulan belanja' }).click();
    await page.waitForSelector('h1:has-text("Ajukan usulan belanja")');
    await assertAccessible(page, 'new proposal form');
    // Submitting an incomplete form shows the error summary.
    await page.getByLabel('Judul usulan').fill('Aplikasi Presensi Pegawai Online');
    await page.getByRole('button', { name: 'Ajukan usulan' }).click();
    await page.waitForSelector('.error-summary');
    await assertAccessible(page, 'new proposal form with errors');
    await page.getByLabel('Kode sub kegiatan').fill('2.16.02.1.01.0006');
    await page.getByLabel('Nilai (rupiah)').fill('350000000');
    await page.getByLabel('Uraian', { exact: true }).fill('Aplikasi presensi dan kehadiran pegawai dengan pengenalan wajah untuk seluruh staf dinas.');
    await page.getByLabel('Rencana integrasi').selectOption('bus_lain');
    await page.setInputFiles('#f-kak', { name: 'kak.pdf', mimeType: 'application/pdf', buffer: pdf('KAK presensi') });
    await page.getByRole('button', { name: 'Ajukan usulan' }).click();
    await page.waitForSelector('text=Usulan diajukan');
    await assertAccessible(page, 'proposal after submission');
    const duplicate = page.locator('tr[data-check="duplikasi_aplikasi"]');
    assert.equal(await duplicate.getAttribute('data-outcome'), 'fail');
    assert.match((await duplicate.textContent()) ?? '', /e-Presensi Pegawai \(Badan Kepegawaian Daerah/);
    assert.equal(await page.locator('tr[data-check="kak"]').getAttribute('data-outcome'), 'pass');
    assert.equal(await page.locator('tr[data-check="integrasi_gerbang"]').getAttribute('data-outcome'), 'fail');
    const proposalUrl = new URL(page.url()).pathname;
    await visit(page, '/tata-kelola/assignments', "agency's parts");
    await page.getByRole('link', { name: 'Daftar server dan rencana migrasi' }).click();
    await page.waitForSelector('h1:has-text("Indikator 16")');
    await assertAccessible(page, 'assigned part (agency)');
    await agency.context.close();

    // The SPBE team rejects it with reasons and the legal basis.
    const spbe = await signIn('tim.spbe@jatimprov.go.id');
    page = spbe.page;
    await visit(page, '/tata-kelola/proposals', 'proposals (SPBE team)');
    await page.getByRole('link', { name: 'Aplikasi Presensi Pegawai Online' }).click();
    await page.waitForSelector('h2:has-text("Evaluasi tim SPBE")');
    await assertAccessible(page, 'proposal (SPBE team, review form)');
    await page.getByLabel('Keputusan').selectOption('rejected');
    await page.getByRole('button', { name: 'Simpan keputusan' }).click();
    await page.waitForSelector('.error-summary');
    assert.match((await page.textContent('.error-summary')) ?? '', /Tulis alasan penolakan/);
    await assertAccessible(page, 'review form with errors');
    await page.getByLabel('Alasan penolakan').fill('Menduplikasi e-Presensi Pegawai milik BKD dan bidang aplikasi umum kepegawaian.');
    await page.getByLabel('Dasar hukum').fill('Perpres 95/2018 Pasal 63 ayat (3)');
    await page.getByRole('button', { name: 'Simpan keputusan' }).click();
    await page.waitForSelector('text=Keputusan evaluasi disimpan.');
    await assertAccessible(page, 'proposal rejected');
    await visit(page, '/tata-kelola/checks', 'check list');
    await visit(page, '/tata-kelola/checks/duplikasi_aplikasi/edit', 'check edit form');
    await spbe.context.close();

    // The agency revises and resubmits; both versions are kept.
    const again = await signIn('petugas@kominfo.go.id');
    page = again.page;
    await visit(page, proposalUrl, 'rejected proposal (agency)');
    await page.getByRole('link', { name: 'Perbaiki dan ajukan ulang' }).click();
    await page.waitForSelector('h1:has-text("Perbaiki usulan")');
    await assertAccessible(page, 'revision form');
    await page.getByLabel('Judul usulan').fill('Integrasi rekap kehadiran ke Portal Satu Data');
    await page.getByLabel('Jenis belanja').selectOption('app_development');
    await page.getByLabel('Uraian', { exact: true }).fill('Menampilkan rekap kehadiran dari e-Presensi BKD di Portal Satu Data melalui gerbang.');
    await page.getByLabel('Aplikasi yang terkait').fill('kominfo-sidata');
    await page.getByLabel('Rencana integrasi').selectOption('gerbang_padu');
    await page.getByRole('button', { name: 'Ajukan ulang' }).click();
    await page.waitForSelector('text=Perbaikan diajukan sebagai versi baru.');
    await assertAccessible(page, 'resubmitted proposal');
    assert.match((await page.textContent('#v2')) ?? '', /Versi 2/);
    assert.match((await page.textContent('#v1')) ?? '', /Versi 1/);
    assert.equal(await page.locator('section:has(#v2) tr[data-check="duplikasi_aplikasi"]').getAttribute('data-outcome'), 'pass');
    assert.equal(await page.locator('section:has(#v1) tr[data-check="duplikasi_aplikasi"]').getAttribute('data-outcome'), 'fail');
    assert.equal(await page.locator('section:has(#v2) tr[data-check="kak"]').getAttribute('data-outcome'), 'pass', "the first version's KAK is kept");
    await again.context.close();
  });

  test('the SPBE index screens pass axe, and the report prints to PDF', { skip }, async () => {
    const { context, page } = await signIn('tim.spbe@jatimprov.go.id');
    for (const url of ['/tata-kelola', '/tata-kelola/instruments', '/tata-kelola/instruments/PermenPANRB-59-2020', '/tata-kelola/assessments', '/tata-kelola/assessments/2026', '/tata-kelola/assessments/2026/indicators/16', '/tata-kelola/assessments/2026/readiness']) {
      await visit(page, url);
    }
    await visit(page, '/tata-kelola/assessments/2026/report', 'report');
    assert.match((await page.textContent('h1')) ?? '', /Laporan Indeks SPBE tahun 2026/);
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.site-nav').isVisible(), false, 'navigation is not printed');
    const file = await page.pdf({ format: 'A4', printBackground: true });
    assert.equal(file.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.ok(file.length > 5000, `a PDF of ${file.length} bytes`);
    await context.close();
  });
});
