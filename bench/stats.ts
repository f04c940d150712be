/** Small helpers shared by the benchmarks: percentiles and a plain table with the targets beside the figures. */
export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return NaN;
  const index = Math.min(sortedMs.length - 1, Math.ceil((p / 100) * sortedMs.length) - 1);
  return sortedMs[Math.max(0, index)]!;
}

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  perSecond: number;
}

export function summarise(latenciesMs: number[], elapsedMs: number): LatencySummary {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    perSecond: (sorted.length / elapsedMs) * 1000,
  };
}

/** Every row printed with a verdict, so that `npm run bench` ends with all the targets of one run side by side. */
export const targetRows: Array<{ benchmark: string; measure: string; figure: string; baseline: string; verdict: string }> = [];
let currentBenchmark = '';
export const startBenchmark = (name: string) => { currentBenchmark = name; };

export function printTable(rows: Array<Record<string, string | number>>): void {
  if (rows.length === 0) return;
  for (const row of rows) recordTarget(row);
  const columns = Object.keys(rows[0]!);
  const cell = (value: string | number) => (typeof value === 'number' ? formatNumber(value) : value);
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c] ?? '').length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i]!)).join('  ');
  console.log(line(columns));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(columns.map((c) => cell(row[c] ?? ''))));
}

function recordTarget(row: Record<string, string | number>): void {
  const cells = Object.entries(row);
  const verdictCell = cells.find(([, v]) => typeof v === 'string' && /meets target|MISSES target/.test(v));
  if (!verdictCell) return;
  const figure = cells.find(([k]) => /^(p95 ms|ms|value|seconds|ratio)$/.test(k) && k !== verdictCell[0]);
  const baseline = cells.find(([k]) => k === 'baseline' || k === 'target');
  targetRows.push({
    benchmark: currentBenchmark,
    measure: String(cells[0]![1]),
    figure: figure ? `${typeof figure[1] === 'number' ? formatNumber(figure[1]) : figure[1]} ${/ms$/.test(figure[0]) ? 'ms' : ''}`.trim() : '',
    baseline: baseline ? String(baseline[1]) : '',
    verdict: String(verdictCell[1]),
  });
}

function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return n >= 100 ? Math.round(n).toLocaleString('en-GB') : n.toFixed(1);
}

export const verdict = (ok: boolean) => (ok ? 'meets target' : 'MISSES target');

export const mb = (bytes: number) => bytes / 1024 / 1024;

/** Deterministic pseudo-random numbers, so every run builds the same cases and asks the same questions. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/**
 * Wall-clock and CPU seconds of one run. The CPU is this process's (the embedded server runs in it too), so on a
 * loaded machine the wall time shows the queueing and the CPU time what the work itself costs.
 */
export async function timed<T>(run: () => Promise<T>): Promise<{ value: T; seconds: number; cpuSeconds: number }> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const value = await run();
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return { value, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}
