/**
 * The figures and their underlying rows as CSV (csv-stringify) and Excel (exceljs). No names, addresses or free
 * text go in. Any text cell starting with = + - @ (or a tab or carriage return) is prefixed with an apostrophe so
 * a spreadsheet shows it as text instead of running it as a formula (OWASP "CSV injection").
 */
import { stringify } from 'csv-stringify/sync';
import { categoryLabel } from '../domain/cases/categories.js';
import { closureReasons } from '../domain/cases/closure.js';
import type { Figures, Timeliness } from '../domain/figures/figures.js';
import { periodLabel } from '../domain/figures/period.js';
import { defaultInterventionTypes } from '../domain/interventions/interventionTypes.js';
import { loadOnFirstUse } from './loadOnFirstUse.js';

const excel = loadOnFirstUse(async () => (await import('exceljs')).default);
import type { PreventionFigures } from '../domain/interventions/preventionRates.js';
import type { Nm01, PreventionQuarter } from '../domain/figures/returns.js';

export type Cell = string | number;
export interface Sheet {
  name: string;
  header: string[];
  rows: Cell[][];
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell as a spreadsheet must take it: numbers as numbers, text never as a formula. */
export function safeCell(value: Cell | null | undefined): Cell {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return value;
  return FORMULA_START.test(value) ? `'${value}` : value;
}

const reasonLabel = (id: string) => closureReasons.find((r) => r.id === id)?.label ?? id;
const percent = (value: number | null) => (value === null ? '' : value);

function timelinessRows(group: string, t: Timeliness): Cell[][] {
  return [
    ['First visits', group, 'On time', t.onTime],
    ['First visits', group, 'Late', t.late],
    ['First visits', group, 'Not yet due', t.notYetDue],
    ['First visits', group, 'Percent on time', percent(t.percent)],
  ];
}

function preventionRows(group: string, p: PreventionFigures): Cell[][] {
  return [
    ['Prevention rate', group, 'Outcome recorded', p.outcomeRecorded],
    ['Prevention rate', group, 'Not come to notice again', p.notComeToNoticeAgain],
    ['Prevention rate', group, 'Percent', percent(p.ratePercent)],
    ['Prevention rate', group, 'Target percent', p.targetPercent],
    ['Prevention rate', group, 'Awaiting outcome', p.awaitingOutcome],
  ];
}

/** The figures as one long table: section, item, measure, value. */
export function figuresSheet(figures: Figures, areaLabel: string): Sheet {
  const rows: Cell[][] = [
    ['Period', periodLabel(figures.period), `${figures.period.from} to ${figures.period.to}`, ''],
    ['Area', areaLabel, '', ''],
    ['Cases', 'New cases', 'Count', figures.newCases],
    ...Object.entries(figures.openByRisk).map(([level, count]): Cell[] => ['Open cases', level === 'none' ? 'Not assessed' : level, 'Count', count]),
    ['Incidents', 'All', 'Count', figures.incidentCount],
    ...figures.incidentsByCategory.map((row): Cell[] => ['Incidents', categoryLabel(row.category), 'Count', row.count]),
    ...timelinessRows('High risk (3 working days)', figures.firstVisits.high),
    ...timelinessRows('Other risk (10 working days)', figures.firstVisits.others),
    ['Deadlines', 'Overdue', 'Count', figures.overdueDeadlines],
    ...figures.served.flatMap((row): Cell[][] => [
      ['Interventions served', defaultInterventionTypes[row.type].label, 'Under 18', row.under18],
      ['Interventions served', defaultInterventionTypes[row.type].label, 'Adults', row.adults],
    ]),
    ...preventionRows('Under 18', figures.prevention.under18),
    ...preventionRows('Adults', figures.prevention.adults),
    ...figures.closuresByReason.map((row): Cell[] => ['Closures', reasonLabel(row.reason), 'Count', row.count]),
    ...figures.trend.flatMap((m): Cell[][] => [
      ['Trend', m.month.slice(0, 7), 'Opened', m.opened],
      ['Trend', m.month.slice(0, 7), 'Closed', m.closed],
    ]),
  ];
  return { name: 'Figures', header: ['Section', 'Item', 'Measure', 'Value'], rows };
}

/** NM01 as the regulator's two lines. */
export function nm01Sheet(r: Nm01): Sheet {
  return {
    name: 'NM01',
    header: ['Measure', 'Period from', 'Period to', 'Homes', 'Cases', 'Per 1,000 homes'],
    rows: [
      ['NM01(1) ASB cases opened', r.period.from, r.period.to, r.homes, r.asbCases, r.asbPer1000],
      ['NM01(2) ASB cases involving hate incidents opened', r.period.from, r.period.to, r.homes, r.hateCases, r.hatePer1000],
    ],
  };
}

/** The prevention rate per quarter: one line per quarter and age group. */
export function preventionSheet(quarters: readonly PreventionQuarter[]): Sheet {
  const line = (label: string, group: string, p: PreventionFigures): Cell[] => [label, group, p.outcomeRecorded, p.notComeToNoticeAgain, percent(p.ratePercent), p.targetPercent, p.meetsTarget === null ? '' : p.meetsTarget ? 'Yes' : 'No', p.awaitingOutcome];
  return {
    name: 'Prevention rate',
    header: ['Quarter', 'Group', 'Outcome recorded', 'Not come to notice again', 'Percent', 'Target percent', 'Target met', 'Awaiting outcome'],
    rows: quarters.flatMap((q) => [line(q.label, 'Under 18', q.rates.under18), line(q.label, 'Adults', q.rates.adults)]),
  };
}

export function toCsv(sheet: Sheet): Buffer {
  return Buffer.from(stringify([sheet.header, ...sheet.rows.map((row) => row.map(safeCell))]), 'utf8');
}

export async function toXlsx(sheets: readonly Sheet[]): Promise<Buffer> {
  const ExcelJS = await excel();
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'ASB Case Assistant';
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheet.name);
    worksheet.addRow(sheet.header).font = { bold: true };
    for (const row of sheet.rows) worksheet.addRow(row.map(safeCell));
    worksheet.columns.forEach((column) => (column.width = 22));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
