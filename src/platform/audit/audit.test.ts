import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type KyselyPlugin, type QueryId } from 'kysely';
import { engines } from '../../../test/support/db.ts';
import { Client, createTestApp, createUser, opdId, TEST_PASSWORD, type TestApp } from '../../../test/support/app.ts';
import type { Actor } from '../auth/actor.ts';
import { parseCsv } from '../text/csv.ts';
import { updateUser } from '../accounts/use-cases/update-user.ts';
import { recordAudit } from './record-audit.ts';
import { listAuditForTarget } from './index.ts';
import { exportAuditLog } from './use-cases/export-audit-log.ts';

/** A Kysely plugin that lets the audit INSERT run, then fails: the failure comes after recordAudit. */
function failAfterAuditInsert() {
  const auditInserts = new WeakSet<QueryId>();
  const state = { inserted: 0 };
  const plugin: KyselyPlugin = {
    transformQuery({ node, queryId }) {
      if (node.kind === 'InsertQueryNode' && node.into?.table.identifier.name === 'audit_log') auditInserts.add(queryId);
      return node;
    },
    async transformResult({ result, queryId }) {
      if (auditInserts.has(queryId)) {
        state.inserted++;
        throw new Error('failure after the audit row was written');
      }
      return result;
    },
  };
  return { plugin, state };
}

const ids = (res: { json(): { items: { targetId: string | null; action: string }[] } }) => res.json().items.map((i) => `${i.action}/${i.targetId}`);

for (const engine of engines()) {
  describe(`audit log on ${engine}`, () => {
    let t: TestApp;
    let opdA: string;
    let opdB: string;
    let adminId: string;
    let sriId: string;
    const c = {} as Record<'anon' | 'admin' | 'auditor' | 'petugas' | 'adminOpd' | 'timSpbe', Client>;
    let adminActor: Actor;

    before(async () => {
      t = await createTestApp(engine);
      opdA = await opdId(t.deps, 'diskominfo');
      opdB = await opdId(t.deps, 'dinkes');
      adminId = await createUser(t.deps, { email: 'admin@jatimprov.go.id', name: 'Admin Provinsi', roles: [{ role: 'admin' }] });
      await createUser(t.deps, { email: 'auditor@jatimprov.go.id', roles: [{ role: 'auditor' }] });
      await createUser(t.deps, { email: 'petugas@kominfo.go.id', roles: [{ role: 'petugas', opd: 'diskominfo' }] });
      await createUser(t.deps, { email: 'admin@kominfo.go.id', roles: [{ role: 'admin_opd', opd: 'diskominfo' }] });
      await createUser(t.deps, { email: 'tim@jatimprov.go.id', roles: [{ role: 'tim_spbe' }] });
      sriId = await createUser(t.deps, { email: 'sri.rahayu@kominfo.go.id', name: 'Sri Rahayu', roles: [{ role: 'petugas', opd: 'diskominfo' }] });
      adminActor = { kind: 'user', userId: adminId, name: 'Admin Provinsi', email: 'admin@jatimprov.go.id', grants: [{ role: 'admin', opdId: null }] };

      // Four rows around two Jakarta midnights (UTC+7): 17:00 UTC is 00:00 WIB the next day.
      const sri: Actor = { kind: 'user', userId: sriId, name: 'Sri Rahayu', email: 'sri.rahayu@kominfo.go.id', grants: [{ role: 'petugas', opdId: opdA }] };
      const token: Actor = { kind: 'token', tokenId: t.deps.ids.uuid(), name: 'sistem-dinkes', opdId: opdB, scopes: [], grants: [] };
      const write = async (at: string, context: Parameters<typeof recordAudit>[2], entry: Parameters<typeof recordAudit>[3]) => {
        t.clock.current = new Date(at);
        await recordAudit(t.deps.db, t.clock, context, entry);
      };
      await write('2025-06-30T16:59:59Z', { actor: sri, requestId: 'req-uji-1', ip: '10.0.0.1' }, {
        action: 'ujicoba.updated', targetType: 'ujicoba', targetId: 'T1', opdId: opdA,
        before: { judul: 'Rapat lama', status: 'draf' },
        after: { judul: 'Rapat "SPBE", tahap 2', status: 'draf' },
      });
      await write('2025-06-30T17:00:00Z', { actor: token }, { action: 'ujicoba.created', targetType: 'ujicoba', targetId: '=1+2', opdId: opdB, after: { judul: 'Pemeriksaan Kesehatan' } });
      await write('2025-07-01T16:59:59Z', { actor: null, system: 'cli' }, { action: 'ujicobax.deleted', targetType: 'ujicoba', targetId: 'T1', before: { judul: 'Rapat "SPBE", tahap 2' } });
      await write('2025-07-01T17:00:00Z', { actor: sri, requestId: 'req-uji-4' }, { action: 'ujicoba.updated', targetType: 'ujicoba', targetId: 'T3', opdId: opdA, before: { status: 'draf' }, after: { status: 'terbit' } });
      for (let i = 0; i < 55; i++) {
        await write(new Date(Date.UTC(2025, 7, 1, 0, i)).toISOString(), { actor: null, system: 'impor' }, { action: 'banyak.created', targetType: 'banyak', targetId: `B${i}` });
      }
      t.clock.current = new Date('2026-03-02T02:00:00Z');

      c.anon = new Client(t.app);
      for (const [key, email] of [
        ['admin', 'admin@jatimprov.go.id'],
        ['auditor', 'auditor@jatimprov.go.id'],
        ['petugas', 'petugas@kominfo.go.id'],
        ['adminOpd', 'admin@kominfo.go.id'],
        ['timSpbe', 'tim@jatimprov.go.id'],
      ] as const) {
        c[key] = new Client(t.app);
        await c[key].signIn(email);
      }
    });
    after(() => t.close());

    test('the database refuses UPDATE, DELETE and TRUNCATE on audit_log', async () => {
      const db = t.deps.db;
      const count = async () => Number((await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
      const n = await count();
      assert.ok(n > 0);
      await assert.rejects(sql`UPDATE audit_log SET action = 'dipalsukan'`.execute(db), /append-only/);
      await assert.rejects(db.updateTable('audit_log').set({ actor_label: 'orang lain' }).where('target_id', '=', 'T1').execute(), /append-only/);
      await assert.rejects(sql`DELETE FROM audit_log`.execute(db), /append-only/);
      await assert.rejects(sql`TRUNCATE audit_log`.execute(db), /append-only/);
      assert.equal(await count(), n);
      const actions = await db.selectFrom('audit_log').select('action').where('action', '=', 'dipalsukan').execute();
      assert.equal(actions.length, 0);
    });

    test('an audit row commits and rolls back with its change', async () => {
      const target = await createUser(t.deps, { email: 'target@kominfo.go.id', name: 'Nama Awal', roles: [{ role: 'petugas', opd: 'diskominfo' }] });
      const failing = failAfterAuditInsert();
      const brokenDeps = { ...t.deps, db: t.deps.db.withPlugin(failing.plugin) };
      await assert.rejects(
        updateUser(brokenDeps, { actor: adminActor, requestId: 'req-gagal' }, { userId: target, name: 'Nama Gagal' }),
        /failure after the audit row was written/,
      );
      assert.equal(failing.state.inserted, 1, 'the audit INSERT ran inside the transaction');
      const user = await t.deps.db.selectFrom('app_user').select('name').where('id', '=', target).executeTakeFirstOrThrow();
      assert.equal(user.name, 'Nama Awal', 'the change rolled back');
      const orphan = await t.deps.db.selectFrom('audit_log').select('id').where('target_id', '=', target).execute();
      assert.equal(orphan.length, 0, 'and its audit row with it');

      const ok = await c.admin.send('PATCH', `/api/v1/users/${target}`, { name: 'Nama Baru' });
      assert.equal(ok.statusCode, 200);
      const rows = await t.deps.db.selectFrom('audit_log').selectAll().where('target_id', '=', target).execute();
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.action, 'user.updated');
      assert.equal(rows[0]!.actor_label, 'admin@jatimprov.go.id');
      assert.equal(rows[0]!.request_id, ok.headers['x-request-id']);
      assert.deepEqual((rows[0]!.before as { name: string }).name, 'Nama Awal');
      assert.deepEqual((rows[0]!.after as { name: string }).name, 'Nama Baru');

      const found = await c.auditor.getJson(`/api/v1/audit?requestId=${ok.headers['x-request-id']}`);
      assert.deepEqual(ids(found), [`user.updated/${target}`]);
      const history = await listAuditForTarget(t.deps.db, 'user', target);
      assert.equal(history.length, 1);
      assert.equal(history[0]!.actorName, 'Admin Provinsi');
      assert.deepEqual(history[0]!.changes, [{ key: 'name', old: 'Nama Awal', new: 'Nama Baru' }]);
    });

    test('search filters: actor, action and prefix, target, agency, request id', async () => {
      const q = (query: string) => c.auditor.getJson(`/api/v1/audit?${query}`);
      assert.deepEqual(ids(await q('actor=RAHAYU@kominfo')), ['ujicoba.updated/T3', 'ujicoba.updated/T1']);
      assert.deepEqual(ids(await q(`actor=${encodeURIComponent('sri rahayu')}`)), ['ujicoba.updated/T3', 'ujicoba.updated/T1'], 'by the person’s name too');
      assert.deepEqual(ids(await q('actor=token:sistem')), ['ujicoba.created/=1+2']);
      assert.deepEqual(ids(await q('actor=%25')), [], 'LIKE wildcards are literal');
      assert.deepEqual(ids(await q('action=ujicoba.')), ['ujicoba.updated/T3', 'ujicoba.created/=1+2', 'ujicoba.updated/T1'], 'prefix, not ujicobax.');
      assert.deepEqual(ids(await q('action=ujicoba.*')), ['ujicoba.updated/T3', 'ujicoba.created/=1+2', 'ujicoba.updated/T1']);
      assert.deepEqual(ids(await q('action=ujicoba.updated')), ['ujicoba.updated/T3', 'ujicoba.updated/T1']);
      assert.deepEqual(ids(await q('action=ujicoba')), [], 'without a dot it is exact');
      assert.deepEqual(ids(await q('targetType=ujicoba&targetId=T1')), ['ujicobax.deleted/T1', 'ujicoba.updated/T1']);
      assert.deepEqual(ids(await q(`opdId=${opdA}&targetType=ujicoba`)), ['ujicoba.updated/T3', 'ujicoba.updated/T1']);
      assert.deepEqual(ids(await q(`opdId=${opdB}`)), ['ujicoba.created/=1+2']);
      assert.deepEqual(ids(await q('requestId=req-uji-4')), ['ujicoba.updated/T3']);

      const one = (await q('requestId=req-uji-1')).json().items[0];
      assert.equal(one.actorLabel, 'sri.rahayu@kominfo.go.id');
      assert.equal(one.actorName, 'Sri Rahayu');
      assert.deepEqual(one.actorRoles, [`petugas@${opdA}`]);
      assert.equal(one.opdName, 'Dinas Komunikasi dan Informatika Provinsi Jawa Timur');
      assert.equal(one.at, '2025-06-30T16:59:59.000Z');
      assert.deepEqual(one.before, { judul: 'Rapat lama', status: 'draf' });
      assert.deepEqual(one.after, { judul: 'Rapat "SPBE", tahap 2', status: 'draf' });
      assert.equal(one.ip, '10.0.0.1');
    });

    test('date filters are whole days in Asia/Jakarta, across midnight', async () => {
      const q = async (query: string) => ids(await c.auditor.getJson(`/api/v1/audit?targetType=ujicoba&${query}`));
      // 2025-06-30T16:59:59Z is 23:59:59 WIB on 30 June; 17:00:00Z is already 1 July.
      assert.deepEqual(await q('from=2025-06-30&to=2025-06-30'), ['ujicoba.updated/T1']);
      assert.deepEqual(await q('from=2025-07-01&to=2025-07-01'), ['ujicobax.deleted/T1', 'ujicoba.created/=1+2']);
      assert.deepEqual(await q('from=2025-07-02'), ['ujicoba.updated/T3']);
      assert.deepEqual(await q('to=2025-06-30'), ['ujicoba.updated/T1']);
      const inverted = await c.auditor.getJson('/api/v1/audit?from=2025-07-02&to=2025-07-01');
      assert.equal(inverted.statusCode, 400);
      assert.deepEqual(inverted.json().errors.map((e: { field: string }) => e.field), ['to']);
      assert.equal((await c.auditor.getJson('/api/v1/audit?from=2025-02-30')).statusCode, 400);
    });

    test('keyset pagination with the before cursor', async () => {
      const first = await c.auditor.getJson('/api/v1/audit?targetType=ujicoba&limit=3');
      assert.equal(first.statusCode, 200);
      assert.deepEqual(ids(first), ['ujicoba.updated/T3', 'ujicobax.deleted/T1', 'ujicoba.created/=1+2']);
      const cursor = first.json().nextBefore;
      assert.equal(cursor, first.json().items[2].id);
      const second = await c.auditor.getJson(`/api/v1/audit?targetType=ujicoba&limit=3&before=${cursor}`);
      assert.deepEqual(ids(second), ['ujicoba.updated/T1']);
      assert.equal(second.json().nextBefore, null);
      assert.equal((await c.auditor.getJson('/api/v1/audit?targetType=banyak')).json().items.length, 50, 'default page size');
      assert.equal((await c.auditor.getJson('/api/v1/audit?targetType=banyak&limit=200')).json().items.length, 55);
      assert.equal((await c.auditor.getJson('/api/v1/audit?limit=201')).statusCode, 400);
      assert.equal((await c.auditor.getJson('/api/v1/audit?before=abc')).statusCode, 400);
    });

    test('the screen pages 50 at a time with an "older" link that keeps the filters', async () => {
      const page1 = await c.auditor.get('/admin/audit?targetType=banyak');
      assert.equal(page1.statusCode, 200);
      assert.equal(page1.body.match(/<tr id="audit-/g)?.length, 50);
      assert.match(page1.body, /B54/);
      const older = page1.body.match(/href="(\/admin\/audit\?targetType=banyak&amp;before=\d+)" rel="next"/);
      assert.ok(older, 'older link with the same filters');
      const page2 = await c.auditor.get(older[1]!.replace(/&amp;/g, '&'));
      assert.equal(page2.body.match(/<tr id="audit-/g)?.length, 5);
      assert.match(page2.body, /B0</);
      assert.doesNotMatch(page2.body, /rel="next"/);
      assert.match(page2.body, /href="\/admin\/audit\?targetType=banyak"/, 'a link back to the newest');
    });

    test('the screen: filters without JavaScript, local times, roles, agency, diff, CSV link', async () => {
      const res = await c.auditor.get('/admin/audit?action=ujicoba.&from=2025-06-30&to=2025-06-30');
      assert.equal(res.statusCode, 200);
      const body = res.body;
      assert.match(body, /<html lang="id"/);
      assert.match(body, /<h1>Log audit<\/h1>/);
      assert.match(body, /<form method="get" action="\/admin\/audit"/);
      assert.match(body, /name="action" type="text" value="ujicoba\."/);
      assert.match(body, /name="from" type="date" value="2025-06-30"/);
      assert.equal(body.match(/<tr id="audit-/g)?.length, 1);
      assert.match(body, /<time datetime="2025-06-30T16:59:59.000Z">30 Jun 2025, 23\.59<\/time>/, 'id-ID in Asia/Jakarta');
      assert.match(body, /Sri Rahayu<br\/><span>sri\.rahayu@kominfo\.go\.id<\/span>/);
      assert.match(body, /Petugas — Dinas Komunikasi dan Informatika Provinsi Jawa Timur/);
      assert.match(body, /<td>Dinas Komunikasi dan Informatika Provinsi Jawa Timur<\/td>/);
      assert.match(body, /<details><summary>1 perubahan<\/summary>/);
      assert.match(body, /<code>judul<\/code>: <span>Rapat lama<\/span> → <span>Rapat &quot;SPBE&quot;, tahap 2<\/span>/);
      assert.match(body, /req-uji-1/);
      assert.match(body, /href="\/api\/v1\/audit\.csv\?action=ujicoba\.&amp;from=2025-06-30&amp;to=2025-06-30"/);
      assert.match(body, /<caption>/);
      assert.match(body, /<th scope="col">Waktu<\/th>/);

      const invalid = await c.auditor.get('/admin/audit?from=2025-07-02&to=2025-07-01');
      assert.equal(invalid.statusCode, 400);
      assert.match(invalid.body, /class="error-summary"/);
      assert.match(invalid.body, /href="#f-to"/);
      assert.match(invalid.body, /Tanggal akhir tidak boleh sebelum tanggal awal/);
    });

    test('English page via Accept-Language', async () => {
      const en = new Client(t.app, { acceptLanguage: 'en-GB,en;q=0.9' });
      await en.signIn('auditor@jatimprov.go.id');
      const res = await en.get('/admin/audit?requestId=req-uji-1');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<html lang="en"/);
      assert.match(res.body, /<h1>Audit log<\/h1>/);
      assert.match(res.body, /Download CSV/);
      assert.match(res.body, /Officer — Dinas Komunikasi dan Informatika Provinsi Jawa Timur/);
      assert.match(res.body, /1 changes/);
      assert.match(res.body, /30 Jun 2025, 23:59/);
    });

    test('the nav shows the audit log to admins and auditors only', async () => {
      assert.match((await c.auditor.get('/')).body, /href="\/admin\/audit"/);
      assert.match((await c.admin.get('/')).body, /href="\/admin\/audit"/);
      assert.doesNotMatch((await c.petugas.get('/')).body, /href="\/admin\/audit"/);
      assert.doesNotMatch((await c.timSpbe.get('/')).body, /href="\/admin\/audit"/);
    });

    test('CSV: BOM, attachment, local times, escaping and the formula guard', async () => {
      const res = await c.auditor.get('/api/v1/audit.csv?targetType=ujicoba');
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'text/csv; charset=utf-8');
      assert.equal(res.headers['content-disposition'], 'attachment; filename="padu-audit-2026-03-02.csv"');
      assert.deepEqual([...res.rawPayload.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte-order mark');
      const [header, ...rows] = parseCsv(res.body);
      assert.deepEqual(header!.slice(0, 4), ['id', 'time', 'actor', 'actor_name']);
      assert.equal(rows.length, 4);
      const col = (name: string) => header!.indexOf(name);
      const t1 = rows[3]!;
      assert.equal(t1[col('time')], '2025-06-30T23:59:59+07:00');
      assert.equal(t1[col('actor_roles')], 'petugas@Dinas Komunikasi dan Informatika Provinsi Jawa Timur');
      assert.equal(t1[col('opd_name')], 'Dinas Komunikasi dan Informatika Provinsi Jawa Timur');
      assert.equal(t1[col('changes')], 'judul: Rapat lama → Rapat "SPBE", tahap 2');
      assert.deepEqual(JSON.parse(t1[col('after')]!), { judul: 'Rapat "SPBE", tahap 2', status: 'draf' });
      assert.match(res.body, /"judul: Rapat lama → Rapat ""SPBE"", tahap 2"/);
      assert.equal(rows[2]![col('target_id')], "'=1+2", 'formula made inert');
      assert.match(res.body, /,'=1\+2,/);
      assert.equal(rows[1]![col('actor')], 'cli');

      const filtered = await c.admin.get('/api/v1/audit.csv?actor=token:sistem');
      assert.equal(parseCsv(filtered.body).length, 2, 'same filters as the search');
      const capped = [];
      for await (const batch of exportAuditLog(t.deps, adminActor, { targetType: 'banyak' }, 7)) capped.push(...batch);
      assert.equal(capped.length, 7, 'the export stops at its row limit');
      assert.equal(capped[0]!.targetId, 'B54');
    });

    test('no password hash or secret ever appears in before/after', async () => {
      const userId = await createUser(t.deps, { email: 'ganti.sandi@jatimprov.go.id', roles: [{ role: 'tim_spbe' }] });
      const me = new Client(t.app);
      await me.signIn('ganti.sandi@jatimprov.go.id');
      const newPassword = 'frasa-sandi-baru-yang-cukup-panjang';
      const changed = await me.send('POST', '/api/v1/me/password', { currentPassword: TEST_PASSWORD, newPassword, confirmPassword: newPassword });
      assert.equal(changed.statusCode, 200);
      const hash = (await t.deps.db.selectFrom('app_user').select('password_hash').where('id', '=', userId).executeTakeFirstOrThrow()).password_hash!;

      // A change that passes secrets in its snapshot, and a row written around recordAudit.
      await recordAudit(t.deps.db, t.clock, { actor: adminActor }, {
        action: 'user.updated', targetType: 'user', targetId: userId,
        before: { name: 'A', password_hash: hash, nested: { tokenHash: 'rahasia-token', api_key: 'rahasia-kunci' } },
        after: { name: 'B', password: newPassword, client_secret: 'rahasia-klien' },
      });
      await sql`INSERT INTO audit_log (at, actor_label, action, target_type, target_id, after) VALUES (now(), 'lama', 'user.imported', 'user', ${userId}, ${JSON.stringify({ password_hash: hash, name: 'C' })}::jsonb)`.execute(t.deps.db);

      const api = await c.admin.getJson(`/api/v1/audit?targetType=user&targetId=${userId}`);
      assert.deepEqual(api.json().items.map((i: { action: string }) => i.action), ['user.imported', 'user.updated', 'user.password_changed']);
      assert.deepEqual(api.json().items[1].before, { name: 'A', nested: {} });
      assert.deepEqual(api.json().items[1].after, { name: 'B' });
      assert.deepEqual(api.json().items[0].after, { name: 'C' });
      const csv = (await c.admin.get(`/api/v1/audit.csv?targetId=${userId}`)).body;
      const page = (await c.admin.get(`/admin/audit?targetId=${userId}`)).body;
      const stored = (await sql<{ t: string }>`SELECT coalesce(string_agg(before::text || ' ' || after::text, ' '), '') AS t FROM audit_log WHERE action <> 'user.imported'`.execute(t.deps.db)).rows[0]!.t;
      for (const [where, text] of [['API', api.body], ['CSV', csv], ['page', page], ['table', stored]] as const) {
        for (const secret of [hash, '$argon2', newPassword, TEST_PASSWORD, 'rahasia-']) {
          assert.ok(!text.includes(secret), `${where} leaks ${secret.slice(0, 12)}`);
        }
      }
    });

    test('admins and auditors may read; agency staff and tim SPBE get 403; anonymous 401', async () => {
      const urls = ['/admin/audit', '/api/v1/audit', '/api/v1/audit.csv'];
      const expected = { admin: 200, auditor: 200, petugas: 403, adminOpd: 403, timSpbe: 403, anon: 401 } as const;
      for (const url of urls) {
        for (const [who, status] of Object.entries(expected) as [keyof typeof expected, number][]) {
          const res = url.startsWith('/api/') ? await c[who].getJson(url) : await c[who].get(url);
          assert.equal(res.statusCode, status, `${who} ${url}`);
          if (status >= 400) {
            assert.doesNotMatch(res.body, /ujicoba|sri\.rahayu/, `${who} ${url} leaks nothing`);
            if (url.startsWith('/api/')) assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
          }
        }
      }
      const badFilter = await c.petugas.get('/admin/audit?from=nonsense');
      assert.equal(badFilter.statusCode, 403, 'refused before the filters are looked at');
    });
  });
}
