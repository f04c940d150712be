/**
 * ASB Case Review ("community trigger"). A victim who has reported enough incidents within
 * a window (default 3 in 6 months) can ask for a review; from 2 reports in 6 months the officer
 * should explain the Case Review to them (September 2025 statutory guidance). Counted by the
 * date the incidents happened; the window is in calendar months on the London calendar.
 */
import { z } from 'zod';
import type { Case } from './case.js';
import { FUTURE_TOLERANCE_MS, type Incident } from './incident.js';
import { londonDateMonthsBefore, londonWallClockToInstant } from './londonTime.js';

export const caseReviewThresholdsSchema = z
  .object({
    /** Reports within the window at which the officer explains the Case Review to the victim. */
    explainAt: z.number().int().min(1).default(2),
    /** Reports within the window at which the victim can ask for a Case Review. */
    thresholdAt: z.number().int().min(1).default(3),
    windowMonths: z.number().int().min(1).max(24).default(6),
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

export function caseReviewStatus(
  incidentDates: readonly Date[],
  now: Date,
  thresholds: CaseReviewThresholds = defaultCaseReviewThresholds,
): CaseReviewStatus {
  const windowStart = caseReviewWindowStart(now, thresholds.windowMonths);
  const latest = now.getTime() + FUTURE_TOLERANCE_MS;
  const count = incidentDates.filter((date) => date.getTime() >= windowStart.getTime() && date.getTime() <= latest).length;
  const level: CaseReviewLevel = count >= thresholds.thresholdAt ? 'threshold' : count >= thresholds.explainAt ? 'explain' : 'none';
  return { level, count, windowStart };
}

/** The dates of incidents a given victim reported. */
export function incidentDatesReportedBy(incidents: readonly Incident[], victimId: string): Date[] {
  return incidents.filter((incident) => incident.reportedBy.personId === victimId).map((incident) => incident.occurredAt);
}

export interface VictimCaseReview extends CaseReviewStatus {
  victimId: string;
  victimName: string;
}

const levelRank: Record<CaseReviewLevel, number> = { none: 0, explain: 1, threshold: 2 };

/**
 * The Case Review position of each victim on a case, highest first. The case card shows the
 * first entry's flag. Incidents are counted per victim across the incidents given, which
 * may come from more than one case if storage passes them in.
 */
export function caseReviewForCase(
  current: Pick<Case, 'victims'>,
  incidents: readonly Incident[],
  now: Date,
  thresholds: CaseReviewThresholds = defaultCaseReviewThresholds,
): VictimCaseReview[] {
  return current.victims
    .map((victim) => ({
      victimId: victim.id,
      victimName: victim.name,
      ...caseReviewStatus(incidentDatesReportedBy(incidents, victim.id), now, thresholds),
    }))
    .sort((a, b) => levelRank[b.level] - levelRank[a.level] || b.count - a.count);
}
