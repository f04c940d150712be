/**
 * One process owns a data directory: `mongod.lock` holds the owner's pid and, on Linux, its start time.
 * A lock left by a process that no longer runs (e.g. after kill -9) is taken over; a live owner, or a second
 * open in this process, is refused.
 *
 * "No longer runs" is read from /proc where there is one, because `kill(pid, 0)` is wrong twice over: a
 * process killed a moment ago is a zombie until its parent reaps it (state Z), and in a container a new
 * process may be given the dead owner's pid (its start time then differs). Node has no flock(2) without a
 * native addon, so the kernel's own lock release cannot be used.
 */
import { readFileSync, promises as fs } from 'node:fs';
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

/** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot) and field 3 (state); undefined off Linux. */
function procStat(pid: number): { state: string; startTime: string } | undefined | 'gone' {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ESRCH') return existsProc() ? 'gone' : undefined;
    return undefined;
  }
  // The command name (field 2) is in parentheses and may itself hold spaces or parentheses.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0]!, startTime: fields[19]! };
}

const existsProc = () => {
  try {
    readFileSync('/proc/self/stat');
    return true;
  } catch {
    return false;
  }
};

/** This process's start time as recorded in its lock, or '' where /proc is not available. */
function ownStartTime(): string {
  const stat = procStat(process.pid);
  return typeof stat === 'object' ? stat.startTime : '';
}

/** Whether the process that wrote a lock still runs: same pid, not a zombie, and (if recorded) the same start time. */
export function isOwnerAlive(pid: number, startTime?: string): boolean {
  const stat = procStat(pid);
  if (stat === 'gone') return false;
  if (stat === undefined) return isProcessAlive(pid);
  if (stat.state === 'Z' || stat.state === 'X' || stat.state === 'x') return false;
  return !startTime || stat.startTime === startTime;
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
        if ((await readOwner(lockPath))?.pid === process.pid) await fs.unlink(lockPath);
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
        await handle.writeFile(`${process.pid} ${ownStartTime()}\n`);
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
    if (owner !== undefined && owner.pid !== process.pid && isOwnerAlive(owner.pid, owner.startTime)) throw new DataDirInUseError(dir, owner.pid);
    await fs.rm(lockPath, { force: true });
  }
}

/** The pid (and start time) recorded in the lock file, or undefined if it is missing or unreadable (a torn write). */
async function readOwner(lockPath: string): Promise<{ pid: number; startTime?: string } | undefined> {
  let text: string;
  try {
    text = await fs.readFile(lockPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const [pidText, startTime] = text.trim().split(/\s+/);
  const pid = Number(pidText);
  return Number.isInteger(pid) && pid > 0 ? { pid, startTime: startTime || undefined } : undefined;
}
