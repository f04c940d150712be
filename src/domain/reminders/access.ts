/** Who may answer a reminder (Done, Snooze): the person it is for, or a manager of their team. */
import type { CaseUser } from '../cases/access.js';

export const REMINDER_REFUSED_MESSAGE = 'Sorry, that reminder is for someone else. Only they or a manager can change it.';

export function canActOnReminder(user: CaseUser, recipient: { tenantId: string; aadObjectId: string }): boolean {
  if (user.id === recipient.aadObjectId) return true;
  return user.role === 'manager' && user.teamIds.includes(recipient.tenantId);
}
