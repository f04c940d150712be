/**
 * The figures ASB teams report monthly to their Community Safety Partnership (issue 16), computed from the rows
 * the repositories read for one scope (a team, or an officer's own caseload) and one period. Pure: every count
 * here can be checked against the seeded data by hand.
 *
 * First visits on time: DOMAIN.md — a high-risk victim is visited within 3 working days of the first risk
 * assessment, others within 10 (GB bank holidays excluded); the deadline is the one that assessment set, the
 * visit is the first recorded visit at which the victim was seen.
 */
import { londonDate, type LocalDate } from '../calendar/localDate.js';
import type { WorkingCalendar } from '../calendar/workingCalendar.js';
import type { AsbCategory } from '../cases/categories.js';
import type { ClosureReason } from '../cases/closure.js';
import { firstVisitDeadline } from '../deadlines/deadlineDates.js';
import type { Intervention } from '../interventions/intervention.js';
import { interventionTypeIds, type InterventionTypeId } from '../interventions/interventionTypes.js';
import { preventionRates, type PreventionRates, type PreventionTargets } from '../interventions/preventionRates.js';
import { riskLevels, type RiskLevel } from '../riskLevel.js';
import { lastTwelveMonths, type Period } from './period.js';

/** A victim's first risk assessment, with the first visit at which they were seen (if any). */
export interface FirstVisitRow {
  caseId: string;
  victimId: string;
  assessedAt: Date;
  level: RiskLevel;
  visitedOn?: LocalDate;
}

export interface FiguresInput {
  period: Period;
  today: LocalDate;
  /** When each case in scope was opened and closed, for the cases opened or closed in the trend months or period. */
  cases: Array<{ createdAt: Date; closedAt?: Date; closureReason?: ClosureReason }>;
  /** Open cases by their current risk level ('none' when not assessed yet). */
  openByRisk: Partial<Record<RiskLevel | 'none', number>>;
  /** The categories of each incident that happened in the period. */
  incidents: Array<{ categories: readonly AsbCategory[] }>;
  /** Victims whose first risk assessment was in the period. */
  firstVisits: FirstVisitRow[];
  overdueDeadlines: number;
  /** Interventions served in the period. */
  served: Array<Pick<Intervention, 'type' | 'personUnder18'>>;
  /** Interventions whose monitoring ended in the period: the prevention rate. */
  monitoringEnded: Intervention[];
}

export interface Timeliness {
  /** Visits due (deadline passed, or visited). */
  due: number;
  onTime: number;
  late: number;
  /** Not visited yet and the deadline still ahead: not counted either way. */
  notYetDue: number;
  /** onTime / due to one decimal; null when nothing was due. */
  percent: number | null;
}

export interface Figures {
  period: Period;
  newCases: number;
  openByRisk: Record<RiskLevel | 'none', number>;
  incidentsByCategory: Array<{ category: AsbCategory; count: number }>;
  incidentCount: number;
  firstVisits: { high: Timeliness; others: Timeliness };
  overdueDeadlines: number;
  served: Array<{ type: InterventionTypeId; under18: number; adults: number }>;
  prevention: PreventionRates;
  closuresByReason: Array<{ reason: ClosureReason; count: number }>;
  /** New and closed cases in each of the 12 months up to the period's end, oldest first. */
  trend: Array<{ month: LocalDate; opened: number; closed: number }>;
  /** Case Review applications and threshold met: filled in once the Case Review issue lands. */
  caseReview?: { applications: number; thresholdMet: number };
}

const inPeriod = (d: LocalDate, period: Period) => d >= period.from && d <= period.to;
const percentOf = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);

export function firstVisitTimeliness(rows: readonly FirstVisitRow[], today: LocalDate, calendar: WorkingCalendar): Timeliness {
  let onTime = 0;
  let late = 0;
  let notYetDue = 0;
  for (const row of rows) {
    const deadline = firstVisitDeadline(row.level, row.assessedAt, calendar);
    if (row.visitedOn !== undefined) row.visitedOn <= deadline ? onTime++ : late++;
    else if (deadline < today) late++;
    else notYetDue++;
  }
  return { due: onTime + late, onTime, late, notYetDue, percent: percentOf(onTime, onTime + late) };
}

function countBy<K extends string>(keys: Iterable<K>): Map<K, number> {
  const counts = new Map<K, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

const largestFirst = <K extends string>(counts: Map<K, number>) => [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));

export function computeFigures(input: FiguresInput, calendar: WorkingCalendar, targets?: PreventionTargets): Figures {
  const { period } = input;
  const opened = input.cases.map((c) => londonDate(c.createdAt));
  const closed = input.cases.filter((c) => c.closedAt).map((c) => ({ on: londonDate(c.closedAt!), reason: c.closureReason }));
  const months = lastTwelveMonths(period.to);
  const monthOf = (d: LocalDate) => d.slice(0, 7);
  const openedByMonth = countBy(opened.map(monthOf));
  const closedByMonth = countBy(closed.map((c) => monthOf(c.on)));
  const served = new Map<InterventionTypeId, { under18: number; adults: number }>();
  for (const i of input.served) {
    const row = served.get(i.type) ?? { under18: 0, adults: 0 };
    i.personUnder18 ? row.under18++ : row.adults++;
    served.set(i.type, row);
  }
  const openByRisk = Object.fromEntries([...riskLevels, 'none'].map((level) => [level, input.openByRisk[level as RiskLevel] ?? 0])) as Figures['openByRisk'];
  return {
    period,
    newCases: opened.filter((d) => inPeriod(d, period)).length,
    openByRisk,
    incidentsByCategory: largestFirst(countBy(input.incidents.flatMap((i) => i.categories))).map(([category, count]) => ({ category, count })),
    incidentCount: input.incidents.length,
    firstVisits: {
      high: firstVisitTimeliness(input.firstVisits.filter((r) => r.level === 'high'), input.today, calendar),
      others: firstVisitTimeliness(input.firstVisits.filter((r) => r.level !== 'high'), input.today, calendar),
    },
    overdueDeadlines: input.overdueDeadlines,
    served: interventionTypeIds.filter((type) => served.has(type)).map((type) => ({ type, ...served.get(type)! })),
    prevention: preventionRates(input.monitoringEnded, { today: input.today, ...(targets ? { targets } : {}) }),
    closuresByReason: largestFirst(countBy(closed.filter((c) => inPeriod(c.on, period) && c.reason).map((c) => c.reason!))).map(([reason, count]) => ({ reason, count })),
    trend: months.map((month) => ({ month, opened: openedByMonth.get(monthOf(month)) ?? 0, closed: closedByMonth.get(monthOf(month)) ?? 0 })),
  };
}

/** The first day of the trend: what the case rows must reach back to. */
export const trendStart = (period: Period): LocalDate => lastTwelveMonths(period.to)[0]!;
export const earliestNeeded = (period: Period): LocalDate => (trendStart(period) < period.from ? trendStart(period) : period.from);
