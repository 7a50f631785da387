import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { engines } from '../../../../test/support/db.ts';
import { Client, createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { seedPlatformDemo } from '../../../platform/accounts/seed-demo.ts';
import { listOverdueRequests } from '../casework/use-cases/escalate-overdue.ts';
import { seedPortalDemo } from './seed-demo.ts';
import { seedRequestsDemo } from './requests.ts';

for (const engine of engines()) {
  describe(`portal request demo on ${engine}`, () => {
    let t: TestApp;
    let dataDir: string;
    before(async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'padu-portal-demo-'));
      t = await createTestApp(engine, { config: { dataDir } });
    });
    after(async () => {
      await t.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    test('published forms (one with gateway prefill) and 30 synthetic requests in every state; idempotent', async () => {
      const accounts = await seedPlatformDemo(t.deps);
      await seedPortalDemo(t.deps);
      const first = await seedRequestsDemo(t.deps);
      assert.ok(first.forms >= 3, `${first.forms} forms`);
      assert.equal(first.requests, 30);
      assert.deepEqual(await seedRequestsDemo(t.deps), { forms: 0, requests: 0 });
      const forms = await t.deps.db.selectFrom('portal_form').select(['definition']).where('status', '=', 'published').execute();
      assert.ok(forms.some((f) => JSON.stringify(f.definition).includes('"element":"identitas"')), 'a form filled in from the gateway');
      const rows = await t.deps.db.selectFrom('portal_request').select(['status', 'synthetic']).where('synthetic', '=', true).execute();
      const count = (s: string) => rows.filter((r) => r.status === s).length;
      assert.deepEqual([count('submitted'), count('in_review'), count('needs_fix'), count('approved'), count('rejected')], [9, 7, 4, 6, 4]);
      const results = await t.deps.db.selectFrom('portal_request_document').select('request_id').distinct().where('kind', '=', 'result').execute();
      assert.equal(results.length, 6, 'every approved request has a result document');
      const overdue = await listOverdueRequests(t.deps);
      assert.ok(overdue.length >= 1, 'at least one overdue request');
      // The Surabaya admin sees the city's requests in the queue.
      const admin = accounts.accounts!.find((a) => a.email === 'admin.surabaya@demo.padu.id')!;
      const client = new Client(t.app);
      await client.signIn(admin.email, admin.password);
      const queue = (await client.getJson('/api/v1/portal/manage/requests?flag=overdue')).json();
      assert.ok(queue.items.length >= 1 && queue.items.every((i: { synthetic: boolean }) => i.synthetic));
    });
  });
}
