/**
 * The one deadline row, used wherever a deadline is shown: the case card's Deadlines, `my deadlines`, the digest
 * and the reminder card. Each row has Done and Snooze 1 working day, and Open case away from its case. Where others
 * can read it (a group chat or channel) the row is built from the case summary and the kind of deadline only:
 * the reminder's own words may name a victim or a perpetrator.
 */
import type { LocalDate } from '../../domain/calendar/localDate.js';
import type { Area } from '../../domain/cases/areas.js';
import { deadlineKindLabels } from '../../domain/deadlines/deadline.js';
import type { CaseSummary } from '../../domain/privacy/summary.js';
import type { ReminderRecord } from '../../db/reminders.js';
import { actionSet, container, execute, note, text, type Element } from '../cardKit.js';
import { summaryLine } from '../cases/summaryCards.js';
import { CaseVerbs } from '../cases/verbs.js';
import { longDate } from '../risk/dueDates.js';
import { ReminderVerbs, reminderFields as f } from './verbs.js';

/** The reminder fields a row needs (a stored reminder, or one of a case's deadlines). */
export type ReminderView = Pick<ReminderRecord, '_id' | 'kind' | 'label' | 'dueDate' | 'caseId' | 'caseReference' | 'doneAction' | 'status'>;

/** Where a row is shown; Done and Snooze answer with that view again. */
export const rowOrigins = ['reminder', 'deadlines', 'digest', 'case', 'case-deadlines'] as const;
export type RowOrigin = (typeof rowOrigins)[number];

/** In a group chat or channel: each case's summary, by case id. */
export interface SharedView {
  summaries: ReadonlyMap<string, CaseSummary>;
  areas: readonly Area[];
}

export interface RowOptions {
  today: LocalDate;
  from: RowOrigin;
  /** Set where others can read the card. */
  shared?: SharedView;
}

export const ONE_WORKING_DAY = 'working-day';

const onItsCase = (from: RowOrigin) => from === 'case' || from === 'case-deadlines';

/** Done, Snooze 1 working day and Open case for one reminder; they send only their own data, never a form's inputs. */
export function rowActions(reminder: ReminderView, options: RowOptions): Element[] {
  const own = { associatedInputs: 'none' };
  const where = { [f.key]: reminder._id, [f.from]: options.from };
  return [
    reminder.doneAction
      ? execute('Done', reminder.doneAction.verb, { ...reminder.doneAction.data, [f.key]: reminder._id }, { style: 'positive', ...own })
      : execute('Done', ReminderVerbs.done, where, { style: 'positive', ...own }),
    // The working day is counted when the button is pressed, not when the card was made.
    execute('Snooze 1 working day', ReminderVerbs.snooze, { ...where, [f.snoozeBy]: ONE_WORKING_DAY }, own),
    ...(reminder.caseId && !onItsCase(options.from) ? [execute('Open case', CaseVerbs.show, { caseId: reminder.caseId, [f.key]: reminder._id }, own)] : []),
  ];
}

/** What the row says: its due date, then its words, or in a shared space its kind and the case summary. */
function rowLines(reminder: ReminderView, options: RowOptions): Element[] {
  const overdue = reminder.dueDate < options.today;
  const summary = reminder.caseId ? options.shared?.summaries.get(reminder.caseId) : undefined;
  const reference = onItsCase(options.from) || summary || !reminder.caseReference ? '' : ` · ${reminder.caseReference}`;
  const when = text(`${overdue ? '**Overdue** · ' : ''}${longDate(reminder.dueDate)}${reference}`, { size: 'Small', ...(overdue ? { color: 'Attention' } : {}) });
  if (!options.shared) return [when, text(reminder.label, { spacing: 'None' })];
  return [
    when,
    text(deadlineKindLabels[reminder.kind], { spacing: 'None' }),
    ...(summary ? [text(summaryLine(summary, options.shared.areas), { size: 'Small', isSubtle: true, spacing: 'None' })] : []),
  ];
}

export function deadlineRow(reminder: ReminderView, options: RowOptions): Element {
  return container([...rowLines(reminder, options), actionSet(rowActions(reminder, options))], { separator: true });
}

/** "5 more not shown." when a list is cut to stay within Teams' card size limit. */
export const notShown = (count: number): Element[] => (count > 0 ? [note(`${count} more not shown (the earliest due come first).`)] : []);

/** The first `limit` rows, and how many more there are. */
export function deadlineRows(items: readonly ReminderView[], options: RowOptions, limit: number): Element[] {
  return [...items.slice(0, limit).map((item) => deadlineRow(item, options)), ...notShown(items.length - limit)];
}
