/**
 * Subject access, rectification and erasure (UK GDPR arts. 15–17; DPA 2018 ss.45–47 for Part 3 processing).
 * A manager finds every record naming a person, confirms which are them, and gets a pack of their own data
 * with third parties redacted. The answer is due one calendar month after receipt: the same date next month,
 * or that month's last day when it has no such date, moved to the next working day when it falls on a
 * weekend or bank holiday (ICO, "Right of access: how long do we have to comply?").
 */
import { distance } from 'fastest-levenshtein';
import { z } from 'zod';
import { addMonths, type LocalDate } from '../calendar/localDate.js';
import type { WorkingCalendar } from '../calendar/workingCalendar.js';
import type { Case } from '../cases/case.js';
import type { PersonRole } from '../cases/people.js';
import { formSchema, type FormReader } from '../cases/forms.js';
import { REMOVED } from './destruction.js';
import { replaceNames } from '../privacy/masking.js';

export const THIRD_PARTY = '[third party]';
export const MAX_QUERY = 120;
/** More candidates than this means the name is too common to list: the manager narrows it (a reference, a date of birth). */
export const MAX_CANDIDATES = 40;

export type NameMatch = 'exact' | 'close';

/** One person on one case who may be the requester. */
export interface Candidate {
  caseId: string;
  reference: string;
  personId: string;
  role: PersonRole;
  name: string;
  match: NameMatch;
  dateOfBirth?: string;
}

export interface SubjectQuery {
  /** A name, or a case reference (then everyone on that case is offered). */
  text: string;
  dateOfBirth?: string;
}

const words = (name: string) =>
  name.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^\p{L}\s'-]/gu, ' ').split(/[\s-]+/).map((w) => w.replace(/'/g, '')).filter((w) => w !== '');

/**
 * Exact: the same words, in any order ("Smith Jane" is "Jane Smith"). Close: one or two letters out across the
 * whole name ("Jayne Smith", "Jane Smyth"), or the same surname with a first name that begins the other
 * ("Jon Smith" for "Jonathan Smith"). Anything else is not offered.
 */
export function nameMatch(query: string, candidate: string): NameMatch | undefined {
  const q = words(query);
  const c = words(candidate);
  if (q.length === 0 || c.length === 0) return undefined;
  if ([...q].sort().join(' ') === [...c].sort().join(' ')) return 'exact';
  const whole = (list: string[]) => list.join(' ');
  const allowed = Math.min(2, Math.floor(whole(q).length / 5));
  if (allowed > 0 && distance(whole(q), whole(c)) <= allowed) return 'close';
  const [qFirst, qLast] = [q[0]!, q.at(-1)!];
  const [cFirst, cLast] = [c[0]!, c.at(-1)!];
  if (q.length > 1 && c.length > 1 && qLast === cLast && qFirst.length >= 2 && cFirst.length >= 2 && (cFirst.startsWith(qFirst) || qFirst.startsWith(cFirst))) return 'close';
  return undefined;
}

function peopleOf(current: Case): Array<{ id: string; role: PersonRole; name: string; dateOfBirth?: string }> {
  return [
    ...current.victims.map((p) => ({ id: p.id, role: 'victim' as const, name: p.name })),
    ...current.perpetrators.map((p) => ({ id: p.id, role: 'perpetrator' as const, name: p.name, ...(p.dateOfBirth ? { dateOfBirth: p.dateOfBirth } : {}) })),
    ...current.witnesses.map((p) => ({ id: p.id, role: 'witness' as const, name: p.name })),
  ];
}

/**
 * Everyone on these cases who may be the person asked about, exact matches first. A known date of birth that
 * differs rules a person out; one that agrees is shown so the manager can tell namesakes apart.
 */
export function candidatesFor(query: SubjectQuery, cases: readonly Case[], byReference: boolean): Candidate[] {
  const found: Candidate[] = [];
  for (const current of cases) {
    for (const person of peopleOf(current)) {
      if (person.name === REMOVED_PERSON) continue;
      const match = byReference ? 'exact' : nameMatch(query.text, person.name);
      if (!match) continue;
      if (query.dateOfBirth && person.dateOfBirth && person.dateOfBirth !== query.dateOfBirth) continue;
      found.push({ caseId: current.id, reference: current.reference, personId: person.id, role: person.role, name: person.name, match, ...(person.dateOfBirth ? { dateOfBirth: person.dateOfBirth } : {}) });
    }
  }
  return found.sort((a, b) => (a.match === b.match ? a.reference.localeCompare(b.reference) : a.match === 'exact' ? -1 : 1));
}

/** The day the answer is due: one calendar month after receipt, on a working day. */
export function responseDue(receivedOn: LocalDate, calendar: WorkingCalendar): LocalDate {
  const due = addMonths(receivedOn, 1);
  return calendar.isWorkingDay(due) ? due : calendar.nextWorkingDay(due);
}

/**
 * Text from a case in the pack: everyone else on the case becomes "[third party]". Words of the requester's
 * own name are kept even when another person shares them (a family's surname).
 */
export function redactThirdParties(text: string, requesterNames: readonly string[], others: readonly string[]): string {
  const keep = requesterNames.flatMap((name) => words(name));
  return replaceNames(text, others, () => THIRD_PARTY, { keep });
}

/** The names on a case other than the requester's, for redaction. */
export function thirdPartiesOn(current: Case, requesterIds: ReadonlySet<string>): string[] {
  return peopleOf(current).filter((p) => !requesterIds.has(p.id) && p.name !== REMOVED_PERSON).map((p) => p.name);
}

/** What an erased person becomes on their case (art. 17): the case stays, the person does not. */
export const REMOVED_PERSON = REMOVED;

export const subjectFields = {
  query: 'sarQuery',
  dateOfBirth: 'sarDateOfBirth',
  receivedOn: 'sarReceivedOn',
  pick: (caseId: string, personId: string) => `sarPick.${caseId}.${personId}`,
  caseId: 'sarCaseId',
  personId: 'sarPersonId',
  reason: 'sarReason',
  name: 'sarName',
  phone: 'sarPhone',
  email: 'sarEmail',
  address: 'sarAddress',
} as const;
const f = subjectFields;
const PICK = /^sarPick\.([^.]+)\.([^.]+)$/;

const isoDate = (form: FormReader, field: string, required?: string): string | undefined => {
  const date = form.date(field, required ? { required } : {});
  return date ? `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}` : undefined;
};

/** The search box: a name or a reference, and a date of birth if the requester gave one. */
export const subjectSearchSchema = formSchema((form) => ({
  text: form.text(f.query, { required: 'Enter the person\'s name, or a case reference', max: MAX_QUERY }) ?? '',
  dateOfBirth: isoDate(form, f.dateOfBirth),
}));

/** The manager's confirmation: which candidates are the person, and when the request came in. */
export const subjectPicksSchema = formSchema((form) => {
  const picks = form.fieldsMatching(PICK).flatMap((key) => {
    const found = PICK.exec(key);
    return found && form.flag(key) ? [{ caseId: found[1]!, personId: found[2]! }] : [];
  });
  const receivedOn = isoDate(form, f.receivedOn, 'Enter the date the request was received');
  if (picks.length === 0) form.fail('_form', 'Tick at least one record that is the person');
  return { picks, receivedOn: receivedOn ?? '' };
});

export const erasureSchema = formSchema((form) => ({
  reason: form.text(f.reason, { required: 'Say why the person may lawfully be removed, e.g. no longer needed and no order in force', max: 500 }) ?? '',
}));

/** Corrected details: only what was typed changes; an empty box keeps what is recorded. */
export const rectificationSchema = formSchema((form) => ({
  name: form.text(f.name, { required: 'Enter the corrected name, or the name as it is', max: 120 }) ?? '',
  phone: form.phone(f.phone),
  email: form.email(f.email),
  address: form.text(f.address, { max: 300 }),
}));
export type Rectification = z.infer<typeof rectificationSchema>;

/** A person's correctable details, whatever their role on the case. */
export interface PersonDetails {
  name: string;
  phone?: string;
  email?: string;
  address?: string;
}
export const correctableFields = ['name', 'phone', 'email', 'address'] as const;

export function personOn(current: Case, personId: string): PersonDetails | undefined {
  const v = current.victims.find((p) => p.id === personId);
  if (v) return { name: v.name, ...v.contact };
  const p = current.perpetrators.find((x) => x.id === personId);
  if (p) return { name: p.name, ...(p.address ? { address: p.address } : {}) };
  const w = current.witnesses.find((x) => x.id === personId);
  return w ? { name: w.name, ...w.contact } : undefined;
}

/** True when the person's recorded details already read as corrected (a retried correction). */
export function isCorrected(current: Case, personId: string, changes: Rectification): boolean {
  const now = personOn(current, personId);
  return now !== undefined && correctableFields.every((f) => changes[f] === undefined || changes[f] === now[f]);
}

const contactOf = (changes: Rectification, was: { phone?: string; email?: string; address?: string }) => {
  const next = { ...was, ...Object.fromEntries(Object.entries(changes).filter(([k, v]) => k !== 'name' && v !== undefined)) };
  return Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined && v !== '')) as { phone?: string; email?: string; address?: string };
};

/** The case with one person's details corrected (art. 16); a perpetrator has an address but no phone or email. */
export function corrected(current: Case, personId: string, changes: Rectification): Case {
  return {
    ...current,
    victims: current.victims.map((v) => (v.id === personId ? { ...v, name: changes.name, contact: contactOf(changes, v.contact) } : v)),
    perpetrators: current.perpetrators.map((p) => (p.id === personId ? { ...p, name: changes.name, ...(changes.address ? { address: changes.address } : {}) } : p)),
    witnesses: current.witnesses.map((w) => (w.id === personId ? { ...w, name: changes.name, contact: contactOf(changes, w.contact) } : w)),
  };
}

/** The case with one person erased (art. 17): their entry stays so the case reads true, holding nothing of them. */
export function erased(current: Case, personId: string): Case {
  return {
    ...current,
    victims: current.victims.map((v) => (v.id === personId ? { id: v.id, name: REMOVED_PERSON, contact: {}, consentToShare: { given: false }, under18: v.under18 } : v)),
    perpetrators: current.perpetrators.map((p) => (p.id === personId ? { id: p.id, name: REMOVED_PERSON, tenure: 'unknown' as const } : p)),
    witnesses: current.witnesses.map((w) => (w.id === personId ? { id: w.id, name: REMOVED_PERSON, contact: {} } : w)),
  };
}
