import type { RiskLevel } from '../riskLevel.js';
import type { UpdateFrequency } from '../updateFrequency.js';
import { londonDate, type LocalDate } from '../calendar/localDate.js';
import type { WorkingCalendar } from '../calendar/workingCalendar.js';
import { defaultDeadlineRules, type DeadlineRules } from './deadlineRules.js';
import { firstVisitDeadline, nextCaseReview, nextVictimUpdate } from './deadlineDates.js';
import type { Deadline } from './deadline.js';

/** The parts of a risk assessment that set deadlines (structurally matches RiskAssessment). */
export interface AssessedRisk {
  caseId: string;
  victimId: string;
  assessedAt: Date;
  finalLevel: RiskLevel;
}

/**
 * The deadlines a (re)assessment sets: the first visit (only when the victim has not been visited yet) and the next
 * case review, counted from the assessment. A change of level replaces both, so reminders must move with them.
 */
export function riskAssessmentDeadlines(
  assessment: AssessedRisk,
  calendar: WorkingCalendar,
  options: { victimAlreadyVisited?: boolean; rules?: DeadlineRules } = {},
): Deadline[] {
  const rules = options.rules ?? defaultDeadlineRules;
  const level = assessment.finalLevel;
  const deadlines: Deadline[] = [];
  if (!options.victimAlreadyVisited) {
    const days = rules.firstVisitWithinWorkingDays[level];
    deadlines.push({
      kind: 'first-visit',
      dueDate: firstVisitDeadline(level, assessment.assessedAt, calendar, rules),
      caseId: assessment.caseId,
      subjectId: assessment.victimId,
      label: `Visit the ${level}-risk victim (within ${days} working days)`,
    });
  }
  deadlines.push({
    kind: 'case-review',
    dueDate: nextCaseReview(level, assessment.assessedAt, rules, calendar),
    caseId: assessment.caseId,
    label: `Review the ${level}-risk case (every ${rules.caseReviewEveryDays[level]} days)`,
  });
  return deadlines;
}

/** The next agreed update to a victim, counted from the last update (or the agreement). */
export function victimUpdateDeadline(
  caseId: string,
  victimId: string,
  frequency: UpdateFrequency,
  lastUpdate: Date | LocalDate,
  calendar: WorkingCalendar,
  rules: DeadlineRules = defaultDeadlineRules,
): Deadline {
  const from = lastUpdate instanceof Date ? londonDate(lastUpdate) : lastUpdate;
  return {
    kind: 'victim-update',
    dueDate: nextVictimUpdate(frequency, from, rules, calendar),
    caseId,
    subjectId: victimId,
    label: `Update the victim (${frequency})`,
  };
}
