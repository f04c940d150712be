import { z } from 'zod';
import { instantSchema, localDateSchema, type LocalDate } from './dates.js';
import type { OpenActionSummary } from './agenda.js';
import type { Meeting } from './meeting.js';

/** Actions agreed at a meeting, tracked until done or dropped, and carried to the next agenda while open. */

export const actionOwnerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('member'), id: z.string().min(1).optional(), name: z.string().trim().min(1).max(120), agency: z.string().trim().min(1).max(120) }),
  z.object({ kind: z.literal('agency'), id: z.string().min(1).optional(), name: z.string().trim().min(1).max(120), agency: z.string().trim().max(120).optional() }),
]);
export type ActionOwner = z.infer<typeof actionOwnerSchema>;

/** The agency an owner answers for: a member's agency, or the agency itself. */
export function ownerAgency(owner: ActionOwner): string {
  return owner.kind === 'agency' ? owner.name : owner.agency;
}

export const actionStatuses = ['open', 'done', 'dropped'] as const;
export type ActionStatus = (typeof actionStatuses)[number];

export const actionHistoryEntrySchema = z.object({
  at: instantSchema,
  by: z.string().min(1),
  change: z.enum(['created', 'done', 'dropped', 'reopened', 'due-date-changed']),
  note: z.string().optional(),
});
export type ActionHistoryEntry = z.infer<typeof actionHistoryEntrySchema>;

export const trackedActionSchema = z.object({
  id: z.string().min(1),
  meetingId: z.string().min(1),
  groupId: z.string().min(1),
  itemId: z.string().min(1),
  caseId: z.string().optional(),
  caseReference: z.string().optional(),
  what: z.string().min(1),
  owner: actionOwnerSchema,
  agency: z.string(),
  dueDate: localDateSchema,
  /** The date of the meeting that agreed it. */
  agreedOn: localDateSchema,
  status: z.enum(actionStatuses),
  droppedReason: z.string().optional(),
  history: z.array(actionHistoryEntrySchema),
  /** An action of an ASB Case Review (a partner's report, or agreed at its meeting): followed there, not on the group's agendas. */
  caseReview: z.object({ applicationId: z.string().min(1) }).optional(),
});
export type TrackedAction = z.infer<typeof trackedActionSchema>;

export type ActionChangeResult =
  | { ok: true; action: TrackedAction }
  | { ok: false; reason: 'not-open' | 'not-closed' | 'reason-required' | 'bad-date' };

export interface ActionEdit {
  by: string;
  at: string;
}

export function markActionDone(action: TrackedAction, edit: ActionEdit, note?: string): ActionChangeResult {
  if (action.status !== 'open') return { ok: false, reason: 'not-open' };
  return {
    ok: true,
    action: { ...action, status: 'done', history: [...action.history, { at: edit.at, by: edit.by, change: 'done', ...(note ? { note } : {}) }] },
  };
}

export function dropAction(action: TrackedAction, edit: ActionEdit, reason: string): ActionChangeResult {
  if (action.status !== 'open') return { ok: false, reason: 'not-open' };
  const why = reason.trim();
  if (why === '') return { ok: false, reason: 'reason-required' };
  return {
    ok: true,
    action: {
      ...action,
      status: 'dropped',
      droppedReason: why,
      history: [...action.history, { at: edit.at, by: edit.by, change: 'dropped', note: why }],
    },
  };
}

export function reopenAction(action: TrackedAction, edit: ActionEdit, note?: string): ActionChangeResult {
  if (action.status === 'open') return { ok: false, reason: 'not-closed' };
  const { droppedReason: _dropped, ...rest } = action;
  return {
    ok: true,
    action: { ...rest, status: 'open', history: [...action.history, { at: edit.at, by: edit.by, change: 'reopened', ...(note ? { note } : {}) }] },
  };
}

export function changeDueDate(action: TrackedAction, edit: ActionEdit, dueDate: LocalDate): ActionChangeResult {
  if (action.status !== 'open') return { ok: false, reason: 'not-open' };
  if (!localDateSchema.safeParse(dueDate).success) return { ok: false, reason: 'bad-date' };
  return {
    ok: true,
    action: {
      ...action,
      dueDate,
      history: [...action.history, { at: edit.at, by: edit.by, change: 'due-date-changed', note: `${action.dueDate} → ${dueDate}` }],
    },
  };
}

export function isOverdue(action: Pick<TrackedAction, 'status' | 'dueDate'>, today: LocalDate): boolean {
  return action.status === 'open' && action.dueDate < today;
}

/** The open actions, as the group's next agenda lists them (oldest due first); an ASB Case Review's are its own. */
export function carryForward(actions: readonly TrackedAction[]): OpenActionSummary[] {
  return actions
    .filter((a) => a.status === 'open' && !a.caseReview)
    .map((a) => ({
      actionId: a.id,
      what: a.what,
      ownerName: a.owner.name,
      agency: a.agency,
      dueDate: a.dueDate,
      agreedOn: a.agreedOn,
      ...(a.caseId ? { caseId: a.caseId } : {}),
      ...(a.caseReference ? { caseReference: a.caseReference } : {}),
    }))
    .sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.actionId < b.actionId ? -1 : 1));
}

/** The actions whose owner is this Teams user, open ones first by due date. */
export function actionsOwnedBy(actions: readonly TrackedAction[], userId: string): TrackedAction[] {
  const rank = (s: ActionStatus): number => (s === 'open' ? 0 : 1);
  return actions
    .filter((a) => a.owner.id === userId)
    .sort((a, b) => rank(a.status) - rank(b.status) || (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0));
}

/** The actions agreed at a meeting, as tracked records (created when the meeting ends). */
export function trackedActionsFromMeeting(meeting: Meeting): TrackedAction[] {
  const references = caseReferences(meeting);
  const out: TrackedAction[] = [];
  for (const item of meeting.agenda.items) {
    for (const a of meeting.items[item.id]?.actions ?? []) {
      const caseReference = a.caseId ? references.get(a.caseId) : undefined;
      out.push({
        id: a.id,
        meetingId: meeting.id,
        groupId: meeting.groupId,
        itemId: item.id,
        ...(a.caseId ? { caseId: a.caseId } : {}),
        ...(caseReference ? { caseReference } : {}),
        what: a.what,
        owner: a.owner,
        agency: ownerAgency(a.owner),
        dueDate: a.dueDate,
        agreedOn: meeting.date,
        status: 'open',
        history: [{ at: a.at, by: a.by, change: 'created' }],
        ...(meeting.caseReview ? { caseReview: meeting.caseReview } : {}),
      });
    }
  }
  return out;
}

/** Case references known to the meeting's agenda, by case id. */
export function caseReferences(meeting: Pick<Meeting, 'agenda'>): Map<string, string> {
  const refs = new Map<string, string>();
  for (const item of meeting.agenda.items) {
    if (item.kind === 'case') refs.set(item.caseId, item.case.reference);
    else if (item.kind === 'action-review' && item.action.caseId && item.action.caseReference) refs.set(item.action.caseId, item.action.caseReference);
  }
  return refs;
}

export type ActionReminderKind = 'day-before' | 'due-today' | 'overdue';

/**
 * When the reminder engine chases an open action: the working day before it is due, on the due
 * day, and the working day after if it is still open.
 */
export function actionReminderDates(
  dueDate: LocalDate,
  addWorkingDays: (from: LocalDate, days: number) => LocalDate,
): { kind: ActionReminderKind; on: LocalDate }[] {
  return [
    { kind: 'day-before', on: addWorkingDays(dueDate, -1) },
    { kind: 'due-today', on: dueDate },
    { kind: 'overdue', on: addWorkingDays(dueDate, 1) },
  ];
}

/**
 * The actions to send to each owner who is a known Teams user (one personal message each);
 * actions owned by an agency or by someone without a Teams id are returned apart for the chair.
 */
export function actionsByOwner(actions: readonly TrackedAction[]): { byUser: Map<string, TrackedAction[]>; unassigned: TrackedAction[] } {
  const byUser = new Map<string, TrackedAction[]>();
  const unassigned: TrackedAction[] = [];
  for (const action of actions) {
    const userId = action.owner.id;
    if (!userId) {
      unassigned.push(action);
      continue;
    }
    const list = byUser.get(userId);
    if (list) list.push(action);
    else byUser.set(userId, [action]);
  }
  return { byUser, unassigned };
}
