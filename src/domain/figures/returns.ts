/**
 * The returns ASB teams make each year, each one table that goes out as a CSV.
 * - NM01 (Regulator of Social Housing, Tenant Satisfaction Measures, TSM technical requirements 2023): the number
 *   of ASB cases opened in the year per 1,000 homes, NM01(1), and of those the cases that involve hate incidents,
 *   NM01(2). Homes is the landlord's count of homes owned (a team setting).
 * - Cornwall-style prevention rate per quarter: of the warnings whose monitoring ended in the quarter, the share
 *   whose person did not come to notice again, under 18 against 80% and adults against 70%.
 * - Case Review annual figures (applications, threshold met, reviews held): a seam, filled in once the Case Review
 *   issue lands (`caseReviewReturn` below has no source of records yet).
 */
import { z } from 'zod';
import { addDays, addMonths, type LocalDate } from '../calendar/localDate.js';
import type { PreventionRates } from '../interventions/preventionRates.js';
import { financialYearStart, type Period } from './period.js';

export const homesSchema = z.coerce.number().int().min(1, 'Enter the number of homes, e.g. 12500').max(10_000_000, 'That is more homes than any landlord has');

export interface Nm01 {
  period: Period;
  homes: number;
  asbCases: number;
  hateCases: number;
  /** Per 1,000 homes, to two decimals as the regulator asks. */
  asbPer1000: number;
  hatePer1000: number;
}

const per1000 = (count: number, homes: number) => Math.round((count / homes) * 1000 * 100) / 100;

export function nm01(period: Period, homes: number, counts: { asb: number; hate: number }): Nm01 {
  return { period, homes, asbCases: counts.asb, hateCases: counts.hate, asbPer1000: per1000(counts.asb, homes), hatePer1000: per1000(counts.hate, homes) };
}

/** The financial year a return covers: the last whole one, unless `year` (its first calendar year) is given. */
export function returnYear(today: LocalDate, year?: number): Period {
  const from = year ? (`${year}-04-01` as LocalDate) : addMonths(financialYearStart(today), -12);
  return { from, to: addDays(addMonths(from, 12), -1) };
}

/** The four financial quarters of a year. */
export function quartersOf(year: Period): Array<{ label: string; period: Period }> {
  return [0, 3, 6, 9].map((offset, i) => {
    const from = addMonths(year.from, offset);
    return { label: `Q${i + 1} ${year.from.slice(0, 4)}/${String(Number(year.from.slice(0, 4)) + 1).slice(2)}`, period: { from, to: addDays(addMonths(from, 3), -1) } };
  });
}

export interface PreventionQuarter {
  label: string;
  period: Period;
  rates: PreventionRates;
}
