/**
 * A small DER (ASN.1 Distinguished Encoding Rules, X.690) encoder and reader: just what building
 * X.509 certificates and reading certificate signing requests need. Node has no certificate
 * builder; this keeps the CA free of a dependency (see x509.ts).
 */

/** One encoded element (tag, length, value), ready to be nested. */
export type Der = Buffer;

function lengthOf(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** Tag-length-value with a raw tag byte. */
export function tlv(tag: number, value: Buffer): Der {
  return Buffer.concat([Buffer.from([tag]), lengthOf(value.length), value]);
}

export const sequence = (...items: Der[]): Der => tlv(0x30, Buffer.concat(items));
export const set = (...items: Der[]): Der => tlv(0x31, Buffer.concat(items));
export const nullValue = (): Der => Buffer.from([0x05, 0x00]);
export const boolean = (value: boolean): Der => tlv(0x01, Buffer.from([value ? 0xff : 0x00]));
export const octetString = (value: Buffer): Der => tlv(0x04, value);
export const utf8String = (value: string): Der => tlv(0x0c, Buffer.from(value, 'utf8'));
/** BIT STRING of whole bytes (no unused bits). */
export const bitString = (value: Buffer): Der => tlv(0x03, Buffer.concat([Buffer.from([0]), value]));
/** [n] EXPLICIT: a constructed context tag around one element. */
export const explicit = (n: number, inner: Der): Der => tlv(0xa0 | n, inner);
/** [n] IMPLICIT primitive: the context tag replaces the element's own (e.g. GeneralName choices). */
export const implicit = (n: number, value: Buffer): Der => tlv(0x80 | n, value);

/** INTEGER from an unsigned big-endian magnitude or a small number (always non-negative here). */
export function integer(value: number | Buffer): Der {
  let bytes: Buffer;
  if (typeof value === 'number') {
    const hex = value.toString(16);
    bytes = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
  } else bytes = Buffer.from(value);
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0 && bytes[start + 1]! < 0x80) start++;
  bytes = bytes.subarray(start);
  if (bytes.length === 0) bytes = Buffer.from([0]);
  if (bytes[0]! >= 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return tlv(0x02, bytes);
}

/** OBJECT IDENTIFIER from dotted text ("1.2.840.10045.4.3.2"). */
export function oid(dotted: string): Der {
  const parts = dotted.split('.').map(Number);
  if (parts.length < 2 || parts.some((p) => !Number.isSafeInteger(p) || p < 0)) throw new Error(`not an object identifier: ${dotted}`);
  const out: number[] = [parts[0]! * 40 + parts[1]!];
  for (const part of parts.slice(2)) {
    const groups: number[] = [];
    let v = part;
    do {
      groups.unshift(v & 0x7f);
      v = Math.floor(v / 128);
    } while (v > 0);
    for (let i = 0; i < groups.length - 1; i++) groups[i]! |= 0x80;
    out.push(...groups);
  }
  return tlv(0x06, Buffer.from(out));
}

/** UTCTime until 2049, GeneralizedTime from 2050 (RFC 5280 4.1.2.5), always whole seconds, Z. */
export function time(date: Date): Der {
  const iso = date.toISOString();
  const digits = iso.slice(0, 19).replace(/[-:T]/g, '');
  const year = date.getUTCFullYear();
  if (year >= 1950 && year < 2050) return tlv(0x17, Buffer.from(`${digits.slice(2)}Z`, 'ascii'));
  return tlv(0x18, Buffer.from(`${digits}Z`, 'ascii'));
}

// ---- Reading ------------------------------------------------------------------------------------

/** One element read from DER: its tag, its value, and its whole encoding (for signatures). */
export interface Element {
  tag: number;
  value: Buffer;
  raw: Buffer;
}

/** Reads the element at `offset`; throws on truncated or non-minimal input. */
export function readElement(buffer: Buffer, offset = 0): Element & { end: number } {
  if (offset + 2 > buffer.length) throw new Error('DER: truncated');
  const tag = buffer[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new Error('DER: multi-byte tags are not supported');
  let length = buffer[offset + 1]!;
  let at = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4) throw new Error('DER: unsupported length');
    if (at + count > buffer.length) throw new Error('DER: truncated');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + buffer[at + i]!;
    at += count;
    if (length < 0x80) throw new Error('DER: non-minimal length');
  }
  const end = at + length;
  if (end > buffer.length) throw new Error('DER: truncated');
  return { tag, value: buffer.subarray(at, end), raw: buffer.subarray(offset, end), end };
}

/** The elements inside a constructed element (SEQUENCE, SET, [n] EXPLICIT). */
export function children(element: Element): Element[] {
  if (!(element.tag & 0x20)) throw new Error('DER: not a constructed element');
  const out: Element[] = [];
  for (let at = 0; at < element.value.length; ) {
    const child = readElement(element.value, at);
    out.push(child);
    at = child.end;
  }
  return out;
}

/** Reads a whole buffer that must be exactly one element. */
export function parse(buffer: Buffer): Element {
  const element = readElement(buffer, 0);
  if (element.end !== buffer.length) throw new Error('DER: trailing bytes');
  return element;
}

/** Dotted text of an OBJECT IDENTIFIER element. */
export function readOid(element: Element): string {
  if (element.tag !== 0x06 || element.value.length === 0) throw new Error('DER: expected an object identifier');
  const out: number[] = [];
  let v = 0;
  for (const byte of element.value) {
    v = v * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      if (out.length === 0) out.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80);
      else out.push(v);
      v = 0;
    }
  }
  return out.join('.');
}

/** Bytes of a BIT STRING that has no unused bits (keys and signatures). */
export function readBitString(element: Element): Buffer {
  if (element.tag !== 0x03 || element.value.length < 1 || element.value[0] !== 0) throw new Error('DER: expected a BIT STRING of whole bytes');
  return element.value.subarray(1);
}

/** Text of a string element of a distinguished name (UTF8String, PrintableString, IA5String, …). */
export function readString(element: Element): string {
  if (element.tag === 0x1e) {
    // BMPString: UTF-16BE.
    const swapped = Buffer.from(element.value);
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  return element.value.toString(element.tag === 0x0c ? 'utf8' : 'latin1');
}

/** PEM armour: base64 in 64-character lines. */
export function toPem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** The DER inside the first PEM block with this label, or null. */
export function fromPem(label: string, pem: string): Buffer | null {
  const match = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]+)-----END ${label}-----`).exec(pem);
  return match ? Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64') : null;
}
