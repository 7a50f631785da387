import { recordAudit, type AuditContext } from '../../../../platform/audit/record-audit.ts';
import { AppError } from '../../../../platform/http/errors.ts';
import { markFilesDeleted, type FilePolicy, type StoredFile } from '../../../../platform/files/index.ts';
import { DEFAULT_DOCUMENT_BYTES, DOCUMENT_CONTENT_TYPES, type FormDefinition, type RequiredDocument } from '../form-definition.ts';
import { EDITABLE } from '../policy.ts';
import { insertDocument, lockRequest, removeDocuments, updateRequest } from '../repo.ts';
import { definitionOf, loadOwnRequest, type RequestDeps } from './common.ts';

export const DOCUMENT_PURPOSE = 'portal.document';

/** The file policy of one required document: its types (default PDF, JPEG, PNG) and size (default 5 MB). */
export function documentPolicy(doc: RequiredDocument): FilePolicy {
  return {
    purpose: DOCUMENT_PURPOSE,
    maxBytes: doc.maxBytes ?? DEFAULT_DOCUMENT_BYTES,
    allowedTypes: (doc.types ?? ['pdf', 'jpeg', 'png']).map((t) => DOCUMENT_CONTENT_TYPES[t]),
    stripImageMetadata: true,
  };
}

/** Upload input names → policies, for `readUploadForm`. */
export function uploadSpecOf(def: FormDefinition): Record<string, FilePolicy> {
  return Object.fromEntries(def.documents.map((d) => [d.code, documentPolicy(d)]));
}

/** The request an upload goes to, checked before any byte is stored. */
export async function requestForUpload(deps: RequestDeps, actor: AuditContext['actor'], requestId: string) {
  const row = await loadOwnRequest(deps.db, actor, requestId);
  if (!EDITABLE.includes(row.status)) throw new AppError('conflict', 'portal.request.not_editable');
  return { row, definition: definitionOf(row.definition) };
}

/** Files stored from an upload become the request's documents; each replaces the earlier file for its requirement. */
export async function attachDocuments(deps: RequestDeps, audit: AuditContext, requestId: string, files: Record<string, StoredFile[]>): Promise<string[]> {
  const { definition } = await requestForUpload(deps, audit.actor, requestId);
  const uploads = Object.entries(files).flatMap(([code, list]) => (definition.documents.some((d) => d.code === code) && list.length ? [[code, list[list.length - 1]!] as const] : []));
  if (uploads.length === 0) throw new AppError('validation', 'portal.request.no_file', { fields: [{ field: definition.documents[0]?.code ?? 'file', messageKey: 'files.error.required' }] });
  const ids: string[] = [];
  await deps.db.transaction().execute(async (tx) => {
    const row = await lockRequest(tx, requestId);
    if (!row || !EDITABLE.includes(row.status)) throw new AppError('conflict', 'portal.request.not_editable');
    const now = deps.clock.now();
    for (const [code, file] of uploads) {
      const replaced = await removeDocuments(tx, row.id, { requirementCode: code }, now);
      if (replaced.length) await markFilesDeleted(tx, deps.clock, audit, replaced);
      const id = deps.ids.uuid();
      ids.push(id);
      await insertDocument(tx, { id, request_id: row.id, file_id: file.id, kind: 'requirement', requirement_code: code, name: file.name, content_type: file.contentType, size: file.size, uploaded_by: row.citizen_id, created_at: now, removed_at: null });
    }
    await updateRequest(tx, row.id, row.version, { updated_at: now });
    await recordAudit(tx, deps.clock, audit, { action: 'portal.request.documents_added', targetType: 'portal_request', targetId: row.id, opdId: row.opd_id, after: { documents: uploads.map(([code, f]) => ({ code, fileId: f.id, type: f.contentType, size: f.size })) } });
  });
  return ids;
}

/** Removes one of the citizen's documents from a request they can still change. */
export async function removeDocument(deps: RequestDeps, audit: AuditContext, requestId: string, documentId: string): Promise<void> {
  await requestForUpload(deps, audit.actor, requestId);
  await deps.db.transaction().execute(async (tx) => {
    const row = await lockRequest(tx, requestId);
    if (!row || !EDITABLE.includes(row.status)) throw new AppError('conflict', 'portal.request.not_editable');
    const fileIds = /^[0-9a-f-]{36}$/i.test(documentId) ? await removeDocuments(tx, row.id, { id: documentId }, deps.clock.now()) : [];
    if (fileIds.length === 0) throw new AppError('not_found', 'error.not_found');
    await markFilesDeleted(tx, deps.clock, audit, fileIds);
    await recordAudit(tx, deps.clock, audit, { action: 'portal.request.document_removed', targetType: 'portal_request', targetId: row.id, opdId: row.opd_id, after: { documentId } });
  });
}
