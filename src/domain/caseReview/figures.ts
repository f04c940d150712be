/**
 * The Case Review figures each partnership must publish at least yearly (ASB, Crime and Policing Act 2014 s.104(10);
 * gov.uk ASB Case Review guidance): applications, thresholds met and not met, reviews held, recommendations made,
 * appeals, and the time to a decision. Counted for applications made in the calendar year.
 */
import type { WorkingCalendar } from '../calendar/workingCalendar.js';
import type { CaseReviewApplication } from './application.js';

export interface CaseReviewFigures {
  year: number;
  applications: number;
  thresholdMet: number;
  thresholdNotMet: number;
  awaitingDecision: number;
  reviewsHeld: number;
  recommendationsMade: number;
  appeals: number;
  appealsUpheld: number;
  /** Working days from application to decision, over the decided applications; null when none. */
  averageWorkingDaysToDecision: number | null;
  decidedWithinTimescale: number;
}

export function caseReviewFigures(applications: readonly CaseReviewApplication[], year: number, calendar: WorkingCalendar): CaseReviewFigures {
  const inYear = applications.filter((a) => a.appliedOn.startsWith(`${year}-`));
  const decided = inYear.filter((a) => a.decision);
  const days = decided.map((a) => calendar.workingDaysBetween(a.appliedOn, a.decision!.decidedOn));
  return {
    year,
    applications: inYear.length,
    thresholdMet: decided.filter((a) => a.decision!.met).length,
    thresholdNotMet: decided.filter((a) => !a.decision!.met).length,
    awaitingDecision: inYear.length - decided.length,
    reviewsHeld: inYear.filter((a) => a.reviewMeetingOn).length,
    recommendationsMade: inYear.reduce((n, a) => n + a.recommendations.length, 0),
    appeals: inYear.filter((a) => a.appeal).length,
    appealsUpheld: inYear.filter((a) => a.appeal?.upheld).length,
    averageWorkingDaysToDecision: days.length ? Math.round((days.reduce((n, d) => n + d, 0) / days.length) * 10) / 10 : null,
    decidedWithinTimescale: decided.filter((a) => !a.due.decide || a.decision!.decidedOn <= a.due.decide).length,
  };
}

/** The figures as rows for a CSV or a card: label, value. */
export function figureRows(figures: CaseReviewFigures): Array<[string, string]> {
  return [
    ['Applications', String(figures.applications)],
    ['Threshold met', String(figures.thresholdMet)],
    ['Threshold not met', String(figures.thresholdNotMet)],
    ['Awaiting a decision', String(figures.awaitingDecision)],
    ['Reviews held', String(figures.reviewsHeld)],
    ['Recommendations made', String(figures.recommendationsMade)],
    ['Appeals', String(figures.appeals)],
    ['Appeals upheld', String(figures.appealsUpheld)],
    ['Average working days to decision', figures.averageWorkingDaysToDecision === null ? 'none decided' : String(figures.averageWorkingDaysToDecision)],
    ['Decided within the timescale', String(figures.decidedWithinTimescale)],
  ];
}
