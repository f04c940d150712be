/**
 * The periods figures are counted over, as London calendar days (both ends included). Quarters and years are
 * the financial ones councils and housing providers report in (April to March; NM01 is reported per year).
 */
import { z } from 'zod';
import { addDays, addMonths, localDateSchema, makeLocalDate, type LocalDate } from '../calendar/localDate.js';

export const periodChoices = [
  { id: 'this-month', label: 'This month' },
  { id: 'last-month', label: 'Last month' },
  { id: 'quarter', label: 'This quarter' },
  { id: 'year', label: 'This financial year' },
  { id: 'custom', label: 'Custom dates' },
] as const;
export type PeriodChoice = (typeof periodChoices)[number]['id'];
export const periodChoiceSchema = z.enum(periodChoices.map((p) => p.id) as [PeriodChoice, ...PeriodChoice[]]);

export const periodSchema = z.object({ from: localDateSchema, to: localDateSchema }).refine((p) => p.from <= p.to, 'The start must be on or before the end');
export type Period = z.infer<typeof periodSchema>;

/** The longest custom period: two financial years. */
export const MAX_PERIOD_DAYS = 731;

const monthStart = (d: LocalDate) => makeLocalDate(Number(d.slice(0, 4)), Number(d.slice(5, 7)), 1);
const monthEnd = (start: LocalDate) => addDays(addMonths(start, 1), -1);

/** The first day of the financial year (1 April) that `d` falls in. */
export function financialYearStart(d: LocalDate): LocalDate {
  const year = Number(d.slice(0, 4));
  return Number(d.slice(5, 7)) >= 4 ? makeLocalDate(year, 4, 1) : makeLocalDate(year - 1, 4, 1);
}

/** The financial quarter (Apr–Jun, Jul–Sep, Oct–Dec, Jan–Mar) that `d` falls in. */
export function quarterOf(d: LocalDate): Period {
  const month = Number(d.slice(5, 7));
  const from = makeLocalDate(Number(d.slice(0, 4)), month - ((month - 1) % 3), 1);
  return { from, to: addDays(addMonths(from, 3), -1) };
}

/** The period a choice means on `today`; this month, this quarter and this year run up to today. */
export function periodFor(choice: Exclude<PeriodChoice, 'custom'>, today: LocalDate): Period {
  switch (choice) {
    case 'this-month':
      return { from: monthStart(today), to: today };
    case 'last-month': {
      const from = addMonths(monthStart(today), -1);
      return { from, to: monthEnd(from) };
    }
    case 'quarter':
      return { from: quarterOf(today).from, to: today };
    case 'year':
      return { from: financialYearStart(today), to: today };
  }
}

/** The 12 calendar months ending with the month `to` is in, oldest first, as their first days. */
export function lastTwelveMonths(to: LocalDate): LocalDate[] {
  const last = monthStart(to);
  return Array.from({ length: 12 }, (_, i) => addMonths(last, i - 11));
}

const longMonth = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const shortMonth = new Intl.DateTimeFormat('en-GB', { month: 'short', timeZone: 'UTC' });
const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const utc = (d: LocalDate) => new Date(`${d}T00:00:00Z`);

export const monthLabel = (d: LocalDate) => longMonth.format(utc(d));
export const shortMonthLabel = (d: LocalDate) => shortMonth.format(utc(d));

/** "November 2026" for a whole month, otherwise "1 Oct 2026 to 23 Nov 2026". */
export function periodLabel(period: Period): string {
  const from = monthStart(period.from);
  if (period.from === from && period.to === monthEnd(from)) return monthLabel(from);
  return `${day.format(utc(period.from))} to ${day.format(utc(period.to))}`;
}
