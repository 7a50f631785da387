import type { FilePolicy, StoredFile } from '../../platform/files/contract.ts';

/**
 * Complaint attachments: photos and PDFs. Photos may be published with the report, so their
 * metadata (GPS position, camera) is stripped before they are stored at all.
 */
export const ATTACHMENT_POLICY: FilePolicy = {
  purpose: 'aduan.attachment',
  maxBytes: 10 * 1024 * 1024,
  allowedTypes: ['image/jpeg', 'image/png', 'application/pdf'],
  stripImageMetadata: true,
};

/** At most this many files per submission. */
export const MAX_ATTACHMENTS = 5;

export interface NewAttachment {
  fileId: string;
  name: string;
  contentType: string;
  size: number;
}

export function fromStoredFile(file: StoredFile): NewAttachment {
  return { fileId: file.id, name: file.name, contentType: file.contentType, size: file.size };
}

/**
 * A reporter's photos are published with a published report; their documents are not (they
 * often carry identity numbers). Everything an agency attaches to its answer is public.
 */
export function isPublicAttachment(by: 'pelapor' | 'instansi', contentType: string): boolean {
  return by === 'instansi' || contentType.startsWith('image/');
}
