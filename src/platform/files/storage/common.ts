import type { Readable } from 'node:stream';

export type StorageKind = 'local' | 's3';

/** Where file bytes live. Keys are made by Padu (`purpose/yyyy-mm/uuid`), never from a client's name. */
export interface FileStorage {
  readonly kind: StorageKind;
  /** Moves a finished temporary file (already checked, hashed and stripped) into storage under `key`. */
  put(key: string, tmpFile: string, meta: { size: number; sha256: string; contentType: string }): Promise<void>;
  /** The bytes under `key`; throws MissingFileError when there are none. */
  get(key: string): Promise<Readable>;
  /** Removes the bytes under `key`; removing what is not there is not an error. */
  delete(key: string): Promise<void>;
}

/** The metadata says a file exists but its bytes are gone (restored database without the files?). */
export class MissingFileError extends Error {
  override name = 'MissingFileError';
}

const KEY = /^[a-z0-9][a-z0-9.-]*(\/[a-z0-9][a-z0-9.-]*)*$/;

/** Storage keys are Padu's own; this refuses anything that could climb out of the store. */
export function assertKey(key: string): void {
  if (!KEY.test(key) || key.split('/').some((s) => s === '..' || s === '.')) throw new Error(`invalid storage key: ${key}`);
}

