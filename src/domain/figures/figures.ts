/**
 * The figures ASB teams report monthly to their Community Safety Partnership (issue 16), shaped from what the
 * repositories count for one scope (a team, or an officer's own caseload) and one period. Pure: every count
 * here can be checked against the seeded data by hand.
 *
 * First visits on time: DOMAIN.md — a high-risk victim is visited within 3 working days of the first risk
 * assessment, others within 10 (GB bank holidays excluded); the deadline is the one that assessment set, the
 * visit is the first recorded visit at which the victim was seen.
 */
import { addDays, type LocalDate } from '../calendar/localDate.js';
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

/** One month of the trend: its first day, and the days counted (the last month only up to the period's end). */
export interface TrendMonth {
  month: LocalDate;
  days: Period;
}

/**
 * What the repositories count for one scope and period (the database does the counting); only the rows that
 * need the working-day calendar or the prevention rules (first visits, monitoring ended) come as records.
 */
export interface FiguresInput {
  period: Period;
  today: LocalDate;
  /** Cases opened in the period. */
  newCases: number;
  /** Cases opened and closed in each month of trendMonths(period), in that order. */
  trend: Array<{ month: LocalDate; opened: number; closed: number }>;
  /** Cases closed in the period, by reason. */
  closuresByReason: Partial<Record<ClosureReason, number>>;
  /** Open cases by their current risk level ('none' when not assessed yet). */
  openByRisk: Partial<Record<RiskLevel | 'none', number>>;
  /** Incidents that happened in the period, and how many of them carry each category. */
  incidentCount: number;
  incidentsByCategory: Partial<Record<AsbCategory, number>>;
  /** Victims whose first risk assessment was in the period. */
  firstVisits: FirstVisitRow[];
  overdueDeadlines: number;
  /** Interventions served in the period, counted by type and by under-18/adult. */
  served: Array<{ type: InterventionTypeId; personUnder18: boolean; count: number }>;
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

/** Non-zero counts, largest first (ties by name). */
const largestFirst = <K extends string>(counts: Partial<Record<K, number>>): Array<[K, number]> =>
  (Object.entries(counts) as Array<[K, number]>).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));

export function computeFigures(input: FiguresInput, calendar: WorkingCalendar, targets?: PreventionTargets): Figures {
  const served = new Map<InterventionTypeId, { under18: number; adults: number }>();
  for (const row of input.served) {
    const counts = served.get(row.type) ?? { under18: 0, adults: 0 };
    row.personUnder18 ? (counts.under18 += row.count) : (counts.adults += row.count);
    served.set(row.type, counts);
  }
  const openByRisk = Object.fromEntries([...riskLevels, 'none'].map((level) => [level, input.openByRisk[level as RiskLevel] ?? 0])) as Figures['openByRisk'];
  return {
    period: input.period,
    newCases: input.newCases,
    openByRisk,
    incidentsByCategory: largestFirst(input.incidentsByCategory).map(([category, count]) => ({ category, count })),
    incidentCount: input.incidentCount,
    firstVisits: {
      high: firstVisitTimeliness(input.firstVisits.filter((r) => r.level === 'high'), input.today, calendar),
      others: firstVisitTimeliness(input.firstVisits.filter((r) => r.level !== 'high'), input.today, calendar),
    },
    overdueDeadlines: input.overdueDeadlines,
    served: interventionTypeIds.filter((type) => served.has(type)).map((type) => ({ type, ...served.get(type)! })),
    prevention: preventionRates(input.monitoringEnded, { today: input.today, ...(targets ? { targets } : {}) }),
    closuresByReason: largestFirst(input.closuresByReason).map(([reason, count]) => ({ reason, count })),
    trend: input.trend,
  };
}

/** The 12 calendar months up to the period's end, oldest first; the last is counted only up to the period's end. */
export function trendMonths(period: Period): TrendMonth[] {
  return lastTwelveMonths(period.to).map((month, i, months) => {
    const next = months[i + 1];
    return { month, days: { from: month, to: next ? addDays(next, -1) : period.to } };
  });
}
