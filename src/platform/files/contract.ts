import type { Readable } from 'node:stream';

/**
 * Uploaded files (portal documents, complaint attachments, assessment evidence, KAK). The
 * contract other modules code against; src/platform/files/index.ts implements it.
 *
 * - Limits and allowed types are per purpose; the content is sniffed (magic bytes), so a renamed
 *   executable or a PDF that is really a ZIP is refused whatever its name or declared type.
 * - Bytes live on local disk under the data folder in embedded mode, or in S3-compatible object
 *   storage when configured; the database holds the metadata and the SHA-256.
 * - Nothing is served without the owning module's authorization check: `openFile` takes the
 *   module's decision as a callback and never exposes storage paths or keys.
 */
export interface FilePolicy {
  /** e.g. 'aduan.attachment', 'portal.document', 'tata-kelola.evidence'. */
  purpose: string;
  maxBytes: number;
  /** Sniffed types accepted, e.g. ['application/pdf', 'image/jpeg', 'image/png']. */
  allowedTypes: readonly string[];
  /** Remove EXIF/GPS metadata from JPEG/PNG before storing (for files that may be published). */
  stripImageMetadata?: boolean;
}

export interface StoredFile {
  id: string;
  purpose: string;
  /** The original name, cleaned of paths and control characters. */
  name: string;
  /** The sniffed type, not what the client claimed. */
  contentType: string;
  size: number;
  sha256: string;
  /** The agency whose record owns it, when there is one (for scoping queries). */
  opdId: string | null;
  uploadedBy: string | null;
  createdAt: Date;
}
