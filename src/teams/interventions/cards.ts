/**
 * The warnings and interventions cards: choose the type, the form for that type, the result with its monitoring
 * end and deadlines, the end-of-monitoring question, and the prevention-rate figures.
 */
import type { LocalDate } from '../../domain/calendar/localDate.js';
import type { Case } from '../../domain/cases/case.js';
import type { Deadline } from '../../domain/deadlines/deadline.js';
import { outcomeQuestion } from '../../domain/interventions/intervention.js';
import { interventionTypeIds, type InterventionTypeId, type InterventionTypeTable } from '../../domain/interventions/interventionTypes.js';
import type { PreventionFigures, PreventionRates } from '../../domain/interventions/preventionRates.js';
import type { OutcomeView, RecordedInterventionView } from '../../services/interventions.js';
import {
  actionSet, card, choiceInput, dateInput, execute, facts, formErrors, heading, note, subheading, text, textInput, warning,
  type Choice, type Element, type FormState,
} from '../cardKit.js';
import { CaseVerbs } from '../cases/verbs.js';
import { longDate } from '../risk/dueDates.js';
import { dateWords, datesFor, interventionFormFields as f } from './form.js';
import { InterventionVerbs } from './verbs.js';

/** Leaving a form never needs its inputs, so Teams must not hold the officer back on required ones. */
const backToCase = (caseId: string): Element => execute('Back to case', CaseVerbs.show, { caseId }, { associatedInputs: 'none' });

const capitalised = (words: string) => `${words.charAt(0).toUpperCase()}${words.slice(1)}`;

const ageWords = (under18: 'yes' | 'no' | 'unknown') => (under18 === 'yes' ? 'under 18' : under18 === 'no' ? '18 or over' : 'age unknown');

/** What the monitoring of a type means, in one line for the form. */
function monitoringLine(types: InterventionTypeTable, type: InterventionTypeId): string {
  const rule = types[type];
  const parts: string[] = [];
  if (rule.monitoringMonths) parts.push(`The person is monitored for ${rule.monitoringMonths} months; at the end you will be asked whether they have come to the team's attention again.`);
  if (rule.runsMonths) parts.push(`It runs ${rule.runsMonths} months unless you give an expiry date.`);
  if (rule.reviewEveryDays) parts.push(`It is reviewed every ${rule.reviewEveryDays / 7} weeks.`);
  return parts.join(' ') || 'It is not monitored; any dates you give are added to the case deadlines.';
}

/** Step 1: which kind of intervention. */
export function typePickerCard(current: Case, types: InterventionTypeTable, form: FormState): Element {
  const choices: Choice[] = interventionTypeIds.map((id) => ({ title: types[id].label, value: id }));
  return card(
    [
      heading(`Add intervention: ${current.reference}`),
      ...formErrors(form),
      ...choiceInput(form, f.type, choices, { label: 'Type of intervention', required: true, expanded: true }),
    ],
    [execute('Continue', InterventionVerbs.form, { [f.caseId]: current.id, [f.typeChosen]: 'true' }, { style: 'positive' }), backToCase(current.id)],
  );
}

export interface InterventionFormModel {
  current: Case;
  type: InterventionTypeId;
  types: InterventionTypeTable;
  interventionId: string;
  /** Each perpetrator on the case, with their age today. */
  people: Array<{ id: string; name: string; under18: 'yes' | 'no' | 'unknown' }>;
  officers: Array<{ id: string; name: string }>;
}

/** Step 2: who, when, by whom, and the dates this type has. */
export function interventionFormCard(model: InterventionFormModel, form: FormState): Element {
  const { current, type, types } = model;
  const people: Choice[] = model.people.map((p) => ({ title: p.under18 === 'yes' ? `${p.name} (under 18)` : p.name, value: p.id }));
  const officers: Choice[] = model.officers.map((o) => ({ title: o.name, value: o.id }));
  const dates = datesFor(types, type).flatMap(({ field, required }) =>
    dateInput(form, f[field], { label: `${capitalised(dateWords[field])}${required ? '' : ' (if there is one)'}`, required }),
  );
  return card(
    [
      heading(`${types[type].label}: ${current.reference}`),
      note(monitoringLine(types, type)),
      ...formErrors(form),
      ...choiceInput(form, f.personId, people, { label: 'Who is it for?', required: true, expanded: people.length <= 4 }),
      ...dateInput(form, f.servedOn, { label: 'Date served', required: true }),
      ...choiceInput(form, f.servedBy, officers, { label: 'Served by', required: true }),
      ...dates,
    ],
    [
      execute('Save intervention', InterventionVerbs.record, { [f.caseId]: current.id, [f.interventionId]: model.interventionId, [f.type]: type }, { style: 'positive' }),
      execute('Change type', InterventionVerbs.form, { [f.caseId]: current.id }, { associatedInputs: 'none' }),
      backToCase(current.id),
    ],
  );
}

export function deadlineLines(deadlines: readonly Deadline[], today: LocalDate): Element[] {
  if (deadlines.length === 0) return [note('It sets no deadlines.')];
  return deadlines.map((d) => {
    const past = d.dueDate < today;
    return text(`${past ? '**Overdue:** ' : ''}${longDate(d.dueDate)}: ${d.label}`, { spacing: 'Small', ...(past ? { color: 'Attention' } : {}) });
  });
}

/** What was recorded: the monitoring end date and every deadline it sets. */
export function interventionResultCard(view: RecordedInterventionView, types: InterventionTypeTable, officerName: string, today: LocalDate): Element {
  const { intervention, case: current } = view;
  const label = types[intervention.type].label;
  return card(
    [
      text(view.created ? 'Intervention recorded.' : 'This intervention was already recorded.', { color: 'Good', weight: 'Bolder' }),
      heading(`${label}: ${view.personName}`),
      ...(intervention.monitoringEndsOn ? [text(`**Monitoring ends ${longDate(intervention.monitoringEndsOn)}**`)] : []),
      facts([
        ['Case', current.reference],
        ['Person', `${view.personName} (${ageWords(view.under18)})`],
        ['Served', longDate(intervention.servedOn)],
        ['Served by', officerName],
        ...(['complianceDate', 'reviewDate', 'hearingDate', 'expiryDate'] as const).map((field): [string, string] => [
          capitalised(dateWords[field]),
          intervention[field] ? longDate(intervention[field]!) : '',
        ]),
      ]),
      ...(view.under18 === 'unknown' && intervention.monitoringEndsOn ? [note("The person's age is not known, so they are counted with adults in the prevention figures.")] : []),
      subheading('Deadlines it sets'),
      ...deadlineLines(view.deadlines, today),
    ],
    [backToCase(current.id), execute('Add another', InterventionVerbs.form, { [f.caseId]: current.id })],
  );
}

function outcomeFacts(view: OutcomeView, types: InterventionTypeTable): Element {
  const { intervention } = view;
  return facts([
    ['Case', view.case.reference],
    ['Person', view.personName],
    ['Intervention', types[intervention.type].label],
    ['Served', longDate(intervention.servedOn)],
    ['Monitoring ends', intervention.monitoringEndsOn ? longDate(intervention.monitoringEndsOn) : ''],
  ]);
}

/** The end-of-monitoring question. */
export function outcomeFormCard(view: OutcomeView, types: InterventionTypeTable, form: FormState): Element {
  const yesNo: Choice[] = [
    { title: 'Yes, they have come to notice again', value: 'yes' },
    { title: 'No, they have not', value: 'no' },
  ];
  return card(
    [
      heading('End of monitoring'),
      outcomeFacts(view, types),
      ...formErrors(form),
      ...choiceInput(form, f.cameToNoticeAgain, yesNo, { label: outcomeQuestion, required: true, expanded: true }),
      ...textInput(form, f.outcomeNote, { label: 'Note for the case file (optional)', multiline: true, maxLength: 2000 }),
    ],
    [execute('Save answer', InterventionVerbs.recordOutcome, { [f.interventionId]: view.intervention.id }, { style: 'positive' }), backToCase(view.case.id)],
  );
}

export function outcomeSavedCard(view: OutcomeView, types: InterventionTypeTable): Element {
  const again = view.intervention.outcome?.cameToNoticeAgain;
  return card(
    [
      text('Outcome recorded.', { color: 'Good', weight: 'Bolder' }),
      heading(again ? `${view.personName} has come to notice again` : `${view.personName} has not come to notice again`),
      outcomeFacts(view, types),
      note('The answer counts towards the prevention-rate figures.'),
    ],
    [backToCase(view.case.id)],
  );
}

/** An outcome already given: shown instead of the question (e.g. when an old reminder's Done is pressed). */
export function outcomeAlreadyRecordedCard(view: OutcomeView, types: InterventionTypeTable): Element {
  return card(
    [text('The outcome of this intervention has already been recorded.', { weight: 'Bolder' }), outcomeFacts(view, types)],
    [backToCase(view.case.id)],
  );
}

function groupLines(title: string, figures: PreventionFigures): Element[] {
  const rate = figures.ratePercent === null ? 'no outcomes recorded yet' : `${figures.ratePercent}% did not come to notice again`;
  const verdict = figures.meetsTarget === null ? '' : figures.meetsTarget ? ' (meets the target)' : ' (below the target)';
  return [
    subheading(title),
    text(`**${rate}**${verdict}`, figures.meetsTarget === false ? { color: 'Attention' } : {}),
    facts([
      ['Target', `${figures.targetPercent}%`],
      ['Outcomes recorded', `${figures.outcomeRecorded} (${figures.notComeToNoticeAgain} not come to notice again)`],
      ['Awaiting an answer', String(figures.awaitingOutcome)],
      ['Monitored in all', String(figures.monitored)],
    ]),
  ];
}

/** The figures, and the answers still owed (so every warning can be counted, even on a closed case). */
export function figuresCard(rates: PreventionRates, awaiting: readonly OutcomeView[], types: InterventionTypeTable): Element {
  const owed = awaiting.map((view) =>
    actionSet([
      execute(`${view.personName} (${view.case.reference}): ${types[view.intervention.type].label}`, InterventionVerbs.outcomeForm, { [f.interventionId]: view.intervention.id }),
    ]),
  );
  return card([
    heading('Prevention figures'),
    note('People given a warning who did not come to the team\'s attention again by the end of monitoring, from the outcomes recorded.'),
    ...groupLines('Under 18s', rates.under18),
    ...groupLines('Adults', rates.adults),
    ...(owed.length > 0 ? [subheading('Monitoring ended: answer still needed'), ...owed] : []),
  ]);
}
