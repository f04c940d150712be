/**
 * The case forms as cards submit them, each parsed into a domain value or field errors.
 * Use with `parseForm(schema, raw)`. Input ids are listed in `caseFormFields` and built by
 * `personField(prefix, ...)` so cards and handlers share one spelling.
 */
import type { z } from 'zod';
import type { Clock } from '../clock.js';
import { findArea, type Area } from './areas.js';
import { wardIdFrom } from './wardSearch.js';
import type { CaseLocation, NewCaseDraft, PersonToAdd } from './case.js';
import { MAX_PLACE_LENGTH, MAX_POLICE_REFERENCE, MAX_POLICE_REFERENCES } from './case.js';
import { asbCategoryIds, type AsbCategory } from './categories.js';
import { closureReasons, MAX_CLOSURE_TEXT, type Closure, type ClosureReason } from './closure.js';
import { evidenceTypes, type EvidenceType } from './evidence.js';
import { formSchema, type FormReader } from './forms.js';
import {
  incidentTimeWarnings,
  isInTheFuture,
  MAX_INCIDENT_DESCRIPTION,
  type FirstIncidentDraft,
  type IncidentDraft,
  type ReportedBy,
} from './incident.js';
import { londonWallClockToInstant } from './londonTime.js';
import { MAX_NOTE_LENGTH } from './notes.js';
import { MAX_ADDRESS_LENGTH } from './people.js';
import { personSlotUsed, readPerpetrator, readVictim, readWitness } from './personInputs.js';
import { caseSources, type CaseSource } from './sources.js';
import { caseStatuses, MAX_STATUS_REASON, type CaseStatus } from './status.js';

/** How many victims, perpetrators and witnesses the new-case form offers ("Add another ..."). */
export const MAX_VICTIMS_ON_FORM = 5;
export const MAX_PERPETRATORS_ON_FORM = 5;
export const MAX_WITNESSES_ON_FORM = 5;

export const victimPrefix = (n: number): string => `victim${n}`;
export const perpetratorPrefix = (n: number): string => `perpetrator${n}`;
export const witnessPrefix = (n: number): string => `witness${n}`;
/** The add-person form uses one set of inputs: personName, personPhone, ... */
export const ADD_PERSON_PREFIX = 'person';

export const caseFormFields = {
  idempotencyKey: 'idempotencyKey',
  caseId: 'caseId',
  version: 'version',
  area: 'area',
  ward: 'ward',
  categories: 'categories',
  address: 'address',
  place: 'place',
  postcode: 'postcode',
  policeReferences: 'policeReferences',
  source: 'source',
  incidentDate: 'incidentDate',
  incidentTime: 'incidentTime',
  incidentCategories: 'incidentCategories',
  incidentDescription: 'incidentDescription',
  incidentEvidence: 'incidentEvidence',
  reportedBy: 'reportedBy',
  reportedByName: 'reportedByName',
  reportedOn: 'reportedOn',
  reporterRole: 'reporterRole',
  noteText: 'noteText',
  correctsNoteId: 'correctsNoteId',
  personRole: 'personRole',
  status: 'status',
  statusReason: 'statusReason',
  closureReason: 'closureReason',
  closureOtherText: 'closureOtherText',
  victimInformed: 'victimInformed',
  reopenReason: 'reopenReason',
} as const;
const f = caseFormFields;

/** `reportedBy` value meaning "someone not on the case"; their name goes in `reportedByName`. */
export const REPORTED_BY_OTHER = 'other';

function readIdempotencyKey(form: FormReader): string | undefined {
  return form.text(f.idempotencyKey, { required: 'This form is missing its submission key. Open the form again.', max: 100 });
}

/** Which case and which version of it the card was showing. */
function readCaseTarget(form: FormReader): { caseId?: string; version?: number } {
  const caseId = form.text(f.caseId, { required: 'This card has lost track of its case. Open the case again.', max: 100 });
  const version = form.integer(f.version, { invalid: 'This card is out of date. Open the case again.' });
  return { caseId, version };
}

function readCategories(form: FormReader, field: string): AsbCategory[] | undefined {
  return form.choices<AsbCategory>(field, asbCategoryIds, {
    required: 'Choose at least one category',
    invalid: 'Choose categories from the list',
  });
}

/** The London date and time typed for an incident, as an instant; future ones refused. */
function readOccurredAt(form: FormReader, clock: Clock): Date | undefined {
  const date = form.date(f.incidentDate, { required: 'Enter the date the incident happened' });
  const time = form.time(f.incidentTime, { required: 'Enter the time the incident happened (roughly is fine)' });
  if (!date) return undefined;
  const now = clock.now();
  // A date after today is wrong whatever the time; otherwise the time is what is wrong.
  if (isInTheFuture(londonWallClockToInstant(date.year, date.month, date.day), now))
    return form.fail(f.incidentDate, "An incident can't be in the future");
  if (!time) return undefined;
  const occurredAt = londonWallClockToInstant(date.year, date.month, date.day, time.hour, time.minute);
  if (isInTheFuture(occurredAt, now)) return form.fail(f.incidentTime, "An incident can't be in the future");
  return occurredAt;
}

function readEvidence(form: FormReader): EvidenceType[] {
  return (
    form.choices<EvidenceType>(f.incidentEvidence, evidenceTypes.map((e) => e.id), {
      invalid: 'Choose evidence types from the list',
    }) ?? []
  );
}

function incidentWarnings(occurredAt: Date | undefined, clock: Clock): string[] {
  return occurredAt ? incidentTimeWarnings(occurredAt, clock.now()) : [];
}

// ---------------------------------------------------------------- new case

export interface NewCaseForm {
  idempotencyKey: string;
  draft: NewCaseDraft;
  firstIncident?: FirstIncidentDraft;
  warnings: string[];
}

export interface NewCaseFormOptions {
  areas: readonly Area[];
  clock: Clock;
}

export function newCaseFormSchema(options: NewCaseFormOptions): z.ZodType<NewCaseForm, z.ZodTypeDef, unknown> {
  const { areas, clock } = options;
  return formSchema((form): NewCaseForm => {
    const idempotencyKey = readIdempotencyKey(form);
    const area = form.choice(f.area, areas.map((a) => a.id), { required: 'Choose the area', invalid: 'Choose an area from the list' });
    const chosenWard = form.text(f.ward, { required: 'Choose the ward', max: 100 });
    const ward = area && chosenWard ? wardIdFrom(areas, area, chosenWard) : chosenWard;
    if (area && chosenWard && !ward) {
      const chosen = findArea(areas, area);
      form.fail(f.ward, chosen ? `Choose a ward in ${chosen.name}: ${chosen.wards.map((w) => w.name).join(', ')}` : 'Choose the ward');
    }
    const categories = readCategories(form, f.categories);
    const location = readLocation(form);
    const policeReferences = form.list(f.policeReferences, {
      maxItems: MAX_POLICE_REFERENCES,
      maxItemLength: MAX_POLICE_REFERENCE,
      tooMany: `Enter at most ${MAX_POLICE_REFERENCES} police references`,
    });
    const source = form.choice<CaseSource>(f.source, caseSources.map((s) => s.id), {
      required: 'Choose how it was reported',
      invalid: 'Choose how it was reported from the list',
    });

    const victims = readSlots(MAX_VICTIMS_ON_FORM, (n) =>
      personSlotUsed(form, victimPrefix(n), 'victim') ? readVictim(form, victimPrefix(n), clock) : undefined,
    );
    if (!personSlotUsed(form, victimPrefix(1), 'victim') && victims.length === 0)
      form.fail(`${victimPrefix(1)}Name`, 'Enter the name of the victim or complainant');
    const perpetrators = readSlots(MAX_PERPETRATORS_ON_FORM, (n) =>
      personSlotUsed(form, perpetratorPrefix(n), 'perpetrator') ? readPerpetrator(form, perpetratorPrefix(n), clock) : undefined,
    );
    const witnesses = readSlots(MAX_WITNESSES_ON_FORM, (n) =>
      personSlotUsed(form, witnessPrefix(n), 'witness') ? readWitness(form, witnessPrefix(n)) : undefined,
    );

    const firstIncident = readFirstIncident(form, clock, categories);
    const result: NewCaseForm = {
      idempotencyKey: idempotencyKey ?? '',
      draft: {
        area: area ?? '',
        ward: ward ?? '',
        categories: categories ?? [],
        location: location ?? { place: '' },
        policeReferences,
        source: source ?? 'other',
        victims,
        perpetrators,
        witnesses,
      },
      warnings: incidentWarnings(firstIncident?.occurredAt, clock),
    };
    if (firstIncident) result.firstIncident = firstIncident;
    return result; // discarded by formSchema if anything above failed
  });
}

function readSlots<T>(count: number, read: (n: number) => T | undefined): T[] {
  const found: T[] = [];
  for (let n = 1; n <= count; n++) {
    const value = read(n);
    if (value !== undefined) found.push(value);
  }
  return found;
}

function readLocation(form: FormReader): CaseLocation | undefined {
  const address = form.text(f.address, { max: MAX_ADDRESS_LENGTH });
  const place = form.text(f.place, { max: MAX_PLACE_LENGTH });
  const postcode = form.postcode(f.postcode);
  if (!address && !place) {
    if (!form.has(f.address) && !form.has(f.place)) form.fail(f.address, 'Enter an address or the name of the place');
    return undefined;
  }
  const location: CaseLocation = {};
  if (address) location.address = address;
  if (place) location.place = place;
  if (postcode) location.postcode = postcode;
  return location;
}

function readFirstIncident(form: FormReader, clock: Clock, caseCategories: AsbCategory[] | undefined): FirstIncidentDraft | undefined {
  const started = [f.incidentDate, f.incidentTime, f.incidentDescription, f.incidentEvidence, f.incidentCategories].some((field) =>
    form.has(field),
  );
  if (!started) return undefined;
  const occurredAt = readOccurredAt(form, clock);
  const description = form.text(f.incidentDescription, { required: 'Say what happened', max: MAX_INCIDENT_DESCRIPTION });
  const ownCategories = form.has(f.incidentCategories) ? readCategories(form, f.incidentCategories) : caseCategories;
  const evidence = readEvidence(form);
  if (!occurredAt || !description || !ownCategories) return undefined;
  return { occurredAt, categories: ownCategories, description, evidence };
}

// ---------------------------------------------------------------- incident

export interface IncidentForm {
  idempotencyKey: string;
  caseId: string;
  version?: number;
  draft: IncidentDraft;
  /** Not errors: things worth a second look, e.g. an incident more than two years ago. */
  warnings: string[];
}

export interface IncidentFormOptions {
  clock: Clock;
  /** The ids of people on the case, when known, so "reported by" can be checked. */
  personIds?: readonly string[];
}

export function incidentFormSchema(options: IncidentFormOptions): z.ZodType<IncidentForm, z.ZodTypeDef, unknown> {
  const { clock, personIds } = options;
  return formSchema((form): IncidentForm => {
    const idempotencyKey = readIdempotencyKey(form);
    const { caseId, version } = readCaseTarget(form);
    const occurredAt = readOccurredAt(form, clock);
    const categories = readCategories(form, f.incidentCategories);
    const description = form.text(f.incidentDescription, { required: 'Say what happened', max: MAX_INCIDENT_DESCRIPTION });
    const reportedBy = readReporter(form, readReportedBy(form, personIds));
    const reportedAt = readReportedAt(form, occurredAt, clock);
    const evidence = readEvidence(form);
    const result: IncidentForm = {
      idempotencyKey: idempotencyKey ?? '',
      caseId: caseId ?? '',
      draft: {
        occurredAt: occurredAt ?? new Date(0),
        categories: categories ?? [],
        description: description ?? '',
        reportedBy: reportedBy ?? {},
        evidence,
        ...(reportedAt ? { reportedAt } : {}),
      },
      warnings: incidentWarnings(occurredAt, clock),
    };
    if (version !== undefined) result.version = version;
    return result;
  });
}

/** How the report came in, for the Case Review count: the victim, a third party (with or without consent), an agency. */
export const reporterRoleChoices = [
  { id: 'victim', label: 'The victim themselves' },
  { id: 'third-party-consent', label: "A third party for the victim, with the victim's consent" },
  { id: 'third-party', label: "A third party, without the victim's consent" },
  { id: 'agency', label: 'An agency (police, housing, another team)' },
] as const;

function readReporter(form: FormReader, reportedBy: ReportedBy | undefined): ReportedBy | undefined {
  const role = form.choice(f.reporterRole, reporterRoleChoices.map((r) => r.id), { invalid: 'Choose one of the options listed' });
  if (!reportedBy || !role || role === 'victim') return reportedBy;
  if (role === 'agency') return { ...reportedBy, role: 'agency' };
  return { ...reportedBy, role: 'third-party', victimConsented: role === 'third-party-consent' };
}

/** The date it was reported, when later than it happened: not before it happened, not in the future. */
function readReportedAt(form: FormReader, occurredAt: Date | undefined, clock: Clock): Date | undefined {
  const date = form.date(f.reportedOn);
  if (!date) return undefined;
  const endOfDay = londonWallClockToInstant(date.year, date.month, date.day, 23, 59);
  if (isInTheFuture(londonWallClockToInstant(date.year, date.month, date.day), clock.now())) return form.fail(f.reportedOn, "The date reported can't be in the future");
  if (occurredAt && endOfDay < occurredAt) return form.fail(f.reportedOn, 'The date reported cannot be before the incident happened');
  // Reported the same day it happened: nothing more to record.
  const sameDay = occurredAt && endOfDay.getTime() - occurredAt.getTime() < 24 * 3600 * 1000;
  return sameDay ? undefined : londonWallClockToInstant(date.year, date.month, date.day, 12);
}

function readReportedBy(form: FormReader, personIds: readonly string[] | undefined): ReportedBy | undefined {
  const chosen = form.text(f.reportedBy, { max: 100 });
  const name = form.text(f.reportedByName, { max: 120 });
  if (chosen && chosen !== REPORTED_BY_OTHER) {
    if (personIds && !personIds.includes(chosen)) return form.fail(f.reportedBy, 'Choose who reported it from the list');
    return name ? { personId: chosen, name } : { personId: chosen };
  }
  if (!name) {
    return chosen === REPORTED_BY_OTHER
      ? form.fail(f.reportedByName, 'Enter the name of the person who reported it')
      : form.fail(f.reportedBy, 'Say who reported it');
  }
  return { name };
}

// ---------------------------------------------------------------- note

export interface NoteForm {
  caseId: string;
  version?: number;
  text: string;
  correctsNoteId?: string;
  /** The form's own key, so the same submission adds one note (absent on cards sent before it had one). */
  idempotencyKey?: string;
}

export const noteFormSchema = formSchema((form): NoteForm => {
  const { caseId, version } = readCaseTarget(form);
  const text = form.text(f.noteText, { required: 'Write the note', max: MAX_NOTE_LENGTH });
  const correctsNoteId = form.text(f.correctsNoteId, { max: 100 });
  const idempotencyKey = form.text(f.idempotencyKey, { max: 100 });
  const note: NoteForm = { caseId: caseId ?? '', text: text ?? '' };
  if (version !== undefined) note.version = version;
  if (correctsNoteId) note.correctsNoteId = correctsNoteId;
  if (idempotencyKey) note.idempotencyKey = idempotencyKey;
  return note;
});

// ---------------------------------------------------------------- add person

export type AddPersonForm = { caseId: string; version?: number } & PersonToAdd;

export function addPersonFormSchema(options: { clock: Clock }): z.ZodType<AddPersonForm, z.ZodTypeDef, unknown> {
  return formSchema((form): AddPersonForm => {
    const { caseId, version } = readCaseTarget(form);
    const role = form.choice(f.personRole, ['victim', 'perpetrator', 'witness'] as const, {
      required: 'Choose whether this is a victim, an alleged perpetrator or a witness',
      invalid: 'Choose victim, alleged perpetrator or witness',
    });
    const target = { caseId: caseId ?? '', ...(version !== undefined ? { version } : {}) };
    const p = ADD_PERSON_PREFIX;
    switch (role) {
      case 'perpetrator': {
        const person = readPerpetrator(form, p, options.clock);
        return { ...target, role, person: person ?? { name: '', tenure: 'unknown' } };
      }
      case 'witness': {
        const person = readWitness(form, p);
        return { ...target, role, person: person ?? { name: '', contact: {} } };
      }
      default: {
        const person = readVictim(form, p, options.clock);
        return { ...target, role: 'victim', person: person ?? { name: '', contact: {}, consentToShare: { given: false }, under18: false } };
      }
    }
  });
}

// ---------------------------------------------------------------- status, close, reopen

export interface ChangeStatusForm {
  caseId: string;
  version?: number;
  status: CaseStatus;
  reason?: string;
}

/** Moves between working stages; closing and reopening have their own forms. */
export const changeStatusFormSchema = formSchema((form): ChangeStatusForm => {
  const { caseId, version } = readCaseTarget(form);
  const status = form.choice<CaseStatus>(f.status, caseStatuses, {
    required: 'Choose the new status',
    invalid: 'Choose a status from the list',
  });
  const reason = form.text(f.statusReason, { max: MAX_STATUS_REASON });
  const change: ChangeStatusForm = { caseId: caseId ?? '', status: status ?? 'open' };
  if (version !== undefined) change.version = version;
  if (reason) change.reason = reason;
  return change;
});

export interface CloseCaseForm {
  caseId: string;
  version?: number;
  closure: Closure;
}

export const closeCaseFormSchema = formSchema((form): CloseCaseForm => {
  const { caseId, version } = readCaseTarget(form);
  const reason = form.choice<ClosureReason>(f.closureReason, closureReasons.map((r) => r.id), {
    required: 'Choose why the case is closing',
    invalid: 'Choose a closure reason from the list',
  });
  const otherText = form.text(f.closureOtherText, { max: MAX_CLOSURE_TEXT });
  if (reason === 'other' && !otherText && !form.has(f.closureOtherText))
    form.fail(f.closureOtherText, 'Say why the case is being closed');
  const victimInformed = form.flag(f.victimInformed);
  if (!victimInformed) form.fail(f.victimInformed, 'Tick to confirm the victim has been told the case is closing');
  const closure: Closure = { reason: reason ?? 'other', victimInformed };
  if (otherText && reason === 'other') closure.otherText = otherText;
  const result: CloseCaseForm = { caseId: caseId ?? '', closure };
  if (version !== undefined) result.version = version;
  return result;
});

export interface ReopenCaseForm {
  caseId: string;
  version?: number;
  reason: string;
}

export const reopenCaseFormSchema = formSchema((form): ReopenCaseForm => {
  const { caseId, version } = readCaseTarget(form);
  const reason = form.text(f.reopenReason, { required: 'Say why the case is being reopened', max: MAX_STATUS_REASON });
  const result: ReopenCaseForm = { caseId: caseId ?? '', reason: reason ?? '' };
  if (version !== undefined) result.version = version;
  return result;
});

/** Which input a status refusal belongs next to on the change-status/close/reopen forms. */
export function fieldForStatusRefusal(code: 'same-status' | 'not-allowed' | 'reason-required' | 'closure-required' | 'closure-incomplete', to: CaseStatus): string {
  if (code === 'reason-required') return to === 'reopened' ? f.reopenReason : f.statusReason;
  if (code === 'closure-required' || code === 'closure-incomplete') return f.closureReason;
  return f.status;
}
