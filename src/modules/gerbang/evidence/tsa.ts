import { randomBytes } from 'node:crypto';

/**
 * A minimal RFC 3161 time-stamp client: asks the authority to stamp a SHA-256 digest (a seal's
 * hash) and keeps the token it returns. The token's own signature is checked offline with
 * `openssl ts -verify` (docs/evidence.md); here we check that the answer was granted and is about
 * our digest and nonce, and read its time.
 */
export interface TimeStamp {
  /** The TimeStampToken (CMS ContentInfo), DER. */
  token: Buffer;
  genTime: Date | null;
}

export class TimeStampError extends Error {
  override name = 'TimeStampError';
}

// ---- DER, just enough -----------------------------------------------------------------------

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

const tlv = (tag: number, content: Buffer) => Buffer.concat([Buffer.from([tag]), length(content.length), content]);
const seq = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));

function integer(value: Buffer): Buffer {
  let v = value;
  while (v.length > 1 && v[0] === 0 && (v[1]! & 0x80) === 0) v = v.subarray(1);
  if ((v[0]! & 0x80) !== 0) v = Buffer.concat([Buffer.from([0]), v]);
  return tlv(0x02, v);
}

const SHA256_ALGORITHM = seq(Buffer.from('0609608648016503040201', 'hex'), Buffer.from('0500', 'hex'));

/** TimeStampReq { version 1, messageImprint { sha256, digest }, nonce, certReq TRUE }. */
export function timeStampRequest(digest: Buffer, nonce: Buffer): Buffer {
  return seq(integer(Buffer.from([1])), seq(SHA256_ALGORITHM, tlv(0x04, digest)), integer(nonce), Buffer.from('0101ff', 'hex'));
}

interface Node {
  tag: number;
  /** The whole TLV. */
  raw: Buffer;
  content: Buffer;
}

function readNode(buffer: Buffer, offset = 0): Node {
  const tag = buffer[offset];
  if (tag === undefined) throw new TimeStampError('truncated DER');
  let len = buffer[offset + 1];
  if (len === undefined) throw new TimeStampError('truncated DER');
  let start = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new TimeStampError('unsupported DER length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buffer[start + i]!;
    start += n;
  }
  if (start + len > buffer.length) throw new TimeStampError('truncated DER');
  return { tag, raw: buffer.subarray(offset, start + len), content: buffer.subarray(start, start + len) };
}

function children(node: Node): Node[] {
  const out: Node[] = [];
  for (let offset = 0; offset < node.content.length; ) {
    const child = readNode(node.content, offset);
    out.push(child);
    offset += child.raw.length;
  }
  return out;
}

function unsignedInteger(node: Node): Buffer {
  let v = node.content;
  while (v.length > 1 && v[0] === 0) v = v.subarray(1);
  return v;
}

function generalizedTime(node: Node): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:[.,](\d+))?Z$/.exec(node.content.toString('latin1'));
  if (!m) return null;
  const ms = m[7] ? Number(`0.${m[7]}`) * 1000 : 0;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), Math.floor(ms)));
}

/** Reads a TimeStampResp: the token, after checking status, digest and nonce. */
export function parseTimeStampResponse(der: Buffer, digest: Buffer, nonce: Buffer | null): TimeStamp {
  const response = children(readNode(der));
  const status = response[0] ? children(response[0])[0] : undefined;
  if (!status || status.tag !== 0x02) throw new TimeStampError('malformed time-stamp response');
  const code = status.content.readUIntBE(0, Math.min(status.content.length, 4));
  if (code !== 0 && code !== 1) throw new TimeStampError(`time-stamp authority refused the request (status ${code})`);
  const tokenNode = response[1];
  if (!tokenNode) throw new TimeStampError('time-stamp response without a token');
  // ContentInfo { contentType, [0] SignedData { version, digestAlgorithms, encapContentInfo { type, [0] OCTET STRING TSTInfo } } }
  const signedData = children(children(tokenNode)[1]!)[0]!;
  const encap = children(signedData)[2]!;
  const tstInfoDer = children(children(encap)[1]!)[0]!.content;
  const tstInfo = children(readNode(tstInfoDer));
  const imprint = children(tstInfo[2]!);
  if (!imprint[1] || !imprint[1].content.equals(digest)) throw new TimeStampError('time-stamp token is for another digest');
  const genTime = generalizedTime(tstInfo[4]!);
  if (nonce) {
    const sent = unsignedInteger(readNode(integer(nonce)));
    const got = tstInfo.slice(5).find((n) => n.tag === 0x02);
    if (!got || !unsignedInteger(got).equals(sent)) throw new TimeStampError('time-stamp token does not carry our nonce');
  }
  return { token: Buffer.from(tokenNode.raw), genTime };
}

/** Asks `url` to stamp `digest` (SHA-256). Throws on any network, HTTP or protocol failure. */
export async function requestTimeStamp(url: string, digest: Buffer, timeoutMs = 5000): Promise<TimeStamp> {
  const nonce = randomBytes(8);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query', accept: 'application/timestamp-reply' },
      body: new Uint8Array(timeStampRequest(digest, nonce)),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  } catch (error) {
    throw new TimeStampError(`time-stamp authority unreachable: ${(error as Error).message}`);
  }
  if (!response.ok) throw new TimeStampError(`time-stamp authority answered HTTP ${response.status}`);
  const body = Buffer.from(await response.arrayBuffer());
  try {
    return parseTimeStampResponse(body, digest, nonce);
  } catch (error) {
    if (error instanceof TimeStampError) throw error;
    throw new TimeStampError(`malformed time-stamp response: ${(error as Error).message}`);
  }
}
