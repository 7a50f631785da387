import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type { Deps } from '../../deps.ts';
import { storedFilesPage } from '../repo.ts';
import { MissingFileError, storageFor } from '../storage/index.ts';

export interface VerifyProblem {
  id: string;
  name: string;
  problem: 'missing' | 'size' | 'sha256' | 'unreadable';
  detail?: string;
}

/**
 * Reads every stored file back and compares it with its metadata: after restoring a backup (the
 * database and the files folder are backed up separately) or moving storage, this says whether
 * the two belong together. Slow on purpose: it reads every byte.
 */
export async function verifyFiles(deps: Pick<Deps, 'db' | 'config'>, onProgress?: (checked: number) => void): Promise<{ checked: number; problems: VerifyProblem[] }> {
  const problems: VerifyProblem[] = [];
  let checked = 0;
  let after: string | null = null;
  for (;;) {
    const rows = await storedFilesPage(deps.db, after, 200);
    if (rows.length === 0) break;
    for (const row of rows) {
      after = row.id;
      checked++;
      try {
        const stream = await storageFor(deps.config, row.storage).get(row.storage_key);
        const hash = createHash('sha256');
        let size = 0;
        stream.on('data', (chunk: Buffer) => void (size += chunk.length));
        await pipeline(stream, hash);
        const sha256 = hash.digest('hex');
        if (size !== Number(row.size)) problems.push({ id: row.id, name: row.name, problem: 'size', detail: `${size} bytes, expected ${row.size}` });
        else if (sha256 !== row.sha256) problems.push({ id: row.id, name: row.name, problem: 'sha256', detail: sha256 });
      } catch (error) {
        if (error instanceof MissingFileError) problems.push({ id: row.id, name: row.name, problem: 'missing' });
        else problems.push({ id: row.id, name: row.name, problem: 'unreadable', detail: (error as Error).message });
      }
    }
    onProgress?.(checked);
  }
  return { checked, problems };
}
