/**
 * Reminder cards: the proactive reminder with Done / Snooze / Open case, the morning digests (officer and
 * manager) and `my deadlines`. Due dates are shown the way officers say them ("Wednesday 30 December 2026").
 */
import type { LocalDate } from '../../domain/calendar/localDate.js';
import type { Case } from '../../domain/cases/case.js';
import type { VictimCaseReview } from '../../domain/cases/caseReview.js';
import type { NoticeStage } from '../../domain/reminders/notices.js';
import type { ReminderRecord } from '../../db/reminders.js';
import { actionSet, card, container, dateInput, emptyForm, execute, facts, heading, note, subheading, text, warning, type Element, type FormState } from '../cardKit.js';
import { CaseVerbs } from '../cases/verbs.js';
import { longDate } from '../risk/dueDates.js';
import { ReminderVerbs, reminderFields as f } from './verbs.js';

/** The reminder fields a card needs (a stored reminder, or one rebuilt from a card's data). */
export type ReminderView = Pick<ReminderRecord, '_id' | 'kind' | 'label' | 'dueDate' | 'caseId' | 'caseReference' | 'doneAction' | 'status'>;

const stageHeadings: Record<NoticeStage, (due: LocalDate) => string> = {
  before: () => 'Due next working day',
  due: () => 'Due today',
  overdue: (due) => `Overdue since ${longDate(due)}`,
  snoozed: () => 'Reminder',
};

const SNOOZE_SECTION = 'snoozeToDate';

function openCase(reminder: ReminderView): Element[] {
  return reminder.caseId ? [execute('Open case', CaseVerbs.show, { caseId: reminder.caseId })] : [];
}

function doneButton(reminder: ReminderView): Element {
  return reminder.doneAction
    ? execute('Done', reminder.doneAction.verb, { ...reminder.doneAction.data, [f.key]: reminder._id }, { style: 'positive' })
    : execute('Done', ReminderVerbs.done, { [f.key]: reminder._id }, { style: 'positive' });
}

function reminderFacts(reminder: ReminderView): Element {
  return facts([
    ['Case', reminder.caseReference ?? ''],
    ['Due', longDate(reminder.dueDate)],
  ]);
}

/** The proactive reminder. `nextWorkingDay` is the default of "Snooze 1 working day". */
export function reminderCard(reminder: ReminderView, stage: NoticeStage, nextWorkingDay: LocalDate, form: FormState = emptyForm()): Element {
  return card(
    [
      stage === 'overdue' ? warning(stageHeadings[stage](reminder.dueDate)) : heading(stageHeadings[stage](reminder.dueDate)),
      text(reminder.label),
      reminderFacts(reminder),
      container([...dateInput(form, f.snoozeUntil, { label: 'Snooze until' }), actionSet([execute('Snooze to this date', ReminderVerbs.snooze, { [f.key]: reminder._id })])], {
        id: SNOOZE_SECTION,
        isVisible: Object.keys(form.errors).length > 0,
      }),
    ],
    [
      doneButton(reminder),
      execute('Snooze 1 working day', ReminderVerbs.snooze, { [f.key]: reminder._id, [f.snoozeUntil]: nextWorkingDay }),
      { type: 'Action.ToggleVisibility', title: 'Snooze to…', targetElements: [SNOOZE_SECTION] },
      ...openCase(reminder),
    ],
  );
}

/** What a reminder card becomes once answered. */
export function reminderAnsweredCard(reminder: ReminderView, message: string): Element {
  return card([text(message, { weight: 'Bolder' }), text(reminder.label), reminderFacts(reminder)], openCase(reminder));
}

function itemLines(items: readonly ReminderView[], today: LocalDate): Element[] {
  return items.map((item) =>
    container(
      [
        text(`${item.dueDate < today ? '**Overdue** · ' : ''}${longDate(item.dueDate)}${item.caseReference ? ` · ${item.caseReference}` : ''}`, {
          ...(item.dueDate < today ? { color: 'Attention' } : {}),
          size: 'Small',
        }),
        text(item.label),
      ],
      { separator: true, ...(item.caseId ? { selectAction: execute('Open case', CaseVerbs.show, { caseId: item.caseId }) } : {}) },
    ),
  );
}

export interface DeadlineGroups {
  overdue: ReminderView[];
  today: ReminderView[];
  thisWeek: ReminderView[];
}

/** `my deadlines`: overdue, today and the rest of this week. */
export function deadlinesCard(groups: DeadlineGroups, today: LocalDate): Element {
  const section = (title: string, items: ReminderView[], empty: string) => [subheading(`${title} (${items.length})`), ...(items.length ? itemLines(items, today) : [note(empty)])];
  return card([
    heading('My deadlines'),
    ...section('Overdue', groups.overdue, 'Nothing overdue.'),
    ...section('Today', groups.today, 'Nothing due today.'),
    ...section('This week', groups.thisWeek, 'Nothing else due this week.'),
  ]);
}

/** The officer's morning digest: what is due today and what is overdue. */
export function digestCard(items: readonly ReminderView[], today: LocalDate): Element {
  const overdue = items.filter((i) => i.dueDate < today);
  const dueToday = items.filter((i) => i.dueDate === today);
  return card(
    [
      heading(`Your day: ${longDate(today)}`),
      text(`${overdue.length} overdue, ${dueToday.length} due today.`),
      ...(overdue.length ? [subheading('Overdue'), ...itemLines(overdue, today)] : []),
      ...(dueToday.length ? [subheading('Due today'), ...itemLines(dueToday, today)] : []),
      ...(items.length === 0 ? [note('Nothing due today and nothing overdue.')] : []),
    ],
    [execute('My deadlines', ReminderVerbs.deadlines)],
  );
}

export interface ManagerDigest {
  /** Open items overdue since before today, with their officer's name. */
  escalated: Array<ReminderView & { officerName: string }>;
  /** Proactive messages that could not be delivered since the last digest. */
  undelivered: Array<{ recipientName: string; reason: string }>;
}

/** The manager's morning digest: overdue items escalated to them, and reminders that could not be delivered. */
export function managerDigestCard(digest: ManagerDigest, today: LocalDate): Element {
  return card([
    heading(`Team overdue items: ${longDate(today)}`),
    ...(digest.escalated.length
      ? [
          subheading(`Still overdue (${digest.escalated.length})`),
          ...digest.escalated.flatMap((item) => [note(`Officer: ${item.officerName}`), ...itemLines([item], today)]),
        ]
      : [note('Nothing overdue in the team.')]),
    ...(digest.undelivered.length
      ? [subheading(`Reminders not delivered (${digest.undelivered.length})`), ...digest.undelivered.map((u) => text(`${u.recipientName}: ${u.reason}`, { size: 'Small' }))]
      : []),
  ]);
}

/** To the managers: an officer can no longer be reached in Teams. */
export function unreachableOfficerCard(officerName: string): Element {
  return card([
    heading('A reminder could not be delivered'),
    text(`${officerName} can no longer be reached by the assistant in Teams (the app may have been removed, or the account closed). Their reminders will show in your morning digest until they are reassigned.`),
  ]);
}

/** To the managers, at once: a victim has been assessed as high risk. */
export function highRiskReviewCard(current: Pick<Case, 'id' | 'reference' | 'ownerName'>, visitWithinWorkingDays: number): Element {
  return card(
    [
      heading('High-risk victim: manager review'),
      text(`A victim on ${current.reference} has been assessed as high risk. Please review the case; the victim is to be visited within ${visitWithinWorkingDays} working days and referred to the victims' multi-agency meeting.`),
      facts([['Case', current.reference], ['Officer', current.ownerName]]),
    ],
    [execute('Open case', CaseVerbs.show, { caseId: current.id })],
  );
}

/** To the case owner: a victim's reports have reached the ASB Case Review threshold. */
export function caseReviewThresholdCard(current: Pick<Case, 'id' | 'reference'>, victim: Pick<VictimCaseReview, 'victimName' | 'count'>): Element {
  return card(
    [
      heading('ASB Case Review threshold reached'),
      text(`${victim.victimName} has now reported ${victim.count} incidents within the review window on ${current.reference}. They can ask for an ASB Case Review (community trigger); make sure they know how.`),
    ],
    [execute('Open case', CaseVerbs.show, { caseId: current.id })],
  );
}
