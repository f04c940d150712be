/** The target group cards: set-up (with the area clash confirmation), the group itself, and nominating a case. */
import { randomUUID } from 'node:crypto';
import type { StoredTargetGroup } from '../../db/targetGroups.js';
import { areaName, type Area } from '../../domain/cases/areas.js';
import type { Case } from '../../domain/cases/case.js';
import { describeSchedule, type AreaConflict } from '../../domain/meetings/index.js';
import {
  card, choiceInput, execute, facts, formErrors, heading, note, subheading, text, textInput, warning, type Element, type FormState,
} from '../cardKit.js';
import { CaseVerbs } from '../cases/verbs.js';
import { peoplePicker, pickerHint } from '../peoplePicker.js';
import type { Officer } from './forms.js';
import { MeetingVerbs, meetingFields as m, MEMBER_ROWS, setupFields as s } from './verbs.js';

export interface SetupCardOptions {
  /** The set-up clashes with groups that already cover these areas: ask before setting up anyway. */
  conflicts?: readonly AreaConflict[];
  /** Teams' organisation search in the people pickers (a real Teams client). */
  search?: boolean;
}

export function setupCard(form: FormState, areas: readonly Area[], officers: readonly Officer[], options: SetupCardOptions = {}): Element {
  const { conflicts = [], search = false } = options;
  const pick = (id: string, label: string, required = false) => peoplePicker(form, id, officers, { label, required, search, hint: false });
  const memberRows: Element[] = [];
  for (let n = 1; n <= MEMBER_ROWS; n++) {
    memberRows.push({
      type: 'ColumnSet',
      columns: [
        { type: 'Column', width: 'stretch', items: pick(s.member(n), `Member ${n}`) },
        { type: 'Column', width: 'stretch', items: textInput(form, s.memberAgency(n), { label: 'Agency', placeholder: 'e.g. Police' }) },
      ],
    });
  }
  const clash = conflicts.length > 0;
  return card(
    [
      heading('Set up a target group in this channel'),
      note('The group is bound to this channel: its agendas, meeting cards and minutes are posted here.'),
      ...(clash
        ? [warning(`Already covered: ${conflicts.map((c) => `${areaName(areas, c.area)} by ${c.groupName}`).join('; ')}. Set up anyway only if both groups should review these cases.`)]
        : formErrors(form)),
      ...textInput(form, s.name, { label: 'Group name', required: true, placeholder: 'e.g. Kingsford ASB Target Group' }),
      ...choiceInput(form, s.areas, areas.map((a) => ({ title: a.name, value: a.id })), { label: 'Areas covered', required: true, multi: true }),
      pickerHint(search),
      ...pick(s.chair, 'Chair', true),
      ...pick(s.minuteTaker, 'Usual minute-taker', true),
      ...textInput(form, s.schedule, {
        label: 'Usual schedule: which weekday of the month, and how often', required: true, placeholder: 'e.g. second Thursday monthly',
        errorMessage: 'Say when the group usually meets, e.g. second Thursday monthly',
      }),
      note('Which one (first, second, third, fourth or last), the weekday, and how often: for example "second Thursday monthly", "last Tuesday every 2 months" or "first Monday quarterly".'),
      ...textInput(form, s.noticeDays, { label: 'Post the agenda this many working days before', placeholder: '3' }),
      ...textInput(form, s.memberAgencies, { label: 'Member agencies (comma-separated)', placeholder: 'Police, Housing, Youth Offending, Social Care' }),
      subheading('Members who use Teams'),
      note('Actions given to these members reach them in Teams.'),
      ...memberRows,
      ...textInput(form, s.infoSharingBasis, { label: 'Information-sharing basis', placeholder: 's.115 Crime and Disorder Act 1998' }),
    ],
    [execute(clash ? 'Set up anyway' : 'Set up group', MeetingVerbs.setUp, clash ? { [s.confirmAreaClash]: 'true' } : {}, { style: 'positive' })],
  );
}

export function groupCard(group: StoredTargetGroup, areas: readonly Area[], banner?: string): Element {
  return card(
    [
      ...(banner ? [text(banner, { color: 'Good', weight: 'Bolder' })] : []),
      heading(group.name),
      facts([
        ['Areas', group.areas.map((a) => areaName(areas, a)).join(', ')],
        ['Chair', group.chair.name],
        ['Minute-taker', group.minuteTaker.name],
        ['Agencies', group.memberAgencies.join(', ')],
        ['Members', group.members.map((mb) => `${mb.name} (${mb.agency})`).join(', ')],
        ['Meets', describeSchedule(group.schedule)],
        ['Agenda posted', `${group.agendaNoticeWorkingDays} working days before`],
        ['Information shared under', group.infoSharingBasis],
      ]),
      note('Type "schedule meeting" to build the next agenda from the cases in these areas.'),
    ],
    [execute('Schedule meeting', MeetingVerbs.schedule, { [m.groupId]: group.id }, { style: 'positive' })],
  );
}

export function nominateCard(current: Case, groups: readonly StoredTargetGroup[], form: FormState): Element {
  const back = execute('Back to case', CaseVerbs.show, { caseId: current.id });
  if (groups.length === 0) {
    return card([heading(`Nominate ${current.reference}`), text('No target group covers this case\'s area yet. A chair can type "set up target group" in the area\'s channel.')], [back]);
  }
  return card(
    [
      heading(`Nominate ${current.reference} for a target group`),
      note('The case goes on the group\'s next agenda. Names are shown to the meeting as initials.'),
      ...formErrors(form),
      ...choiceInput(form, m.groupId, groups.map((g) => ({ title: g.name, value: g.id })), { label: 'Target group', required: true }),
      ...textInput(form, m.reason, { label: 'Why should the group discuss it?', required: true, multiline: true, maxLength: 1000 }),
    ],
    [execute('Nominate', MeetingVerbs.nominate, { [m.caseId]: current.id, [m.submitKey]: form.values[m.submitKey] ?? randomUUID() }, { style: 'positive' }), back],
  );
}

export const nominatedCard = (reference: string, group: StoredTargetGroup, caseId: string): Element =>
  card([text(`${reference} is nominated for the ${group.name}'s next agenda.`, { color: 'Good', weight: 'Bolder' })], [execute('Back to case', CaseVerbs.show, { caseId })]);

export const plainCard = (message: string, actions: Element[] = []): Element => card([text(message)], actions);
