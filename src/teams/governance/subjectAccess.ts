/**
 * `subject access <name or reference>` (managers): find the person's records, confirm them, and get the pack;
 * correct a person's details or remove them from a case. People's details are shown, so only in a personal chat.
 */
import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import type { Actor } from '../../domain/access/index.js';
import { londonDate } from '../../domain/calendar/localDate.js';
import { formValues, parseForm } from '../../domain/cases/forms.js';
import { erasureSchema, rectificationSchema, subjectFields as f, subjectPicksSchema, subjectSearchSchema } from '../../domain/governance/subjectAccess.js';
import type { Deps } from '../../deps.js';
import { inSharedSpace } from '../activityContext.js';
import type { AssistantApp } from '../app.js';
import { asCard, formState, attach, emptyForm, type CardData, type Element, type FormState } from '../cardKit.js';
import { messageCard } from '../cases/caseCards.js';
import { onCommand, onExecute } from '../routes.js';
import { correctionCard, erasureCard, subjectOpenedCard, subjectResultsCard, subjectSearchCard } from './subjectAccessCards.js';
import { GovernanceVerbs as V } from './verbs.js';

export const PERSONAL_ONLY = 'Subject access shows people\'s details, so I only do it in our personal chat. Message me there: `subject access <name or reference>`.';
const NEED = 'subject-access';
const command = /^\s*subject\s+access(?:\s+(.+?))?\s*$/i;

const textOf = (data: CardData, field: string) => (typeof data[field] === 'string' ? (data[field] as string).slice(0, 200) : '');
const keyOf = (data: CardData) => (/^[\w-]{8,64}$/.test(textOf(data, 'sarKey')) ? textOf(data, 'sarKey') : randomUUID());

export function registerSubjectAccess(app: AssistantApp, deps: Deps): void {
  const service = deps.subjectAccess;

  const results = async (actor: Actor, data: CardData, form: FormState = emptyForm()): Promise<Element> => {
    const parsed = parseForm(subjectSearchSchema, data);
    if (!parsed.ok) return subjectSearchCard(formState(parsed.errors, parsed.values));
    const query = { text: parsed.value.text, ...(parsed.value.dateOfBirth ? { dateOfBirth: parsed.value.dateOfBirth } : {}) };
    const found = await service.search(actor, query);
    if (!found.ok) return messageCard(found.message);
    const withDate = { ...form, values: { [f.receivedOn]: londonDate(deps.clock.now()), ...form.values } };
    return subjectResultsCard(query, found.value, withDate, keyOf(data));
  };
  /** The person's form (correct or remove), or a refusal that names nothing. */
  const personForm = async (actor: Actor, data: CardData, render: typeof correctionCard, form: FormState = emptyForm()): Promise<Element> => {
    const ids = { caseId: textOf(data, f.caseId), personId: textOf(data, f.personId) };
    const found = await service.person(actor, ids.caseId, ids.personId);
    return found.ok ? render(found.value.case.reference, ids, found.value.person, form, keyOf(data)) : messageCard(found.message);
  };
  const privately = (handler: (context: TurnContext, data: CardData, actor: Actor) => Promise<Element>) =>
    async (context: TurnContext, data: CardData, actor: Actor) => asCard(inSharedSpace(context) ? messageCard(PERSONAL_ONLY) : await handler(context, data, actor));

  onCommand(app, command, 'subject access Alice Smith', NEED, async (context, actor) => {
    if (inSharedSpace(context)) {
      await context.sendActivity(PERSONAL_ONLY);
      return;
    }
    const typed = command.exec(context.activity.text ?? '')?.[1];
    await context.sendActivity(attach(typed ? await results(actor, { [f.query]: typed }) : subjectSearchCard(emptyForm())));
  });
  onExecute(app, V.subjectSearch, NEED, privately(async () => subjectSearchCard(emptyForm())));
  onExecute(app, V.subjectFind, NEED, privately(async (_context, data, actor) => results(actor, data)));
  onExecute(app, V.subjectOpen, NEED, privately(async (_context, data, actor) => {
    const parsed = parseForm(subjectPicksSchema, data);
    if (!parsed.ok) return results(actor, data, formState(parsed.errors, parsed.values));
    const opened = await service.open(actor, parsed.value.receivedOn, parsed.value.picks, keyOf(data));
    if (!opened.ok) return results(actor, data, formState([{ field: '_form', message: opened.message }], formValues(data)));
    return subjectOpenedCard(opened.value.dueOn, opened.value.url, opened.value.expiresAt);
  }));
  onExecute(app, V.subjectCorrectForm, NEED, privately(async (_context, data, actor) => personForm(actor, data, correctionCard)));
  onExecute(app, V.subjectCorrect, NEED, privately(async (_context, data, actor) => {
    const parsed = parseForm(rectificationSchema, data);
    if (!parsed.ok) return personForm(actor, data, correctionCard, formState(parsed.errors, parsed.values));
    const saved = await service.rectify(actor, textOf(data, f.caseId), textOf(data, f.personId), parsed.value, keyOf(data));
    if (!saved.ok) return personForm(actor, data, correctionCard, formState([{ field: '_form', message: saved.message }], formValues(data)));
    const what = saved.value.changed.length === 0 ? 'Nothing was different, so nothing changed.' : `Corrected on ${saved.value.reference}: ${saved.value.changed.join(', ')}. The old values are in the audit as hashes.`;
    return subjectSearchCard(emptyForm(), what);
  }));
  onExecute(app, V.subjectEraseForm, NEED, privately(async (_context, data, actor) => personForm(actor, data, erasureCard)));
  onExecute(app, V.subjectErase, NEED, privately(async (_context, data, actor) => {
    const parsed = parseForm(erasureSchema, data);
    if (!parsed.ok) return personForm(actor, data, erasureCard, formState(parsed.errors, parsed.values));
    const removed = await service.erase(actor, textOf(data, f.caseId), textOf(data, f.personId), parsed.value.reason, keyOf(data));
    return removed.ok ? subjectSearchCard(emptyForm(), `The person was removed from ${removed.value.reference}. The case stays; the reason is recorded.`) : messageCard(removed.message);
  }));
}
