import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { createTestApp, createUser, TEST_PASSWORD, type TestApp } from '../support/app.ts';
import { assertAccessible, assertFitsNarrowScreen, browserAvailable, launchBrowser, transferredBytes } from './browser.ts';
import { seedPortalDemo } from '../../src/modules/portal/demo/seed-demo.ts';
import { issueSurveyToken } from '../../src/modules/portal/index.ts';

describe('public service portal in a real browser (Chromium + axe-core, 360 px, no JavaScript)', { concurrency: false }, () => {
  let t: TestApp;
  let browser: Browser;
  let base = '';
  const skip = !browserAvailable();

  before(async () => {
    if (skip) return;
    t = await createTestApp('pglite', { config: { dataKey: 'cd'.repeat(32) } });
    await seedPortalDemo(t.deps);
    await createUser(t.deps, { email: 'admin@surabaya.go.id', name: 'Admin Surabaya', roles: [{ role: 'admin_opd', opd: '35.78' }] });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchBrowser();
  });
  after(async () => {
    if (skip) return;
    await browser?.close();
    await t?.close();
  });

  // axe runs in pages with JavaScript (it is injected through the DevTools protocol); the flows
  // run once more with JavaScript off, as a citizen on a basic phone would.
  const narrow = { locale: 'id-ID', viewport: { width: 360, height: 740 } };

  test('catalogue, a misspelled search and a service page: accessible, light, narrow', { skip }, async () => {
    const context = await browser.newContext(narrow);
    const page = await context.newPage();
    for (const [label, path] of [
      ['catalogue', '/layanan'],
      ['search with a typo', '/layanan/cari?q=akte+kelahrian'],
      ['browse by life event', '/layanan/cari?peristiwa=kelahiran'],
      ['service page', '/layanan/35-78-akta-kelahiran'],
      ['register', '/daftar'],
    ] as const) {
      const bytes = await transferredBytes(page, `${base}${path}`);
      assert.ok(bytes < 50 * 1024, `${label} transferred ${bytes} bytes (limit 50 KB)`);
      assert.equal(await page.getAttribute('html', 'lang'), 'id');
      await assertAccessible(page, label);
      await assertFitsNarrowScreen(page, label);
    }
    await context.close();
    const english = await browser.newPage({ ...narrow, locale: 'en-US' });
    for (const path of ['/layanan', '/layanan/35-78-akta-kelahiran', '/daftar']) {
      await english.goto(`${base}${path}`);
      assert.equal(await english.getAttribute('html', 'lang'), 'en');
      await assertAccessible(english, `${path} (en)`);
    }
    assert.match((await english.textContent('h1')) ?? '', /Register a citizen account/);
    await english.close();
  });

  test('without JavaScript: find a service by a misspelled search', { skip }, async () => {
    const context = await browser.newContext({ ...narrow, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/layanan`);
    await page.getByLabel('Cari layanan').fill('akte kelahrian');
    await page.getByRole('button', { name: 'Cari' }).click();
    await page.waitForSelector('h1:has-text("Hasil pencarian")');
    assert.match((await page.textContent('main')) ?? '', /Termasuk hasil untuk: kelahiran/);
    await page.getByRole('link', { name: 'Penerbitan Akta Kelahiran' }).first().click();
    await page.waitForSelector('h1:has-text("Penerbitan Akta Kelahiran")');
    const main = (await page.textContent('main')) ?? '';
    assert.match(main, /Persyaratan/);
    assert.match(main, /1 hari kerja/);
    assert.match(main, /Gratis/);
    assert.ok(await page.getByRole('link', { name: 'Sampaikan pengaduan tentang layanan ini' }).isVisible());
    await context.close();
  });

  const verificationLink = async (email: string) => {
    const mails = await t.deps.db.selectFrom('mail_outbox').select('body_text').where('to_address', '=', email).orderBy('created_at', 'desc').execute();
    return /(\/daftar\/verifikasi\?token=[A-Za-z0-9_%-]+)/.exec(mails[0]!.body_text)![1]!;
  };

  test('without JavaScript: register, verify, sign in, set the NIK (shown masked)', { skip }, async () => {
    const context = await browser.newContext({ ...narrow, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/daftar`);
    await page.getByLabel('Nama lengkap').fill('Dewi Lestari');
    await page.getByLabel('Alamat email').fill('dewi@example.id');
    await page.getByLabel('Kata sandi', { exact: true }).fill('pendek');
    await page.getByLabel('Ulangi kata sandi').fill('pendek');
    await page.getByRole('button', { name: 'Daftar' }).click();
    await page.waitForSelector('.error-summary');
    await page.getByLabel('Kata sandi', { exact: true }).fill('dewi-jawa-timur-2026');
    await page.getByLabel('Ulangi kata sandi').fill('dewi-jawa-timur-2026');
    await page.getByRole('button', { name: 'Daftar' }).click();
    await page.waitForSelector('h1:has-text("Periksa email Anda")');
    await page.goto(`${base}${await verificationLink('dewi@example.id')}`);
    await page.getByRole('button', { name: 'Aktifkan akun' }).click();
    await page.waitForSelector('text=Email Anda sudah dipastikan');
    await page.getByLabel('Alamat email').fill('dewi@example.id');
    await page.getByLabel('Kata sandi').fill('dewi-jawa-timur-2026');
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.waitForSelector('h1:has-text("Profil warga")');
    await page.getByLabel(/^NIK/).fill('3578015508900002');
    await page.getByLabel('Kabupaten/kota').selectOption('35.78');
    await page.getByRole('button', { name: 'Simpan' }).click();
    await page.waitForSelector('text=3578••••••••0002');
    assert.ok(!(await page.content()).includes('3578015508900002'));
    await context.close();
  });

  test('registration, verification, profile and consent pages pass axe at 360 px', { skip }, async () => {
    const context = await browser.newContext(narrow);
    const page = await context.newPage();
    await page.goto(`${base}/daftar`);
    await page.getByRole('button', { name: 'Daftar' }).click();
    await page.waitForSelector('.error-summary');
    await assertAccessible(page, 'register with errors');
    await assertFitsNarrowScreen(page, 'register with errors');
    await page.getByLabel('Nama lengkap').fill('Rudi Hartono');
    await page.getByLabel('Alamat email').fill('rudi@example.id');
    await page.getByLabel('Kata sandi', { exact: true }).fill('rudi-jawa-timur-2026');
    await page.getByLabel('Ulangi kata sandi').fill('rudi-jawa-timur-2026');
    await page.getByRole('button', { name: 'Daftar' }).click();
    await page.waitForSelector('h1:has-text("Periksa email Anda")');
    await assertAccessible(page, 'registration sent');
    await page.goto(`${base}${await verificationLink('rudi@example.id')}`);
    await assertAccessible(page, 'verify');
    await page.getByRole('button', { name: 'Aktifkan akun' }).click();
    await page.waitForSelector('text=Email Anda sudah dipastikan');
    await page.getByLabel('Alamat email').fill('rudi@example.id');
    await page.getByLabel('Kata sandi').fill('rudi-jawa-timur-2026');
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.waitForSelector('h1:has-text("Profil warga")');
    await assertAccessible(page, 'profile');
    await assertFitsNarrowScreen(page, 'profile');
    await page.getByLabel(/^NIK/).fill('1234');
    await page.getByRole('button', { name: 'Simpan' }).click();
    await page.waitForSelector('.error-summary');
    await assertAccessible(page, 'profile with errors');
    await page.goto(`${base}/warga/persetujuan`);
    await assertAccessible(page, 'consents');
    await assertFitsNarrowScreen(page, 'consents');
    await context.close();
  });

  test('the satisfaction survey: accessible and light; answered without JavaScript', { skip }, async () => {
    const service = await t.deps.db.selectFrom('katalog_service').select('id').where('key', '=', '35-78-akta-kelahiran').executeTakeFirstOrThrow();
    const issue = async () => (await t.deps.db.transaction().execute((tx) => issueSurveyToken(tx, t.deps, { serviceId: service.id }))).token;
    const context = await browser.newContext(narrow);
    const page = await context.newPage();
    const bytes = await transferredBytes(page, `${base}/survei/${await issue()}`);
    assert.ok(bytes < 50 * 1024, `survey transferred ${bytes} bytes`);
    await assertAccessible(page, 'survey');
    await assertFitsNarrowScreen(page, 'survey');
    await page.getByRole('button', { name: 'Kirim jawaban' }).click();
    await page.waitForSelector('.error-summary');
    await assertAccessible(page, 'survey with errors');
    await context.close();

    const plain = await browser.newContext({ ...narrow, javaScriptEnabled: false });
    const form = await plain.newPage();
    await form.goto(`${base}/survei/${await issue()}`);
    for (let i = 1; i <= 9; i++) await form.locator(`input[name="U${i}"][value="${i % 2 ? 4 : 3}"]`).check();
    await form.getByRole('button', { name: 'Kirim jawaban' }).click();
    await form.waitForSelector('text=Terima kasih. Jawaban survei Anda sudah kami terima.');
    assert.match((await form.textContent('main')) ?? '', /Indeks Kepuasan Masyarakat/);
    await plain.close();
  });

  test('the publishing screens pass axe, with and without errors', { skip }, async () => {
    const context = await browser.newContext({ locale: 'id-ID' });
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('Alamat email').fill('admin@surabaya.go.id');
    await page.getByLabel('Kata sandi').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.waitForSelector('text=Anda berhasil masuk.');
    await page.goto(`${base}/portal/layanan`);
    await assertAccessible(page, 'publishing list');
    await page.getByRole('link', { name: 'Penerbitan Akta Kelahiran' }).click();
    await page.waitForSelector('h1:has-text("Penerbitan: Penerbitan Akta Kelahiran")');
    await assertAccessible(page, 'publishing settings');
    await page.getByLabel('Di situs lain').check();
    await page.getByLabel(/^Alamat situs pengajuan/).fill('');
    await page.getByRole('button', { name: 'Simpan' }).click();
    await page.waitForSelector('.error-summary');
    await assertAccessible(page, 'publishing settings with errors');
    await context.close();
  });
});
