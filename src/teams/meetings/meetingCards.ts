/**
 * The cards of a meeting: the agenda (with the chair's edits), the live meeting card everyone in the channel
 * sees, attendance, the minutes summary with its download link, and actions. A case item shows only what the
 * meeting needs (reference, risk, area, a short summary, initials unless the chair revealed names).
 */
import { randomUUID } from 'node:crypto';
import type { StoredTargetGroup } from '../../db/targetGroups.js';
import {
  agendaOutline, currentItemView, describeDate, itemNumbers, itemReasons, londonTimeOf, standingItemIds, type Meeting, type Minutes, type MinutesItem,
  type TrackedAction,
} from '../../domain/meetings/index.js';
import {
  actionSet, card, choiceInput, container, dateInput, execute, facts, formErrors, heading, note, subheading, text, textInput, warning, type Choice,
  type Element, type FormState,
} from '../cardKit.js';
import { ownerValue, type MeetingPerson } from './forms.js';
import { peoplePicker } from '../peoplePicker.js';
import { MeetingVerbs, meetingFields as m } from './verbs.js';

const MAX_NOTES_SHOWN = 12;
const MAX_TITLE = 90;
const MAX_CORRECTIONS_SHOWN = 5;
const short = (value: string, max = MAX_TITLE) => (value.length > max ? `${value.slice(0, max - 1)}…` : value);
const statusText: Record<Meeting['status'], string> = {
  scheduled: 'Scheduled',
  'in-progress': 'In progress',
  ended: 'Ended: minutes in draft',
  final: 'Minutes final',
  approved: 'Minutes approved',
};
const emptyForm: FormState = { values: {}, errors: {} };

/** "9 headings, 6 items": the headings are numbered, so a count of items alone read as a mistake. */
const agendaSize = (meeting: Meeting) => {
  const [headings, items] = [agendaOutline(meeting.agenda).length, meeting.agenda.items.length];
  return `${headings} heading${headings === 1 ? '' : 's'}, ${items} item${items === 1 ? '' : 's'}`;
};

/** Everyone who can attend or own an action: the chair, the minute-taker and the members. */
export function meetingPeople(meeting: Meeting, group: StoredTargetGroup): MeetingPerson[] {
  const people: MeetingPerson[] = [];
  const add = (p: MeetingPerson) => {
    if (!people.some((q) => (p.id ? q.id === p.id : q.name === p.name))) people.push(p);
  };
  add({ id: meeting.chair.id, name: meeting.chair.name, agency: 'Council' });
  add({ id: meeting.minuteTaker.id, name: meeting.minuteTaker.name, agency: 'Council' });
  for (const member of group.members) add({ ...(member.id ? { id: member.id } : {}), name: member.name, agency: member.agency });
  return people;
}

const MAX_REASON = 140;

/** Sections 1–9 with their items as 3.1, 3.2…, each case with why it is there (masked as the channel reads it). */
function agendaList(meeting: Meeting, options: { current?: number; reasons: boolean }): Element[] {
  const { current } = options;
  const out: Element[] = [];
  for (const section of agendaOutline(meeting.agenda)) {
    out.push(text(`**${section.number}. ${section.heading}**`, { spacing: 'Small' }));
    if (section.items.length === 0) out.push(note('None'));
    for (const { item, index, number } of section.items) {
      const here = index === current;
      // A section that is just its standing item shows its heading only.
      if (number !== section.number) out.push(text(`${here ? '▶ ' : ''}${number} ${short(item.title)}`, { spacing: 'None', size: 'Small', ...(here ? { weight: 'Bolder' } : {}) }));
      else if (item.title !== section.heading || here) out.push(text(`${here ? '▶ ' : ''}${short(item.title)}`, { spacing: 'None', size: 'Small', ...(here ? { weight: 'Bolder' } : {}) }));
      if (options.reasons) for (const reason of itemReasons(meeting, item)) out.push(note(short(reason, MAX_REASON)));
    }
  }
  return out;
}

// ---------------------------------------------------------------- agenda (before the meeting)

export function agendaCard(meeting: Meeting, group: StoredTargetGroup, options: { banner?: Element; form?: FormState } = {}): Element {
  const form = options.form ?? emptyForm;
  const ids = { [m.meetingId]: meeting.id };
  const numbers = itemNumbers(meeting.agenda);
  const itemChoices: Choice[] = meeting.agenda.items.map((item, i) => ({ title: short(`${numbers[i]} ${item.title}`, 60), value: item.id }));
  const editable = meeting.status === 'scheduled';
  return card(
    [
      ...(options.banner ? [options.banner] : []),
      heading(meeting.caseReview ? `ASB Case Review meeting: ${group.name}` : `Agenda: ${group.name}`),
      text(`${describeDate(meeting.date)} · chair ${meeting.chair.name} · minutes ${meeting.minuteTaker.name}`, { spacing: 'None' }),
      note(meeting.caseReview
        ? `${agendaSize(meeting)}. Record each recommendation as an action under Recommendations: it goes into the outcome. Names appear as initials.`
        : `${agendaSize(meeting)}, built from the cases in the group's areas${meeting.agenda.lastMeetingDate ? ` since ${describeDate(meeting.agenda.lastMeetingDate)}` : ''}. Names appear as initials.`),
      ...agendaList(meeting, { reasons: true }),
      ...(editable
        ? [
            container(
              [
                subheading('Chair: change the agenda'),
                ...formErrors(form),
                ...choiceInput(form, m.agendaItem, itemChoices, { label: 'Item' }),
                ...textInput(form, m.toPosition, { label: 'Move to the place of item', placeholder: 'e.g. 3.2' }),
                actionSet([execute('Move', MeetingVerbs.agendaMove, ids), execute('Drop', MeetingVerbs.agendaDrop, ids)]),
                ...textInput(form, m.newItemTitle, { label: 'New item', placeholder: 'e.g. Summer diversionary activities', maxLength: 200 }),
                actionSet([execute('Add item', MeetingVerbs.agendaAdd, ids)]),
              ],
              { separator: true },
            ),
          ]
        : []),
    ],
    editable ? [execute('Start meeting', MeetingVerbs.start, ids, { style: 'positive' })] : [],
  );
}

// ---------------------------------------------------------------- the live meeting card

export interface MeetingCardOptions {
  banner?: Element;
  form?: FormState;
  /** Status of the previous meeting's minutes, for "approve" on the previous-minutes item. */
  previousStatus?: Meeting['status'];
  /** Teams' organisation search in the action owner picker (a real Teams client). */
  search?: boolean;
}

function attendanceFacts(meeting: Meeting): Element {
  const a = meeting.attendance;
  const present = a.present.map((p) => (p.agency ? `${p.name} (${p.agency})` : p.name));
  const guests = a.guests.map((g) => `${g.name} (${g.agency}, guest)`);
  return facts([
    ['Present', [...present, ...guests].join(', ') || 'Not recorded yet'],
    ['Apologies', a.apologies.map((p) => p.name).join(', ')],
  ]);
}

function itemContext(meeting: Meeting): Element[] {
  const view = currentItemView(meeting);
  if (!view) return [];
  const item = meeting.agenda.items[view.index]!;
  const out: Element[] = [note(`Item ${view.number} · ${view.item.section}. ${view.item.sectionTitle} · ${view.index + 1} of ${view.count}`), text(`**${view.item.title}**`, { spacing: 'None' })];
  for (const reason of view.item.reasons) out.push(text(`• ${reason}`, { spacing: 'None', size: 'Small' }));
  if (view.caseView) {
    const c = view.caseView;
    out.push(
      facts([
        ['Case', c.reference],
        ['Risk', c.riskLevel ?? 'not assessed'],
        ['Area', c.area],
        ['People', c.people.map((p) => `${p.role} ${p.shownAs}${p.under18 ? ' (under 18)' : ''}`).join(', ')],
      ]),
    );
    if (c.summary) out.push(text(c.summary, { size: 'Small' }));
    if (!c.namesRevealed) out.push(actionSet([execute('Reveal names (chair)', MeetingVerbs.revealNames, { [m.meetingId]: meeting.id, [m.caseId]: c.caseId })]));
  } else if (item.kind === 'figures') {
    const f = item.figures;
    out.push(
      facts([
        ['New cases', String(f.newCases)],
        ['Incidents', Object.entries(f.incidentsByCategory).map(([k, v]) => `${k} ${v}`).join(', ') || 'None'],
        ['Warnings', Object.entries(f.warningsByStage).map(([k, v]) => `${k}: ${v.under18} under 18, ${v.adult} adult`).join('; ') || 'None recorded'],
      ]),
    );
  } else if (item.kind === 'action-review') {
    out.push(facts([['Owner', `${item.action.ownerName}${item.action.agency ? ` (${item.action.agency})` : ''}`], ['Due', describeDate(item.action.dueDate)], ['Agreed', describeDate(item.action.agreedOn)], ['Case', item.action.caseReference ?? '']]));
  } else if (item.kind === 'custom' && item.detail) {
    out.push(text(item.detail, { size: 'Small' }));
  }
  return out;
}

function recordBlocks(meeting: Meeting, canRemove: boolean): Element[] {
  const view = currentItemView(meeting);
  if (!view) return [];
  const record = view.record;
  const ids = { [m.meetingId]: meeting.id, [m.itemId]: view.item.id, [m.itemVersion]: String(record.version) };
  const out: Element[] = [];
  if (record.notes.length > 0) {
    out.push(subheading('Notes'));
    const hidden = record.notes.length - MAX_NOTES_SHOWN;
    if (hidden > 0) out.push(note(`${hidden} earlier lines are in the minutes.`));
    for (const n of record.notes.slice(-MAX_NOTES_SHOWN)) {
      const line = [text(n.text, { spacing: 'Small' }), note(`${n.author}, ${londonTimeOf(n.at)}${n.source === 'thread' ? ' · from the thread' : ''}`)];
      out.push(
        n.source === 'thread' && canRemove
          ? { type: 'ColumnSet', columns: [{ type: 'Column', width: 'stretch', items: line }, { type: 'Column', width: 'auto', items: [actionSet([execute('Remove', MeetingVerbs.removeLine, { ...ids, [m.noteId]: n.id })])] }] }
          : container(line),
      );
    }
  }
  if (record.decisions.length > 0) {
    out.push(subheading('Decisions'));
    for (const d of record.decisions) out.push(text(`• ${d.text}`, { spacing: 'Small' }));
  }
  if (record.actions.length > 0) {
    out.push(subheading('Actions'));
    for (const a of record.actions) out.push(text(`• ${a.what}: **${a.owner.name}**${a.owner.kind === 'member' ? ` (${a.owner.agency})` : ''}, due ${describeDate(a.dueDate)}`, { spacing: 'Small' }));
  }
  return out;
}

function captureInputs(meeting: Meeting, group: StoredTargetGroup, form: FormState, previousStatus?: Meeting['status'], search = false): Element[] {
  const view = currentItemView(meeting);
  if (!view) return [];
  const ids = { [m.meetingId]: meeting.id, [m.itemId]: view.item.id, [m.itemVersion]: String(view.record.version) };
  const people = meetingPeople(meeting, group);
  // A person or an agency; in Teams the picker also searches the organisation (it answers with an object id).
  const owners = [
    ...people.map((p) => ({ name: `${p.name} (${p.agency})`, id: ownerValue.person(p) })),
    ...group.memberAgencies.map((agency) => ({ name: `${agency} (agency)`, id: ownerValue.agency(agency) })),
  ];
  const approve =
    view.item.id === standingItemIds.previousMinutes && (previousStatus === 'ended' || previousStatus === 'final')
      ? [actionSet([execute('Approve previous minutes', MeetingVerbs.approvePrevious, { [m.meetingId]: meeting.id })])]
      : previousStatus === 'approved' && view.item.id === standingItemIds.previousMinutes
        ? [note('The previous minutes are approved and read-only; a correction is appended to them.'), actionSet([execute('Add a correction', MeetingVerbs.correctionForm, { [m.meetingId]: meeting.id })])]
        : [];
  return [
    ...approve,
    container(
      [
        ...formErrors(form),
        ...textInput(form, m.noteText, { label: 'Note', multiline: true, maxLength: 4000 }),
        actionSet([execute('Add note', MeetingVerbs.addNote, ids)]),
        ...textInput(form, m.decisionText, { label: 'Decision', maxLength: 4000 }),
        actionSet([execute('Add decision', MeetingVerbs.addDecision, ids)]),
        ...textInput(form, m.actionWhat, { label: 'Action', maxLength: 1000 }),
        {
          type: 'ColumnSet',
          columns: [
            { type: 'Column', width: 'stretch', items: peoplePicker(form, m.actionOwner, owners, { label: 'Owner', search, hint: false }) },
            { type: 'Column', width: 'stretch', items: dateInput(form, m.actionDue, { label: 'Due' }) },
          ],
        },
        ...(search ? [note('Owner: a person or agency listed, or type a name to search your organisation.')] : []),
        actionSet([execute('Add action', MeetingVerbs.addAction, ids)]),
      ],
      { separator: true },
    ),
  ];
}

export function meetingCard(meeting: Meeting, group: StoredTargetGroup, options: MeetingCardOptions = {}): Element {
  const ids = { [m.meetingId]: meeting.id };
  const running = meeting.status === 'in-progress';
  const at = String(meeting.currentItemIndex ?? 0);
  const body: Element[] = [
    ...(options.banner ? [options.banner] : []),
    heading(group.name),
    text(`${describeDate(meeting.date)} · **${statusText[meeting.status]}** · chair ${meeting.chair.name}, minutes ${meeting.minuteTaker.name}`, { spacing: 'None' }),
    attendanceFacts(meeting),
    ...(running
      ? [
          container(itemContext(meeting), { style: 'emphasis', separator: true }),
          ...recordBlocks(meeting, true),
          ...captureInputs(meeting, group, options.form ?? emptyForm, options.previousStatus, options.search),
          note('Replies in this card\'s thread are added to the open item\'s notes. Start a reply with /off to keep it out of the minutes.'),
        ]
      : [note(meeting.status === 'scheduled' ? 'The meeting has not started.' : 'The meeting has ended. The minutes are in the channel.')]),
    actionSet([{ type: 'Action.ToggleVisibility', title: `Agenda (${meeting.agenda.items.length} items)`, targetElements: ['agendaList'] }]),
    container(agendaList(meeting, { current: running ? (meeting.currentItemIndex ?? undefined) : undefined, reasons: false }), { id: 'agendaList', isVisible: false }),
  ];
  const actions = running
    ? [
        execute('Previous', MeetingVerbs.previous, { ...ids, [m.at]: at }),
        execute('Next', MeetingVerbs.next, { ...ids, [m.at]: at }, { style: 'positive' }),
        execute('Attendance', MeetingVerbs.attendanceForm, ids),
        execute('End meeting', MeetingVerbs.end, ids, { style: 'destructive' }),
      ]
    : meeting.status === 'scheduled'
      ? [execute('Start meeting', MeetingVerbs.start, ids, { style: 'positive' })]
      : [];
  return card(body, actions);
}

export function attendanceCard(meeting: Meeting, group: StoredTargetGroup, form: FormState = emptyForm): Element {
  const people = meetingPeople(meeting, group);
  const choices = people.map((p) => ({ title: `${p.name} (${p.agency})`, value: ownerValue.person(p) }));
  const key = (p: { id?: string; name: string }) => ownerValue.person(p);
  const values = {
    [m.present]: meeting.attendance.present.map(key).join(','),
    [m.apologies]: meeting.attendance.apologies.map(key).join(','),
    [m.guests]: meeting.attendance.guests.map((g) => `${g.name}, ${g.agency}`).join('\n'),
    ...form.values,
  };
  const filled: FormState = { values, errors: form.errors };
  return card(
    [
      heading(`Attendance: ${group.name}`),
      note(describeDate(meeting.date)),
      ...formErrors(filled),
      ...choiceInput(filled, m.present, choices, { label: 'Present', multi: true }),
      ...choiceInput(filled, m.apologies, choices, { label: 'Apologies', multi: true }),
      ...textInput(filled, m.guests, { label: 'Guests (one per line: Name, Agency)', multiline: true, maxLength: 2000 }),
    ],
    [execute('Save attendance', MeetingVerbs.attendance, { [m.meetingId]: meeting.id }, { style: 'positive' }), execute('Back to meeting', MeetingVerbs.show, { [m.meetingId]: meeting.id })],
  );
}

/** Offered when Teams says the group's channel meeting started or ended. */
/** 'Start the meeting for 10 December now (today is 1 December)?' before a meeting starts on another day. */
export function startOnAnotherDayCard(meeting: Meeting, today: string): Element {
  const dayMonth = (d: string) => describeDate(d).split(' ').slice(1, 3).join(' ');
  const ids = { [m.meetingId]: meeting.id };
  return card(
    [text(`Start the meeting for ${dayMonth(meeting.date)} now (today is ${dayMonth(today)})?`, { wrap: true }), note('The minutes will be dated today, the day the meeting is held.')],
    [execute('Start, and date the minutes today', MeetingVerbs.start, { ...ids, [m.heldOn]: today }, { style: 'positive' }), execute('Cancel', MeetingVerbs.cancelStart, ids)],
  );
}

export function meetingEventCard(kind: 'started' | 'ended', meeting: Meeting, group: StoredTargetGroup): Element {
  const ids = { [m.meetingId]: meeting.id };
  return kind === 'started'
    ? card([text(`The ${group.name} meeting has started in Teams. Start taking the minutes here?`)], [execute('Start meeting', MeetingVerbs.start, ids, { style: 'positive' })])
    : card([text(`The ${group.name} meeting has ended in Teams. Finish the minutes and send everyone their actions?`)], [execute('End meeting and publish the minutes', MeetingVerbs.end, ids, { style: 'positive' })]);
}

// ---------------------------------------------------------------- after the meeting

/** The corrections appended to final or approved minutes, and (for those minutes) the box to append another. */
function correctionBlocks(minutes: Minutes, meeting: Meeting, form: FormState): Element[] {
  const latest = minutes.corrections.slice(-MAX_CORRECTIONS_SHOWN);
  const earlier = minutes.corrections.length - latest.length;
  const shown = [
    ...(earlier > 0 ? [note(`${earlier} earlier corrections are in the document.`)] : []),
    ...latest.map((c) => text(`• ${short(c.text, 300)} (${c.by}, ${c.at})`, { spacing: 'Small' })),
  ];
  const open = meeting.status === 'final' || meeting.status === 'approved';
  if (!open) return shown.length > 0 ? [subheading('Corrections'), ...shown] : [];
  return [
    subheading('Corrections'),
    ...(shown.length > 0 ? shown : [note('None yet. The minutes are not edited once final; a correction is appended here and in the document.')]),
    container(
      [
        ...formErrors(form),
        ...textInput(form, m.correctionText, { label: 'Correction (chair)', multiline: true, maxLength: 2000 }),
        actionSet([execute('Add correction', MeetingVerbs.addCorrection, { [m.meetingId]: meeting.id, [m.submitKey]: form.values[m.submitKey] ?? randomUUID() })]),
      ],
      { separator: true },
    ),
  ];
}

const MAX_DISCUSSION_CHARS = 9000;
const MAX_LINE = 240;

/**
 * Each item's notes and decisions, collapsed under its number (Action.ToggleVisibility) so the card stays under
 * Teams' size limit; the text is the minutes' own, already masked. What does not fit is in the document.
 */
function discussionBlocks(minutes: Minutes): Element[] {
  let budget = MAX_DISCUSSION_CHARS;
  let left = 0;
  const out: Element[] = [];
  const recorded = minutes.items.filter((i) => i.notes.length + i.decisions.length > 0);
  recorded.forEach((item: MinutesItem, k) => {
    const lines = [...item.decisions.map((d) => `**Decision:** ${short(d, MAX_LINE)}`), ...item.notes.map((n) => `${short(n.text, MAX_LINE)} (${n.author}, ${n.time})`)];
    const shown: string[] = [];
    for (const line of lines) {
      if (budget - line.length < 0) break;
      budget -= line.length;
      shown.push(line);
    }
    left += lines.length - shown.length;
    if (shown.length === 0) return;
    const id = `discussion${k}`;
    const counts = [item.notes.length ? `${item.notes.length} note${item.notes.length === 1 ? '' : 's'}` : '', item.decisions.length ? `${item.decisions.length} decision${item.decisions.length === 1 ? '' : 's'}` : ''].filter(Boolean).join(', ');
    out.push(
      actionSet([{ type: 'Action.ToggleVisibility', title: short(`${item.number} ${item.title} (${counts})`, 80), targetElements: [id] }]),
      container(shown.map((line) => text(line, { spacing: 'Small', size: 'Small' })), { id, isVisible: false, spacing: 'None' }),
    );
  });
  if (out.length === 0) return [];
  return [subheading('Notes and decisions'), ...out, ...(left > 0 ? [note(`${left} more lines are in the document.`)] : [])];
}

export function summaryCard(minutes: Minutes, meeting: Meeting, link: { url: string; expiresOn: string }, options: { banner?: Element; form?: FormState } = {}): Element {
  const h = minutes.header;
  const actions = minutes.actionTable.slice(0, 30);
  return card(
    [
      ...(options.banner ? [options.banner] : []),
      text(minutes.marking, { color: 'Attention', weight: 'Bolder', horizontalAlignment: 'Center' }),
      heading(`Minutes: ${h.groupName}`),
      text(`${h.dateText} · **${minutes.statusText}**`, { spacing: 'None' }),
      facts([
        ['Chair', h.chair],
        ['Minute-taker', h.minuteTaker],
        ['Present', [...h.present, ...h.guests].join('; ')],
        ['Apologies', h.apologies.join('; ')],
        ['Items', String(minutes.items.length)],
        ['Information shared under', h.infoSharingBasis],
      ]),
      ...discussionBlocks(minutes),
      subheading(`Actions (${minutes.actionTable.length})`),
      ...(actions.length > 0
        ? actions.map((a) => text(`**${a.ref}** ${short(a.what, 140)}: ${a.owner}${a.agency && a.agency !== a.owner ? ` (${a.agency})` : ''}, due ${a.due}${a.caseReference ? ` · ${a.caseReference}` : ''}`, { spacing: 'Small' }))
        : [note('No actions were agreed.')]),
      ...(minutes.actionTable.length > actions.length ? [note(`${minutes.actionTable.length - actions.length} more actions are in the document.`)] : []),
      ...correctionBlocks(minutes, meeting, options.form ?? emptyForm),
      note(`The download link works until ${describeDate(link.expiresOn)}. Each download is recorded. Owners have been sent their actions.`),
    ],
    [
      { type: 'Action.OpenUrl', title: 'Download minutes (.docx)', url: link.url },
      ...(meeting.status === 'ended' ? [execute('Mark minutes final', MeetingVerbs.markFinal, { [m.meetingId]: meeting.id })] : []),
    ],
  );
}

export function ownerActionsCard(group: StoredTargetGroup, meeting: Meeting, actions: readonly TrackedAction[]): Element {
  return card(
    [
      heading('Your actions from the target group'),
      text(`${group.name}, ${describeDate(meeting.date)}`, { spacing: 'None' }),
      ...actions.map((a) => container([text(`**${a.what}**`), note(`Due ${describeDate(a.dueDate)}${a.caseReference ? ` · ${a.caseReference}` : ''}`)], { separator: true })),
      note('You will be reminded the working day before each is due. Mark them done in "my actions".'),
    ],
    [execute('My actions', MeetingVerbs.myActions)],
  );
}

export function myActionsCard(actions: readonly TrackedAction[], options: { banner?: Element; form?: FormState } = {}): Element {
  const form = options.form ?? emptyForm;
  const open = actions.filter((a) => a.status === 'open');
  const closed = actions.filter((a) => a.status !== 'open').slice(0, 5);
  const row = (a: TrackedAction): Element =>
    container(
      [
        text(`**${short(a.what, 200)}**`),
        note(`Due ${describeDate(a.dueDate)} · agreed ${describeDate(a.agreedOn)}${a.caseReference ? ` · ${a.caseReference}` : ''}${a.status !== 'open' ? ` · ${a.status}${a.droppedReason ? `: ${a.droppedReason}` : ''}` : ''}`),
        ...(a.status === 'open'
          ? [actionSet([execute('Done', MeetingVerbs.actionDone, { [m.actionId]: a.id }, { style: 'positive' }), execute('Drop', MeetingVerbs.actionDrop, { [m.actionId]: a.id })])]
          : []),
      ],
      { separator: true },
    );
  return card([
    ...(options.banner ? [options.banner] : []),
    heading('My actions'),
    note(open.length === 0 ? 'You have no open actions from target group meetings.' : `${open.length} open`),
    ...open.map(row),
    ...(open.length > 0 ? textInput(form, m.dropReason, { label: 'Reason (needed to drop an action)', maxLength: 500 }) : []),
    ...(closed.length > 0 ? [subheading('Recently closed'), ...closed.map(row)] : []),
  ]);
}

export const bannerText = (message: string): Element => text(message, { color: 'Good', weight: 'Bolder' });
export const bannerWarning = (message: string): Element => warning(message);
