/**
 * Reminders in Teams: Done and Snooze on a reminder card (only for the person it is for, or a manager),
 * `my deadlines` (overdue, today, this week) and `digest` (the morning digest, now).
 */
import { z } from 'zod';
import type { Deps } from '../../deps.js';
import { endOfWeek, londonDate, localDateSchema } from '../../domain/calendar/localDate.js';
import { parseForm } from '../../domain/cases/forms.js';
import { decide } from '../../domain/access/policy.js';
import { REMINDER_REFUSED_MESSAGE } from '../../domain/reminders/access.js';
import type { ReminderRecord } from '../../db/reminders.js';
import type { Officer } from '../../services/caseFile.js';
import type { AssistantApp } from '../app.js';
import { onCommand, onExecute } from '../routes.js';
import { messageCard } from '../cases/caseCards.js';
import { longDate } from '../risk/dueDates.js';
import { deadlinesCard, reminderAnsweredCard, reminderCard } from './cards.js';
import { ReminderVerbs, reminderFields as f } from './verbs.js';

type Data = CardData;
import { asCard, attach, type CardData, type Element } from '../cardKit.js';


const NOT_FOUND = 'That reminder no longer exists. Type `my deadlines` to see what is due.';

export function registerReminders(app: AssistantApp, deps: Deps): void {
  const { reminders, calendar, clock, planner } = deps;
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

  onExecute(app, ReminderVerbs.done, 'use', async (_context, data, officer) => {
    const reminder = await reminderFor(data, officer);
    if (typeof reminder === 'string') return asCard(messageCard(reminder));
    const done = await deps.caseFollowUp.markDone(reminder, officer);
    if (!done.answered) return asCard(reminderAnsweredCard(reminder, done.status === 'cancelled' ? 'This reminder was cancelled.' : 'Already done.'));
    return asCard(reminderAnsweredCard(reminder, done.next ? `Done. The next one is due ${longDate(done.next)}; I'll remind you.` : 'Done. No more reminders for this.'));
  });

  onExecute(app, ReminderVerbs.snooze, 'use', async (_context, data, officer) => {
    const reminder = await reminderFor(data, officer);
    if (typeof reminder === 'string') return asCard(messageCard(reminder));
    if (reminder.status !== 'open') return asCard(reminderAnsweredCard(reminder, 'This reminder is already closed.'));
    const parsed = parseForm(snoozeSchema, data ?? {});
    if (!parsed.ok) {
      const errors = Object.fromEntries(parsed.errors.map((e) => [e.field, e.message]));
      return asCard(reminderCard(reminder, 'snoozed', calendar.nextWorkingDay(today()), { values: parsed.values, errors }));
    }
    const until = parsed.value[f.snoozeUntil]!;
    await reminders.snooze(reminder._id, until);
    await audit(officer, reminder, ['snoozedUntil']);
    return asCard(reminderAnsweredCard(reminder, `Snoozed. I'll remind you again on ${longDate(until)}.`));
  });

  const myDeadlines = async (officer: Officer) => {
    const now = today();
    const items = await reminders.openFor(officer.id, endOfWeek(now), 100);
    return deadlinesCard(
      { overdue: items.filter((i) => i.dueDate < now), today: items.filter((i) => i.dueDate === now), thisWeek: items.filter((i) => i.dueDate > now) },
      now,
    );
  };

  onExecute(app, ReminderVerbs.deadlines, 'use', async (_context, _data, officer) => asCard(await myDeadlines(officer)));
  onCommand(app, /^\s*my deadlines\s*$/i, 'my deadlines', 'use', async (context, officer) => {
    await context.sendActivity(attach(await myDeadlines(officer)));
  });
  onCommand(app, /^\s*digest\s*$/i, 'digest', 'use', async (context, officer) => {
    await context.sendActivity(attach(await planner.digestFor(officer.id, today())));
  });
}
