/**
 * Where the idle memory of `npm start` goes: the compiled app (dist/, built first when stale) is started on a
 * fresh data directory, left idle for 3 s after /readyz answers 200, and asked for a V8 heap snapshot
 * (--heapsnapshot-signal). Prints its RSS and JS heap, then the heap by package (bench/heapSummary.ts): what each
 * package's code holds on its own, by retained size. Run with `npm run bench -- memory`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { summariseHeap } from './heapSummary.js';
import { printTable } from './stats.js';

const MB = 1024 * 1024;
const TOP = 25;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function rssMbOf(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
}

/** The last two bytes of a file. */
function tailOf(file: string): string {
  const size = statSync(file).size;
  if (size < 2) return '';
  const fd = openSync(file, 'r');
  try {
    const tail = Buffer.alloc(2);
    readSync(fd, tail, 0, 2, size - 2);
    return tail.toString('latin1');
  } finally {
    closeSync(fd);
  }
}

/** Starts the compiled app, waits until it is ready and idle, and has it write a heap snapshot; returns its path. */
async function snapshotIdleApp(dir: string): Promise<{ file: string; rssMb: number }> {
  const dataDir = path.join(dir, 'data');
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', '--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${dir}`, 'scripts/start.mjs'], {
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'silent', MONGODB_URI: '', BOT_ID: '' },
    stdio: 'ignore',
  });
  try {
    for (let waited = 0; !(await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.status === 200, () => false)); waited += 50) {
      if (child.exitCode !== null || waited > 120_000) throw new Error('the compiled app never answered /readyz with 200');
      await sleep(50);
    }
    await sleep(3000);
    const rssMb = rssMbOf(child.pid!);
    child.kill('SIGUSR2');
    // The snapshot is complete when the file ends its JSON and stops growing.
    for (let waited = 0; waited < 300_000; waited += 500) {
      await sleep(500);
      const file = readdirSync(dir).find((name) => name.endsWith('.heapsnapshot'));
      if (!file) continue;
      const full = path.join(dir, file);
      if (tailOf(full) === ']}') return { file: full, rssMb };
    }
    throw new Error('no heap snapshot was written');
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve)));
  }
}

export async function main(): Promise<void> {
  const built = spawnSync(process.execPath, ['scripts/start.mjs', '--build-only'], { stdio: 'inherit' });
  if (built.status !== 0 || !existsSync('dist/src/index.cjs.map')) throw new Error('npm run build failed');
  const dir = mkdtempSync(path.join(tmpdir(), 'asb-bench-memory-'));
  try {
    const { file, rssMb } = await snapshotIdleApp(dir);
    const summary = summariseHeap(file, 'dist/src/index.cjs.map');
    console.log(`Idle compiled app: RSS ${rssMb.toFixed(0)} MB, JS heap in the snapshot ${(summary.totalBytes / MB).toFixed(1)} MB.`);
    console.log(`Heap by package, by retained size (top ${TOP}; "no one package" is held by roots or by scopes several packages share, by kind).`);
    console.log('A buffer counts at its length here; RSS counts only the pages written (bson keeps a 17 MB serialisation buffer):');
    printTable(
      summary.byPackage.slice(0, TOP).map((row) => ({
        'held by': row.owner,
        MB: Number((row.bytes / MB).toFixed(2)),
        share: `${((100 * row.bytes) / summary.totalBytes).toFixed(1)}%`,
      })),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
