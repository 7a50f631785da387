import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { loadConfig } from '../../config.ts';
import { AppError } from '../http/errors.ts';
import { translate } from '../i18n/index.ts';
import type { AuditContext } from '../audit/record-audit.ts';
import type { Actor } from '../auth/actor.ts';
import { createTestApp, createUser, type TestApp } from '../../../test/support/app.ts';
import { engines } from '../../../test/support/db.ts';
import * as sample from '../../../test/support/sample-files.ts';
import { createJobQueue } from '../jobs/index.ts';
import { DOCUMENT_TYPES, FILE_TYPES, IMAGE_TYPES, PURGE_JOB, deleteFile, discardFiles, getFiles, markFilesDeleted, openFile, purgeDeletedFiles, registerFileJobs, storeUpload, verifyFiles, type FilePolicy } from './index.ts';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** Every file under a folder, relative paths. */
function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

/** The validation error a promise rejects with, as (field, message key, Indonesian, English). */
async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => assert.fail('expected the upload to be refused'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof AppError && error.code === 'validation', `expected a validation error, got ${String(error)}`);
  const f = error.fields[0]!;
  return { field: f.field, key: f.messageKey, id: translate('id', f.messageKey, f.params), en: translate('en', f.messageKey, f.params) };
}

const ALL: FilePolicy = { purpose: 'portal.document', maxBytes: 1024 * 1024, allowedTypes: [...DOCUMENT_TYPES, ...IMAGE_TYPES, FILE_TYPES.txt, FILE_TYPES.csv, FILE_TYPES.odp] };

for (const engine of engines()) {
  describe(`file service (${engine})`, () => {
    let t: TestApp;
    let dataDir: string;
    let audit: AuditContext;
    let actor: Actor;
    const root = () => path.join(dataDir, 'files');
    const rows = () => t.deps.db.selectFrom('stored_file').selectAll().execute();
    const upload = (data: Buffer | Buffer[], filename: string, policy: FilePolicy = ALL, declaredType?: string) =>
      storeUpload(t.deps, audit, policy, { stream: Readable.from(Array.isArray(data) ? data : [data]), filename, declaredType, field: 'dokumen' });

    before(async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'padu-files-'));
      t = await createTestApp(engine, { config: { dataDir, files: loadConfig({}).files } });
      const userId = await createUser(t.deps, { email: 'warga@example.id', roles: [{ role: 'warga' }] });
      actor = { kind: 'user', userId, name: 'Warga', email: 'warga@example.id', grants: [{ role: 'warga', opdId: null }] };
      audit = { actor, requestId: 'req-1', ip: '127.0.0.1' };
    });
    after(async () => {
      await t.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    test('accepted types are recognised by content; bytes, size and SHA-256 are stored as received', async () => {
      const cases: [string, Buffer, string][] = [
        ['surat.pdf', sample.pdf(), FILE_TYPES.pdf],
        ['denah.png', sample.png(), FILE_TYPES.png],
        ['foto.jpeg', sample.TINY_JPEG, FILE_TYPES.jpeg],
        ['ikon.gif', GIF, FILE_TYPES.gif],
        ['foto.webp', sample.webpWithExif(), FILE_TYPES.webp],
        ['kak.docx', sample.docx(), FILE_TYPES.docx],
        ['anggaran.xlsx', sample.xlsx(), FILE_TYPES.xlsx],
        ['paparan.pptx', sample.pptx(), FILE_TYPES.pptx],
        ['notulen.odt', sample.odt(), FILE_TYPES.odt],
        ['rekap.ods', sample.ods(), FILE_TYPES.ods],
        ['catatan.txt', Buffer.from('Catatan rapat\r\nSelesai pukul 10.00 — dilanjutkan besok.\n', 'utf8'), FILE_TYPES.txt],
        ['data.csv', Buffer.from('\ufeffkode,nama\n35.78,Kota Surabaya\n', 'utf8'), FILE_TYPES.csv],
      ];
      for (const [name, data, type] of cases) {
        // Split into small chunks: sniffing and text checks must not depend on chunk boundaries.
        const chunks = [];
        for (let i = 0; i < data.length; i += 5) chunks.push(data.subarray(i, i + 5));
        const stored = await upload(chunks, name);
        assert.equal(stored.contentType, type, name);
        assert.equal(stored.size, data.length, name);
        assert.equal(stored.sha256, sha256(data), name);
        assert.equal(stored.name, name);
        assert.equal(stored.uploadedBy, actor.kind === 'user' ? actor.userId : null);
        const row = await t.deps.db.selectFrom('stored_file').selectAll().where('id', '=', stored.id).executeTakeFirstOrThrow();
        assert.equal(row.storage, 'local');
        assert.equal(row.storage_key, `portal.document/2026-03/${stored.id}`, 'the path is ours, never the client name');
        assert.deepEqual(fs.readFileSync(path.join(root(), row.storage_key)), data, name);
      }
      // The declared type does not matter, except to tell CSV from text.
      assert.equal((await upload(Buffer.from('a;b\n1;2\n'), 'export', ALL, 'text/csv')).contentType, FILE_TYPES.csv);
      assert.equal((await upload(sample.pdf(), 'scan.jpg', ALL, 'image/jpeg')).name, 'scan.jpg.pdf', 'the name gets the real extension');
      const audits = await t.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'file.uploaded').execute();
      assert.equal(audits.length, cases.length + 2);
      assert.equal(audits[0]!.actor_user_id, actor.kind === 'user' ? actor.userId : null);
      assert.deepEqual(listFiles(path.join(root(), '.tmp')), [], 'no temporary files left');
    });

    test('programs, macro documents and disallowed types are refused with a localized error, and nothing is stored', async () => {
      const before = (await rows()).length;
      const stored = listFiles(root());
      const renamedExe = await refusal(upload(sample.exe(), 'laporan.pdf', ALL, 'application/pdf'));
      assert.deepEqual(renamedExe, {
        field: 'dokumen',
        key: 'files.error.executable',
        id: 'Berkas laporan.pdf adalah program atau skrip dan tidak dapat diunggah.',
        en: 'The file laporan.pdf is a program or script and cannot be uploaded.',
      });
      for (const [data, name] of [
        [sample.elf(), 'foto.jpg'],
        [sample.machO(), 'data.csv'],
        [sample.shellScript(), 'catatan.txt'],
        [Buffer.concat([Buffer.from('\ufeff', 'utf8'), sample.shellScript()]), 'catatan.txt'],
      ] as const) {
        assert.equal((await refusal(upload(data, name))).key, 'files.error.executable', name);
      }
      const macros = await refusal(upload(sample.docm(), 'kak.docx'));
      assert.equal(macros.key, 'files.error.macros');
      const imagesOnly: FilePolicy = { purpose: 'aduan.photo', maxBytes: 1024 * 1024, allowedTypes: [FILE_TYPES.jpeg, FILE_TYPES.png] };
      const notAllowed = await refusal(upload(sample.pdf(), 'foto.jpg', imagesOnly, 'image/jpeg'));
      assert.equal(notAllowed.id, 'Berkas foto.jpg tidak dapat diterima. Unggah berkas JPG, PNG.');
      assert.equal(notAllowed.en, 'The file foto.jpg cannot be accepted. Upload a JPG, PNG file.');
      assert.equal((await refusal(upload(sample.docx(), 'kak.docx', imagesOnly))).key, 'files.error.type_not_allowed');
      assert.equal((await refusal(upload(sample.zip([{ name: 'a.txt', data: 'x' }]), 'arsip.zip'))).key, 'files.error.type_not_allowed', 'a plain ZIP is not a document');
      assert.equal((await refusal(upload(Buffer.from('teks\0dengan NUL'), 'a.txt'))).key, 'files.error.type_not_allowed');
      assert.equal((await refusal(upload(Buffer.from([0x61, 0x62, 0xc3, 0x28]), 'a.txt'))).key, 'files.error.type_not_allowed', 'invalid UTF-8');
      assert.equal((await refusal(upload(Buffer.from('PK\x03\x04broken zip', 'latin1'), 'a.xlsx'))).key, 'files.error.damaged');
      assert.equal((await refusal(upload(Buffer.alloc(0), 'kosong.pdf'))).key, 'files.error.empty');
      assert.equal((await rows()).length, before, 'no metadata row');
      assert.deepEqual(listFiles(root()), stored, 'no bytes on disk, not even temporary ones');
    });

    test('over maxBytes the upload is aborted: the stream is drained, nothing is left on disk', async () => {
      const small: FilePolicy = { purpose: 'portal.document', maxBytes: 100_000, allowedTypes: [FILE_TYPES.pdf] };
      const stored = listFiles(root());
      const before = (await rows()).length;
      let produced = 0;
      async function* big() {
        yield sample.pdf();
        for (let i = 0; i < 64; i++) {
          produced += 16 * 1024;
          yield Buffer.alloc(16 * 1024, 0x20);
        }
      }
      const error = await refusal(storeUpload(t.deps, audit, small, { stream: Readable.from(big()), filename: 'besar.pdf' }));
      assert.equal(error.id, 'Berkas besar.pdf lebih besar dari 98 KB.');
      assert.equal(produced, 64 * 16 * 1024, 'the sender was read to the end, not cut off mid-stream');
      assert.equal((await rows()).length, before);
      assert.deepEqual(listFiles(root()), stored);
      // Exactly at the limit is fine.
      const exact = Buffer.concat([sample.pdf(), Buffer.alloc(100_000 - sample.pdf().length, 0x20)]);
      assert.equal((await storeUpload(t.deps, audit, small, { stream: Readable.from([exact]), filename: 'pas.pdf' })).size, 100_000);
    });

    test('image metadata is stripped when the policy asks: GPS EXIF gone, SHA-256 of the stored bytes', async () => {
      const photos: FilePolicy = { purpose: 'aduan.photo', maxBytes: 1024 * 1024, allowedTypes: IMAGE_TYPES, stripImageMetadata: true };
      const original = sample.jpegWithGps();
      const stored = await storeUpload(t.deps, audit, photos, { stream: Readable.from([original]), filename: 'IMG_2041.JPG' });
      const row = await t.deps.db.selectFrom('stored_file').selectAll().where('id', '=', stored.id).executeTakeFirstOrThrow();
      const bytes = fs.readFileSync(path.join(root(), row.storage_key));
      assert.ok(original.includes(sample.exifTiff()));
      assert.ok(!bytes.includes(sample.exifTiff()), 'the EXIF block with GPS is gone');
      assert.ok(!bytes.includes(Buffer.from([0x25, 0x88])), 'no GPSInfo tag');
      const app1 = sample.jpegSegments(bytes).segments.filter((s) => s.marker === 0xe1);
      assert.equal(app1.length, 1);
      assert.equal(app1[0]!.payload.length, 32, 'only the orientation is left');
      assert.equal(stored.size, bytes.length);
      assert.equal(stored.sha256, sha256(bytes));
      assert.equal(row.sha256, sha256(bytes));

      const png = await storeUpload(t.deps, audit, photos, { stream: Readable.from([sample.png({ metadata: true })]), filename: 'denah.png' });
      assert.equal(png.sha256, sha256(sample.png()), 'the PNG is exactly the one without text and eXIf chunks');
      // Without the flag the file is kept as sent.
      const kept = await storeUpload(t.deps, audit, { ...photos, stripImageMetadata: false }, { stream: Readable.from([original]), filename: 'asli.jpg' });
      assert.equal(kept.sha256, sha256(original));
      // A JPEG that breaks off inside a segment cannot be stripped, so it is refused.
      assert.equal((await refusal(storeUpload(t.deps, audit, photos, { stream: Readable.from([original.subarray(0, 200)]), filename: 'rusak.jpg', field: 'foto' }))).key, 'files.error.damaged');
    });

    test('openFile asks the module: 404 (or 401/403 when the caller chooses), deleted files are gone', async () => {
      const file = await upload(sample.pdf('rahasia'), 'hasil.pdf');
      const opened = await openFile(t.deps, actor, file.id, (f) => f.uploadedBy === (actor.kind === 'user' ? actor.userId : null));
      assert.deepEqual(opened.file, file);
      assert.deepEqual(await buffer(opened.stream), sample.pdf('rahasia'));

      const seen: string[] = [];
      const deny = async (f: { id: string }) => {
        seen.push(f.id);
        return false;
      };
      const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: AppError) => e.code);
      assert.equal(await code(openFile(t.deps, actor, file.id, deny)), 'not_found');
      assert.equal(await code(openFile(t.deps, actor, file.id, deny, { deny: 'forbidden' })), 'forbidden');
      assert.equal(await code(openFile(t.deps, null, file.id, deny, { deny: 'forbidden' })), 'unauthorized');
      assert.deepEqual(seen, [file.id, file.id, file.id], 'the callback saw the file');
      assert.equal(await code(openFile(t.deps, actor, 'not-a-uuid', () => true)), 'not_found');
      assert.equal(await code(openFile(t.deps, actor, '00000000-0000-4000-8000-000000000000', () => true)), 'not_found');
      assert.deepEqual((await getFiles(t.deps, [file.id, 'x'])).map((f) => f.id), [file.id]);

      assert.equal(await code(deleteFile(t.deps, audit, file.id, () => false)), 'not_found', 'deleting is asked too');
      await deleteFile(t.deps, audit, file.id, () => true);
      assert.equal(await code(openFile(t.deps, actor, file.id, () => true)), 'not_found');
      assert.deepEqual(await getFiles(t.deps, [file.id]), []);
      const audits = await t.deps.db.selectFrom('audit_log').select(['action', 'actor_user_id']).where('target_id', '=', file.id).orderBy('id').execute();
      assert.deepEqual(audits.map((a) => a.action), ['file.uploaded', 'file.deleted']);

      // Bytes missing under the metadata (files folder not restored): an internal error, not a crash.
      const orphan = await upload(sample.pdf('hilang'), 'hilang.pdf');
      const key = (await t.deps.db.selectFrom('stored_file').select('storage_key').where('id', '=', orphan.id).executeTakeFirstOrThrow()).storage_key;
      fs.rmSync(path.join(root(), key));
      assert.equal(await code(openFile(t.deps, actor, orphan.id, () => true)), 'internal');
      const check = await verifyFiles(t.deps);
      assert.deepEqual(check.problems.map((p) => [p.id, p.problem]), [[orphan.id, 'missing']]);
      await t.deps.db.transaction().execute((tx) => markFilesDeleted(tx, t.deps.clock, audit, [orphan.id]));
    });

    test('deleted files keep their bytes for the retention period, then the purge job removes them', async () => {
      const file = await upload(sample.pdf('lama'), 'lama.pdf');
      const key = (await t.deps.db.selectFrom('stored_file').select('storage_key').where('id', '=', file.id).executeTakeFirstOrThrow()).storage_key;
      await t.deps.db.transaction().execute((tx) => markFilesDeleted(tx, t.deps.clock, audit, [file.id, file.id]));
      t.clock.advance(29 * 24 * 3600 * 1000);
      await purgeDeletedFiles(t.deps);
      assert.ok(fs.existsSync(path.join(root(), key)), 'kept within PADU_FILES_PURGE_DAYS');
      t.clock.advance(2 * 24 * 3600 * 1000);
      const result = await purgeDeletedFiles(t.deps);
      assert.ok(result.purged >= 1);
      assert.equal(result.failed, 0);
      assert.ok(!fs.existsSync(path.join(root(), key)), 'bytes removed');
      const row = await t.deps.db.selectFrom('stored_file').selectAll().where('id', '=', file.id).executeTakeFirstOrThrow();
      assert.ok(row.purged_at, 'the row stays as a tombstone');
      assert.equal((await purgeDeletedFiles(t.deps)).purged, 0, 'nothing twice');
      const actions = await t.deps.db.selectFrom('audit_log').select(['action', 'actor_label']).where('target_id', '=', file.id).orderBy('id').execute();
      assert.deepEqual(actions, [
        { action: 'file.uploaded', actor_label: 'warga@example.id' },
        { action: 'file.deleted', actor_label: 'warga@example.id' },
        { action: 'file.purged', actor_label: 'job:files.purge' },
      ]);
      // Uploads of a refused form are discarded at once, bytes and all.
      const discarded = await upload(sample.pdf('buang'), 'buang.pdf');
      const discardedKey = `portal.document/2026-04/${discarded.id}`; // the clock moved on a month
      assert.ok(fs.existsSync(path.join(root(), discardedKey)));
      await discardFiles(t.deps, audit, [discarded]);
      assert.ok(!fs.existsSync(path.join(root(), discardedKey)));
      assert.equal((await verifyFiles(t.deps)).problems.length, 0, 'every remaining file is intact');
    });

    test('the files.purge job (pg-boss) does the purging in a process that runs jobs', async () => {
      const file = await upload(sample.pdf('job'), 'job.pdf');
      await deleteFile(t.deps, audit, file.id, () => true);
      t.clock.advance(31 * 24 * 3600 * 1000);
      const jobs = createJobQueue({ connection: t.database.connection, pollingIntervalSeconds: 0.5 });
      await jobs.start();
      const purgedAt = () => t.deps.db.selectFrom('stored_file').select('purged_at').where('id', '=', file.id).executeTakeFirstOrThrow();
      try {
        await registerFileJobs(jobs, t.deps);
        await jobs.send(PURGE_JOB, {});
        const deadline = Date.now() + 30_000;
        while (!(await purgedAt()).purged_at && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      } finally {
        await jobs.stop();
      }
      assert.ok((await purgedAt()).purged_at, 'purged by the job');
    });
  });
}
