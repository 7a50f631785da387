import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from '../../../../test/support/db.ts';
import { Client, createTestApp, createUser, opdId, type TestApp } from '../../../../test/support/app.ts';

/** The decision workflow: deciding, the one-open rule, carrying out each kind, cancelling, who may. */
for (const engine of engines()) {
  describe(`katalog rationalisation decisions on ${engine}`, () => {
    let t: TestApp;
    const c = {} as Record<'spbe' | 'kominfoAdmin' | 'kominfoOfficer' | 'dinkesAdmin' | 'auditor', Client>;
    let diskominfo: string;
    let dinkes: string;

    async function newApp(name: string, opd: string, extra: Record<string, unknown> = {}) {
      const res = await c.spbe.send('POST', '/api/v1/katalog/apps', { name, category: 'khusus', opdId: opd, ...extra });
      assert.equal(res.statusCode, 201, res.body);
      return res.json() as { id: string; key: string; lifecycle: string };
    }
    const appRow = (id: string) => t.deps.db.selectFrom('katalog_app').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const decisionRows = (appId: string) => t.deps.db.selectFrom('katalog_decision').selectAll().where('app_id', '=', appId).orderBy('decided_at').execute();
    const auditFor = (targetId: string) => t.deps.db.selectFrom('audit_log').select(['action', 'target_type', 'actor_label', 'opd_id', 'request_id', 'before', 'after']).where('target_id', '=', targetId).orderBy('id').execute();

    before(async () => {
      t = await createTestApp(engine);
      const people = {
        spbe: { email: 'tim.spbe@jatimprov.go.id', roles: [{ role: 'tim_spbe' as const }] },
        kominfoAdmin: { email: 'admin@kominfo.go.id', roles: [{ role: 'admin_opd' as const, opd: 'diskominfo' }] },
        kominfoOfficer: { email: 'petugas@kominfo.go.id', roles: [{ role: 'petugas' as const, opd: 'diskominfo' }] },
        dinkesAdmin: { email: 'admin@dinkes.go.id', roles: [{ role: 'admin_opd' as const, opd: 'dinkes' }] },
        auditor: { email: 'auditor@jatimprov.go.id', roles: [{ role: 'auditor' as const }] },
      };
      for (const [name, p] of Object.entries(people)) {
        await createUser(t.deps, p);
        c[name as keyof typeof c] = new Client(t.app);
        await c[name as keyof typeof c].signIn(p.email);
      }
      diskominfo = await opdId(t.deps, 'diskominfo');
      dinkes = await opdId(t.deps, 'dinkes');
    });
    after(() => t.close());

    test('the SPBE team decides; one open decision per app; the reason is required', async () => {
      const app = await newApp('e-Arsip Dinkes', dinkes);
      const noReason = await c.spbe.send('POST', `/api/v1/katalog/apps/${app.id}/decisions`, { decision: 'retire', reason: '   ' });
      assert.equal(noReason.statusCode, 400);
      assert.equal(noReason.json().errors[0].field, 'reason');
      assert.equal((await c.spbe.send('POST', `/api/v1/katalog/apps/${app.id}/decisions`, { decision: 'retire' })).statusCode, 400);
      const created = await c.spbe.send('POST', `/api/v1/katalog/apps/${app.id}/decisions`, { decision: 'retire', targetDate: '2026-02-01', reason: 'Diganti SRIKANDI', legalBasis: 'SE Sekda 1/2026' });
      assert.equal(created.statusCode, 201, created.body);
      const d = created.json();
      assert.equal(d.status, 'planned');
      assert.equal(d.targetDate, '2026-02-01');
      assert.equal(d.overdue, true, 'the test clock is 2 March 2026');
      assert.equal(d.decidedBy, 'tim.spbe@jatimprov.go.id');
      assert.equal(d.opdId, dinkes);
      const second = await c.spbe.send('POST', `/api/v1/katalog/apps/${app.id}/decisions`, { decision: 'keep', reason: 'Berubah pikiran' });
      assert.equal(second.statusCode, 409);
      assert.match(second.body, /sudah punya keputusan terbuka/);
      assert.equal((await decisionRows(app.id)).length, 1);
      const audit = await auditFor(d.id);
      assert.deepEqual(audit.map((a) => [a.action, a.target_type, a.actor_label, a.opd_id]), [['katalog.decision.created', 'katalog_decision', 'tim.spbe@jatimprov.go.id', dinkes]]);
      assert.equal((await appRow(app.id)).lifecycle, 'aktif', 'deciding alone moves nothing');
    });

    test('merge and replace say into what', async () => {
      const app = await newApp('SIMPEG Dinkes', dinkes);
      const post = (body: Record<string, unknown>) => c.spbe.send('POST', `/api/v1/katalog/apps/${app.id}/decisions`, { reason: 'Konsolidasi', ...body });
      assert.equal((await post({ decision: 'merge' })).json().errors[0].field, 'targetAppId');
      const self = await post({ decision: 'merge', targetAppId: app.id });
      assert.equal(self.statusCode, 400);
      assert.equal(self.json().errors[0].field, 'targetAppId');
      assert.match(self.body, /tidak bisa digabung ke dirinya sendiri/);
      assert.equal((await post({ decision: 'merge', targetAppId: '00000000-0000-4000-8000-000000000000' })).statusCode, 400);
      assert.equal((await post({ decision: 'replace' })).json().errors[0].field, 'replacementName');
      assert.equal((await post({ decision: 'retire', targetDate: '2026-02-30' })).statusCode, 400);
      assert.equal((await decisionRows(app.id)).length, 0);
    });

    test('who may decide: not agency admins, not auditors, not other agencies', async () => {
      const app = await newApp('Aplikasi Kominfo', diskominfo);
      const body = { decision: 'retire', reason: 'Tidak dipakai' };
      assert.equal((await c.kominfoAdmin.send('POST', `/api/v1/katalog/apps/${app.id}/decisions`, body)).statusCode, 403, 'the owning agency admin cannot decide');
      assert.equal((await c.kominfoOfficer.send('POST', `/api/v1/katalog/apps/${app.id}/decisions`, body)).statusCode, 403);
      assert.equal((await c.dinkesAdmin.send('POST', `/api/v1/katalog/apps/${app.id}/decisions`, body)).statusCode, 404);
      assert.equal((await c.auditor.send('POST', `/api/v1/katalog/apps/${app.id}/decisions`, body)).statusCode, 403);
      assert.equal((await c.kominfoAdmin.postForm(`/katalog/apps/${app.id}/decisions`, body)).statusCode, 403);
      assert.equal((await c.kominfoAdmin.get(`/katalog/apps/${app.id}/decisions/new`)).statusCode, 403);
      assert.equal((await decisionRows(app.id)).length, 0);

      const d = (await c.spbe.send('POST', `/api/v1/katalog/apps/${app.id}/decisions`, body)).json();
      for (const who of ['kominfoAdmin', 'kominfoOfficer', 'auditor'] as const) {
        assert.equal((await c[who].send('POST', `/api/v1/katalog/decisions/${d.id}/carry-out`)).statusCode, 403, who);
        assert.equal((await c[who].send('POST', `/api/v1/katalog/decisions/${d.id}/cancel`)).statusCode, 403, who);
        assert.equal((await c[who].postForm(`/katalog/decisions/${d.id}/carry-out`, {})).statusCode, 403, who);
      }
      assert.equal((await c.dinkesAdmin.send('POST', `/api/v1/katalog/decisions/${d.id}/carry-out`)).statusCode, 404);
      assert.equal((await c.dinkesAdmin.getJson(`/api/v1/katalog/decisions/${d.id}`)).statusCode, 404);
      assert.equal((await decisionRows(app.id))[0]!.status, 'planned');
      assert.equal((await appRow(app.id)).lifecycle, 'aktif');

      // Reading is wider: the agency's own staff and the auditors see the decision.
      assert.equal((await c.kominfoOfficer.getJson(`/api/v1/katalog/decisions/${d.id}`)).statusCode, 200);
      assert.equal((await c.auditor.getJson(`/api/v1/katalog/decisions/${d.id}`)).json().reason, 'Tidak dipakai');
      const officerList = (await c.kominfoOfficer.getJson('/api/v1/katalog/decisions')).json().items;
      assert.ok(officerList.every((i: { opdId: string }) => i.opdId === diskominfo));
      assert.ok(officerList.some((i: { id: string }) => i.id === d.id));
      assert.equal((await c.kominfoOfficer.getJson(`/api/v1/katalog/decisions?opdId=${dinkes}`)).json().items.length, 0);
    });

    test('carrying out moves the lifecycle, closes the decision and audits both, in one request', async () => {
      const target = await newApp('SIMPEG Provinsi', diskominfo);
      const cases = [
        { decision: 'retire', app: await newApp('Aplikasi Pensiun', dinkes), expect: { lifecycle: 'dipensiunkan', merged_into_id: null, replaced_by: null } },
        { decision: 'merge', targetAppId: target.id, app: await newApp('SIMPEG Dinkes Lama', dinkes), expect: { lifecycle: 'digabung', merged_into_id: target.id, replaced_by: null } },
        { decision: 'replace', replacementName: 'SRIKANDI', app: await newApp('e-Surat Dinkes', dinkes), expect: { lifecycle: 'diganti_aplikasi_umum', merged_into_id: null, replaced_by: 'SRIKANDI' } },
        { decision: 'keep', app: await newApp('SIMRS Dinkes', dinkes, { lifecycle: 'dalam_konsolidasi' }), expect: { lifecycle: 'aktif', merged_into_id: null, replaced_by: null } },
      ];
      for (const k of cases) {
        const { app, expect, ...body } = k;
        const before = await appRow(app.id);
        const d = (await c.spbe.send('POST', `/api/v1/katalog/apps/${app.id}/decisions`, { ...body, reason: `Uji ${k.decision}` })).json();
        t.clock.advance(1000);
        const done = await c.spbe.send('POST', `/api/v1/katalog/decisions/${d.id}/carry-out`);
        assert.equal(done.statusCode, 200, done.body);
        assert.equal(done.json().status, 'done');
        assert.equal(done.json().closedBy, 'tim.spbe@jatimprov.go.id');
        assert.equal(done.json().appLifecycle, expect.lifecycle);
        const after = await appRow(app.id);
        assert.deepEqual({ lifecycle: after.lifecycle, merged_into_id: after.merged_into_id, replaced_by: after.replaced_by }, expect, k.decision);
        assert.equal(after.version, before.version + 1);
        const events = await t.deps.db.selectFrom('katalog_app_event').select(['from_lifecycle', 'to_lifecycle']).where('app_id', '=', app.id).orderBy('id').execute();
        assert.deepEqual(events[events.length - 1], { from_lifecycle: before.lifecycle, to_lifecycle: expect.lifecycle });
        const decisionAudit = (await auditFor(d.id)).map((a) => a.action);
        assert.deepEqual(decisionAudit, ['katalog.decision.created', 'katalog.decision.carried_out']);
        const carried = (await auditFor(d.id))[1]!;
        const appAudit = (await auditFor(app.id)).filter((a) => a.action === 'katalog.app.updated');
        assert.equal(appAudit.length, 1);
        assert.equal(appAudit[0]!.request_id, carried.request_id, 'the app change and the decision close are one request');
        assert.deepEqual(carried.after, { status: 'done', lifecycle: expect.lifecycle });
        const again = await c.spbe.send('POST', `/api/v1/katalog/decisions/${d.id}/carry-out`);
        assert.equal(again.statusCode, 409);
        assert.equal((await c.spbe.send('POST', `/api/v1/katalog/decisions/${d.id}/cancel`)).statusCode, 409);
      }
      // An ended app takes no new decision.
      assert.equal((await c.spbe.send('POST', `/api/v1/katalog/apps/${cases[0]!.app.id}/decisions`, { decision: 'keep', reason: 'Hidupkan lagi' })).statusCode, 409);
    });

    test('a failed carry-out changes nothing and leaves the decision open', async () => {
      const target = await newApp('Aplikasi Tujuan', dinkes);
      const app = await newApp('Aplikasi Sumber', dinkes);
      const merge = (await c.spbe.send('POST', `/api/v1/katalog/apps/${app.id}/decisions`, { decision: 'merge', targetAppId: target.id, reason: 'Sama fungsinya' })).json();
      // Meanwhile the target itself is retired by another decision.
      const retire = (await c.spbe.send('POST', `/api/v1/katalog/apps/${target.id}/decisions`, { decision: 'retire', reason: 'Tidak dipakai' })).json();
      assert.equal((await c.spbe.send('POST', `/api/v1/katalog/decisions/${retire.id}/carry-out`)).statusCode, 200);
      const before = await appRow(app.id);
      const failed = await c.spbe.send('POST', `/api/v1/katalog/decisions/${merge.id}/carry-out`);
      assert.equal(failed.statusCode, 409);
      assert.match(failed.body, /Aplikasi tujuan sudah digabung/);
      assert.equal((await decisionRows(app.id))[0]!.status, 'planned', 'closing the decision was rolled back');
      assert.deepEqual(await appRow(app.id), before);
      assert.deepEqual((await auditFor(merge.id)).map((a) => a.action), ['katalog.decision.created']);
    });

    test('cancelling keeps the lifecycle and frees the app for a new decision', async () => {
      const app = await newApp('Aplikasi Batal', dinkes);
      const d = (await c.spbe.send('POST', `/api/v1/katalog/apps/${app.id}/decisions`, { decision: 'retire', reason: 'Rencana awal' })).json();
      const cancelled = await c.spbe.send('POST', `/api/v1/katalog/decisions/${d.id}/cancel`);
      assert.equal(cancelled.statusCode, 200);
      assert.equal(cancelled.json().status, 'cancelled');
      assert.equal((await appRow(app.id)).lifecycle, 'aktif');
      assert.equal((await c.spbe.send('POST', `/api/v1/katalog/decisions/${d.id}/carry-out`)).statusCode, 409);
      assert.deepEqual((await auditFor(d.id)).map((a) => a.action), ['katalog.decision.created', 'katalog.decision.cancelled']);
      t.clock.advance(1000);
      assert.equal((await c.spbe.send('POST', `/api/v1/katalog/apps/${app.id}/decisions`, { decision: 'keep', reason: 'Tetap dipakai' })).statusCode, 201);
      const history = (await c.auditor.getJson(`/api/v1/katalog/apps/${app.id}/decisions`)).json().items;
      assert.deepEqual(history.map((h: { decision: string; status: string }) => [h.decision, h.status]), [['keep', 'planned'], ['retire', 'cancelled']]);
    });

    test('the decisions list: open by target date, overdue, filtered by agency', async () => {
      const a = await newApp('Aplikasi Tenggat Lewat', diskominfo);
      const b = await newApp('Aplikasi Tenggat Nanti', diskominfo);
      await c.spbe.send('POST', `/api/v1/katalog/apps/${b.id}/decisions`, { decision: 'retire', targetDate: '2026-12-31', reason: 'Nanti' });
      await c.spbe.send('POST', `/api/v1/katalog/apps/${a.id}/decisions`, { decision: 'retire', targetDate: '2026-03-01', reason: 'Kemarin' });
      const open = (await c.spbe.getJson(`/api/v1/katalog/decisions?opdId=${diskominfo}`)).json().items;
      assert.deepEqual(open.map((d: { appId: string; overdue: boolean }) => [d.appId, d.overdue]).slice(0, 2), [[a.id, true], [b.id, false]]);
      const overdue = (await c.spbe.getJson(`/api/v1/katalog/decisions?opdId=${diskominfo}&status=overdue`)).json().items;
      assert.deepEqual(overdue.map((d: { appId: string }) => d.appId), [a.id]);
      const allOverdue = (await c.spbe.getJson('/api/v1/katalog/decisions?status=overdue')).json().items;
      assert.ok(allOverdue.every((d: { overdue: boolean }) => d.overdue));
      assert.ok(allOverdue.some((d: { opdId: string }) => d.opdId === dinkes));
      const done = (await c.auditor.getJson('/api/v1/katalog/decisions?status=done')).json().items;
      assert.ok(done.length >= 4 && done.every((d: { status: string }) => d.status === 'done'));
      const page = await c.spbe.get(`/katalog/decisions?status=overdue&opdId=${diskominfo}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Aplikasi Tenggat Lewat/);
      assert.doesNotMatch(page.body, /Aplikasi Tenggat Nanti/);
      assert.match(page.body, /Lewat target/);
      const portfolio = (await c.spbe.getJson(`/api/v1/katalog/agencies/${diskominfo}/portfolio`)).json();
      assert.equal(portfolio.decisions.overdue, 1);
      assert.ok(portfolio.decisions.open >= 2);
    });

    test('the screens: decide by form, see it on the app page, carry it out by form', async () => {
      const target = await newApp('SIMPEG Terpadu', diskominfo);
      const app = await newApp('SIMPEG Lama Kominfo', diskominfo);
      const form = await c.spbe.get(`/katalog/apps/${app.id}/decisions/new`);
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /SRIKANDI/, 'the national general applications are offered');
      const missing = await c.spbe.postForm(`/katalog/apps/${app.id}/decisions`, { decision: 'merge', targetAppKey: 'tidak-ada', reason: '' });
      assert.equal(missing.statusCode, 400);
      assert.match(missing.body, /class="error-summary"/);
      assert.match(missing.body, /href="#f-reason"/);
      const unknown = await c.spbe.postForm(`/katalog/apps/${app.id}/decisions`, { decision: 'merge', targetAppKey: 'tidak-ada', reason: 'Sama' });
      assert.equal(unknown.statusCode, 400);
      assert.match(unknown.body, /href="#f-targetAppKey"/);
      const ok = await c.spbe.postForm(`/katalog/apps/${app.id}/decisions`, { decision: 'merge', targetAppKey: target.key, targetDate: '2026-06-30', reason: 'Fungsi sama', legalBasis: 'Kepgub 5/2026' });
      assert.equal(ok.statusCode, 303, ok.body.slice(0, 300));
      assert.equal(ok.headers.location, `/katalog/apps/${app.id}#rasionalisasi`);
      const page = await c.spbe.get(`/katalog/apps/${app.id}`);
      assert.match(page.body, /Keputusan terbuka/);
      assert.match(page.body, /Gabungkan/);
      assert.match(page.body, /action="\/katalog\/decisions\/[0-9a-f-]+\/carry-out"/);
      const officerPage = await c.kominfoOfficer.get(`/katalog/apps/${app.id}`);
      assert.match(officerPage.body, /Keputusan terbuka/);
      assert.doesNotMatch(officerPage.body, /carry-out/, 'only the SPBE team sees the buttons');
      const id = (await decisionRows(app.id))[0]!.id;
      const carried = await c.spbe.postForm(`/katalog/decisions/${id}/carry-out`, { returnTo: '/katalog/decisions?status=done' });
      assert.equal(carried.statusCode, 303);
      assert.equal(carried.headers.location, '/katalog/decisions?status=done');
      assert.equal((await c.spbe.postForm(`/katalog/decisions/${id}/cancel`, {})).statusCode, 409, 'already carried out');
      const other = await newApp('Aplikasi Lain Kominfo', diskominfo);
      await c.spbe.postForm(`/katalog/apps/${other.id}/decisions`, { decision: 'retire', reason: 'Uji' });
      const otherId = (await decisionRows(other.id))[0]!.id;
      const offsite = await c.spbe.postForm(`/katalog/decisions/${otherId}/cancel`, { returnTo: 'https://evil.example/katalog' });
      assert.equal(offsite.statusCode, 303);
      assert.equal(offsite.headers.location, `/katalog/apps/${other.id}`, 'never redirected off site');
      assert.equal((await appRow(app.id)).lifecycle, 'digabung');
      const after = await c.spbe.get(`/katalog/apps/${app.id}`);
      assert.match(after.body, /Dilaksanakan/);
    });

    test('TIME by form: scored on the app page, errors shown with the form', async () => {
      const app = await newApp('Aplikasi Dinilai', diskominfo);
      const page = await c.kominfoAdmin.get(`/katalog/apps/${app.id}`);
      assert.match(page.body, /Klasifikasi TIME/);
      assert.match(page.body, /action="\/katalog\/apps\/[0-9a-f-]+\/time"/);
      const bad = await c.kominfoAdmin.postForm(`/katalog/apps/${app.id}/time`, { functionalFit: '', technicalFit: '7' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /class="error-summary"/);
      assert.match(bad.body, /href="#f-functionalFit"/);
      const ok = await c.kominfoAdmin.postForm(`/katalog/apps/${app.id}/time`, { functionalFit: '2', technicalFit: '4', note: 'Jarang dipakai' });
      assert.equal(ok.statusCode, 303);
      const after = await c.kominfoOfficer.get(`/katalog/apps/${app.id}`);
      assert.match(after.body, /Tolerate/);
      assert.match(after.body, /admin@kominfo\.go\.id/);
      assert.doesNotMatch(after.body, /action="\/katalog\/apps\/[0-9a-f-]+\/time"/, 'officers read, agency admins score');
      assert.equal((await c.kominfoOfficer.postForm(`/katalog/apps/${app.id}/time`, { functionalFit: '5', technicalFit: '5' })).statusCode, 403);
      assert.equal((await c.dinkesAdmin.postForm(`/katalog/apps/${app.id}/time`, { functionalFit: '5', technicalFit: '5' })).statusCode, 404);
      assert.equal((await c.auditor.send('POST', `/api/v1/katalog/apps/${app.id}/time-assessments`, { functionalFit: 5, technicalFit: 5 })).statusCode, 403);
      const history = await c.auditor.get(`/katalog/apps/${app.id}/time`);
      assert.equal(history.statusCode, 200);
      assert.match(history.body, /Jarang dipakai/);
      const en = new Client(t.app, { acceptLanguage: 'en' });
      await en.signIn('admin@kominfo.go.id');
      assert.match((await en.get(`/katalog/apps/${app.id}/time`)).body, /TIME assessment: Aplikasi Dinilai/);
    });
  });
}
