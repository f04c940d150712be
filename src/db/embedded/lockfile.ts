/**
 * One process owns a data directory: `mongod.lock` holds the owner's pid. A lock left by a process that
 * no longer runs (e.g. after kill -9) is taken over; a live owner, or a second open in this process, is refused.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

export const LOCK_FILE_NAME = 'mongod.lock';

export interface DataDirLock {
  readonly dir: string;
  release(): Promise<void>;
}

/** Data directories locked by this process, by real path. */
const heldInThisProcess = new Set<string>();

export class DataDirInUseError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(
      pid === process.pid
        ? `Data directory ${dir} is already in use by this process (pid ${pid}); stop the other server first.`
        : `Data directory ${dir} is already in use by process ${pid}; stop that process or choose another data directory. ` +
            `If no such process runs, delete ${path.join(dir, LOCK_FILE_NAME)}.`,
    );
    this.name = 'DataDirInUseError';
  }
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** `dir` must exist. */
export async function lockDataDir(dir: string): Promise<DataDirLock> {
  const realDir = await fs.realpath(dir);
  if (heldInThisProcess.has(realDir)) throw new DataDirInUseError(realDir, process.pid);
  const lockPath = path.join(realDir, LOCK_FILE_NAME);
  heldInThisProcess.add(realDir);
  try {
    await createLockFile(lockPath, realDir);
  } catch (error) {
    heldInThisProcess.delete(realDir);
    throw error;
  }
  let released = false;
  return {
    dir: realDir,
    release: async () => {
      if (released) return;
      released = true;
      try {
        if ((await readOwner(lockPath)) === process.pid) await fs.unlink(lockPath);
      } finally {
        heldInThisProcess.delete(realDir);
      }
    },
  };
}

async function createLockFile(lockPath: string, dir: string): Promise<void> {
  // Two attempts: the second follows the removal of a stale lock.
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await fs.open(lockPath, 'wx');
      try {
        await handle.writeFile(`${process.pid}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
    }
    const owner = await readOwner(lockPath);
    // Our own pid in a lock we do not hold can only come from an earlier process that had the same pid.
    if (owner !== undefined && owner !== process.pid && isProcessAlive(owner)) throw new DataDirInUseError(dir, owner);
    await fs.rm(lockPath, { force: true });
  }
}

/** The pid recorded in the lock file, or undefined if it is missing or unreadable (a torn write). */
async function readOwner(lockPath: string): Promise<number | undefined> {
  let text: string;
  try {
    text = await fs.readFile(lockPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}
