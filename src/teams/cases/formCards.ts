/**
 * The case forms as cards: new case, incident, note, status change, close and reopen. Each is rendered from a
 * FormState, so a refused submission comes back with everything typed still in place and each problem
 * next to its input.
 */
import { randomUUID } from 'node:crypto';
import { defaultAreas, type Area } from '../../domain/cases/areas.js';
import type { Case } from '../../domain/cases/case.js';
import { asbCategories } from '../../domain/cases/categories.js';
import { closureReasons } from '../../domain/cases/closure.js';
import type { PossibleDuplicate } from '../../domain/cases/duplicates.js';
import { evidenceTypes } from '../../domain/cases/evidence.js';
import { ADD_PERSON_PREFIX, caseFormFields as f, perpetratorPrefix, REPORTED_BY_OTHER, reporterRoleChoices, victimPrefix, witnessPrefix } from '../../domain/cases/inputs.js';
import { ageBands, contactMethods, housingTenures } from '../../domain/cases/people.js';
import { personField } from '../../domain/cases/personInputs.js';
import { caseSources } from '../../domain/cases/sources.js';
import { allowedNextStatuses, statusLabels } from '../../domain/cases/status.js';
import { updateFrequencies } from '../../domain/updateFrequency.js';
import { wardIdFrom, wardsMatching } from '../../domain/cases/wardSearch.js';
import {
  card, choiceInput, container, dateInput, emptyForm, execute, formErrors, heading, note, options, sectionInUse, subheading, text,
  textInput, timeInput, toggleInput, toggleSection, type Element, type FormState,
} from '../cardKit.js';
import { peoplePicker } from '../peoplePicker.js';
import { CaseVerbs, WARD_DATASET } from './verbs.js';

/** Person slots on the new-case card; more people are added from the case card. */
const VICTIM_SLOTS = 3;
const PERPETRATOR_SLOTS = 2;
const WITNESS_SLOTS = 1;

const categoryChoices = options(asbCategories);
const frequencyChoices = updateFrequencies.map((id) => ({ title: id[0]!.toUpperCase() + id.slice(1), value: id }));

/**
 * The ward list follows the chosen area: in Teams a typeahead asks the assistant for the area's wards (the
 * search carries the form's inputs, the area among them); the static list is the fallback for clients without
 * it (the chosen area's wards once the form is redrawn, otherwise every area's, named with their area).
 */
function wardInput(form: FormState, areas: readonly Area[]): Element[] {
  const area = form.values[f.area];
  const choices = wardsMatching(areas, area, '', Number.MAX_SAFE_INTEGER);
  // A ward kept from the last submission (its id, or words from another list) is shown as this list names it.
  const kept = form.values[f.ward] ? wardIdFrom(areas, area, form.values[f.ward]) : undefined;
  const shown = kept ? choices.find((c) => wardIdFrom(areas, area, c.value) === kept)?.value : undefined;
  const withWard = shown ? { ...form, values: { ...form.values, [f.ward]: shown } } : form;
  const [input, ...rest] = choiceInput(withWard, f.ward, choices, { label: 'Ward', required: true });
  return [{ ...input, 'choices.data': { type: 'Data.Query', dataset: WARD_DATASET, associatedInputs: 'auto' } }, ...rest];
}

/** The form's own key: a resubmission of the same form (a double click) is recognised by it. */
function withKey(form: FormState): FormState {
  return form.values[f.idempotencyKey] ? form : { ...form, values: { ...form.values, [f.idempotencyKey]: randomUUID() } };
}

function victimSection(form: FormState, n: number): Element[] {
  const p = victimPrefix(n);
  return [
    subheading(n === 1 ? 'Victim or complainant' : `Victim or complainant ${n}`),
    ...textInput(form, personField(p, 'name'), { label: 'Name', required: n === 1 }),
    ...textInput(form, personField(p, 'phone'), { label: 'Phone' }),
    ...textInput(form, personField(p, 'email'), { label: 'Email' }),
    ...textInput(form, personField(p, 'address'), { label: 'Address (with postcode)' }),
    ...choiceInput(form, personField(p, 'preferredContact'), options(contactMethods), { label: 'Preferred contact' }),
    ...choiceInput(form, personField(p, 'updateFrequency'), frequencyChoices, { label: 'Agreed updates' }),
    ...textInput(form, personField(p, 'vulnerability'), { label: 'Vulnerability notes', multiline: true }),
    ...toggleInput(form, personField(p, 'consent'), 'Consents to information being shared with partners'),
    ...dateInput(form, personField(p, 'consentDate'), { label: 'Date consent given' }),
    ...toggleInput(form, personField(p, 'under18'), 'Under 18'),
  ];
}

function perpetratorSection(form: FormState, n: number): Element[] {
  const p = perpetratorPrefix(n);
  return [
    subheading(`Alleged perpetrator ${n}`),
    ...textInput(form, personField(p, 'name'), { label: 'Name' }),
    ...dateInput(form, personField(p, 'dateOfBirth'), { label: 'Date of birth (if known)' }),
    ...choiceInput(form, personField(p, 'ageBand'), options(ageBands), { label: 'Age band (if no date of birth)' }),
    ...textInput(form, personField(p, 'address'), { label: 'Address (with postcode)' }),
    ...choiceInput(form, personField(p, 'tenure'), options(housingTenures), { label: 'Housing tenure' }),
  ];
}

function witnessSection(form: FormState, n: number): Element[] {
  const p = witnessPrefix(n);
  return [
    subheading(`Witness ${n}`),
    ...textInput(form, personField(p, 'name'), { label: 'Name' }),
    ...textInput(form, personField(p, 'phone'), { label: 'Phone' }),
    ...textInput(form, personField(p, 'email'), { label: 'Email' }),
  ];
}

const personIds = (prefix: string, fields: Parameters<typeof personField>[1][]) => fields.map((field) => personField(prefix, field));

/** A section hidden behind an "Add ..." button unless it already holds something. */
function optional(form: FormState, id: string, buttonTitle: string, inputIds: string[], items: Element[]): Element[] {
  return [toggleSection(buttonTitle, id), container(items, { id, isVisible: sectionInUse(form, inputIds) })];
}

/**
 * `required` marks the inputs for Teams' renderer; only where they are always visible, since the renderer will
 * not send a form while a hidden required input is empty, and shows no error. Where the section can be hidden
 * (the new case's optional first incident) the server checks them and names the field in the card.
 */
function incidentInputs(form: FormState, withCategories: boolean, required = true): Element[] {
  return [
    ...dateInput(form, f.incidentDate, { label: 'Date it happened', required }),
    ...timeInput(form, f.incidentTime, { label: 'Time (roughly is fine)', required }),
    ...(withCategories ? choiceInput(form, f.incidentCategories, categoryChoices, { label: 'Categories', multi: true, required }) : []),
    ...textInput(form, f.incidentDescription, { label: 'What happened', multiline: true, required, maxLength: 4000 }),
    ...choiceInput(form, f.incidentEvidence, options(evidenceTypes), { label: 'Evidence held', multi: true }),
  ];
}

export function newCaseFormCard(state: FormState = emptyForm(), areas: readonly Area[] = defaultAreas): Element {
  const form = withKey(state);
  const body: Element[] = [
    heading('New ASB case'),
    ...formErrors(form),
    ...choiceInput(form, f.area, areas.map((a) => ({ title: a.name, value: a.id })), { label: 'Area', required: true }),
    ...wardInput(form, areas),
    ...choiceInput(form, f.categories, categoryChoices, { label: 'Categories', required: true, multi: true }),
    // One of the two is needed: neither can be marked required for the renderer, so the labels say so.
    ...textInput(form, f.address, { label: 'Address (this or the place below is needed)' }),
    ...textInput(form, f.place, { label: 'Or the place (park, shop, bus station...)' }),
    ...textInput(form, f.postcode, { label: 'Postcode', placeholder: 'SW1A 1AA' }),
    ...choiceInput(form, f.source, options(caseSources), { label: 'How it was reported', required: true }),
    ...textInput(form, f.policeReferences, { label: 'Police references (comma separated)' }),
    ...victimSection(form, 1),
  ];
  // Each "Add another" button sits at the end of the section before it, so only the next one is ever offered.
  const chain = (slots: Array<{ id: string; title: string; inputIds: string[]; items: Element[] }>): Element[] =>
    slots.reduceRight<Element[]>((rest, slot) => optional(form, slot.id, slot.title, slot.inputIds, [...slot.items, ...rest]), []);
  const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
  body.push(
    ...chain(range(2, VICTIM_SLOTS).map((n) => ({ id: `${victimPrefix(n)}Section`, title: 'Add another victim', inputIds: personIds(victimPrefix(n), ['name', 'phone', 'email', 'address', 'vulnerability', 'consent', 'under18']), items: victimSection(form, n) }))),
    ...chain(range(1, PERPETRATOR_SLOTS).map((n) => ({ id: `${perpetratorPrefix(n)}Section`, title: n === 1 ? 'Add an alleged perpetrator' : 'Add another alleged perpetrator', inputIds: personIds(perpetratorPrefix(n), ['name', 'dateOfBirth', 'ageBand', 'address']), items: perpetratorSection(form, n) }))),
    ...chain(range(1, WITNESS_SLOTS).map((n) => ({ id: `${witnessPrefix(n)}Section`, title: n === 1 ? 'Add a witness' : 'Add another witness', inputIds: personIds(witnessPrefix(n), ['name', 'phone', 'email']), items: witnessSection(form, n) }))),
    ...optional(form, 'firstIncidentSection', 'Add what happened (the first incident)', [f.incidentDate, f.incidentTime, f.incidentDescription, f.incidentEvidence], [subheading('First incident'), ...incidentInputs(form, false, false)]),
  );
  return card(body, [execute('Open case', CaseVerbs.create, { [f.idempotencyKey]: form.values[f.idempotencyKey] }, { style: 'positive' })]);
}

const target = (current: Case) => ({ [f.caseId]: current.id, [f.version]: String(current.version) });
const backToCase = (current: Case) => execute('Back to case', CaseVerbs.show, { [f.caseId]: current.id });

export function incidentFormCard(current: Case, state: FormState = emptyForm()): Element {
  const form = withKey(state);
  const reporters = [...current.victims.map((v) => ({ title: v.name, value: v.id })), { title: 'Someone else', value: REPORTED_BY_OTHER }];
  return card(
    [
      heading(`Log an incident on ${current.reference}`),
      ...formErrors(form),
      ...incidentInputs(form, true),
      ...choiceInput(form, f.reportedBy, reporters, { label: 'Who reported it', required: true }),
      ...textInput(form, f.reportedByName, { label: "Reporter's name (if someone else)" }),
      ...dateInput(form, f.reportedOn, { label: 'Date reported (if later than it happened)' }),
      ...choiceInput(form, f.reporterRole, options(reporterRoleChoices), { label: 'How the report came in (for the ASB Case Review count)' }),
    ],
    [execute('Save incident', CaseVerbs.logIncident, { ...target(current), [f.idempotencyKey]: form.values[f.idempotencyKey] }, { style: 'positive' }), backToCase(current)],
  );
}

export function noteFormCard(current: Case, state: FormState = emptyForm()): Element {
  const form = withKey(state);
  return card(
    [heading(`Add a note to ${current.reference}`), note('Notes are kept as written: to correct one, add another note.'), ...formErrors(form), ...textInput(form, f.noteText, { label: 'Note', multiline: true, required: true, maxLength: 4000 })],
    [execute('Save note', CaseVerbs.addNote, { ...target(current), [f.idempotencyKey]: form.values[f.idempotencyKey] }, { style: 'positive' }), backToCase(current)],
  );
}

export function statusFormCard(current: Case, state: FormState = emptyForm()): Element {
  const choices = allowedNextStatuses(current.status)
    .filter((s) => s !== 'closed' && s !== 'reopened')
    .map((s) => ({ title: statusLabels[s], value: s }));
  return card(
    [
      heading(`Change the status of ${current.reference}`),
      text(`Now: ${statusLabels[current.status]}`),
      ...formErrors(state),
      ...choiceInput(state, f.status, choices, { label: 'New status', required: true, expanded: true }),
      ...textInput(state, f.statusReason, { label: 'Reason (needed when going back a stage)', multiline: true }),
    ],
    [execute('Change status', CaseVerbs.changeStatus, target(current), { style: 'positive' }), backToCase(current)],
  );
}

export function closeFormCard(current: Case, state: FormState = emptyForm()): Element {
  return card(
    [
      heading(`Close ${current.reference}`),
      ...formErrors(state),
      ...choiceInput(state, f.closureReason, options(closureReasons), { label: 'Why is the case closing?', required: true, expanded: true }),
      ...textInput(state, f.closureOtherText, { label: 'If other, say why', multiline: true }),
      ...toggleInput(state, f.victimInformed, 'The victim has been told the case is closing'),
    ],
    [execute('Close case', CaseVerbs.close, target(current), { style: 'destructive' }), backToCase(current)],
  );
}

export function reopenFormCard(current: Case, state: FormState = emptyForm()): Element {
  return card(
    [heading(`Reopen ${current.reference}`), ...formErrors(state), ...textInput(state, f.reopenReason, { label: 'Why is the case being reopened?', multiline: true, required: true })],
    [execute('Reopen case', CaseVerbs.reopen, target(current), { style: 'positive' }), backToCase(current)],
  );
}

/** One set of person inputs; the role chosen decides which of them count. */
export function addPersonFormCard(current: Case, state: FormState = emptyForm()): Element {
  const p = ADD_PERSON_PREFIX;
  const roles = [
    { title: 'Victim or complainant', value: 'victim' },
    { title: 'Alleged perpetrator', value: 'perpetrator' },
    { title: 'Witness', value: 'witness' },
  ];
  return card(
    [
      heading(`Add a person to ${current.reference}`),
      ...formErrors(state),
      ...choiceInput(state, f.personRole, roles, { label: 'Who are they?', required: true, expanded: true }),
      ...textInput(state, personField(p, 'name'), { label: 'Name', required: true }),
      ...textInput(state, personField(p, 'phone'), { label: 'Phone' }),
      ...textInput(state, personField(p, 'email'), { label: 'Email' }),
      ...textInput(state, personField(p, 'address'), { label: 'Address (with postcode)' }),
      note('For a victim or complainant:'),
      ...choiceInput(state, personField(p, 'preferredContact'), options(contactMethods), { label: 'Preferred contact' }),
      ...choiceInput(state, personField(p, 'updateFrequency'), frequencyChoices, { label: 'Agreed updates' }),
      ...textInput(state, personField(p, 'vulnerability'), { label: 'Vulnerability notes', multiline: true }),
      ...toggleInput(state, personField(p, 'consent'), 'Consents to information being shared with partners'),
      ...dateInput(state, personField(p, 'consentDate'), { label: 'Date consent given' }),
      ...toggleInput(state, personField(p, 'under18'), 'Under 18'),
      note('For an alleged perpetrator:'),
      ...dateInput(state, personField(p, 'dateOfBirth'), { label: 'Date of birth (if known)' }),
      ...choiceInput(state, personField(p, 'ageBand'), options(ageBands), { label: 'Age band (if no date of birth)' }),
      ...choiceInput(state, personField(p, 'tenure'), options(housingTenures), { label: 'Housing tenure' }),
    ],
    [execute('Add person', CaseVerbs.addPerson, target(current), { style: 'positive' }), backToCase(current)],
  );
}

/** Reassigning a case to another officer who uses the assistant in this organisation. */
export function assignFormCard(current: Case, officers: Array<{ id: string; name: string }>, state: FormState = emptyForm()): Element {
  const choices = officers.filter((o) => o.id !== current.ownerId);
  return card(
    [
      heading(`Assign ${current.reference}`),
      text(`Officer now: ${current.ownerName}`),
      ...formErrors(state),
      ...(choices.length > 0
        ? peoplePicker(state, ASSIGN_TO, choices, { label: 'New officer', required: true, search: false })
        : [note('No other officer in your organisation has used the assistant yet. They need to open a chat with it first.')]),
    ],
    [...(choices.length > 0 ? [execute('Assign', CaseVerbs.assign, target(current), { style: 'positive' })] : []), backToCase(current)],
  );
}

/** Input id of the officer chosen on the assign card. */
export const ASSIGN_TO = 'assignTo';

/** Before opening a case that may repeat an open one: add to that case, or open a new one anyway. */
export function duplicatesCard(duplicates: PossibleDuplicate[], submitted: Record<string, string>): Element {
  const body: Element[] = [heading('This may already be an open case'), text('These open cases mention the same people or places:')];
  const actions: Element[] = [];
  for (const duplicate of duplicates.slice(0, 3)) {
    body.push(subheading(duplicate.reference), ...duplicate.reasons.map((reason) => text(`• ${reason.detail}`)));
    actions.push(execute(`Add as incident to ${duplicate.reference}`, CaseVerbs.addAsIncident, { ...submitted, [f.caseId]: duplicate.caseId }));
  }
  actions.push(execute('Create a new case anyway', CaseVerbs.create, { ...submitted, confirmNew: 'true' }));
  return card(body, actions);
}

