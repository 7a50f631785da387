import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { engines } from '../../../../test/support/db.ts';
import { Client, createTestApp, createUser, opdId, type TestApp } from '../../../../test/support/app.ts';
import type { Lifecycle } from '../db.ts';
import { activeCurve, appQuality, classifyTime, costSavedByYear, monthRange } from './metrics.ts';

/**
 * The portfolio numbers on a small fixture whose every figure is worked out by hand: apps with
 * lifecycle events at known instants (some on month boundaries in UTC that fall in the next month
 * in Jakarta), known costs, hosting and filled-in fields.
 */

interface FixtureApp {
  key: string;
  opd: 'A' | 'B' | null;
  events: [string, Lifecycle][];
  description?: string;
  hosting?: 'pdn' | 'pusat_data_provinsi' | 'server_sendiri' | 'cloud_komersial' | 'saas';
  url?: string;
  yearlyCost?: number;
  legalBasis?: string;
  codes?: { code: string; usage: 'rab' | 'ral' }[];
  mergedInto?: string;
  replacedBy?: string;
}

const C1 = 'RAB.01.01';
const C2 = 'RAB.01.02';
const C2_PROVINCE = 'RAB.01.02.01';
const C3 = 'RAB.02.01';
const R1 = 'RAL.01.01';

const FIXTURE: FixtureApp[] = [
  { key: 'fx-a1', opd: 'A', events: [['2025-01-10T03:00:00Z', 'aktif'], ['2025-06-15T03:00:00Z', 'dipensiunkan']], yearlyCost: 100_000_000 },
  {
    key: 'fx-a3',
    opd: 'A',
    // 17:00 UTC on 31 March is midnight on 1 April in Jakarta: it counts in April.
    events: [['2025-02-01T03:00:00Z', 'rencana'], ['2025-03-31T17:00:00Z', 'aktif']],
    description: 'Kepegawaian terpadu',
    hosting: 'pusat_data_provinsi',
    url: 'https://simpeg.jatimprov.go.id',
    yearlyCost: 75_000_000,
    legalBasis: 'Pergub 1/2025',
    codes: [
      { code: C1, usage: 'rab' },
      { code: C2_PROVINCE, usage: 'rab' },
    ],
  },
  {
    key: 'fx-a2',
    opd: 'A',
    events: [['2025-01-20T03:00:00Z', 'aktif'], ['2025-03-05T03:00:00Z', 'dalam_konsolidasi'], ['2025-09-30T20:00:00Z', 'digabung']],
    yearlyCost: 50_000_000,
    codes: [{ code: C3, usage: 'rab' }],
    mergedInto: 'fx-a3',
  },
  { key: 'fx-a4', opd: 'A', events: [['2026-02-01T03:00:00Z', 'rencana']], yearlyCost: 0 },
  { key: 'fx-b1', opd: 'B', events: [['2024-12-31T18:00:00Z', 'aktif'], ['2025-12-31T18:00:00Z', 'diganti_aplikasi_umum']], yearlyCost: 200_000_000, replacedBy: 'SRIKANDI' },
  { key: 'fx-b2', opd: 'B', events: [['2025-02-10T03:00:00Z', 'aktif']], description: 'Sistem rujukan', hosting: 'server_sendiri' },
  {
    key: 'fx-b3',
    opd: 'B',
    events: [['2025-03-01T03:00:00Z', 'aktif'], ['2025-03-20T03:00:00Z', 'dipensiunkan'], ['2025-08-01T03:00:00Z', 'aktif']],
    hosting: 'cloud_komersial',
    url: 'https://b3.example.id',
    codes: [{ code: C1, usage: 'rab' }],
  },
  { key: 'fx-n1', opd: null, events: [['2025-05-05T03:00:00Z', 'aktif']], description: '   ', codes: [{ code: R1, usage: 'ral' }] },
];

const MONTHS = monthRange('2025-01', '2026-03');
const TOTAL = [3, 4, 4, 5, 6, 5, 5, 6, 6, 5, 5, 5, 4, 4, 4];
const AGENCY_A = [2, 2, 2, 3, 3, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1];
const AGENCY_B = [1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 2, 2, 2];
const NO_OWNER = [0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];

test('TIME classes: 3 and above is high', () => {
  assert.equal(classifyTime(3, 3), 'invest');
  assert.equal(classifyTime(5, 2), 'migrate');
  assert.equal(classifyTime(2, 3), 'tolerate');
  assert.equal(classifyTime(2, 2), 'eliminate');
  assert.equal(classifyTime(1, 5), 'tolerate');
  assert.equal(classifyTime(3, 1), 'migrate');
});

test('the curve folds moves older than its window into its first month', () => {
  const curve = activeCurve(
    [
      { opdId: 'x', month: '2010-01', delta: 5 },
      { opdId: 'x', month: '2025-02', delta: -1 },
    ],
    '2025-03',
  );
  assert.equal(curve.months.length, 120);
  assert.equal(curve.months[0], '2015-04');
  assert.equal(curve.total[0], 5);
  assert.deepEqual(curve.total.slice(-3), [5, 4, 4]);
});

test('quality and cost arithmetic on plain values', () => {
  const q = appQuality({ name: 'X', description: ' ', opdId: null, category: 'khusus', hasCapabilityCode: false, hosting: null, url: null, yearlyCost: 0, legalBasis: null, lifecycle: 'aktif' });
  assert.equal(q.score, 40);
  assert.deepEqual(q.missing, ['description', 'owner', 'capabilityCode', 'hosting', 'url', 'legalBasis']);
  assert.deepEqual(costSavedByYear([{ year: 2025, yearlyCost: 10 }, { year: 2024, yearlyCost: null }, { year: 2025, yearlyCost: 5 }]), {
    total: 15,
    byYear: [
      { year: 2024, apps: 1, amount: 0, appsWithoutCost: 1 },
      { year: 2025, apps: 2, amount: 15, appsWithoutCost: 0 },
    ],
  });
});

for (const engine of engines()) {
  describe(`katalog portfolio numbers on ${engine}`, () => {
    let t: TestApp;
    let spbe: Client;
    let kominfoAdmin: Client;
    let warga: Client;
    const ids = new Map<string, string>();
    let opdA: string;
    let opdB: string;

    before(async () => {
      t = await createTestApp(engine);
      await createUser(t.deps, { email: 'tim.spbe@jatimprov.go.id', roles: [{ role: 'tim_spbe' }] });
      await createUser(t.deps, { email: 'admin@kominfo.go.id', roles: [{ role: 'admin_opd', opd: 'diskominfo' }] });
      await createUser(t.deps, { email: 'warga@example.id', roles: [{ role: 'warga' }] });
      spbe = new Client(t.app);
      await spbe.signIn('tim.spbe@jatimprov.go.id');
      kominfoAdmin = new Client(t.app);
      await kominfoAdmin.signIn('admin@kominfo.go.id');
      warga = new Client(t.app);
      await warga.signIn('warga@example.id');
      opdA = await opdId(t.deps, 'diskominfo');
      opdB = await opdId(t.deps, 'dinkes');
      const db = t.deps.db;
      await db.insertInto('arch_ref').values({ code: C2_PROVINCE, kind: 'RAB', name: 'Kepegawaian daerah (uji)', level: 3, parent_code: C2, origin: 'province', confidence: null, created_at: t.clock.now() }).execute();
      for (const f of FIXTURE) ids.set(f.key, randomUUID());
      for (const f of FIXTURE) {
        const last = f.events[f.events.length - 1]!;
        const id = ids.get(f.key)!;
        await db
          .insertInto('katalog_app')
          .values({
            id,
            key: f.key,
            name: `Aplikasi ${f.key}`,
            acronym: null,
            description: f.description ?? null,
            opd_id: f.opd === 'A' ? opdA : f.opd === 'B' ? opdB : null,
            category: 'khusus',
            hosting: f.hosting ?? null,
            url: f.url ?? null,
            technology: null,
            users: null,
            yearly_cost: f.yearlyCost ?? null,
            legal_basis: f.legalBasis ?? null,
            lifecycle: last[1],
            lifecycle_changed_at: last[0],
            merged_into_id: f.mergedInto ? ids.get(f.mergedInto)! : null,
            replaced_by: f.replacedBy ?? null,
            created_at: f.events[0]![0],
            updated_at: last[0],
          })
          .execute();
        if (f.codes?.length) await db.insertInto('katalog_app_code').values(f.codes.map((c) => ({ app_id: id, ...c }))).execute();
        let previous: Lifecycle | null = null;
        for (const [at, to] of f.events) {
          await db.insertInto('katalog_app_event').values({ app_id: id, at, from_lifecycle: previous, to_lifecycle: to, opd_id: null }).execute();
          previous = to;
        }
      }
    });
    after(() => t.close());

    test('the province-wide curve, cost saved, hosting, owners and data quality', async () => {
      const res = await spbe.getJson('/api/v1/katalog/portfolio');
      assert.equal(res.statusCode, 200, res.body);
      const p = res.json();
      assert.deepEqual(p.months, MONTHS);
      assert.deepEqual(p.active, TOTAL);
      assert.equal(p.activeNow, 4);
      const live = await t.deps.db.selectFrom('katalog_app').select('id').where('lifecycle', 'in', ['aktif', 'dalam_konsolidasi']).execute();
      assert.equal(p.activeNow, live.length, 'the last point agrees with the apps’ current lifecycle');
      assert.deepEqual(
        p.agencies.map((a: { opdId: string | null; active: number[]; activeNow: number; currentApps: number; quality: number | null; outsideDataCentre: number }) => [a.opdId, a.active, a.activeNow, a.currentApps, a.quality, a.outsideDataCentre]),
        [
          [opdB, AGENCY_B, 2, 2, 65, 2],
          [opdA, AGENCY_A, 1, 2, 75, 0],
          [null, NO_OWNER, 1, 1, 40, 0],
        ],
      );
      assert.deepEqual(p.costSaved, {
        total: 350_000_000,
        byYear: [
          { year: 2025, apps: 2, amount: 150_000_000, appsWithoutCost: 0 },
          { year: 2026, apps: 1, amount: 200_000_000, appsWithoutCost: 0 },
        ],
      });
      assert.equal(p.hosting.outsideDataCentre, 2);
      assert.equal(p.hosting.unknown, 1);
      assert.deepEqual(p.hosting.apps.map((a: { id: string; hosting: string }) => [a.id, a.hosting]), [
        [ids.get('fx-b2'), 'server_sendiri'],
        [ids.get('fx-b3'), 'cloud_komersial'],
      ]);
      assert.equal(p.withoutOwner.count, 1);
      assert.deepEqual(p.withoutOwner.apps.map((a: { id: string }) => a.id), [ids.get('fx-n1')]);
      assert.equal(p.quality.overall, 64);
      assert.equal(p.quality.apps, 5);
      assert.deepEqual(
        p.quality.leastComplete.map((q: { id: string; score: number; missing: string[] }) => [q.id, q.score, q.missing]),
        [
          [ids.get('fx-n1'), 40, ['description', 'owner', 'hosting', 'url', 'yearlyCost', 'legalBasis']],
          [ids.get('fx-a4'), 50, ['description', 'capabilityCode', 'hosting', 'url', 'legalBasis']],
          [ids.get('fx-b2'), 60, ['capabilityCode', 'url', 'yearlyCost', 'legalBasis']],
          [ids.get('fx-b3'), 70, ['description', 'yearlyCost', 'legalBasis']],
          [ids.get('fx-a3'), 100, []],
        ],
      );
      assert.deepEqual(p.time, { invest: 0, migrate: 0, tolerate: 0, eliminate: 0, notAssessed: 5 });
      assert.deepEqual(p.decisions, { open: 0, overdue: 0 });
      const two = (await spbe.getJson('/api/v1/katalog/portfolio?leastComplete=2')).json();
      assert.equal(two.quality.leastComplete.length, 2);
    });

    test('per agency: the SPBE team sees any agency; agency staff see only their own', async () => {
      const b = (await spbe.getJson(`/api/v1/katalog/agencies/${opdB}/portfolio`)).json();
      assert.equal(b.opdId, opdB);
      assert.deepEqual(b.months, MONTHS);
      assert.deepEqual(b.active, AGENCY_B);
      assert.deepEqual(b.costSaved.byYear, [{ year: 2026, apps: 1, amount: 200_000_000, appsWithoutCost: 0 }]);
      assert.equal(b.quality.overall, 65);
      assert.equal(b.withoutOwner.count, 0);

      const mine = (await kominfoAdmin.getJson('/api/v1/katalog/portfolio')).json();
      assert.deepEqual(mine.active, AGENCY_A, 'an agency admin’s overview is their agency');
      assert.deepEqual(mine.agencies.map((a: { opdId: string }) => a.opdId), [opdA]);
      assert.equal(mine.costSaved.total, 150_000_000);
      assert.equal(mine.quality.overall, 75);
      assert.equal(mine.withoutOwner.count, 0);
      assert.equal((await kominfoAdmin.getJson(`/api/v1/katalog/agencies/${opdB}/portfolio`)).statusCode, 404);
      assert.equal((await kominfoAdmin.getJson(`/api/v1/katalog/agencies/${opdA}/portfolio`)).statusCode, 200);
      assert.equal((await spbe.getJson(`/api/v1/katalog/agencies/${randomUUID()}/portfolio`)).statusCode, 404);
      assert.equal((await warga.getJson('/api/v1/katalog/portfolio')).statusCode, 403);
      assert.equal((await new Client(t.app).getJson('/api/v1/katalog/portfolio')).statusCode, 401);
    });

    test('capability coverage: gaps, single and several, through deeper province codes', async () => {
      const all = (await spbe.getJson('/api/v1/katalog/capabilities')).json();
      const level2 = await t.deps.db.selectFrom('arch_ref').select('code').where('kind', 'in', ['RAB', 'RAL']).where('level', '=', 2).execute();
      assert.equal(all.items.length, level2.length);
      const apps = (code: string) => all.items.find((i: { code: string }) => i.code === code).apps.map((a: { id: string }) => a.id).sort();
      assert.deepEqual(apps(C1), [ids.get('fx-a3'), ids.get('fx-b3')].sort());
      assert.deepEqual(apps(C2), [ids.get('fx-a3')]);
      assert.deepEqual(apps(C3), [], 'a merged app supports nothing any more');
      assert.deepEqual(apps(R1), [ids.get('fx-n1')]);
      assert.deepEqual([all.several, all.single, all.gaps], [1, 2, level2.length - 3]);

      const dinkes = (await spbe.getJson(`/api/v1/katalog/capabilities?opdId=${opdB}&kind=RAB`)).json();
      assert.ok(dinkes.items.every((i: { kind: string }) => i.kind === 'RAB'));
      assert.deepEqual(dinkes.items.find((i: { code: string }) => i.code === C1).apps.map((a: { id: string }) => a.id), [ids.get('fx-b3')]);
      assert.deepEqual([dinkes.several, dinkes.single], [0, 1]);
      const kominfoAsksB = (await kominfoAdmin.getJson(`/api/v1/katalog/capabilities?opdId=${opdB}`)).json();
      assert.equal(kominfoAsksB.single + kominfoAsksB.several, 0, 'another agency’s apps stay invisible');
    });

    test('TIME scores: history kept, the newest counts, the mix and quadrant follow', async () => {
      const score = (c: Client, key: string, functionalFit: number, technicalFit: number) => c.send('POST', `/api/v1/katalog/apps/${ids.get(key)}/time-assessments`, { functionalFit, technicalFit, note: `uji ${key}` });
      const first = await score(spbe, 'fx-b2', 4, 2);
      assert.equal(first.statusCode, 201, first.body);
      assert.equal(first.json().classification, 'migrate');
      assert.equal(first.json().assessedBy, 'tim.spbe@jatimprov.go.id');
      t.clock.advance(60_000);
      assert.equal((await score(spbe, 'fx-b2', 3, 3)).json().classification, 'invest');
      assert.equal((await score(kominfoAdmin, 'fx-a3', 4, 4)).statusCode, 201, 'an agency admin scores their own apps');
      assert.equal((await score(kominfoAdmin, 'fx-b3', 2, 3)).statusCode, 404, 'but not another agency’s');
      assert.equal((await score(kominfoAdmin, 'fx-n1', 1, 1)).statusCode, 404, 'nor an app nobody owns');
      assert.equal((await score(spbe, 'fx-b3', 2, 3)).json().classification, 'tolerate');
      assert.equal((await score(spbe, 'fx-n1', 1, 1)).json().classification, 'eliminate');
      assert.equal((await score(spbe, 'fx-a1', 3, 3)).statusCode, 409, 'a retired app is not scored');
      assert.equal((await score(spbe, 'fx-a4', 6, 3)).statusCode, 400);

      const history = (await spbe.getJson(`/api/v1/katalog/apps/${ids.get('fx-b2')}/time-assessments`)).json().items;
      assert.deepEqual(history.map((h: { functionalFit: number; technicalFit: number; classification: string }) => [h.functionalFit, h.technicalFit, h.classification]), [
        [3, 3, 'invest'],
        [4, 2, 'migrate'],
      ]);
      const audit = await t.deps.db.selectFrom('audit_log').select(['action', 'target_type', 'opd_id']).where('action', '=', 'katalog.time.assessed').execute();
      assert.equal(audit.length, 5);
      assert.ok(audit.every((a) => a.target_type === 'katalog_time_assessment'));

      const p = (await spbe.getJson('/api/v1/katalog/portfolio')).json();
      assert.deepEqual(p.time, { invest: 2, migrate: 0, tolerate: 1, eliminate: 1, notAssessed: 1 });
      const q = (await spbe.getJson(`/api/v1/katalog/time?opdId=${opdB}`)).json();
      assert.deepEqual(q.counts, { invest: 1, migrate: 0, tolerate: 1, eliminate: 0, notAssessed: 0 });
      assert.deepEqual(q.items.map((i: { appId: string; classification: string }) => [i.appId, i.classification]).sort(), [
        [ids.get('fx-b2'), 'invest'],
        [ids.get('fx-b3'), 'tolerate'],
      ].sort());
      const mine = (await kominfoAdmin.getJson('/api/v1/katalog/time')).json();
      assert.deepEqual(mine.counts, { invest: 1, migrate: 0, tolerate: 0, eliminate: 0, notAssessed: 1 });
    });

    test('the screens: overview and agency charts with text alternatives, quadrant, capabilities', async () => {
      const overview = await spbe.get('/katalog');
      assert.equal(overview.statusCode, 200);
      assert.match(overview.body, /<h1>Portofolio aplikasi SPBE<\/h1>/);
      assert.match(overview.body, /<svg role="img" aria-labelledby="curve-title curve-desc"/);
      assert.match(overview.body, /<title id="curve-title">Aplikasi aktif per akhir bulan, seluruh provinsi<\/title>/);
      assert.match(overview.body, /<desc id="curve-desc">Grafik garis: 3 aplikasi aktif pada Jan 2025, 4 aplikasi aktif pada Mar 2026.<\/desc>/);
      assert.match(overview.body, /<svg role="img" aria-labelledby="agencies-title agencies-desc"/);
      assert.match(overview.body, /<th scope="row">Mei 2025<\/th><td>6<\/td>/);
      assert.match(overview.body, /Rp\s?350\.000\.000/);
      assert.match(overview.body, /Aplikasi aktif tanpa pemilik/);
      assert.doesNotMatch(overview.body, /<script(?![^>]*src=)/, 'no inline script');
      const agency = await spbe.get(`/katalog/agencies/${opdB}`);
      assert.equal(agency.statusCode, 200);
      assert.match(agency.body, /Portofolio: Dinas Kesehatan/);
      assert.match(agency.body, /Rp\s?200\.000\.000/);
      assert.equal((await kominfoAdmin.get(`/katalog/agencies/${opdB}`)).statusCode, 404);
      const mine = await kominfoAdmin.get('/katalog');
      assert.match(mine.body, /perangkat daerah Anda/);
      assert.doesNotMatch(mine.body, /Aplikasi fx-b2/);

      const quadrant = await spbe.get('/katalog/time');
      assert.equal(quadrant.statusCode, 200);
      assert.match(quadrant.body, /<svg role="img" aria-labelledby="time-quadrant-title time-quadrant-desc"/);
      assert.match(quadrant.body, /Aplikasi fx-n1/);
      const capabilities = await spbe.get('/katalog/capabilities?kind=RAB');
      assert.equal(capabilities.statusCode, 200);
      assert.match(capabilities.body, new RegExp(`<code>${C1.replace(/\./g, '\\.')}</code>`));
      const en = new Client(t.app, { acceptLanguage: 'en' });
      await en.signIn('tim.spbe@jatimprov.go.id');
      const english = await en.get('/katalog');
      assert.match(english.body, /SPBE application portfolio/);
      assert.match(english.body, /Line chart: 3 active applications in Jan 2025, 4 active applications in Mar 2026./);
    });
  });
}
