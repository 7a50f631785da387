/**
 * Padu's file service (see contract.ts): uploads checked by their content and stored on local
 * disk or S3-compatible storage, served only through the owning module's authorization.
 *
 * Typical use in a module's route plugin:
 *
 *   await acceptUploads(app, { maxFileBytes: ATTACHMENT.maxBytes, files: 5 });
 *   app.post('/aduan/:id/lampiran', async (req, reply) => {
 *     const form = await readUploadForm(req, deps, auditContext(req), { files: { lampiran: ATTACHMENT }, required: ['lampiran'] });
 *     return handleForm(reply, form.fields, 'lampiran', () => withUploads(form, async (files) => { … }), view);
 *   });
 *   app.get('/aduan/:id/lampiran/:fileId', async (req, reply) => {
 *     const { file, stream } = await openFile(deps, req.actor, req.params.fileId, (f) => mayRead(req.actor, f));
 *     return sendFile(reply, file, stream);
 *   });
 */
export type { FilePolicy, StoredFile } from './contract.ts';
export { storeUpload, type UploadInput, type UploadDeps } from './use-cases/store-upload.ts';
export { openFile, getFiles, type OpenFileOptions } from './use-cases/open-file.ts';
export { deleteFile, markFilesDeleted, discardFiles } from './use-cases/delete-files.ts';
export { purgeDeletedFiles, type PurgeResult } from './use-cases/purge-files.ts';
export { verifyFiles } from './use-cases/verify-files.ts';
export { sendFile, contentDisposition, INLINE_CSP } from './send-file.ts';
export { acceptUploads, readUploadForm, withUploads, type UploadForm, type UploadLimits, type UploadSpec } from './multipart.ts';
export { FileField } from './views/file-field.tsx';
export { FILE_TYPES, DOCUMENT_TYPES, IMAGE_TYPES, INLINE_TYPES, cleanFileName, formatBytes, typeLabels, type KnownFileType } from './types.ts';
export { storageFor, filesRoot, MissingFileError, type FileStorage } from './storage/index.ts';
export { registerFileJobs, PURGE_JOB } from './jobs.ts';
export { filesCli } from './cli.ts';
