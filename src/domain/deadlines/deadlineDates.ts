import type { RiskLevel } from '../riskLevel.js';
import type { UpdateFrequency } from '../updateFrequency.js';
import { addDays, addMonths, londonDate, londonInstant, type LocalDate } from '../calendar/localDate.js';
import type { WorkingCalendar } from '../calendar/workingCalendar.js';
import { defaultDeadlineRules, type DeadlineRules } from './deadlineRules.js';
import type { Deadline, DeadlineStatus } from './deadline.js';

function asLocalDate(when: Date | LocalDate): LocalDate {
  return when instanceof Date ? londonDate(when) : when;
}

/** The first visit is due within N working days of the assessment (counted from the next working day). */
export function firstVisitDeadline(
  level: RiskLevel,
  assessedAt: Date | LocalDate,
  calendar: WorkingCalendar,
  rules: DeadlineRules = defaultDeadlineRules,
): LocalDate {
  return calendar.addWorkingDays(asLocalDate(assessedAt), rules.firstVisitWithinWorkingDays[level]);
}

/**
 * The next case review, a fixed number of calendar days after `from` (the last review or assessment).
 * With a calendar, a date on a weekend or holiday is brought back to the working day before it, so it is never late.
 */
export function nextCaseReview(
  level: RiskLevel,
  from: Date | LocalDate,
  rules: DeadlineRules = defaultDeadlineRules,
  calendar?: WorkingCalendar,
): LocalDate {
  const due = addDays(asLocalDate(from), rules.caseReviewEveryDays[level]);
  return calendar ? onOrBeforeWorkingDay(due, calendar) : due;
}

/** The next victim update at the agreed frequency; monthly is a calendar month (31 Jan → 28/29 Feb). */
export function nextVictimUpdate(
  frequency: UpdateFrequency,
  from: Date | LocalDate,
  rules: DeadlineRules = defaultDeadlineRules,
  calendar?: WorkingCalendar,
): LocalDate {
  const interval = rules.victimUpdate[frequency];
  const start = asLocalDate(from);
  const due = 'everyDays' in interval ? addDays(start, interval.everyDays) : addMonths(start, interval.everyMonths);
  return calendar ? onOrBeforeWorkingDay(due, calendar) : due;
}

export function onOrBeforeWorkingDay(d: LocalDate, calendar: WorkingCalendar): LocalDate {
  return calendar.isWorkingDay(d) ? d : calendar.previousWorkingDay(d);
}

/** Reminder instants for a due date: the working day before at 08:30 London time, then 08:30 on the due day. */
export function reminderTimesFor(
  dueDate: LocalDate,
  calendar: WorkingCalendar,
  rules: DeadlineRules = defaultDeadlineRules,
): Date[] {
  const { workingDaysBefore, at } = rules.reminders;
  const onDueDay = londonInstant(dueDate, at);
  if (workingDaysBefore === 0) return [onDueDay];
  const early = calendar.addWorkingDays(dueDate, -workingDaysBefore);
  return [londonInstant(early, at), onDueDay];
}

/** Overdue once the due day has passed in London; something due today is not yet overdue. */
export function isOverdue(dueDate: LocalDate, now: Date): boolean {
  return dueDate < londonDate(now);
}

/** The first n deadlines by due date (overdue ones first, as they are earliest), each marked overdue or not. */
export function nextDeadlines(deadlines: readonly Deadline[], now: Date, n = 3): DeadlineStatus[] {
  return [...deadlines]
    .sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.label.localeCompare(b.label)))
    .slice(0, Math.max(0, n))
    .map((d) => ({ ...d, overdue: isOverdue(d.dueDate, now) }));
}
