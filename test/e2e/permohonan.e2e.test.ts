import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestApp, createUser, TEST_PASSWORD, type TestApp } from '../support/app.ts';
import { pdf } from '../support/sample-files.ts';
import { assertAccessible, assertFitsNarrowScreen, browserAvailable, launchBrowser, transferredBytes } from './browser.ts';
import { loadGerbangSettings } from '../../src/modules/gerbang/config.ts';
import { seedGerbangDemo } from '../../src/modules/gerbang/demo/seed-demo.ts';
import { SAMPLE_NIK } from '../../src/modules/gerbang/demo/population.ts';
import { seedPortalDemo } from '../../src/modules/portal/demo/seed-demo.ts';
import { seedRequestsDemo } from '../../src/modules/portal/demo/requests.ts';

/**
 * The portal issue's end-to-end story in Chromium, on a Padu listening on loopback with the
 * gateway's demo population registry behind it: a citizen registers, finds the family-card
 * service by a misspelled search, starts a request, accepts the prefill (fetched through the
 * gateway under their consent), uploads a document and submits; the agency's officer verifies and
 * approves with a result document; the citizen sees the decision and downloads the result. An
 * officer of another agency finds nothing. The citizen's pages run without JavaScript at 360 px;
 * every page passes axe.
 */
describe('online request in a real browser: citizen and officer', { concurrency: false }, () => {
  let t: TestApp;
  let browser: Browser;
  let base = '';
  let dataDir = '';
  let files = '';
  const skip = !browserAvailable();
  const narrowNoJs = { locale: 'id-ID', viewport: { width: 360, height: 740 }, javaScriptEnabled: false };

  before(async () => {
    if (skip) return;
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'padu-permohonan-e2e-'));
    files = fs.mkdtempSync(path.join(os.tmpdir(), 'padu-permohonan-files-'));
    t = await createTestApp('pglite', { config: { dataDir, dataKey: 'ef'.repeat(32) } });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    // The demo upstreams are served by this Padu; the gateway demo points its services at this port.
    (t.deps.config as { port: number }).port = Number(new URL(base).port);
    await seedGerbangDemo(t.deps, loadGerbangSettings());
    await seedPortalDemo(t.deps);
    await seedRequestsDemo(t.deps);
    await createUser(t.deps, { email: 'petugas@surabaya.go.id', name: 'Petugas Dispendukcapil', roles: [{ role: 'petugas', opd: '35.78' }] });
    await createUser(t.deps, { email: 'petugas@dinkes.go.id', name: 'Petugas Dinkes', roles: [{ role: 'petugas', opd: 'dinkes' }] });
    fs.writeFileSync(path.join(files, 'buku-nikah.pdf'), pdf());
    fs.writeFileSync(path.join(files, 'kartu-keluarga-baru.pdf'), pdf());
    browser = await launchBrowser();
  });
  after(async () => {
    if (skip) return;
    await browser?.close();
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(files, { recursive: true, force: true });
  });

  async function signIn(context: BrowserContext, email: string, password: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('Alamat email').fill(email);
    await page.getByLabel('Kata sandi').fill(password);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.waitForURL((url) => url.pathname !== '/login');
    return page;
  }

  /** axe needs JavaScript in the page: check the page a no-JS context is on (axe, weight) in a twin context with it. */
  async function accessibleAsSeenBy(context: BrowserContext, page: Page, label: string): Promise<void> {
    const twin = await browser.newContext({ locale: 'id-ID', viewport: { width: 360, height: 740 }, storageState: await context.storageState() });
    const copy = await twin.newPage();
    const bytes = await transferredBytes(copy, page.url());
    assert.ok(bytes < 50 * 1024, `${label} transferred ${bytes} bytes (limit 50 KB)`);
    await assertAccessible(copy, label);
    await twin.close();
  }

  let requestUrl = '';
  let trackingNumber = '';

  test('a citizen registers, finds the service by a misspelled search, and submits with a prefilled field and an upload', { skip }, async () => {
    const citizen = await browser.newContext(narrowNoJs);
    const page = await citizen.newPage();
    // Register and verify the address (the link is read from the outgoing mail).
    await page.goto(`${base}/daftar`);
    await page.getByLabel('Nama lengkap').fill('Ayu Wulandari');
    await page.getByLabel('Alamat email').fill('ayu@example.id');
    await page.getByLabel('Kata sandi', { exact: true }).fill('ayu-jawa-timur-2026');
    await page.getByLabel('Ulangi kata sandi').fill('ayu-jawa-timur-2026');
    await page.getByRole('button', { name: 'Daftar' }).click();
    await page.waitForSelector('h1:has-text("Periksa email Anda")');
    const mail = await t.deps.db.selectFrom('mail_outbox').select('body_text').where('to_address', '=', 'ayu@example.id').executeTakeFirstOrThrow();
    await page.goto(`${base}${/(\/daftar\/verifikasi\?token=[A-Za-z0-9_%-]+)/.exec(mail.body_text)![1]}`);
    await page.getByRole('button', { name: 'Aktifkan akun' }).click();
    await page.waitForSelector('text=Email Anda sudah dipastikan');
    await page.getByLabel('Alamat email').fill('ayu@example.id');
    await page.getByLabel('Kata sandi').fill('ayu-jawa-timur-2026');
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.waitForSelector('h1:has-text("Profil warga")');
    // The NIK the population registry knows; the prefill uses it.
    await page.getByLabel(/^NIK/).fill(SAMPLE_NIK);
    await page.getByLabel('Kabupaten/kota').selectOption('35.78');
    await page.getByRole('button', { name: 'Simpan' }).click();
    await page.waitForSelector(`text=${SAMPLE_NIK.slice(0, 4)}••••••••${SAMPLE_NIK.slice(12)}`);

    // A misspelled search still finds the family-card service.
    await page.goto(`${base}/layanan`);
    // Every regency and city offers a family card; the citizen names theirs, misspelling both words.
    await page.getByLabel('Cari layanan').fill('kartu kluarga surabya');
    await page.getByRole('button', { name: 'Cari' }).click();
    await page.waitForSelector('h1:has-text("Hasil pencarian")');
    await page.locator('a[href="/layanan/35-78-kartu-keluarga"]').first().click();
    await page.waitForSelector('h1:has-text("Kartu Keluarga")');
    await page.locator('a[href="/layanan/35-78-kartu-keluarga/ajukan"]').first().click();
    await page.getByRole('button', { name: 'Mulai permohonan' }).click();
    await page.waitForSelector('text=Data ini dapat diambil langsung dari sumbernya');
    requestUrl = new URL(page.url()).pathname;
    assert.match(requestUrl, /^\/warga\/permohonan\/[0-9a-f-]{36}$/);
    await accessibleAsSeenBy(citizen, page, 'draft with the prefill offer');
    await assertFitsNarrowScreen(page, 'draft');

    // The citizen sees what will be fetched, accepts, and the fields are filled from the source.
    await page.getByRole('button', { name: 'Setujui dan ambil data' }).click();
    await page.waitForSelector('text=Data diambil dari sumbernya.');
    // Prefilled values are shown as text with their source, not as inputs the citizen could change.
    const head = page.locator('.field.prefilled', { hasText: 'Nama kepala keluarga' });
    assert.ok(((await head.locator('.prefilled-value').textContent()) ?? '').trim().length > 2, 'the head of the family is filled from the population registry');
    assert.match((await head.textContent()) ?? '', /Pemerintah Kota Surabaya/);
    assert.equal(await page.locator('[name="a.nama_kepala"]').count(), 0, 'no input for a prefilled field');
    const stored = await t.deps.db.selectFrom('portal_request').select('prefilled').where('id', '=', requestUrl.split('/').pop()!).executeTakeFirstOrThrow();
    assert.equal(stored.prefilled.nama_kepala?.element, 'identitas');
    assert.ok(stored.prefilled.nama_kepala?.xroadId, 'the fetch went through the gateway (it has an X-Road id)');

    // The citizen's own answers, then the required document.
    await page.getByLabel('Alasan permohonan').selectOption('baru');
    await page.locator('[name="a.anggota[0].nama"]').fill('Ayu Wulandari');
    await page.locator('[name="a.anggota[0].hubungan"]').fill('Istri');
    await page.getByRole('button', { name: 'Simpan draf' }).click();
    await page.waitForLoadState('load');
    const upload = page.locator('form', { has: page.locator('input[type="file"][name="buku_nikah"]') });
    await upload.locator('input[type="file"]').setInputFiles(path.join(files, 'buku-nikah.pdf'));
    await upload.getByRole('button', { name: 'Unggah' }).click();
    await page.waitForSelector('text=buku-nikah.pdf');

    await page.getByRole('button', { name: 'Kirim permohonan' }).click();
    await page.waitForLoadState('load');
    const main = (await page.textContent('main')) ?? '';
    trackingNumber = /(20\d\d-\d{6})(?!\d)/.exec(main)?.[1] ?? '';
    assert.ok(trackingNumber, `a tracking number on the page after submitting: ${main.slice(0, 400)}`);
    if (new URL(page.url()).pathname !== requestUrl) await page.goto(`${base}${requestUrl}`);
    await accessibleAsSeenBy(citizen, page, 'tracking page after submitting');
    await assertFitsNarrowScreen(page, 'tracking page');
    assert.ok(!(await page.content()).includes(SAMPLE_NIK), 'the NIK is never shown in clear');

    // The receipt prints as the receipt alone: no header, navigation, footer or links back.
    await page.getByRole('link', { name: 'Lihat dan cetak tanda terima' }).click();
    await page.waitForSelector(`text=${trackingNumber}`);
    await accessibleAsSeenBy(citizen, page, 'receipt');
    await page.emulateMedia({ media: 'print' });
    for (const chrome of ['.site-header', '.site-nav', '.site-footer', '.breadcrumbs', '.no-print']) assert.equal(await page.locator(chrome).first().isVisible(), false, `${chrome} is not printed`);
    assert.ok(await page.locator('h1').isVisible());
    assert.ok(await page.locator('dd strong', { hasText: trackingNumber }).isVisible(), 'the tracking number is printed');
    await page.emulateMedia({ media: 'screen' });
    await citizen.close();
  });

  test('the officer of the agency verifies and approves with a result; the citizen sees the decision', { skip }, async () => {
    assert.ok(trackingNumber, 'the first test submitted a request');
    const requestId = requestUrl.split('/').pop()!;
    const officer = await browser.newContext({ locale: 'id-ID' });
    const page = await signIn(officer, 'petugas@surabaya.go.id', TEST_PASSWORD);
    await page.goto(`${base}/portal/permohonan?status=submitted`);
    await assertAccessible(page, 'work queue');
    await page.getByRole('link', { name: trackingNumber }).click();
    await page.waitForSelector(`h1:has-text("${trackingNumber}")`);
    assert.match((await page.textContent('main')) ?? '', /buku-nikah\.pdf/);
    await assertAccessible(page, 'case page');
    await page.getByRole('button', { name: 'Verifikasi dan proses' }).click();
    await page.waitForSelector('text=Setujui permohonan');
    const approve = page.locator('form', { has: page.getByRole('button', { name: 'Setujui permohonan' }) });
    await approve.locator('input[type="file"]').setInputFiles(path.join(files, 'kartu-keluarga-baru.pdf'));
    await approve.getByRole('button', { name: 'Setujui permohonan' }).click();
    await page.waitForSelector('text=Permohonan disetujui.');
    await officer.close();

    // An officer of another agency finds nothing: not in the queue, not by address.
    const stranger = await browser.newContext({ locale: 'id-ID' });
    const other = await signIn(stranger, 'petugas@dinkes.go.id', TEST_PASSWORD);
    await other.goto(`${base}/portal/permohonan`);
    assert.ok(!((await other.textContent('main')) ?? '').includes(trackingNumber));
    const direct = await other.goto(`${base}/portal/permohonan/${requestId}`);
    assert.equal(direct?.status(), 404);
    const asCitizenPage = await other.goto(`${base}${requestUrl}`);
    assert.notEqual(asCitizenPage?.status(), 200);
    await stranger.close();

    // The citizen, without JavaScript: the decision, the result to download, the inbox.
    const citizen = await browser.newContext(narrowNoJs);
    const mine = await signIn(citizen, 'ayu@example.id', 'ayu-jawa-timur-2026');
    await mine.goto(`${base}${requestUrl}`);
    const text = (await mine.textContent('main')) ?? '';
    assert.match(text, /Disetujui/);
    const result = mine.getByRole('link', { name: /kartu-keluarga-baru\.pdf/ });
    const href = await result.getAttribute('href');
    assert.ok(href);
    const download = await mine.request.get(`${base}${href}`);
    assert.equal(download.status(), 200);
    assert.equal(download.headers()['content-type'], 'application/pdf');
    await mine.goto(`${base}/warga/kotak-masuk`);
    assert.match((await mine.textContent('main')) ?? '', new RegExp(`${trackingNumber}.*disetujui`, 's'));
    await accessibleAsSeenBy(citizen, mine, 'inbox');
    await assertFitsNarrowScreen(mine, 'inbox');
    await citizen.close();
  });
});
