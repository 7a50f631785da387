/**
 * The file types Padu can recognise from their content, with the names people know them by and
 * the extensions a download may carry. A policy's `allowedTypes` picks from these.
 */
export const FILE_TYPES = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
  txt: 'text/plain',
  csv: 'text/csv',
  zip: 'application/zip',
} as const;

export type KnownFileType = (typeof FILE_TYPES)[keyof typeof FILE_TYPES];

interface TypeInfo {
  /** What a person calls it, in hints and error messages. */
  label: string;
  /** Extensions a stored name may end with; the first is added when the name has none of them. */
  extensions: readonly string[];
}

const INFO: Record<KnownFileType, TypeInfo> = {
  'application/pdf': { label: 'PDF', extensions: ['pdf'] },
  'image/png': { label: 'PNG', extensions: ['png'] },
  'image/jpeg': { label: 'JPG', extensions: ['jpg', 'jpeg', 'jpe', 'jfif'] },
  'image/gif': { label: 'GIF', extensions: ['gif'] },
  'image/webp': { label: 'WebP', extensions: ['webp'] },
  [FILE_TYPES.docx]: { label: 'DOCX', extensions: ['docx'] },
  [FILE_TYPES.xlsx]: { label: 'XLSX', extensions: ['xlsx'] },
  [FILE_TYPES.pptx]: { label: 'PPTX', extensions: ['pptx'] },
  [FILE_TYPES.odt]: { label: 'ODT', extensions: ['odt'] },
  [FILE_TYPES.ods]: { label: 'ODS', extensions: ['ods'] },
  [FILE_TYPES.odp]: { label: 'ODP', extensions: ['odp'] },
  'text/plain': { label: 'TXT', extensions: ['txt', 'text', 'log', 'md'] },
  'text/csv': { label: 'CSV', extensions: ['csv'] },
  'application/zip': { label: 'ZIP', extensions: ['zip'] },
};

/** Common sets for policies. */
export const DOCUMENT_TYPES: readonly KnownFileType[] = [FILE_TYPES.pdf, FILE_TYPES.docx, FILE_TYPES.xlsx, FILE_TYPES.pptx, FILE_TYPES.odt, FILE_TYPES.ods];
export const IMAGE_TYPES: readonly KnownFileType[] = [FILE_TYPES.jpeg, FILE_TYPES.png, FILE_TYPES.webp, FILE_TYPES.gif];

/** Types a browser may show in its own tab (with the sandbox CSP); everything else is a download. */
export const INLINE_TYPES: ReadonlySet<string> = new Set([FILE_TYPES.pdf, FILE_TYPES.png, FILE_TYPES.jpeg, FILE_TYPES.gif, FILE_TYPES.webp, FILE_TYPES.txt]);

export function typeInfo(type: string): TypeInfo | undefined {
  return INFO[type as KnownFileType];
}

/** "PDF, JPG or PNG"-style list for messages; the conjunction is not translated to keep params plain. */
export function typeLabels(types: readonly string[]): string {
  return [...new Set(types.map((t) => typeInfo(t)?.label ?? t))].join(', ');
}

/** The `accept` attribute of a file input for these types (extensions and media types). */
export function acceptAttribute(types: readonly string[]): string {
  return types.flatMap((t) => [...(typeInfo(t)?.extensions.map((e) => `.${e}`) ?? []), t]).join(',');
}

/** "10 MB", "500 KB": sizes in messages and hints (binary units, as file managers show them). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / (1024 * 1024)).toFixed(1))} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

// Bidirectional overrides and isolates let "gambar‮fdp.exe" look like "gambarexe.pdf"; zero-width
// and other format characters hide text. None belongs in a file name.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/g;

/**
 * The name a file is stored and offered under: the last path segment of what the client sent,
 * without control or invisible characters, at most 200 characters, and ending in an extension of
 * its sniffed type (`laporan.exe` that is really a PDF becomes `laporan.exe.pdf`).
 */
export function cleanFileName(raw: string, contentType: string): string {
  let name = raw.normalize('NFC').replace(INVISIBLE, '');
  name = name.split(/[\\/]/).pop() ?? '';
  name = name.replace(/\s+/g, ' ').trim().replace(/^\.+/, '');
  const info = typeInfo(contentType);
  const ext = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '';
  let base = name;
  let suffix = '';
  if (info && !info.extensions.includes(ext)) suffix = `.${info.extensions[0]}`;
  else if (ext) {
    base = name.slice(0, name.length - ext.length - 1);
    suffix = name.slice(name.length - ext.length - 1);
  }
  if (!base.trim()) base = 'berkas';
  const room = 200 - suffix.length;
  // Cut by code points so a surrogate pair is never split.
  const cut = [...base].slice(0, room).join('').trim();
  return `${cut}${suffix}`;
}
