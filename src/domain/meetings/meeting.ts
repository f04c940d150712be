import { z } from 'zod';
import { describeDate, instantSchema, localDateSchema, type LocalDate } from './dates.js';
import { describeReason, itemNumbers, peopleNamedBy, sectionTitleOf, type Agenda, type AgendaItem } from './agenda.js';
import { actionOwnerSchema, type ActionOwner } from './actions.js';
import type { PersonRef, TargetGroup } from './targetGroup.js';
import { caseItemView, type CaseItemView } from './privacy.js';
import { maskNames } from '../privacy/masking.js';

/**
 * One target group meeting, from scheduled to approved minutes. Every function is a pure
 * transition returning a new Meeting or a refusal; edits on an item carry the version the editor
 * saw, so two people editing the same item never silently overwrite each other.
 */

export const meetingStatuses = ['scheduled', 'in-progress', 'ended', 'final', 'approved'] as const;
export type MeetingStatus = (typeof meetingStatuses)[number];

export const attendeeSchema = z.object({
  id: z.string().min(1).optional(),
  name: z.string().trim().min(1).max(120),
  agency: z.string().trim().max(120).default(''),
});
export type Attendee = z.infer<typeof attendeeSchema>;
export const guestSchema = z.object({ name: z.string().trim().min(1).max(120), agency: z.string().trim().min(1).max(120) });
export type Guest = z.infer<typeof guestSchema>;

export const attendanceSchema = z.object({
  present: z.array(attendeeSchema).default([]),
  apologies: z.array(attendeeSchema).default([]),
  guests: z.array(guestSchema).default([]),
});
export type Attendance = z.infer<typeof attendanceSchema>;

export interface Note {
  id: string;
  text: string;
  author: string;
  authorId?: string;
  at: string;
  source: 'card' | 'thread';
  /** For a thread reply: its activity's key, so the same message delivered twice is minuted once. */
  key?: string;
}
export interface Decision {
  id: string;
  text: string;
  by: string;
  at: string;
}
export interface MeetingAction {
  id: string;
  what: string;
  owner: ActionOwner;
  dueDate: LocalDate;
  caseId?: string;
  by: string;
  at: string;
}
export interface ItemRecord {
  notes: Note[];
  decisions: Decision[];
  actions: MeetingAction[];
  version: number;
}
/** After approval the minutes are read-only; a correction is appended, never edited in. */
export interface Correction {
  id: string;
  text: string;
  by: string;
  at: string;
  /** The correction form's own key: the same submission appends one correction. */
  key?: string;
}

export interface Meeting {
  id: string;
  groupId: string;
  date: LocalDate;
  status: MeetingStatus;
  chair: PersonRef;
  minuteTaker: PersonRef;
  attendance: Attendance;
  agenda: Agenda;
  /** Index into agenda.items of the item under discussion; null before the start. */
  currentItemIndex: number | null;
  items: Record<string, ItemRecord>;
  /** Cases whose names the chair has revealed on the card. */
  revealedCaseIds: string[];
  corrections: Correction[];
  /** Counter behind note, decision and action ids, unique within the meeting. */
  seq: number;
  startedAt?: string;
  endedAt?: string;
  finalAt?: string;
  approvedAt?: string;
  approvedBy?: string;
  /** An ASB Case Review meeting (src/domain/caseReview/meeting.ts): run from its own card, apart from the group's cycle. */
  caseReview?: { applicationId: string };
}

export type Refusal =
  | 'wrong-status'
  | 'read-only'
  | 'not-found'
  | 'no-open-item'
  | 'invalid'
  | 'not-allowed'
  | 'moved-on';

export type MeetingResult =
  | { ok: true; meeting: Meeting }
  | { ok: false; reason: 'conflict'; itemId: string; currentVersion: number; current: ItemRecord }
  | { ok: false; reason: Refusal; message?: string };

const emptyRecord = (): ItemRecord => ({ notes: [], decisions: [], actions: [], version: 0 });

export function itemRecord(meeting: Meeting, itemId: string): ItemRecord {
  return meeting.items[itemId] ?? emptyRecord();
}

export interface NewMeeting {
  id: string;
  group: Pick<TargetGroup, 'id' | 'chair' | 'minuteTaker'>;
  date: LocalDate;
  agenda: Agenda;
  /** A different minute-taker for this meeting. */
  minuteTaker?: PersonRef;
}

export function createMeeting(input: NewMeeting): Meeting {
  localDateSchema.parse(input.date);
  return {
    id: input.id,
    groupId: input.group.id,
    date: input.date,
    status: 'scheduled',
    chair: input.group.chair,
    minuteTaker: input.minuteTaker ?? input.group.minuteTaker,
    attendance: { present: [], apologies: [], guests: [] },
    agenda: input.agenda,
    currentItemIndex: null,
    items: {},
    revealedCaseIds: [],
    corrections: [],
    seq: 0,
  };
}

const refuse = (reason: Refusal, message?: string): MeetingResult => ({ ok: false, reason, ...(message ? { message } : {}) });

/** The chair's agenda edits (reorder, drop, add) apply while the meeting is still scheduled. */
export function setAgenda(meeting: Meeting, agenda: Agenda): MeetingResult {
  if (meeting.status !== 'scheduled') return refuse('wrong-status', 'The agenda can only be changed before the meeting starts.');
  return { ok: true, meeting: { ...meeting, agenda } };
}

/**
 * Starts the meeting. `heldOn` is the day it is really held: the minutes carry the actual date, so a meeting
 * started on another day than planned is re-dated (the chair is asked first: see startsOnAnotherDay).
 */
export function startMeeting(meeting: Meeting, at: string, heldOn?: string): MeetingResult {
  if (meeting.status !== 'scheduled') return refuse('wrong-status');
  if (meeting.agenda.items.length === 0) return refuse('invalid', 'The agenda is empty.');
  return { ok: true, meeting: { ...meeting, ...(heldOn ? { date: heldOn } : {}), status: 'in-progress', startedAt: at, currentItemIndex: 0 } };
}

/** True when a scheduled meeting would start on a day other than its date: the chair must confirm. */
export function startsOnAnotherDay(meeting: Meeting, today: string): boolean {
  return meeting.status === 'scheduled' && meeting.date !== today;
}

export function currentItem(meeting: Meeting): AgendaItem | undefined {
  if (meeting.status !== 'in-progress' || meeting.currentItemIndex === null) return undefined;
  return meeting.agenda.items[meeting.currentItemIndex];
}

/**
 * Moves between items. `fromIndex` is the item the clicker saw: if someone else already moved,
 * the click is refused rather than skipping an item.
 */
export function moveToItem(meeting: Meeting, toIndex: number, fromIndex?: number): MeetingResult {
  if (meeting.status !== 'in-progress' || meeting.currentItemIndex === null) return refuse('wrong-status');
  if (fromIndex !== undefined && fromIndex !== meeting.currentItemIndex) return refuse('moved-on');
  if (!Number.isInteger(toIndex) || toIndex < 0 || toIndex >= meeting.agenda.items.length) return refuse('not-found');
  return { ok: true, meeting: { ...meeting, currentItemIndex: toIndex } };
}

export function moveNext(meeting: Meeting, fromIndex?: number): MeetingResult {
  const at = meeting.currentItemIndex ?? 0;
  return moveToItem(meeting, Math.min(at + 1, meeting.agenda.items.length - 1), fromIndex);
}

export function movePrevious(meeting: Meeting, fromIndex?: number): MeetingResult {
  const at = meeting.currentItemIndex ?? 0;
  return moveToItem(meeting, Math.max(at - 1, 0), fromIndex);
}

function personKey(p: { id?: string; name: string }): string {
  return p.id ?? `name:${p.name.trim().toLowerCase()}`;
}

/** Replaces the attendance. Nobody can be both present and giving apologies. */
export function recordAttendance(meeting: Meeting, attendance: z.input<typeof attendanceSchema>): MeetingResult {
  if (meeting.status === 'approved') return refuse('read-only');
  const parsed = attendanceSchema.safeParse(attendance);
  if (!parsed.success) return refuse('invalid', parsed.error.issues[0]?.message);
  const present = new Set(parsed.data.present.map(personKey));
  const both = parsed.data.apologies.find((a) => present.has(personKey(a)));
  if (both) return refuse('invalid', `${both.name} is listed as present and as giving apologies.`);
  return { ok: true, meeting: { ...meeting, attendance: parsed.data } };
}

function editableItem(meeting: Meeting, itemId: string, expectedVersion: number): MeetingResult | ItemRecord {
  if (meeting.status === 'approved') return refuse('read-only', 'The minutes are approved; add a correction instead.');
  if (meeting.status === 'scheduled') return refuse('wrong-status', 'The meeting has not started.');
  if (!meeting.agenda.items.some((i) => i.id === itemId)) return refuse('not-found');
  const record = itemRecord(meeting, itemId);
  if (record.version !== expectedVersion) return { ok: false, reason: 'conflict', itemId, currentVersion: record.version, current: record };
  return record;
}

function withItem(meeting: Meeting, itemId: string, record: ItemRecord, seqUsed: number): Meeting {
  return { ...meeting, seq: meeting.seq + seqUsed, items: { ...meeting.items, [itemId]: { ...record, version: record.version + 1 } } };
}

function nextId(meeting: Meeting, letter: 'n' | 'd' | 'a' | 'c'): string {
  return `${meeting.id}/${letter}${meeting.seq + 1}`;
}

export interface Edit {
  by: string;
  byId?: string;
  at: string;
}

const textSchema = z.string().trim().min(1).max(4000);

/** A note typed on the meeting card by the minute-taker. */
export function addNote(meeting: Meeting, itemId: string, text: string, edit: Edit, expectedVersion: number): MeetingResult {
  const record = editableItem(meeting, itemId, expectedVersion);
  if ('ok' in record) return record;
  const parsed = textSchema.safeParse(text);
  if (!parsed.success) return refuse('invalid', 'A note needs some text.');
  const note: Note = { id: nextId(meeting, 'n'), text: parsed.data, author: edit.by, ...(edit.byId ? { authorId: edit.byId } : {}), at: edit.at, source: 'card' };
  return { ok: true, meeting: withItem(meeting, itemId, { ...record, notes: [...record.notes, note] }, 1) };
}

export function removeCapturedLine(meeting: Meeting, itemId: string, noteId: string, expectedVersion: number): MeetingResult {
  const record = editableItem(meeting, itemId, expectedVersion);
  if ('ok' in record) return record;
  if (!record.notes.some((n) => n.id === noteId)) return refuse('not-found');
  return { ok: true, meeting: withItem(meeting, itemId, { ...record, notes: record.notes.filter((n) => n.id !== noteId) }, 0) };
}

export function addDecision(meeting: Meeting, itemId: string, text: string, edit: Edit, expectedVersion: number): MeetingResult {
  const record = editableItem(meeting, itemId, expectedVersion);
  if ('ok' in record) return record;
  const parsed = textSchema.safeParse(text);
  if (!parsed.success) return refuse('invalid', 'A decision needs some text.');
  const decision: Decision = { id: nextId(meeting, 'd'), text: parsed.data, by: edit.by, at: edit.at };
  return { ok: true, meeting: withItem(meeting, itemId, { ...record, decisions: [...record.decisions, decision] }, 1) };
}

export const newActionSchema = z.object({
  what: z.string().trim().min(1).max(1000),
  owner: actionOwnerSchema,
  dueDate: localDateSchema,
  caseId: z.string().min(1).optional(),
});
export type NewAction = z.input<typeof newActionSchema>;

export function addAction(meeting: Meeting, itemId: string, input: NewAction, edit: Edit, expectedVersion: number): MeetingResult {
  const record = editableItem(meeting, itemId, expectedVersion);
  if ('ok' in record) return record;
  const parsed = newActionSchema.safeParse(input);
  if (!parsed.success) return refuse('invalid', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  // An action is agreed on the day the meeting is held; it cannot fall due before that.
  if (parsed.data.dueDate < meeting.date) return refuse('invalid', `Due date: it can't be before ${describeDate(meeting.date)}, the day the action was agreed.`);
  const item = meeting.agenda.items.find((i) => i.id === itemId);
  const itemCaseId = item && 'caseId' in item ? item.caseId : undefined;
  const caseId = parsed.data.caseId ?? itemCaseId;
  const action: MeetingAction = {
    id: nextId(meeting, 'a'),
    what: parsed.data.what,
    owner: parsed.data.owner,
    dueDate: parsed.data.dueDate,
    ...(caseId ? { caseId } : {}),
    by: edit.by,
    at: edit.at,
  };
  return { ok: true, meeting: withItem(meeting, itemId, { ...record, actions: [...record.actions, action] }, 1) };
}

// ---------------------------------------------------------------- thread capture

export type CaptureResult =
  | { ok: true; meeting: Meeting; note: Note }
  | { ok: false; reason: 'off-the-record' | 'no-open-item' | 'empty' };

const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&apos;': "'", '&nbsp;': ' ' };

/** The plain text of a Teams channel message: bot @mentions and HTML markup removed. */
export function messagePlainText(text: string): string {
  return text
    .replace(/<at\b[^>]*>[\s\S]*?<\/at>/gi, ' ')
    .replace(/<br\s*\/?>|<\/p>|<\/div>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(amp|lt|gt|quot|#39|apos|nbsp);/g, (m) => entities[m] ?? m)
    .replace(/[ \t]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();
}

/** True when a message asks to stay out of the minutes: it starts with /off (any case). */
export function isOffTheRecord(plainText: string): boolean {
  return plainText.trimStart().toLowerCase().startsWith('/off');
}

/** The slash words understood in a meeting's thread; all other text there is minuted, never taken as a command. */
export type ThreadWord = { kind: 'minute' } | { kind: 'off' } | { kind: 'next' } | { kind: 'previous' } | { kind: 'unknown'; word: string };

export function threadWordOf(plainText: string): ThreadWord {
  if (isOffTheRecord(plainText)) return { kind: 'off' };
  const word = /^\s*\/(\S*)/.exec(plainText)?.[1]?.toLowerCase();
  if (word === undefined) return { kind: 'minute' };
  if (word === 'next') return { kind: 'next' };
  if (word === 'prev' || word === 'previous') return { kind: 'previous' };
  return { kind: 'unknown', word };
}

export const THREAD_HINT = 'In the meeting thread everything is minuted. Start with /off to keep a message out, /next or /prev to move item.';

/**
 * A message posted in the meeting card's reply thread becomes a note on the open item, with its
 * author and time. Nothing is captured when no item is open or the message starts with /off.
 */
export function captureThreadMessage(meeting: Meeting, text: string, author: { name: string; id?: string }, at: string, key?: string): CaptureResult {
  const minuted = key ? Object.values(meeting.items).flatMap((record) => record.notes).find((n) => n.key === key) : undefined;
  if (minuted) return { ok: true, meeting, note: minuted };
  const item = currentItem(meeting);
  if (!item) return { ok: false, reason: 'no-open-item' };
  const plain = messagePlainText(text);
  if (isOffTheRecord(plain)) return { ok: false, reason: 'off-the-record' };
  if (plain === '') return { ok: false, reason: 'empty' };
  const record = itemRecord(meeting, item.id);
  const note: Note = { id: nextId(meeting, 'n'), text: plain.slice(0, 4000), author: author.name, ...(author.id ? { authorId: author.id } : {}), at, source: 'thread', ...(key ? { key } : {}) };
  return { ok: true, note, meeting: withItem(meeting, item.id, { ...record, notes: [...record.notes, note] }, 1) };
}

// ---------------------------------------------------------------- privacy on the card

export function canRunMeeting(meeting: Meeting, userId: string): boolean {
  return userId === meeting.chair.id || userId === meeting.minuteTaker.id;
}

/** Only the chair reveals names on a case item. */
export function revealNames(meeting: Meeting, caseId: string, byUserId: string): MeetingResult {
  if (byUserId !== meeting.chair.id) return refuse('not-allowed', 'Only the chair can reveal names.');
  if (!meeting.agenda.items.some((i) => i.kind === 'case' && i.caseId === caseId)) return refuse('not-found');
  if (meeting.revealedCaseIds.includes(caseId)) return { ok: true, meeting };
  return { ok: true, meeting: { ...meeting, revealedCaseIds: [...meeting.revealedCaseIds, caseId] } };
}

// ---------------------------------------------------------------- finishing

export function endMeeting(meeting: Meeting, at: string): MeetingResult {
  if (meeting.status !== 'in-progress') return refuse('wrong-status');
  return { ok: true, meeting: { ...meeting, status: 'ended', endedAt: at } };
}

export function markFinal(meeting: Meeting, at: string): MeetingResult {
  if (meeting.status !== 'ended') return refuse('wrong-status');
  return { ok: true, meeting: { ...meeting, status: 'final', finalAt: at } };
}

/** The chair approves the previous minutes at the next meeting; from then on they are read-only. */
export function approveMinutes(meeting: Meeting, at: string, byUserId: string): MeetingResult {
  if (meeting.status !== 'ended' && meeting.status !== 'final') return refuse('wrong-status');
  if (byUserId !== meeting.chair.id) return refuse('not-allowed', 'Only the chair approves the minutes.');
  return { ok: true, meeting: { ...meeting, status: 'approved', approvedAt: at, approvedBy: byUserId } };
}

/** Appends a correction; the same submission (`key`) again leaves the meeting as it is (the very same object). */
export function appendCorrection(meeting: Meeting, text: string, edit: Edit, key?: string): MeetingResult {
  if (key && meeting.corrections.some((c) => c.key === key)) return { ok: true, meeting };
  if (meeting.status !== 'approved' && meeting.status !== 'final') return refuse('wrong-status', 'Edit the minutes directly until they are final.');
  const parsed = textSchema.safeParse(text);
  if (!parsed.success) return refuse('invalid', 'A correction needs some text.');
  const correction: Correction = { id: nextId(meeting, 'c'), text: parsed.data, by: edit.by, at: edit.at, ...(key ? { key } : {}) };
  return { ok: true, meeting: { ...meeting, seq: meeting.seq + 1, corrections: [...meeting.corrections, correction] } };
}

export const minutesDueWithinWorkingDays = 10;

/** The minutes should be final within 10 working days of the meeting; the chair is reminded after. */
export function minutesDueBy(endedOn: LocalDate, addWorkingDays: (from: LocalDate, days: number) => LocalDate): LocalDate {
  return addWorkingDays(endedOn, minutesDueWithinWorkingDays);
}

/** Validates an ISO instant handed to a transition (at the edges). */
export function isInstant(value: string): boolean {
  return instantSchema.safeParse(value).success;
}

// ---------------------------------------------------------------- what the meeting card shows

export interface CurrentItemView {
  index: number;
  count: number;
  /** '3.2': the agenda's numbering. */
  number: string;
  /** The item without the case record itself: names only travel through caseView. */
  item: { id: string; kind: AgendaItem['kind']; section: AgendaItem['section']; sectionTitle: string; title: string; reasons: string[] };
  record: ItemRecord;
  /** For a case item: the privacy-safe view (initials unless the chair revealed names; never an address). */
  caseView?: CaseItemView;
}

/** The names free text about this item must not show: the case's people, unless the chair revealed them. */
function hiddenNames(meeting: Meeting, item: AgendaItem): string[] {
  const named = peopleNamedBy(meeting.agenda, item);
  return named && !meeting.revealedCaseIds.includes(named.caseId) ? named.names : [];
}

/** Why a case is on the agenda ("Nominated by PC Alan Moss: …"), masked as the channel may read it. */
export function itemReasons(meeting: Meeting, item: AgendaItem): string[] {
  const names = hiddenNames(meeting, item);
  return item.kind === 'case' ? item.reasons.map((r) => maskNames(describeReason(r), names)) : [];
}

export function currentItemView(meeting: Meeting): CurrentItemView | undefined {
  const item = currentItem(meeting);
  if (!item || meeting.currentItemIndex === null) return undefined;
  // Free text about a case (reasons, notes) shows initials unless the chair revealed names for this meeting.
  const names = hiddenNames(meeting, item);
  const record = itemRecord(meeting, item.id);
  return {
    index: meeting.currentItemIndex,
    count: meeting.agenda.items.length,
    number: itemNumbers(meeting.agenda)[meeting.currentItemIndex] ?? String(item.section),
    item: {
      id: item.id,
      kind: item.kind,
      section: item.section,
      sectionTitle: sectionTitleOf(meeting.agenda, item.section),
      title: item.title,
      reasons: itemReasons(meeting, item),
    },
    record: names.length === 0 ? record : { ...record, notes: record.notes.map((n) => ({ ...n, text: maskNames(n.text, names) })), decisions: record.decisions.map((d) => ({ ...d, text: maskNames(d.text, names) })) },
    ...(item.kind === 'case' ? { caseView: caseItemView(item.case, meeting.revealedCaseIds.includes(item.caseId)) } : {}),
  };
}
