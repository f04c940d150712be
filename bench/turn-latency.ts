/**
 * Turn latency through /api/messages for a `help` message at 1, 10 and 50 concurrent conversations, beside a
 * bare teams-ai echo bot in the same run; then cold start to /readyz = 200 and idle RSS of `npm start`.
 * Targets (issue 17): help p95 at 50 concurrent within 1.2x of the echo bot's; cold start of the compiled
 * `npm start` ≤ 1.2 s and idle RSS ≤ 180 MB, each beside the tsx-transpiled start of the same run.
 */
import { Application, TeamsAdapter, TurnState } from '@microsoft/teams-ai';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import restify from 'restify';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { startAssistant } from '../src/startup.js';
import { teamsRoster } from '../src/teams/roster.js';
import { messageActivity } from '../test/support/activities.js';
import { startConnectorStandIn } from '../test/support/connector.js';
import { cpuMsOf } from './database.js';
import { mb, printTable, summarise, verdict, type LatencySummary } from './stats.js';

const CONCURRENCY = [1, 10, 50];
const TURNS_PER_WORKER = 20;

/**
 * The load comes from a worker thread, so the bot under test keeps its own event loop (as it would when
 * Teams calls it) instead of sharing one with the client.
 */
const LOAD_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { url, template, concurrency, turns } = workerData;
(async () => {
  const latencies = [];
  const firsts = [];
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async (_, worker) => {
    for (let i = 0; i < turns; i++) {
      const activity = { ...template, id: worker + '-' + i, from: { ...template.from, id: '29:bench-' + worker, aadObjectId: 'bench-' + worker },
        conversation: { ...template.conversation, id: 'a:personal-bench-' + worker } };
      const t0 = performance.now();
      const response = await fetch(url + '/api/messages', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(activity) });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error('turn failed with HTTP ' + response.status);
      latencies.push(performance.now() - t0);
      if (i === 0) firsts.push(performance.now() - t0);
    }
  }));
  parentPort.postMessage({ latencies, firsts, elapsed: performance.now() - started });
})().catch((error) => parentPort.postMessage({ error: String(error) }));
`;

/** A run's figures, with each conversation's first turn apart (a conversation's first turn from this process). */
type RunSummary = LatencySummary & { first: LatencySummary };

async function measure(url: string, serviceUrl: string, concurrency: number): Promise<RunSummary> {
  const template = { ...messageActivity('help'), serviceUrl };
  const worker = new Worker(LOAD_WORKER, { eval: true, workerData: { url, template, concurrency, turns: TURNS_PER_WORKER } });
  const result = await new Promise<{ latencies: number[]; firsts: number[]; elapsed: number; error?: string }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  if (result.error) throw new Error(result.error);
  return { ...summarise(result.latencies, result.elapsed), first: summarise(result.firsts, result.elapsed) };
}

/** The baseline: a teams-ai app with one message handler, behind the same kind of restify server. */
async function startEchoBot(): Promise<{ url: string; stop(): void }> {
  const adapter = new TeamsAdapter({});
  const app = new Application<TurnState>({ adapter, startTypingTimer: false });
  app.activity('message', async (context) => {
    await context.sendActivity(`echo: ${context.activity.text}`);
  });
  const server = restify.createServer();
  server.use(restify.plugins.bodyParser());
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, async (context) => {
      await app.run(context);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, stop: () => server.close() };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** `npm start`: the compiled app (scripts/start.mjs builds dist/ first when it is not current). */
const COMPILED_START = ['--disable-warning=DEP0111', 'scripts/start.mjs'];
/** The baseline: the same app transpiled at run time by tsx, as `npm start` ran before. */
const TSX_START = ['--disable-warning=DEP0111', '--import', 'tsx', 'src/index.ts'];

interface ColdStart {
  readyMs: number;
  /** CPU time (user + system) the process had used when /readyz first answered 200. */
  cpuMs: number;
  rssMb: number;
  /** The start's own split in wall and CPU ms, from its "listening" log line (see startTimings in src/startup.ts). */
  steps: Record<string, number>;
  cpuSteps: Record<string, number>;
}

/** Spawns a start command on a fresh data directory; times /readyz = 200, then reads RSS after 3 s idle. */
async function coldStart(args: string[]): Promise<ColdStart> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'asb-bench-start-'));
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'info', MONGODB_URI: '', BOT_ID: '' },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let logged = '';
  child.stdout.on('data', (chunk: Buffer) => (logged += chunk.toString('utf8')));
  try {
    let readyMs = NaN;
    let cpuMs = NaN;
    while (performance.now() - started < 120_000) {
      const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.status === 200, () => false);
      if (ok) {
        readyMs = performance.now() - started;
        cpuMs = await cpuMsOf(child.pid!);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
    // The RSS of a process that never became ready says nothing about idle memory.
    const rssKb = Number.isNaN(readyMs) ? NaN : Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
    const listening = logged.split('\n').find((line) => line.includes('"startMs"'));
    const split = listening ? (JSON.parse(listening) as { startMs: Record<string, number>; startCpuMs: Record<string, number> }) : undefined;
    return { readyMs, cpuMs, rssMb: rssKb / 1024, steps: split?.startMs ?? {}, cpuSteps: split?.startCpuMs ?? {} };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Where a start's time went, compiled beside tsx: Node and the modules before startAssistant, then each step. */
function printStartSplit(compiled: ColdStart, transpiled: ColdStart): void {
  const names = [...new Set([...Object.keys(compiled.steps), ...Object.keys(transpiled.steps)])];
  console.log('Where the start goes (ms; beforeStart = Node, loading the modules and the config):');
  printTable([
    ...names.map((step) => ({
      step,
      'compiled wall': compiled.steps[step] ?? NaN,
      'compiled CPU': compiled.cpuSteps[step] ?? NaN,
      'tsx wall': transpiled.steps[step] ?? NaN,
      'tsx CPU': transpiled.cpuSteps[step] ?? NaN,
    })),
    { step: 'by /readyz 200', 'compiled wall': compiled.readyMs, 'compiled CPU': compiled.cpuMs, 'tsx wall': transpiled.readyMs, 'tsx CPU': transpiled.cpuMs },
  ]);
}

/** Cold start and idle RSS of the compiled `npm start`, beside the same start transpiled by tsx. */
async function startRows(): Promise<Array<Record<string, string | number>>> {
  spawnSync(process.execPath, ['scripts/start.mjs', '--build-only'], { stdio: 'inherit' }); // so the timed start does not build
  const compiled = await coldStart(COMPILED_START);
  const transpiled = await coldStart(TSX_START);
  printStartSplit(compiled, transpiled);
  return [
    { figure: 'cold start to /readyz 200 (npm start, compiled)', value: `${Math.round(compiled.readyMs)} ms`, baseline: `tsx ${Math.round(transpiled.readyMs)} ms`, ratio: `${(compiled.readyMs / transpiled.readyMs).toFixed(2)}x`, target: '≤ 1200 ms', result: verdict(compiled.readyMs <= 1200) },
    { figure: 'CPU used by /readyz 200 (compiled)', value: `${Math.round(compiled.cpuMs)} ms`, baseline: `tsx ${Math.round(transpiled.cpuMs)} ms`, ratio: `${(compiled.cpuMs / transpiled.cpuMs).toFixed(2)}x`, target: '(wall time under load)', result: '' },
    { figure: 'RSS idle (npm start, compiled)', value: `${compiled.rssMb.toFixed(0)} MB`, baseline: `tsx ${transpiled.rssMb.toFixed(0)} MB`, ratio: `${(compiled.rssMb / transpiled.rssMb).toFixed(2)}x`, target: '≤ 180 MB', result: verdict(compiled.rssMb <= 180) },
  ];
}

/** `npm run bench -- cold-start`: only the start figures. */
export async function coldStartMain(): Promise<void> {
  printTable(await startRows());
  console.log(`(machine load average over the last minute: ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores)`);
}

export async function main(): Promise<void> {
  const connector = await startConnectorStandIn();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'asb-bench-turns-'));
  const assistant = await startAssistant(loadConfig({ PORT: '0', LOG_LEVEL: 'silent' }), { dataDir, logger: createLogger('silent') });
  const echo = await startEchoBot();
  const rows: Array<Record<string, string | number>> = [];
  let p95At50 = NaN;
  try {
    // The assistant writes new conversations' references and reads their roster names once its turns have
    // answered; that work finishes before the echo bot (same process) is measured, and its time is shown.
    const settle = async () => {
      const t0 = performance.now();
      await teamsRoster(assistant.deps).flush();
      await assistant.deps.references.flush();
      return performance.now() - t0;
    };
    await measure(assistant.url, connector.url, 5); // warm-up
    await settle();
    await measure(echo.url, connector.url, 5);
    for (const concurrency of CONCURRENCY) {
      const help = await measure(assistant.url, connector.url, concurrency);
      const housekeepingMs = await settle();
      const bare = await measure(echo.url, connector.url, concurrency);
      if (concurrency === 50) p95At50 = help.p95;
      for (const [bot, s] of [['help (assistant)', help], ['echo (bare teams-ai)', bare]] as const) {
        rows.push({ bot, concurrent: concurrency, turns: s.count, 'p50 ms': s.p50, 'p95 ms': s.p95, 'p99 ms': s.p99, 'turns/s': s.perSecond, 'each conversation\'s 1st turn: p50 ms': s.first.p50, 'max ms': Math.max(s.first.p99, s.first.p95), 'housekeeping after, ms': bot === 'echo (bare teams-ai)' ? '—' : Math.round(housekeepingMs) });
      }
    }
  } finally {
    echo.stop();
    await assistant.stop();
    await connector.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
  console.log('Turn latency through /api/messages (persisted embedded store, replies to a local connector stand-in):');
  printTable(rows);
  const starts = await startRows();
  const echoAt50 = rows.find((r) => r.bot === 'echo (bare teams-ai)' && r.concurrent === 50)?.['p95 ms'] as number;
  const ratio = p95At50 / echoAt50;
  console.log('');
  printTable([
    { figure: 'help p95 at 50 concurrent ÷ echo p95', value: `${p95At50.toFixed(1)} ms`, baseline: `echo ${echoAt50.toFixed(1)} ms`, ratio: `${ratio.toFixed(2)}x`, target: '≤ 1.2x', result: verdict(ratio <= 1.2) },
    ...starts,
  ]);
  console.log(`(machine load average over the last minute: ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores)`);
  console.log(`(peak RSS of this benchmark process: ${mb(process.memoryUsage().rss).toFixed(0)} MB)`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await main();
  process.exit(0);
}
