/**
 * Reminders in Teams: Done and Snooze on every deadline row (only for the person it is for, or a manager), each
 * answered with the view it was pressed in; `my deadlines` (overdue, today and the next MY_DEADLINES_DAYS days)
 * and `digest` (the morning digest, now). In a group chat or channel the lists show only case summaries.
 */
import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { Deps } from '../../deps.js';
import { addDays, londonDate, localDateSchema } from '../../domain/calendar/localDate.js';
import { parseForm } from '../../domain/cases/forms.js';
import { decide } from '../../domain/access/policy.js';
import { REMINDER_REFUSED_MESSAGE } from '../../domain/reminders/access.js';
import type { ReminderRecord } from '../../db/reminders.js';
import type { Officer } from '../../services/caseFile.js';
import { inSharedSpace } from '../activityContext.js';
import type { AssistantApp } from '../app.js';
import { onCommand, onExecute } from '../routes.js';
import { caseCard, deadlineListCard, messageCard } from '../cases/caseCards.js';
import { longDate } from '../risk/dueDates.js';
import { asCard, attach, text, type CardData, type Element } from '../cardKit.js';
import { deadlinesCard, digestCard, reminderAnsweredCard, reminderCard } from './cards.js';
import { ONE_WORKING_DAY, rowOrigins, type SharedView } from './rows.js';
import { ReminderVerbs, reminderFields as f } from './verbs.js';

type Data = CardData;

const NOT_FOUND = 'That reminder no longer exists. Type `my deadlines` to see what is due.';
/** A group chat or channel: everyone present sees every card. */
const originSchema = z.enum(rowOrigins).catch('reminder');

export function registerReminders(app: AssistantApp, deps: Deps): void {
  const { reminders, calendar, clock, planner, caseFile } = deps;
  const aheadDays = deps.config.myDeadlinesDays;
  const today = () => londonDate(clock.now());

  const snoozeSchema = z.object({
    [f.key]: z.string().min(1),
    [f.snoozeUntil]: localDateSchema.refine((d) => d > today(), { message: 'Choose a date after today.' }),
  });

  /** The reminder a card is about, if this officer may act on it. */
  const reminderFor = async (data: Data, officer: Officer): Promise<ReminderRecord | string> => {
    const found = await reminders.get(String(data[f.key] ?? ''));
    if (!found) return NOT_FOUND;
    if (!decide(officer, 'act', { kind: 'reminder', recipient: found.recipient }).allow) return REMINDER_REFUSED_MESSAGE;
    return found;
  };

  const audit = (officer: Officer, reminder: ReminderRecord, changedFields: string[]) =>
    deps.audit.record({ at: clock.now(), actorId: officer.id, actorName: officer.name, action: 'update', entity: 'reminder', entityId: reminder._id, caseReference: reminder.caseReference, changedFields, teamId: officer.teamId });

  /** In a shared space, the summaries of the cases these reminders are on (those the officer may see). */
  const sharedView = async (context: TurnContext, items: ReadonlyArray<Pick<ReminderRecord, 'caseId'>>, officer: Officer): Promise<SharedView | undefined> => {
    if (!inSharedSpace(context)) return undefined;
    const summaries = await caseFile.summariesOf(items.flatMap((i) => (i.caseId ? [i.caseId] : [])), officer);
    return { summaries, areas: await deps.roster.areasOf(officer.teamId) };
  };

  const myDeadlines = async (context: TurnContext, officer: Officer, banner?: string): Promise<Element> => {
    const now = today();
    const items = await reminders.openFor(officer.id, addDays(now, aheadDays), 100);
    const shared = await sharedView(context, items, officer);
    return deadlinesCard(
      { overdue: items.filter((i) => i.dueDate < now), today: items.filter((i) => i.dueDate === now), ahead: items.filter((i) => i.dueDate > now) },
      now,
      { aheadDays, ...(banner ? { banner } : {}), ...(shared ? { shared } : {}) },
    );
  };

  const digest = async (context: TurnContext, officer: Officer, banner?: string): Promise<Element> => {
    const now = today();
    const items = await planner.digestOf(officer.id, now);
    const shared = await sharedView(context, [...items.overdue, ...items.today, ...items.highRiskVisits], officer);
    return digestCard(items, now, { ...(banner ? { banner } : {}), ...(shared ? { shared } : {}) });
  };

  /** After Done or Snooze: the view the row was pressed in, again, with what was done at the top. */
  const answerIn = async (context: TurnContext, data: Data, officer: Officer, reminder: ReminderRecord, message: string): Promise<Element> => {
    const from = originSchema.parse(data[f.from]);
    if (from === 'deadlines') return myDeadlines(context, officer, message);
    if (from === 'digest') return digest(context, officer, message);
    // The case is the reminder's own, never one named by the card.
    if (reminder.caseId && from === 'case-deadlines') {
      const all = await caseFile.allDeadlines(reminder.caseId, officer);
      if (all.ok) return deadlineListCard(all.value.case, all.value.deadlines, today(), message);
    }
    if (reminder.caseId && from === 'case') {
      const view = await caseFile.view(reminder.caseId, officer, inSharedSpace(context) ? 'channel-details' : 'chat');
      if (view.ok) return caseCard(view.value, { areas: await deps.roster.areasOf(officer.teamId), now: clock.now(), banner: text(message, { color: 'Good', weight: 'Bolder' }) });
    }
    return reminderAnsweredCard(reminder, message, inSharedSpace(context));
  };

  onExecute(app, ReminderVerbs.done, 'use', async (context, data, officer) => {
    const reminder = await reminderFor(data, officer);
    if (typeof reminder === 'string') return asCard(messageCard(reminder));
    const done = await deps.caseFollowUp.markDone(reminder, officer);
    const message = !done.answered
      ? done.status === 'cancelled' ? 'This reminder was cancelled.' : 'Already done.'
      : done.next ? `Done. The next one is due ${longDate(done.next)}; I'll remind you.` : 'Done. No more reminders for this.';
    return asCard(await answerIn(context, data, officer, reminder, message));
  });

  onExecute(app, ReminderVerbs.snooze, 'use', async (context, data, officer) => {
    const reminder = await reminderFor(data, officer);
    if (typeof reminder === 'string') return asCard(messageCard(reminder));
    if (reminder.status !== 'open') return asCard(await answerIn(context, data, officer, reminder, 'This reminder is already closed.'));
    let until = calendar.nextWorkingDay(today());
    if (data[f.snoozeBy] !== ONE_WORKING_DAY) {
      const parsed = parseForm(snoozeSchema, data ?? {});
      if (!parsed.ok) {
        const errors = Object.fromEntries(parsed.errors.map((e) => [e.field, e.message]));
        return asCard(reminderCard(reminder, 'snoozed', today(), { values: parsed.values, errors }));
      }
      until = parsed.value[f.snoozeUntil]!;
    }
    await reminders.snooze(reminder._id, until);
    await audit(officer, reminder, ['snoozedUntil']);
    return asCard(await answerIn(context, data, officer, reminder, `Snoozed. I'll remind you again on ${longDate(until)}.`));
  });

  onExecute(app, ReminderVerbs.deadlines, 'use', async (context, _data, officer) => asCard(await myDeadlines(context, officer)));
  onCommand(app, /^\s*my deadlines\s*$/i, 'my deadlines', 'use', async (context, officer) => {
    await context.sendActivity(attach(await myDeadlines(context, officer)));
  });
  onCommand(app, /^\s*digest\s*$/i, 'digest', 'use', async (context, officer) => {
    await context.sendActivity(attach(await digest(context, officer)));
  });
}
