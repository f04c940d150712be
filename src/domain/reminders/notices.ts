/**
 * When a reminder speaks up. For a due date: the working day before and the due day, both at 08:30 London time
 * (configurable), then once more the working morning after, when it is overdue (that is also when the manager
 * hears of it). Snoozing replaces every notice before the snooze day with one on that morning.
 */
import { londonInstant, type LocalDate } from '../calendar/localDate.js';
import type { WorkingCalendar } from '../calendar/workingCalendar.js';
import { reminderTimesFor } from '../deadlines/deadlineDates.js';
import { defaultDeadlineRules, type DeadlineRules } from '../deadlines/deadlineRules.js';

export type NoticeStage = 'before' | 'due' | 'overdue' | 'snoozed';

export interface Notice {
  /** Unique for the reminder's due date and stage, e.g. 'due:2026-12-30'; used to never queue one twice. */
  id: string;
  stage: NoticeStage;
  at: Date;
}

export interface NoticeState {
  dueDate: LocalDate;
  snoozedUntil?: LocalDate;
  /** Ids of the notices already queued. */
  noticesQueued: readonly string[];
}

export function noticesFor(state: Pick<NoticeState, 'dueDate' | 'snoozedUntil'>, calendar: WorkingCalendar, rules: DeadlineRules = defaultDeadlineRules): Notice[] {
  const { dueDate, snoozedUntil } = state;
  const [first, second] = reminderTimesFor(dueDate, calendar, rules);
  const planned: Notice[] = [
    ...(second ? [{ id: `before:${dueDate}`, stage: 'before' as const, at: first! }, { id: `due:${dueDate}`, stage: 'due' as const, at: second }] : [{ id: `due:${dueDate}`, stage: 'due' as const, at: first! }]),
    { id: `overdue:${dueDate}`, stage: 'overdue', at: londonInstant(calendar.nextWorkingDay(dueDate), rules.reminders.at) },
  ];
  if (!snoozedUntil) return planned;
  const snoozedAt = londonInstant(snoozedUntil, rules.reminders.at);
  return [{ id: `snoozed:${snoozedUntil}`, stage: 'snoozed', at: snoozedAt }, ...planned.filter((n) => n.at > snoozedAt)];
}

/** The earliest notice not yet queued; undefined when every notice has gone. */
export function nextNotice(state: NoticeState, calendar: WorkingCalendar, rules?: DeadlineRules): Notice | undefined {
  return noticesFor(state, calendar, rules)
    .filter((n) => !state.noticesQueued.includes(n.id))
    .sort((a, b) => a.at.getTime() - b.at.getTime())[0];
}

/**
 * The notices whose time has come. Only the latest is worth sending (a reminder created on its due day does not
 * also send "due tomorrow"); all of them count as queued.
 */
export function noticesDue(state: NoticeState, now: Date, calendar: WorkingCalendar, rules?: DeadlineRules): { send?: Notice; passed: Notice[] } {
  const passed = noticesFor(state, calendar, rules)
    .filter((n) => !state.noticesQueued.includes(n.id) && n.at <= now)
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  return { send: passed[passed.length - 1], passed };
}
