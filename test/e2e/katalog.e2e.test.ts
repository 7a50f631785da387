import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { createTestApp, createUser, TEST_PASSWORD, type TestApp } from '../support/app.ts';
import { assertAccessible, browserAvailable, launchBrowser } from './browser.ts';

const CSV = [
  'key,name,acronym,description,agency,category,raa,rab,ral,hosting,url,lifecycle',
  'bkd-simpeg,SIMPEG,SIMPEG,"Pengelolaan data induk pegawai, riwayat pangkat dan jabatan",bkd,khusus,,,,pusat_data_provinsi,https://simpeg.example,aktif',
  'setda-sim-kepegawaian,Sistem Informasi Manajemen Kepegawaian,,"Data pegawai, riwayat kepangkatan dan jabatan ASN",setda,khusus,,,,server_sendiri,,aktif',
  'dinkes-simrs,SIM Rumah Sakit,SIMRS,Rekam medis dan pendaftaran pasien rumah sakit,dinkes,khusus,,,,pusat_data_provinsi,,aktif',
].join('\n');

describe('katalog in a real browser: import, review a duplicate, decide a merge', { concurrency: false }, () => {
  let t: TestApp;
  let browser: Browser;
  let base = '';
  const skip = !browserAvailable();

  before(async () => {
    if (skip) return;
    t = await createTestApp('pglite', {});
    await createUser(t.deps, { email: 'tim.spbe@jatimprov.go.id', name: 'Tim SPBE', roles: [{ role: 'tim_spbe' }] });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchBrowser();
  });
  after(async () => {
    if (skip) return;
    await browser?.close();
    await t?.close();
  });

  async function signIn(page: Page) {
    await page.goto(`${base}/login`);
    await page.getByLabel('Alamat email').fill('tim.spbe@jatimprov.go.id');
    await page.getByLabel('Kata sandi').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.waitForSelector('text=Anda berhasil masuk.');
  }

  test('the SPBE team imports a CSV, confirms the SIMPEG duplicate and merges one into the other', { skip }, async () => {
    const context = await browser.newContext({ locale: 'id-ID' });
    const page = await context.newPage();
    await signIn(page);

    await page.goto(`${base}/katalog/import`);
    await assertAccessible(page, 'import form');
    await page.setInputFiles('#f-file', { name: 'aplikasi.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await page.click('form[action="/katalog/import"] button[type="submit"]');
    await page.waitForLoadState('load');
    await page.waitForFunction(() => !document.querySelector('meta[http-equiv="refresh"]'), undefined, { timeout: 20_000 }).catch(() => {});
    await assertAccessible(page, 'import result');
    const apps = await t.deps.db.selectFrom('katalog_app').select(['key', 'lifecycle']).orderBy('key').execute();
    assert.deepEqual(apps.map((a) => a.key), ['bkd-simpeg', 'dinkes-simrs', 'setda-sim-kepegawaian']);

    await page.goto(`${base}/katalog/duplicates?kind=similar_name`);
    await assertAccessible(page, 'duplicate candidates');
    const card = page.locator('section.card', { hasText: 'bkd-simpeg' });
    assert.match((await card.textContent()) ?? '', /setda-sim-kepegawaian/);
    assert.match((await card.textContent()) ?? '', /Singkatan cocok dengan kepanjangannya/);
    assert.doesNotMatch((await page.textContent('main')) ?? '', /dinkes-simrs/, 'a hospital system is not a personnel system');
    await card.locator('input[name="note"]').fill('Satu SIMPEG untuk provinsi');
    await card.getByRole('button', { name: 'Tegaskan duplikat' }).click();
    await page.waitForSelector('text=Kelompok ditegaskan sebagai duplikat.');
    await assertAccessible(page, 'duplicate confirmed');

    await page.goto(`${base}/katalog/apps?q=Manajemen`);
    await page.getByRole('link', { name: 'Sistem Informasi Manajemen Kepegawaian' }).click();
    await page.waitForSelector('h1:has-text("Sistem Informasi Manajemen Kepegawaian")');
    await assertAccessible(page, 'app page');
    await page.getByRole('link', { name: 'Buat keputusan' }).click();
    await page.waitForSelector('#f-decision');
    await assertAccessible(page, 'decision form');
    await page.selectOption('#f-decision', 'merge');
    await page.fill('#f-targetAppKey', 'bkd-simpeg');
    await page.fill('#f-reason', 'Duplikat SIMPEG BKD; data pegawai cukup satu sumber.');
    await page.click('form:has(#f-decision) button[type="submit"]');
    await page.waitForSelector('text=Keputusan rasionalisasi dicatat.');
    await assertAccessible(page, 'decision recorded');
    await page.getByRole('button', { name: /Laksanakan keputusan/ }).click();
    await page.waitForSelector('text=Keputusan dilaksanakan');
    await assertAccessible(page, 'decision carried out');
    const merged = await t.deps.db.selectFrom('katalog_app').select(['lifecycle', 'merged_into_id']).where('key', '=', 'setda-sim-kepegawaian').executeTakeFirstOrThrow();
    assert.equal(merged.lifecycle, 'digabung');
    const target = await t.deps.db.selectFrom('katalog_app').select('id').where('key', '=', 'bkd-simpeg').executeTakeFirstOrThrow();
    assert.equal(merged.merged_into_id, target.id);
    await page.goto(`${base}/katalog`);
    await assertAccessible(page, 'portfolio overview');
    await context.close();
  });
});
