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
  if (rule.ageOnApplication) {
    const { min, max } = rule.ageOnApplication;
    parts.push(`It is for people aged ${max === undefined ? `${min} or over` : `${min} to ${max}`} on the date of application.`);
  }
  if (rule.needsPreApplicationRiskAssessment) parts.push('A pre-application risk assessment of the person must be recorded first.');
  if (rule.fixedPenaltyPounds) parts.push(`A breach can be dealt with by a fixed penalty of £${rule.fixedPenaltyPounds}.`);
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
      ...dateInput(form, f.servedOn, { label: types[type].servedOnLabel ?? 'Date served', required: true }),
      ...choiceInput(form, f.servedBy, officers, { label: types[type].servedOnLabel ? 'Applied for by' : 'Served by', required: true }),
      ...dates,
      ...(types[type].hasTerms ? termsInputs(form) : []),
    ],
    [
      execute('Save intervention', InterventionVerbs.record, { [f.caseId]: current.id, [f.interventionId]: model.interventionId, [f.type]: type }, { style: 'positive' }),
      ...(types[type].needsPreApplicationRiskAssessment
        ? [execute('Pre-application risk assessment', InterventionVerbs.preApplicationForm, { [f.caseId]: current.id }, { associatedInputs: 'none' })]
        : []),
      execute('Change type', InterventionVerbs.form, { [f.caseId]: current.id }, { associatedInputs: 'none' }),
      backToCase(current.id),
    ],
  );
}

function termsInputs(form: FormState): Element[] {
  return [
    subheading('Terms sought'),
    ...textInput(form, f.prohibitions, { label: 'Prohibitions (one a line, if any)', multiline: true, maxLength: 4000 }),
    ...textInput(form, f.requirements, { label: 'Positive requirements (one a line, if any)', multiline: true, maxLength: 4000 }),
    ...textInput(form, f.requirementsSupervisor, { label: 'Who supervises the requirements (person or agency)', maxLength: 200 }),
  ];
}

export interface PreApplicationFormModel {
  current: Case;
  assessmentId: string;
  people: Array<{ id: string; name: string }>;
}

const yesNo = (yes: string, no: string): Choice[] => [
  { title: yes, value: 'yes' },
  { title: no, value: 'no' },
];

/** The risk assessment the 2026 Act requires before applying for a Respect Order, Youth or Housing Injunction. */
export function preApplicationFormCard(model: PreApplicationFormModel, form: FormState): Element {
  const { current } = model;
  const people: Choice[] = model.people.map((p) => ({ title: p.name, value: p.id }));
  return card(
    [
      heading(`Pre-application risk assessment: ${current.reference}`),
      note('Required before applying for a Respect Order, Youth Injunction or Housing Injunction (Crime and Policing Act 2026).'),
      ...formErrors(form),
      ...choiceInput(form, f.personId, people, { label: 'Person assessed', required: true, expanded: people.length <= 4 }),
      ...dateInput(form, f.assessedOn, { label: 'Date of the assessment', required: true }),
      ...textInput(form, f.risksToRespondent, { label: 'Risks to the person (the respondent)', required: true, multiline: true, maxLength: 2000 }),
      ...textInput(form, f.risksToOthers, { label: 'Risks to others', required: true, multiline: true, maxLength: 2000 }),
      ...textInput(form, f.vulnerabilities, { label: "The person's vulnerabilities", required: true, multiline: true, maxLength: 2000 }),
      ...choiceInput(form, f.violenceOrRiskOfHarm, yesNo('Yes, violence or a risk of harm', 'No'), { label: 'Is there violence or a risk of harm?', required: true, expanded: true }),
      ...choiceInput(form, f.exclusionFromHomeSought, yesNo('Yes, an exclusion from home is sought', 'No'), { label: 'Is an exclusion from home sought?', required: true, expanded: true }),
    ],
    [
      execute('Save assessment', InterventionVerbs.recordPreApplication, { [f.caseId]: current.id, [f.assessmentId]: model.assessmentId }, { style: 'positive' }),
      execute('Add intervention', InterventionVerbs.form, { [f.caseId]: current.id }, { associatedInputs: 'none' }),
      backToCase(current.id),
    ],
  );
}

/** Saved: the answers stay on the record; the card says what it allows next. */
export function preApplicationSavedCard(view: { case: Case; assessment: { assessedOn: LocalDate; exclusionFromHomeSought: boolean }; personName: string; created: boolean }): Element {
  return card(
    [
      text(view.created ? 'Pre-application risk assessment recorded.' : 'This assessment was already recorded.', { color: 'Good', weight: 'Bolder' }),
      facts([
        ['Case', view.case.reference],
        ['Person', view.personName],
        ['Assessed', longDate(view.assessment.assessedOn)],
        ['Exclusion from home sought', view.assessment.exclusionFromHomeSought ? 'Yes' : 'No'],
      ]),
      note('An application for a Respect Order, Youth Injunction or Housing Injunction dated on or after the assessment can now be recorded.'),
    ],
    [execute('Add intervention', InterventionVerbs.form, { [f.caseId]: view.case.id }, { style: 'positive' }), backToCase(view.case.id)],
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
        [types[intervention.type].servedOnLabel ?? 'Served', longDate(intervention.servedOn)],
        [types[intervention.type].servedOnLabel ? 'Applied for by' : 'Served by', officerName],
        ...termsFacts(intervention),
        ...(['complianceDate', 'reviewDate', 'hearingDate', 'supervisorReportDate', 'expiryDate'] as const).map((field): [string, string] => [
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

/** Counts only: the terms are free text that can name people, and this card may be seen in a shared space. */
function termsFacts(intervention: RecordedInterventionView['intervention']): Array<[string, string]> {
  const count = (list: readonly string[] | undefined, word: string) => (list?.length ? `${list.length} ${word}${list.length > 1 ? 's' : ''}` : '');
  return [
    ['Prohibitions', count(intervention.prohibitions, 'prohibition')],
    ['Positive requirements', count(intervention.requirements, 'requirement')],
    ['Supervised by', intervention.requirementsSupervisor ?? ''],
  ];
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
