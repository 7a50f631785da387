import { FILE_TYPES, type FilePolicy, type StoredFile } from '../../../platform/files/index.ts';

/**
 * Result documents an officer attaches when approving a request (the permit, the letter): PDF,
 * images or office documents, mailed to nobody, downloadable by the citizen and the agency.
 */
export const RESULT_POLICY: FilePolicy = {
  purpose: 'portal.result',
  maxBytes: 20 * 1024 * 1024,
  allowedTypes: [FILE_TYPES.pdf, FILE_TYPES.jpeg, FILE_TYPES.png, FILE_TYPES.docx, FILE_TYPES.odt, FILE_TYPES.xlsx, FILE_TYPES.ods],
  stripImageMetadata: true,
};

/** At most this many result documents in one approval. */
export const MAX_RESULTS = 5;

export interface NewDocument {
  fileId: string;
  name: string;
  contentType: string;
  size: number;
}

export const fromStoredFile = (file: StoredFile): NewDocument => ({ fileId: file.id, name: file.name, contentType: file.contentType, size: file.size });
