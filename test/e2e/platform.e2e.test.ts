import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
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

describe('platform in a real browser (Chromium + axe-core)', { concurrency: false }, () => {
  let t: TestApp;
  let browser: Browser;
  let base = '';
  const skip = !browserAvailable();

  before(async () => {
    if (skip) return;
    t = await createTestApp('pglite', {});
    await createUser(t.deps, { email: 'admin@jatimprov.go.id', name: 'Admin Provinsi', roles: [{ role: 'admin' }] });
    await createUser(t.deps, { email: 'adminopd@kominfo.go.id', name: 'Admin Kominfo', roles: [{ role: 'admin_opd', opd: 'diskominfo' }] });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchBrowser();
  });
  after(async () => {
    if (skip) return;
    await browser?.close();
    await t?.close();
  });

  test('public pages are accessible, Indonesian by default, and light', { skip }, async () => {
    // An Indonesian browser; an English one gets English (Accept-Language), checked below.
    const page = await browser.newPage({ locale: 'id-ID' });
    const bytes = await transferredBytes(page, `${base}/`);
    assert.ok(bytes < 50 * 1024, `home page transferred ${bytes} bytes (limit 50 KB)`);
    assert.equal(await page.getAttribute('html', 'lang'), 'id');
    await assertAccessible(page, 'home');
    for (const path of ['/login', '/password/forgot', '/password/reset?token=invalid-token-value', '/docs/api', '/halaman-tidak-ada']) {
      await page.goto(`${base}${path}`);
      await assertAccessible(page, path);
    }
    const loginBytes = await transferredBytes(page, `${base}/login`);
    assert.ok(loginBytes < 50 * 1024, `login page transferred ${loginBytes} bytes`);
    await page.close();
    const english = await browser.newPage({ locale: 'en-US' });
    await english.goto(`${base}/login`);
    assert.equal(await english.getAttribute('html', 'lang'), 'en');
    await assertAccessible(english, 'login (en)');
    await english.close();
  });

  test('sign in with errors, then as admin; the staff pages pass axe in both languages', { skip }, async () => {
    const context = await browser.newContext({ locale: 'id-ID' });
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.waitForSelector('.error-summary');
    assert.match(await page.textContent('.error-summary') ?? '', /Wajib diisi/);
    await assertAccessible(page, 'login with errors');
    await page.getByLabel('Alamat email').fill('admin@jatimprov.go.id');
    await page.getByLabel('Kata sandi').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.waitForSelector('text=Anda berhasil masuk.');
    await assertAccessible(page, 'home (admin)');
    for (const path of ['/admin/users', '/admin/users/new', '/account', '/admin/opd', '/admin/opd?kind=pemda', '/admin/opd/new']) {
      await page.goto(`${base}${path}`);
      await assertAccessible(page, path);
    }
    await page.goto(`${base}/admin/opd?q=kominfo`);
    await page.getByRole('link', { name: 'Dinas Komunikasi dan Informatika Provinsi Jawa Timur' }).click();
    await page.waitForSelector('h2:has-text("Riwayat nama")');
    await assertAccessible(page, 'agency detail (admin: edit, merge, deactivate)');
    await page.goto(`${base}/admin/users`);
    await page.getByRole('link', { name: 'Admin Kominfo' }).click();
    await page.waitForSelector('h1:has-text("Admin Kominfo")');
    await assertAccessible(page, 'user detail');
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForSelector('html[lang="en"]');
    assert.match(await page.textContent('h1') ?? '', /User: Admin Kominfo/);
    await assertAccessible(page, 'user detail (en)');
    await context.close();
  });

  test('everything works without JavaScript', { skip }, async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'id-ID' });
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('Alamat email').fill('adminopd@kominfo.go.id');
    await page.getByLabel('Kata sandi').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.waitForSelector('text=Anda berhasil masuk.');
    await page.goto(`${base}/admin/users/new`);
    await page.getByLabel('Nama').fill('Petugas Baru');
    await page.getByLabel('Email').fill('petugas.baru@kominfo.go.id');
    await page.getByLabel('Peran', { exact: true }).selectOption('petugas');
    await page.getByLabel('Perangkat daerah').selectOption({ label: 'Dinas Komunikasi dan Informatika Provinsi Jawa Timur (Diskominfo)' });
    await page.getByRole('button', { name: 'Simpan' }).click();
    await page.waitForSelector('text=Perubahan tersimpan.');
    assert.match(await page.textContent('h1') ?? '', /Petugas Baru/);
    await page.getByRole('button', { name: 'Keluar' }).click();
    await page.waitForSelector('text=Anda telah keluar.');
    await context.close();
  });
});
