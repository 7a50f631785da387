import http from 'node:http';
import { createHash, createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';

/**
 * A minimal S3-compatible server for tests, on 127.0.0.1: path-style PutObject, GetObject,
 * DeleteObject and the multipart upload calls, in memory. It checks every request's AWS
 * Signature V4 the way S3 does — from the request as received, with its own canonicalisation
 * (decode the path and query, re-encode per RFC 3986) — and the payload's SHA-256, so a test that
 * passes against it has really been signed. No MinIO binary is available here, and the
 * pure-JS `s3rver` accepts any V4 signature without checking it.
 */
export interface TestS3Options {
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export interface TestS3Server {
  endpoint: string;
  objects: Map<string, Buffer>;
  /** Requests whose signature verified, and the refused ones, by S3 error code. */
  stats: { verified: number; refused: Record<string, number>; requests: string[] };
  close(): Promise<void>;
}

const unreserved = /[A-Za-z0-9\-._~]/;
function encode(value: string, keepSlash: boolean): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += unreserved.test(c) || (keepSlash && c === '/') ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

class S3Failure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function verify(req: http.IncomingMessage, body: Buffer, options: TestS3Options, now: number): void {
  const auth = req.headers.authorization ?? '';
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) throw new S3Failure(403, 'AccessDenied', 'missing or malformed Authorization');
  const [, accessKey, day, region, signedHeaderList, signature] = m as unknown as string[];
  if (accessKey !== options.accessKeyId) throw new S3Failure(403, 'InvalidAccessKeyId', 'unknown access key');
  if (region !== options.region) throw new S3Failure(400, 'AuthorizationHeaderMalformed', 'wrong region');
  const stamp = String(req.headers['x-amz-date'] ?? '');
  if (!/^\d{8}T\d{6}Z$/.test(stamp) || stamp.slice(0, 8) !== day) throw new S3Failure(403, 'AccessDenied', 'bad x-amz-date');
  const at = Date.UTC(+stamp.slice(0, 4), +stamp.slice(4, 6) - 1, +stamp.slice(6, 8), +stamp.slice(9, 11), +stamp.slice(11, 13), +stamp.slice(13, 15));
  if (Math.abs(at - now) > 15 * 60 * 1000) throw new S3Failure(403, 'RequestTimeTooSkewed', 'clock skew');
  const payloadHash = String(req.headers['x-amz-content-sha256'] ?? '');
  if (payloadHash !== 'UNSIGNED-PAYLOAD') {
    if (createHash('sha256').update(body).digest('hex') !== payloadHash) throw new S3Failure(400, 'XAmzContentSHA256Mismatch', 'payload hash mismatch');
  }
  const signedHeaders = signedHeaderList!.split(';');
  if (!signedHeaders.includes('host')) throw new S3Failure(403, 'AccessDenied', 'host must be signed');
  for (const name of Object.keys(req.headers)) {
    if (name.startsWith('x-amz-') && !signedHeaders.includes(name)) throw new S3Failure(403, 'AccessDenied', `${name} must be signed`);
  }
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const rawPath = q < 0 ? url : url.slice(0, q);
  const rawQuery = q < 0 ? '' : url.slice(q + 1);
  const canonicalUri = rawPath
    .split('/')
    .map((segment) => encode(decodeURIComponent(segment), false))
    .join('/');
  const canonicalQuery = rawQuery
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const eq = pair.indexOf('=');
      const k = decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq));
      const v = eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1));
      return `${encode(k, false)}=${encode(v, false)}`;
    })
    .sort()
    .join('&');
  const canonicalHeaders = signedHeaders.map((name) => `${name}:${String(req.headers[name] ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  const canonical = [req.method, canonicalUri, canonicalQuery, canonicalHeaders, signedHeaderList, payloadHash].join('\n');
  const toSign = ['AWS4-HMAC-SHA256', stamp, `${day}/${region}/s3/aws4_request`, createHash('sha256').update(canonical).digest('hex')].join('\n');
  let key = createHmac('sha256', `AWS4${options.secretAccessKey}`).update(day!).digest();
  for (const part of [region!, 's3', 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
  const expected = createHmac('sha256', key).update(toSign).digest('hex');
  if (expected !== signature) throw new S3Failure(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
}

const xmlError = (code: string, message: string) => `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;

export async function startTestS3(options: TestS3Options): Promise<TestS3Server> {
  const objects = new Map<string, Buffer>();
  const uploads = new Map<string, { key: string; parts: Map<number, Buffer> }>();
  const stats: TestS3Server['stats'] = { verified: 0, refused: {}, requests: [] };
  let nextUpload = 1;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      try {
        verify(req, body, options, Date.now());
        stats.verified++;
        const url = new URL(req.url ?? '/', 'http://s3.test');
        stats.requests.push(`${req.method} ${url.pathname}${url.search}`);
        const [, bucket, ...rest] = url.pathname.split('/');
        if (decodeURIComponent(bucket ?? '') !== options.bucket) throw new S3Failure(404, 'NoSuchBucket', 'The specified bucket does not exist');
        const key = rest.map(decodeURIComponent).join('/');
        const params = url.searchParams;
        if (req.method === 'POST' && params.has('uploads')) {
          const id = `upload-${nextUpload++}`;
          uploads.set(id, { key, parts: new Map() });
          res.writeHead(200, { 'content-type': 'application/xml' });
          return res.end(`<InitiateMultipartUploadResult><Bucket>${bucket}</Bucket><Key>${key}</Key><UploadId>${id}</UploadId></InitiateMultipartUploadResult>`);
        }
        const uploadId = params.get('uploadId');
        if (uploadId) {
          const upload = uploads.get(uploadId);
          if (!upload || upload.key !== key) throw new S3Failure(404, 'NoSuchUpload', 'no such upload');
          if (req.method === 'PUT') {
            const number = Number(params.get('partNumber'));
            upload.parts.set(number, body);
            res.writeHead(200, { etag: `"${createHash('md5').update(body).digest('hex')}"` });
            return res.end();
          }
          if (req.method === 'POST') {
            const listed = [...body.toString('utf8').matchAll(/<PartNumber>(\d+)<\/PartNumber><ETag>([^<]+)<\/ETag>/g)];
            const parts = listed.map(([, n, etag]) => {
              const part = upload.parts.get(Number(n));
              if (!part || `"${createHash('md5').update(part).digest('hex')}"` !== etag!.replace(/&quot;/g, '"')) throw new S3Failure(400, 'InvalidPart', `part ${n}`);
              return part;
            });
            objects.set(key, Buffer.concat(parts));
            uploads.delete(uploadId);
            res.writeHead(200, { 'content-type': 'application/xml' });
            return res.end(`<CompleteMultipartUploadResult><Key>${key}</Key></CompleteMultipartUploadResult>`);
          }
          if (req.method === 'DELETE') {
            uploads.delete(uploadId);
            res.writeHead(204);
            return res.end();
          }
        }
        if (req.method === 'PUT') {
          if (Number(req.headers['content-length']) !== body.length) throw new S3Failure(400, 'IncompleteBody', 'content-length');
          objects.set(key, body);
          res.writeHead(200, { etag: `"${createHash('md5').update(body).digest('hex')}"` });
          return res.end();
        }
        if (req.method === 'GET') {
          const object = objects.get(key);
          if (!object) throw new S3Failure(404, 'NoSuchKey', 'The specified key does not exist.');
          res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': object.length });
          return res.end(object);
        }
        if (req.method === 'DELETE') {
          objects.delete(key);
          res.writeHead(204);
          return res.end();
        }
        throw new S3Failure(405, 'MethodNotAllowed', 'not supported by the test server');
      } catch (error) {
        const failure = error instanceof S3Failure ? error : new S3Failure(500, 'InternalError', String(error));
        stats.refused[failure.code] = (stats.refused[failure.code] ?? 0) + 1;
        res.writeHead(failure.status, { 'content-type': 'application/xml' });
        res.end(xmlError(failure.code, failure.message));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    objects,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
