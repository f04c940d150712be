/**
 * What destroying a case under the retention schedule does to records that outlive it. A meeting that covered
 * several cases keeps the other cases' parts: the destroyed case's agenda item becomes a placeholder with its
 * notes, decisions and actions removed, and its reference and people's names are struck from every other
 * text in the minutes. The .docx is rebuilt from the meeting on every download, so it follows.
 */
import type { Meeting } from '../meetings/index.js';
import { replaceNames } from '../privacy/masking.js';

export interface DestroyedCase {
  caseId: string;
  reference: string;
  /** Everyone named on the case (victims, perpetrators, witnesses). */
  names: readonly string[];
  /** The day it was destroyed, e.g. 2032-12-01. */
  destroyedOn: string;
}

export const destroyedCasePlaceholder = (destroyedOn: string) => `[case destroyed under the retention schedule on ${destroyedOn}]`;
export const REMOVED = '[removed]';

/** Replaces the reference with the placeholder and each whole name with "[removed]", any case. */
export function strikeMentions(text: string, destroyed: DestroyedCase): string {
  const out = text.split(destroyed.reference).join(destroyedCasePlaceholder(destroyed.destroyedOn));
  return replaceNames(out, destroyed.names, () => REMOVED, { wholeNamesOnly: true });
}

/** True when the meeting's agenda or records point at the case. */
export function meetingCoversCase(meeting: Meeting, caseId: string): boolean {
  return meeting.revealedCaseIds.includes(caseId)
    || meeting.agenda.items.some((item) => ('caseId' in item && item.caseId === caseId) || (item.kind === 'action-review' && item.action.caseId === caseId))
    || Object.values(meeting.items).some((record) => record.actions.some((action) => action.caseId === caseId));
}

/** The meeting with the destroyed case taken out and the other cases' parts kept. */
export function withoutDestroyedCase(meeting: Meeting, destroyed: DestroyedCase): Meeting {
  const placeholder = destroyedCasePlaceholder(destroyed.destroyedOn);
  const removedItems = new Set<string>();
  const items = meeting.agenda.items.map((item) => {
    const aboutCase = ('caseId' in item && item.caseId === destroyed.caseId) || (item.kind === 'action-review' && item.action.caseId === destroyed.caseId);
    if (!aboutCase) return item;
    removedItems.add(item.id);
    return { id: item.id, section: item.section, title: placeholder, kind: 'custom' as const };
  });
  const records = Object.fromEntries(Object.entries(meeting.items).map(([id, record]) => [id, removedItems.has(id)
    ? { notes: [], decisions: [], actions: [], version: record.version + 1 }
    : { ...record, actions: record.actions.filter((a) => a.caseId !== destroyed.caseId) }]));
  const kept = { ...meeting, agenda: { ...meeting.agenda, items }, items: records, revealedCaseIds: meeting.revealedCaseIds.filter((id) => id !== destroyed.caseId) };
  return withTexts(kept, (text) => strikeMentions(text, destroyed));
}

/** The meeting with `strike` applied to every text in its agenda titles, records and corrections. */
function withTexts(meeting: Meeting, strike: (text: string) => string): Meeting {
  return {
    ...meeting,
    agenda: { ...meeting.agenda, items: meeting.agenda.items.map((item) => (item.kind === 'custom' ? { ...item, title: strike(item.title), ...(item.detail ? { detail: strike(item.detail) } : {}) } : { ...item, title: strike(item.title) })) },
    items: Object.fromEntries(Object.entries(meeting.items).map(([id, record]) => [id, {
      ...record,
      notes: record.notes.map((n) => ({ ...n, text: strike(n.text) })),
      decisions: record.decisions.map((d) => ({ ...d, text: strike(d.text) })),
      actions: record.actions.map((a) => ({ ...a, what: strike(a.what) })),
    }])),
    corrections: meeting.corrections.map((c) => ({ ...c, text: strike(c.text) })),
  };
}

/** The meeting with these names struck from every text (an erased person; words in `keep` stay). */
export function withNamesStruck(meeting: Meeting, names: readonly string[], keep: readonly string[]): Meeting {
  return withTexts(meeting, (text) => replaceNames(text, names, () => REMOVED, { keep }));
}
