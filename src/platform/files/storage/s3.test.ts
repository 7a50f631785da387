import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { buffer } from 'node:stream/consumers';
import { Readable } from 'node:stream';
import { loadConfig, type Config, type S3Config } from '../../../config.ts';
import { EMPTY_SHA256, signRequest, uriEncode } from './sigv4.ts';
import { S3Error, S3Storage } from './s3.ts';
import { MissingFileError } from './common.ts';
import { storeUpload } from '../use-cases/store-upload.ts';
import { openFile } from '../use-cases/open-file.ts';
import { deleteFile } from '../use-cases/delete-files.ts';
import { purgeDeletedFiles } from '../use-cases/purge-files.ts';
import { FILE_TYPES } from '../types.ts';
import { startTestS3, type TestS3Server } from '../../../../test/support/s3-server.ts';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { engines } from '../../../../test/support/db.ts';
import { jpegWithGps, pdf } from '../../../../test/support/sample-files.ts';

// AWS's published examples (Amazon S3 API reference, "Signature calculations for the
// Authorization header"): same key, time and requests must give the signatures AWS prints.
const AWS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', region: 'us-east-1', now: new Date('2013-05-24T00:00:00Z') };
const HOST = 'examplebucket.s3.amazonaws.com';

describe('SigV4 signer', () => {
  test('GET Object with a Range header', () => {
    const signed = signRequest({ ...AWS, method: 'GET', path: '/test.txt', headers: { host: HOST, range: 'bytes=0-9' }, payloadHash: EMPTY_SHA256 });
    assert.equal(
      signed.headers.authorization,
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
    assert.equal(signed.headers['x-amz-date'], '20130524T000000Z');
  });

  test('PUT Object: the key is percent-encoded ($ → %24) and the payload hash is signed', () => {
    const body = 'Welcome to Amazon S3.';
    const payloadHash = createHash('sha256').update(body).digest('hex');
    assert.equal(payloadHash, '44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072');
    const signed = signRequest({
      ...AWS,
      method: 'PUT',
      path: `/${uriEncode('test$file.text', true)}`,
      headers: { host: HOST, date: 'Fri, 24 May 2013 00:00:00 GMT', 'x-amz-storage-class': 'REDUCED_REDUNDANCY', 'content-length': '21' },
      payloadHash,
    });
    assert.equal(signed.signature, '98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd');
    assert.match(signed.headers.authorization!, /SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class,/);
  });

  test('GET Bucket lifecycle and list objects: sub-resources and sorted, encoded query parameters', () => {
    const lifecycle = signRequest({ ...AWS, method: 'GET', path: '/', query: [['lifecycle', '']], headers: { host: HOST }, payloadHash: EMPTY_SHA256 });
    assert.equal(lifecycle.signature, 'fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543');
    const list = signRequest({ ...AWS, method: 'GET', path: '/', query: [['prefix', 'J'], ['max-keys', '2']], headers: { host: HOST }, payloadHash: EMPTY_SHA256 });
    assert.equal(list.signature, '34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7');
  });

  test('URI encoding: every byte but unreserved characters, slashes kept only in paths', () => {
    assert.equal(uriEncode('a b/é+(1)~x_y-z.jpg', true), 'a%20b/%C3%A9%2B%281%29~x_y-z.jpg');
    assert.equal(uriEncode('a/b=c&d'), 'a%2Fb%3Dc%26d');
  });
});

const S3 = { bucket: 'padu-files', region: 'ap-southeast-3', accessKeyId: 'padu-test', secretAccessKey: 'rahasia-uji-coba-s3' };

describe('S3 storage against a local S3-compatible server that checks signatures', () => {
  let server: TestS3Server;
  let dir: string;
  let config: S3Config;
  before(async () => {
    server = await startTestS3(S3);
    config = { ...S3, endpoint: server.endpoint, forcePathStyle: true };
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'padu-s3-'));
  });
  after(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('PUT with the signed payload hash, streaming GET, DELETE', async () => {
    const storage = new S3Storage(config);
    const data = pdf('s3');
    const file = path.join(dir, 'one');
    fs.writeFileSync(file, data);
    const verified = server.stats.verified;
    await storage.put('portal.document/2026-03/0b5c4a5e-0000-4000-8000-000000000001', file, { size: data.length, sha256: createHash('sha256').update(data).digest('hex'), contentType: 'application/pdf' });
    assert.deepEqual(server.objects.get('portal.document/2026-03/0b5c4a5e-0000-4000-8000-000000000001'), data);
    assert.deepEqual(await buffer(await storage.get('portal.document/2026-03/0b5c4a5e-0000-4000-8000-000000000001')), data);
    await storage.delete('portal.document/2026-03/0b5c4a5e-0000-4000-8000-000000000001');
    assert.equal(server.objects.size, 0);
    await assert.rejects(storage.get('portal.document/2026-03/0b5c4a5e-0000-4000-8000-000000000001'), MissingFileError);
    await storage.delete('portal.document/2026-03/0b5c4a5e-0000-4000-8000-000000000001'); // deleting again is fine
    assert.equal(server.stats.verified - verified, 5, 'every request carried a valid signature');
    assert.deepEqual(server.stats.refused, { NoSuchKey: 1 });
  });

  test('a big file goes up as a multipart upload, each part signed with its own hash', async () => {
    const storage = new S3Storage(config, { partSize: 5 * 1024 * 1024 });
    const data = randomBytes(11 * 1024 * 1024 + 123);
    const file = path.join(dir, 'big');
    fs.writeFileSync(file, data);
    server.stats.requests.length = 0;
    await storage.put('tata-kelola.evidence/2026-03/big', file, { size: data.length, sha256: createHash('sha256').update(data).digest('hex'), contentType: 'application/pdf' });
    assert.deepEqual(
      server.stats.requests.map((r) => r.replace(/uploadId=[^&]+/, 'uploadId=…')),
      [
        'POST /padu-files/tata-kelola.evidence/2026-03/big?uploads=',
        'PUT /padu-files/tata-kelola.evidence/2026-03/big?partNumber=1&uploadId=…',
        'PUT /padu-files/tata-kelola.evidence/2026-03/big?partNumber=2&uploadId=…',
        'PUT /padu-files/tata-kelola.evidence/2026-03/big?partNumber=3&uploadId=…',
        'POST /padu-files/tata-kelola.evidence/2026-03/big?uploadId=…',
      ],
    );
    assert.ok(createHash('sha256').update(server.objects.get('tata-kelola.evidence/2026-03/big')!).digest().equals(createHash('sha256').update(data).digest()));
  });

  test('a wrong secret, a wrong bucket and a tampered payload are refused by the server', async () => {
    const data = Buffer.from('hello');
    const file = path.join(dir, 'small');
    fs.writeFileSync(file, data);
    const sha256 = createHash('sha256').update(data).digest('hex');
    const wrongSecret = new S3Storage({ ...config, secretAccessKey: 'salah' });
    await assert.rejects(wrongSecret.put('x/y', file, { size: 5, sha256, contentType: 'text/plain' }), (e: unknown) => e instanceof S3Error && e.code === 'SignatureDoesNotMatch' && e.status === 403);
    const wrongBucket = new S3Storage({ ...config, bucket: 'other' });
    await assert.rejects(wrongBucket.put('x/y', file, { size: 5, sha256, contentType: 'text/plain' }), (e: unknown) => e instanceof S3Error && e.code === 'NoSuchBucket');
    const storage = new S3Storage(config);
    await assert.rejects(storage.put('x/y', file, { size: 5, sha256: 'a'.repeat(64), contentType: 'text/plain' }), (e: unknown) => e instanceof S3Error && e.code === 'XAmzContentSHA256Mismatch');
    assert.ok(!server.objects.has('x/y'));
  });
});

for (const engine of engines()) {
  describe(`files on S3 (${engine})`, () => {
    let server: TestS3Server;
    let t: TestApp;
    let dataDir: string;
    before(async () => {
      server = await startTestS3(S3);
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'padu-files-s3-'));
      const base = loadConfig({ PADU_DATA_DIR: dataDir });
      const config: Partial<Config> = {
        dataDir,
        files: { purgeAfterDays: 30, s3: { ...S3, endpoint: server.endpoint, forcePathStyle: true } },
      };
      t = await createTestApp(engine, { config: { ...base, ...config, jobs: false } });
    });
    after(async () => {
      await t.close();
      await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    test('upload → S3 object with the stored bytes → openFile streams it back → delete and purge remove it', async () => {
      const policy = { purpose: 'aduan.photo', maxBytes: 1024 * 1024, allowedTypes: [FILE_TYPES.jpeg], stripImageMetadata: true };
      const stored = await storeUpload(t.deps, { actor: null, system: 'test' }, policy, { stream: Readable.from([jpegWithGps()]), filename: 'jalan-rusak.jpg' });
      const row = await t.deps.db.selectFrom('stored_file').selectAll().where('id', '=', stored.id).executeTakeFirstOrThrow();
      assert.equal(row.storage, 's3');
      assert.match(row.storage_key, /^aduan\.photo\/2026-03\/[0-9a-f-]{36}$/);
      const object = server.objects.get(row.storage_key)!;
      assert.ok(object, 'the object is in the bucket');
      assert.equal(createHash('sha256').update(object).digest('hex'), stored.sha256, 'sha256 of what is stored (after stripping)');
      assert.equal(object.length, stored.size);
      assert.ok(!object.includes(Buffer.from('Surabaya')));
      assert.deepEqual(fs.readdirSync(path.join(dataDir, 'files')), ['.tmp']);
      assert.deepEqual(fs.readdirSync(path.join(dataDir, 'files', '.tmp')), [], 'no temporary file left');

      const { file, stream } = await openFile(t.deps, null, stored.id, () => true);
      assert.equal(file.contentType, 'image/jpeg');
      assert.deepEqual(await buffer(stream), object);

      await deleteFile(t.deps, { actor: null, system: 'test' }, stored.id, () => true);
      t.clock.advance(31 * 24 * 3600 * 1000);
      const result = await purgeDeletedFiles(t.deps);
      assert.equal(result.purged, 1);
      assert.ok(!server.objects.has(row.storage_key), 'the object is gone from the bucket');
      assert.deepEqual(server.stats.refused, {}, 'no request was refused');
    });
  });
}
