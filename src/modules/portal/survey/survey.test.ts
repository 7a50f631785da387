import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from '../../../../test/support/db.ts';
import { Client, createTestApp, createUser, opdId, type TestApp } from '../../../../test/support/app.ts';
import { addServices } from '../testing.ts';
import { issueSurveyToken } from '../index.ts';

const SHEETS = [
  [4, 4, 3, 4, 3, 3, 4, 3, 3],
  [3, 3, 3, 3, 3, 3, 3, 3, 3],
  [4, 3, 4, 4, 4, 3, 4, 4, 3],
  [2, 3, 3, 4, 3, 3, 3, 2, 3],
];
const answersOf = (sheet: number[]) => Object.fromEntries(sheet.map((v, i) => [`U${i + 1}`, v]));

for (const engine of engines()) {
  describe(`satisfaction survey on ${engine}`, () => {
    let t: TestApp;
    let serviceId: string;
    let dinkes: string;
    let petugas: Client;
    let anon: Client;

    before(async () => {
      t = await createTestApp(engine);
      dinkes = await opdId(t.deps, 'dinkes');
      [serviceId] = (await addServices(t.deps.db, t.clock.now(), [{ opdId: dinkes, key: 'dinkes-izin-apotek', name: 'Izin Apotek', published: true }])) as [string];
      await createUser(t.deps, { email: 'petugas@dinkes.go.id', roles: [{ role: 'petugas', opd: 'dinkes' }] });
      await createUser(t.deps, { email: 'petugas@kominfo.go.id', roles: [{ role: 'petugas', opd: 'diskominfo' }] });
      petugas = new Client(t.app);
      await petugas.signIn('petugas@dinkes.go.id');
      anon = new Client(t.app);
    });
    after(() => t.close());

    const newLink = async () => {
      const res = await petugas.send('POST', `/api/v1/portal/manage/services/${serviceId}/survey-links`);
      assert.equal(res.statusCode, 201, res.body);
      return res.json() as { token: string; url: string; expiresAt: string };
    };

    test('officers of the agency issue one-time links; other agencies cannot', async () => {
      const link = await newLink();
      assert.equal(link.url, `${t.deps.config.baseUrl}/survei/${link.token}`);
      const stored = await t.deps.db.selectFrom('portal_survey_token').selectAll().execute();
      assert.equal(stored.length, 1);
      assert.notEqual(stored[0]!.token_hash, link.token, 'only the hash is kept');
      const other = new Client(t.app);
      await other.signIn('petugas@kominfo.go.id');
      assert.equal((await other.send('POST', `/api/v1/portal/manage/services/${serviceId}/survey-links`)).statusCode, 404);
      assert.equal((await other.postForm(`/portal/layanan/${serviceId}/survei`, {})).statusCode, 404);
      const page = await petugas.postForm(`/portal/layanan/${serviceId}/survei`, {});
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /\/survei\/[A-Za-z0-9_-]{20,}/);
    });

    test('four answer sheets by API give the hand-computed index 81.25 (B), shown on the service page', async () => {
      for (const sheet of SHEETS) {
        const { token } = await newLink();
        const info = await anon.getJson(`/api/v1/portal/surveys/${token}`);
        assert.equal(info.statusCode, 200);
        assert.equal(info.json().serviceName, 'Izin Apotek');
        assert.equal(info.json().elements.length, 9);
        const res = await anon.send('POST', `/api/v1/portal/surveys/${token}`, { answers: answersOf(sheet), gender: 'P' });
        assert.equal(res.statusCode, 201, res.body);
        assert.equal((await anon.send('POST', `/api/v1/portal/surveys/${token}`, { answers: answersOf(sheet) })).statusCode, 404, 'one answer per link');
        assert.equal((await anon.getJson(`/api/v1/portal/surveys/${token}`)).statusCode, 404);
      }
      const ikm = await anon.getJson(`/api/v1/portal/ikm?serviceId=${serviceId}&period=2026`);
      assert.equal(ikm.statusCode, 200);
      const r = ikm.json().result;
      assert.equal(r.respondents, 4);
      assert.equal(r.ikm, 81.25);
      assert.equal(r.nrr, 3.25);
      assert.equal(r.grade, 'B');
      assert.deepEqual(r.elements.map((e: { nrr: number }) => e.nrr), [3.25, 3.25, 3.25, 3.75, 3.25, 3, 3.5, 3, 3]);
      const agency = (await anon.getJson(`/api/v1/portal/ikm?opdId=${dinkes}&period=2026-S1`)).json();
      assert.equal(agency.result.ikmText, '81.25');
      assert.equal((await anon.getJson(`/api/v1/portal/ikm?opdId=${dinkes}&period=2025`)).json().result, null);
      const page = await anon.get('/layanan/dinkes-izin-apotek');
      assert.match(page.body, /IKM 2026: 81,25 — mutu B \(Baik\), dari 4 responden/);
      const en = await new Client(t.app, { acceptLanguage: 'en' }).get('/layanan/dinkes-izin-apotek');
      assert.match(en.body, /Index 2026: 81.25 — grade B \(Good\), from 4 respondents/);
      const popularity = await t.deps.db.selectFrom('portal_service').select('popularity').where('service_id', '=', serviceId).executeTakeFirstOrThrow();
      assert.equal(popularity.popularity, 4, 'answers count towards ranking');
      // Answers are anonymous: no audit trail, no link to the token.
      const audit = await t.deps.db.selectFrom('audit_log').select('action').where('action', 'like', 'portal.survey%').execute();
      assert.ok(audit.every((a) => a.action === 'portal.survey.link_issued'));
    });

    test('the HTML form: errors summarised, then thanks on the service page; bad and expired links', async () => {
      const { token } = await newLink();
      const page = await anon.get(`/survei/${token}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Survei kepuasan masyarakat/);
      const partial = await anon.postForm(`/survei/${token}`, { U1: '4', U2: '3' });
      assert.equal(partial.statusCode, 400);
      assert.match(partial.body, /error-summary/);
      assert.match(partial.body, /Pilih salah satu jawaban/);
      const bad = await anon.send('POST', `/api/v1/portal/surveys/${token}`, { answers: { ...answersOf(SHEETS[0]!), U3: 5 } });
      assert.equal(bad.statusCode, 400);
      const done = await anon.postForm(`/survei/${token}`, { ...Object.fromEntries(Object.entries(answersOf(SHEETS[1]!)).map(([k, v]) => [k, String(v)])), education: 's1', suggestion: 'Antrean lebih cepat.' });
      assert.equal(done.statusCode, 303);
      assert.equal(done.headers.location, '/layanan/dinkes-izin-apotek');
      assert.equal((await anon.get(`/survei/${token}`)).statusCode, 404);
      assert.equal((await anon.get('/survei/tautan-yang-tidak-pernah-ada-123')).statusCode, 404);

      const expiring = await t.deps.db.transaction().execute((tx) => issueSurveyToken(tx, t.deps, { serviceId, reference: 'PMH-2026-000001', validDays: 1 }));
      t.clock.advance(2 * 86_400_000);
      assert.equal((await anon.get(`/survei/${expiring.token}`)).statusCode, 404);
      const latest = await t.deps.db.selectFrom('portal_survey_response').select(['education', 'suggestion']).where('education', '=', 's1').executeTakeFirstOrThrow();
      assert.equal(latest.suggestion, 'Antrean lebih cepat.');
    });
  });
}
