/** "Letter" on the case card: choose, make (from the council's template), download and record the sending. */
import type { TurnContext } from 'botbuilder';
import type { Deps } from '../../deps.js';
import { EDIT_REFUSED_MESSAGE } from '../../domain/access/index.js';
import type { Case } from '../../domain/cases/case.js';
import { formValues } from '../../domain/cases/forms.js';
import { newId } from '../../domain/cases/ids.js';
import { formatIsoDate, parseIsoDate } from '../../domain/cases/londonTime.js';
import { MAX_ABC_TERM_LENGTH, MAX_ABC_TERMS, sendingMethodSchema } from '../../domain/letters/letter.js';
import { letterTypeIdSchema } from '../../domain/letters/letterTypes.js';
import type { LetterOutcome } from '../../services/letters.js';
import { inSharedSpace } from '../activityContext.js';
import type { AssistantApp } from '../app.js';
import { asCard, type CardData, type Element } from '../cardKit.js';
import { messageCard } from '../cases/caseCards.js';
import { actorOf } from '../actor.js';
import { onExecute } from '../routes.js';
import { letterFields as f, letterFormCard, letterMadeCard } from './cards.js';
import { LetterVerbs } from './verbs.js';

const refusals: Record<Exclude<LetterOutcome, { ok: true }>['kind'], string> = {
  'not-found': "I couldn't find that case or letter. Open the case again.",
  'no-edit': EDIT_REFUSED_MESSAGE,
  'does-not-fit': 'Choose one of the letters listed for this case.',
  'needs-parent': "This person is under 18: enter their parent's or guardian's name and address, so they get a copy.",
  'needs-terms': 'Type the terms of the Acceptable Behaviour Contract, one per line.',
  template: '',
};

export const LETTERS_PERSONAL_ONLY = "Letters hold people's names and addresses, so I make them only in our personal chat. Message me there: `case <reference>`, then Letter.";

export function registerLetters(app: AssistantApp, deps: Deps): void {
  // A letter names its recipient and their address, and its signed link opens for anyone who has it: in a group
  // chat or channel everyone present would, so letters are made and downloaded only in the personal chat.
  const on = (verb: string, handler: (context: TurnContext, data: CardData) => Promise<Element>) =>
    onExecute<CardData>(app, verb, 'use', async (context, data) => asCard(inSharedSpace(context) ? messageCard(LETTERS_PERSONAL_ONLY) : await handler(context, data)));

  const form = async (context: TurnContext, data: CardData, errors: Record<string, string> = {}) => {
    const offered = await deps.letters.choices(String(data[f.caseId] ?? ''), actorOf(context));
    if (!offered.ok) return messageCard(refusals[offered.kind]);
    if (offered.choices.length === 0) return messageCard('Add a victim or an alleged perpetrator to the case first: every letter is addressed to one.');
    return letterFormCard(offered.case, offered.choices, String(data[f.letterId] ?? '') || newId(), { values: formValues(data), errors });
  };

  on(LetterVerbs.form, (context, data) => form(context, { [f.caseId]: data[f.caseId] }));

  on(LetterVerbs.make, async (context, data) => {
    const [type, recipientId] = String(data[f.choice] ?? '').split('|');
    const parsedType = letterTypeIdSchema.safeParse(type);
    if (!parsedType.success || !recipientId) return form(context, data, { [f.choice]: 'Choose a letter and who it is to' });
    const terms = String(data[f.abcTerms] ?? '').split('\n').map((t) => t.trim()).filter(Boolean);
    if (terms.length > MAX_ABC_TERMS || terms.some((t) => t.length > MAX_ABC_TERM_LENGTH)) return form(context, data, { [f.abcTerms]: `At most ${MAX_ABC_TERMS} terms of up to ${MAX_ABC_TERM_LENGTH} characters each` });
    const parentName = String(data[f.parentName] ?? '').trim().slice(0, 120);
    const parentAddress = String(data[f.parentAddress] ?? '').trim().slice(0, 300);
    if (Boolean(parentName) !== Boolean(parentAddress)) return form(context, data, { [parentName ? f.parentAddress : f.parentName]: 'Enter both the name and the address' });
    const officer = actorOf(context);
    const made = await deps.letters.make(String(data[f.caseId] ?? ''), {
      letterId: String(data[f.letterId] ?? '') || newId(), type: parsedType.data, recipientId,
      ...(terms.length ? { abcTerms: terms } : {}), ...(parentName ? { parentOrGuardian: { name: parentName, address: parentAddress } } : {}),
    }, officer);
    if (!made.ok) {
      const field = made.kind === 'needs-parent' ? f.parentName : made.kind === 'needs-terms' ? f.abcTerms : '_form';
      return form(context, data, { [field]: made.kind === 'template' ? made.message : refusals[made.kind] });
    }
    const current = (await deps.letters.choices(made.record.caseId, officer)) as { ok: true; case: Case };
    return letterMadeCard(current.case, made.record, made.url, { values: {}, errors: {} });
  });

  on(LetterVerbs.sent, async (context, data) => {
    const officer = actorOf(context);
    const method = sendingMethodSchema.safeParse(data[f.method]);
    const date = parseIsoDate(String(data[f.sentOn] ?? ''));
    const recorded = method.success && date
      ? await deps.letters.recordSending(String(data[f.letterId] ?? ''), method.data, formatIsoDate(date.year, date.month, date.day), officer)
      : undefined;
    const offered = await deps.letters.choices(String(data[f.caseId] ?? ''), officer);
    if (!offered.ok) return messageCard(refusals[offered.kind]);
    const record = recorded ?? (await deps.letters.get(String(data[f.letterId] ?? ''), officer));
    if (!record) return messageCard(refusals['not-found']);
    const errors = recorded ? {} : { [method.success ? f.sentOn : f.method]: method.success ? 'Enter the date it was sent' : 'Choose how it was sent' };
    return letterMadeCard(offered.case, record, deps.downloads.link('letters', record.id, officer).url, { values: recorded ? {} : formValues(data), errors });
  });
}
