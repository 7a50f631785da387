import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from '../../../../../test/support/db.ts';
import { Client, createTestApp, createUser, opdId, type TestApp } from '../../../../../test/support/app.ts';

for (const engine of engines()) {
  describe(`katalog integrations on ${engine}`, () => {
    let t: TestApp;
    const c = {} as Record<'spbe' | 'kominfoAdmin' | 'dinkesAdmin' | 'dishubAdmin', Client>;
    const apps = {} as Record<'eoffice' | 'simrs' | 'lapor' | 'dishub', string>;
    let diskominfo: string;

    before(async () => {
      t = await createTestApp(engine);
      const people = {
        spbe: { email: 'tim.spbe@jatimprov.go.id', roles: [{ role: 'tim_spbe' as const }] },
        kominfoAdmin: { email: 'admin@kominfo.go.id', roles: [{ role: 'admin_opd' as const, opd: 'diskominfo' }] },
        dinkesAdmin: { email: 'admin@dinkes.go.id', roles: [{ role: 'admin_opd' as const, opd: 'dinkes' }] },
        dishubAdmin: { email: 'admin@dishub.go.id', roles: [{ role: 'admin_opd' as const, opd: 'dishub' }] },
      };
      for (const [name, p] of Object.entries(people)) {
        await createUser(t.deps, p);
        c[name as keyof typeof c] = new Client(t.app);
        await c[name as keyof typeof c].signIn(p.email);
      }
      diskominfo = await opdId(t.deps, 'diskominfo');
      const dinkes = await opdId(t.deps, 'dinkes');
      const dishub = await opdId(t.deps, 'dishub');
      const mk = async (key: string, name: string, opd: string) => (await c.spbe.send('POST', '/api/v1/katalog/apps', { key, name, category: 'khusus', opdId: opd })).json().id as string;
      apps.eoffice = await mk('kominfo-eoffice', 'e-Office Kominfo', diskominfo);
      apps.lapor = await mk('kominfo-lapor', 'Aduan Kominfo', diskominfo);
      apps.simrs = await mk('dinkes-simrs', 'SIMRS Dinkes', dinkes);
      apps.dishub = await mk('dishub-simpkb', 'SIM PKB Dishub', dishub);
    });
    after(() => t.close());

    test('the integrated flag follows the channel: manual re-entry and a separate login are not integrated', async () => {
      const api = await c.kominfoAdmin.send('POST', '/api/v1/katalog/integrations', { consumerAppId: apps.eoffice, providerAppId: apps.simrs, channel: 'gerbang_padu' });
      assert.equal(api.statusCode, 201, api.body);
      assert.equal(api.json().integrated, true);
      const manual = await c.kominfoAdmin.send('POST', '/api/v1/katalog/integrations', { consumerAppId: apps.lapor, providerAppId: apps.simrs, channel: 'entri_ulang_manual', note: 'Disalin tiap minggu' });
      assert.equal(manual.json().integrated, false);
      const form = await c.kominfoAdmin.postForm('/katalog/integrations', { consumerKey: 'kominfo-lapor', providerKey: 'DISHUB-SIMPKB', channel: 'tautan_login_terpisah' });
      assert.equal(form.statusCode, 303, form.body.slice(0, 300));
      assert.equal(form.headers.location, `/katalog/apps/${apps.lapor}`);
      const notIntegrated = (await c.spbe.getJson('/api/v1/katalog/integrations?integrated=false')).json().items;
      assert.deepEqual(notIntegrated.map((g: { channel: string; integrated: boolean }) => [g.channel, g.integrated]).sort(), [['entri_ulang_manual', false], ['tautan_login_terpisah', false]]);

      // Changing the channel changes the flag (the database computes it).
      const patched = await c.kominfoAdmin.send('PATCH', `/api/v1/katalog/integrations/${manual.json().id}`, { channel: 'transfer_berkas' });
      assert.equal(patched.json().integrated, true);
      const history = (await c.kominfoAdmin.getJson(`/api/v1/katalog/integrations/${manual.json().id}/history`)).json().items;
      assert.deepEqual([history[0].before, history[0].after], [{ channel: 'entri_ulang_manual' }, { channel: 'transfer_berkas' }]);
      const audit = await t.deps.db.selectFrom('audit_log').select(['action', 'opd_id']).where('target_type', '=', 'katalog_integration').orderBy('id').execute();
      assert.deepEqual(audit.map((a) => a.action), ['katalog.integration.created', 'katalog.integration.created', 'katalog.integration.created', 'katalog.integration.updated']);
      assert.ok(audit.every((a) => a.opd_id === diskominfo), 'audited under the consumer agency');
    });

    test("each app's page shows whom it feeds and who feeds it", async () => {
      const consumer = await c.kominfoAdmin.get(`/katalog/apps/${apps.lapor}`);
      assert.equal(consumer.statusCode, 200);
      const fedBy = consumer.body.slice(consumer.body.indexOf('Menerima data dari'), consumer.body.indexOf('Memasok data ke'));
      assert.match(fedBy, /SIMRS Dinkes \(perangkat daerah lain\)/, 'a partner the reader cannot open is named, not linked');
      assert.match(fedBy, /Tautan atau login terpisah <span class="badge">Tidak terintegrasi<\/span>/);
      assert.match(fedBy, /Pertukaran berkas terjadwal <span class="badge">Terintegrasi<\/span>/);
      const provider = await c.dinkesAdmin.get(`/katalog/apps/${apps.simrs}`);
      const feeds = provider.body.slice(provider.body.indexOf('Memasok data ke'));
      assert.match(feeds, /e-Office Kominfo/);
      assert.match(feeds, /Aduan Kominfo/);
      const links = (await c.dinkesAdmin.getJson(`/api/v1/katalog/apps/${apps.simrs}/links`)).json();
      assert.equal(links.feeds.length, 2);
      assert.equal(links.fedBy.length, 0);
    });

    test('scoping: the provider side reads, only the consumer side changes; others see 404', async () => {
      const g = (await c.spbe.getJson(`/api/v1/katalog/integrations?appId=${apps.eoffice}`)).json().items[0];
      assert.equal((await c.dinkesAdmin.getJson(`/api/v1/katalog/integrations/${g.id}`)).statusCode, 200);
      assert.equal((await c.dinkesAdmin.send('PATCH', `/api/v1/katalog/integrations/${g.id}`, { channel: 'entri_ulang_manual' })).statusCode, 403);
      assert.equal((await c.dinkesAdmin.send('DELETE', `/api/v1/katalog/integrations/${g.id}`)).statusCode, 403);
      assert.equal((await c.dishubAdmin.getJson(`/api/v1/katalog/integrations/${g.id}`)).statusCode, 404);
      assert.equal((await c.dishubAdmin.send('POST', '/api/v1/katalog/integrations', { consumerAppId: apps.eoffice, providerAppId: apps.dishub, channel: 'bus_lain' })).statusCode, 404);
      const dishubList = (await c.dishubAdmin.getJson('/api/v1/katalog/integrations')).json().items;
      assert.equal(dishubList.length, 1, 'dishub sees the integration its app takes part in');
    });

    test('validation: unknown keys, same app and duplicates are refused with localized messages', async () => {
      const unknown = await c.kominfoAdmin.postForm('/katalog/integrations', { consumerKey: 'kominfo-eoffice', providerKey: 'tidak-ada', channel: 'bus_lain' });
      assert.equal(unknown.statusCode, 400);
      assert.match(unknown.body, /Kunci tidak dikenal: tidak-ada/);
      assert.match(unknown.body, /href="#f-providerKey"/);
      const same = await c.kominfoAdmin.postForm('/katalog/integrations', { consumerKey: 'kominfo-eoffice', providerKey: 'kominfo-eoffice', channel: 'bus_lain' });
      assert.match(same.body, /Aplikasi sumber dan pemakai tidak boleh sama/);
      const dup = await c.kominfoAdmin.send('POST', '/api/v1/katalog/integrations', { consumerAppId: apps.eoffice, providerAppId: apps.simrs, channel: 'bus_lain' });
      assert.equal(dup.statusCode, 400);
      assert.match(dup.body, /sudah tercatat/);
      const en = new Client(t.app, { acceptLanguage: 'en' });
      await en.signIn('admin@kominfo.go.id');
      const enDup = await en.send('POST', '/api/v1/katalog/integrations', { consumerAppId: apps.eoffice, providerAppId: apps.simrs, channel: 'bus_lain' });
      assert.match(enDup.body, /already recorded/);
    });

    test('deleting through the form removes it and is audited', async () => {
      const g = (await c.spbe.getJson(`/api/v1/katalog/integrations?appId=${apps.eoffice}`)).json().items[0];
      const res = await c.kominfoAdmin.postForm(`/katalog/integrations/${g.id}/delete`, {});
      assert.equal(res.statusCode, 303);
      assert.equal((await c.spbe.getJson(`/api/v1/katalog/integrations/${g.id}`)).statusCode, 404);
      const row = await t.deps.db.selectFrom('audit_log').select(['action', 'before']).where('target_id', '=', g.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
      assert.equal(row.action, 'katalog.integration.deleted');
    });
  });
}
