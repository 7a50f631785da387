import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { engines } from '../../../../test/support/db.ts';
import { Client, createTestApp, createUser, opdId, type TestApp } from '../../../../test/support/app.ts';
import { pdf } from '../../../../test/support/sample-files.ts';
import { addServices } from '../testing.ts';
import { workingCalendar } from '../../../platform/calendar/index.ts';
import { storeUpload } from '../../../platform/files/index.ts';
import { dueDayAtSubmission, resumeClock } from './deadline.ts';
import { insertEvent, insertSubmittedRequest } from './repo.ts';
import { escalateOverdue } from './use-cases/escalate-overdue.ts';

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

const FORM = {
  fields: [
    { name: 'nama_usaha', type: 'text', label: { id: 'Nama usaha', en: 'Business name' }, required: true, maxLength: 100 },
    { name: 'nik_pemilik', type: 'nik', label: { id: 'NIK pemilik' }, required: true },
    { name: 'jenis', type: 'select', label: { id: 'Jenis' }, options: [{ value: 'apotek', label: { id: 'Apotek' } }, { value: 'klinik', label: { id: 'Klinik' } }] },
  ],
  documents: [{ code: 'ktp', label: { id: 'KTP' }, required: true, types: ['pdf'] }],
};
const ANSWERS = { nama_usaha: 'Apotek Sehat Sentosa', nik_pemilik: '3578015508900003', jenis: 'apotek' };

for (const engine of engines()) {
  describe(`portal casework on ${engine}`, () => {
    let t: TestApp;
    let officer: Client;
    let colleague: Client;
    let adminDinkes: Client;
    let kominfo: Client;
    let citizen: Client;
    let stranger: Client;
    let auditor: Client;
    let dinkes: string;
    let citizenId: string;
    let colleagueId: string;
    let kominfoOfficerId: string;
    let serviceId: string;
    let formId: string;
    let dataDir: string;
    let signIns: () => Promise<void>;

    /** Moves the clock (sessions idle out, so everyone signs in again). */
    async function travel(to: string): Promise<void> {
      t.clock.current = new Date(to);
      await signIns();
    }

    const now = () => t.clock.now();
    const requestRow = (id: string) =>
      t.deps.db.selectFrom('portal_request').select(['status', 'version', 'assignee_id', 'paused_since', 'paused_working_days', 'decided_at', 'decision_reason', 'escalated_at']).select((eb) => eb.fn<string>('to_char', ['due_day', eb.val('YYYY-MM-DD')]).as('due_day')).where('id', '=', id).executeTakeFirstOrThrow();
    const inbox = (userId: string) => t.deps.db.selectFrom('portal_inbox_message').select(['message_key', 'params', 'request_id']).where('user_id', '=', userId).orderBy('created_at').orderBy('id').execute();
    const mails = (to: string) => t.deps.db.selectFrom('mail_outbox').select(['subject', 'body_text']).where('to_address', '=', to).orderBy('created_at').orderBy('id').execute();
    const events = (id: string) => t.deps.db.selectFrom('portal_request_event').select(['kind', 'internal', 'message', 'from_status', 'to_status']).where('request_id', '=', id).orderBy('seq').execute();
    const audits = (id: string) => t.deps.db.selectFrom('audit_log').select(['action', 'actor_label']).where('target_id', '=', id).orderBy('id').execute();

    /** A submitted request, as the requests part leaves it after submission. */
    async function submitted(sla: number | null = 10, at = now()): Promise<string> {
      const id = t.deps.ids.uuid();
      const calendar = await workingCalendar(t.deps);
      await insertSubmittedRequest(t.deps.db, { id, serviceId, formId, opdId: dinkes, citizenId, status: 'submitted', answers: ANSWERS, submittedAt: at, slaWorkingDays: sla, dueDay: dueDayAtSubmission(calendar, at, sla), eventId: t.deps.ids.uuid() });
      await t.deps.db
        .insertInto('portal_request_document')
        .values({ id: t.deps.ids.uuid(), request_id: id, file_id: await storedPdf(), kind: 'requirement', requirement_code: 'ktp', name: 'ktp.pdf', content_type: 'application/pdf', size: 300, uploaded_by: citizenId, created_at: at, removed_at: null })
        .execute();
      return id;
    }

    /** A PDF stored through the file service (the citizen's requirement upload). */
    async function storedPdf(): Promise<string> {
      const file = await storeUpload(t.deps, { actor: null, system: 'uji' }, { purpose: 'portal.document', maxBytes: 1_000_000, allowedTypes: ['application/pdf'] }, { stream: Readable.from(pdf('KTP')), filename: 'ktp.pdf', opdId: dinkes });
      return file.id;
    }

    async function approveWith(client: Client, id: string, version: number, files: { filename: string; content: Buffer }[], html = true) {
      const body = multipart([{ name: '_csrf', value: client.csrf }, { name: 'version', value: String(version) }, ...files.map((f) => ({ name: 'results', filename: f.filename, type: 'application/pdf', content: f.content }))]);
      const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      const url = html ? `/portal/permohonan/${id}/setujui` : `/api/v1/portal/manage/requests/${id}/approve`;
      return t.app.inject({ method: 'POST', url, payload: body.payload, headers: { cookie, 'content-type': body.contentType, ...(html ? { accept: 'text/html' } : { 'x-csrf-token': client.csrf }) } });
    }

    before(async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'padu-casework-'));
      t = await createTestApp(engine, { config: { dataDir } });
      dinkes = await opdId(t.deps, 'dinkes');
      await createUser(t.deps, { email: 'petugas@dinkes.go.id', name: 'Petugas Dinkes', roles: [{ role: 'petugas', opd: 'dinkes' }] });
      colleagueId = await createUser(t.deps, { email: 'rekan@dinkes.go.id', name: 'Rekan Dinkes', roles: [{ role: 'petugas', opd: 'dinkes' }] });
      await createUser(t.deps, { email: 'admin@dinkes.go.id', name: 'Admin Dinkes', roles: [{ role: 'admin_opd', opd: 'dinkes' }] });
      kominfoOfficerId = await createUser(t.deps, { email: 'petugas@kominfo.go.id', roles: [{ role: 'petugas', opd: 'diskominfo' }, { role: 'admin_opd', opd: 'diskominfo' }] });
      citizenId = await createUser(t.deps, { email: 'warga@example.id', name: 'Siti Warga', roles: [{ role: 'warga' }] });
      await createUser(t.deps, { email: 'lain@example.id', roles: [{ role: 'warga' }] });
      await createUser(t.deps, { email: 'auditor@jatimprov.go.id', roles: [{ role: 'auditor' }] });
      const clients: [string, (c: Client) => void][] = [
        ['petugas@dinkes.go.id', (c) => (officer = c)],
        ['rekan@dinkes.go.id', (c) => (colleague = c)],
        ['admin@dinkes.go.id', (c) => (adminDinkes = c)],
        ['petugas@kominfo.go.id', (c) => (kominfo = c)],
        ['warga@example.id', (c) => (citizen = c)],
        ['lain@example.id', (c) => (stranger = c)],
        ['auditor@jatimprov.go.id', (c) => (auditor = c)],
      ];
      signIns = async () => {
        for (const [email, set] of clients) {
          const c = new Client(t.app);
          await c.signIn(email);
          set(c);
        }
      };
      await signIns();
      [serviceId] = (await addServices(t.deps.db, now(), [{ opdId: dinkes, name: 'Izin apotek', sla: 10, published: true, availability: 'online' }])) as [string];
      // The agency admin publishes the form through the editor's API.
      const put = await adminDinkes.send('PUT', `/api/v1/portal/manage/services/${serviceId}/form`, { definition: FORM, publish: true });
      assert.equal(put.statusCode, 200, put.body);
      formId = (await t.deps.db.selectFrom('portal_form').select('id').where('service_id', '=', serviceId).where('status', '=', 'published').executeTakeFirstOrThrow()).id;
    });
    after(async () => {
      await t.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    test('the whole case: assign, verify, fix with the clock stopped, resubmit, approve with a result, download', async () => {
      // Monday 2 March 2026, 09:00 WIB; 10 working days → Monday 16 March.
      const id = await submitted(10);
      assert.equal((await requestRow(id)).due_day, '2026-03-16');

      // The queue: Dinkes sees it, Kominfo does not; citizens are refused.
      const queue = (await officer.getJson('/api/v1/portal/manage/requests')).json();
      const item = queue.items.find((i: { id: string }) => i.id === id);
      assert.ok(item, 'in the Dinkes queue');
      assert.equal(item.citizenName, 'Siti Warga');
      assert.deepEqual(item.flags, { daysLeft: 10, dueSoon: false, overdue: false, paused: false });
      assert.equal((await kominfo.getJson('/api/v1/portal/manage/requests')).json().items.length, 0);
      assert.equal((await citizen.getJson('/api/v1/portal/manage/requests')).statusCode, 403);
      assert.equal((await citizen.get('/portal/permohonan')).statusCode, 403);
      const page = await officer.get('/portal/permohonan');
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes(`/portal/permohonan/${id}`));

      // The case: answers with the NIK masked, the requirement document, actions.
      const detail = (await officer.getJson(`/api/v1/portal/manage/requests/${id}`)).json();
      assert.equal(detail.version, 1);
      assert.equal(detail.answers.nik_pemilik, '3578••••••••0003');
      assert.ok(!JSON.stringify(detail).includes('3578015508900003'), 'no NIK in the answer');
      assert.equal(detail.documents.length, 1);
      const casePage = await officer.get(`/portal/permohonan/${id}`);
      assert.equal(casePage.statusCode, 200);
      assert.ok(casePage.body.includes('Apotek Sehat Sentosa') && !casePage.body.includes('3578015508900003'));

      // Assign: to someone outside the agency refused; a stale version is a conflict.
      assert.equal((await officer.send('POST', `/api/v1/portal/manage/requests/${id}/assign`, { version: 1, assigneeId: kominfoOfficerId })).statusCode, 400);
      const assigned = await officer.send('POST', `/api/v1/portal/manage/requests/${id}/assign`, { version: 1, self: true });
      assert.equal(assigned.statusCode, 200, assigned.body);
      assert.equal(assigned.json().assignee.name, 'Petugas Dinkes');
      assert.equal((await colleague.send('POST', `/api/v1/portal/manage/requests/${id}/assign`, { version: 1, assigneeId: colleagueId })).statusCode, 409);
      const reassigned = await colleague.postForm(`/portal/permohonan/${id}/tugaskan`, { version: '2', assigneeId: colleagueId });
      assert.equal(reassigned.statusCode, 303, reassigned.body.slice(0, 300));
      assert.equal((await requestRow(id)).assignee_id, colleagueId);
      const staleForm = await officer.postForm(`/portal/permohonan/${id}/verifikasi`, { version: '2' });
      assert.equal(staleForm.statusCode, 409);
      assert.match(staleForm.body, /baru saja diubah orang lain/);

      // Verify (HTML form): in_review, the citizen is told (inbox and mail).
      assert.equal((await officer.postForm(`/portal/permohonan/${id}/verifikasi`, { version: '3' })).statusCode, 303);
      assert.equal((await requestRow(id)).status, 'in_review');
      assert.equal((await inbox(citizenId)).at(-1)?.message_key, 'portal.case.notice.in_review');
      assert.match((await mails('warga@example.id')).at(-1)!.subject, /sedang diproses/);

      // Ask for a fix on Wednesday 4 March: the message is required; the clock stops.
      await travel('2026-03-04T03:00:00Z');
      const noMessage = await officer.postForm(`/portal/permohonan/${id}/perbaikan`, { version: '4', message: ' ' });
      assert.equal(noMessage.statusCode, 400);
      assert.match(noMessage.body, /error-summary/);
      const fix = await officer.send('POST', `/api/v1/portal/manage/requests/${id}/request-fix`, { version: 4, message: 'Foto KTP buram, unggah ulang.' });
      assert.equal(fix.statusCode, 200, fix.body);
      assert.equal(fix.json().status, 'needs_fix');
      assert.equal(fix.json().flags.paused, true);
      const waiting = await requestRow(id);
      assert.deepEqual(waiting.paused_since, new Date('2026-03-04T03:00:00Z'));
      const fixNotice = (await inbox(citizenId)).at(-1)!;
      assert.equal(fixNotice.message_key, 'portal.case.notice.fix_requested');
      assert.equal(fixNotice.params.message, 'Foto KTP buram, unggah ulang.');

      // The citizen resubmits on Tuesday 10 March (as the requests part does): 4 working days
      // waited (5, 6, 9, 10 March), so the deadline moves from 16 March past Nyepi and Idul
      // Fitri with its cuti bersama (18–24 March) to Friday 27 March.
      await travel('2026-03-10T04:00:00Z');
      await t.deps.db.transaction().execute(async (tx) => {
        const resumed = await resumeClock(tx, t.deps, id, now());
        assert.deepEqual(resumed, { pausedDays: 4, dueDay: '2026-03-27' });
        await tx.updateTable('portal_request').set({ status: 'in_review', version: 6, updated_at: now() }).where('id', '=', id).execute();
        await insertEvent(tx, { id: t.deps.ids.uuid(), request_id: id, at: now(), kind: 'resubmitted', actor_user_id: citizenId, from_status: 'needs_fix', to_status: 'in_review', message: null, internal: false });
      });
      const resumed = await requestRow(id);
      assert.equal(resumed.due_day, '2026-03-27');
      assert.equal(resumed.paused_working_days, 4);
      assert.equal(resumed.paused_since, null);

      // An internal note: in the history for officers, never in the citizen's inbox or mail.
      const note = await colleague.send('POST', `/api/v1/portal/manage/requests/${id}/notes`, { message: 'Cek ulang ke apoteker penanggung jawab.' });
      assert.equal(note.statusCode, 201, note.body);
      assert.equal((await officer.postForm(`/portal/permohonan/${id}/catatan`, { message: 'Sudah dicek, lengkap.' })).statusCode, 303);
      assert.ok(!(await inbox(citizenId)).some((m) => JSON.stringify(m).includes('apoteker')));
      assert.ok(!(await mails('warga@example.id')).some((m) => m.body_text.includes('apoteker') || m.body_text.includes('Sudah dicek')));
      const history = (await officer.getJson(`/api/v1/portal/manage/requests/${id}`)).json().history;
      assert.deepEqual(history.filter((e: { kind: string }) => e.kind === 'note').map((e: { internal: boolean }) => e.internal), [true, true]);

      // Approve: without a result document refused; with one, approved with a survey link.
      const bare = await officer.send('POST', `/api/v1/portal/manage/requests/${id}/approve`, { version: 6 });
      assert.equal(bare.statusCode, 400);
      assert.equal(bare.json().errors?.[0]?.field ?? bare.json().fields?.[0]?.field ?? 'results', 'results');
      const approved = await approveWith(officer, id, 6, [{ filename: 'izin-apotek.pdf', content: pdf('Izin') }]);
      assert.equal(approved.statusCode, 303, approved.body.slice(0, 400));
      const done = await requestRow(id);
      assert.equal(done.status, 'approved');
      assert.deepEqual(done.decided_at, now());
      const approvedNotice = (await inbox(citizenId)).at(-1)!;
      assert.equal(approvedNotice.message_key, 'portal.case.notice.approved');
      assert.match(String(approvedNotice.params.surveyUrl), /^http:\/\/localhost:3000\/survei\/[A-Za-z0-9_-]{20,}$/);
      const survey = await t.deps.db.selectFrom('portal_survey_token').select(['service_id', 'user_id']).where('user_id', '=', citizenId).execute();
      assert.deepEqual(survey, [{ service_id: serviceId, user_id: citizenId }]);
      assert.match((await mails('warga@example.id')).at(-1)!.body_text, /survei/);

      // Downloads: the citizen and the agency get the result; another agency and another citizen do not.
      const result = await t.deps.db.selectFrom('portal_request_document').select('id').where('request_id', '=', id).where('kind', '=', 'result').executeTakeFirstOrThrow();
      const url = `/portal/permohonan/${id}/dokumen/${result.id}`;
      const mine = await citizen.get(url);
      assert.equal(mine.statusCode, 200);
      assert.equal(mine.headers['content-type'], 'application/pdf');
      assert.ok(mine.rawPayload.includes(Buffer.from('% Izin')));
      assert.equal((await officer.get(url)).statusCode, 200);
      assert.equal((await auditor.get(url)).statusCode, 200);
      assert.equal((await stranger.get(url)).statusCode, 404);
      assert.equal((await kominfo.get(url)).statusCode, 404);
      assert.equal((await new Client(t.app).get(url)).statusCode, 401);

      // Another agency's officer: not found for the request and every action, nothing changes.
      const before = JSON.stringify(await requestRow(id)) + JSON.stringify(await events(id));
      assert.equal((await kominfo.get(`/portal/permohonan/${id}`)).statusCode, 404);
      assert.equal((await kominfo.getJson(`/api/v1/portal/manage/requests/${id}`)).statusCode, 404);
      for (const [path, body] of [
        ['assign', { version: 7, self: true }],
        ['verify', { version: 7 }],
        ['request-fix', { version: 7, message: 'x' }],
        ['reject', { version: 7, reason: 'x' }],
        ['notes', { message: 'x' }],
        ['approve', { version: 7 }],
      ] as const) {
        assert.equal((await kominfo.send('POST', `/api/v1/portal/manage/requests/${id}/${path}`, body)).statusCode, 404, path);
      }
      for (const path of ['tugaskan', 'verifikasi', 'perbaikan', 'tolak', 'catatan']) assert.equal((await kominfo.postForm(`/portal/permohonan/${id}/${path}`, { version: '7', message: 'x', reason: 'x' })).statusCode, 404, path);
      const sneaky = await approveWith(kominfo, id, 7, [{ filename: 'palsu.pdf', content: pdf('Palsu') }]);
      assert.equal(sneaky.statusCode, 404);
      assert.equal((await t.deps.db.selectFrom('stored_file').select('id').where('name', '=', 'palsu.pdf').execute()).length, 0, 'refused before any file is stored');
      assert.equal(JSON.stringify(await requestRow(id)) + JSON.stringify(await events(id)), before);
      // Auditors read and never act; citizens are refused on staff pages.
      assert.equal((await auditor.getJson(`/api/v1/portal/manage/requests/${id}`)).statusCode, 200);
      assert.equal((await auditor.send('POST', `/api/v1/portal/manage/requests/${id}/notes`, { message: 'x' })).statusCode, 403);
      assert.equal((await citizen.get(`/portal/permohonan/${id}`)).statusCode, 403);

      // The history and the audit log.
      assert.deepEqual((await events(id)).map((e) => [e.kind, e.internal]), [
        ['submitted', false],
        ['assigned', true],
        ['assigned', true],
        ['verified', false],
        ['fix_requested', false],
        ['resubmitted', false],
        ['note', true],
        ['note', true],
        ['approved', false],
      ]);
      assert.deepEqual((await audits(id)).map((a) => a.action), ['portal.request.assigned', 'portal.request.assigned', 'portal.request.verified', 'portal.request.fix_requested', 'portal.request.note_added', 'portal.request.note_added', 'portal.request.approved']);
    });

    test('reject: a reason is required and the citizen reads it', async () => {
      const id = await submitted(5);
      const noReason = await officer.postForm(`/portal/permohonan/${id}/tolak`, { version: '1', reason: '' });
      assert.equal(noReason.statusCode, 400);
      assert.match(noReason.body, /error-summary/);
      const rejected = await officer.send('POST', `/api/v1/portal/manage/requests/${id}/reject`, { version: 1, reason: 'Lokasi usaha di luar wilayah provinsi.' });
      assert.equal(rejected.statusCode, 200, rejected.body);
      const row = await requestRow(id);
      assert.equal(row.status, 'rejected');
      assert.equal(row.decision_reason, 'Lokasi usaha di luar wilayah provinsi.');
      const notices = (await inbox(citizenId)).filter((m) => m.request_id === id);
      assert.deepEqual(notices.map((m) => m.message_key), ['portal.case.notice.rejected']);
      assert.ok((await mails('warga@example.id')).some((m) => /ditolak\. Alasan: Lokasi usaha di luar wilayah provinsi\./.test(m.subject)));
      // Decided: no more actions.
      assert.equal((await officer.send('POST', `/api/v1/portal/manage/requests/${id}/verify`, { version: 2 })).statusCode, 409);
    });

    test('queue filters and flags: due soon, overdue, assignee, status', async () => {
      await travel('2026-04-20T02:00:00Z'); // Monday
      const old = await submitted(3, new Date('2026-04-08T02:00:00Z')); // due Mon 13 April: overdue
      const soon = await submitted(5, new Date('2026-04-14T02:00:00Z')); // due Tue 21 April: 1 day left
      const later = await submitted(20); // due mid May
      const ids = (res: { json(): { items: { id: string }[] } }) => res.json().items.map((i) => i.id);
      const overdue = await officer.getJson('/api/v1/portal/manage/requests?flag=overdue');
      assert.ok(ids(overdue).includes(old) && !ids(overdue).includes(soon) && !ids(overdue).includes(later));
      assert.equal(overdue.json().items.find((i: { id: string }) => i.id === old).flags.overdue, true);
      const dueSoon = await officer.getJson('/api/v1/portal/manage/requests?flag=due_soon');
      assert.deepEqual(ids(dueSoon).filter((i: string) => [old, soon, later].includes(i)), [soon]);
      assert.deepEqual(dueSoon.json().items.find((i: { id: string }) => i.id === soon).flags, { daysLeft: 1, dueSoon: true, overdue: false, paused: false });
      // Soonest deadline first by default.
      const all = ids(await officer.getJson('/api/v1/portal/manage/requests?status=submitted'));
      assert.ok(all.indexOf(old) < all.indexOf(soon) && all.indexOf(soon) < all.indexOf(later));
      await officer.send('POST', `/api/v1/portal/manage/requests/${later}/assign`, { version: 1, self: true });
      assert.deepEqual(ids(await officer.getJson('/api/v1/portal/manage/requests?assignee=me&status=submitted')), [later]);
      assert.ok(!ids(await officer.getJson('/api/v1/portal/manage/requests?assignee=none')).includes(later));
      // The page shows the flags as words.
      const html = await officer.get('/portal/permohonan?flag=overdue');
      assert.match(html.body, /Terlambat \d+ hari kerja/);
      assert.match((await officer.get('/portal/permohonan?flag=due_soon')).body, /Segera jatuh tempo: sisa 1 hari kerja/);
    });

    test('escalation: overdue requests are escalated once to the agency admins (fixed clock)', async () => {
      await travel('2026-05-04T02:00:00Z');
      const late = await submitted(2, new Date('2026-04-27T02:00:00Z')); // due 29 April
      const first = await escalateOverdue(t.deps);
      assert.ok(first.escalated >= 1);
      assert.ok(first.mailed >= 1);
      const row = await requestRow(late);
      assert.deepEqual(row.escalated_at, now());
      assert.deepEqual((await events(late)).at(-1), { kind: 'escalated', internal: true, message: null, from_status: 'submitted', to_status: 'submitted' });
      const adminId = (await t.deps.db.selectFrom('app_user').select('id').where('email', '=', 'admin@dinkes.go.id').executeTakeFirstOrThrow()).id;
      assert.ok((await inbox(adminId)).some((m) => m.request_id === late && m.message_key === 'portal.case.notice.escalated'));
      assert.ok((await mails('admin@dinkes.go.id')).some((m) => /terlambat/.test(m.subject)));
      assert.equal((await mails('petugas@kominfo.go.id')).length, 0, 'another agency’s admins are not told');
      // Idempotent: a second run changes nothing.
      const mailCount = (await mails('admin@dinkes.go.id')).length;
      assert.deepEqual(await escalateOverdue(t.deps), { escalated: 0, mailed: 0 });
      assert.equal((await mails('admin@dinkes.go.id')).length, mailCount);
      assert.equal((await events(late)).filter((e) => e.kind === 'escalated').length, 1);
      // The citizen is not told about internal escalation.
      assert.ok(!(await inbox(citizenId)).some((m) => m.message_key === 'portal.case.notice.escalated'));
    });

    test('form editor: errors with JSON paths, draft and publish versions, other agencies not found', async () => {
      const base = `/api/v1/portal/manage/services/${serviceId}/form`;
      const bad = await adminDinkes.send('PUT', base, { definition: { fields: [{ name: 'Nama', type: 'teks', label: { id: 'Nama' } }], documents: [], extra: 1 } });
      assert.equal(bad.statusCode, 400);
      const fields = JSON.stringify(bad.json());
      for (const path of ['definition.fields[0].name', 'definition.fields[0].type', 'definition.extra']) assert.ok(fields.includes(path), `${path} in ${fields}`);
      const page = await adminDinkes.postForm(`/portal/layanan/${serviceId}/formulir`, { definition: '{"fields": [', action: 'save' });
      assert.equal(page.statusCode, 400);
      assert.match(page.body, /Bukan JSON yang valid/);
      const badPage = await adminDinkes.postForm(`/portal/layanan/${serviceId}/formulir`, { definition: JSON.stringify({ fields: [{ name: 'x', type: 'teks', label: { id: 'X' } }], documents: [] }), action: 'save' });
      assert.equal(badPage.statusCode, 400);
      assert.match(badPage.body, /<code>fields\[0\]\.type<\/code>/);

      // A draft (version 2) leaves version 1 published; publishing retires version 1.
      const draft = { ...FORM, fields: [...FORM.fields, { name: 'catatan', type: 'textarea', label: { id: 'Catatan' } }] };
      const saved = await adminDinkes.postForm(`/portal/layanan/${serviceId}/formulir`, { definition: JSON.stringify(draft), action: 'save' });
      assert.equal(saved.statusCode, 303, saved.body.slice(0, 400));
      let form = (await adminDinkes.getJson(base)).json();
      assert.deepEqual([form.current.version, form.current.status, form.published.version], [2, 'draft', 1]);
      const preview = await adminDinkes.postForm(`/portal/layanan/${serviceId}/formulir`, { definition: JSON.stringify(draft), action: 'preview' });
      assert.equal(preview.statusCode, 200);
      assert.match(preview.body, /Catatan/);
      const published = await adminDinkes.send('POST', `${base}/publish`, {});
      assert.equal(published.statusCode, 200, published.body);
      form = published.json();
      assert.deepEqual([form.current.version, form.published.version], [2, 2]);
      const versions = (await adminDinkes.getJson(`${base}/versions`)).json().items.map((v: { version: number; status: string }) => [v.version, v.status]);
      assert.deepEqual(versions, [
        [2, 'published'],
        [1, 'retired'],
      ]);
      // Requests keep the form they were filled in with.
      const kept = await t.deps.db.selectFrom('portal_request').select('form_id').distinct().where('service_id', '=', serviceId).execute();
      assert.deepEqual(kept, [{ form_id: formId }]);
      const editorPage = await adminDinkes.get(`/portal/layanan/${serviceId}/formulir`);
      assert.equal(editorPage.statusCode, 200);
      assert.match(editorPage.body, /<textarea id="f-definition"/);
      // Officers read; only the agency's admins change; another agency is not found; citizens refused.
      assert.equal((await officer.getJson(base)).statusCode, 200);
      assert.equal((await officer.send('PUT', base, { definition: FORM })).statusCode, 403);
      assert.equal((await kominfo.getJson(base)).statusCode, 404);
      assert.equal((await kominfo.send('PUT', base, { definition: FORM, publish: true })).statusCode, 404);
      assert.equal((await kominfo.get(`/portal/layanan/${serviceId}/formulir`)).statusCode, 404);
      assert.equal((await citizen.getJson(base)).statusCode, 403);
      const audit = await t.deps.db.selectFrom('audit_log').select('action').where('target_id', '=', serviceId).where('action', 'like', 'portal.form.%').orderBy('id').execute();
      assert.deepEqual(audit.map((a) => a.action), ['portal.form.published', 'portal.form.saved', 'portal.form.published']);
    });
  });
}
