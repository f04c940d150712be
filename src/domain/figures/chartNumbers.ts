/**
 * The numbers a chart draws, written into its signed link: the image then shows exactly the figures of the card
 * it belongs to (a case logged since does not change it), and serving it needs no figures query. Counts only: the
 * trend's opened/closed pairs (its months follow from the period) and category ids with their counts, never names
 * or free text. Only URL-safe characters are used: `.` inside an item, `_` between items.
 */
import { z } from 'zod';
import { asbCategoryIds } from '../cases/categories.js';
import { trendMonths, type Figures } from './figures.js';
import type { Period } from './period.js';

/** The figures card's two charts: cases opened and closed over 12 months, and incidents by category. */
export const chartKinds = ['trend', 'categories'] as const;
export type ChartKind = (typeof chartKinds)[number];
export type ChartNumbers = Pick<Figures, 'trend' | 'incidentsByCategory'>;

const EMPTY = 'none';
const count = z.string().regex(/^\d{1,9}$/).transform(Number);
const trendItem = z.string().transform((item) => item.split('.')).pipe(z.tuple([count, count]));
const categoryItem = z.string().transform((item) => item.split('.')).pipe(z.tuple([z.enum(asbCategoryIds), count]));

export function encodeChartNumbers(kind: ChartKind, numbers: ChartNumbers): string {
  const items = kind === 'trend' ? numbers.trend.map((m) => `${m.opened}.${m.closed}`) : numbers.incidentsByCategory.map((r) => `${r.category}.${r.count}`);
  return items.length ? items.join('_') : EMPTY;
}

/** The numbers of a chart of this kind for this period, or undefined when the text is not what encodeChartNumbers writes. */
export function decodeChartNumbers(kind: ChartKind, text: string, period: Period): ChartNumbers | undefined {
  const items = text === EMPTY ? [] : text.split('_');
  if (kind === 'trend') {
    const months = trendMonths(period);
    const pairs = z.array(trendItem).length(months.length).safeParse(items);
    return pairs.success ? { trend: months.map(({ month }, i) => ({ month, opened: pairs.data[i]![0], closed: pairs.data[i]![1] })), incidentsByCategory: [] } : undefined;
  }
  const rows = z.array(categoryItem).max(asbCategoryIds.length).safeParse(items);
  return rows.success ? { trend: [], incidentsByCategory: rows.data.map(([category, n]) => ({ category, count: n })) } : undefined;
}
