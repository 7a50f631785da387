import { createHash, hash, type Hash } from 'node:crypto';

/**
 * The X-Road-Request-Hash of the X-Road Message Protocol for REST (4.3): the base-64 encoded
 * SHA512(SHA512(headers) + SHA512(body)), or SHA512(headers) when the request has no body.
 *
 * "headers" is the request message as X-Road's security server serialises it (RestRequest):
 *
 *     METHOD CRLF
 *     raw-path[?raw-query] CRLF                 (the URI as received, /r1/… included)
 *     Name:value CRLF                           (each header field as received, in order)
 *     …
 *     x-road-request-id:<X-Road-Request-Id> CRLF
 *     x-road-id:<X-Road-Id> CRLF                 (only when the gateway generated the id)
 *
 * leaving out the fields the gateway consumes or rewrites: the hop-by-hop fields, Host,
 * User-Agent, Server, Content-Length, Expect, any X-Road-Request-Id or X-Road-Request-Hash the
 * client sent, and Authorization (the caller's Padu credential, which is never forwarded).
 * The response hash kept in the evidence log is built the same way from the response as sent:
 * `status CRLF reason CRLF` and its header fields, then the body.
 */
export const HASH_ALGORITHM = 'SHA-512' as const;

export const UNHASHED_REQUEST_HEADERS = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'user-agent',
  'server',
  'content-length',
  'expect',
  'x-road-request-id',
  'x-road-request-hash',
  'authorization',
]);

const CRLF = '\r\n';

/** The request message's "headers" part (see the module comment). */
export function requestMessage(method: string, uri: string, rawHeaders: readonly string[], requestId: string, generatedXroadId: string | null): Buffer {
  let text = `${method}${CRLF}${uri}${CRLF}`;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (!UNHASHED_REQUEST_HEADERS.has(rawHeaders[i]!.toLowerCase())) text += `${rawHeaders[i]}:${rawHeaders[i + 1]}${CRLF}`;
  }
  text += `x-road-request-id:${requestId}${CRLF}`;
  if (generatedXroadId) text += `x-road-id:${generatedXroadId}${CRLF}`;
  return Buffer.from(text, 'utf8');
}

/** The response message's "headers" part: status, reason and the header fields as sent. */
export function responseMessage(status: number, reason: string, headers: readonly string[]): Buffer {
  let text = `${status}${CRLF}${reason}${CRLF}`;
  for (let i = 0; i < headers.length; i += 2) text += `${headers[i]}:${headers[i + 1]}${CRLF}`;
  return Buffer.from(text, 'utf8');
}

// One-shot hashing (crypto.hash) costs a fraction of a Hash object's creation, which dominated
// these small inputs on the proxy thread.
const sha512 = (data: Buffer): Buffer => hash('sha512', data, 'buffer');

/** SHA512(SHA512(head) + SHA512(body)) in base 64, or SHA512(head) when there was no body. */
export function messageHash(head: Buffer, bodyDigest: Buffer | null): string {
  if (!bodyDigest) return hash('sha512', head, 'base64');
  return hash('sha512', Buffer.concat([sha512(head), bodyDigest], 128), 'base64');
}

/**
 * Hashes a body as it streams past; `digest()` is null when no byte came. Most bodies are one
 * chunk (a GET has none, a small answer arrives whole): the first chunk is only remembered and
 * hashed in one shot at the end; a Hash object is made when a second chunk comes.
 */
export class BodyHasher {
  private hash: Hash | null = null;
  private first: Buffer | null = null;
  bytes = 0;
  update(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.bytes += chunk.length;
    if (this.hash) this.hash.update(chunk);
    else if (!this.first) this.first = chunk;
    else {
      this.hash = createHash('sha512').update(this.first).update(chunk);
      this.first = null;
    }
  }
  digest(): Buffer | null {
    if (this.hash) return this.hash.digest();
    return this.first ? sha512(this.first) : null;
  }
}
