import { londonDate } from '../calendar/localDate.js';
import { describeDate, londonTimeOf } from './dates.js';
import { agendaOutline, describeReason, itemNumbers, peopleNamedBy, sectionTitleOf, type AgendaSectionNumber } from './agenda.js';
import { caseReferences, ownerAgency } from './actions.js';
import type { Attendee, Guest, Meeting, MeetingStatus } from './meeting.js';
import type { TargetGroup } from './targetGroup.js';
import { initials } from './privacy.js';
import { maskNames } from '../privacy/masking.js';

/** The minutes of a meeting as a plain structured value; documents and cards render it. */

export const protectiveMarking = 'OFFICIAL-SENSITIVE';

export type MinutesStatus = 'draft' | 'final' | 'approved';

export interface MinutesHeader {
  groupName: string;
  areas: string[];
  date: string;
  dateText: string;
  chair: string;
  minuteTaker: string;
  present: string[];
  apologies: string[];
  guests: string[];
  infoSharingBasis: string;
}

export interface MinutesNote {
  text: string;
  author: string;
  time: string;
}

export interface MinutesAction {
  ref: string;
  what: string;
  owner: string;
  agency: string;
  due: string;
  caseReference: string;
}

export interface MinutesItem {
  /** '1', '3.2': the agenda's own numbering. */
  number: string;
  section: AgendaSectionNumber;
  sectionTitle: string;
  title: string;
  /** Why a case is on the agenda; names shown as initials. */
  context: string[];
  notes: MinutesNote[];
  decisions: string[];
  actions: MinutesAction[];
}

export interface Minutes {
  marking: typeof protectiveMarking;
  status: MinutesStatus;
  statusText: string;
  title: string;
  header: MinutesHeader;
  items: MinutesItem[];
  /** Sections 1–9 in order (an empty one too, so the numbers match the agenda); items name their section. */
  sections: { section: AgendaSectionNumber; number: string; title: string }[];
  actionTable: MinutesAction[];
  /** Each correction, with when it was made as people read it ('Thursday 10 December 2026, 10:00'). */
  corrections: { text: string; by: string; at: string }[];
}

export function minutesStatusOf(status: MeetingStatus): MinutesStatus {
  return status === 'approved' ? 'approved' : status === 'final' ? 'final' : 'draft';
}

const statusTexts: Record<MinutesStatus, string> = {
  draft: 'DRAFT: not yet final',
  final: 'FINAL: awaiting approval at the next meeting',
  approved: 'APPROVED',
};

const attendeeText = (a: Attendee): string => (a.agency ? `${a.name} (${a.agency})` : a.name);
const guestText = (g: Guest): string => `${g.name} (${g.agency}, guest)`;

/** `areaNames` turns the group's area ids into the names people know ("Kingsford", not "kingsford"). */
export function buildMinutes(group: Pick<TargetGroup, 'name' | 'areas' | 'infoSharingBasis'>, meeting: Meeting, areaNames: (id: string) => string = (id) => id): Minutes {
  const numbers = itemNumbers(meeting.agenda);
  const references = caseReferences(meeting);
  const status = minutesStatusOf(meeting.status);
  const actionTable: MinutesAction[] = [];
  let actionNumber = 0;

  const items: MinutesItem[] = meeting.agenda.items.map((item, index) => {
    const record = meeting.items[item.id];
    const context: string[] = [];
    // The minutes never name the people on a case: free text about it is masked (src/domain/privacy/masking.ts).
    const names = peopleNamedBy(meeting.agenda, item)?.names ?? [];
    const mask = (text: string) => maskNames(text, names);
    if (item.kind === 'case') {
      context.push(`Risk: ${item.case.riskLevel ?? 'not assessed'}. Area: ${item.case.area}.`);
      for (const reason of item.reasons) context.push(mask(describeReason(reason)));
      const people = item.case.people.map((p) => `${p.role} ${initials(p.name)}`);
      if (people.length > 0) context.push(`People: ${people.join(', ')}`);
    } else if (item.kind === 'figures') {
      const f = item.figures;
      context.push(`New cases: ${f.newCases}`);
      const incidents = Object.entries(f.incidentsByCategory).map(([k, v]) => `${k} ${v}`);
      if (incidents.length) context.push(`Incidents by category: ${incidents.join(', ')}`);
      const warnings = Object.entries(f.warningsByStage).map(([k, v]) => `${k}: ${v.under18} under 18, ${v.adult} adult`);
      if (warnings.length) context.push(`Warnings by stage: ${warnings.join('; ')}`);
    } else if (item.kind === 'custom' && item.detail) {
      context.push(mask(item.detail));
    }
    const actions = (record?.actions ?? []).map((a): MinutesAction => {
      actionNumber += 1;
      const row: MinutesAction = {
        ref: `A${actionNumber}`,
        what: a.what,
        owner: a.owner.name,
        agency: ownerAgency(a.owner),
        due: describeDate(a.dueDate),
        caseReference: a.caseId ? (references.get(a.caseId) ?? '') : '',
      };
      actionTable.push(row);
      return row;
    });
    return {
      number: numbers[index] ?? String(item.section),
      section: item.section,
      sectionTitle: sectionTitleOf(meeting.agenda, item.section),
      title: item.title,
      context,
      notes: (record?.notes ?? []).map((n) => ({ text: mask(n.text), author: n.author, time: londonTimeOf(n.at) })),
      decisions: (record?.decisions ?? []).map((d) => mask(d.text)),
      actions,
    };
  });

  return {
    marking: protectiveMarking,
    status,
    statusText: statusTexts[status],
    title: `${group.name}: minutes of the meeting on ${describeDate(meeting.date)}`,
    header: {
      groupName: group.name,
      areas: group.areas.map(areaNames),
      date: meeting.date,
      dateText: describeDate(meeting.date),
      chair: meeting.chair.name,
      minuteTaker: meeting.minuteTaker.name,
      present: meeting.attendance.present.map(attendeeText),
      apologies: meeting.attendance.apologies.map(attendeeText),
      guests: meeting.attendance.guests.map(guestText),
      infoSharingBasis: group.infoSharingBasis,
    },
    items,
    sections: agendaOutline(meeting.agenda).map((s) => ({ section: s.section, number: s.number, title: s.heading })),
    actionTable,
    corrections: meeting.corrections.map((c) => ({ text: c.text, by: c.by, at: `${describeDate(londonDate(new Date(c.at)))}, ${londonTimeOf(c.at)}` })),
  };
}
