import { DOCUMENT_TYPES, FILE_TYPES, type FilePolicy } from '../../platform/files/index.ts';

/** What the module accepts as uploads (the platform file service sniffs and enforces it). */
const MB = 1024 * 1024;

/** Evidence for an indicator: documents, scans and screenshots. */
export const EVIDENCE_FILE: FilePolicy = { purpose: 'tata-kelola.evidence', maxBytes: 20 * MB, allowedTypes: [...DOCUMENT_TYPES, FILE_TYPES.jpeg, FILE_TYPES.png] };

/** Terms of reference (KAK) of a spending proposal. */
export const KAK_FILE: FilePolicy = { purpose: 'tata-kelola.kak', maxBytes: 20 * MB, allowedTypes: [FILE_TYPES.pdf, FILE_TYPES.docx, FILE_TYPES.odt] };

/** Cost-benefit analysis of a spending proposal (a document or a spreadsheet). */
export const COST_BENEFIT_FILE: FilePolicy = { purpose: 'tata-kelola.cost-benefit', maxBytes: 20 * MB, allowedTypes: [FILE_TYPES.pdf, FILE_TYPES.docx, FILE_TYPES.odt, FILE_TYPES.xlsx, FILE_TYPES.ods] };

export const MAX_UPLOAD_BYTES = 20 * MB;
