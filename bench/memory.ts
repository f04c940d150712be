/**
 * Where the idle memory of `npm start` goes: a fresh Node process (--expose-gc) imports the app's heavy
 * dependencies one at a time, then the compiled app, then starts it (in-memory store) and idles; after each
 * step it collects garbage and records the JS heap and RSS. Each module's figure is what importing it added,
 * in load order (a module that an earlier one already loaded shows ~0). Needs dist/ (`npm run build`).
 * Run with `npm run bench -- memory`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { printTable } from './stats.js';

const MODULES = [
  // teams-ai as the app loads it: its own modules, not the package root (which adds the AI planners and tokenizer).
  'zod', 'pino', 'bson', 'mongodb', 'mingo', 'sorted-btree', 'restify', 'botbuilder', '@microsoft/teams-ai/lib/Application.js',
  'adaptivecards-templating', 'agenda', '@agendajs/mongo-backend', 'date-holidays', 'docx', 'jszip',
];

const CHILD = `
const steps = [];
const measure = (step) => { globalThis.gc(); globalThis.gc(); const m = process.memoryUsage(); steps.push({ step, heap: m.heapUsed, rss: m.rss }); };
measure('node itself');
for (const name of ${JSON.stringify(MODULES)}) { await import(name); measure(name); }
const { startAssistant } = await import(${JSON.stringify(pathToFileURL('dist/src/startup.js').href)});
const { loadConfig } = await import(${JSON.stringify(pathToFileURL('dist/src/config.js').href)});
const { createLogger } = await import(${JSON.stringify(pathToFileURL('dist/src/log.js').href)});
measure('the app (dist/src)');
const assistant = await startAssistant(loadConfig({ PORT: '0', LOG_LEVEL: 'silent', MONGODB_URI: '', BOT_ID: '' }), { dataDir: 'memory', logger: createLogger('silent') });
measure('started (in-memory store, scheduler running)');
await new Promise((resolve) => setTimeout(resolve, 3000));
measure('after 3 s idle');
await assistant.stop();
process.stdout.write(JSON.stringify(steps));
process.exit(0);
`;

export async function main(): Promise<void> {
  if (!existsSync('dist/src/startup.js')) {
    const built = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
    if (built.status !== 0) throw new Error('npm run build failed');
  }
  const run = spawnSync(process.execPath, ['--expose-gc', '--disable-warning=DEP0111', '--input-type=module', '-e', CHILD], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (run.status !== 0) throw new Error(`memory probe failed: ${run.stderr.slice(0, 500)}`);
  const steps = JSON.parse(run.stdout) as Array<{ step: string; heap: number; rss: number }>;
  const MB = 1024 * 1024;
  printTable(
    steps.map((s, i) => ({
      step: s.step,
      'heap added MB': i === 0 ? s.heap / MB : (s.heap - steps[i - 1]!.heap) / MB,
      'RSS added MB': i === 0 ? s.rss / MB : (s.rss - steps[i - 1]!.rss) / MB,
      'heap MB': s.heap / MB,
      'RSS MB': s.rss / MB,
    })),
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
