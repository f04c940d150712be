/**
 * What a subject access pack holds for each case: the person's own recorded details, and the incident
 * accounts, notes, meeting minutes and actions about them, with every other person on the case shown as
 * "[third party]" (DPA 2018 Sch. 2 para 16: another individual's data is withheld unless they consent or
 * it is reasonable to disclose). The case's location is left out: it may be someone else's home.
 */
import { categoryLabel } from '../cases/categories.js';
import type { Case } from '../cases/case.js';
import type { Incident } from '../cases/incident.js';
import type { CaseNote } from '../cases/notes.js';
import { ageBandLabel, contactMethodLabel, tenureLabel, type PersonRole } from '../cases/people.js';
import type { Meeting } from '../meetings/index.js';
import type { TrackedAction } from '../meetings/actions.js';
import { namesPerson } from '../privacy/masking.js';
import { redactThirdParties, thirdPartiesOn } from './subjectAccess.js';

export interface PackEntry {
  when: string;
  text: string;
}

export interface PackSection {
  reference: string;
  /** "Victim", "Alleged perpetrator", "Witness", or "Named in the case's records". */
  roles: string[];
  summary: Array<[string, string]>;
  details: Array<[string, string]>;
  incidents: PackEntry[];
  notes: PackEntry[];
  minutes: PackEntry[];
  actions: PackEntry[];
}

export interface SubjectAccessPack {
  marking: string;
  receivedOn: string;
  dueOn: string;
  preparedOn: string;
  preparedBy: string;
  sections: PackSection[];
}

export interface CaseRecords {
  case: Case;
  /** The person's ids on this case; empty when they are only named in its text. */
  personIds: ReadonlySet<string>;
  incidents: readonly Incident[];
  notes: readonly CaseNote[];
  meetings: readonly Meeting[];
  actions: readonly TrackedAction[];
}

const roleLabels: Record<PersonRole, string> = { victim: 'Victim', perpetrator: 'Alleged perpetrator', witness: 'Witness' };
const day = (at: Date) => at.toISOString().slice(0, 10);
const filled = (pairs: Array<[string, string | undefined]>): Array<[string, string]> => pairs.filter((pair): pair is [string, string] => Boolean(pair[1]));

function ownDetails(current: Case, personIds: ReadonlySet<string>): { roles: string[]; details: Array<[string, string]>; names: string[] } {
  const roles: string[] = [];
  const details: Array<[string, string]> = [];
  const names: string[] = [];
  for (const v of current.victims.filter((p) => personIds.has(p.id))) {
    roles.push(roleLabels.victim);
    names.push(v.name);
    details.push(...filled([
      ['Name', v.name], ['Phone', v.contact.phone], ['Email', v.contact.email], ['Address', v.contact.address],
      ['Preferred contact', v.preferredContact ? contactMethodLabel(v.preferredContact) : undefined],
      ['Consent to share', v.consentToShare.given ? 'Given' : 'Not given'], ['Under 18', v.under18 ? 'Yes' : undefined],
      ['Vulnerability notes', v.vulnerabilityNotes],
    ]));
  }
  for (const p of current.perpetrators.filter((x) => personIds.has(x.id))) {
    roles.push(roleLabels.perpetrator);
    names.push(p.name);
    details.push(...filled([
      ['Name', p.name], ['Date of birth', p.dateOfBirth], ['Age', p.ageBand && p.ageBand !== 'unknown' ? ageBandLabel(p.ageBand) : undefined],
      ['Address', p.address], ['Housing', p.tenure !== 'unknown' ? tenureLabel(p.tenure) : undefined],
    ]));
  }
  for (const w of current.witnesses.filter((p) => personIds.has(p.id))) {
    roles.push(roleLabels.witness);
    names.push(w.name);
    details.push(...filled([['Name', w.name], ['Phone', w.contact.phone], ['Email', w.contact.email], ['Address', w.contact.address]]));
  }
  return { roles, details, names };
}

function minutesAbout(meeting: Meeting, caseId: string): string[] {
  const lines: string[] = [];
  for (const item of meeting.agenda.items) {
    const about = ('caseId' in item && item.caseId === caseId) || (item.kind === 'action-review' && item.action.caseId === caseId);
    const record = meeting.items[item.id];
    if (!about || !record) continue;
    lines.push(...record.notes.map((n) => n.text), ...record.decisions.map((d) => `Decision: ${d.text}`), ...record.actions.map((a) => `Action: ${a.what}`));
  }
  return lines;
}

/**
 * One section per case. `requesterNames` are every name the person is recorded under (kept in the text);
 * where they are only named in a case's text, only the records naming them are included.
 */
export function packSection(records: CaseRecords, requesterNames: readonly string[]): PackSection {
  const current = records.case;
  const own = ownDetails(current, records.personIds);
  const others = thirdPartiesOn(current, records.personIds);
  const redact = (text: string) => redactThirdParties(text, requesterNames, others);
  const onlyNamed = records.personIds.size === 0;
  const relevant = (text: string) => !onlyNamed || requesterNames.some((name) => namesPerson(text, name));
  return {
    reference: current.reference,
    roles: onlyNamed ? ['Named in the case\'s records'] : own.roles,
    summary: filled([
      ['Status', current.status], ['Opened', day(current.createdAt)], ['Closed', current.closure ? day(current.closure.closedAt) : undefined],
      ['Categories', current.categories.map(categoryLabel).join(', ')],
    ]),
    details: own.details,
    incidents: records.incidents.filter((i) => relevant(i.description)).map((i) => ({ when: day(i.occurredAt), text: redact(i.description) })),
    notes: records.notes.filter((n) => relevant(n.text)).map((n) => ({ when: day(n.at), text: redact(n.text) })),
    minutes: onlyNamed ? [] : records.meetings.flatMap((m) => minutesAbout(m, current.id).map((text) => ({ when: m.date, text: redact(text) }))),
    actions: onlyNamed ? [] : records.actions.map((a) => ({ when: a.dueDate, text: redact(a.what) })),
  };
}
