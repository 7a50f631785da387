import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { S3Config } from '../../../config.ts';
import { assertKey, MissingFileError, type FileStorage } from './common.ts';
import { EMPTY_SHA256, canonicalQuery, signRequest, uriEncode } from './sigv4.ts';

/** An S3 error answer: HTTP status and S3's own code (`NoSuchBucket`, `SignatureDoesNotMatch`, …). */
export class S3Error extends Error {
  override name = 'S3Error';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`S3 ${status} ${code}: ${message}`);
  }
}

export interface S3StorageOptions {
  /** Files larger than this go up as a multipart upload in parts of this size (S3's minimum is 5 MiB). */
  partSize?: number;
  /** Signing time; S3 refuses requests more than 15 minutes off its own clock, so this is real time. */
  now?: () => Date;
  /** Idle socket timeout per request. */
  timeoutMs?: number;
}

type Query = [string, string][];

interface RequestOptions {
  query?: Query;
  headers?: Record<string, string>;
  body?: Buffer | Readable;
  payloadHash?: string;
  /** Statuses that are an answer rather than an error. */
  ok?: number[];
}

/**
 * S3-compatible object storage over plain `http`/`https` with our own SigV4 signer: PUT from the
 * received file (its SHA-256 is known, so the payload is signed too), multipart upload for large
 * files, streaming GET, DELETE. No SDK: the four calls Padu makes do not justify one.
 */
export class S3Storage implements FileStorage {
  readonly kind = 's3' as const;
  private readonly endpoint: URL;
  private readonly agent: http.Agent;
  private readonly partSize: number;
  private readonly now: () => Date;
  private readonly timeoutMs: number;

  constructor(
    private readonly config: S3Config,
    options: S3StorageOptions = {},
  ) {
    this.endpoint = new URL(config.endpoint);
    if (this.endpoint.protocol !== 'http:' && this.endpoint.protocol !== 'https:') throw new Error(`PADU_S3_ENDPOINT must be http(s): ${config.endpoint}`);
    const Agent = this.endpoint.protocol === 'https:' ? https.Agent : http.Agent;
    this.agent = new Agent({ keepAlive: true, maxSockets: 16 });
    this.partSize = Math.max(options.partSize ?? 16 * 1024 * 1024, 5 * 1024 * 1024);
    this.now = options.now ?? (() => new Date());
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  async put(key: string, tmpFile: string, meta: { size: number; sha256: string; contentType: string }): Promise<void> {
    if (meta.size > this.partSize) return this.putMultipart(key, tmpFile, meta);
    const res = await this.request('PUT', key, {
      headers: { 'content-type': meta.contentType, 'content-length': String(meta.size) },
      body: fs.createReadStream(tmpFile),
      payloadHash: meta.sha256,
    });
    res.resume();
  }

  async get(key: string): Promise<Readable> {
    const res = await this.request('GET', key, { ok: [200, 404] });
    if (res.statusCode === 404) {
      const { code, message } = parseError(await readText(res));
      if (code === 'NoSuchKey' || !code) throw new MissingFileError(key);
      throw new S3Error(404, code, message);
    }
    return res;
  }

  async delete(key: string): Promise<void> {
    const res = await this.request('DELETE', key, { ok: [200, 204, 404] });
    res.resume();
  }

  private async putMultipart(key: string, tmpFile: string, meta: { size: number; contentType: string }): Promise<void> {
    const started = await readText(await this.request('POST', key, { query: [['uploads', '']], headers: { 'content-type': meta.contentType } }));
    const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(started)?.[1];
    if (!uploadId) throw new S3Error(500, 'InvalidResponse', 'no UploadId in CreateMultipartUpload answer');
    try {
      const parts: { number: number; etag: string }[] = [];
      for (let offset = 0, number = 1; offset < meta.size; offset += this.partSize, number++) {
        const end = Math.min(meta.size, offset + this.partSize);
        const range = { start: offset, end: end - 1 };
        const hash = createHash('sha256');
        await pipeline(fs.createReadStream(tmpFile, range), hash);
        const res = await this.request('PUT', key, {
          query: [
            ['partNumber', String(number)],
            ['uploadId', uploadId],
          ],
          headers: { 'content-length': String(end - offset) },
          body: fs.createReadStream(tmpFile, range),
          payloadHash: hash.digest('hex'),
        });
        res.resume();
        const etag = res.headers.etag;
        if (!etag) throw new S3Error(500, 'InvalidResponse', `no ETag for part ${number}`);
        parts.push({ number, etag });
      }
      const xml = Buffer.from(
        `<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${parts
          .map((p) => `<Part><PartNumber>${p.number}</PartNumber><ETag>${escapeXml(p.etag)}</ETag></Part>`)
          .join('')}</CompleteMultipartUpload>`,
      );
      const done = await readText(
        await this.request('POST', key, {
          query: [['uploadId', uploadId]],
          headers: { 'content-type': 'application/xml', 'content-length': String(xml.length) },
          body: xml,
          payloadHash: createHash('sha256').update(xml).digest('hex'),
        }),
      );
      // CompleteMultipartUpload may answer 200 and still fail, in the body.
      if (/<Error>/.test(done)) {
        const { code, message } = parseError(done);
        throw new S3Error(200, code, message);
      }
    } catch (error) {
      await this.request('DELETE', key, { query: [['uploadId', uploadId]], ok: [200, 204, 404] })
        .then((res) => res.resume())
        .catch(() => {});
      throw error;
    }
  }

  /** Where a request for `key` goes: path style (`/bucket/key`) or virtual-hosted (`bucket.host/key`). */
  private target(key: string): { hostname: string; port: string; host: string; path: string } {
    assertKey(key);
    const base = this.endpoint.pathname.replace(/\/$/, '');
    const objectPath = `/${uriEncode(key, true)}`;
    const hostname = this.endpoint.hostname.replace(/^\[(.*)\]$/, '$1');
    if (this.config.forcePathStyle) {
      return { hostname, port: this.endpoint.port, host: this.endpoint.host, path: `${base}/${uriEncode(this.config.bucket)}${objectPath}` };
    }
    return { hostname: `${this.config.bucket}.${hostname}`, port: this.endpoint.port, host: `${this.config.bucket}.${this.endpoint.host}`, path: `${base}${objectPath}` };
  }

  private request(method: string, key: string, options: RequestOptions = {}): Promise<http.IncomingMessage> {
    const target = this.target(key);
    const query = options.query ?? [];
    const signed = signRequest({
      method,
      path: target.path,
      query,
      headers: { host: target.host, ...options.headers },
      payloadHash: options.payloadHash ?? EMPTY_SHA256,
      region: this.config.region,
      accessKeyId: this.config.accessKeyId,
      secretAccessKey: this.config.secretAccessKey,
      now: this.now(),
    });
    const search = canonicalQuery(query);
    const transport = this.endpoint.protocol === 'https:' ? https : http;
    const ok = options.ok ?? [200];
    return new Promise((resolve, reject) => {
      const req = transport.request(
        {
          method,
          hostname: target.hostname,
          port: target.port || undefined,
          path: search ? `${target.path}?${search}` : target.path,
          headers: signed.headers,
          agent: this.agent,
        },
        (res) => {
          if (ok.includes(res.statusCode ?? 0)) return resolve(res);
          readText(res).then((text) => {
            const { code, message } = parseError(text);
            reject(new S3Error(res.statusCode ?? 0, code || 'HttpError', message || text.slice(0, 200)));
          }, reject);
        },
      );
      req.setTimeout(this.timeoutMs, () => req.destroy(new Error(`S3 ${method} timed out after ${this.timeoutMs} ms`)));
      req.on('error', reject);
      const body = options.body;
      if (!body) req.end();
      else if (Buffer.isBuffer(body)) req.end(body);
      else pipeline(body, req).catch(reject);
    });
  }
}

async function readText(res: Readable, limit = 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseError(xml: string): { code: string; message: string } {
  return { code: /<Code>([^<]*)<\/Code>/.exec(xml)?.[1] ?? '', message: /<Message>([^<]*)<\/Message>/.exec(xml)?.[1] ?? '' };
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
