import type { Deps } from '../../../../platform/deps.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import { actorLabel } from '../../../../platform/auth/actor.ts';
import { validationError } from '../../../../platform/http/errors.ts';
import type { AuditContext } from '../../../../platform/audit/record-audit.ts';
import { katalogPolicy } from '../../policy.ts';
import { insertImport } from '../repo.ts';
import { readTable, TableError } from '../table.ts';
import { runImport, storeActor, type ProgressListener } from './run-import.ts';

/** Files with more data rows than this run as a background job when this process has a job queue. */
export const BACKGROUND_ROWS = 500;
export const MAX_ROWS = 100_000;
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

export interface UploadedFile {
  filename: string;
  content: Buffer;
}

export interface ImportOptions {
  dryRun: boolean;
  partial: boolean;
}

/** How the import runs: in a background job (`enqueue`) for large files, else right away. */
export interface ImportRunner {
  enqueue?: (importId: string) => Promise<void>;
  onProgress?: ProgressListener;
}

/**
 * Accepts an uploaded CSV or XLSX file of applications and runs (or queues) its import. Problems
 * with the file itself (none chosen, unreadable, empty, too many rows) are refused at once;
 * problems in rows end up in the import's report. With no actor, `audit.system` names the
 * operator (the command line), who may import for every agency.
 */
export async function startImport(deps: Pick<Deps, 'db' | 'clock' | 'ids' | 'logger'>, audit: AuditContext, file: UploadedFile | undefined, options: ImportOptions, runner: ImportRunner = {}) {
  const actor = audit.actor;
  if (actor || !audit.system) ensure(actor, katalogPolicy.create(actor));
  if (!file || file.content.length === 0) throw validationError([{ field: 'file', messageKey: 'katalog.transfer.file_required' }]);
  if (file.content.length > MAX_FILE_BYTES) throw validationError([{ field: 'file', messageKey: 'katalog.transfer.too_large' }]);
  let table;
  try {
    table = readTable(file.content);
  } catch (error) {
    if (!(error instanceof TableError)) throw error;
    throw validationError([{ field: 'file', messageKey: error.reason === 'empty' ? 'katalog.transfer.file_empty' : 'katalog.transfer.file_unreadable' }]);
  }
  const total = table.rows.length - 1;
  if (total > MAX_ROWS) throw validationError([{ field: 'file', messageKey: 'katalog.transfer.too_many_rows', params: { max: MAX_ROWS } }]);

  const importId = deps.ids.uuid();
  await insertImport(deps.db, {
    id: importId,
    filename: (file.filename || `import.${table.format}`).slice(0, 200),
    format: table.format,
    dry_run: options.dryRun,
    partial: options.partial,
    total,
    problems: '[]',
    actor: actor ? JSON.stringify(storeActor(actor)) : null,
    actor_user_id: actor?.kind === 'user' ? actor.userId : null,
    actor_token_id: actor?.kind === 'token' ? actor.tokenId : null,
    actor_label: actor ? actorLabel(actor) : (audit.system ?? 'system'),
    request_id: audit.requestId ?? null,
    ip: audit.ip ?? null,
    content: file.content,
    created_at: deps.clock.now(),
  });
  if (total > BACKGROUND_ROWS && runner.enqueue) {
    await runner.enqueue(importId);
    return { importId, background: true };
  }
  await runImport(deps, importId, runner.onProgress, table);
  return { importId, background: false };
}
