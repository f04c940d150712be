/**
 * Reminder cards: the proactive reminder, the morning digests (officer and manager) and `my deadlines`, every
 * deadline on them one row (rows.ts) with Done and Snooze. Due dates are shown the way officers say them
 * ("Wednesday 30 December 2026"). The proactive reminder goes only to a personal chat.
 */
import type { LocalDate } from '../../domain/calendar/localDate.js';
import type { Case } from '../../domain/cases/case.js';
import type { VictimCaseReview } from '../../domain/cases/caseReview.js';
import type { NoticeStage } from '../../domain/reminders/notices.js';
import { deadlineKindLabels } from '../../domain/deadlines/deadline.js';
import { actionSet, card, container, dateInput, emptyForm, execute, facts, heading, note, subheading, text, warning, type Element, type FormState } from '../cardKit.js';
import { CaseVerbs } from '../cases/verbs.js';
import { GovernanceVerbs } from '../governance/verbs.js';
import { retentionFormFields } from '../../domain/governance/retention.js';
import { longDate } from '../risk/dueDates.js';
import { deadlineRow, deadlineRows, notShown, type ReminderView, type RowOrigin, type SharedView } from './rows.js';
import { ReminderVerbs, reminderFields as f } from './verbs.js';

export type { ReminderView } from './rows.js';

const stageHeadings: Record<NoticeStage, (due: LocalDate) => string> = {
  before: () => 'Due next working day',
  due: () => 'Due today',
  overdue: (due) => `Overdue since ${longDate(due)}`,
  snoozed: () => 'Reminder',
};

const SNOOZE_SECTION = 'snoozeToDate';

/** The proactive reminder: its deadline row (Done, Snooze, Open case), and "Snooze to…" a date. */
export function reminderCard(reminder: ReminderView, stage: NoticeStage, today: LocalDate, form: FormState = emptyForm()): Element {
  return card(
    [
      stage === 'overdue' ? warning(stageHeadings[stage](reminder.dueDate)) : heading(stageHeadings[stage](reminder.dueDate)),
      deadlineRow(reminder, { today, from: 'reminder' }),
      container([...dateInput(form, f.snoozeUntil, { label: 'Snooze until' }), actionSet([execute('Snooze to this date', ReminderVerbs.snooze, { [f.key]: reminder._id })])], {
        id: SNOOZE_SECTION,
        isVisible: Object.keys(form.errors).length > 0,
      }),
    ],
    [{ type: 'Action.ToggleVisibility', title: 'Snooze to…', targetElements: [SNOOZE_SECTION] }],
  );
}

/** What a reminder card becomes once answered; in a shared space it names only the kind of deadline. */
export function reminderAnsweredCard(reminder: ReminderView, message: string, shared = false): Element {
  return card(
    [
      text(message, { weight: 'Bolder' }),
      text(shared ? deadlineKindLabels[reminder.kind] : reminder.label),
      facts([['Case', reminder.caseReference ?? ''], ['Due', longDate(reminder.dueDate)]]),
    ],
    reminder.caseId ? [execute('Open case', CaseVerbs.show, { caseId: reminder.caseId })] : [],
  );
}

export interface DeadlineGroups {
  overdue: ReminderView[];
  today: ReminderView[];
  ahead: ReminderView[];
}

export interface ListOptions {
  /** How many days ahead `my deadlines` looks. */
  aheadDays: number;
  /** A line above the list, e.g. what the last press did. */
  banner?: string;
  shared?: SharedView;
}

/** Rows shown per section, so that a long list stays within Teams' 28 KB card limit. */
export const ROWS_PER_SECTION = 7;

const rowsOf = (items: readonly ReminderView[], today: LocalDate, from: RowOrigin, shared?: SharedView): Element[] =>
  deadlineRows(items, { today, from, ...(shared ? { shared } : {}) }, ROWS_PER_SECTION);

const bannerOf = (banner?: string): Element[] => (banner ? [text(banner, { color: 'Good', weight: 'Bolder' })] : []);

/** `my deadlines`: overdue, today and the next `aheadDays` days, each row with Done and Snooze. */
export function deadlinesCard(groups: DeadlineGroups, today: LocalDate, options: ListOptions): Element {
  const section = (title: string, items: ReminderView[], empty: string) => [subheading(`${title} (${items.length})`), ...(items.length ? rowsOf(items, today, 'deadlines', options.shared) : [note(empty)])];
  return card([
    ...bannerOf(options.banner),
    heading('My deadlines'),
    ...section('Overdue', groups.overdue, 'Nothing overdue.'),
    ...section('Today', groups.today, 'Nothing due today.'),
    ...section(`Next ${options.aheadDays} days`, groups.ahead, `Nothing else due in the next ${options.aheadDays} days.`),
    ...(options.shared ? [note(SHARED_DEADLINES_NOTE)] : []),
  ]);
}

/** What the digest holds: see `digestOf` in src/reminders/planner.ts. */
export interface OfficerDigest {
  overdue: ReminderView[];
  today: ReminderView[];
  /** First visits to high-risk victims due after today and within `visitsWithinWorkingDays` working days. */
  highRiskVisits: ReminderView[];
  visitsWithinWorkingDays: number;
  /** Open items due from today to `weekEnds` (today and the 6 days after). */
  dueThisWeek: number;
  weekEnds: LocalDate;
}

/** The officer's morning digest (and `digest`): overdue, today, high-risk visits coming up, and the week's count. */
export function digestCard(digest: OfficerDigest, today: LocalDate, options: Omit<ListOptions, 'aheadDays'> = {}): Element {
  const { overdue, highRiskVisits } = digest;
  const rows = (items: readonly ReminderView[]) => rowsOf(items, today, 'digest', options.shared);
  const empty = overdue.length + digest.today.length + highRiskVisits.length === 0;
  return card(
    [
      ...bannerOf(options.banner),
      heading(`Your day: ${longDate(today)}`),
      text(`${overdue.length} overdue, ${digest.today.length} due today, ${digest.dueThisWeek} due this week (to ${longDate(digest.weekEnds)}).`),
      ...(overdue.length ? [subheading(`Overdue (${overdue.length})`), ...rows(overdue)] : []),
      ...(digest.today.length ? [subheading(`Due today (${digest.today.length})`), ...rows(digest.today)] : []),
      ...(highRiskVisits.length ? [subheading(`High-risk visits due within ${digest.visitsWithinWorkingDays} working days (${highRiskVisits.length})`), ...rows(highRiskVisits)] : []),
      ...(empty ? [note('Nothing overdue, nothing due today and no high-risk visit coming up.')] : []),
      ...(options.shared ? [note(SHARED_DEADLINES_NOTE)] : []),
    ],
    [execute('My deadlines', ReminderVerbs.deadlines)],
  );
}

export const SHARED_DEADLINES_NOTE = 'Summary only: others can see this conversation. Type `my deadlines` in your personal chat with me for the details.';

export interface ManagerDigest {
  /** Open items overdue since before today, with their officer's name. */
  escalated: Array<ReminderView & { officerName: string }>;
  /** Proactive messages that could not be delivered since the last digest. */
  undelivered: Array<{ recipientName: string; reason: string }>;
  /** Closed cases past their retention date with no decision: how many, and the first references. */
  retention?: { count: number; references: string[] };
}

/** The digest's retention section: a count and references only, and the button to the review of those cases. */
function retentionSection(retention: ManagerDigest['retention']): Element[] {
  if (!retention || retention.count === 0) return [];
  const { count, references } = retention;
  const more = count > references.length ? ` and ${count - references.length} more` : '';
  return [
    subheading(`Retention decisions overdue (${count})`),
    text(`${count === 1 ? '1 closed case is' : `${count} closed cases are`} past the end of retention with no decision (Destroy, Hold or Extend): ${references.join(', ')}${more}. Nothing is destroyed until you decide.`),
    actionSet([execute('Retention review', GovernanceVerbs.retentionReview, { [retentionFormFields.show]: 'undecided' }, { associatedInputs: 'none' })]),
  ];
}

/** The manager's morning digest: overdue items escalated to them, reminders that could not be delivered, and retention decisions overdue. */
export function managerDigestCard(digest: ManagerDigest, today: LocalDate): Element {
  return card([
    heading(`Team overdue items: ${longDate(today)}`),
    ...(digest.escalated.length
      ? [
          subheading(`Still overdue (${digest.escalated.length})`),
          ...digest.escalated.slice(0, ROWS_PER_SECTION * 2).flatMap((item) => [note(`Officer: ${item.officerName}`), deadlineRow(item, { today, from: 'reminder' })]),
          ...notShown(digest.escalated.length - ROWS_PER_SECTION * 2),
        ]
      : [note('Nothing overdue in the team.')]),
    ...(digest.undelivered.length
      ? [subheading(`Reminders not delivered (${digest.undelivered.length})`), ...digest.undelivered.map((u) => text(`${u.recipientName}: ${u.reason}`, { size: 'Small' }))]
      : []),
    ...retentionSection(digest.retention),
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
