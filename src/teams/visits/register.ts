/** "Record visit" on the case card: the form, and saving it (which answers with the case card). */
import { z } from 'zod';
import type { Deps } from '../../deps.js';
import { ACCESS_REFUSED_MESSAGE, EDIT_REFUSED_MESSAGE } from '../../domain/access/index.js';
import { formSchema, formValues, parseForm } from '../../domain/cases/forms.js';
import { newId } from '../../domain/cases/ids.js';
import { formatIsoDate } from '../../domain/cases/londonTime.js';
import { contactMethods, type ContactMethod } from '../../domain/cases/people.js';
import { updateFrequencies } from '../../domain/updateFrequency.js';
import type { VisitRefusal, VisitRequest } from '../../services/visits.js';
import { inSharedSpace } from '../activityContext.js';
import type { AssistantApp } from '../app.js';
import { asCard, text, type CardData, type FormState } from '../cardKit.js';
import { caseCard, messageCard } from '../cases/caseCards.js';
import { onExecute } from '../routes.js';
import { visitFields as f, visitFormCard } from './cards.js';
import { VisitVerbs } from './verbs.js';

const visitFormSchema = (victimIds: readonly string[]): z.ZodType<VisitRequest, z.ZodTypeDef, unknown> =>
  formSchema((form) => {
    const visitId = form.text(f.visitId, { required: 'This form is incomplete. Open it again from the case card.', max: 100 });
    const victimId = form.choice(f.victimId, victimIds, { required: 'Choose the victim visited', invalid: 'Choose one of the victims on this case' });
    const date = form.date(f.visitedOn, { required: 'Enter the date of the visit' });
    const seen = form.choice(f.seen, ['yes', 'no'] as const, { invalid: 'Answer yes or no' }) !== 'no';
    const frequency = form.choice(f.frequency, updateFrequencies, { invalid: 'Choose weekly, fortnightly or monthly' });
    const method = form.choice(f.method, contactMethods.map((m) => m.id) as ContactMethod[], { invalid: 'Choose one of the ways listed' });
    if (frequency && !method) form.fail(f.method, 'Say how the victim will be updated');
    if (method && !frequency) form.fail(f.frequency, 'Say how often the victim will be updated');
    return {
      visitId: visitId!, victimId: victimId!, visitedOn: date ? formatIsoDate(date.year, date.month, date.day) : '', seen,
      ...(frequency && method ? { agreedContact: { frequency, method } } : {}),
    };
  });

function refusalText(refusal: VisitRefusal): string {
  switch (refusal.kind) {
    case 'not-found':
      return "I couldn't find that case. Open it again from `my cases`.";
    case 'no-edit':
      return EDIT_REFUSED_MESSAGE;
    case 'closed':
      return 'This case is closed. Reopen it before recording a visit.';
    case 'unknown-victim':
      return 'That victim is not on this case. Open the form from the case card again.';
    case 'rule':
      return refusal.problems.map((p) => p.message).join(' ');
  }
}

export function registerVisits(app: AssistantApp, deps: Deps): void {
  const on = (verb: string, handler: Parameters<typeof onExecute<CardData>>[3]) => onExecute<CardData>(app, verb, 'use', handler);

  on(VisitVerbs.form, async (context, data, officer) => {
    const view = await deps.caseFile.view(String(data?.[f.caseId] ?? ''), officer);
    if (!view.ok) return asCard(messageCard(ACCESS_REFUSED_MESSAGE));
    if (view.value.case.victims.length === 0) return asCard(messageCard('Add the victim to the case (Add person) before recording a visit.'));
    return asCard(visitFormCard(view.value.case, newId(), { values: {}, errors: {} }, inSharedSpace(context)));
  });

  on(VisitVerbs.record, async (context, data, officer) => {
    const shared = inSharedSpace(context);
    const view = await deps.caseFile.view(String(data[f.caseId] ?? ''), officer);
    if (!view.ok) return asCard(messageCard(ACCESS_REFUSED_MESSAGE));
    const current = view.value.case;
    const visitId = String(data[f.visitId] ?? '') || newId();
    const again = (state: FormState) => asCard(visitFormCard(current, visitId, state, shared));
    const parsed = parseForm(visitFormSchema(current.victims.map((v) => v.id)), data);
    if (!parsed.ok) return again({ values: parsed.values, errors: Object.fromEntries(parsed.errors.map((e) => [e.field, e.message])) });
    const recorded = await deps.visits.record(current.id, parsed.value, officer);
    if (!recorded.ok) {
      if (recorded.kind === 'rule') return again({ values: formValues(data), errors: Object.fromEntries(recorded.problems.map((p) => [p.field === 'frequency' ? f.frequency : f.visitedOn, p.message])) });
      return asCard(messageCard(refusalText(recorded)));
    }
    const banner = text(recorded.visit.agreedContact ? 'Visit recorded. The agreed updates are in your reminders.' : 'Visit recorded.', { color: 'Good', weight: 'Bolder' });
    const [shown, areas] = await Promise.all([deps.caseFile.caseView(recorded.case), deps.roster.areasOf(officer.teamId)]);
    return asCard(caseCard(shown, { areas, now: deps.clock.now(), banner }));
  });
}
