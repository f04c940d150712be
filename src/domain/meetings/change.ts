/**
 * What one transition changed in a meeting, so a save (and the intent that makes it resumable) carries the
 * change only, not the whole meeting: a 40-item meeting with its notes is tens of kilobytes, a note is one item.
 * Transitions are immutable updates, so whatever they did not touch is the very same object as before.
 */
import type { ItemRecord, Meeting } from './meeting.js';

/** The optional fields of a meeting, the only ones a transition can remove. */
export const clearableMeetingFields = ['startedAt', 'endedAt', 'finalAt', 'approvedAt', 'approvedBy', 'caseReview'] as const;
export type ClearableMeetingField = (typeof clearableMeetingFields)[number];

export interface MeetingChange {
  /** Fields given a new value (the whole `items` only when a record was removed). */
  fields: Partial<Omit<Meeting, 'id'>>;
  /** Item records added or replaced, by item id. */
  items: Record<string, ItemRecord>;
  /** Optional fields the transition removed. */
  cleared: ClearableMeetingField[];
}

export function meetingChange(before: Meeting, after: Meeting): MeetingChange {
  const fields: Record<string, unknown> = {};
  const cleared: ClearableMeetingField[] = [];
  const items: Record<string, ItemRecord> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)]) as Set<keyof Meeting>) {
    if (key === 'id' || before[key] === after[key]) continue;
    if (after[key] === undefined) cleared.push(key as ClearableMeetingField);
    else if (key !== 'items' || Object.keys(before.items).some((id) => !(id in after.items))) fields[key] = after[key];
    else for (const [id, record] of Object.entries(after.items)) if (before.items[id] !== record) items[id] = record;
  }
  return { fields: fields as MeetingChange['fields'], items, cleared };
}
