import type { FileHandle } from 'node:fs/promises';
import { inflateRawSync } from 'node:zlib';

/**
 * Just enough ZIP to tell an Office or OpenDocument file from any other ZIP: the central
 * directory's entry names, and the content of one small entry. Nothing is extracted to disk and
 * no entry larger than `MAX_ENTRY` is inflated, so a ZIP bomb costs nothing.
 */
const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_ENTRY = 1024 * 1024;
const MAX_ENTRIES = 100_000;

export class ZipFormatError extends Error {
  override name = 'ZipFormatError';
}

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buffer, 0, length, position);
  if (bytesRead !== length) throw new ZipFormatError('unexpected end of file');
  return buffer;
}

/** The central directory of the ZIP file open in `fh` (`size` bytes long). */
export async function zipEntries(fh: FileHandle, size: number): Promise<ZipEntry[]> {
  // The end record is 22 bytes plus a comment of at most 65,535 bytes.
  const tailLength = Math.min(size, 22 + 65_535);
  const tail = await readAt(fh, size - tailLength, tailLength);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      at = i;
      break;
    }
  }
  if (at < 0) throw new ZipFormatError('no end of central directory');
  let count = tail.readUInt16LE(at + 10);
  let cdSize = tail.readUInt32LE(at + 12);
  let cdOffset = tail.readUInt32LE(at + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const locatorAt = size - tailLength + at - 20;
    if (locatorAt < 0) throw new ZipFormatError('zip64 locator missing');
    const locator = await readAt(fh, locatorAt, 20);
    if (locator.readUInt32LE(0) !== ZIP64_LOCATOR) throw new ZipFormatError('zip64 locator missing');
    const record = await readAt(fh, Number(locator.readBigUInt64LE(8)), 56);
    if (record.readUInt32LE(0) !== ZIP64_EOCD) throw new ZipFormatError('zip64 end record missing');
    count = Number(record.readBigUInt64LE(32));
    cdSize = Number(record.readBigUInt64LE(40));
    cdOffset = Number(record.readBigUInt64LE(48));
  }
  if (count > MAX_ENTRIES || cdOffset + cdSize > size || cdSize > 64 * 1024 * 1024) throw new ZipFormatError('implausible central directory');
  const cd = await readAt(fh, cdOffset, cdSize);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL) throw new ZipFormatError('broken central directory');
    const nameLength = cd.readUInt16LE(p + 28);
    const extraLength = cd.readUInt16LE(p + 30);
    const commentLength = cd.readUInt16LE(p + 32);
    let compressedSize = cd.readUInt32LE(p + 20);
    let uncompressed = cd.readUInt32LE(p + 24);
    let localOffset = cd.readUInt32LE(p + 42);
    const name = cd.toString('utf8', p + 46, p + 46 + nameLength);
    // ZIP64 sizes and offset live in extra field 0x0001, in this order, only for the values that overflowed.
    let e = p + 46 + nameLength;
    const extraEnd = e + extraLength;
    while (e + 4 <= extraEnd) {
      const id = cd.readUInt16LE(e);
      const length = cd.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        if (uncompressed === 0xffffffff) (uncompressed = Number(cd.readBigUInt64LE(q))), (q += 8);
        if (compressedSize === 0xffffffff) (compressedSize = Number(cd.readBigUInt64LE(q))), (q += 8);
        if (localOffset === 0xffffffff) localOffset = Number(cd.readBigUInt64LE(q));
      }
      e += 4 + length;
    }
    entries.push({ name, method: cd.readUInt16LE(p + 10), compressedSize, size: uncompressed, localOffset });
    p = extraEnd + commentLength;
  }
  return entries;
}

/** The content of a small entry (stored or deflated); throws for anything else. */
export async function readZipEntry(fh: FileHandle, entry: ZipEntry): Promise<Buffer> {
  if (entry.size > MAX_ENTRY || entry.compressedSize > MAX_ENTRY) throw new ZipFormatError('entry too large to inspect');
  const header = await readAt(fh, entry.localOffset, 30);
  if (header.readUInt32LE(0) !== LOCAL) throw new ZipFormatError('broken local header');
  const dataAt = entry.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  const data = entry.compressedSize ? await readAt(fh, dataAt, entry.compressedSize) : Buffer.alloc(0);
  if (entry.method === 0) return data;
  if (entry.method === 8) {
    try {
      return inflateRawSync(data, { maxOutputLength: MAX_ENTRY });
    } catch (error) {
      throw new ZipFormatError(`cannot inflate ${entry.name}: ${(error as Error).message}`);
    }
  }
  throw new ZipFormatError(`unsupported compression method ${entry.method}`);
}
