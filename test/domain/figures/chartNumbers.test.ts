/** A chart link's numbers: what is written is read back exactly, and anything else is refused. Seeded property. */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { asbCategoryIds } from '../../../src/domain/cases/categories.js';
import { decodeChartNumbers, encodeChartNumbers } from '../../../src/domain/figures/chartNumbers.js';
import { trendMonths } from '../../../src/domain/figures/figures.js';

const period = { from: '2026-08-01', to: '2026-08-31' };
const months = trendMonths(period).map((m) => m.month);
const count = fc.nat({ max: 999_999_999 });

describe('chart numbers in a link', () => {
  it('read back exactly what was written, URL-safe', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(count, count), { minLength: 12, maxLength: 12 }), fc.uniqueArray(fc.tuple(fc.constantFrom(...asbCategoryIds), count), { selector: ([c]) => c }), (pairs, rows) => {
        const trend = months.map((month, i) => ({ month, opened: pairs[i]![0], closed: pairs[i]![1] }));
        const incidentsByCategory = rows.map(([category, n]) => ({ category, count: n }));
        for (const kind of ['trend', 'categories'] as const) {
          const text = encodeChartNumbers(kind, { trend, incidentsByCategory });
          expect(encodeURIComponent(text)).toBe(text);
          expect(decodeChartNumbers(kind, text, period)).toEqual(kind === 'trend' ? { trend, incidentsByCategory: [] } : { trend: [], incidentsByCategory });
        }
      }),
      { seed: 20261202, numRuns: 100 },
    );
  });

  it('refuse a wrong number of months, an unknown category, or anything but counts', () => {
    const twelve = Array(12).fill('1.2').join('_');
    expect(decodeChartNumbers('trend', twelve, period)?.trend).toHaveLength(12);
    for (const bad of [Array(11).fill('1.2').join('_'), `${twelve}_1.2`, twelve.replace('1.2', '-1.2'), twelve.replace('1.2', '1.2.3'), twelve.replace('1.2', '1e3.2'), 'none'])
      expect({ bad, decoded: decodeChartNumbers('trend', bad, period) }).toEqual({ bad, decoded: undefined });
    expect(decodeChartNumbers('categories', 'none', period)).toEqual({ trend: [], incidentsByCategory: [] });
    for (const bad of ['noise', 'noise.x', 'Alice Smith.3', 'noise.3_', 'burglary.2', ''])
      expect({ bad, decoded: decodeChartNumbers('categories', bad, period) }).toEqual({ bad, decoded: undefined });
  });
});
