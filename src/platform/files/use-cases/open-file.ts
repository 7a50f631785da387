import type { Readable } from 'node:stream';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../auth/actor.ts';
import { AppError } from '../../http/errors.ts';
import type { StoredFile } from '../contract.ts';
import { findLiveFile, findLiveFiles, toStoredFile } from '../repo.ts';
import { MissingFileError, storageFor } from '../storage/index.ts';

export interface OpenFileOptions {
  /**
   * What a refusal looks like. `not_found` (default) does not even confirm that the file exists:
   * right for other agencies' records. `forbidden` answers 401 to anonymous callers and 403 to
   * signed-in ones: right when the caller may know the record (a citizen's own request).
   */
  deny?: 'not_found' | 'forbidden';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A stored file and a stream of its bytes, if `allow` (the owning module's decision, e.g. "the
 * actor may read the complaint this photo belongs to") says so. Deleted files are not found.
 * Never exposes where the bytes are kept.
 */
export async function openFile(
  deps: Pick<Deps, 'db' | 'config' | 'logger'>,
  actor: Actor | null,
  fileId: string,
  allow: (file: StoredFile) => boolean | Promise<boolean>,
  options: OpenFileOptions = {},
): Promise<{ file: StoredFile; stream: Readable }> {
  if (!UUID.test(fileId)) throw new AppError('not_found', 'error.not_found');
  const row = await findLiveFile(deps.db, fileId);
  if (!row) throw new AppError('not_found', 'error.not_found');
  const file = toStoredFile(row);
  if (!(await allow(file))) {
    if (options.deny === 'forbidden') throw new AppError(actor ? 'forbidden' : 'unauthorized', actor ? 'error.forbidden' : 'error.unauthorized');
    throw new AppError('not_found', 'error.not_found');
  }
  try {
    return { file, stream: await storageFor(deps.config, row.storage).get(row.storage_key) };
  } catch (error) {
    // The metadata is there and the bytes are not: an operations problem (files not restored
    // with the database?), logged for the operator; the reader sees an ordinary error page.
    if (error instanceof MissingFileError) deps.logger.error({ fileId, storage: row.storage }, 'stored file has no bytes');
    else deps.logger.error({ err: error, fileId, storage: row.storage }, 'cannot read stored file');
    throw new AppError('internal', 'error.internal', { cause: error });
  }
}

/** Metadata of files that are not deleted, in no particular order (for a module's presenters). */
export async function getFiles(deps: Pick<Deps, 'db'>, ids: readonly string[]): Promise<StoredFile[]> {
  return (await findLiveFiles(deps.db, ids.filter((id) => UUID.test(id)))).map(toStoredFile);
}
