/**
 * `npm run bench`: runs every benchmark in turn and prints its figures against the targets the issues set.
 * Pass names to run only some, e.g. `npm run bench -- embedded`.
 */
import { printTable, startBenchmark, targetRows } from './stats.js';

const benches: Record<string, () => Promise<unknown>> = {
  embedded: async () => (await import('./embedded.js')).main(),
  indexes: async () => (await import('./indexes.js')).main(),
  'turn-latency': async () => (await import('./turn-latency.js')).main(),
  memory: async () => (await import('./memory.js')).main(),
  'cold-start': async () => (await import('./turn-latency.js')).coldStartMain(),
  cases: async () => (await import('./cases.js')).main(),
  reminders: async () => (await import('./reminders.js')).main(),
  meetings: async () => (await import('./meetings.js')).main(),
  audit: async () => (await import('./audit.js')).main(),
  figures: async () => (await import('./figures.js')).main(),
  retention: async () => (await import('./retention.js')).main(),
  edge: async () => (await import('./edge.js')).main(),
  'send-budgets': async () => (await import('./sendBudgets.js')).main(),
  'my-cases': async () => (await import('./myCases.js')).main(),
  scale: async () => (await import('./scale.js')).main(),
};

const wanted = process.argv.slice(2);
const names = wanted.length > 0 ? wanted : Object.keys(benches);
for (const name of names) {
  const run = benches[name];
  if (!run) {
    console.error(`Unknown benchmark "${name}". Known: ${Object.keys(benches).join(', ')}`);
    process.exit(1);
  }
  console.log(`\n=== ${name} ===`);
  startBenchmark(name);
  await run();
}
if (names.length > 1) {
  const rows = [...targetRows];
  const missed = rows.filter((r) => r.verdict.includes('MISSES')).length;
  console.log(`\n=== every target of this run: ${rows.length - missed} met, ${missed} missed (load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}) ===`);
  printTable(rows);
}
process.exit(0);
