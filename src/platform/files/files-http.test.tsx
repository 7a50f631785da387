import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { loadConfig } from '../../config.ts';
import { modules as allModules } from '../../modules.ts';
import type { PaduModule } from '../http/app.tsx';
import { parseForm, Uuid } from '../http/validation.ts';
import { auditContext } from '../http/request-context.ts';
import { handleForm } from '../html/forms.ts';
import { emptyForm, type FormState, type PageContext } from '../html/context.ts';
import { redirectWithFlash, sendPage } from '../html/render.tsx';
import { Layout } from '../html/layout.tsx';
import { CsrfField, ErrorSummary, TextField } from '../html/components.tsx';
import { Client, createTestApp, createUser, type TestApp } from '../../../test/support/app.ts';
import { engines } from '../../../test/support/db.ts';
import * as sample from '../../../test/support/sample-files.ts';
import { acceptUploads, FileField, FILE_TYPES, INLINE_CSP, openFile, readUploadForm, sendFile, withUploads, type FilePolicy } from './index.ts';

/**
 * The file service through HTTP as a module uses it: a demo upload form (multipart, CSRF, error
 * summary) and a download route (authorization callback, headers). The demo module exists only
 * in this test.
 */
const ATTACHMENT: FilePolicy = { purpose: 'demo.attachment', maxBytes: 64 * 1024, allowedTypes: [FILE_TYPES.pdf, FILE_TYPES.docx, FILE_TYPES.jpeg], stripImageMetadata: true };
const DemoBody = Type.Object({ title: Type.String({ minLength: 1, maxLength: 100 }) });

function DemoPage(props: { ctx: PageContext; form: FormState }) {
  const { ctx, form } = props;
  return (
    <Layout ctx={ctx} title="Demo unggah">
      <h1>Demo unggah</h1>
      <form method="post" action="/demo/upload" enctype="multipart/form-data" novalidate>
        <ErrorSummary ctx={ctx} errors={form.errors} />
        <CsrfField ctx={ctx} />
        <TextField ctx={ctx} form={form} name="title" label="Judul" required />
        <FileField ctx={ctx} form={form} name="attachment" label="Lampiran" policy={ATTACHMENT} multiple />
        <button type="submit">Kirim</button>
      </form>
    </Layout>
  );
}

const demoRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = app.padu.deps;
  await acceptUploads(app, { maxFileBytes: ATTACHMENT.maxBytes, files: 2, totalBytes: 100 * 1024 });

  app.get('/demo/upload', { schema: { hide: true } }, async (_req, reply) => sendPage(reply, (ctx) => <DemoPage ctx={ctx} form={emptyForm()} />));

  app.post('/demo/upload', { schema: { hide: true } }, async (req, reply) => {
    const form = await readUploadForm(req, deps, auditContext(req), { files: { attachment: ATTACHMENT }, required: ['attachment'] });
    return handleForm(
      reply,
      form.fields,
      'title',
      () =>
        withUploads(
          form,
          async (files) => {
            parseForm(DemoBody, form.fields);
            return redirectWithFlash(reply, `/demo/upload?stored=${files.attachment!.map((f) => f.id).join(',')}`, 'flash.saved');
          },
          { check: () => parseForm(DemoBody, form.fields) },
        ),
      (ctx, state) => <DemoPage ctx={ctx} form={state} />,
    );
  });

  app.get(
    '/demo/files/:fileId',
    { schema: { hide: true, params: Type.Object({ fileId: Uuid() }), querystring: Type.Object({ inline: Type.Optional(Type.String()), deny: Type.Optional(Type.String()) }) } },
    async (req, reply) => {
      const actor = req.actor;
      const { file, stream } = await openFile(deps, actor, req.params.fileId, (f) => actor?.kind === 'user' && f.uploadedBy === actor.userId, {
        deny: req.query.deny === 'forbidden' ? 'forbidden' : 'not_found',
      });
      return sendFile(reply, file, stream, { inline: req.query.inline === '1' });
    },
  );
};
const demoModule: PaduModule = { name: 'files-demo', routes: demoRoutes };

type Part = { name: string; value: string } | { name: string; filename: string; content: Buffer; type?: string };

/** A multipart/form-data body, parts in the order given (as a browser sends them in form order). */
function multipart(parts: Part[]) {
  const boundary = `----padu${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    if ('value' in p) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`));
    else {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: ${p.type ?? 'application/octet-stream'}\r\n\r\n`), p.content, Buffer.from('\r\n'));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

for (const engine of engines()) {
  describe(`file uploads and downloads over HTTP (${engine})`, () => {
    let t: TestApp;
    let dataDir: string;
    let warga: Client;
    let other: Client;

    /** Posts the demo form as a browser does, with the client's cookies. */
    async function post(client: Client, parts: Part[], headers: Record<string, string> = {}) {
      const { payload, contentType } = multipart(parts);
      const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      return t.app.inject({ method: 'POST', url: '/demo/upload', payload, headers: { cookie, 'content-type': contentType, accept: 'text/html', ...headers } });
    }
    const liveFiles = () => t.deps.db.selectFrom('stored_file').selectAll().where('deleted_at', 'is', null).execute();
    const diskFiles = () =>
      fs.existsSync(path.join(dataDir, 'files'))
        ? fs
            .readdirSync(path.join(dataDir, 'files'), { recursive: true, withFileTypes: true })
            .filter((e) => e.isFile())
            .map((e) => e.name)
        : [];

    before(async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'padu-files-http-'));
      t = await createTestApp(engine, { config: { dataDir, files: loadConfig({}).files }, modules: [...allModules, demoModule] });
      await createUser(t.deps, { email: 'warga@example.id', roles: [{ role: 'warga' }] });
      await createUser(t.deps, { email: 'lain@example.id', roles: [{ role: 'warga' }] });
      warga = new Client(t.app);
      await warga.signIn('warga@example.id');
      other = new Client(t.app);
      await other.signIn('lain@example.id');
    });
    after(async () => {
      await t.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    test('the form works without JavaScript: multipart post with the CSRF field first → 303', async () => {
      const page = await warga.get('/demo/upload');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /enctype="multipart\/form-data"/);
      assert.match(page.body, /<input id="f-attachment" name="attachment" type="file" accept="\.pdf,application\/pdf,\.docx,[^"]*" multiple/);
      assert.match(page.body, /Berkas PDF, DOCX, JPG, paling besar 64 KB\./);

      const res = await post(warga, [
        { name: '_csrf', value: warga.csrf },
        { name: 'title', value: 'Jalan berlubang' },
        { name: 'attachment', filename: 'Laporan %22Jalan%22 Rusak – Surabaya.pdf', content: sample.pdf('laporan'), type: 'application/pdf' },
        { name: 'attachment', filename: 'foto.jpg', content: sample.jpegWithGps(), type: 'image/jpeg' },
      ]);
      assert.equal(res.statusCode, 303, res.body.slice(0, 500));
      const ids = new URL(String(res.headers.location), 'http://x').searchParams.get('stored')!.split(',');
      assert.equal(ids.length, 2);
      const rows = await t.deps.db.selectFrom('stored_file').selectAll().where('id', 'in', ids).orderBy('created_at').execute();
      assert.deepEqual(rows.map((r) => [r.name, r.content_type]).sort(), [
        ['Laporan "Jalan" Rusak – Surabaya.pdf', 'application/pdf'],
        ['foto.jpg', 'image/jpeg'],
      ]);
      const photo = rows.find((r) => r.content_type === 'image/jpeg')!;
      assert.ok(!fs.readFileSync(path.join(dataDir, 'files', photo.storage_key)).includes(sample.exifTiff()), 'the policy stripped GPS');
    });

    test('sendFile: sniffed type, attachment with RFC 5987 name, nosniff, private no-store; inline only under a sandbox', async () => {
      const [pdfRow] = await t.deps.db.selectFrom('stored_file').selectAll().where('content_type', '=', 'application/pdf').execute();
      const res = await warga.get(`/demo/files/${pdfRow!.id}`);
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'application/pdf');
      assert.equal(res.headers['content-disposition'], `attachment; filename="Laporan _Jalan_ Rusak _ Surabaya.pdf"; filename*=UTF-8''Laporan%20%22Jalan%22%20Rusak%20%E2%80%93%20Surabaya.pdf`);
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(res.headers['cache-control'], 'private, no-store');
      assert.match(String(res.headers['content-security-policy']), /sandbox/);
      assert.equal(Number(res.headers['content-length']), sample.pdf('laporan').length);
      assert.deepEqual(res.rawPayload, sample.pdf('laporan'));

      const inline = await warga.get(`/demo/files/${pdfRow!.id}?inline=1`);
      assert.match(String(inline.headers['content-disposition']), /^inline; filename=/);
      assert.equal(inline.headers['content-security-policy'], INLINE_CSP);
      assert.match(INLINE_CSP, /default-src 'none'.*sandbox/);

      // Documents are never shown inline, whatever the caller asks.
      const docx = await post(warga, [
        { name: '_csrf', value: warga.csrf },
        { name: 'title', value: 'KAK' },
        { name: 'attachment', filename: 'kak.docx', content: sample.docx() },
      ]);
      const docxId = new URL(String(docx.headers.location), 'http://x').searchParams.get('stored')!;
      const asked = await warga.get(`/demo/files/${docxId}?inline=1`);
      assert.equal(asked.headers['content-type'], FILE_TYPES.docx);
      assert.match(String(asked.headers['content-disposition']), /^attachment; filename="kak\.docx"/);
    });

    test('downloads go through the module’s decision: 404 for others, or 403/401 when it chooses', async () => {
      const [row] = await t.deps.db.selectFrom('stored_file').select('id').execute();
      assert.equal((await other.get(`/demo/files/${row!.id}`)).statusCode, 404);
      assert.equal((await other.get(`/demo/files/${row!.id}?deny=forbidden`)).statusCode, 403);
      assert.equal((await new Client(t.app).get(`/demo/files/${row!.id}?deny=forbidden`)).statusCode, 401);
      assert.equal((await warga.get('/demo/files/00000000-0000-4000-8000-000000000000')).statusCode, 404);
    });

    test('a refused file re-shows the form with the GOV.UK error summary, values kept, nothing stored', async () => {
      const before = await liveFiles();
      const onDisk = diskFiles();
      const res = await post(warga, [
        { name: '_csrf', value: warga.csrf },
        { name: 'title', value: 'Bukti pembayaran' },
        { name: 'attachment', filename: 'bukti.pdf', content: sample.pdf('ok') },
        { name: 'attachment', filename: 'bukti2.pdf', content: sample.exe(), type: 'application/pdf' },
      ]);
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /class="error-summary"/);
      assert.match(res.body, /<a href="#f-attachment">Berkas bukti2\.pdf adalah program atau skrip dan tidak dapat diunggah\.<\/a>/);
      assert.match(res.body, /id="f-attachment-error"/);
      assert.match(res.body, /name="title" type="text" value="Bukti pembayaran"/);
      assert.deepEqual(await liveFiles(), before, 'the good file of the refused form is discarded too');
      assert.deepEqual(diskFiles(), onDisk);

      // Another field wrong and the files fine: the files go, the field error shows.
      const noTitle = await post(warga, [
        { name: '_csrf', value: warga.csrf },
        { name: 'title', value: '' },
        { name: 'attachment', filename: 'bukti.pdf', content: sample.pdf('ok') },
      ]);
      assert.equal(noTitle.statusCode, 400);
      assert.match(noTitle.body, /<a href="#f-title">Wajib diisi\.<\/a>/);
      assert.deepEqual(await liveFiles(), before);
      assert.deepEqual(diskFiles(), onDisk);

      // Both at once, in English; and a missing file.
      const both = await post(
        warga,
        [
          { name: '_csrf', value: warga.csrf },
          { name: 'title', value: '' },
          { name: 'attachment', filename: 'besar.pdf', content: Buffer.concat([sample.pdf(), Buffer.alloc(70 * 1024, 0x20)]) },
        ],
        { 'accept-language': 'en' },
      );
      assert.equal(both.statusCode, 400);
      assert.match(both.body, /<a href="#f-title">This field is required\.<\/a>/);
      assert.match(both.body, /<a href="#f-attachment">The file besar\.pdf is larger than 64 KB\.<\/a>/);
      const none = await post(warga, [
        { name: '_csrf', value: warga.csrf },
        { name: 'title', value: 'Tanpa lampiran' },
        { name: 'attachment', filename: '', content: Buffer.alloc(0) },
      ]);
      assert.equal(none.statusCode, 400);
      assert.match(none.body, /Pilih berkas untuk diunggah\./);
      // Three file inputs where two are allowed; and together over the request's total.
      const tooMany = await post(warga, [
        { name: '_csrf', value: warga.csrf },
        { name: 'title', value: 'Banyak' },
        ...[1, 2, 3].map((i) => ({ name: 'attachment', filename: `${i}.pdf`, content: sample.pdf(String(i)) })),
      ]);
      assert.equal(tooMany.statusCode, 400);
      assert.match(tooMany.body, /Paling banyak 2 berkas dapat diunggah sekaligus\./);
      const half = Buffer.concat([sample.pdf(), Buffer.alloc(60 * 1024, 0x20)]);
      const overTotal = await post(warga, [
        { name: '_csrf', value: warga.csrf },
        { name: 'title', value: 'Besar' },
        { name: 'attachment', filename: 'a.pdf', content: half },
        { name: 'attachment', filename: 'b.pdf', content: half },
      ]);
      assert.equal(overTotal.statusCode, 400);
      assert.match(overTotal.body, /Jumlah ukuran semua berkas melebihi 100 KB\./);
      assert.deepEqual(await liveFiles(), before);
      assert.deepEqual(diskFiles(), onDisk);
    });

    test('CSRF: the token must come before the files (or in the header); without it nothing is stored', async () => {
      const before = await liveFiles();
      const onDisk = diskFiles();
      const file = { name: 'attachment', filename: 'a.pdf', content: sample.pdf('csrf') };
      const missing = await post(warga, [{ name: 'title', value: 'x' }, file]);
      assert.equal(missing.statusCode, 403);
      assert.match(missing.body, /Formulir sudah kedaluwarsa/);
      const wrong = await post(warga, [{ name: '_csrf', value: 'x'.repeat(32) }, { name: 'title', value: 'x' }, file]);
      assert.equal(wrong.statusCode, 403);
      const late = await post(warga, [{ name: 'title', value: 'x' }, file, { name: '_csrf', value: warga.csrf }]);
      assert.equal(late.statusCode, 403, 'a token after the first file does not count');
      // Another site's form cannot know the token; the cookie alone is not enough.
      const foreign = new Client(t.app);
      await foreign.get('/healthz');
      const crossSite = await post(warga, [{ name: '_csrf', value: foreign.csrf }, { name: 'title', value: 'x' }, file]);
      assert.equal(crossSite.statusCode, 403);
      assert.deepEqual(await liveFiles(), before);
      assert.deepEqual(diskFiles(), onDisk);

      const header = await post(warga, [{ name: 'title', value: 'Lewat header' }, file], { 'x-csrf-token': warga.csrf });
      assert.equal(header.statusCode, 303);
      assert.equal((await liveFiles()).length, before.length + 1);
    });

    test('over a real socket, as a browser sends FormData: stored when the token is there, refused early when not', async () => {
      const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
      const cookie = [...warga.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      const form = (token: string | undefined, content: Buffer) => {
        const body = new FormData();
        if (token) body.append('_csrf', token);
        body.append('title', 'Lewat jaringan');
        body.append('attachment', new Blob([new Uint8Array(content)], { type: 'application/pdf' }), 'Surat "Undangan".pdf');
        return body;
      };
      const ok = await fetch(`${url}/demo/upload`, { method: 'POST', body: form(warga.csrf, sample.pdf('net')), headers: { cookie, accept: 'text/html' }, redirect: 'manual' });
      assert.equal(ok.status, 303);
      const id = new URL(ok.headers.get('location')!, url).searchParams.get('stored')!;
      const row = await t.deps.db.selectFrom('stored_file').select(['name', 'size']).where('id', '=', id).executeTakeFirstOrThrow();
      assert.deepEqual(row, { name: 'Surat "Undangan".pdf', size: String(sample.pdf('net').length) });
      const download = await fetch(`${url}/demo/files/${id}`, { headers: { cookie } });
      assert.deepEqual(Buffer.from(await download.arrayBuffer()), sample.pdf('net'));

      // A forged post with a big file gets its 403 without the server reading the file into storage.
      const before = await liveFiles();
      const big = Buffer.concat([sample.pdf(), Buffer.alloc(2 * 1024 * 1024, 0x20)]);
      const forged = await fetch(`${url}/demo/upload`, { method: 'POST', body: form(undefined, big), headers: { cookie, accept: 'text/html' }, redirect: 'manual' }).catch((e: Error) => e);
      if (!(forged instanceof Error)) assert.equal(forged.status, 403);
      assert.deepEqual(await liveFiles(), before);
      assert.deepEqual(fs.readdirSync(path.join(dataDir, 'files', '.tmp')), []);
    });
  });
}
