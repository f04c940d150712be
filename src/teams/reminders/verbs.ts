/** The verbs of the reminders feature. */
export const ReminderVerbs = {
  done: 'reminder.done',
  snooze: 'reminder.snooze',
  deadlines: 'reminders.deadlines',
} as const;

/** Input ids on reminder cards. */
export const reminderFields = {
  key: 'reminderKey',
  snoozeUntil: 'snoozeUntil',
  /** Set by "Snooze 1 working day" instead of a date. */
  snoozeBy: 'snoozeBy',
  /** Where a deadline row was pressed (see rows.ts), so the answer shows that view again. */
  from: 'deadlineFrom',
} as const;
