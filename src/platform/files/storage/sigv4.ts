import { createHash, createHmac } from 'node:crypto';

/**
 * AWS Signature Version 4 for S3 requests (Authorization header), written out here because it is
 * small and every S3-compatible server (AWS, MinIO, Ceph, Garage, SeaweedFS) speaks it; checked
 * against the examples in AWS's documentation (sigv4.test.ts).
 */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** RFC 3986 percent-encoding as SigV4 wants it: every byte but A–Z a–z 0–9 - . _ ~ (and `/` when kept). */
export function uriEncode(value: string, keepSlash = false): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const char = String.fromCharCode(byte);
    if (UNRESERVED.test(char) || (keepSlash && char === '/')) out += char;
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** `key=value&…` sorted by encoded name then value, as signed and as sent. */
export function canonicalQuery(query: readonly (readonly [string, string])[]): string {
  return query
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

export interface SignInput {
  method: string;
  /** The request path exactly as sent: already encoded with `uriEncode(…, true)`. */
  path: string;
  query?: readonly (readonly [string, string])[];
  /** Headers to send, lower-case names; `host` is required. */
  headers: Record<string, string>;
  /** Hex SHA-256 of the body (or `UNSIGNED-PAYLOAD`). */
  payloadHash: string;
  region: string;
  service?: string;
  accessKeyId: string;
  secretAccessKey: string;
  now: Date;
}

export interface Signed {
  /** Every header to send, including `authorization`, `x-amz-date` and `x-amz-content-sha256`. */
  headers: Record<string, string>;
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
}

// Hop-by-hop or rewritten by proxies: signing them only makes requests fragile.
const UNSIGNED_HEADERS = new Set(['authorization', 'content-length', 'user-agent', 'connection', 'expect', 'transfer-encoding']);

const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();

export function amzDate(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

export function signRequest(input: SignInput): Signed {
  const service = input.service ?? 's3';
  const stamp = amzDate(input.now);
  const day = stamp.slice(0, 8);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.headers)) headers[name.toLowerCase()] = value;
  if (!headers.host) throw new Error('SigV4: the host header is required');
  headers['x-amz-date'] = stamp;
  headers['x-amz-content-sha256'] = input.payloadHash;
  const signedNames = Object.keys(headers)
    .filter((n) => !UNSIGNED_HEADERS.has(n))
    .sort();
  const canonicalHeaders = signedNames.map((n) => `${n}:${headers[n]!.trim().replace(/\s+/g, ' ')}\n`).join('');
  const signedHeaders = signedNames.join(';');
  const canonicalRequest = [input.method.toUpperCase(), input.path, canonicalQuery(input.query ?? []), canonicalHeaders, signedHeaders, input.payloadHash].join('\n');
  const scope = `${day}/${input.region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', stamp, scope, sha256Hex(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${input.secretAccessKey}`, day), input.region), service), 'aws4_request');
  const signature = createHmac('sha256', key).update(stringToSign).digest('hex');
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${input.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return { headers, canonicalRequest, stringToSign, signature };
}
