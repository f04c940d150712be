/**
 * The database a benchmark runs on. By default the embedded server runs in a child process, as mongod runs beside
 * a real deployment: in one process its work would sit on the bot's event loop and its CPU would be charged to
 * the bot's turns. BENCH_DB=in-process keeps it in the benchmark's own process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { startEmbeddedMongo } from '../src/db/embedded/index.js';

export interface BenchDatabase {
  uri: string;
  /** Where it runs, for the printed figures. */
  where: string;
  /** CPU ms (user + system) the database has used so far; in process, undefined (it is in the process's own). */
  cpuMs(): Promise<number | undefined>;
  stop(): Promise<void>;
}

/** User + system CPU time of a process so far, from /proc (fields 14 and 15 of stat, in clock ticks of 10 ms). */
export async function cpuMsOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export async function startDatabase(): Promise<BenchDatabase> {
  if (process.env.BENCH_DB === 'in-process') {
    const server = await startEmbeddedMongo({ dbName: 'asb' });
    return { uri: server.uri, where: 'in the bot\'s process', cpuMs: async () => undefined, stop: () => server.stop() };
  }
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/db/embedded/cli.ts', '--in-memory', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const uri = await new Promise<string>((resolve, reject) => {
    let seen = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      const found = /listening at (mongodb:\/\/\S+)/.exec(seen);
      if (found) resolve(found[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the embedded server exited (${code}) before listening`)));
  });
  return {
    uri,
    where: 'in a child process (as mongod is beside a deployment)',
    cpuMs: () => cpuMsOf(child.pid!),
    stop: () => new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}
