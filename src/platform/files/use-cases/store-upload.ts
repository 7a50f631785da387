import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Deps } from '../../deps.ts';
import { recordAudit, type AuditContext } from '../../audit/record-audit.ts';
import { validationError, type FieldError } from '../../http/errors.ts';
import type { MessageKey } from '../../i18n/index.ts';
import type { FilePolicy, StoredFile } from '../contract.ts';
import { classifyZip, type HeadVerdict } from '../sniff.ts';
import { Spool } from '../spool.ts';
import { DamagedImageError, metadataStripper } from '../strip-metadata.ts';
import { storageFor, tempDir } from '../storage/index.ts';
import { FILE_TYPES, cleanFileName, formatBytes, typeLabels } from '../types.ts';
import { insertFile } from '../repo.ts';
import '../messages.ts';

export interface UploadInput {
  stream: Readable;
  /** The name the client sent; cleaned, and never used for a path. */
  filename: string;
  /** The type the client claimed; only used to tell CSV from other text. */
  declaredType?: string;
  opdId?: string | null;
  /** The form field, for the error summary (default `file`). */
  field?: string;
}

export type UploadDeps = Pick<Deps, 'db' | 'clock' | 'ids' | 'config'>;

const PURPOSE = /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)*$/;
const ZIP_BASED = new Set<string>([FILE_TYPES.docx, FILE_TYPES.xlsx, FILE_TYPES.pptx, FILE_TYPES.odt, FILE_TYPES.ods, FILE_TYPES.odp, FILE_TYPES.zip]);
const TEXT = new Set<string>([FILE_TYPES.txt, FILE_TYPES.csv]);

/**
 * Receives one uploaded file: streams it to a temporary file while hashing and counting, sniffs
 * its type from its content, refuses programs, macro documents, types the policy does not allow
 * and anything over `policy.maxBytes` (a localized validation error, nothing stored), strips
 * image metadata when the policy asks, then moves it to storage and records it with an audit row.
 *
 * It does not decide who may upload: the calling module checks its own policy first, and ties
 * the returned id to its record (and deletes the file with `deleteFiles` if that fails).
 */
export async function storeUpload(deps: UploadDeps, audit: AuditContext, policy: FilePolicy, input: UploadInput): Promise<StoredFile> {
  if (!PURPOSE.test(policy.purpose)) throw new Error(`invalid file purpose: ${policy.purpose}`);
  const field = input.field ?? 'file';
  const shownName = cleanFileName(input.filename, '') || 'berkas';
  const refuse = (messageKey: MessageKey, params: Record<string, string> = {}) =>
    validationError([{ field, messageKey, params: { name: shownName, ...params } } satisfies FieldError]);
  const allowed = new Set(policy.allowedTypes);
  const mayAccept = (v: HeadVerdict) =>
    v.kind === 'type' ? allowed.has(v.type) : v.kind === 'zip' ? [...allowed].some((t) => ZIP_BASED.has(t)) : v.kind === 'text' ? [...allowed].some((t) => TEXT.has(t)) : false;

  const id = deps.ids.uuid();
  const dir = tempDir(deps.config);
  await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 });
  let tmp = path.join(dir, `${id}.part`);
  const temporary = [tmp];
  try {
    const fd = await fs.promises.open(tmp, 'w', 0o600);
    const spool = new Spool(fd, policy.maxBytes, mayAccept);
    try {
      await pipeline(input.stream, spool);
    } finally {
      await fd.close();
    }

    if (spool.tooLarge) throw refuse('files.error.too_large', { max: formatBytes(policy.maxBytes) });
    if (spool.size === 0) throw refuse('files.error.empty');
    const verdict = spool.verdict;
    if (!verdict || verdict.kind === 'unknown') throw refuse('files.error.type_not_allowed', { types: typeLabels(policy.allowedTypes) });
    if (verdict.kind === 'executable') throw refuse('files.error.executable');
    if (spool.refusedEarly) throw refuse('files.error.type_not_allowed', { types: typeLabels(policy.allowedTypes) });

    let contentType: string;
    if (verdict.kind === 'type') contentType = verdict.type;
    else if (verdict.kind === 'text') {
      if (!spool.text.end()) throw refuse('files.error.type_not_allowed', { types: typeLabels(policy.allowedTypes) });
      contentType = textType(input.filename, input.declaredType, allowed);
    } else {
      const handle = await fs.promises.open(tmp, 'r');
      const zip = await classifyZip(handle, spool.size).finally(() => handle.close());
      if (zip.kind === 'macros') throw refuse('files.error.macros');
      if (zip.kind === 'damaged') throw refuse('files.error.damaged');
      contentType = zip.type;
    }
    if (!allowed.has(contentType)) throw refuse('files.error.type_not_allowed', { types: typeLabels(policy.allowedTypes) });

    let size = spool.size;
    let sha256 = spool.sha256;
    const stripper = policy.stripImageMetadata ? metadataStripper(contentType) : undefined;
    if (stripper) {
      const stripped = path.join(dir, `${id}.stripped`);
      temporary.push(stripped);
      const hash = createHash('sha256');
      let count = 0;
      stripper.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        count += chunk.length;
      });
      try {
        await pipeline(fs.createReadStream(tmp), stripper, fs.createWriteStream(stripped, { mode: 0o600 }));
      } catch (error) {
        if (error instanceof DamagedImageError) throw refuse('files.error.damaged');
        throw error;
      }
      tmp = stripped;
      size = count;
      sha256 = hash.digest('hex');
    }

    const now = deps.clock.now();
    const storage = storageFor(deps.config);
    const key = `${policy.purpose}/${now.toISOString().slice(0, 7)}/${id}`;
    const name = cleanFileName(input.filename, contentType);
    await storage.put(key, tmp, { size, sha256, contentType });
    const uploadedBy = audit.actor?.kind === 'user' ? audit.actor.userId : null;
    const opdId = input.opdId ?? null;
    try {
      await deps.db.transaction().execute(async (tx) => {
        await insertFile(tx, {
          id,
          purpose: policy.purpose,
          name,
          content_type: contentType,
          size,
          sha256,
          opd_id: opdId,
          uploaded_by: uploadedBy,
          storage: storage.kind,
          storage_key: key,
          created_at: now,
        });
        await recordAudit(tx, deps.clock, audit, {
          action: 'file.uploaded',
          targetType: 'file',
          targetId: id,
          opdId,
          after: { purpose: policy.purpose, name, contentType, size, sha256, stripped: !!stripper },
        });
      });
    } catch (error) {
      await storage.delete(key).catch(() => {});
      throw error;
    }
    return { id, purpose: policy.purpose, name, contentType, size, sha256, opdId, uploadedBy, createdAt: now };
  } finally {
    await Promise.all(temporary.map((file) => fs.promises.rm(file, { force: true })));
  }
}

/** Text is CSV when the name or the client says so (a sniffer cannot tell), else plain text. */
function textType(filename: string, declared: string | undefined, allowed: Set<string>): string {
  const csv = /\.csv$/i.test(filename) || /^(text|application)\/csv\b/i.test(declared ?? '');
  const preferred = csv ? FILE_TYPES.csv : FILE_TYPES.txt;
  if (allowed.has(preferred)) return preferred;
  return csv ? FILE_TYPES.txt : FILE_TYPES.csv;
}

