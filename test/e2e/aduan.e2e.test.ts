import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestApp, createUser, TEST_PASSWORD, type TestApp } from '../support/app.ts';
import { assertAccessible, browserAvailable, launchBrowser } from './browser.ts';

/** Bytes on the wire (compressed bodies + headers) for everything a page load fetched. */
async function transferredBytes(page: Page, url: string): Promise<number> {
  const responses: Promise<number>[] = [];
  const onResponse = (response: import('playwright-core').Response) => {
    responses.push(response.request().sizes().then((s) => s.responseBodySize + s.responseHeadersSize));
  };
  page.on('response', onResponse);
  await page.goto(url, { waitUntil: 'load' });
  page.off('response', onResponse);
  return (await Promise.all(responses)).reduce((a, b) => a + b, 0);
}

const PHONE = { viewport: { width: 360, height: 740 }, locale: 'id-ID' };

describe('aduan in a real browser (Chromium + axe-core)', { concurrency: false }, () => {
  let t: TestApp;
  let browser: Browser;
  let base = '';
  const skip = !browserAvailable();

  before(async () => {
    if (skip) return;
    t = await createTestApp('pglite', {});
    await createUser(t.deps, { email: 'tim.spbe@jatimprov.go.id', name: 'Tim SPBE', roles: [{ role: 'tim_spbe' }] });
    await createUser(t.deps, { email: 'petugas@dinkes.go.id', name: 'Petugas Dinkes', roles: [{ role: 'petugas', opd: 'dinkes' }] });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchBrowser();
  });
  after(async () => {
    if (skip) return;
    await browser?.close();
    await t?.close();
  });

  /** Goes to a page and checks it with axe: every page this test visits passes. */
  async function visit(page: Page, path: string, label = path): Promise<void> {
    await page.goto(`${base}${path}`);
    await assertAccessible(page, label);
  }

  async function signedIn(email: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext(PHONE);
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    await visit(page, '/login');
    await page.getByLabel('Alamat email').fill(email);
    await page.getByLabel('Kata sandi').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.waitForSelector('text=Anda berhasil masuk.');
    return { context, page };
  }

  test('anonymous complaint → coordinator disposes → agency answers → reporter reopens → public timeline without the name', { skip }, async () => {
    // The reporter: a phone, no account. (Axe runs as a script in the page, so JavaScript stays on
    // here; the forms' plain post/redirect/get without it is covered by aduan.test.ts.)
    const reporterContext = await browser.newContext(PHONE);
    reporterContext.setDefaultTimeout(20_000);
    const reporter = await reporterContext.newPage();
    for (const path of ['/aduan', '/aduan/baru']) {
      const bytes = await transferredBytes(reporter, `${base}${path}`);
      assert.ok(bytes < 50 * 1024, `${path} transferred ${bytes} bytes (limit 50 KB)`);
      await assertAccessible(reporter, path);
    }
    // Submitting nothing shows the error summary.
    await reporter.getByRole('button', { name: 'Kirim laporan' }).click();
    await reporter.waitForSelector('.error-summary');
    await assertAccessible(reporter, 'report form with errors');

    await reporter.getByLabel('Jenis laporan').selectOption('pengaduan');
    await reporter.getByLabel('Judul', { exact: true }).fill('Antrean rumah sakit terlalu lama');
    await reporter.getByLabel('Uraian').fill('Pendaftaran pasien rawat jalan memakan waktu lebih dari empat jam setiap pagi.');
    await reporter.getByLabel('Kategori').selectOption({ label: 'Layanan kesehatan provinsi' });
    await reporter.getByLabel('Kabupaten/kota').selectOption({ label: 'Kota Surabaya' });
    await reporter.getByLabel('Kecamatan').selectOption('35.78.01');
    await reporter.getByLabel('Sembunyikan nama saya dari publik').check();
    await reporter.getByLabel(/^Nama/).fill('Sri Rahayu');
    await reporter.getByLabel('Email', { exact: true }).fill('sri.rahayu@example.id');
    await reporter.getByRole('button', { name: 'Kirim laporan' }).click();
    await reporter.waitForSelector('h1:has-text("Laporan terkirim")');
    await assertAccessible(reporter, 'report sent');
    const trackingId = (await reporter.textContent('.notice strong'))!.trim();
    assert.match(trackingId, /^ADU-\d{4}-[0-9A-Z]{6}$/);

    // The link from the mail confirms and follows the report.
    const mail = await t.deps.db.selectFrom('mail_outbox').select('body_text').where('to_address', '=', 'sri.rahayu@example.id').executeTakeFirstOrThrow();
    const followPath = /http:\/\/localhost:3000(\/aduan\/lacak\/\S+)/.exec(mail.body_text)![1]!;
    await visit(reporter, followPath, 'reporter page (unconfirmed)');
    await reporter.getByRole('button', { name: 'Konfirmasi laporan' }).click();
    await reporter.waitForSelector('text=Laporan dikonfirmasi dan diteruskan ke koordinator.');
    await assertAccessible(reporter, 'reporter page (confirmed)');

    // The coordinator disposes it to the health agency (the category's rule).
    const coordinator = await signedIn('tim.spbe@jatimprov.go.id');
    await visit(coordinator.page, '/aduan/kelola', 'work queue');
    await coordinator.page.getByRole('link', { name: 'Antrean rumah sakit terlalu lama' }).click();
    await coordinator.page.waitForSelector('h1:has-text("Antrean rumah sakit terlalu lama")');
    await assertAccessible(coordinator.page, 'report for the coordinator');
    assert.match((await coordinator.page.textContent('main'))!, /Sri Rahayu/, 'the coordinator sees who reported');
    await coordinator.page.getByRole('button', { name: 'Teruskan' }).click();
    await coordinator.page.waitForSelector('text=Laporan diteruskan.');
    await assertAccessible(coordinator.page, 'report disposed');
    await visit(coordinator.page, '/aduan/pengaturan', 'settings');
    await coordinator.context.close();

    // The agency answers.
    const agency = await signedIn('petugas@dinkes.go.id');
    await visit(agency.page, '/aduan/kelola', 'agency queue');
    await agency.page.getByRole('link', { name: 'Antrean rumah sakit terlalu lama' }).click();
    await agency.page.waitForSelector('h2:has-text("Tindak lanjut")');
    await assertAccessible(agency.page, 'report for the agency');
    await agency.page.getByLabel('Tindak lanjut', { exact: true }).fill('Mulai pekan depan kami membuka dua loket tambahan dan pendaftaran daring.');
    await agency.page.getByRole('button', { name: 'Kirim tindak lanjut' }).click();
    await agency.page.waitForSelector('text=Tindak lanjut terkirim.');
    await assertAccessible(agency.page, 'follow-up sent');
    await agency.context.close();

    // The reporter is not satisfied and reopens it.
    await visit(reporter, followPath, 'reporter page (answered)');
    await reporter.getByLabel('Mengapa laporan ini dibuka kembali').fill('Loket tambahan belum dibuka sampai hari ini.');
    await reporter.getByRole('button', { name: 'Buka kembali laporan' }).click();
    await reporter.waitForSelector('text=Laporan dibuka kembali.');
    await assertAccessible(reporter, 'reporter page (reopened)');

    // The public page: the timeline and the answer, not the name.
    const publicContext = await browser.newContext(PHONE);
    publicContext.setDefaultTimeout(20_000);
    const visitor = await publicContext.newPage();
    const bytes = await transferredBytes(visitor, `${base}/aduan/laporan/${trackingId}`);
    assert.ok(bytes < 50 * 1024, `report page transferred ${bytes} bytes`);
    await assertAccessible(visitor, 'public report page');
    const text = (await visitor.textContent('main'))!;
    for (const expected of ['Diverifikasi dan diteruskan ke Dinas Kesehatan Provinsi Jawa Timur', 'Tindak lanjut dari Dinas Kesehatan Provinsi Jawa Timur', 'dua loket tambahan', 'Dibuka kembali oleh pelapor', 'Loket tambahan belum dibuka', 'Dirahasiakan atas permintaan pelapor']) {
      assert.ok(text.includes(expected), `the public timeline shows "${expected}"`);
    }
    assert.ok(!(await visitor.content()).includes('Sri Rahayu'), 'the reporter asked to stay anonymous');
    assert.ok(!(await visitor.content()).includes('sri.rahayu@example.id'));
    for (const path of ['/aduan?status=dibuka_kembali', '/aduan/instansi', '/aduan/instansi/dinkes', `/aduan/lacak?id=${trackingId.toLowerCase()}`]) await visit(visitor, path);
    assert.ok(visitor.url().endsWith(`/aduan/laporan/${trackingId}`), 'tracking a published report leads to its page');
    await visit(visitor, '/aduan/lacak', 'tracking form');
    await publicContext.close();
    await reporterContext.close();
  });
});
