import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from '../../../../../test/support/db.ts';
import { Client, createTestApp, createUser, opdId, type TestApp } from '../../../../../test/support/app.ts';
import { addYears } from '../shared.ts';
import { auditIntervalYears } from './security-due.ts';

for (const engine of engines()) {
  describe(`katalog infrastructure and security audits on ${engine}`, () => {
    let t: TestApp;
    const c = {} as Record<'spbe' | 'kominfoAdmin' | 'dinkesAdmin' | 'dishubAdmin' | 'auditor', Client>;
    let diskominfo: string;
    let dinkes: string;
    let dishub: string;
    let surabaya: string;
    let dcId: string;

    before(async () => {
      t = await createTestApp(engine);
      const people = {
        spbe: { email: 'tim.spbe@jatimprov.go.id', roles: [{ role: 'tim_spbe' as const }] },
        kominfoAdmin: { email: 'admin@kominfo.go.id', roles: [{ role: 'admin_opd' as const, opd: 'diskominfo' }] },
        dinkesAdmin: { email: 'admin@dinkes.go.id', roles: [{ role: 'admin_opd' as const, opd: 'dinkes' }] },
        dishubAdmin: { email: 'admin@dishub.go.id', roles: [{ role: 'admin_opd' as const, opd: 'dishub' }] },
        auditor: { email: 'auditor@jatimprov.go.id', roles: [{ role: 'auditor' as const }] },
      };
      for (const [name, p] of Object.entries(people)) {
        await createUser(t.deps, p);
        c[name as keyof typeof c] = new Client(t.app);
        await c[name as keyof typeof c].signIn(p.email);
      }
      diskominfo = await opdId(t.deps, 'diskominfo');
      dinkes = await opdId(t.deps, 'dinkes');
      dishub = await opdId(t.deps, 'dishub');
      surabaya = await opdId(t.deps, '35.78');
    });
    after(() => t.close());

    test('due-date rules: yearly for general apps and infrastructure, two-yearly for agency apps', () => {
      assert.equal(auditIntervalYears({ kind: 'infra' }), 1);
      assert.equal(auditIntervalYears({ kind: 'app', category: 'umum' }), 1);
      assert.equal(auditIntervalYears({ kind: 'app', category: 'khusus' }), 2);
      assert.equal(auditIntervalYears({ kind: 'app', category: 'khusus_wajib' }), 2);
      assert.equal(addYears('2024-02-29', 2), '2026-02-28');
      assert.equal(addYears('2024-02-29', 4), '2028-02-29');
      assert.equal(addYears('2025-12-31', 1), '2026-12-31');
    });

    test('the operator records a data centre and its tenants; agencies and regencies are counted apart', async () => {
      const ok = await c.kominfoAdmin.postForm('/katalog/infra', { name: 'Pusat Data Provinsi Jawa Timur', kind: 'pusat_data', operatorOpdId: diskominfo, location: 'Surabaya' });
      assert.equal(ok.statusCode, 303, ok.body.slice(0, 300));
      dcId = String(ok.headers.location).split('/').pop()!;
      for (const [opd, since] of [[diskominfo, '2019-01-02'], [dinkes, '2021-07-01'], [surabaya, '2022-03-15']] as const) {
        const res = await c.kominfoAdmin.postForm(`/katalog/infra/${dcId}/tenants`, { opdId: opd, since });
        assert.equal(res.statusCode, 303, res.body.slice(0, 300));
      }
      const future = await c.kominfoAdmin.postForm(`/katalog/infra/${dcId}/tenants`, { opdId: dishub, since: '2026-03-03' });
      assert.equal(future.statusCode, 400);
      assert.match(future.body, /Tanggal tidak boleh setelah hari ini/);
      const bogus = await c.kominfoAdmin.postForm(`/katalog/infra/${dcId}/tenants`, { opdId: dishub, since: '2026-02-30' });
      assert.equal(bogus.statusCode, 400);
      assert.match(bogus.body, /Masukkan tanggal yang benar/);

      const dc = (await c.kominfoAdmin.getJson(`/api/v1/katalog/infra/${dcId}`)).json();
      assert.deepEqual(dc.tenantCounts, { agencies: 2, regencies: 1 });
      assert.deepEqual(dc.tenants.find((x: { opdId: string }) => x.opdId === surabaya).since, '2022-03-15');
      const page = await c.kominfoAdmin.get(`/katalog/infra/${dcId}`);
      assert.match(page.body, /2 perangkat daerah dan 1 kabupaten\/kota/);
      assert.match(page.body, /<h2>Penyewa<\/h2>/);

      // A tenant agency sees the data centre it is hosted in, but only the operator changes it.
      assert.equal((await c.dinkesAdmin.getJson(`/api/v1/katalog/infra/${dcId}`)).statusCode, 200);
      assert.equal((await c.dinkesAdmin.send('PATCH', `/api/v1/katalog/infra/${dcId}`, { name: 'Diubah' })).statusCode, 403);
      assert.equal((await c.dinkesAdmin.send('PUT', `/api/v1/katalog/infra/${dcId}/tenants/${dinkes}`, { since: '2020-01-01' })).statusCode, 403);
      assert.equal((await c.dishubAdmin.getJson(`/api/v1/katalog/infra/${dcId}`)).statusCode, 404);
      assert.equal((await c.dishubAdmin.send('DELETE', `/api/v1/katalog/infra/${dcId}/tenants/${dinkes}`)).statusCode, 404);

      const removed = await c.kominfoAdmin.send('DELETE', `/api/v1/katalog/infra/${dcId}/tenants/${surabaya}`);
      assert.equal(removed.statusCode, 200);
      assert.deepEqual(removed.json().tenantCounts, { agencies: 2, regencies: 0 });
      const history = (await c.auditor.getJson(`/api/v1/katalog/infra/${dcId}/history`)).json().items.map((h: { action: string }) => h.action);
      assert.deepEqual(history, ['katalog.infra.tenant_removed', 'katalog.infra.tenant_set', 'katalog.infra.tenant_set', 'katalog.infra.tenant_set', 'katalog.infra.created']);
    });

    test('the intranet lists its connected agencies', async () => {
      const jip = await c.spbe.send('POST', '/api/v1/katalog/infra', { name: 'Jaringan Intra Pemerintah Jatim', kind: 'intranet', operatorOpdId: diskominfo });
      assert.equal(jip.statusCode, 201, jip.body);
      const put = await c.kominfoAdmin.send('PUT', `/api/v1/katalog/infra/${jip.json().id}/tenants/${dishub}`, { since: '2023-05-01' });
      assert.equal(put.statusCode, 200, put.body);
      const page = await c.dishubAdmin.get(`/katalog/infra/${jip.json().id}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Perangkat daerah tersambung/);
      const list = (await c.dishubAdmin.getJson('/api/v1/katalog/infra')).json().items.map((i: { name: string }) => i.name);
      assert.deepEqual(list, ['Jaringan Intra Pemerintah Jatim']);
    });

    test('security audits: next due computed, overdue and upcoming lists, newest audit counts', async () => {
      const mk = async (client: Client, key: string, category: string, opd: string) => (await client.send('POST', '/api/v1/katalog/apps', { key, name: key, category, opdId: opd })).json().id as string;
      const umum = await mk(c.spbe, 'srikandi', 'umum', diskominfo);
      const khusus = await mk(c.kominfoAdmin, 'kominfo-egov', 'khusus', diskominfo);
      const fresh = await mk(c.kominfoAdmin, 'kominfo-baru', 'khusus', diskominfo);
      const dinkesApp = await mk(c.dinkesAdmin, 'dinkes-sik', 'khusus', dinkes);

      const rec = (client: Client, body: Record<string, unknown>) => client.send('POST', '/api/v1/katalog/security-audits', body);
      const r1 = await rec(c.spbe, { appId: umum, auditedOn: '2025-03-10', auditor: 'BSSN' });
      assert.equal(r1.statusCode, 201, r1.body);
      assert.deepEqual([r1.json().nextDue, r1.json().intervalYears], ['2026-03-10', 1]);
      const r2 = await rec(c.kominfoAdmin, { appId: khusus, auditedOn: '2024-02-29', auditor: 'Inspektorat' });
      assert.deepEqual([r2.json().nextDue, r2.json().intervalYears], ['2026-02-28', 2]);
      assert.equal((await rec(c.kominfoAdmin, { appId: fresh, auditedOn: '2025-06-01', auditor: 'BSSN' })).json().nextDue, '2027-06-01');
      assert.equal((await rec(c.kominfoAdmin, { infraId: dcId, auditedOn: '2025-01-15', auditor: 'BSSN' })).json().nextDue, '2026-01-15');
      assert.equal((await rec(c.dinkesAdmin, { appId: dinkesApp, auditedOn: '2025-04-01', auditor: 'Inspektorat' })).json().nextDue, '2027-04-01');

      const future = await rec(c.kominfoAdmin, { appId: khusus, auditedOn: '2026-03-03', auditor: 'BSSN' });
      assert.equal(future.statusCode, 400);
      assert.match(future.body, /Tanggal audit tidak boleh setelah hari ini/);
      assert.equal((await rec(c.kominfoAdmin, { appId: khusus, infraId: dcId, auditedOn: '2025-01-01', auditor: 'BSSN' })).statusCode, 400);
      assert.equal((await rec(c.kominfoAdmin, { appId: dinkesApp, auditedOn: '2025-01-01', auditor: 'BSSN' })).statusCode, 404, "another agency's app");
      assert.equal((await rec(c.dinkesAdmin, { infraId: dcId, auditedOn: '2025-01-01', auditor: 'BSSN' })).statusCode, 403, 'a tenant reads the data centre but does not audit it');

      const due = (await c.spbe.getJson('/api/v1/katalog/security-audits')).json();
      assert.equal(due.today, '2026-03-02');
      assert.equal(due.until, '2026-05-31');
      assert.deepEqual(due.overdue.map((a: { targetName: string; daysLeft: number }) => [a.targetName, a.daysLeft]), [['Pusat Data Provinsi Jawa Timur', -46], ['kominfo-egov', -2]]);
      assert.deepEqual(due.upcoming.map((a: { targetName: string; daysLeft: number }) => [a.targetName, a.daysLeft]), [['srikandi', 8]]);

      // A newer audit replaces the overdue one.
      const form = await c.kominfoAdmin.postForm('/katalog/security-audits', { infraId: dcId, auditedOn: '2026-02-01', auditor: 'BSSN', result: 'Tidak ada temuan kritis' });
      assert.equal(form.statusCode, 303, form.body.slice(0, 300));
      assert.equal(form.headers.location, `/katalog/infra/${dcId}`);
      const after = (await c.kominfoAdmin.getJson(`/api/v1/katalog/security-audits?opdId=${diskominfo}`)).json();
      assert.deepEqual(after.overdue.map((a: { targetName: string }) => a.targetName), ['kominfo-egov']);
      assert.equal((await c.dinkesAdmin.getJson('/api/v1/katalog/security-audits')).json().overdue.length, 0, 'agency staff see only their own agency');

      const page = await c.kominfoAdmin.get('/katalog/security-audits');
      assert.match(page.body, /2 hari terlambat/);
      assert.match(page.body, /8 hari lagi/);
      const audits = await t.deps.db.selectFrom('audit_log').select(['target_type', 'opd_id']).where('action', '=', 'katalog.security_audit.recorded').orderBy('id').execute();
      assert.equal(audits.length, 6);
      assert.deepEqual(audits[3], { target_type: 'katalog_infra', opd_id: diskominfo });
      const bad = await c.kominfoAdmin.postForm('/katalog/security-audits', { appId: khusus, auditedOn: '', auditor: '' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /href="#f-auditedOn"/);
    });

    test('English on request', async () => {
      const en = new Client(t.app, { acceptLanguage: 'en' });
      await en.signIn('admin@kominfo.go.id');
      const bad = await en.send('PUT', `/api/v1/katalog/infra/${dcId}/tenants/${dishub}`, { since: '2030-01-01' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /The date cannot be after today/);
      assert.match((await en.get('/katalog/security-audits')).body, /SPBE security audits/);
    });
  });
}
