/**
 * Warnings and interventions in Teams: "Add intervention" on the case card (choose the type, then the form for
 * that type), the result with its monitoring end and deadlines, the end-of-monitoring question (opened by the
 * reminder's Done), and the `prevention figures` command.
 */
import type { TurnContext } from 'botbuilder';
import type { Deps } from '../../deps.js';
import { todayInLondon } from '../../domain/calendar/localDate.js';
import { ACCESS_REFUSED_MESSAGE, EDIT_REFUSED_MESSAGE } from '../../domain/access/policy.js';
import type { Case } from '../../domain/cases/case.js';
import { WHOLE_FORM } from '../../domain/cases/fieldErrors.js';
import { formSchema, formValues, parseForm } from '../../domain/cases/forms.js';
import { newId } from '../../domain/cases/ids.js';
import type { InterventionTypeId } from '../../domain/interventions/interventionTypes.js';
import type { Officer } from '../../services/caseFile.js';
import type { InterventionRefusal, OutcomeView } from '../../services/interventions.js';
import { inSharedSpace, tenantIdOf } from '../activityContext.js';
import type { AssistantApp } from '../app.js';
import { onCommand, onExecute } from '../routes.js';
import { asCard, formState, attach, emptyForm, execute, type CardData, type Element, type FormState } from '../cardKit.js';
import { messageCard } from '../cases/caseCards.js';
import { CaseVerbs } from '../cases/verbs.js';
import {
  figuresCard, interventionFormCard, interventionResultCard, outcomeAlreadyRecordedCard, outcomeFormCard, outcomeSavedCard, preApplicationFormCard,
  preApplicationSavedCard, typePickerCard,
} from './cards.js';
import { interventionFormFields as f, interventionFormSchema, outcomeFormSchema, preApplicationFormSchema, readInterventionType } from './form.js';
import { InterventionVerbs } from './verbs.js';
import { teamsRoster } from '../roster.js';

type Data = CardData;
/** How many unanswered end-of-monitoring questions the figures card offers to answer. */
const AWAITING_SHOWN = 10;


export function interventionRefusalText(refusal: InterventionRefusal): string {
  switch (refusal.kind) {
    case 'not-found':
      return "I couldn't find that case or intervention. Open the case again and try once more.";
    case 'no-access':
      return ACCESS_REFUSED_MESSAGE;
    case 'no-edit':
    case 'summary-only':
      return EDIT_REFUSED_MESSAGE;
    case 'closed':
      return 'This case is closed. Reopen it before recording an intervention.';
    case 'no-perpetrator':
      return 'Add the alleged perpetrator to the case (Add person) before recording an intervention.';
    case 'unknown-person':
      return 'That person is not an alleged perpetrator on this case. Open the form from the case card again.';
    case 'rule':
    case 'no-risk-assessment':
    case 'invalid':
      return refusal.message;
  }
}

const typeSchema = formSchema((form) => readInterventionType(form));

export function registerInterventions(app: AssistantApp, deps: Deps): void {
  const service = deps.interventions;
  const types = service.types;

  const on = (verb: string, handler: (context: TurnContext, data: Data, officer: Officer) => Promise<Element>) =>
    onExecute(app, verb, 'use', async (context, data, officer) => asCard(await handler(context, data, officer)));

  const refusalCard = (refusal: InterventionRefusal, caseId?: string): Element =>
    messageCard(interventionRefusalText(refusal), caseId && refusal.kind !== 'not-found' ? [execute('Back to case', CaseVerbs.show, { caseId })] : []);

  /** The acting officer first, then the others known in the organisation. */
  const officersFor = async (context: TurnContext, officer: Officer) => {
    const known = await teamsRoster(deps).officers(deps.references, tenantIdOf(context.activity) ?? '');
    return [{ id: officer.id, name: officer.name }, ...known.filter((o) => o.id !== officer.id)];
  };

  const formModel = async (context: TurnContext, officer: Officer, current: Case, type: InterventionTypeId, interventionId: string) => {
    const today = todayInLondon(deps.clock);
    return {
      current,
      type,
      types,
      interventionId,
      people: current.perpetrators.map((p) => ({ id: p.id, name: p.name, under18: service.under18On(p, today) })),
      officers: await officersFor(context, officer),
    };
  };

  on(InterventionVerbs.form, async (context, data, officer) => {
    const caseId = String(data[f.caseId] ?? '');
    const found = await service.caseForIntervention(caseId, officer);
    if (!found.ok) return refusalCard(found, caseId);
    const chosen = parseForm(typeSchema, data);
    if (!chosen.ok || !chosen.value) {
      const asked = data[f.typeChosen] === 'true';
      const state = asked && !chosen.ok ? formState(chosen.errors, chosen.values) : emptyForm();
      return typePickerCard(found.value, types, state);
    }
    const current = found.value;
    const defaults: Record<string, string> = { [f.servedOn]: todayInLondon(deps.clock), [f.servedBy]: officer.id };
    if (current.perpetrators.length === 1) defaults[f.personId] = current.perpetrators[0]!.id;
    return interventionFormCard(await formModel(context, officer, current, chosen.value, newId()), { values: defaults, errors: {} });
  });

  on(InterventionVerbs.record, async (context, data, officer) => {
    const caseId = String(data[f.caseId] ?? '');
    const found = await service.caseForIntervention(caseId, officer);
    if (!found.ok) return refusalCard(found, caseId);
    const current = found.value;
    const chosen = parseForm(typeSchema, data);
    if (!chosen.ok || !chosen.value) return typePickerCard(current, types, emptyForm());
    const interventionId = typeof data[f.interventionId] === 'string' && data[f.interventionId] ? String(data[f.interventionId]) : newId();
    const model = await formModel(context, officer, current, chosen.value, interventionId);
    const today = todayInLondon(deps.clock);
    const parsed = parseForm(
      interventionFormSchema({ types, today, people: current.perpetrators, officerIds: model.officers.map((o) => o.id) }),
      data,
    );
    if (!parsed.ok) return interventionFormCard(model, formState(parsed.errors, parsed.values));
    const recorded = await service.record(current.id, parsed.value.request, officer);
    if (!recorded.ok) {
      if (recorded.kind === 'rule' || recorded.kind === 'unknown-person' || recorded.kind === 'no-risk-assessment') {
        const field = recorded.kind === 'unknown-person' ? f.personId : WHOLE_FORM;
        return interventionFormCard(model, formState([{ field, message: interventionRefusalText(recorded) }], formValues(data)));
      }
      return refusalCard(recorded, caseId);
    }
    const servedBy = model.officers.find((o) => o.id === recorded.value.intervention.officerId)?.name ?? '';
    return interventionResultCard(recorded.value, types, servedBy, today);
  });

  const assessmentForm = (current: Case, state: FormState, assessmentId = newId()) =>
    preApplicationFormCard({ current, assessmentId, people: current.perpetrators.map((p) => ({ id: p.id, name: p.name })) }, state);

  on(InterventionVerbs.preApplicationForm, async (_context, data, officer) => {
    const caseId = String(data[f.caseId] ?? '');
    const found = await service.caseForIntervention(caseId, officer);
    if (!found.ok) return refusalCard(found, caseId);
    const personId = String(data[f.personId] ?? '');
    const values: Record<string, string> = { [f.assessedOn]: todayInLondon(deps.clock) };
    if (found.value.perpetrators.some((p) => p.id === personId)) values[f.personId] = personId;
    else if (found.value.perpetrators.length === 1) values[f.personId] = found.value.perpetrators[0]!.id;
    return assessmentForm(found.value, { values, errors: {} });
  });

  on(InterventionVerbs.recordPreApplication, async (_context, data, officer) => {
    const caseId = String(data[f.caseId] ?? '');
    const found = await service.caseForIntervention(caseId, officer);
    if (!found.ok) return refusalCard(found, caseId);
    const current = found.value;
    const assessmentId = typeof data[f.assessmentId] === 'string' && data[f.assessmentId] ? String(data[f.assessmentId]) : newId();
    const schema = preApplicationFormSchema({ today: todayInLondon(deps.clock), perpetratorIds: current.perpetrators.map((p) => p.id) });
    const parsed = parseForm(schema, data);
    if (!parsed.ok) return assessmentForm(current, formState(parsed.errors, parsed.values), assessmentId);
    const saved = await service.recordPreApplicationAssessment(current.id, parsed.value.assessment, officer);
    if (!saved.ok) {
      if (saved.kind === 'rule') return assessmentForm(current, formState([{ field: WHOLE_FORM, message: saved.message }], formValues(data)), assessmentId);
      return refusalCard(saved, caseId);
    }
    return preApplicationSavedCard(saved.value);
  });

  const outcomeCard = (view: OutcomeView, state: FormState) =>
    view.intervention.outcome ? outcomeAlreadyRecordedCard(view, types) : outcomeFormCard(view, types, state);

  on(InterventionVerbs.outcomeForm, async (_context, data, officer) => {
    const found = await service.forOutcome(String(data[f.interventionId] ?? ''), officer);
    return found.ok ? outcomeCard(found.value, emptyForm()) : refusalCard(found);
  });

  on(InterventionVerbs.recordOutcome, async (_context, data, officer) => {
    const interventionId = String(data[f.interventionId] ?? '');
    const parsed = parseForm(outcomeFormSchema, data);
    if (!parsed.ok) {
      const found = await service.forOutcome(interventionId, officer);
      return found.ok ? outcomeCard(found.value, formState(parsed.errors, parsed.values)) : refusalCard(found);
    }
    const { cameToNoticeAgain, note } = parsed.value;
    const saved = await service.recordOutcome(interventionId, cameToNoticeAgain, note, officer);
    if (saved.ok) return outcomeSavedCard(saved.value, types);
    if (saved.kind !== 'rule') return refusalCard(saved);
    const found = await service.forOutcome(interventionId, officer);
    return found.ok ? outcomeCard(found.value, formState([{ field: WHOLE_FORM, message: saved.message }], formValues(data))) : refusalCard(found);
  });

  /** The figures everywhere; the answers owed (which name people) only in the officer's personal chat. */
  const figures = async (context: TurnContext, officer: Officer) => {
    return figuresCard(await service.figures(officer), inSharedSpace(context) ? [] : await service.awaitingOutcome(officer, AWAITING_SHOWN), types);
  };
  onCommand(app, /^\s*prevention figures\s*$/i, 'prevention figures', 'list-cases', async (context, officer) => {
    await context.sendActivity(attach(await figures(context, officer)));
  });
  on(InterventionVerbs.figures, async (context, _data, officer) => figures(context, officer));
}
