/**
 * The subject access cards. They show people's details, so they are only ever sent in the manager's personal
 * chat (src/teams/governance/subjectAccess.ts refuses elsewhere).
 */
import type { Candidate } from '../../domain/governance/subjectAccess.js';
import { subjectFields as f } from '../../domain/governance/subjectAccess.js';
import type { PersonDetails } from '../../domain/governance/subjectAccess.js';
import { describeDate } from '../../domain/meetings/dates.js';
import type { Search } from '../../services/subjectAccess.js';
import { NAMED_IN_TEXT } from '../../services/subjectAccess.js';
import { actionSet, card, container, dateInput, execute, formErrors, heading, note, text, textInput, toggleInput, warning, type Element, type FormState } from '../cardKit.js';
import { GovernanceVerbs as V } from './verbs.js';

const roleWords = { victim: 'victim', perpetrator: 'alleged perpetrator', witness: 'witness' } as const;

export function subjectSearchCard(form: FormState, banner?: string): Element {
  return card([
    heading('Subject access request'),
    ...(banner ? [text(banner, { color: 'Good', weight: 'Bolder' })] : []),
    text('Find every record of your team that names the person: people on cases, incident accounts and notes, minutes and actions. You then tick the records that are them.'),
    ...formErrors(form),
    ...textInput(form, f.query, { label: 'Name, or a case reference like ASB-2026-0001', maxLength: 120 }),
    ...dateInput(form, f.dateOfBirth, { label: 'Date of birth, if the requester gave it (optional)' }),
  ], [execute('Find records', V.subjectFind)]);
}

function candidateRow(c: Candidate, form: FormState): Element {
  const data = { [f.caseId]: c.caseId, [f.personId]: c.personId };
  const born = c.dateOfBirth ? `, born ${c.dateOfBirth}` : '';
  return container([
    ...toggleInput(form, f.pick(c.caseId, c.personId), `${c.name}: ${roleWords[c.role]} on ${c.reference} (${c.match === 'exact' ? 'same name' : 'similar name'}${born})`),
    actionSet([
      execute('Correct details…', V.subjectCorrectForm, data, { associatedInputs: 'none' }),
      execute('Remove from case…', V.subjectEraseForm, data, { associatedInputs: 'none' }),
    ]),
  ], { separator: true });
}

export function subjectResultsCard(query: { text: string; dateOfBirth?: string }, found: Search, form: FormState, key: string): Element {
  const none = found.candidates.length === 0 && found.namedIn.length === 0;
  return card([
    heading('Subject access request'),
    text(`Records for **${query.text}**${query.dateOfBirth ? `, born ${query.dateOfBirth}` : ''}. Tick each one that is the person; leave namesakes unticked.`),
    ...formErrors(form),
    ...(none ? [text('No record of your team names this person.')] : []),
    ...(found.tooMany ? [warning('More records match than can be listed. Add a date of birth, or search by a case reference.')] : []),
    ...found.candidates.map((c) => candidateRow(c, form)),
    ...found.namedIn.map((n) => container(toggleInput(form, f.pick(n.caseId, NAMED_IN_TEXT), `Named in the incident accounts or notes of ${n.reference}`), { separator: true })),
    ...dateInput(form, f.receivedOn, { label: 'Date the request was received' }),
    note('The answer is due one calendar month after that date (the next working day if it falls on a weekend or bank holiday). A reminder goes to you. Other people in the records are shown as [third party].'),
  ], [
    ...(none ? [] : [execute('Build the pack', V.subjectOpen, { [f.query]: query.text, ...(query.dateOfBirth ? { [f.dateOfBirth]: query.dateOfBirth } : {}), sarKey: key }, { style: 'positive' })]),
    execute('Search again', V.subjectSearch, {}, { associatedInputs: 'none' }),
  ]);
}

export function subjectOpenedCard(dueOn: string, url: string, expiresAt: Date): Element {
  return card([
    heading('Subject access request recorded'),
    text(`Answer by **${describeDate(dueOn)}**. A reminder is set for you.`),
    text(`The pack is rebuilt from the records each time it is downloaded. The link is yours only and works until ${expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC; each download is audited.`),
  ], [{ type: 'Action.OpenUrl', title: 'Download the pack (.docx)', url }]);
}

export function correctionCard(reference: string, ids: { caseId: string; personId: string }, person: PersonDetails, form: FormState, key: string): Element {
  const values = { [f.name]: person.name, [f.phone]: person.phone ?? '', [f.email]: person.email ?? '', [f.address]: person.address ?? '', ...form.values };
  const filled = { ...form, values };
  return card([
    heading(`Correct details on ${reference}`),
    text('Change what is wrong and save. The old values are kept in the audit only as a hash, never in clear.'),
    ...formErrors(form),
    ...textInput(filled, f.name, { label: 'Name', maxLength: 120 }),
    ...textInput(filled, f.phone, { label: 'Phone', maxLength: 40 }),
    ...textInput(filled, f.email, { label: 'Email', maxLength: 200 }),
    ...textInput(filled, f.address, { label: 'Address', maxLength: 300 }),
  ], [execute('Save correction', V.subjectCorrect, { [f.caseId]: ids.caseId, [f.personId]: ids.personId, sarKey: key }, { style: 'positive' }), execute('Back', V.subjectSearch, {}, { associatedInputs: 'none' })]);
}

export function erasureCard(reference: string, ids: { caseId: string; personId: string }, person: PersonDetails, form: FormState, key: string): Element {
  return card([
    heading(`Remove ${person.name} from ${reference}`),
    warning('Only where erasure is lawful: not while the record is needed for an order, a prosecution or a safeguarding duty.'),
    text(`The case stays. ${person.name} becomes "[removed]": their details go, and their name is struck from the case's incident accounts, notes and minutes. This can't be undone.`),
    ...formErrors(form),
    ...textInput(form, f.reason, { label: 'Why the person may be removed', multiline: true, maxLength: 500 }),
  ], [execute('Remove the person', V.subjectErase, { [f.caseId]: ids.caseId, [f.personId]: ids.personId, sarKey: key }, { style: 'destructive' }), execute('Back', V.subjectSearch, {}, { associatedInputs: 'none' })]);
}
