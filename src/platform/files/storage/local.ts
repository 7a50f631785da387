import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { assertKey, MissingFileError, type FileStorage } from './common.ts';

/** Files on local disk under `<dataDir>/files/<key>`; the temporary file is renamed into place. */
export class LocalStorage implements FileStorage {
  readonly kind = 'local' as const;
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    assertKey(key);
    const full = path.resolve(this.root, key);
    if (!full.startsWith(path.resolve(this.root) + path.sep)) throw new Error(`storage key escapes the store: ${key}`);
    return full;
  }

  async put(key: string, tmpFile: string): Promise<void> {
    const target = this.pathOf(key);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    // The temporary folder is inside the store, so this is a rename on one file system: atomic.
    await fs.promises.rename(tmpFile, target);
  }

  async get(key: string): Promise<Readable> {
    try {
      // Opened before returning, so a missing file is an error here and not a broken response later.
      const handle = await fs.promises.open(this.pathOf(key), 'r');
      return handle.createReadStream();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new MissingFileError(key);
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await fs.promises.rm(this.pathOf(key), { force: true });
  }
}
