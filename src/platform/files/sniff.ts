import type { FileHandle } from 'node:fs/promises';
import { FILE_TYPES } from './types.ts';
import { readZipEntry, zipEntries, ZipFormatError } from './zip.ts';

/**
 * What the first bytes of an upload say it is. Names and declared types are never trusted: a
 * renamed program is refused by its magic number, and a ZIP is only an Office document when its
 * own table of contents says so.
 */
export type HeadVerdict =
  | { kind: 'type'; type: string }
  /** A ZIP container: which kind is known only from its central directory, after the last byte. */
  | { kind: 'zip' }
  /** No magic number: acceptable only as text, if every byte turns out valid UTF-8 without NUL. */
  | { kind: 'text' }
  | { kind: 'executable' }
  | { kind: 'unknown' };

/** Bytes of the head that `sniffHead` looks at; fewer only when the file is shorter. */
export const HEAD_BYTES = 16;

const startsWith = (head: Buffer, bytes: number[] | string, at = 0) => {
  const b = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes);
  return head.length >= at + b.length && head.subarray(at, at + b.length).equals(b);
};

const EXECUTABLE_MAGIC: (number[] | string)[] = [
  'MZ', // DOS/Windows PE (exe, dll, scr, sys)
  [0x7f, 0x45, 0x4c, 0x46], // ELF
  [0xfe, 0xed, 0xfa, 0xce], // Mach-O 32
  [0xfe, 0xed, 0xfa, 0xcf], // Mach-O 64
  [0xce, 0xfa, 0xed, 0xfe], // Mach-O 32, little-endian
  [0xcf, 0xfa, 0xed, 0xfe], // Mach-O 64, little-endian
  [0xca, 0xfe, 0xba, 0xbe], // Mach-O universal (and Java class files)
  '#!', // scripts
  [0xef, 0xbb, 0xbf, 0x23, 0x21], // scripts behind a UTF-8 byte-order mark
];

export function sniffHead(head: Buffer): HeadVerdict {
  if (EXECUTABLE_MAGIC.some((m) => startsWith(head, m))) return { kind: 'executable' };
  if (startsWith(head, '%PDF-')) return { kind: 'type', type: FILE_TYPES.pdf };
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { kind: 'type', type: FILE_TYPES.png };
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { kind: 'type', type: FILE_TYPES.jpeg };
  if (startsWith(head, 'GIF87a') || startsWith(head, 'GIF89a')) return { kind: 'type', type: FILE_TYPES.gif };
  if (startsWith(head, 'RIFF') && startsWith(head, 'WEBP', 8)) return { kind: 'type', type: FILE_TYPES.webp };
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return { kind: 'zip' };
  if (!isTextChunk(head)) return { kind: 'unknown' };
  return { kind: 'text' };
}

/** No NUL and no control characters other than tab, line feed, form feed and carriage return. */
function isTextChunk(chunk: Buffer): boolean {
  for (let i = 0; i < chunk.length; i++) {
    const b = chunk[i]!;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d) return false;
  }
  return true;
}

/** Checks, chunk by chunk, that a whole stream is UTF-8 text (a split multi-byte character is fine). */
export class TextCheck {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private valid = true;

  get ok(): boolean {
    return this.valid;
  }

  feed(chunk: Buffer): void {
    if (!this.valid) return;
    if (!isTextChunk(chunk)) {
      this.valid = false;
      return;
    }
    try {
      this.decoder.decode(chunk, { stream: true });
    } catch {
      this.valid = false;
    }
  }

  end(): boolean {
    if (this.valid) {
      try {
        this.decoder.decode();
      } catch {
        this.valid = false;
      }
    }
    return this.valid;
  }
}

export type ZipVerdict = { kind: 'type'; type: string } | { kind: 'macros' } | { kind: 'damaged' };

const OOXML_MAIN: Record<string, string> = {
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml': FILE_TYPES.docx,
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml': FILE_TYPES.xlsx,
  'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml': FILE_TYPES.pptx,
};
const OOXML_MACROS = /macroEnabled|vnd\.ms-office\.vbaProject|vnd\.ms-excel\.intl-macrosheet|vnd\.ms-excel\.macrosheet/i;
const ODF_TYPES = new Set<string>([FILE_TYPES.odt, FILE_TYPES.ods, FILE_TYPES.odp]);

/**
 * Tells DOCX/XLSX/PPTX by the main part named in `[Content_Types].xml` and ODT/ODS/ODP by the
 * `mimetype` entry; macro-enabled documents are refused whatever they are called. Any other
 * readable ZIP is `application/zip`.
 */
export async function classifyZip(fh: FileHandle, size: number): Promise<ZipVerdict> {
  try {
    const entries = await zipEntries(fh, size);
    if (entries.some((e) => /(^|\/)vbaProject\.bin$/i.test(e.name) || /^Basic\/.+\.xml$/.test(e.name))) return { kind: 'macros' };
    const types = entries.find((e) => e.name === '[Content_Types].xml');
    if (types) {
      const xml = (await readZipEntry(fh, types)).toString('utf8');
      const declared = [...xml.matchAll(/<(?:\w+:)?Override\b[^>]*?\bContentType\s*=\s*(["'])(.*?)\1/g)].map((m) => m[2]!.trim());
      if (declared.some((t) => OOXML_MACROS.test(t))) return { kind: 'macros' };
      const main = declared.map((t) => OOXML_MAIN[t]).find(Boolean);
      if (main) return { kind: 'type', type: main };
    }
    const mimetype = entries.find((e) => e.name === 'mimetype');
    if (mimetype) {
      const declared = (await readZipEntry(fh, mimetype)).toString('ascii').trim();
      if (ODF_TYPES.has(declared)) return { kind: 'type', type: declared };
    }
    return { kind: 'type', type: FILE_TYPES.zip };
  } catch (error) {
    if (error instanceof ZipFormatError) return { kind: 'damaged' };
    throw error;
  }
}
