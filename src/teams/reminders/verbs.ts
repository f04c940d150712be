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
} as const;
