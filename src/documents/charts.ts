/**
 * The figures as PNG charts: a vega-lite spec compiled to vega, rendered to SVG with no browser, then to PNG by
 * resvg. The PNG has a solid white background and near-black text, so it reads the same in Teams' light, dark and
 * high-contrast themes. Every chart comes with alt text giving its numbers, for screen-reader users.
 */
import { existsSync } from 'node:fs';
import type { ResvgRenderOptions } from '@resvg/resvg-js';
import type { Runtime } from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { categoryLabel } from '../domain/cases/categories.js';
import type { ChartKind, ChartNumbers } from '../domain/figures/chartNumbers.js';
import { monthLabel, shortMonthLabel } from '../domain/figures/period.js';
import { loadOnFirstUse } from './loadOnFirstUse.js';

// One after another: Jest's module loader fails on parallel dynamic imports that share modules (vega, vega-lite).
const renderer = loadOnFirstUse(async () => {
  const vega = await import('vega');
  const { compile } = await import('vega-lite');
  const { Resvg } = await import('@resvg/resvg-js');
  return { vega, compile, Resvg };
});

export { chartKinds, type ChartKind } from '../domain/figures/chartNumbers.js';

export interface Chart {
  png: Buffer;
  altText: string;
  width: number;
  height: number;
}

/**
 * resvg draws no text without a font: the first of these found is loaded explicitly (DejaVu Sans on Debian/Ubuntu),
 * so no render scans the system's fonts. Looked up once per process; only with none found does resvg scan them.
 */
const FONT_CANDIDATES = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/TTF/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
  '/System/Library/Fonts/Supplemental/Arial.ttf',
  'C:\\Windows\\Fonts\\arial.ttf',
];
let resvgOptions: ResvgRenderOptions | undefined;
function chartResvgOptions(): ResvgRenderOptions {
  if (!resvgOptions) {
    const fontFiles = FONT_CANDIDATES.filter((file) => existsSync(file)).slice(0, 1);
    resvgOptions = { font: { fontFiles, loadSystemFonts: fontFiles.length === 0, defaultFontFamily: 'DejaVu Sans' } };
  }
  return resvgOptions;
}
const FONT = 'DejaVu Sans, Liberation Sans, Arial, sans-serif';

const WIDTH = 560;
const HEIGHT = 220;
const INK = '#1b1b1b';
const OPENED = '#1d4f91';
const CLOSED = '#c2571a';

const baseConfig = {
  background: '#ffffff',
  font: FONT,
  padding: 12,
  config: {
    view: { stroke: null },
    axis: { labelColor: INK, titleColor: INK, domainColor: INK, tickColor: INK, gridColor: '#d0d0d0', labelFontSize: 12, titleFontSize: 12 },
    legend: { labelColor: INK, titleColor: INK, labelFontSize: 12, orient: 'top' },
    title: { color: INK, fontSize: 14, anchor: 'start' },
  },
} as const;

/**
 * Each chart's vega-lite spec takes its rows from the data set named `values`, so it is compiled to a vega
 * runtime once per process and each render only inserts its rows (and, for the bar chart, its height).
 */
const DATA = 'values';

const trendSpec = {
  ...baseConfig,
  title: 'Cases opened and closed, last 12 months',
  width: WIDTH,
  height: HEIGHT,
  data: { name: DATA },
  mark: { type: 'line', point: { size: 50, filled: true }, strokeWidth: 3 },
  encoding: {
    // The rows come oldest month first: `sort: null` keeps that order.
    x: { field: 'month', type: 'ordinal', sort: null, title: null, axis: { labelAngle: 0 } },
    y: { field: 'count', type: 'quantitative', title: 'Cases', axis: { tickMinStep: 1 } },
    color: { field: 'series', type: 'nominal', title: null, sort: null, scale: { domain: ['Opened', 'Closed'], range: [OPENED, CLOSED] }, legend: { orient: 'top', symbolType: 'stroke', symbolStrokeWidth: 3 } },
    strokeDash: { field: 'series', type: 'nominal', sort: null, legend: null, scale: { domain: ['Opened', 'Closed'], range: [[1, 0], [6, 3]] } },
  },
} as TopLevelSpec;

const categorySpec = {
  ...baseConfig,
  title: 'Incidents by category',
  width: WIDTH - 260,
  height: 40,
  data: { name: DATA },
  layer: [
    { mark: { type: 'bar', color: OPENED } },
    { mark: { type: 'text', align: 'left', dx: 4, color: INK, fontSize: 12 }, encoding: { text: { field: 'count', type: 'quantitative' } } },
  ],
  encoding: {
    y: { field: 'category', type: 'nominal', sort: '-x', title: null, axis: { labelLimit: 260 } },
    x: { field: 'count', type: 'quantitative', title: 'Incidents', axis: { tickMinStep: 1 } },
  },
} as TopLevelSpec;

/** A chart's rows, and its plot height where that depends on them. */
function chartData(kind: ChartKind, figures: ChartNumbers): { values: object[]; height: number } {
  if (kind === 'trend') {
    const values = figures.trend.flatMap((m) => [
      { month: shortMonthLabel(m.month), series: 'Opened', count: m.opened },
      { month: shortMonthLabel(m.month), series: 'Closed', count: m.closed },
    ]);
    return { values, height: HEIGHT };
  }
  const values = figures.incidentsByCategory.map((row) => ({ category: categoryLabel(row.category), count: row.count }));
  return { values, height: Math.max(40, values.length * 22) };
}

const runtimes = new Map<ChartKind, Runtime>();
async function runtimeFor(kind: ChartKind): Promise<Runtime> {
  let runtime = runtimes.get(kind);
  if (!runtime) {
    const { vega, compile } = await renderer();
    runtime = vega.parse(compile(kind === 'trend' ? trendSpec : categorySpec).spec);
    runtimes.set(kind, runtime);
  }
  return runtime;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function altText(kind: ChartKind, figures: ChartNumbers): string {
  if (kind === 'trend') {
    const months = figures.trend.map((m) => `${monthLabel(m.month)}: ${m.opened} opened, ${m.closed} closed`).join('; ');
    return `Line chart of cases opened and closed in each of the last 12 months. ${months}.`;
  }
  if (figures.incidentsByCategory.length === 0) return 'Bar chart of incidents by category: no incidents in this period.';
  const rows = figures.incidentsByCategory.map((row) => `${categoryLabel(row.category)} ${plural(row.count, 'incident')}`).join('; ');
  return `Bar chart of incidents by category in this period, largest first: ${rows}.`;
}

export async function renderChart(kind: ChartKind, figures: ChartNumbers): Promise<Chart> {
  const { vega, Resvg } = await renderer();
  const { values, height } = chartData(kind, figures);
  const view = new vega.View(await runtimeFor(kind), { renderer: 'none' }).data(DATA, values).height(height);
  try {
    const svg = await view.toSVG();
    const rendered = new Resvg(svg, chartResvgOptions()).render();
    return { png: rendered.asPng(), altText: altText(kind, figures), width: rendered.width, height: rendered.height };
  } finally {
    view.finalize();
  }
}
