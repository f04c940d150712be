/**
 * Reading the meeting cards' submissions with zod: each bad input becomes a message keyed by its own id, so the
 * card comes back with the problem next to the field and everything typed still filled in.
 */
import { z } from 'zod';
import { isLocalDate } from '../../domain/calendar/localDate.js';
import type { Area } from '../../domain/cases/areas.js';
import {
  defaultAgendaNoticeWorkingDays, defaultInfoSharingBasis, parseScheduleRule, type ActionOwner, type GroupMember, type PersonRef, type ScheduleRule,
} from '../../domain/meetings/index.js';
import { meetingFields as m, MEMBER_ROWS, setupFields as s } from './verbs.js';

const text = (message: string, max = 1000) =>
  z.string({ required_error: message, invalid_type_error: message }).trim().min(1, message).max(max, `Keep this under ${max} characters`);
const optionalText = (max = 1000) => z.string().trim().max(max, `Keep this under ${max} characters`).optional().default('');
const commaList = (value: string) => value.split(',').map((v) => v.trim()).filter(Boolean);

export interface Officer {
  id: string;
  name: string;
}

export interface SetupForm {
  name: string;
  areas: string[];
  chair: PersonRef;
  minuteTaker: PersonRef;
  memberAgencies: string[];
  members: GroupMember[];
  schedule: ScheduleRule;
  agendaNoticeWorkingDays: number;
  infoSharingBasis: string;
  confirmAreaClash: boolean;
}

export function setupFormSchema(areas: readonly Area[], officers: readonly Officer[]) {
  const officer = (message: string) =>
    text(message).transform((id, ctx) => {
      const found = officers.find((o) => o.id === id);
      if (!found) ctx.addIssue({ code: 'custom', message: 'Choose someone from the list' });
      return found ? { id: found.id, name: found.name } : { id, name: id };
    });
  const memberFields: Record<string, z.ZodTypeAny> = {};
  for (let n = 1; n <= MEMBER_ROWS; n++) {
    memberFields[s.member(n)] = optionalText(200);
    memberFields[s.memberAgency(n)] = optionalText(120);
  }
  return z
    .object({
      [s.name]: text('Give the group a name, e.g. Kingsford ASB Target Group', 120),
      [s.areas]: text('Choose the areas the group covers').transform((value, ctx) => {
        const ids = commaList(value);
        const unknown = ids.filter((id) => !areas.some((a) => a.id === id));
        if (unknown.length > 0) ctx.addIssue({ code: 'custom', message: 'Choose areas from the list' });
        return ids;
      }),
      [s.chair]: officer('Choose the chair'),
      [s.minuteTaker]: officer('Choose the usual minute-taker'),
      [s.memberAgencies]: optionalText(600).transform(commaList),
      [s.schedule]: text('Say when the group usually meets, e.g. second Thursday monthly', 200).transform((value, ctx) => {
        const parsed = parseScheduleRule(value);
        if (!parsed.ok) {
          ctx.addIssue({ code: 'custom', message: parsed.error });
          return { nth: 1, weekday: 'monday', everyMonths: 1 } as ScheduleRule;
        }
        return parsed.rule;
      }),
      [s.noticeDays]: optionalText(3).transform((value, ctx) => {
        if (value === '') return defaultAgendaNoticeWorkingDays;
        const n = Number(value);
        if (!Number.isInteger(n) || n < 0 || n > 20) ctx.addIssue({ code: 'custom', message: 'Enter a number of working days from 0 to 20' });
        return n;
      }),
      [s.infoSharingBasis]: optionalText(300),
      [s.confirmAreaClash]: z.string().optional(),
      ...memberFields,
    })
    .superRefine((parsed, ctx) => {
      // Checked beside the field checks (a transform would only run once every field is right).
      const raw = parsed as Record<string, unknown>;
      for (let n = 1; n <= MEMBER_ROWS; n++) {
        const who = String(raw[s.member(n)] ?? '');
        const agency = String(raw[s.memberAgency(n)] ?? '');
        if (who === '' && agency !== '') ctx.addIssue({ code: 'custom', path: [s.member(n)], message: 'Choose the member, or clear their agency' });
        if (who !== '' && !officers.some((o) => o.id === who)) ctx.addIssue({ code: 'custom', path: [s.member(n)], message: 'Choose someone from the list' });
        if (who !== '' && agency === '') ctx.addIssue({ code: 'custom', path: [s.memberAgency(n)], message: 'Say which agency this member represents' });
      }
    })
    .transform((parsed): SetupForm => {
      const raw = parsed as Record<string, unknown>;
      const members: GroupMember[] = [];
      for (let n = 1; n <= MEMBER_ROWS; n++) {
        const who = String(raw[s.member(n)] ?? '');
        const agency = String(raw[s.memberAgency(n)] ?? '');
        if (who === '' || agency === '') continue;
        const known = officers.find((o) => o.id === who);
        if (known) members.push({ id: known.id, name: known.name, agency });
      }
      const memberAgencies = [...new Set([...(raw[s.memberAgencies] as string[]), ...members.map((mb) => mb.agency)])];
      return {
        name: raw[s.name] as string,
        areas: raw[s.areas] as string[],
        chair: raw[s.chair] as PersonRef,
        minuteTaker: raw[s.minuteTaker] as PersonRef,
        memberAgencies,
        members,
        schedule: raw[s.schedule] as ScheduleRule,
        agendaNoticeWorkingDays: raw[s.noticeDays] as number,
        infoSharingBasis: (raw[s.infoSharingBasis] as string) || defaultInfoSharingBasis,
        confirmAreaClash: raw[s.confirmAreaClash] === 'true',
      };
    });
}

const ids = { [m.meetingId]: text('The meeting is missing: type "start meeting" again.') };
const itemIds = {
  ...ids,
  [m.itemId]: text('The item is missing: use the meeting card again.'),
  [m.itemVersion]: z.coerce.number().int().min(0),
};

export const noteFormSchema = z.object({ ...itemIds, [m.noteText]: text('Type the note first', 4000) });
export const decisionFormSchema = z.object({ ...itemIds, [m.decisionText]: text('Type the decision first', 4000) });
export const actionFormSchema = z.object({
  ...itemIds,
  [m.actionWhat]: text('Say what is to be done', 1000),
  [m.actionOwner]: text('Choose who owns the action'),
  [m.actionDue]: text('Give a due date').refine(isLocalDate, 'Enter a date like 2026-12-10'),
});
export const moveFormSchema = z.object({ ...ids, [m.at]: z.coerce.number().int().min(0) });
export const removeLineFormSchema = z.object({ ...itemIds, [m.noteId]: text('The line is missing') });
export const meetingOnlySchema = z.object(ids);
export const revealSchema = z.object({ ...ids, [m.caseId]: text('The case is missing') });

export const agendaMoveSchema = z.object({
  ...ids,
  [m.agendaItem]: text('Choose the item to move'),
  // The item's number in the agenda's own numbering ("3.2"): it takes that item's place.
  [m.toPosition]: text('Give the number of the place to move it to, e.g. 3.2').refine((value) => /^\d(\.\d{1,2})?$/.test(value), { message: 'Give an item number from the agenda, e.g. 3.2' }),
});
export const agendaDropSchema = z.object({ ...ids, [m.agendaItem]: text('Choose the item to drop') });
export const agendaAddSchema = z.object({ ...ids, [m.newItemTitle]: text('Give the new item a title', 200) });

export const attendanceFormSchema = z.object({
  ...ids,
  [m.present]: optionalText(4000).transform(commaList),
  [m.apologies]: optionalText(4000).transform(commaList),
  [m.guests]: optionalText(2000).transform((value, ctx) =>
    value
      .split(/\n|;/)
      .map((line) => line.trim())
      .filter(Boolean)
      .map((line) => {
        const [name, ...agency] = line.split(',');
        if (!name?.trim() || agency.join(',').trim() === '') ctx.addIssue({ code: 'custom', message: 'Write each guest as "Name, Agency", one per line' });
        return { name: (name ?? '').trim() || 'Guest', agency: agency.join(',').trim() || 'Unknown' };
      }),
  ),
});

/** A form's own key (optional: cards sent before they carried one still work, without the protection). */
const submitKeySchema = z.string().trim().min(1).max(100).optional().catch(undefined);

export const nominateFormSchema = z.object({
  [m.caseId]: text('The case is missing: open the case again.'),
  [m.groupId]: text('Choose the target group'),
  [m.reason]: text('Say why the group should discuss this case', 1000),
  [m.submitKey]: submitKeySchema,
});

export const actionIdSchema = z.object({ [m.actionId]: text('The action is missing') });
export const correctionFormSchema = z.object({ ...ids, [m.correctionText]: text('Write the correction first', 2000), [m.submitKey]: submitKeySchema });
export const dropActionSchema = z.object({ [m.actionId]: text('The action is missing'), [m.dropReason]: text('Say why the action is dropped', 500) });

/** Choice values for action owners and attendees: a person by Teams id or name, or an agency. */
export const ownerValue = {
  person: (p: { id?: string; name: string }) => (p.id ? `id:${p.id}` : `name:${p.name}`),
  agency: (agency: string) => `agency:${agency}`,
};

export interface MeetingPerson {
  id?: string;
  name: string;
  agency: string;
}

/** Turns the chosen owner back into the domain's owner. */
export function ownerFrom(value: string, people: readonly MeetingPerson[]): ActionOwner | undefined {
  if (value.startsWith('agency:')) return { kind: 'agency', name: value.slice('agency:'.length) };
  const person = people.find((p) => ownerValue.person(p) === value);
  if (!person) return undefined;
  return { kind: 'member', ...(person.id ? { id: person.id } : {}), name: person.name, agency: person.agency || 'Council' };
}
