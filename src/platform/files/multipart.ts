import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart, { type Multipart, type MultipartFile } from '@fastify/multipart';
import type { Readable } from 'node:stream';
import type { AuditContext } from '../audit/record-audit.ts';
import { AppError, validationError, type FieldError } from '../http/errors.ts';
import type { FilePolicy, StoredFile } from './contract.ts';
import { storeUpload, type UploadDeps } from './use-cases/store-upload.ts';
import { discardFiles } from './use-cases/delete-files.ts';
import { formatBytes } from './types.ts';
import './messages.ts';

/** Limits for one request to the routes of a plugin that accepts uploads. */
export interface UploadLimits {
  /** The largest file any policy on these routes allows. */
  maxFileBytes: number;
  /** File inputs per request, counting inputs left empty (browsers send those too). Default 10. */
  files?: number;
  /** Other fields per request. Default 50. */
  fields?: number;
  /** All files of one request together. Default `maxFileBytes × files`. */
  totalBytes?: number;
  /** One text field. Default 256 KiB. */
  fieldBytes?: number;
}

type Fields = Record<string, string | string[]>;

interface UploadState {
  parts: AsyncIterator<Multipart>;
  /** The first file part, held (unread, so the upload waits) until the handler reads the form. */
  pending: MultipartFile | undefined;
  done: boolean;
  fields: Fields;
  truncated: string[];
  limits: Required<UploadLimits>;
  read: boolean;
}

const states = new WeakMap<FastifyRequest, UploadState>();

function addField(fields: Fields, name: string, value: string): void {
  const current = fields[name];
  if (current === undefined) fields[name] = value;
  else if (Array.isArray(current)) current.push(value);
  else fields[name] = [current, value];
}

/**
 * Lets the routes of the calling plugin receive multipart forms with files, streamed: nothing is
 * buffered in memory, each file goes straight into `storeUpload` when the handler calls
 * `readUploadForm`. Call it once at the top of a route plugin (it registers @fastify/multipart
 * in that plugin's scope only, so other plugins keep their own settings).
 *
 * CSRF: before the handler runs, the fields that come before the first file are read into
 * `req.body`, so the app's CSRF check finds `_csrf` there as for any form; `CsrfField` must come
 * before the file inputs (it normally is the first thing in a form). API callers with a session
 * send `X-CSRF-Token`; bearer tokens need neither. A token after the first file does not count,
 * so no file is stored for a forged request.
 */
export async function acceptUploads(app: FastifyInstance, limits: UploadLimits): Promise<void> {
  if (app.hasDecorator('paduUploads')) return;
  if (app.hasContentTypeParser('multipart/form-data')) {
    throw new Error('acceptUploads: multipart/form-data is already handled in this scope; call it in a route plugin of its own');
  }
  const files = limits.files ?? 10;
  const resolved: Required<UploadLimits> = {
    maxFileBytes: limits.maxFileBytes,
    files,
    fields: limits.fields ?? 50,
    totalBytes: limits.totalBytes ?? limits.maxFileBytes * files,
    fieldBytes: limits.fieldBytes ?? 256 * 1024,
  };
  await app.register(multipart, {
    // One byte over the largest policy, so storeUpload sees the excess and says which file is too big.
    limits: { fileSize: resolved.maxFileBytes + 1, files: resolved.files, fields: resolved.fields, parts: resolved.files + resolved.fields, fieldSize: resolved.fieldBytes, headerPairs: 100 },
    throwFileSizeLimit: false,
  });
  app.decorate('paduUploads', resolved);

  app.addHook('preValidation', async (req) => {
    if (!req.isMultipart()) return;
    const parts = req.parts()[Symbol.asyncIterator]();
    const state: UploadState = { parts, pending: undefined, done: false, fields: {}, truncated: [], limits: resolved, read: false };
    for (;;) {
      const next = await parts.next();
      if (next.done) {
        state.done = true;
        break;
      }
      const part = next.value;
      if (part.type === 'file') {
        state.pending = part;
        break;
      }
      if (part.valueTruncated) state.truncated.push(part.fieldname);
      addField(state.fields, part.fieldname, String(part.value ?? ''));
    }
    states.set(req, state);
    // What the CSRF check (and parseForm) read: the fields before the first file.
    req.body = { ...state.fields };
  });

  // A request answered before its body was read (CSRF refused, an error before the handler read
  // the form) still has the upload coming: throw it away so the connection can be reused, and
  // hang up on a sender that keeps going far past what any form here may send.
  app.addHook('onResponse', async (req) => {
    const state = states.get(req);
    if (state && !state.done) discardBody(req.raw, resolved.totalBytes + resolved.fields * resolved.fieldBytes);
  });
}

function discardBody(raw: FastifyRequest['raw'], maxBytes: number): void {
  if (raw.readableEnded || raw.destroyed) return;
  let seen = 0;
  raw.unpipe();
  raw.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > maxBytes) raw.destroy();
  });
  raw.resume();
}

export interface UploadForm {
  /** Every non-file field, as `parseForm` takes them. */
  fields: Fields;
  /** Stored files per input name. */
  files: Record<string, StoredFile[]>;
  /** Refused files (and missing required ones), for the error summary. */
  errors: FieldError[];
  /** Every file stored from this request (to discard when the form is refused). */
  stored: StoredFile[];
  deps: UploadDeps;
  audit: AuditContext;
}

export interface UploadSpec {
  /** Input name → policy. File inputs not named here are read and ignored. */
  files: Record<string, FilePolicy>;
  /** Inputs that must carry a file. */
  required?: readonly string[];
  opdId?: string | null;
}

async function drain(stream: Readable): Promise<void> {
  stream.resume();
  await new Promise<void>((resolve) => {
    if (stream.readableEnded) return resolve();
    stream.once('end', resolve);
    stream.once('close', resolve);
    stream.once('error', () => resolve());
  });
}

/**
 * Reads the rest of a multipart form, storing each file under its input's policy as it arrives.
 * A refused file becomes a field error (the rest of the form is still read, so the page can be
 * shown again with every problem at once). Requests that are not multipart give their body's
 * fields and no files. Use `withUploads` to act on the result.
 */
export async function readUploadForm(req: FastifyRequest, deps: UploadDeps, audit: AuditContext, spec: UploadSpec): Promise<UploadForm> {
  const state = states.get(req);
  const form: UploadForm = { fields: {}, files: {}, errors: [], stored: [], deps, audit };
  if (!state) {
    for (const [k, v] of Object.entries((req.body ?? {}) as Record<string, unknown>)) {
      if (typeof v === 'string') form.fields[k] = v;
      else if (Array.isArray(v)) form.fields[k] = v.map(String);
    }
    addRequired(form, spec);
    return form;
  }
  if (state.read) throw new Error('readUploadForm: the form of this request was already read');
  state.read = true;
  form.fields = { ...state.fields };
  const { limits } = state;
  const fieldErrors: FieldError[] = state.truncated.map((field) => ({ field, messageKey: 'validation.max_length', params: { limit: limits.fieldBytes } }));
  let total = 0;
  let lastFileField = Object.keys(spec.files)[0] ?? 'file';

  const handleFile = async (part: MultipartFile) => {
    lastFileField = part.fieldname;
    const policy = spec.files[part.fieldname];
    // An input left empty arrives as a part without a name and without bytes.
    if (!policy || !part.filename) return drain(part.file);
    const remaining = Math.max(limits.totalBytes - total, 0);
    const effective = remaining < policy.maxBytes ? { ...policy, maxBytes: remaining } : policy;
    try {
      const file = await storeUpload(deps, audit, effective, { stream: part.file, filename: browserFilename(part.filename), declaredType: part.mimetype, opdId: spec.opdId, field: part.fieldname });
      total += file.size;
      (form.files[part.fieldname] ??= []).push(file);
      form.stored.push(file);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'validation') throw error;
      const overTotal = effective !== policy && error.fields[0]?.messageKey === 'files.error.too_large';
      form.errors.push(...(overTotal ? [{ field: part.fieldname, messageKey: 'files.error.total_too_large' as const, params: { max: formatBytes(limits.totalBytes) } }] : error.fields));
    }
  };

  try {
    if (state.pending) await handleFile(state.pending);
    state.pending = undefined;
    while (!state.done) {
      const next = await state.parts.next();
      if (next.done) {
        state.done = true;
        break;
      }
      const part = next.value;
      if (part.type === 'file') await handleFile(part);
      else {
        if (part.valueTruncated) fieldErrors.push({ field: part.fieldname, messageKey: 'validation.max_length', params: { limit: limits.fieldBytes } });
        addField(form.fields, part.fieldname, String(part.value ?? ''));
      }
    }
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_FILES_LIMIT') {
      form.errors.push({ field: lastFileField, messageKey: 'files.error.too_many', params: { max: limits.files } });
    } else {
      await discardFiles(deps, audit, form.stored);
      throw error;
    }
  }
  form.errors.push(...fieldErrors);
  addRequired(form, spec);
  return form;
}

/** Browsers escape `"`, CR and LF in multipart file names as %22, %0D and %0A (HTML standard); nothing else. */
function browserFilename(name: string): string {
  return name.replace(/%22/g, '"').replace(/%0[ad]/gi, ' ');
}

function addRequired(form: UploadForm, spec: UploadSpec): void {
  for (const field of spec.required ?? []) {
    if (!form.files[field]?.length && !form.errors.some((e) => e.field === field)) form.errors.push({ field, messageKey: 'files.error.required' });
  }
}

/**
 * Runs the form's action with its files; when files were refused, or the action fails (another
 * field is invalid, the record cannot be saved), the files stored from this request are removed
 * again and the error goes on to `handleForm`, which shows the form with the error summary.
 */
export async function withUploads<T>(
  form: UploadForm,
  action: (files: Record<string, StoredFile[]>) => Promise<T>,
  options: {
    /** Validates the other fields (e.g. `() => parseForm(Schema, form.fields)`), so their errors show together with the files'. */
    check?: () => unknown;
  } = {},
): Promise<T> {
  try {
    if (form.errors.length) {
      let others: FieldError[] = [];
      try {
        options.check?.();
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'validation') throw error;
        others = error.fields;
      }
      throw validationError([...others, ...form.errors]);
    }
    return await action(form.files);
  } catch (error) {
    await discardFiles(form.deps, form.audit, form.stored);
    throw error;
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Set in plugins that called `acceptUploads`. */
    paduUploads?: Required<UploadLimits>;
  }
}
