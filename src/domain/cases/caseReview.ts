/**
 * ASB Case Review ("community trigger"). A person who has made enough qualifying complaints within a window
 * (default 3 in 6 months) can ask for a review; from 2 in 6 months the officer should explain the Case Review to
 * them (September 2025 statutory guidance). A complaint qualifies only if it was reported within one month of the
 * behaviour, and a third party's only with the victim's consent (gov.uk ASB Case Review guidance; West Mercia PCC).
 * Complaints are counted per person, across every case of the team where the same person is a victim. Local
 * rules may add: one hate incident in the window meets the threshold; so do N individuals complaining about the
 * same problem (case). The window is in calendar months on the London calendar, counted by when it was reported.
 */
import { z } from 'zod';
import { addMonths, londonDate } from '../calendar/localDate.js';
import type { Case } from './case.js';
import { FUTURE_TOLERANCE_MS, type Incident, type ReporterRole } from './incident.js';
import { londonDateMonthsBefore, londonWallClockToInstant } from './londonTime.js';

export const caseReviewThresholdsSchema = z
  .object({
    /** Reports within the window at which the officer explains the Case Review to the victim. */
    explainAt: z.number().int().min(1).default(2),
    /** Reports within the window at which the victim can ask for a Case Review. */
    thresholdAt: z.number().int().min(1).default(3),
    windowMonths: z.number().int().min(1).max(24).default(6),
    /** A complaint qualifies if reported within this many months of the behaviour. */
    reportedWithinMonths: z.number().int().min(1).max(12).default(1),
    /** Local rule: one qualifying hate incident or crime in the window meets the threshold. */
    hateIncidentMeetsThreshold: z.boolean().default(false),
    /** Local rule: this many individuals complaining about the same problem in the window meets the threshold. */
    individualsAboutOneProblem: z.number().int().min(2).optional(),
  })
  .refine((t) => t.explainAt <= t.thresholdAt, { message: 'explainAt must not be more than thresholdAt', path: ['explainAt'] });
export type CaseReviewThresholds = z.infer<typeof caseReviewThresholdsSchema>;

export const defaultCaseReviewThresholds: CaseReviewThresholds = caseReviewThresholdsSchema.parse({});

export type CaseReviewLevel = 'none' | 'explain' | 'threshold';
export interface CaseReviewStatus {
  level: CaseReviewLevel;
  /** Reports inside the window. */
  count: number;
  /** Start of the window: midnight (London) on the same date `windowMonths` ago; incidents on that date count. */
  windowStart: Date;
}

export function caseReviewWindowStart(now: Date, windowMonths: number): Date {
  const start = londonDateMonthsBefore(now, windowMonths);
  return londonWallClockToInstant(start.year, start.month, start.day);
}

/** The earliest a complaint counted now can have happened: the window's start less the time it may take to be reported. */
export function earliestCountedIncident(now: Date, thresholds: CaseReviewThresholds): Date {
  return caseReviewWindowStart(now, thresholds.windowMonths + thresholds.reportedWithinMonths);
}

/** Whether a time falls in the window: from its start up to now (allowing a little clock skew). */
function inWindowOf(windowStart: Date, now: Date): (at: Date) => boolean {
  const latest = now.getTime() + FUTURE_TOLERANCE_MS;
  return (at) => at.getTime() >= windowStart.getTime() && at.getTime() <= latest;
}

export function caseReviewStatus(
  incidentDates: readonly Date[],
  now: Date,
  thresholds: CaseReviewThresholds = defaultCaseReviewThresholds,
): CaseReviewStatus {
  const windowStart = caseReviewWindowStart(now, thresholds.windowMonths);
  const count = incidentDates.filter(inWindowOf(windowStart, now)).length;
  const level: CaseReviewLevel = count >= thresholds.thresholdAt ? 'threshold' : count >= thresholds.explainAt ? 'explain' : 'none';
  return { level, count, windowStart };
}

/** The dates of incidents a given victim reported. */
export function incidentDatesReportedBy(incidents: readonly Incident[], victimId: string): Date[] {
  return incidents.filter((incident) => incident.reportedBy.personId === victimId).map((incident) => incident.occurredAt);
}

/** What of an incident the Case Review reads. */
export type ComplaintSource = Pick<Incident, 'id' | 'caseId' | 'occurredAt' | 'reportedAt' | 'categories' | 'reportedBy'>;

/** One report as the Case Review counts it: whose complaint, about which problem (case), when, and by whom. */
export interface Complaint {
  incidentId: string;
  caseId: string;
  /** The person the complaint is about: the victim's identity across cases. */
  personKey: string;
  occurredAt: Date;
  reportedAt: Date;
  reporter: ReporterRole;
  victimConsented: boolean;
  hate: boolean;
}

/** The identity a victim is counted under: the confirmed person across cases, else the victim on this case. */
export const personKeyOf = (victim: { id: string; personKey?: string }) => victim.personKey ?? victim.id;

/**
 * The complaints among incidents, for the victims of their cases. An incident reported by someone not a victim
 * (a witness, an officer's own observation) is no one's complaint. With no report date, it was reported when it
 * happened.
 */
export function complaintsFrom(cases: ReadonlyArray<Pick<Case, 'id' | 'victims'>>, incidents: readonly ComplaintSource[]): Complaint[] {
  const keys = new Map<string, string>();
  for (const c of cases) for (const v of c.victims) keys.set(`${c.id}:${v.id}`, personKeyOf(v));
  return incidents.flatMap((incident): Complaint[] => {
    const personKey = incident.reportedBy.personId ? keys.get(`${incident.caseId}:${incident.reportedBy.personId}`) : undefined;
    if (!personKey) return [];
    return [{
      incidentId: incident.id,
      caseId: incident.caseId,
      personKey,
      occurredAt: incident.occurredAt,
      reportedAt: incident.reportedAt ?? incident.occurredAt,
      reporter: incident.reportedBy.role ?? 'victim',
      victimConsented: incident.reportedBy.victimConsented ?? false,
      hate: incident.categories.includes('hate-incident'),
    }];
  });
}

/** Why a complaint does not count, or nothing when it qualifies. */
export function nonQualifyingReason(complaint: Complaint, thresholds: CaseReviewThresholds = defaultCaseReviewThresholds): string | undefined {
  const latest = addMonths(londonDate(complaint.occurredAt), thresholds.reportedWithinMonths);
  if (londonDate(complaint.reportedAt) > latest) return `reported more than ${thresholds.reportedWithinMonths} month${thresholds.reportedWithinMonths > 1 ? 's' : ''} after the behaviour`;
  if (complaint.reporter === 'third-party' && !complaint.victimConsented) return "reported by a third party without the victim's consent";
  return undefined;
}

export type ThresholdRule = 'count' | 'hate-incident' | 'individuals';

export interface PersonCaseReview extends CaseReviewStatus {
  /** The qualifying complaints counted, oldest first. */
  counted: Complaint[];
  /** Which rule put the person at the threshold, when one did. */
  rule?: ThresholdRule;
}

/**
 * The Case Review position of one person from their complaints (from any of the team's cases) and, for the
 * "individuals" rule, everyone's complaints about the same problems.
 */
export function personCaseReview(
  personKey: string,
  complaints: readonly Complaint[],
  now: Date,
  thresholds: CaseReviewThresholds = defaultCaseReviewThresholds,
): PersonCaseReview {
  const windowStart = caseReviewWindowStart(now, thresholds.windowMonths);
  const inWindow = inWindowOf(windowStart, now);
  const qualifying = complaints.filter((c) => inWindow(c.reportedAt) && !nonQualifyingReason(c, thresholds));
  const counted = qualifying.filter((c) => c.personKey === personKey).sort((a, b) => a.reportedAt.getTime() - b.reportedAt.getTime());
  const count = counted.length;
  let rule: ThresholdRule | undefined;
  if (count >= thresholds.thresholdAt) rule = 'count';
  else if (thresholds.hateIncidentMeetsThreshold && counted.some((c) => c.hate)) rule = 'hate-incident';
  else if (thresholds.individualsAboutOneProblem) {
    const problems = new Set(counted.map((c) => c.caseId));
    for (const caseId of problems) {
      const people = new Set(qualifying.filter((c) => c.caseId === caseId).map((c) => c.personKey));
      if (people.size >= thresholds.individualsAboutOneProblem) rule = 'individuals';
    }
  }
  const level: CaseReviewLevel = rule ? 'threshold' : count >= thresholds.explainAt ? 'explain' : 'none';
  return { level, count, windowStart, counted, ...(rule ? { rule } : {}) };
}

export interface VictimCaseReview extends PersonCaseReview {
  victimId: string;
  victimName: string;
}

const levelRank: Record<CaseReviewLevel, number> = { none: 0, explain: 1, threshold: 2 };

/**
 * The Case Review position of each victim on a case, highest first. The case card shows the first entry's flag.
 * `otherComplaints` are those from the team's other cases naming the same people (and, for the "individuals"
 * rule, anyone about this problem).
 */
export function caseReviewForCase(
  current: Pick<Case, 'id' | 'victims'>,
  incidents: readonly ComplaintSource[],
  now: Date,
  thresholds: CaseReviewThresholds = defaultCaseReviewThresholds,
  otherComplaints: readonly Complaint[] = [],
): VictimCaseReview[] {
  const complaints = [...complaintsFrom([current], incidents.filter((i) => i.caseId === current.id)), ...otherComplaints];
  return current.victims
    .map((victim) => ({
      victimId: victim.id,
      victimName: victim.name,
      ...personCaseReview(personKeyOf(victim), complaints, now, thresholds),
    }))
    .sort((a, b) => levelRank[b.level] - levelRank[a.level] || b.count - a.count);
}
