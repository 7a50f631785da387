import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from '../../../../test/support/db.ts';
import { Client, createTestApp, createUser, type TestApp } from '../../../../test/support/app.ts';

// ---- A small Open311 GeoReport v2 client, as another system would write it (plain fetch) ----------

interface XmlNode {
  name: string;
  children: XmlNode[];
  text: string;
}

/** Parses the schemaless XML GeoReport v2 uses (elements and text only). */
function parseXml(xml: string): XmlNode {
  const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  const tokens = xml.replace(/^<\?xml[^>]*\?>\s*/, '').match(/<[^>]+>|[^<]+/g) ?? [];
  const root: XmlNode = { name: '#document', children: [], text: '' };
  const stack = [root];
  for (const token of tokens) {
    const top = stack.at(-1)!;
    if (token.startsWith('</')) stack.pop();
    else if (token.startsWith('<')) {
      const name = token.replace(/^<\/?|\/?>$/g, '').split(/\s/)[0]!;
      const node: XmlNode = { name, children: [], text: '' };
      top.children.push(node);
      if (!token.endsWith('/>')) stack.push(node);
    } else top.text += decode(token);
  }
  assert.equal(stack.length, 1, 'well-formed');
  return root.children[0]!;
}
const child = (n: XmlNode, name: string) => n.children.find((c) => c.name === name);
const field = (n: XmlNode, name: string) => child(n, name)?.text.trim() ?? null;

class Open311Client {
  constructor(
    private readonly base: string,
    private readonly jurisdiction: string,
    private readonly apiKey?: string,
  ) {}

  private url(resource: string, format: 'json' | 'xml', params: Record<string, string> = {}) {
    const u = new URL(`${this.base}/open311/v2/${resource}.${format}`);
    u.searchParams.set('jurisdiction_id', this.jurisdiction);
    for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
    return u;
  }

  async get(resource: string, format: 'json' | 'xml', params: Record<string, string> = {}) {
    const res = await fetch(this.url(resource, format, params));
    const text = await res.text();
    return { status: res.status, type: res.headers.get('content-type') ?? '', text, body: format === 'json' ? JSON.parse(text) : parseXml(text) };
  }

  async post(format: 'json' | 'xml', fields: Record<string, string>, options: { apiKey?: string | null } = {}) {
    const form = new URLSearchParams({ jurisdiction_id: this.jurisdiction, ...fields });
    const key = options.apiKey === undefined ? this.apiKey : options.apiKey;
    if (key) form.set('api_key', key);
    const res = await fetch(`${this.base}/open311/v2/requests.${format}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body: form });
    const text = await res.text();
    return { status: res.status, type: res.headers.get('content-type') ?? '', text, body: format === 'json' ? JSON.parse(text) : parseXml(text) };
  }
}

const REQUEST = {
  service_code: 'kesehatan',
  lat: '-7.2575',
  long: '112.7521',
  description: 'Antrean pendaftaran rawat jalan lebih dari empat jam.\nMohon ditambah loket.',
  'attribute[jenis]': 'pengaduan',
  'attribute[judul]': 'Antrean rumah sakit terlalu lama',
  email: 'pelapor.open311@example.id',
  first_name: 'Rudi',
  last_name: 'Open311',
  phone: '081200011122',
  device_id: 'perangkat-uji',
};

for (const engine of engines()) {
  describe(`Open311 GeoReport v2 over HTTP (${engine})`, () => {
    let t: TestApp;
    let base = '';
    let apiKey = '';
    let tim: Client;
    let province: Open311Client;
    let surabaya: Open311Client;
    let created = '';

    before(async () => {
      t = await createTestApp(engine);
      await createUser(t.deps, { email: 'tim.spbe@jatimprov.go.id', roles: [{ role: 'tim_spbe' }] });
      tim = new Client(t.app);
      await tim.signIn('tim.spbe@jatimprov.go.id');
      const issued = await tim.send('POST', '/api/v1/aduan/open311-clients', { name: 'Aplikasi Suroboyo' });
      assert.equal(issued.statusCode, 201, issued.body);
      apiKey = issued.json().apiKey;
      base = await t.app.listen({ port: 0, host: '127.0.0.1' });
      province = new Open311Client(base, '35', apiKey);
      surabaya = new Open311Client(base, '35.78', apiKey);
    });
    after(() => t.close());

    test('discovery lists the endpoint and both formats', async () => {
      for (const format of ['json', 'xml'] as const) {
        const res = await fetch(`${base}/open311/v2/discovery.${format}`);
        assert.equal(res.status, 200);
        const text = await res.text();
        if (format === 'json') {
          const d = JSON.parse(text);
          assert.deepEqual(d.endpoints[0].formats, ['text/xml', 'application/json']);
          assert.equal(d.endpoints[0].specification, 'http://wiki.open311.org/GeoReport_v2');
          assert.ok(d.changeset && d.contact && d.key_service);
        } else {
          assert.match(res.headers.get('content-type')!, /^text\/xml; charset=utf-8/);
          assert.ok(text.startsWith('<?xml version="1.0" encoding="utf-8"?>'));
          const d = parseXml(text);
          assert.equal(d.name, 'discovery');
          assert.deepEqual(child(child(child(d, 'endpoints')!, 'endpoint')!, 'formats')!.children.map((f) => f.text), ['text/xml', 'application/json']);
        }
      }
    });

    test('GET services in JSON and XML; jurisdiction_id is required and checked', async () => {
      const json = await province.get('services', 'json');
      assert.equal(json.status, 200);
      assert.match(json.type, /^application\/json; charset=utf-8/);
      const health = json.body.find((s: { service_code: string }) => s.service_code === 'kesehatan');
      assert.deepEqual(Object.keys(health).sort(), ['description', 'group', 'keywords', 'metadata', 'service_code', 'service_name', 'type']);
      assert.deepEqual([health.metadata, health.type, health.group], [true, 'realtime', 'kesehatan']);
      const xml = await surabaya.get('services', 'xml');
      assert.equal(xml.body.name, 'services');
      const services = xml.body.children.filter((c: XmlNode) => c.name === 'service');
      assert.equal(services.length, json.body.length);
      assert.ok(services.some((s: XmlNode) => field(s, 'service_code') === 'kesehatan' && field(s, 'metadata') === 'true'));

      const missing = await fetch(`${base}/open311/v2/services.json`);
      assert.equal(missing.status, 400);
      const [error] = (await missing.json()) as { code: number; description: string }[];
      assert.equal(error!.code, 400);
      assert.match(error!.description, /jurisdiction_id was not provided/);
      const unknown = await new Open311Client(base, '99.99').get('services', 'xml');
      assert.equal(unknown.status, 404);
      assert.equal(unknown.body.name, 'errors');
      assert.equal(field(child(unknown.body, 'error')!, 'code'), '404');
    });

    test('GET a service definition: attributes with their datatypes, order and values', async () => {
      const def = await province.get('services/kesehatan', 'json');
      assert.equal(def.status, 200);
      assert.equal(def.body.service_code, 'kesehatan');
      const byCode = Object.fromEntries(def.body.attributes.map((a: { code: string }) => [a.code, a]));
      assert.deepEqual(byCode.jenis.values.map((v: { key: string }) => v.key), ['aspirasi', 'pengaduan', 'permintaan_informasi']);
      assert.deepEqual([byCode.jenis.variable, byCode.jenis.datatype, byCode.jenis.required, byCode.jenis.order], [true, 'singlevaluelist', true, 1]);
      assert.equal(byCode.kabupaten_kota.values.length, 38, 'the province asks for the regency/city');
      assert.equal(byCode.tenggat.variable, false, 'the deadlines are information only');
      assert.match(byCode.tenggat.description, /3 hari kerja/);
      const orders: number[] = def.body.attributes.map((a: { order: number }) => a.order);
      assert.deepEqual(orders, [...new Set(orders)].sort((a, b) => a - b), 'distinct, in order');
      const city = await surabaya.get('services/kesehatan', 'xml');
      assert.equal(city.body.name, 'service_definition');
      const codes = child(city.body, 'attributes')!.children.map((a) => field(a, 'code'));
      assert.ok(!codes.includes('kabupaten_kota'), "a regency's jurisdiction implies it");
      assert.equal((await province.get('services/tidak-ada', 'json')).status, 404);
      assert.equal((await fetch(`${base}/open311/v2/services/kesehatan.yaml?jurisdiction_id=35`)).status, 404);
    });

    test('POST requests needs a valid api_key (403 in the specification’s error format)', async () => {
      const none = await surabaya.post('json', REQUEST, { apiKey: null });
      assert.equal(none.status, 403);
      assert.deepEqual(none.body.map((e: { code: number }) => e.code), [403]);
      const wrong = await surabaya.post('xml', REQUEST, { apiKey: 'o311_abcdefgh_bukankuncisungguhanbukankunci' });
      assert.equal(wrong.status, 403);
      assert.equal(field(child(wrong.body, 'error')!, 'code'), '403');
      // A browser's session and CSRF cookies are no credential here.
      const browser = await fetch(`${base}/open311/v2/requests.json`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: [...tim.cookies].map(([k, v]) => `${k}=${v}`).join('; ') }, body: new URLSearchParams({ jurisdiction_id: '35.78', ...REQUEST }) });
      assert.equal(browser.status, 403);
    });

    test('POST requests reports every problem at once, with 400', async () => {
      const res = await province.post('json', { service_code: 'kesehatan', 'attribute[jenis]': 'keluhan', email: 'bukan-email' });
      assert.equal(res.status, 400);
      const descriptions = res.body.map((e: { code: number; description: string }) => (assert.equal(e.code, 400), e.description)).join('\n');
      for (const part of ['lat dan long, address_string, atau address_id', 'attribute[kabupaten_kota]', 'description was not provided', 'attribute[jenis]', 'email']) assert.ok(descriptions.includes(part), part);
      assert.equal((await province.post('json', { ...REQUEST, service_code: '' })).status, 400);
      assert.equal((await province.post('json', { ...REQUEST, service_code: 'tidak-ada' })).status, 404);
      const badDistrict = await surabaya.post('json', { ...REQUEST, address_id: '35.07.01' });
      assert.equal(badDistrict.status, 400, 'a district of another regency');
    });

    test('POST a request (realtime) and read it back, in JSON and in XML', async () => {
      const res = await surabaya.post('json', REQUEST);
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.length, 1);
      const [answer] = res.body;
      assert.match(answer.service_request_id, /^ADU-\d{4}-[0-9A-Z]{6}$/);
      assert.equal(answer.token, undefined, 'no token when the id is returned');
      assert.match(answer.service_notice, /3 hari kerja/);
      created = answer.service_request_id;
      const row = await t.deps.db.selectFrom('aduan_report').selectAll().where('tracking_id', '=', created).executeTakeFirstOrThrow();
      assert.deepEqual([row.channel, row.region_code, row.status, row.reporter_name, row.lat, row.lon], ['open311', '35.78', 'menunggu_verifikasi', 'Rudi Open311', -7.2575, 112.7521]);
      assert.equal(row.title, 'Antrean rumah sakit terlalu lama');

      // Not published until verified: only the client that filed it reads it (with its key).
      assert.equal((await new Open311Client(base, '35.78').get(`requests/${created}`, 'json')).status, 404);
      const own = await surabaya.get(`requests/${created}`, 'json', { api_key: apiKey });
      assert.equal(own.status, 200);
      assert.equal(own.body[0].status, 'open');
      assert.equal(own.body[0].description, REQUEST.description);

      // The coordinator verifies it: now anyone reads it.
      const disposed = await tim.send('POST', `/api/v1/aduan/reports/${row.id}/dispose`, {});
      assert.equal(disposed.statusCode, 200);
      const anyone = new Open311Client(base, '35.78');
      const json = await anyone.get(`requests/${created}`, 'json');
      assert.equal(json.status, 200);
      const r = json.body[0];
      assert.deepEqual(
        [r.service_request_id, r.status, r.service_code, r.service_name, r.agency_responsible, r.lat, r.long, r.address_id, r.zipcode],
        [created, 'open', 'kesehatan', 'Layanan kesehatan provinsi', 'Dinas Kesehatan Provinsi Jawa Timur', -7.2575, 112.7521, null, null],
      );
      assert.match(r.requested_datetime, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
      assert.ok(r.expected_datetime);
      assert.ok(!JSON.stringify(r).includes('Rudi') && !JSON.stringify(r).includes('pelapor.open311'), 'no reporter identity');
      const xml = await anyone.get(`requests/${created}`, 'xml');
      assert.equal(xml.status, 200);
      assert.equal(xml.body.name, 'service_requests');
      const request = child(xml.body, 'request')!;
      assert.equal(field(request, 'service_request_id'), created);
      assert.equal(field(request, 'status'), 'open');
      assert.equal(field(request, 'description'), REQUEST.description);
      assert.equal(field(request, 'long'), '112.7521');
      assert.equal(child(request, 'zipcode')!.children.length + child(request, 'zipcode')!.text.length, 0, 'an empty element for null');
      // The province's jurisdiction covers every regency; another regency's does not.
      assert.equal((await new Open311Client(base, '35').get(`requests/${created}`, 'json')).status, 200);
      assert.equal((await new Open311Client(base, '35.07').get(`requests/${created}`, 'json')).status, 404);
    });

    test('GET requests: ids, service codes, statuses, dates, pages, and the update history extension', async () => {
      // A second request through the province's jurisdiction, placed by district code (address_id).
      const second = await province.post('xml', { ...REQUEST, 'attribute[jenis]': 'aspirasi', service_code: 'transportasi', lat: '', long: '', address_id: '35.78.01', address_string: 'Terminal Purabaya' });
      assert.equal(second.status, 200, second.text);
      const secondId = field(child(second.body, 'request')!, 'service_request_id')!;
      const row = await t.deps.db.selectFrom('aduan_report').select(['id', 'region_code', 'district_code']).where('tracking_id', '=', secondId).executeTakeFirstOrThrow();
      assert.deepEqual([row.region_code, row.district_code], ['35.78', '35.78.01']);
      await tim.send('POST', `/api/v1/aduan/reports/${row.id}/dispose`, {});

      const all = await province.get('requests', 'json');
      assert.equal(all.status, 200);
      const ids = all.body.map((r: { service_request_id: string }) => r.service_request_id);
      assert.ok(ids.includes(created) && ids.includes(secondId));
      assert.deepEqual((await province.get('requests', 'json', { service_request_id: `${secondId},${created}` })).body.map((r: { service_request_id: string }) => r.service_request_id).sort(), [created, secondId].sort());
      assert.deepEqual((await province.get('requests', 'json', { service_code: 'transportasi' })).body.map((r: { service_request_id: string }) => r.service_request_id), [secondId]);
      assert.equal((await province.get('requests', 'json', { status: 'closed' })).body.length, 0);
      assert.equal((await province.get('requests', 'json', { status: 'open,closed' })).body.length, all.body.length);
      const now = t.clock.now();
      const window = { start_date: new Date(now.getTime() - 3_600_000).toISOString(), end_date: new Date(now.getTime() + 3_600_000).toISOString() };
      assert.equal((await province.get('requests', 'json', window)).body.length, all.body.length);
      assert.equal((await province.get('requests', 'json', { start_date: '2025-01-01T00:00:00+07:00', end_date: '2025-02-01T00:00:00+07:00' })).body.length, 0);
      // Pagination extension: page_size and 1-based page.
      const page1 = await province.get('requests', 'json', { page_size: '1', page: '1' });
      const page2 = await province.get('requests', 'json', { page_size: '1', page: '2' });
      assert.equal(page1.body.length, 1);
      assert.notEqual(page1.body[0].service_request_id, page2.body[0].service_request_id);
      // Update history extension: extensions=true adds extended_attributes and notes.
      const ext = await province.get(`requests/${created}`, 'json', { extensions: 'true' });
      assert.deepEqual(ext.body[0].notes.map((n: { type: string }) => n.type), ['submitted', 'assigned']);
      assert.match(ext.body[0].notes[1].description, /Dinas Kesehatan/);
      assert.equal(ext.body[0].extended_attributes.channel, 'open311');
      assert.equal(ext.body[0].extended_attributes.url, `http://localhost:3000/aduan/laporan/${created}`);
      assert.equal((await province.get(`requests/${created}`, 'json')).body[0].notes, undefined, 'only when asked');
      const extXml = await province.get(`requests/${created}`, 'xml', { extensions: 'true' });
      const notes = child(child(extXml.body, 'request')!, 'notes')!.children;
      assert.deepEqual(notes.map((n) => [n.name, field(n, 'type')]), [['note', 'submitted'], ['note', 'assigned']]);

      // The specification's 400s.
      for (const [params, pattern] of [
        [{ start_date: '2026-01-01' }, /W3C/],
        [{ start_date: '2025-01-01T00:00:00Z', end_date: '2025-06-01T00:00:00Z' }, /90 hari/],
        [{ status: 'pending' }, /open/],
        [{ page_size: '5000' }, /page_size/],
      ] as [Record<string, string>, RegExp][]) {
        const res = await province.get('requests', 'json', params);
        assert.equal(res.status, 400, JSON.stringify(params));
        assert.match(res.body[0].description, pattern);
      }
      assert.equal((await province.get('requests/ADU-2601-ZZZZZZ', 'json')).status, 404);
    });

    test('batch services answer with a token that resolves once the coordinator accepts the request', async () => {
      const res = await surabaya.post('xml', { ...REQUEST, service_code: 'lainnya', 'attribute[rahasia]': 'ya' });
      assert.equal(res.status, 200, res.text);
      const request = child(res.body, 'request')!;
      assert.equal(child(request, 'service_request_id'), undefined);
      const token = field(request, 'token')!;
      assert.ok(token.length >= 10);
      const pending = await surabaya.get(`tokens/${token}`, 'json');
      assert.equal(pending.status, 200);
      assert.deepEqual(pending.body, [{ service_request_id: null, token }]);
      const report = await t.deps.db.selectFrom('aduan_report').select(['id', 'tracking_id', 'rahasia']).where('open311_token', '=', token).executeTakeFirstOrThrow();
      assert.equal(report.rahasia, true);
      const bpbd = await t.deps.db.selectFrom('opd').select('id').where('code', '=', 'bpbd').executeTakeFirstOrThrow();
      await tim.send('POST', `/api/v1/aduan/reports/${report.id}/dispose`, { opdId: bpbd.id });
      const resolved = await surabaya.get(`tokens/${token}`, 'xml');
      assert.equal(field(child(resolved.body, 'request')!, 'service_request_id'), report.tracking_id);
      // Confidential: never listed publicly, readable by the client that filed it.
      assert.equal((await new Open311Client(base, '35.78').get(`requests/${report.tracking_id}`, 'json')).status, 404);
      assert.equal((await surabaya.get(`requests/${report.tracking_id}`, 'json', { api_key: apiKey })).status, 200);
      assert.ok(!(await new Open311Client(base, '35').get('requests', 'json')).text.includes(report.tracking_id));
      assert.equal((await surabaya.get('tokens/tidak-ada-token', 'json')).status, 404);
    });

    test('unknown paths and methods under /open311/v2 answer in the error format', async () => {
      const res = await fetch(`${base}/open311/v2/tidak-ada.json`);
      assert.equal(res.status, 404);
      assert.deepEqual(((await res.json()) as { code: number }[]).map((e) => e.code), [404]);
      const xml = await fetch(`${base}/open311/v2/tidak-ada`);
      assert.equal(xml.status, 404);
      assert.match(await xml.text(), /<errors>/);
    });
  });
}
