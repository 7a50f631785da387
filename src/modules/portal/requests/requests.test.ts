import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { engines } from '../../../../test/support/db.ts';
import { Client, createTestApp, createUser, opdId, type TestApp } from '../../../../test/support/app.ts';
import { elf, exe, pdf } from '../../../../test/support/sample-files.ts';
import { loadGerbangSettings } from '../../gerbang/config.ts';
import { seedGerbangDemo } from '../../gerbang/demo/seed-demo.ts';
import { SAMPLE_NIK } from '../../gerbang/demo/population.ts';
import { addServices } from '../testing.ts';

/**
 * The citizen side of online requests end to end, on a Padu listening on loopback with the
 * gateway's demo population registry behind it: start a draft, save, upload (a renamed program
 * refused), prefill through the real gateway with consent, the prefilled field locked, submit
 * with a tracking number, receipt, inbox and mail; another citizen finds nothing; the API twins.
 */
const FORM = {
  fields: [
    { name: 'nama', type: 'text', label: { id: 'Nama lengkap', en: 'Full name' }, required: true, prefill: { element: 'identitas', field: 'nama' } },
    { name: 'tanggal_lahir', type: 'date', label: { id: 'Tanggal lahir' }, prefill: { element: 'identitas', field: 'tanggalLahir' } },
    { name: 'nik_pemohon', type: 'nik', label: { id: 'NIK pemohon' }, required: true },
    { name: 'keperluan', type: 'radio', label: { id: 'Keperluan' }, required: true, options: [{ value: 'baru', label: { id: 'Baru' } }, { value: 'perpanjang', label: { id: 'Perpanjangan' } }] },
    { name: 'nomor_lama', type: 'text', label: { id: 'Nomor izin lama' }, required: true, showIf: { field: 'keperluan', equals: 'perpanjang' } },
    { name: 'apoteker', type: 'group', label: { id: 'Apoteker' }, minItems: 1, maxItems: 3, fields: [{ name: 'nama', type: 'text', label: { id: 'Nama apoteker' }, required: true }, { name: 'sipa', type: 'text', label: { id: 'Nomor SIPA' } }] },
  ],
  documents: [
    { code: 'ktp', label: { id: 'KTP' }, required: true },
    { code: 'denah', label: { id: 'Denah lokasi' }, required: false, types: ['pdf'] },
  ],
};

/** A multipart/form-data body in the order given, as a browser sends a form. */
function multipart(parts: ({ name: string; value: string } | { name: string; filename: string; type: string; content: Buffer })[]) {
  const boundary = '----permohonanuji42';
  const chunks: Buffer[] = [];
  for (const p of parts) {
    if ('value' in p) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`));
    else chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: ${p.type}\r\n\r\n`), p.content, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

for (const engine of engines()) {
  describe(`online requests (citizen side) on ${engine}`, () => {
    let t: TestApp;
    let dataDir: string;
    let siti: Client;
    let budi: Client;
    let petugasDinkes: Client;
    let petugasKominfo: Client;
    let serviceKey = '';
    let requestId = '';
    let trackingNumber = '';
    let ktpDocId = '';

    const row = () => t.deps.db.selectFrom('portal_request').selectAll().where('id', '=', requestId).executeTakeFirstOrThrow();
    const cookieOf = (c: Client) => [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const upload = (c: Client, url: string, parts: Parameters<typeof multipart>[0], api = false) => {
      const { payload, contentType } = multipart(api ? parts : [{ name: '_csrf', value: c.csrf }, ...parts]);
      const headers: Record<string, string> = { cookie: cookieOf(c), 'content-type': contentType, accept: api ? 'application/json' : 'text/html' };
      if (api) headers['x-csrf-token'] = c.csrf;
      return t.app.inject({ method: 'POST', url, payload, headers });
    };

    before(async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'padu-permohonan-'));
      t = await createTestApp(engine, { config: { dataDir, dataKey: 'cd'.repeat(32) } });
      const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
      // The demo upstreams are served by this Padu; the demo seed points the services at its port.
      (t.deps.config as { port: number }).port = Number(new URL(base).port);
      await seedGerbangDemo(t.deps, loadGerbangSettings());

      const dinkes = await opdId(t.deps, 'dinkes');
      const [serviceId] = await addServices(t.deps.db, t.clock.now(), [{ opdId: dinkes, name: 'Izin Apotek', key: `izin-apotek-${engine}`, sla: 5, published: true, availability: 'online' }]);
      serviceKey = `izin-apotek-${engine}`;
      await t.deps.db
        .insertInto('portal_form')
        .values({ id: t.deps.ids.uuid(), service_id: serviceId!, version: 1, definition: JSON.stringify(FORM), status: 'published', created_by: null, created_at: t.clock.now(), published_at: t.clock.now() })
        .execute();

      await createUser(t.deps, { email: 'siti@example.id', name: 'Siti', roles: [{ role: 'warga' }] });
      await createUser(t.deps, { email: 'budi@example.id', name: 'Budi', roles: [{ role: 'warga' }] });
      await createUser(t.deps, { email: 'petugas@dinkes.go.id', roles: [{ role: 'petugas', opd: 'dinkes' }] });
      await createUser(t.deps, { email: 'petugas@kominfo.go.id', roles: [{ role: 'petugas', opd: 'diskominfo' }] });
      siti = new Client(t.app);
      budi = new Client(t.app);
      petugasDinkes = new Client(t.app);
      petugasKominfo = new Client(t.app);
      await siti.signIn('siti@example.id');
      await budi.signIn('budi@example.id');
      await petugasDinkes.signIn('petugas@dinkes.go.id');
      await petugasKominfo.signIn('petugas@kominfo.go.id');
      // Siti's NIK is in her portal profile: the gateway's prefill knows who she is.
      assert.equal((await siti.send('PATCH', '/api/v1/portal/me/profile', { nik: SAMPLE_NIK })).statusCode, 200);
    });
    after(async () => {
      await t.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    test('draft, uploads, prefill with consent, submission, receipt, inbox and mail', async () => {
      const start = await siti.get(`/layanan/${serviceKey}/ajukan`);
      assert.equal(start.statusCode, 200, start.body.slice(0, 300));
      assert.match(start.body, /Mulai permohonan/);
      assert.equal((await new Client(t.app).get(`/layanan/tidak-ada/ajukan`)).statusCode, 404);
      const started = await siti.postForm(`/layanan/${serviceKey}/ajukan`, {});
      assert.equal(started.statusCode, 303);
      requestId = /\/warga\/permohonan\/([0-9a-f-]{36})$/.exec(String(started.headers.location))![1]!;
      // Applying again resumes the same draft.
      assert.equal((await siti.get(`/layanan/${serviceKey}/ajukan`)).headers.location, `/warga/permohonan/${requestId}`);

      const page = await siti.get(`/warga/permohonan/${requestId}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Data ini dapat diambil langsung dari sumbernya/);
      assert.match(page.body, /Identitas penduduk dari Pemerintah Kota Surabaya/);
      assert.match(page.body, /Nama lengkap, Tanggal lahir/, 'exactly the fields this form uses');
      assert.match(page.body, /Setujui dan ambil data/);
      assert.match(page.body, /Isi hanya jika “Keperluan” adalah “Perpanjangan”/, 'the condition explained without JavaScript');

      // Save a draft: what is typed is kept; a hidden field is dropped.
      const saved = await siti.postForm(`/warga/permohonan/${requestId}`, { action: 'save', 'a.nama': 'Diketik sendiri', 'a.keperluan': 'baru', 'a.nomor_lama': 'X1', 'a.apoteker[0].nama': 'Apt. Rina', 'a.nik_pemohon': SAMPLE_NIK });
      assert.equal(saved.statusCode, 303);
      assert.deepEqual((await row()).answers, { nama: 'Diketik sendiri', nik_pemohon: SAMPLE_NIK, keperluan: 'baru', apoteker: [{ nama: 'Apt. Rina' }] });
      // "Add another" keeps the answers and shows one more row.
      const add = await siti.postForm(`/warga/permohonan/${requestId}`, { action: 'add:apoteker', 'a.apoteker[0].nama': 'Apt. Rina', 'a.keperluan': 'baru' });
      assert.equal(add.headers.location, `/warga/permohonan/${requestId}?tambah=apoteker#f-apoteker`);
      const more = await siti.get(String(add.headers.location));
      assert.match(more.body, /name="a\.apoteker\[2\]\.nama"/);
      assert.ok(!more.body.includes(SAMPLE_NIK), 'the stored NIK is never shown in clear');
      assert.equal((await row()).answers.nik_pemohon, SAMPLE_NIK, 'a NIK field left blank keeps the stored number');

      // Uploads: a good PDF; a renamed Linux program and a renamed Windows program are refused.
      const good = await upload(siti, `/warga/permohonan/${requestId}/dokumen`, [{ name: 'ktp', filename: 'ktp.pdf', type: 'application/pdf', content: pdf('KTP Siti') }]);
      assert.equal(good.statusCode, 303, good.body.slice(0, 500));
      for (const bad of [elf(), exe()]) {
        const refused = await upload(siti, `/warga/permohonan/${requestId}/dokumen`, [{ name: 'denah', filename: 'denah.pdf', type: 'application/pdf', content: bad }]);
        assert.equal(refused.statusCode, 400);
        assert.match(refused.body, /error-summary/);
      }
      const docs = await t.deps.db.selectFrom('portal_request_document').selectAll().where('request_id', '=', requestId).where('removed_at', 'is', null).execute();
      assert.deepEqual(docs.map((d) => [d.requirement_code, d.content_type]), [['ktp', 'application/pdf']]);
      ktpDocId = docs[0]!.id;
      const download = await siti.get(`/warga/permohonan/${requestId}/dokumen/${ktpDocId}`);
      assert.equal(download.statusCode, 200);
      assert.ok(download.rawPayload.includes(Buffer.from('KTP Siti')));

      // Submitting too early: every problem at once, nothing changes.
      const early = await siti.postForm(`/warga/permohonan/${requestId}`, { action: 'submit', 'a.keperluan': 'perpanjang', 'a.apoteker[0].nama': 'Apt. Rina' });
      assert.equal(early.statusCode, 400);
      assert.match(early.body, /error-summary/);
      assert.match(early.body, /href="#f-nomor_lama"/);
      assert.equal((await row()).status, 'draft');

      // Prefill through the gateway: consent, fetch from the population registry, locked fields.
      const prefilled = await siti.postForm(`/warga/permohonan/${requestId}/isi-otomatis`, {});
      assert.equal(prefilled.statusCode, 303, prefilled.body.slice(0, 500));
      let r = await row();
      assert.equal(r.answers.nama, 'SITI RAHAYU');
      assert.match(String(r.answers.tanggal_lahir), /^\d{4}-\d{2}-\d{2}$/);
      assert.equal(r.prefilled.nama!.element, 'identitas');
      assert.equal(r.prefilled.nama!.agency, 'Pemerintah Kota Surabaya');
      assert.ok(r.prefilled.nama!.xroadId, 'the exchange id of the evidence record');
      const consent = await t.deps.db.selectFrom('gerbang_consent').select(['purpose', 'legal_basis', 'data_elements']).where('purpose', '=', 'portal.permohonan').executeTakeFirstOrThrow();
      assert.deepEqual(consent.data_elements, ['identitas']);
      const locked = await siti.get(`/warga/permohonan/${requestId}`);
      assert.ok(!locked.body.includes('name="a.nama"'), 'no input for a prefilled field');
      assert.match(locked.body, /Diambil langsung dari Pemerintah Kota Surabaya/);
      assert.ok(!locked.body.includes('Setujui dan ambil data'), 'the offer is gone once fetched');

      // A prefilled value cannot be overwritten, by the form or by the API.
      await siti.postForm(`/warga/permohonan/${requestId}`, { action: 'save', 'a.nama': 'Nama Palsu', 'a.keperluan': 'perpanjang', 'a.nomor_lama': '503/123', 'a.apoteker[0].nama': 'Apt. Rina' });
      assert.equal((await siti.send('PATCH', `/api/v1/portal/me/requests/${requestId}`, { answers: { nama: 'Lewat API' } })).statusCode, 200);
      r = await row();
      assert.equal(r.answers.nama, 'SITI RAHAYU');
      assert.equal(r.answers.nomor_lama, '503/123');

      // Submit.
      const sent = await siti.postForm(`/warga/permohonan/${requestId}`, { action: 'submit', 'a.keperluan': 'perpanjang', 'a.nomor_lama': '503/123', 'a.apoteker[0].nama': 'Apt. Rina' });
      assert.equal(sent.statusCode, 303, sent.body.slice(0, 800));
      assert.equal(sent.headers.location, `/warga/permohonan/${requestId}/tanda-terima`);
      r = await row();
      assert.equal(r.status, 'submitted');
      assert.match(r.tracking_number!, /^2026-\d{6}$/);
      trackingNumber = r.tracking_number!;
      assert.equal(r.opd_id, await opdId(t.deps, 'dinkes'));
      assert.equal(r.sla_working_days, 5);
      // Submitted Monday 2 March 2026 (09:00 WIB): 5 working days → Monday 9 March (no holiday between).
      const due = r.due_day as unknown;
      assert.equal(due instanceof Date ? due.toISOString().slice(0, 10) : due, '2026-03-09');
      const events = await t.deps.db.selectFrom('portal_request_event').select(['kind', 'to_status']).where('request_id', '=', requestId).orderBy('seq').execute();
      assert.deepEqual(events.map((e) => e.kind), ['created', 'submitted']);
      const audit = await t.deps.db.selectFrom('audit_log').select(['action']).where('target_id', '=', requestId).execute();
      assert.ok(audit.some((a) => a.action === 'portal.request.submitted'));

      const receipt = await siti.get(`/warga/permohonan/${requestId}/tanda-terima`);
      assert.equal(receipt.statusCode, 200);
      for (const text of [trackingNumber, 'Izin Apotek', 'Dinas Kesehatan', 'SITI RAHAYU', '503/123', 'Apt. Rina', 'ktp.pdf', '3578••••••••0001']) assert.ok(receipt.body.includes(text), text);
      assert.ok(!receipt.body.includes(SAMPLE_NIK), 'the NIK only masked');
      assert.ok(!receipt.body.includes('<script') || !/<script(?![^>]*src=)/.test(receipt.body), 'no inline script');

      const inbox = await siti.getJson('/api/v1/portal/me/inbox');
      const messages = inbox.json() as { unread: number; items: { id: string; text: string; trackingNumber: string }[] };
      assert.equal(messages.unread, 1);
      assert.match(messages.items[0]!.text, new RegExp(`Permohonan ${trackingNumber} \\(Izin Apotek\\) telah diterima`));
      const mail = await t.deps.db.selectFrom('mail_outbox').select(['subject', 'body_text']).where('to_address', '=', 'siti@example.id').execute();
      assert.ok(mail.some((m) => m.subject.includes(trackingNumber) && m.body_text.includes(`/warga/permohonan/${requestId}`)));
      const inboxPage = await siti.get('/warga/kotak-masuk');
      assert.match(inboxPage.body, /1 belum dibaca/);
      assert.equal((await siti.send('POST', `/api/v1/portal/me/inbox/${messages.items[0]!.id}/read`)).json().marked, 1);
      assert.equal((await siti.getJson('/api/v1/portal/me/inbox')).json().unread, 0);

      const tracking = await siti.get(`/warga/permohonan/${requestId}`);
      assert.match(tracking.body, /Diterima/);
      assert.match(tracking.body, /sisa 5 hari kerja/);
      assert.match(tracking.body, /Batalkan permohonan/);
      const found = await siti.get(`/warga/permohonan/nomor?nomor=${trackingNumber}`);
      assert.equal(found.headers.location, `/warga/permohonan/${requestId}`);
      const api = (await siti.getJson(`/api/v1/portal/me/requests/by-number/${trackingNumber}`)).json();
      assert.equal(api.answers.nik_pemohon, '3578••••••••0001');
      assert.equal(api.prefilled.nama.element, 'identitas');
      assert.ok(!JSON.stringify(api).includes(SAMPLE_NIK));

      // A submitted request no longer changes.
      assert.equal((await siti.send('PATCH', `/api/v1/portal/me/requests/${requestId}`, { answers: { nomor_lama: 'X' } })).statusCode, 409);
    });

    test('another citizen gets 404 on every route of the request; staff are refused; the agency may read its documents', async () => {
      const id = requestId;
      const doc = ktpDocId;
      const pages: [string, string, Record<string, string>?][] = [
        ['GET', `/warga/permohonan/${id}`],
        ['POST', `/warga/permohonan/${id}`, { action: 'save', 'a.keperluan': 'baru' }],
        ['POST', `/warga/permohonan/${id}/isi-otomatis`, {}],
        ['POST', `/warga/permohonan/${id}/batalkan`, {}],
        ['GET', `/warga/permohonan/${id}/tanda-terima`],
        ['GET', `/warga/permohonan/${id}/dokumen/${doc}`],
        ['POST', `/warga/permohonan/${id}/dokumen/${doc}/hapus`, {}],
        ['GET', `/warga/permohonan/nomor?nomor=${trackingNumber}`],
      ];
      for (const [method, url, form] of pages) {
        const res = method === 'GET' ? await budi.get(url) : await budi.postForm(url, form!);
        assert.equal(res.statusCode, 404, `${method} ${url}`);
      }
      const apis: [string, string, unknown?][] = [
        ['GET', `/api/v1/portal/me/requests/${id}`],
        ['PATCH', `/api/v1/portal/me/requests/${id}`, { answers: {} }],
        ['POST', `/api/v1/portal/me/requests/${id}/submit`],
        ['POST', `/api/v1/portal/me/requests/${id}/prefill`],
        ['POST', `/api/v1/portal/me/requests/${id}/withdraw`],
        ['GET', `/api/v1/portal/me/requests/${id}/documents/${doc}`],
        ['DELETE', `/api/v1/portal/me/requests/${id}/documents/${doc}`],
        ['GET', `/api/v1/portal/me/requests/by-number/${trackingNumber}`],
      ];
      for (const [method, url, body] of apis) {
        const res = method === 'GET' ? await budi.getJson(url) : await budi.send(method as 'POST', url, body);
        assert.equal(res.statusCode, 404, `${method} ${url}`);
      }
      assert.equal((await upload(budi, `/warga/permohonan/${id}/dokumen`, [{ name: 'ktp', filename: 'x.pdf', type: 'application/pdf', content: pdf() }])).statusCode, 404);
      assert.equal((await upload(budi, `/api/v1/portal/me/requests/${id}/documents`, [{ name: 'ktp', filename: 'x.pdf', type: 'application/pdf', content: pdf() }], true)).statusCode, 404);
      assert.equal((await budi.getJson('/api/v1/portal/me/requests')).json().items.length, 0);

      // Officers do not use citizen routes; the request's agency reads its documents, another agency does not.
      assert.equal((await petugasDinkes.getJson(`/api/v1/portal/me/requests/${id}`)).statusCode, 403);
      assert.equal((await new Client(t.app).getJson(`/api/v1/portal/me/requests/${id}`)).statusCode, 401);
      assert.equal((await petugasDinkes.get(`/warga/permohonan/${id}/dokumen/${doc}`)).statusCode, 200);
      assert.equal((await petugasKominfo.get(`/warga/permohonan/${id}/dokumen/${doc}`)).statusCode, 404);
      // The inbox is the caller's own: marking all read needs a citizen, and touches only theirs.
      assert.equal((await new Client(t.app).send('POST', '/api/v1/portal/me/inbox/read-all')).statusCode, 401);
      assert.equal((await petugasDinkes.send('POST', '/api/v1/portal/me/inbox/read-all')).statusCode, 403);
      assert.equal((await petugasDinkes.postForm('/warga/kotak-masuk/baca-semua', {})).statusCode, 403);
      assert.equal((await budi.postForm('/warga/kotak-masuk/baca-semua', {})).statusCode, 303);
      assert.equal((await budi.send('POST', '/api/v1/portal/me/inbox/read-all')).json().marked, 0);
      const sitiInbox = (await siti.getJson('/api/v1/portal/me/inbox')).json() as { items: { id: string }[] };
      assert.equal((await budi.send('POST', `/api/v1/portal/me/inbox/${sitiInbox.items[0]!.id}/read`)).statusCode, 404);
      const untouched = await row();
      assert.equal(untouched.status, 'submitted');
      assert.equal(untouched.answers.keperluan, 'perpanjang');
    });

    test('the API: start, save, upload, submit, list; a fix is resubmitted; withdrawal', async () => {
      const started = await siti.send('POST', '/api/v1/portal/me/requests', { serviceKey });
      assert.equal(started.statusCode, 201, started.body);
      const id = started.json().id as string;
      assert.equal((await siti.send('POST', '/api/v1/portal/me/requests', { serviceKey })).json().id, id, 'resumed');
      const saved = await siti.send('PATCH', `/api/v1/portal/me/requests/${id}`, { answers: { nama: 'Siti Rahayu', nik_pemohon: SAMPLE_NIK, keperluan: 'baru', apoteker: [{ nama: 'Apt. Dodi', sipa: '123' }] } });
      assert.equal(saved.statusCode, 200, saved.body);
      assert.equal(saved.json().answers.nik_pemohon, '3578••••••••0001');
      const missing = await siti.send('POST', `/api/v1/portal/me/requests/${id}/submit`);
      assert.equal(missing.statusCode, 400);
      assert.deepEqual(missing.json().errors.map((e: { field: string }) => e.field), ['ktp']);
      const up = await upload(siti, `/api/v1/portal/me/requests/${id}/documents`, [{ name: 'ktp', filename: 'ktp.pdf', type: 'application/pdf', content: pdf('API') }], true);
      assert.equal(up.statusCode, 201, up.body);
      const submitted = await siti.send('POST', `/api/v1/portal/me/requests/${id}/submit`);
      assert.equal(submitted.statusCode, 200, submitted.body);
      assert.match(submitted.json().trackingNumber, /^2026-\d{6}$/);
      assert.notEqual(submitted.json().trackingNumber, trackingNumber);
      const list = (await siti.getJson('/api/v1/portal/me/requests')).json().items as { id: string; status: string }[];
      assert.deepEqual(list.map((i) => i.status).sort(), ['submitted', 'submitted']);

      // The officer asks for a fix (the case work's part, here written directly); the citizen fixes and resubmits.
      const now = t.clock.now();
      await t.deps.db.updateTable('portal_request').set({ status: 'needs_fix', paused_since: now }).where('id', '=', id).execute();
      await t.deps.db.insertInto('portal_request_event').values({ id: t.deps.ids.uuid(), request_id: id, at: now, kind: 'fix_requested', actor_user_id: null, from_status: 'submitted', to_status: 'needs_fix', message: 'Nomor SIPA kurang jelas.' }).execute();
      await t.deps.db.insertInto('portal_request_event').values({ id: t.deps.ids.uuid(), request_id: id, at: now, kind: 'note', actor_user_id: null, from_status: null, to_status: null, message: 'Catatan internal rahasia', internal: true }).execute();
      const fixPage = await siti.get(`/warga/permohonan/${id}`);
      assert.match(fixPage.body, /Nomor SIPA kurang jelas\./);
      assert.match(fixPage.body, /Batas waktu berhenti dihitung/);
      const view = (await siti.getJson(`/api/v1/portal/me/requests/${id}`)).json();
      assert.equal(view.fixMessage, 'Nomor SIPA kurang jelas.');
      assert.ok(!JSON.stringify(view).includes('Catatan internal rahasia'), 'internal notes never reach the citizen');
      await siti.send('PATCH', `/api/v1/portal/me/requests/${id}`, { answers: { apoteker: [{ nama: 'Apt. Dodi', sipa: '503/SIPA/2026' }] } });
      t.clock.advance(2 * 86_400_000); // Wednesday: two working days waited
      await siti.signIn('siti@example.id');
      const again = await siti.send('POST', `/api/v1/portal/me/requests/${id}/submit`);
      assert.equal(again.statusCode, 200, again.body);
      assert.equal(again.json().resubmitted, true);
      const fixed = await t.deps.db.selectFrom('portal_request').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(fixed.status, 'submitted');
      assert.equal(fixed.paused_since, null);
      assert.equal(fixed.paused_working_days, 2);

      const withdrawn = await siti.send('POST', `/api/v1/portal/me/requests/${id}/withdraw`, { reason: 'Salah layanan' });
      assert.equal(withdrawn.statusCode, 200, withdrawn.body);
      assert.equal(withdrawn.json().status, 'withdrawn');
      assert.deepEqual(withdrawn.json().events.map((e: { kind: string }) => e.kind), ['created', 'submitted', 'fix_requested', 'resubmitted', 'withdrawn']);
      assert.equal((await siti.send('POST', `/api/v1/portal/me/requests/${id}/withdraw`, {})).statusCode, 409);
      const read = await siti.send('POST', '/api/v1/portal/me/inbox/read-all');
      assert.ok(read.json().marked >= 3);

      // Without a NIK in the profile nothing is fetched: the fields stay ordinary inputs, with the reason.
      await budi.signIn('budi@example.id');
      const budiDraft = (await budi.send('POST', '/api/v1/portal/me/requests', { serviceKey })).json().id as string;
      const noNik = await budi.get(`/warga/permohonan/${budiDraft}`);
      assert.match(noNik.body, /NIK Anda belum tersimpan di profil/);
      assert.match(noNik.body, /name="a\.nama"/);
      assert.ok(!noNik.body.includes('Setujui dan ambil data'));
      const refused = await budi.send('POST', `/api/v1/portal/me/requests/${budiDraft}/prefill`);
      assert.equal(refused.statusCode, 409);
      assert.deepEqual((await t.deps.db.selectFrom('portal_request').select('prefilled').where('id', '=', budiDraft).executeTakeFirstOrThrow()).prefilled, {});
    });
  });
}
