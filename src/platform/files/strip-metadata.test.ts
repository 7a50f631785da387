import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { metadataStripper, DamagedImageError } from './strip-metadata.ts';
import { cleanFileName } from './types.ts';
import { exifTiff, jpegSegments, jpegWithGps, png, TINY_JPEG, webpWithExif, crc32 } from '../../../test/support/sample-files.ts';

/** Runs the stripper over `data` cut into small chunks, so segment boundaries fall mid-chunk. */
async function strip(type: string, data: Buffer, chunkSize = 7): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for (let i = 0; i < data.length; i += chunkSize) chunks.push(data.subarray(i, i + chunkSize));
  return buffer(Readable.from(chunks).pipe(metadataStripper(type)!));
}

test('JPEG: EXIF with GPS, XMP, IPTC, comments and the appended second picture are removed; orientation stays', async () => {
  const original = jpegWithGps();
  const before = jpegSegments(original);
  assert.ok(before.segments.some((s) => s.marker === 0xe1 && s.payload.includes(exifTiff())), 'the sample carries the GPS EXIF');
  assert.ok(before.trailing > 0);

  for (const chunkSize of [1, 7, 64 * 1024]) {
    const stripped = await strip('image/jpeg', original, chunkSize);
    const after = jpegSegments(stripped);
    assert.equal(after.trailing, 0, 'nothing after the end of image');
    assert.ok(!stripped.includes(exifTiff()), 'the GPS EXIF block is gone');
    assert.ok(!stripped.includes(Buffer.from([0x25, 0x88])), 'no GPS IFD pointer (tag 0x8825) anywhere');
    assert.ok(!stripped.includes(Buffer.from('GPS')) && !stripped.includes(Buffer.from('Surabaya')) && !stripped.includes(Buffer.from('Pahlawan')));
    const markers = after.segments.map((s) => s.marker);
    assert.ok(!markers.includes(0xfe) && !markers.includes(0xed), 'no comment, no IPTC');
    const app1 = after.segments.filter((s) => s.marker === 0xe1);
    assert.equal(app1.length, 1, 'one minimal EXIF block');
    const tiff = app1[0]!.payload.subarray(6);
    assert.equal(tiff.toString('latin1', 0, 2), 'MM');
    assert.equal(tiff.readUInt16BE(8), 1, 'one entry');
    assert.equal(tiff.readUInt16BE(10), 0x0112, 'Orientation');
    assert.equal(tiff.readUInt16BE(18), 6, 'rotate 90°, as the photo said');
    // The picture itself is untouched: the same tables, frame and scan data as the original.
    assert.deepEqual(after.scan, jpegSegments(TINY_JPEG).scan);
    for (const marker of [0xe0, 0xe2, 0xdb, 0xc0, 0xc4, 0xda]) {
      assert.deepEqual(
        after.segments.filter((s) => s.marker === marker).map((s) => s.payload.toString('hex')),
        jpegSegments(TINY_JPEG).segments.filter((s) => s.marker === marker).map((s) => s.payload.toString('hex')),
      );
    }
  }
});

test('JPEG without orientation (or orientation 1) gets no EXIF block at all', async () => {
  const stripped = await strip('image/jpeg', TINY_JPEG);
  assert.deepEqual(stripped, TINY_JPEG, 'nothing to remove: byte for byte the same');
});

test('PNG: tEXt, iTXt and eXIf chunks are removed, the image chunks kept with valid CRCs', async () => {
  const original = png({ metadata: true });
  const stripped = await strip('image/png', Buffer.concat([original, Buffer.from('trailing junk')]));
  assert.deepEqual(stripped, png(), 'exactly the PNG without metadata');
  const types: string[] = [];
  for (let at = 8; at < stripped.length; ) {
    const length = stripped.readUInt32BE(at);
    const type = stripped.toString('latin1', at + 4, at + 8);
    assert.equal(stripped.readUInt32BE(at + 8 + length), crc32(stripped.subarray(at + 4, at + 8 + length)), `${type} CRC`);
    types.push(type);
    at += 12 + length;
  }
  assert.deepEqual(types, ['IHDR', 'IDAT', 'IEND']);
});

test('WebP: EXIF and XMP chunks go, their VP8X flags are cleared and the RIFF size fits', async () => {
  const stripped = await strip('image/webp', webpWithExif());
  assert.ok(!stripped.includes(exifTiff()) && !stripped.includes(Buffer.from('XMP ')));
  assert.equal(stripped.readUInt32LE(4), stripped.length - 8);
  assert.equal(stripped.toString('latin1', 12, 16), 'VP8X');
  assert.equal(stripped[20]! & 0x0c, 0);
});

test('a truncated or fake image is reported as damaged', async () => {
  await assert.rejects(strip('image/png', png().subarray(0, 40)), DamagedImageError);
  await assert.rejects(strip('image/jpeg', Buffer.concat([TINY_JPEG.subarray(0, 30)])), DamagedImageError);
  await assert.rejects(strip('image/jpeg', Buffer.from('GIF89a not a jpeg')), DamagedImageError);
});

test('file names: paths, control and bidi characters go, the extension follows the sniffed type', () => {
  assert.equal(cleanFileName('C:\\Users\\warga\\Laporan Jalan.pdf', 'application/pdf'), 'Laporan Jalan.pdf');
  assert.equal(cleanFileName('../../etc/passwd', 'text/plain'), 'passwd.txt');
  assert.equal(cleanFileName('foto\u202Egpj.exe', 'image/jpeg'), 'fotogpj.exe.jpg');
  assert.equal(cleanFileName('surat\u0000\n.PDF', 'application/pdf'), 'surat.PDF');
  assert.equal(cleanFileName('', 'application/pdf'), 'berkas.pdf');
  assert.equal(cleanFileName('...', 'image/png'), 'berkas.png');
  assert.equal(cleanFileName(`${'a'.repeat(300)}.docx`, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document').length, 200);
  assert.equal(cleanFileName('Ringkasan–Kajian ü 😀.odt', 'application/vnd.oasis.opendocument.text'), 'Ringkasan–Kajian ü 😀.odt');
});
