/** The "Record visit" form: date, the victim seen, and the contact agreed (how often, by what means). */
import type { Case } from '../../domain/cases/case.js';
import { contactMethods } from '../../domain/cases/people.js';
import { updateFrequencies } from '../../domain/updateFrequency.js';
import { card, choiceInput, dateInput, execute, formErrors, heading, note, options, text, type Element, type FormState } from '../cardKit.js';
import { CaseVerbs } from '../cases/verbs.js';
import { VisitVerbs } from './verbs.js';

export const visitFields = {
  caseId: 'caseId',
  visitId: 'visitId',
  victimId: 'victimId',
  visitedOn: 'visitedOn',
  seen: 'seen',
  frequency: 'updateFrequency',
  method: 'contactMethod',
} as const;
const f = visitFields;

/** In a group chat or channel the victims are numbered, not named. */
export function victimChoices(current: Case, shared: boolean) {
  return current.victims.map((v, i) => ({ title: shared ? `Victim ${i + 1}` : v.name, value: v.id }));
}

export function visitFormCard(current: Case, visitId: string, form: FormState, shared: boolean): Element {
  const frequencies = updateFrequencies.map((id) => ({ title: id.charAt(0).toUpperCase() + id.slice(1), value: id }));
  const values = { [f.seen]: 'yes', ...(current.victims.length === 1 ? { [f.victimId]: current.victims[0]!.id } : {}), ...form.values };
  const state = { ...form, values };
  return card(
    [
      heading(`Record visit: ${current.reference}`),
      ...formErrors(state),
      ...choiceInput(state, f.victimId, victimChoices(current, shared), { label: 'Victim visited', required: true }),
      ...dateInput(state, f.visitedOn, { label: 'Date of the visit', required: true }),
      ...choiceInput(state, f.seen, [{ title: 'Yes, seen in person', value: 'yes' }, { title: 'No, not seen (no answer)', value: 'no' }], { label: 'Was the victim seen?', expanded: true }),
      text('Contact agreed with the victim', { weight: 'Bolder', spacing: 'Medium' }),
      ...choiceInput(state, f.frequency, frequencies, { label: 'How often they will be updated' }),
      ...choiceInput(state, f.method, options(contactMethods), { label: 'By what means' }),
      note('The agreed update becomes a reminder, counted from the visit date. The first visit counts towards the first-visit figure.'),
    ],
    [
      execute('Record visit', VisitVerbs.record, { [f.caseId]: current.id, [f.visitId]: visitId }, { style: 'positive' }),
      execute('Back to case', CaseVerbs.show, { caseId: current.id }, { associatedInputs: 'none' }),
    ],
  );
}
