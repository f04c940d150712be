/**
 * What destroying a case under the retention schedule does to records that outlive it. A meeting that covered
 * several cases keeps the other cases' parts: the destroyed case's agenda item becomes a placeholder with its
 * notes, decisions and actions removed, and its reference and people's names are struck from every other
 * text in the minutes. The .docx is rebuilt from the meeting on every download, so it follows.
 */
import type { Meeting } from '../meetings/index.js';

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

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Replaces the reference with the placeholder and each name with "[removed]", whole words, any case. */
export function strikeMentions(text: string, destroyed: DestroyedCase): string {
  let out = text.split(destroyed.reference).join(destroyedCasePlaceholder(destroyed.destroyedOn));
  const names = [...new Set(destroyed.names.map((n) => n.trim()).filter((n) => n.length >= 2))].sort((a, b) => b.length - a.length);
  for (const name of names) out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegex(name)}(?![\\p{L}\\p{N}])`, 'giu'), REMOVED);
  return out;
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
  const strike = (text: string) => strikeMentions(text, destroyed);
  const removedItems = new Set<string>();
  const items = meeting.agenda.items.map((item) => {
    const aboutCase = ('caseId' in item && item.caseId === destroyed.caseId) || (item.kind === 'action-review' && item.action.caseId === destroyed.caseId);
    if (!aboutCase) return item.kind === 'custom' ? { ...item, title: strike(item.title), ...(item.detail ? { detail: strike(item.detail) } : {}) } : { ...item, title: strike(item.title) };
    removedItems.add(item.id);
    return { id: item.id, section: item.section, title: placeholder, kind: 'custom' as const };
  });
  const records = Object.fromEntries(
    Object.entries(meeting.items).map(([id, record]) => {
      if (removedItems.has(id)) return [id, { notes: [], decisions: [], actions: [], version: record.version + 1 }];
      return [id, {
        ...record,
        notes: record.notes.map((n) => ({ ...n, text: strike(n.text) })),
        decisions: record.decisions.map((d) => ({ ...d, text: strike(d.text) })),
        actions: record.actions.filter((a) => a.caseId !== destroyed.caseId).map((a) => ({ ...a, what: strike(a.what) })),
      }];
    }),
  );
  return {
    ...meeting,
    agenda: { ...meeting.agenda, items },
    items: records,
    revealedCaseIds: meeting.revealedCaseIds.filter((id) => id !== destroyed.caseId),
    corrections: meeting.corrections.map((c) => ({ ...c, text: strike(c.text) })),
  };
}
