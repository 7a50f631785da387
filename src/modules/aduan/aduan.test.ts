import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { engines } from '../../../test/support/db.ts';
import { Client, createTestApp, createUser, opdId, type TestApp } from '../../../test/support/app.ts';
import { exifTiff, jpegWithGps, pdf } from '../../../test/support/sample-files.ts';
import { runSweep } from './use-cases/run-sweep.ts';

const DAY = 86_400_000;

/** A multipart/form-data body in the order given, as a browser sends a form. */
function multipart(parts: ({ name: string; value: string } | { name: string; filename: string; type: string; content: Buffer })[]) {
  const boundary = '----aduanuji7d1f';
  const chunks: Buffer[] = [];
  for (const p of parts) {
    if ('value' in p) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`));
    else chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: ${p.type}\r\n\r\n`), p.content, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

const REPORT = {
  type: 'pengaduan',
  title: 'Antrean rumah sakit terlalu lama',
  description: 'Pendaftaran pasien rawat jalan memakan waktu lebih dari empat jam setiap pagi.',
  categoryCode: 'kesehatan',
  regionCode: '35.78',
};

for (const engine of engines()) {
  describe(`aduan on ${engine}`, () => {
    let t: TestApp;
    let dataDir: string;
    let tim: Client;
    let dinkes: Client;
    let kominfo: Client;
    let auditor: Client;
    let admin: Client;
    let warga: Client;
    let dinkesId: string;

    const mails = () => t.deps.db.selectFrom('mail_outbox').select(['to_address', 'subject', 'body_text']).orderBy('created_at').orderBy('id').execute();
    const reportRow = (trackingId: string) => t.deps.db.selectFrom('aduan_report').selectAll().where('tracking_id', '=', trackingId).executeTakeFirstOrThrow();

    /** The follow link mailed to a reporter: tracking id and secret. */
    async function followLink(email: string): Promise<{ trackingId: string; key: string; url: string }> {
      const mail = (await mails()).filter((m) => m.to_address === email).at(-1);
      assert.ok(mail, `a mail to ${email}`);
      const match = /http:\/\/localhost:3000(\/aduan\/lacak\/(ADU-\d{4}-[0-9A-Z]{6})\?k=([A-Za-z0-9_%-]+))/.exec(mail.body_text);
      assert.ok(match, mail.body_text);
      return { url: match[1]!, trackingId: match[2]!, key: decodeURIComponent(match[3]!) };
    }

    /** Files a report as a person without an account, then confirms it through the mailed link. */
    async function fileAnonymously(fields: Record<string, string>, email: string) {
      const reporter = new Client(t.app);
      await reporter.get('/aduan/baru');
      const res = await reporter.postForm('/aduan/baru', { ...REPORT, email, ...fields });
      assert.equal(res.statusCode, 303, res.body.slice(0, 400));
      const link = await followLink(email);
      const confirmed = await reporter.postForm(`/aduan/lacak/${link.trackingId}/konfirmasi`, { k: link.key });
      assert.equal(confirmed.statusCode, 303);
      return { reporter, ...link };
    }

    /** Staff entry of a report received by phone (already confirmed), returns its id and tracking id. */
    async function enter(fields: Record<string, unknown> = {}) {
      const res = await tim.send('POST', '/api/v1/aduan/staff-reports', { ...REPORT, channel: 'telepon', name: 'Penelepon', ...fields });
      assert.equal(res.statusCode, 201, res.body);
      return res.json() as { id: string; trackingId: string };
    }

    const dispose = async (id: string, body: Record<string, unknown> = {}) => {
      const res = await tim.send('POST', `/api/v1/aduan/reports/${id}/dispose`, body);
      assert.equal(res.statusCode, 200, res.body);
      return res.json();
    };
    const answer = async (id: string, body = 'Kami menambah loket pendaftaran mulai pekan depan.') => {
      const res = await dinkes.send('POST', `/api/v1/aduan/reports/${id}/follow-ups`, { body });
      assert.equal(res.statusCode, 201, res.body);
      return res.json();
    };

    before(async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'padu-aduan-'));
      t = await createTestApp(engine, { config: { dataDir } });
      dinkesId = await opdId(t.deps, 'dinkes');
      await createUser(t.deps, { email: 'tim.spbe@jatimprov.go.id', name: 'Tim SPBE', roles: [{ role: 'tim_spbe' }] });
      await createUser(t.deps, { email: 'petugas@dinkes.go.id', name: 'Petugas Dinkes', roles: [{ role: 'petugas', opd: 'dinkes' }] });
      await createUser(t.deps, { email: 'admin@dinkes.go.id', name: 'Admin Dinkes', roles: [{ role: 'admin_opd', opd: 'dinkes' }] });
      await createUser(t.deps, { email: 'petugas@kominfo.go.id', name: 'Petugas Kominfo', roles: [{ role: 'petugas', opd: 'diskominfo' }] });
      await createUser(t.deps, { email: 'auditor@jatimprov.go.id', name: 'Auditor', roles: [{ role: 'auditor' }] });
      await createUser(t.deps, { email: 'admin@jatimprov.go.id', name: 'Admin', roles: [{ role: 'admin' }] });
      await createUser(t.deps, { email: 'warga@example.id', name: 'Warga Terdaftar', roles: [{ role: 'warga' }] });
    });
    /** Sessions expire after an idle hour of the test clock: sign everyone in again after moving it. */
    async function signInAll() {
      const signedIn = async (email: string) => {
        const c = new Client(t.app);
        await c.signIn(email);
        return c;
      };
      tim = await signedIn('tim.spbe@jatimprov.go.id');
      dinkes = await signedIn('petugas@dinkes.go.id');
      kominfo = await signedIn('petugas@kominfo.go.id');
      auditor = await signedIn('auditor@jatimprov.go.id');
      admin = await signedIn('admin@jatimprov.go.id');
      warga = await signedIn('warga@example.id');
    }
    async function travel(to: Date) {
      t.clock.current = to;
      await signInAll();
    }
    beforeEach(() => signInAll());
    after(async () => {
      await t.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    test('anonymous report → confirmed → disposed → answered → reopened; the public timeline has no name', async () => {
      const reporter = new Client(t.app);
      const form = await reporter.get('/aduan/baru');
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /enctype="multipart\/form-data"/);
      // Errors first: no email and a district of another regency.
      const refused = await reporter.postForm('/aduan/baru', { ...REPORT, districtCode: '35.01.01', anonim: 'true' });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /class="error-summary"/);
      assert.match(refused.body, /Isi email Anda, atau masuk dengan akun/);
      assert.match(refused.body, /Kecamatan ini tidak berada di kabupaten\/kota yang dipilih/);

      const sent = await reporter.postForm('/aduan/baru', { ...REPORT, districtCode: '35.78.01', anonim: 'true', name: 'Sri Rahayu', email: 'sri.rahayu@example.id', phone: '0812 3456 789' });
      assert.equal(sent.statusCode, 303, sent.body.slice(0, 300));
      assert.match(sent.headers.location as string, /^\/aduan\/terkirim\?id=ADU-\d{4}-[0-9A-Z]{6}&konfirmasi=1$/);
      const link = await followLink('sri.rahayu@example.id');
      let row = await reportRow(link.trackingId);
      assert.equal(row.status, 'menunggu_konfirmasi');
      assert.equal(row.received_at, null);
      // Unconfirmed: not in the coordinator's queue, not public.
      assert.ok(!(await tim.getJson('/api/v1/aduan/reports')).body.includes(link.trackingId));
      assert.equal((await reporter.get(`/aduan/laporan/${link.trackingId}`)).statusCode, 404);
      // Without the key the reporter page is not found; with it, a confirm button.
      assert.equal((await new Client(t.app).get(`/aduan/lacak/${link.trackingId}`)).statusCode, 404);
      const own = await reporter.get(link.url);
      assert.equal(own.statusCode, 200);
      assert.match(own.body, /Konfirmasi laporan/);
      const confirmed = await reporter.postForm(`/aduan/lacak/${link.trackingId}/konfirmasi`, { k: link.key });
      assert.equal(confirmed.statusCode, 303);
      row = await reportRow(link.trackingId);
      assert.equal(row.status, 'menunggu_verifikasi');
      // Received Monday 2 March 2026, 09:00 WIB: verification due at the end of Thursday 5 March.
      assert.deepEqual(row.verify_due_at, new Date('2026-03-05T16:59:59.999Z'));
      assert.equal((await reporter.get(`/aduan/laporan/${link.trackingId}`)).statusCode, 404, 'not public before verification');

      // The coordinator sees it and who sent it; the agency does not, yet.
      const queue = (await tim.getJson('/api/v1/aduan/reports')).json();
      const item = queue.items.find((i: { trackingId: string }) => i.trackingId === link.trackingId);
      assert.ok(item);
      const staffView = (await tim.getJson(`/api/v1/aduan/reports/${item.id}`)).json();
      assert.equal(staffView.identityHidden, false);
      assert.deepEqual(staffView.reporter, { name: 'Sri Rahayu', email: 'sri.rahayu@example.id', phone: '0812 3456 789', hasAccount: false });
      assert.equal(staffView.can.coordinate, true);
      assert.equal((await dinkes.get(`/aduan/kelola/${item.id}`)).statusCode, 404);

      const disposed = await tim.postForm(`/aduan/kelola/${item.id}/disposisi`, { categoryCode: 'kesehatan', note: 'Diteruskan untuk ditindaklanjuti.' });
      assert.equal(disposed.statusCode, 303, disposed.body.slice(0, 300));
      row = await reportRow(link.trackingId);
      assert.equal(row.status, 'diproses');
      assert.equal(row.opd_id, dinkesId);
      assert.equal(row.competence, 'provinsi');
      // Five working days from Monday 2 March: due at the end of Monday 9 March; tier normatif (5) too.
      assert.deepEqual(row.follow_up_due_at, new Date('2026-03-09T16:59:59.999Z'));
      assert.deepEqual(row.resolution_due_at, new Date('2026-03-09T16:59:59.999Z'));
      assert.ok((await mails()).some((m) => m.to_address === 'petugas@dinkes.go.id' && m.subject.includes(link.trackingId)), 'the agency is told');

      // The agency answers through its form.
      const page = await dinkes.get(`/aduan/kelola/${item.id}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Sri Rahayu/, 'the handling agency sees the reporter');
      await travel(new Date(t.clock.now().getTime() + DAY));
      const answered = await dinkes.postForm(`/aduan/kelola/${item.id}/tanggapan`, { body: 'Mulai pekan depan kami membuka dua loket tambahan dan pendaftaran daring.' });
      assert.equal(answered.statusCode, 303, answered.body.slice(0, 300));
      row = await reportRow(link.trackingId);
      assert.equal(row.status, 'ditanggapi');
      assert.ok(row.first_response_at && row.auto_close_at);

      // The reporter is not satisfied and reopens.
      const reopen = await reporter.postForm(`/aduan/lacak/${link.trackingId}/buka-kembali`, { k: link.key, reason: 'Loket tambahan belum dibuka sampai hari ini.' });
      assert.equal(reopen.statusCode, 303);
      assert.equal(reopen.headers.location, `/aduan/lacak/${link.trackingId}?k=${encodeURIComponent(link.key)}`);
      row = await reportRow(link.trackingId);
      assert.equal(row.status, 'dibuka_kembali');
      assert.equal(row.reopen_count, 1);
      assert.equal(row.auto_close_at, null);
      assert.ok((await mails()).some((m) => m.to_address === 'petugas@dinkes.go.id' && m.subject.startsWith('Laporan dibuka kembali')));

      // The public page: the whole timeline and the answer, never the reporter.
      const published = await new Client(t.app).get(`/aduan/laporan/${link.trackingId}`);
      assert.equal(published.statusCode, 200);
      for (const text of ['Diverifikasi dan diteruskan ke Dinas Kesehatan Provinsi Jawa Timur', 'Diteruskan untuk ditindaklanjuti.', 'Tindak lanjut dari Dinas Kesehatan Provinsi Jawa Timur', 'dua loket tambahan', 'Dibuka kembali oleh pelapor', 'Loket tambahan belum dibuka', 'Dirahasiakan atas permintaan pelapor', 'Dibuka kembali']) {
        assert.ok(published.body.includes(text), `public page shows "${text}"`);
      }
      for (const secret of ['Sri Rahayu', 'sri.rahayu@example.id', '0812']) assert.ok(!published.body.includes(secret), `public page hides ${secret}`);
      const api = (await new Client(t.app).getJson(`/api/v1/aduan/public/reports/${link.trackingId}`)).json();
      assert.equal(api.reporterName, null);
      assert.deepEqual(api.timeline.map((e: { kind: string }) => e.kind), ['diterima', 'didisposisi', 'tanggapan', 'dibuka_kembali']);
      assert.ok(!JSON.stringify(api).includes('Sri Rahayu'));
      // The list, the agency page and its feeds show it, without the name.
      const list = await new Client(t.app).get('/aduan?status=dibuka_kembali');
      assert.ok(list.body.includes(link.trackingId));
      const agencyPage = await new Client(t.app).get('/aduan/instansi/dinkes');
      assert.equal(agencyPage.statusCode, 200);
      assert.ok(agencyPage.body.includes(link.trackingId));
      for (const feed of ['atom', 'rss']) {
        const res = await new Client(t.app).get(`/aduan/instansi/dinkes/${feed}.xml`);
        assert.equal(res.statusCode, 200);
        assert.match(res.headers['content-type'] as string, feed === 'atom' ? /application\/atom\+xml/ : /application\/rss\+xml/);
        assert.ok(res.body.includes(link.trackingId) && !res.body.includes('Sri Rahayu'));
      }
      assert.equal((await new Client(t.app).get('/aduan/instansi/tidak-ada/atom.xml')).statusCode, 404);
      // The audit log never holds the reporter's identity (auditors are outside the chain).
      const audit = await t.deps.db.selectFrom('audit_log').select(['action', 'before', 'after']).where('target_id', '=', row.id).execute();
      assert.deepEqual(audit.map((a) => a.action), ['aduan.report_submitted', 'aduan.report_confirmed', 'aduan.report_disposed', 'aduan.follow_up_posted', 'aduan.report_reopened']);
      assert.ok(!JSON.stringify(audit).includes('Sri') && !JSON.stringify(audit).includes('sri.rahayu'));

      // Figures: received 1, answered on time, first answer after 1 working day, reopened.
      const figures = (await new Client(t.app).getJson('/api/v1/aduan/public/figures?from=2026-03-01&to=2026-03-31')).json();
      const dk = figures.agencies.find((a: { opdCode: string }) => a.opdCode === 'dinkes');
      assert.deepEqual(
        { received: dk.received, answered: dk.answered, answeredOnTime: dk.answeredOnTime, onTimeRate: dk.onTimeRate, median: dk.medianFirstAnswerDays, reopenRate: dk.reopenRate },
        { received: 1, answered: 1, answeredOnTime: 1, onTimeRate: 100, median: 1, reopenRate: 100 },
      );
      assert.equal((await new Client(t.app).get('/aduan/instansi?from=2026-03-01&to=2026-03-31')).statusCode, 200);
    });

    test('secret (rahasia) reports are never published, but are handled and counted', async () => {
      const { id, trackingId } = await enter({ title: 'Pungutan liar di loket', rahasia: true, name: 'Saksi Rahasia' });
      await dispose(id, { categoryCode: 'kesehatan' });
      await answer(id);
      const anon = new Client(t.app);
      assert.equal((await anon.get(`/aduan/laporan/${trackingId}`)).statusCode, 404);
      assert.equal((await anon.getJson(`/api/v1/aduan/public/reports/${trackingId}`)).statusCode, 404);
      assert.ok(!(await anon.get('/aduan')).body.includes(trackingId));
      assert.ok(!(await anon.getJson('/api/v1/aduan/public/reports?opdId=' + dinkesId)).body.includes(trackingId));
      assert.ok(!(await anon.get('/aduan/instansi/dinkes/atom.xml')).body.includes(trackingId));
      // The tracking page says only that it is not published, and its status.
      const tracked = await anon.get(`/aduan/lacak?id=${trackingId}`);
      assert.equal(tracked.statusCode, 200);
      assert.match(tracked.body, /tidak diterbitkan/);
      assert.ok(!tracked.body.includes('Pungutan liar'));
      // The agency handles it as any other report.
      assert.equal((await dinkes.getJson(`/api/v1/aduan/reports/${id}`)).json().rahasia, true);
    });

    test('staff outside the handling chain never see who reported', async () => {
      const { id, trackingId } = await enter({ title: 'Obat kosong di apotek rumah sakit', name: 'Bambang Nama Terbuka', email: 'bambang@example.id', phone: '0813000111' });
      await dispose(id, { categoryCode: 'kesehatan' });
      // Another agency: not found at all.
      assert.equal((await kominfo.get(`/aduan/kelola/${id}`)).statusCode, 404);
      assert.equal((await kominfo.getJson(`/api/v1/aduan/reports/${id}`)).statusCode, 404);
      assert.ok(!(await kominfo.getJson('/api/v1/aduan/reports')).body.includes(trackingId));
      // Auditors and platform admins read the report, without the reporter.
      for (const reader of [auditor, admin]) {
        const json = (await reader.getJson(`/api/v1/aduan/reports/${id}`)).json();
        assert.equal(json.identityHidden, true);
        assert.equal(json.reporter, null);
        assert.equal(json.reporterName, null);
        const html = await reader.get(`/aduan/kelola/${id}`);
        assert.equal(html.statusCode, 200);
        for (const secret of ['Bambang', 'bambang@example.id', '0813000111']) assert.ok(!html.body.includes(secret), `a reader outside the chain does not see ${secret}`);
        assert.match(html.body, /Identitas pelapor hanya terlihat oleh koordinator dan instansi yang menangani/);
      }
      // The handling chain does.
      assert.equal((await dinkes.getJson(`/api/v1/aduan/reports/${id}`)).json().reporter.email, 'bambang@example.id');
      assert.equal((await tim.getJson(`/api/v1/aduan/reports/${id}`)).json().reporter.name, 'Bambang Nama Terbuka');
      // Not anonymous: the public sees the name, but never the contact details.
      const page = await new Client(t.app).get(`/aduan/laporan/${trackingId}`);
      assert.ok(page.body.includes('Bambang Nama Terbuka'));
      assert.ok(!page.body.includes('bambang@example.id') && !page.body.includes('0813000111'));
      // Citizens and anonymous callers get no staff pages.
      assert.equal((await warga.get(`/aduan/kelola/${id}`)).statusCode, 403);
      assert.equal((await new Client(t.app).getJson(`/api/v1/aduan/reports/${id}`)).statusCode, 401);
    });

    test('a report closes by itself 10 working days after an unanswered follow-up; the reporter may reopen it', async () => {
      const { reporter, trackingId, key } = await fileAnonymously({ title: 'Kamar mandi rumah sakit rusak' }, 'tutup.otomatis@example.id');
      const { id } = await reportRow(trackingId);
      await dispose(id);
      await answer(id);
      const row = await reportRow(trackingId);
      assert.ok(row.auto_close_at);
      t.clock.current = new Date(row.auto_close_at.getTime() - 60_000);
      await runSweep(t.deps, null);
      assert.equal((await reportRow(trackingId)).status, 'ditanggapi', 'not before the deadline');
      await travel(new Date(row.auto_close_at.getTime() + 1));
      const swept = await runSweep(t.deps, null);
      assert.ok(swept.autoClosed >= 1);
      const closed = await reportRow(trackingId);
      assert.equal(closed.status, 'selesai');
      assert.equal(closed.close_reason, 'otomatis');
      assert.equal((await runSweep(t.deps, null)).autoClosed, 0, 'running again changes nothing');
      assert.ok((await mails()).some((m) => m.to_address === 'tutup.otomatis@example.id' && m.body_text.includes('ditutup otomatis')));
      const publicPage = await new Client(t.app).get(`/aduan/laporan/${trackingId}`);
      assert.match(publicPage.body, /Ditutup otomatis: tidak ada balasan atas tindak lanjut/);
      // Rating closed reports is allowed; reopening one brings it back to the agency.
      const rated = await reporter.send('POST', `/api/v1/aduan/track/${trackingId}/rate`, { key, rating: 2, comment: 'Belum diperbaiki' });
      assert.equal(rated.statusCode, 200, rated.body);
      const reopened = await reporter.send('POST', `/api/v1/aduan/track/${trackingId}/reopen`, { key, reason: 'Masih rusak sampai sekarang.' });
      assert.equal(reopened.statusCode, 200, reopened.body);
      assert.equal(reopened.json().status, 'dibuka_kembali');
      assert.equal((await reportRow(trackingId)).closed_at, null);
    });

    test('missed deadlines are flagged once to the agency, its superiors and the public', async () => {
      const start = t.clock.now();
      const { id, trackingId } = await enter({ title: 'Ambulans tidak datang', categoryCode: 'kesehatan' });
      const before = (await mails()).length;
      const row = await reportRow(trackingId);
      await travel(new Date(row.verify_due_at!.getTime() + 1));
      const first = await runSweep(t.deps, null);
      assert.ok(first.flagged >= 1);
      const flags = await t.deps.db.selectFrom('aduan_overdue').select(['stage']).where('report_id', '=', id).execute();
      assert.deepEqual(flags.map((f) => f.stage), ['verify']);
      assert.ok((await mails()).slice(before).some((m) => m.to_address === 'tim.spbe@jatimprov.go.id' && m.subject.startsWith('Tenggat terlewati')), 'the coordinator is told');
      const overdueQueue = (await tim.getJson('/api/v1/aduan/reports?overdue=true')).json();
      assert.ok(overdueQueue.items.some((i: { trackingId: string; overdue: string[] }) => i.trackingId === trackingId && i.overdue.includes('verify')));

      await dispose(id);
      const disposed = await reportRow(trackingId);
      await travel(new Date(disposed.follow_up_due_at!.getTime() + 1));
      const mailsBefore = (await mails()).length;
      const second = await runSweep(t.deps, null);
      assert.ok(second.flagged >= 1);
      const stages = (await t.deps.db.selectFrom('aduan_overdue').select(['stage']).where('report_id', '=', id).orderBy('flagged_at').execute()).map((f) => f.stage);
      assert.ok(stages.includes('follow_up'));
      const sent = (await mails()).slice(mailsBefore).filter((m) => m.subject.includes(trackingId));
      const recipients = new Set(sent.map((m) => m.to_address));
      assert.ok(recipients.has('petugas@dinkes.go.id'), 'the agency');
      assert.ok(recipients.has('admin@dinkes.go.id'), "the agency's administrator (superior)");
      assert.ok(recipients.has('tim.spbe@jatimprov.go.id'), 'the SPBE team (oversight)');
      assert.equal((await runSweep(t.deps, null)).flagged, 0, 'flagged once per deadline');

      const publicPage = await new Client(t.app).get(`/aduan/laporan/${trackingId}`);
      assert.match(publicPage.body, /Terlambat ditindaklanjuti/);
      assert.match(publicPage.body, /Tenggat terlewati: Terlambat ditindaklanjuti/);
      const publicApi = (await new Client(t.app).getJson(`/api/v1/aduan/public/reports/${trackingId}`)).json();
      assert.ok(publicApi.overdue.includes('follow_up'));
      const figures = (await new Client(t.app).getJson('/api/v1/aduan/public/figures')).json();
      assert.ok(figures.agencies.find((a: { opdCode: string }) => a.opdCode === 'dinkes').overdueNow >= 1);
      // Answering clears the live flag (the history stays).
      await answer(id);
      assert.ok(!(await new Client(t.app).getJson(`/api/v1/aduan/public/reports/${trackingId}`)).json().overdue.includes('follow_up'));
      await travel(start);
    });

    test('the coordinator marks a duplicate of another report, refusing unknown and self references', async () => {
      const original = await enter({ title: 'Jalan provinsi berlubang di Gresik', categoryCode: 'jalan-provinsi', regionCode: '35.25' });
      await dispose(original.id);
      const copy = await enter({ title: 'Lubang besar di jalan provinsi Gresik', categoryCode: 'jalan-provinsi', regionCode: '35.25' });
      const unknown = await tim.send('POST', `/api/v1/aduan/reports/${copy.id}/duplicate`, { duplicateOf: 'ADU-2601-ZZZZZZ' });
      assert.equal(unknown.statusCode, 400);
      assert.equal(unknown.json().errors[0].field, 'duplicateOf');
      const self = await tim.postForm(`/aduan/kelola/${copy.id}/duplikat`, { duplicateOf: copy.trackingId });
      assert.equal(self.statusCode, 400);
      assert.match(self.body, /tidak dapat menjadi duplikat dirinya sendiri/);
      const marked = await tim.postForm(`/aduan/kelola/${copy.id}/duplikat`, { duplicateOf: original.trackingId.toLowerCase(), note: 'Sudah ditangani di laporan lain.' });
      assert.equal(marked.statusCode, 303);
      const row = await reportRow(copy.trackingId);
      assert.equal(row.status, 'duplikat');
      const page = await new Client(t.app).get(`/aduan/laporan/${copy.trackingId}`);
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes(`href="/aduan/laporan/${original.trackingId}"`));
      assert.match(page.body, new RegExp(`Ditandai sebagai duplikat dari ${original.trackingId}`));
      // Already verified: a second decision is refused.
      const again = await tim.send('POST', `/api/v1/aduan/reports/${copy.id}/decline`, { reason: 'Sudah diputuskan' });
      assert.equal(again.statusCode, 409);
    });

    test('the coordinator declines with a reason the reporter sees; declined reports are not published', async () => {
      const { reporter, trackingId, key } = await fileAnonymously({ title: 'Pencurian motor di parkiran' }, 'ditolak@example.id');
      const { id } = await reportRow(trackingId);
      const tooShort = await tim.postForm(`/aduan/kelola/${id}/tolak`, { reason: 'x' });
      assert.equal(tooShort.statusCode, 400);
      const declined = await tim.postForm(`/aduan/kelola/${id}/tolak`, { reason: 'Perkara pidana: laporkan ke kepolisian setempat.' });
      assert.equal(declined.statusCode, 303);
      assert.equal((await reportRow(trackingId)).status, 'ditolak');
      assert.equal((await new Client(t.app).get(`/aduan/laporan/${trackingId}`)).statusCode, 404);
      const own = await reporter.get(`/aduan/lacak/${trackingId}?k=${encodeURIComponent(key)}`);
      assert.match(own.body, /Perkara pidana: laporkan ke kepolisian setempat\./);
      assert.ok((await mails()).some((m) => m.to_address === 'ditolak@example.id' && m.body_text.includes('Perkara pidana')));
      // Nothing left for the reporter to do on a declined report.
      const reply = await reporter.send('POST', `/api/v1/aduan/track/${trackingId}/reply`, { key, body: 'Mohon ditinjau ulang.' });
      assert.equal(reply.statusCode, 409);
    });

    test('regency/city matters go to that government (its own agency in Padu)', async () => {
      const { id } = await enter({ title: 'Sampah menumpuk di Jalan Kenjeran', categoryCode: 'kebersihan-lingkungan', regionCode: '35.78' });
      const result = await dispose(id);
      assert.deepEqual(result, { status: 'diproses', agency: 'Pemerintah Kota Surabaya', competence: 'kabupaten_kota' });
      assert.equal((await t.deps.db.selectFrom('aduan_report').select('opd_id').where('id', '=', id).executeTakeFirstOrThrow()).opd_id, await opdId(t.deps, '35.78'));
      // A category without an agency needs the coordinator to pick one.
      const other = await enter({ title: 'Hal lain yang perlu dicek', categoryCode: 'lainnya' });
      const refused = await tim.send('POST', `/api/v1/aduan/reports/${other.id}/dispose`, {});
      assert.equal(refused.statusCode, 400);
      assert.equal(refused.json().errors[0].field, 'opdId');
      assert.equal((await dispose(other.id, { opdId: await opdId(t.deps, 'bpbd') })).agency, 'Badan Penanggulangan Bencana Daerah Provinsi Jawa Timur');
    });

    test('a coordinator agency verifies reports of its own regency only', async () => {
      const surabaya = await opdId(t.deps, '35.78');
      await createUser(t.deps, { email: 'koordinator@surabaya.go.id', roles: [{ role: 'petugas', opd: '35.78' }] });
      const coordinator = new Client(t.app);
      await coordinator.signIn('koordinator@surabaya.go.id');
      const added = await dinkes.send('POST', '/api/v1/aduan/coordinators', { opdId: surabaya, regionCode: '35.78' });
      assert.equal(added.statusCode, 403, 'only admins and the SPBE team configure coordinators');
      assert.equal((await admin.send('POST', '/api/v1/aduan/coordinators', { opdId: surabaya, regionCode: '35.78' })).statusCode, 200);
      const inSurabaya = await enter({ title: 'Laporan dari Surabaya', regionCode: '35.78' });
      const inMalang = await enter({ title: 'Laporan dari Malang', regionCode: '35.07' });
      const queue = (await coordinator.getJson('/api/v1/aduan/reports?status=menunggu_verifikasi')).json();
      assert.ok(queue.items.some((i: { id: string }) => i.id === inSurabaya.id));
      assert.ok(!queue.items.some((i: { id: string }) => i.id === inMalang.id));
      assert.equal((await coordinator.getJson(`/api/v1/aduan/reports/${inMalang.id}`)).statusCode, 404);
      const res = await coordinator.send('POST', `/api/v1/aduan/reports/${inSurabaya.id}/dispose`, { categoryCode: 'kesehatan' });
      assert.equal(res.statusCode, 200, res.body);
    });

    test('filing: signed-in citizens through the API, staff entry records the channel; who may enter', async () => {
      const mine = await warga.send('POST', '/api/v1/aduan/reports', { ...REPORT, type: 'aspirasi', title: 'Usul taman baca di terminal' });
      assert.equal(mine.statusCode, 201, mine.body);
      const body = mine.json();
      assert.equal(body.status, 'menunggu_verifikasi', 'an account needs no email confirmation');
      assert.match(body.followUrl, /\/aduan\/lacak\/ADU-\d{4}-[0-9A-Z]{6}\?k=/);
      const row = await reportRow(body.trackingId);
      assert.equal(row.reporter_name, 'Warga Terdaftar');
      assert.equal(row.reporter_email, 'warga@example.id');
      // Auditors read the audit log: it records that a reporter filed, not which account.
      const audit = await t.deps.db.selectFrom('audit_log').select(['actor_label', 'actor_user_id', 'ip']).where('target_id', '=', row.id).execute();
      assert.deepEqual(audit, [{ actor_label: 'pelapor', actor_user_id: null, ip: null }]);
      // The reporter follows it from their account without the key.
      assert.equal((await warga.get(`/aduan/lacak/${body.trackingId}`)).statusCode, 200);
      assert.ok((await warga.getJson('/api/v1/aduan/my-reports')).body.includes(body.trackingId));
      assert.equal((await kominfo.get(`/aduan/lacak/${body.trackingId}`)).statusCode, 404);
      // Anonymous API filing without an email is refused; with one it waits for confirmation.
      const noEmail = await new Client(t.app).send('POST', '/api/v1/aduan/reports', REPORT);
      assert.equal(noEmail.statusCode, 400);
      const anon = await new Client(t.app).send('POST', '/api/v1/aduan/reports', { ...REPORT, email: 'api.anon@example.id' });
      assert.equal(anon.statusCode, 201);
      assert.deepEqual({ ...(anon.json() as object), trackingId: 'x' }, { trackingId: 'x', status: 'menunggu_konfirmasi', followUrl: null });

      // Staff entry: channel recorded; citizens, auditors and anonymous callers may not.
      const entered = await dinkes.postForm('/aduan/kelola/baru', { ...REPORT, channel: 'tatap_muka', name: 'Pengunjung Loket' });
      assert.equal(entered.statusCode, 303, entered.body.slice(0, 400));
      const id = (entered.headers.location as string).split('/').pop()!;
      const enteredRow = await t.deps.db.selectFrom('aduan_report').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(enteredRow.channel, 'tatap_muka');
      assert.equal(enteredRow.status, 'menunggu_verifikasi');
      for (const [client, status] of [[warga, 403], [auditor, 403], [new Client(t.app), 401]] as const) {
        assert.equal((await client.send('POST', '/api/v1/aduan/staff-reports', { ...REPORT, channel: 'telepon' })).statusCode, status);
        assert.equal((await client.postForm('/aduan/kelola/baru', { ...REPORT, channel: 'telepon' })).statusCode, status);
      }
    });

    test('attachments: photos lose their GPS data and are published; documents stay with the chain and the reporter', async () => {
      const reporter = new Client(t.app);
      await reporter.get('/aduan/baru');
      const { payload, contentType } = multipart([
        { name: '_csrf', value: reporter.csrf },
        ...Object.entries({ ...REPORT, title: 'Atap puskesmas bocor', email: 'foto@example.id', anonim: 'true' }).map(([name, value]) => ({ name, value })),
        { name: 'attachments', filename: 'atap.jpg', type: 'image/jpeg', content: jpegWithGps() },
        { name: 'attachments', filename: 'ktp-saya.pdf', type: 'application/pdf', content: pdf('KTP') },
      ]);
      const cookie = [...reporter.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      const res = await t.app.inject({ method: 'POST', url: '/aduan/baru', payload, headers: { cookie, 'content-type': contentType, accept: 'text/html' } });
      assert.equal(res.statusCode, 303, res.body.slice(0, 500));
      const link = await followLink('foto@example.id');
      await reporter.postForm(`/aduan/lacak/${link.trackingId}/konfirmasi`, { k: link.key });
      const report = await reportRow(link.trackingId);
      const files = await t.deps.db.selectFrom('aduan_attachment').selectAll().where('report_id', '=', report.id).orderBy('name').execute();
      assert.deepEqual(files.map((f) => [f.name, f.content_type, f.public]), [['atap.jpg', 'image/jpeg', true], ['ktp-saya.pdf', 'application/pdf', false]]);
      const [photo, doc] = files as [(typeof files)[0], (typeof files)[0]];
      await dispose(report.id);

      const anon = new Client(t.app);
      const image = await anon.get(`/aduan/lampiran/${photo.id}`);
      assert.equal(image.statusCode, 200);
      assert.equal(image.headers['content-type'], 'image/jpeg');
      assert.ok(!image.rawPayload.includes(exifTiff()), 'no EXIF (GPS, camera) in the published photo');
      for (const trace of ['GPSLatitude', 'Surabaya', 'Dipotret']) assert.ok(!image.rawPayload.includes(Buffer.from(trace, 'latin1')), trace);
      assert.equal((await anon.get(`/aduan/lampiran/${doc.id}`)).statusCode, 404, 'the document is not public');
      assert.equal((await kominfo.get(`/aduan/lampiran/${doc.id}`)).statusCode, 404);
      assert.equal((await dinkes.get(`/aduan/lampiran/${doc.id}`)).statusCode, 200, 'the handling agency');
      assert.equal((await auditor.get(`/aduan/lampiran/${doc.id}`)).statusCode, 200, 'readers of every record');
      assert.equal((await anon.get(`/aduan/lampiran/${doc.id}?k=${encodeURIComponent(link.key)}`)).statusCode, 200, 'the reporter, by key');
      const publicPage = await anon.get(`/aduan/laporan/${link.trackingId}`);
      assert.ok(publicPage.body.includes(`/aduan/lampiran/${photo.id}`) && !publicPage.body.includes(`/aduan/lampiran/${doc.id}`));

      // The agency answers with a document: public with the answer.
      const answerForm = multipart([
        { name: '_csrf', value: dinkes.csrf },
        { name: 'body', value: 'Perbaikan atap dijadwalkan pekan depan, lihat surat terlampir.' },
        { name: 'attachments', filename: 'surat.pdf', type: 'application/pdf', content: pdf('Surat') },
      ]);
      const dinkesCookie = [...dinkes.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      const answered = await t.app.inject({ method: 'POST', url: `/aduan/kelola/${report.id}/tanggapan`, payload: answerForm.payload, headers: { cookie: dinkesCookie, 'content-type': answerForm.contentType, accept: 'text/html' } });
      assert.equal(answered.statusCode, 303, answered.body.slice(0, 400));
      const letter = await t.deps.db.selectFrom('aduan_attachment').selectAll().where('report_id', '=', report.id).where('name', '=', 'surat.pdf').executeTakeFirstOrThrow();
      assert.equal(letter.public, true);
      assert.notEqual(letter.event_id, null);
      assert.equal((await anon.get(`/aduan/lampiran/${letter.id}`)).statusCode, 200);
      // Another agency cannot attach files to this report: refused before anything is stored.
      const storedBefore = await t.deps.db.selectFrom('stored_file').select('id').execute();
      const kominfoCookie = [...kominfo.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      const sneaky = multipart([{ name: '_csrf', value: kominfo.csrf }, { name: 'body', value: 'Tanggapan dari instansi lain' }, { name: 'attachments', filename: 'x.pdf', type: 'application/pdf', content: pdf('x') }]);
      const refused = await t.app.inject({ method: 'POST', url: `/aduan/kelola/${report.id}/tanggapan`, payload: sneaky.payload, headers: { cookie: kominfoCookie, 'content-type': sneaky.contentType, accept: 'text/html' } });
      assert.equal(refused.statusCode, 404);
      assert.equal((await t.deps.db.selectFrom('stored_file').select('id').execute()).length, storedBefore.length);
    });

    test('settings: categories, deadlines and Open311 keys for the SPBE team and admins', async () => {
      assert.equal((await tim.get('/aduan/pengaturan')).statusCode, 200);
      assert.equal((await dinkes.get('/aduan/pengaturan')).statusCode, 403);
      const created = await tim.send('POST', '/api/v1/aduan/categories', { code: 'air-bersih', name: 'Air bersih', competence: 'kabupaten_kota', tierCode: 'normatif' });
      assert.equal(created.statusCode, 201, created.body);
      assert.equal(created.json().competence, 'kabupaten_kota');
      const dup = await tim.postForm('/aduan/pengaturan/kategori', { code: 'air-bersih', name: 'Air bersih lagi', competence: 'provinsi', tierCode: 'normatif' });
      assert.equal(dup.statusCode, 400);
      assert.match(dup.body, /Kode kategori ini sudah dipakai/);
      const changed = await tim.postForm('/aduan/pengaturan/kategori/air-bersih', { name: 'Air bersih dan sanitasi', competence: 'provinsi', opdId: dinkesId, tierCode: 'ringan', open311Type: 'batch', active: 'true' });
      assert.equal(changed.statusCode, 303, changed.body.slice(0, 300));
      const category = (await new Client(t.app).getJson('/api/v1/aduan/categories')).json().items.find((c: { code: string }) => c.code === 'air-bersih');
      assert.deepEqual([category.name, category.agency.id, category.tier.code, category.open311Type], ['Air bersih dan sanitasi', dinkesId, 'ringan', 'batch']);
      const issued = await tim.postForm('/aduan/pengaturan/open311', { name: 'Aplikasi Kota' });
      assert.equal(issued.statusCode, 201);
      assert.match(issued.body, /o311_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{20,}/);
      assert.equal(issued.headers['cache-control'], 'no-store');
      const clients = (await tim.getJson('/api/v1/aduan/open311-clients')).json();
      const client = clients.items.find((c: { name: string }) => c.name === 'Aplikasi Kota');
      assert.equal((await tim.postForm(`/aduan/pengaturan/open311/${client.id}/cabut`, {})).statusCode, 303);
      assert.ok((await tim.getJson('/api/v1/aduan/open311-clients')).json().items.find((c: { id: string }) => c.id === client.id).revokedAt);
      const sla = await tim.postForm('/aduan/pengaturan/tenggat', { step_verify: '3', step_follow_up: '5', step_auto_close: '10', tier_ringan: '2', tier_normatif: '5', tier_non_pengawasan: '14', tier_investigasi: '0' });
      assert.equal(sla.statusCode, 400, 'zero days is refused');
      const audit = await t.deps.db.selectFrom('audit_log').select('action').where('action', 'like', 'aduan.%').where('actor_label', '=', 'tim.spbe@jatimprov.go.id').execute();
      for (const action of ['aduan.category_created', 'aduan.category_updated', 'aduan.open311_key_issued', 'aduan.open311_key_revoked']) assert.ok(audit.some((a) => a.action === action), action);
    });
  });
}
