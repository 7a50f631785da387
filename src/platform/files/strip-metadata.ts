import { Transform, type TransformCallback } from 'node:stream';
import { FILE_TYPES } from './types.ts';

/**
 * Removes metadata from images that may be published (complaint photos): EXIF (with GPS
 * position, camera serial, time), XMP, IPTC, comments and embedded thumbnails. Written here
 * rather than with an image library: it only walks the container's segments, never decodes
 * pixels, so there is nothing native and nothing for a crafted image to exploit.
 *
 * - JPEG: keeps the JFIF header, the ICC colour profile, the Adobe colour-transform marker and
 *   every coding segment; drops the other APPn segments and comments, and anything after the end
 *   of image (multi-picture files append a second image with its own EXIF). The EXIF orientation
 *   is kept, in a new minimal EXIF block, so phone photos do not turn sideways.
 * - PNG: drops tEXt, zTXt, iTXt, eXIf and tIME chunks, and anything after IEND.
 * - WebP: drops EXIF and XMP chunks and clears their flags.
 */
export class DamagedImageError extends Error {
  override name = 'DamagedImageError';
}

/** A transform that strips `type`'s metadata, or undefined when the type has none we remove. */
export function metadataStripper(type: string): Transform | undefined {
  if (type === FILE_TYPES.jpeg) return new JpegStripper();
  if (type === FILE_TYPES.png) return new PngStripper();
  if (type === FILE_TYPES.webp) return new WebpStripper();
  return undefined;
}

const EMPTY = Buffer.alloc(0);

function ascii(buffer: Buffer, text: string, at = 0): boolean {
  return buffer.length >= at + text.length && buffer.toString('latin1', at, at + text.length) === text;
}

class JpegStripper extends Transform {
  private buf: Buffer = EMPTY;
  private state: 'start' | 'marker' | 'entropy' | 'done' = 'start';

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    try {
      this.process();
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    // Browsers show a JPEG whose end-of-image marker is missing; so do we.
    if (this.state === 'entropy') {
      if (this.buf.length) this.push(this.buf);
      this.buf = EMPTY;
      callback();
    } else if (this.state === 'done') callback();
    else callback(new DamagedImageError('JPEG ends inside a segment'));
  }

  private process(): void {
    for (;;) {
      const buf = this.buf;
      if (this.state === 'done') {
        this.buf = EMPTY;
        return;
      }
      if (this.state === 'start') {
        if (buf.length < 2) return;
        if (buf[0] !== 0xff || buf[1] !== 0xd8) throw new DamagedImageError('not a JPEG');
        this.push(buf.subarray(0, 2));
        this.buf = buf.subarray(2);
        this.state = 'marker';
        continue;
      }
      if (this.state === 'marker') {
        if (buf.length < 2) return;
        if (buf[0] !== 0xff) throw new DamagedImageError('expected a JPEG marker');
        let i = 1;
        while (i < buf.length && buf[i] === 0xff) i++; // fill bytes
        if (i >= buf.length) {
          this.buf = buf.subarray(i - 1);
          return;
        }
        const marker = buf[i]!;
        if (marker === 0xd9) {
          this.push(Buffer.from([0xff, 0xd9]));
          this.state = 'done';
          continue;
        }
        if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
          this.push(Buffer.from([0xff, marker]));
          this.buf = buf.subarray(i + 1);
          continue;
        }
        if (buf.length < i + 3) return;
        const length = buf.readUInt16BE(i + 1);
        if (length < 2) throw new DamagedImageError('bad JPEG segment length');
        const end = i + 1 + length;
        if (buf.length < end) return;
        const payload = buf.subarray(i + 3, end);
        const replacement = jpegSegment(marker, payload);
        if (replacement === 'keep') this.push(Buffer.concat([Buffer.from([0xff, marker]), buf.subarray(i + 1, end)]));
        else if (replacement) this.push(replacement);
        this.buf = buf.subarray(end);
        if (marker === 0xda) this.state = 'entropy';
        continue;
      }
      // Entropy-coded data: copy until a marker that is not a stuffed 0xFF00 or a restart marker.
      const ff = buf.indexOf(0xff);
      if (ff < 0) {
        if (buf.length) this.push(buf);
        this.buf = EMPTY;
        return;
      }
      if (ff === buf.length - 1) {
        if (ff > 0) this.push(buf.subarray(0, ff));
        this.buf = buf.subarray(ff);
        return;
      }
      const next = buf[ff + 1]!;
      if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) {
        this.push(buf.subarray(0, ff + 2));
        this.buf = buf.subarray(ff + 2);
      } else if (next === 0xff) {
        if (ff > 0) this.push(buf.subarray(0, ff));
        this.buf = buf.subarray(ff + 1);
      } else {
        if (ff > 0) this.push(buf.subarray(0, ff));
        this.buf = buf.subarray(ff);
        this.state = 'marker';
      }
    }
  }
}

/** What to write for one JPEG segment: the segment itself, nothing, or a replacement. */
function jpegSegment(marker: number, payload: Buffer): 'keep' | Buffer | null {
  if (marker === 0xe0) return ascii(payload, 'JFIF\0') ? 'keep' : null;
  if (marker === 0xe1) {
    const orientation = ascii(payload, 'Exif\0\0') ? exifOrientation(payload.subarray(6)) : undefined;
    return orientation && orientation !== 1 ? orientationExif(orientation) : null;
  }
  if (marker === 0xe2) return ascii(payload, 'ICC_PROFILE\0') ? 'keep' : null;
  if (marker === 0xee) return ascii(payload, 'Adobe') ? 'keep' : null;
  if ((marker >= 0xe3 && marker <= 0xef) || marker === 0xfe) return null;
  return 'keep';
}

/** The Orientation tag (0x0112) of IFD0 in a TIFF structure, if present and sane. */
function exifOrientation(tiff: Buffer): number | undefined {
  if (tiff.length < 8) return undefined;
  const little = ascii(tiff, 'II');
  if (!little && !ascii(tiff, 'MM')) return undefined;
  const u16 = (at: number) => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number) => (little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  const ifd = u32(4);
  if (ifd + 2 > tiff.length) return undefined;
  const count = u16(ifd);
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > tiff.length) return undefined;
    if (u16(entry) === 0x0112 && u16(entry + 2) === 3) {
      const value = u16(entry + 8);
      return value >= 1 && value <= 8 ? value : undefined;
    }
  }
  return undefined;
}

/** APP1 with an EXIF block that holds only the orientation. */
function orientationExif(orientation: number): Buffer {
  const tiff = Buffer.alloc(26);
  tiff.write('MM', 0, 'latin1');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4); // IFD0 right after the header
  tiff.writeUInt16BE(1, 8); // one entry
  tiff.writeUInt16BE(0x0112, 10); // Orientation
  tiff.writeUInt16BE(3, 12); // SHORT
  tiff.writeUInt32BE(1, 14); // count
  tiff.writeUInt16BE(orientation, 18);
  tiff.writeUInt32BE(0, 22); // no next IFD
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const header = Buffer.from([0xff, 0xe1, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([header, payload]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PNG_DROPPED = new Set(['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME']);

class PngStripper extends Transform {
  private buf: Buffer = EMPTY;
  private state: 'signature' | 'header' | 'body' | 'done' = 'signature';
  /** Bytes of the current chunk's data and CRC still to come, and whether they are copied. */
  private remaining = 0;
  private keep = true;
  private last = '';

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    try {
      this.process();
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    callback(this.state === 'done' ? undefined : new DamagedImageError('PNG ends before IEND'));
  }

  private process(): void {
    for (;;) {
      const buf = this.buf;
      if (this.state === 'done') {
        this.buf = EMPTY;
        return;
      }
      if (this.state === 'signature') {
        if (buf.length < 8) return;
        if (!buf.subarray(0, 8).equals(PNG_SIGNATURE)) throw new DamagedImageError('not a PNG');
        this.push(buf.subarray(0, 8));
        this.buf = buf.subarray(8);
        this.state = 'header';
        continue;
      }
      if (this.state === 'header') {
        if (buf.length < 8) return;
        const length = buf.readUInt32BE(0);
        const type = buf.toString('latin1', 4, 8);
        if (length > 0x7fffffff || !/^[A-Za-z]{4}$/.test(type)) throw new DamagedImageError('bad PNG chunk');
        this.keep = !PNG_DROPPED.has(type);
        if (this.keep) this.push(buf.subarray(0, 8));
        this.remaining = length + 4;
        this.last = type;
        this.buf = buf.subarray(8);
        this.state = 'body';
        continue;
      }
      if (buf.length === 0) return;
      const take = Math.min(this.remaining, buf.length);
      if (this.keep) this.push(buf.subarray(0, take));
      this.remaining -= take;
      this.buf = buf.subarray(take);
      if (this.remaining === 0) this.state = this.last === 'IEND' ? 'done' : 'header';
    }
  }
}

/** WebP is a RIFF file whose size field covers everything, so it is rewritten as a whole. */
class WebpStripper extends Transform {
  private chunks: Buffer[] = [];

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.chunks.push(chunk);
    callback();
  }

  override _flush(callback: TransformCallback): void {
    try {
      this.push(stripWebp(Buffer.concat(this.chunks)));
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }
}

function stripWebp(file: Buffer): Buffer {
  if (!ascii(file, 'RIFF') || !ascii(file, 'WEBP', 8)) throw new DamagedImageError('not a WebP');
  const end = Math.min(file.length, 8 + file.readUInt32LE(4));
  const out: Buffer[] = [];
  let at = 12;
  while (at + 8 <= end) {
    const fourcc = file.toString('latin1', at, at + 4);
    const size = file.readUInt32LE(at + 4);
    const total = 8 + size + (size % 2);
    if (at + 8 + size > end) throw new DamagedImageError('WebP chunk past the end');
    const chunk = Buffer.from(file.subarray(at, Math.min(at + total, end)));
    if (fourcc === 'VP8X' && size >= 1) chunk[8] = chunk[8]! & ~(0x08 | 0x04); // EXIF and XMP flags
    if (fourcc !== 'EXIF' && fourcc !== 'XMP ') out.push(chunk);
    at += total;
  }
  const body = Buffer.concat(out);
  const header = Buffer.alloc(12);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(4 + body.length, 4);
  header.write('WEBP', 8, 'latin1');
  return Buffer.concat([header, body]);
}
