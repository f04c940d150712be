/**
 * The figures as PNG charts: a vega-lite spec compiled to vega, rendered to SVG with no browser, then to PNG by
 * resvg. The PNG has a solid white background and near-black text, so it reads the same in Teams' light, dark and
 * high-contrast themes. Every chart comes with alt text giving its numbers, for screen-reader users.
 */
import { existsSync } from 'node:fs';
import type { TopLevelSpec } from 'vega-lite';
import { categoryLabel } from '../domain/cases/categories.js';
import type { Figures } from '../domain/figures/figures.js';
import { monthLabel, shortMonthLabel } from '../domain/figures/period.js';
import { loadOnFirstUse } from './loadOnFirstUse.js';

// One after another: Jest's module loader fails on parallel dynamic imports that share modules (vega, vega-lite).
const renderer = loadOnFirstUse(async () => {
  const vega = await import('vega');
  const { compile } = await import('vega-lite');
  const { Resvg } = await import('@resvg/resvg-js');
  return { vega, compile, Resvg };
});

export const chartKinds = ['trend', 'categories'] as const;
export type ChartKind = (typeof chartKinds)[number];

export interface Chart {
  png: Buffer;
  altText: string;
  width: number;
  height: number;
}

/** resvg draws no text without a font: the first of these found is loaded explicitly (DejaVu Sans on Debian/Ubuntu). */
const FONT_CANDIDATES = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/TTF/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
  '/System/Library/Fonts/Supplemental/Arial.ttf',
  'C:\\Windows\\Fonts\\arial.ttf',
];
let fontFiles: string[] | undefined;
function chartFonts(): string[] {
  fontFiles ??= FONT_CANDIDATES.filter((file) => existsSync(file)).slice(0, 1);
  return fontFiles;
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

function trendSpec(figures: Figures): TopLevelSpec {
  const values = figures.trend.flatMap((m) => [
    { month: shortMonthLabel(m.month), series: 'Opened', count: m.opened },
    { month: shortMonthLabel(m.month), series: 'Closed', count: m.closed },
  ]);
  return {
    ...baseConfig,
    title: 'Cases opened and closed, last 12 months',
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    mark: { type: 'line', point: { size: 50, filled: true }, strokeWidth: 3 },
    encoding: {
      x: { field: 'month', type: 'ordinal', sort: figures.trend.map((m) => shortMonthLabel(m.month)), title: null, axis: { labelAngle: 0 } },
      y: { field: 'count', type: 'quantitative', title: 'Cases', axis: { tickMinStep: 1 } },
      color: { field: 'series', type: 'nominal', title: null, sort: null, scale: { domain: ['Opened', 'Closed'], range: [OPENED, CLOSED] }, legend: { orient: 'top', symbolType: 'stroke', symbolStrokeWidth: 3 } },
      strokeDash: { field: 'series', type: 'nominal', sort: null, legend: null, scale: { domain: ['Opened', 'Closed'], range: [[1, 0], [6, 3]] } },
    },
  } as TopLevelSpec;
}

function categorySpec(figures: Figures): TopLevelSpec {
  const values = figures.incidentsByCategory.map((row) => ({ category: categoryLabel(row.category), count: row.count }));
  return {
    ...baseConfig,
    title: 'Incidents by category',
    width: WIDTH - 260,
    height: Math.max(40, values.length * 22),
    data: { values },
    layer: [
      { mark: { type: 'bar', color: OPENED } },
      { mark: { type: 'text', align: 'left', dx: 4, color: INK, fontSize: 12 }, encoding: { text: { field: 'count', type: 'quantitative' } } },
    ],
    encoding: {
      y: { field: 'category', type: 'nominal', sort: '-x', title: null, axis: { labelLimit: 260 } },
      x: { field: 'count', type: 'quantitative', title: 'Incidents', axis: { tickMinStep: 1 } },
    },
  } as TopLevelSpec;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function altText(kind: ChartKind, figures: Figures): string {
  if (kind === 'trend') {
    const months = figures.trend.map((m) => `${monthLabel(m.month)}: ${m.opened} opened, ${m.closed} closed`).join('; ');
    return `Line chart of cases opened and closed in each of the last 12 months. ${months}.`;
  }
  if (figures.incidentsByCategory.length === 0) return 'Bar chart of incidents by category: no incidents in this period.';
  const rows = figures.incidentsByCategory.map((row) => `${categoryLabel(row.category)} ${plural(row.count, 'incident')}`).join('; ');
  return `Bar chart of incidents by category in this period, largest first: ${rows}.`;
}

export async function renderChart(kind: ChartKind, figures: Figures): Promise<Chart> {
  const spec = kind === 'trend' ? trendSpec(figures) : categorySpec(figures);
  const { vega, compile, Resvg } = await renderer();
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    const fonts = chartFonts();
    const rendered = new Resvg(svg, { font: { fontFiles: fonts, loadSystemFonts: fonts.length === 0, defaultFontFamily: 'DejaVu Sans' } }).render();
    return { png: rendered.asPng(), altText: altText(kind, figures), width: rendered.width, height: rendered.height };
  } finally {
    view.finalize();
  }
}
