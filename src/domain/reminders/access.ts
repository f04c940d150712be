/** Who may answer a reminder (Done, Snooze) is the access policy's rule (src/domain/access/policy.ts). */
export const REMINDER_REFUSED_MESSAGE = 'Sorry, that reminder is for someone else. Only they or a manager can change it.';
