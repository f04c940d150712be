/**
 * Chart PNGs: each chart kind is compiled once per process and rendered many times, so every render must come
 * out as if it were the first: the size follows the data, different figures give different pictures, and
 * renders running at once give the same bytes as one at a time.
 */
import { describe, expect, it } from '@jest/globals';
import { createWorkingCalendar } from '../../src/domain/calendar/createWorkingCalendar.js';
import { asbCategoryIds } from '../../src/domain/cases/categories.js';
import { computeFigures, trendMonths, type Figures } from '../../src/domain/figures/figures.js';
import { chartKinds, renderChart } from '../../src/documents/charts.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** August 2026's figures with `categories` incident categories and `opened` cases opened each month. */
function figuresWith(categories: number, opened: number): Figures {
  const period = { from: '2026-08-01', to: '2026-08-31' };
  return computeFigures(
    {
      period, today: '2026-09-15', newCases: opened,
      trend: trendMonths(period).map(({ month }, i) => ({ month, opened, closed: i % 3 })),
      closuresByReason: {}, openByRisk: {},
      incidentCount: (categories * (categories + 1)) / 2,
      incidentsByCategory: Object.fromEntries(asbCategoryIds.slice(0, categories).map((category, i) => [category, categories - i])),
      firstVisits: [], overdueDeadlines: 0, served: [], monitoringEnded: [],
    },
    createWorkingCalendar('england-and-wales'),
  );
}

const header = (png: Buffer) => ({ signature: png.subarray(0, 8), chunk: png.subarray(12, 16).toString('ascii'), width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

describe('chart PNGs', () => {
  it('decode with the size they report, and the bar chart grows by a bar for each category', async () => {
    for (const kind of chartKinds) {
      const chart = await renderChart(kind, figuresWith(4, 3));
      expect(header(chart.png)).toEqual({ signature: PNG_SIGNATURE, chunk: 'IHDR', width: chart.width, height: chart.height });
      expect(chart.width).toBeGreaterThan(400);
      expect(chart.height).toBeGreaterThan(100);
    }
    const four = await renderChart('categories', figuresWith(4, 3));
    const eight = await renderChart('categories', figuresWith(8, 3));
    expect(eight.height - four.height).toBe(4 * 22);
  });

  it('show each render its own figures, the same whether rendered one at a time or at once', async () => {
    const inputs = [figuresWith(3, 1), figuresWith(6, 9), figuresWith(2, 4)];
    for (const kind of chartKinds) {
      const oneByOne: Buffer[] = [];
      for (const figures of inputs) oneByOne.push((await renderChart(kind, figures)).png);
      const atOnce = await Promise.all(inputs.map(async (figures) => (await renderChart(kind, figures)).png));
      expect(atOnce).toEqual(oneByOne);
      expect(new Set(oneByOne.map((png) => png.toString('base64'))).size).toBe(inputs.length);
    }
  });
});
