import fs from 'node:fs';
import path from 'node:path';

/**
 * An exclusive lock on a data folder: a PID file created with O_EXCL. PGlite takes no lock of
 * its own, and two processes on one folder silently lose each other's writes, so a second Padu
 * must refuse to start. A lock left by a process that no longer runs (after a crash) is cleared.
 */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The data folder ${dataDir} is in use by another Padu process (PID ${pid}). ` +
        'Stop that process first, or set PADU_DATA_DIR to another folder. ' +
        'Two processes on one embedded database lose data.',
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  release(): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Folders this process holds. Our own PID in a lock file is not proof that we hold it: in a
 * container Padu gets the same PID (often 1) after every restart, so a crash leaves a lock
 * with the PID of the process that reads it.
 */
const heldByThisProcess = new Set<string>();

export function lockDataDir(dataDir: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'padu.pid');
  const key = fs.realpathSync(dataDir);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx', 0o600);
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      heldByThisProcess.add(key);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          heldByThisProcess.delete(key);
          try {
            if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.unlinkSync(file);
          } catch {
            /* already gone */
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(fs.readFileSync(file, 'utf8').trim());
      const held = pid === process.pid ? heldByThisProcess.has(key) : Number.isInteger(pid) && pid > 0 && isAlive(pid);
      if (held) throw new DataDirLockedError(dataDir, pid);
      // Stale lock from a process that died: remove it and try again.
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}
