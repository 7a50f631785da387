import path from 'node:path';
import type { Config } from '../../../config.ts';
import { LocalStorage } from './local.ts';
import { S3Storage } from './s3.ts';
import type { FileStorage, StorageKind } from './common.ts';

export { assertKey, MissingFileError, type FileStorage, type StorageKind } from './common.ts';

/** `<dataDir>/files`: the local store, and (in `.tmp`) uploads being received on every backend. */
export function filesRoot(config: Config): string {
  return path.join(config.dataDir, 'files');
}

export function tempDir(config: Config): string {
  return path.join(filesRoot(config), '.tmp');
}

const cache = new WeakMap<Config, Partial<Record<StorageKind, FileStorage>>>();

/**
 * The storage for new files (S3 when configured, else local disk), or the one a stored file names:
 * files written to local disk stay readable after S3 is configured.
 */
export function storageFor(config: Config, kind: StorageKind = config.files.s3 ? 's3' : 'local'): FileStorage {
  let byKind = cache.get(config);
  if (!byKind) cache.set(config, (byKind = {}));
  let storage = byKind[kind];
  if (!storage) {
    if (kind === 's3') {
      if (!config.files.s3) throw new Error('A file is stored in S3 but PADU_S3_BUCKET is not set');
      storage = new S3Storage(config.files.s3);
    } else storage = new LocalStorage(filesRoot(config));
    byKind[kind] = storage;
  }
  return storage;
}
