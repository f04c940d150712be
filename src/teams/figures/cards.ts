/**
 * The figures card: the period and area pickers, the counts, two charts (as signed, expiring image links: a chart
 * PNG is 10 to 30 KB, so as a data URI two of them would not fit Teams' 28 KB card budget) with alt text giving
 * their numbers, and the downloads. The card holds counts only, never a name, so it may be posted anywhere.
 */
import type { Area } from '../../domain/cases/areas.js';
import { categoryLabel } from '../../domain/cases/categories.js';
import { closureReasons } from '../../domain/cases/closure.js';
import type { Timeliness } from '../../domain/figures/figures.js';
import { periodChoices, periodLabel } from '../../domain/figures/period.js';
import { defaultInterventionTypes } from '../../domain/interventions/interventionTypes.js';
import type { PreventionFigures } from '../../domain/interventions/preventionRates.js';
import type { FiguresView } from '../../services/figures.js';
import type { Period } from '../../domain/figures/period.js';
import type { Sheet } from '../../documents/figuresExport.js';
import { actionSet, card, choiceInput, container, dateInput, execute, facts, formErrors, heading, note, options, subheading, type Element, type FormState } from '../cardKit.js';
import { FiguresVerbs } from './verbs.js';

export const figuresFields = { period: 'period', area: 'area', from: 'from', to: 'to' } as const;
const f = figuresFields;
export const ALL_AREAS = 'all';

const openUrl = (title: string, url: string): Element => ({ type: 'Action.OpenUrl', title, url });

function timelinessText(t: Timeliness, days: number): string {
  if (t.due === 0) return t.notYetDue > 0 ? `none due yet (${t.notYetDue} still within ${days} working days)` : 'none due';
  return `${t.percent}% (${t.onTime} of ${t.due} within ${days} working days)${t.notYetDue ? `; ${t.notYetDue} not yet due` : ''}`;
}

function preventionText(p: PreventionFigures): string {
  if (p.ratePercent === null) return `no outcomes yet (target ${p.targetPercent}%)`;
  return `${p.ratePercent}% (${p.notComeToNoticeAgain} of ${p.outcomeRecorded}) against ${p.targetPercent}%: ${p.meetsTarget ? 'target met' : 'below target'}`;
}

const reasonLabel = (id: string) => closureReasons.find((r) => r.id === id)?.label ?? id;

export function figuresPickers(form: FormState, areas: readonly Area[]): Element[] {
  return [
    ...formErrors(form),
    {
      type: 'ColumnSet',
      columns: [
        { type: 'Column', width: 'stretch', items: choiceInput(form, f.period, options(periodChoices), { label: 'Period' }) },
        { type: 'Column', width: 'stretch', items: choiceInput(form, f.area, [{ title: 'All areas', value: ALL_AREAS }, ...areas.map((a) => ({ title: a.name, value: a.id }))], { label: 'Area' }) },
      ],
    },
    {
      type: 'ColumnSet',
      columns: [
        { type: 'Column', width: 'stretch', items: dateInput(form, f.from, { label: 'From (custom dates)' }) },
        { type: 'Column', width: 'stretch', items: dateInput(form, f.to, { label: 'To (custom dates)' }) },
      ],
    },
  ];
}

export function figuresCard(view: FiguresView, form: FormState, areas: readonly Area[]): Element {
  const { figures } = view;
  const risk = figures.openByRisk;
  const body: Element[] = [
    heading(`Figures: ${periodLabel(figures.period)}`),
    note(`${view.areaLabel} · ${view.whose === 'team' ? "the team's cases" : 'your caseload'}`),
    ...figuresPickers(form, areas),
    facts([
      ['New cases', String(figures.newCases)],
      ['Open cases', `${risk.high} high, ${risk.medium} medium, ${risk.standard} standard, ${risk.none} not assessed`],
      ['Incidents', String(figures.incidentCount)],
      ['First visits, high risk', timelinessText(figures.firstVisits.high, 3)],
      ['First visits, others', timelinessText(figures.firstVisits.others, 10)],
      ['Overdue deadlines', String(figures.overdueDeadlines)],
      ['Prevention, under 18', preventionText(figures.prevention.under18)],
      ['Prevention, adults', preventionText(figures.prevention.adults)],
    ]),
    subheading('Incidents by category'),
    figures.incidentsByCategory.length ? facts(figures.incidentsByCategory.map((r) => [categoryLabel(r.category), String(r.count)])) : note('No incidents in this period.'),
    subheading('Warnings and interventions served'),
    figures.served.length
      ? facts(figures.served.map((r) => [defaultInterventionTypes[r.type].label, `${r.under18} under 18, ${r.adults} adults`]))
      : note('None served in this period.'),
    subheading('Closures'),
    figures.closuresByReason.length ? facts(figures.closuresByReason.map((r) => [reasonLabel(r.reason), String(r.count)])) : note('No cases closed in this period.'),
    container(
      [
        { type: 'Image', url: view.links.charts.trend, altText: view.altText.trend, size: 'Stretch' },
        // With no incidents the text says so, and an empty chart would add only a bare axis.
        ...(figures.incidentsByCategory.length ? [{ type: 'Image', url: view.links.charts.categories, altText: view.altText.categories, size: 'Stretch' }] : []),
      ],
      { spacing: 'Medium' },
    ),
    note('Downloads and chart images are signed links, valid for 7 days, that open for anyone who has them: they hold counts and case rows without names or free text. Every download is recorded.'),
    actionSet([openUrl('Download CSV', view.links.csv), openUrl('Cases (CSV)', view.links.rows), openUrl('Download Excel', view.links.xlsx)]),
  ];
  return card(body, [
    execute('Show figures', FiguresVerbs.show, {}, { style: 'positive' }),
    execute('NM01 return', FiguresVerbs.return, { kind: 'nm01' }, { associatedInputs: 'none' }),
    execute('Prevention by quarter', FiguresVerbs.return, { kind: 'prevention' }, { associatedInputs: 'none' }),
  ]);
}

/** A return as a card: each line of its table, and its CSV. */
export function returnCard(title: string, period: Period, sheet: Sheet, csvUrl: string): Element {
  const lines = sheet.rows.map((row) => facts(sheet.header.map((h, i): [string, string] => [h, String(row[i] ?? '')]).filter(([h]) => !h.startsWith('Period'))));
  return card(
    [heading(title), note(`${periodLabel(period)} · signed CSV link, valid for 7 days`), ...lines.map((l) => container([l], { separator: true }))],
    [openUrl('Download CSV', csvUrl), execute('Back to figures', FiguresVerbs.show, {}, { associatedInputs: 'none' })],
  );
}

/** The pickers alone: when the choice could not be read, or before anything is counted. */
export function figuresPickerCard(form: FormState, areas: readonly Area[], message?: string): Element {
  return card([heading('Figures'), ...(message ? [note(message)] : []), ...figuresPickers(form, areas)], [execute('Show figures', FiguresVerbs.show, {}, { style: 'positive' })]);
}
