/**
 * The "Letter" cards: choose a letter and its addressee, then the result with its signed download and the sending
 * record. Shown only in a personal chat (src/teams/letters/register.ts), so addressees are named.
 */
import type { Case } from '../../domain/cases/case.js';
import { sendingMethods, type LetterChoice, type LetterRecord } from '../../domain/letters/letter.js';
import { letterType } from '../../domain/letters/letterTypes.js';
import { card, choiceInput, dateInput, execute, formErrors, heading, note, options, text, textInput, type Element, type FormState } from '../cardKit.js';
import { CaseVerbs } from '../cases/verbs.js';
import { LetterVerbs } from './verbs.js';

export const letterFields = { caseId: 'caseId', letterId: 'letterId', choice: 'letter', abcTerms: 'abcTerms', parentName: 'parentName', parentAddress: 'parentAddress', method: 'sentBy', sentOn: 'sentOn' } as const;
const f = letterFields;

export const choiceValue = (c: Pick<LetterChoice, 'type' | 'recipientId'>) => `${c.type}|${c.recipientId}`;

function addressee(current: Case, c: Pick<LetterChoice, 'recipientRole' | 'recipientId'>): string {
  const people = c.recipientRole === 'victim' ? current.victims : current.perpetrators;
  return people.find((p) => p.id === c.recipientId)?.name ?? (c.recipientRole === 'victim' ? 'Victim' : 'Perpetrator');
}

const backToCase = (caseId: string) => execute('Back to case', CaseVerbs.show, { caseId }, { associatedInputs: 'none' });

export function letterFormCard(current: Case, choices: readonly LetterChoice[], letterId: string, form: FormState): Element {
  const titles = choices.map((c) => ({ title: `${letterType(c.type).label}: ${addressee(current, c)}${c.needsParentCopy ? ' (under 18: parent copy)' : ''}`, value: choiceValue(c) }));
  return card(
    [
      heading(`Letter: ${current.reference}`),
      ...formErrors(form),
      ...choiceInput(form, f.choice, titles, { label: 'Letter and addressee', required: true }),
      ...textInput(form, f.abcTerms, { label: 'ABC terms (one per line, for an Acceptable Behaviour Contract)', multiline: true, maxLength: 3000 }),
      text('Parent or guardian, for a warning to someone under 18 (kept on the person)', { weight: 'Bolder', spacing: 'Medium' }),
      ...textInput(form, f.parentName, { label: 'Name', maxLength: 120 }),
      ...textInput(form, f.parentAddress, { label: 'Address', multiline: true, maxLength: 300 }),
      note("The letter is made from your council's template and recorded on the case. It is not kept as a file: the link makes it again."),
    ],
    [execute('Make letter', LetterVerbs.make, { [f.caseId]: current.id, [f.letterId]: letterId }, { style: 'positive' }), backToCase(current.id)],
  );
}

export function letterMadeCard(current: Case, record: LetterRecord, url: string, form: FormState): Element {
  const type = letterType(record.type);
  const to = addressee(current, { recipientRole: type.to, recipientId: record.recipientId });
  const sent = record.sent ? `Sent by ${sendingMethods.find((m) => m.id === record.sent!.method)?.label.toLowerCase()} on ${record.sent.on}.` : 'Not recorded as sent yet.';
  return card(
    [
      heading(`${type.label}: ${current.reference}`),
      text(`To ${to}${record.parentCopy ? ', with a copy for their parent or guardian' : ''}. ${sent}`),
      ...formErrors(form),
      { type: 'ActionSet', actions: [{ type: 'Action.OpenUrl', title: 'Download letter (.docx)', url }] },
      note('The link lasts 7 days and opens for anyone who has it, so keep it to yourself. Every download is recorded.'),
      ...choiceInput(form, f.method, options(sendingMethods), { label: 'Sent by' }),
      ...dateInput(form, f.sentOn, { label: 'Sent on' }),
    ],
    [execute('Record sending', LetterVerbs.sent, { [f.caseId]: current.id, [f.letterId]: record.id }), backToCase(current.id)],
  );
}
