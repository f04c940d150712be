import { ManualClock } from '../../../src/domain/clock.js';
import { defaultAreas } from '../../../src/domain/cases/areas.js';
import { MAX_PAYLOAD_BYTES, parseForm, type FormResult } from '../../../src/domain/cases/forms.js';
import {
  addPersonFormSchema,
  changeStatusFormSchema,
  closeCaseFormSchema,
  incidentFormSchema,
  newCaseFormSchema,
  noteFormSchema,
  reopenCaseFormSchema,
} from '../../../src/domain/cases/inputs.js';

// 10:00 BST on Friday 15 May 2026
const clock = new ManualClock('2026-05-15T09:00:00Z');

function errorsOf<T>(result: FormResult<T>): Record<string, string> {
  if (result.ok) throw new Error('expected errors');
  return Object.fromEntries(result.errors.map((e) => [e.field, e.message]));
}
function valueOf<T>(result: FormResult<T>): T {
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

const validNewCase = {
  idempotencyKey: 'k-1',
  area: 'kingsford',
  ward: 'riverside',
  categories: 'noise,threats',
  address: '12 Acacia Avenue, Kingsford',
  postcode: 'sw1a1aa',
  policeReferences: 'CAD 1234; CR/99/2026',
  source: 'police',
  victim1Name: 'Alex Smith',
  victim1Phone: '01632 960123',
  victim1PreferredContact: 'phone',
  victim1UpdateFrequency: 'fortnightly',
  victim1Consent: 'true',
  victim1ConsentDate: '2026-05-14',
  victim1Under18: 'false',
  victim2Name: 'Jo Smith',
  victim2Consent: 'false',
  victim2Under18: 'true',
  perpetrator1Name: 'Kid Next Door',
  perpetrator1AgeBand: '14-17',
  perpetrator1Tenure: 'council',
  witness1Name: 'Pat Neighbour',
  incidentDate: '2026-05-14',
  incidentTime: '22:30',
  incidentDescription: 'Loud music and shouting at the window',
  incidentEvidence: 'diary-sheet,noise-recording',
  // Toggles on unused slots arrive as "false" and must not create people.
  victim3Consent: 'false',
  victim3Under18: 'false',
};

describe('new case form', () => {
  const schema = newCaseFormSchema({ areas: defaultAreas, clock });

  it('turns a full submission into a draft', () => {
    const form = valueOf(parseForm(schema, validNewCase));
    expect(form.idempotencyKey).toBe('k-1');
    expect(form.draft.categories).toEqual(['noise', 'threats']);
    expect(form.draft.location).toEqual({ address: '12 Acacia Avenue, Kingsford', postcode: 'SW1A 1AA' });
    expect(form.draft.policeReferences).toEqual(['CAD 1234', 'CR/99/2026']);
    expect(form.draft.victims).toHaveLength(2);
    expect(form.draft.victims[0]).toEqual({
      name: 'Alex Smith',
      contact: { phone: '01632 960123' },
      preferredContact: 'phone',
      updateFrequency: 'fortnightly',
      consentToShare: { given: true, recordedOn: new Date('2026-05-13T23:00:00Z') },
      under18: false,
    });
    expect(form.draft.victims[1].under18).toBe(true);
    expect(form.draft.victims[1].consentToShare.given).toBe(false);
    expect(form.draft.perpetrators).toEqual([{ name: 'Kid Next Door', ageBand: '14-17', tenure: 'council' }]);
    expect(form.draft.witnesses).toEqual([{ name: 'Pat Neighbour', contact: {} }]);
    // 22:30 BST is 21:30 UTC
    expect(form.firstIncident).toEqual({
      occurredAt: new Date('2026-05-14T21:30:00Z'),
      categories: ['noise', 'threats'],
      description: 'Loud music and shouting at the window',
      evidence: ['diary-sheet', 'noise-recording'],
    });
    expect(form.warnings).toEqual([]);
  });

  it('reports every missing essential next to its input', () => {
    const result = parseForm(schema, { victim1Consent: 'false' });
    expect(errorsOf(result)).toEqual({
      idempotencyKey: 'This form is missing its submission key. Open the form again.',
      area: 'Choose the area',
      ward: 'Choose the ward',
      categories: 'Choose at least one category',
      address: 'Enter an address or the name of the place',
      source: 'Choose how it was reported',
      victim1Name: 'Enter the name of the victim or complainant',
    });
  });

  it('keeps everything typed when it refuses', () => {
    const raw = { ...validNewCase, postcode: 'not a postcode', victim2Email: 'nope' };
    const result = parseForm(schema, raw);
    expect(errorsOf(result)).toEqual({
      postcode: "That postcode doesn't look right — for example SW1A 1AA",
      victim2Email: "That email address doesn't look right — for example name@example.org",
    });
    if (!result.ok) expect(result.values).toEqual(raw);
  });

  it('checks choices against the lists', () => {
    const errors = errorsOf(
      parseForm(schema, {
        ...validNewCase,
        area: 'atlantis',
        categories: 'noise,spaceships',
        source: 'pigeon',
        perpetrator1AgeBand: 'ancient',
        perpetrator1Tenure: 'castle',
        victim1PreferredContact: 'telepathy',
        victim1UpdateFrequency: 'hourly',
        incidentEvidence: 'dna',
      }),
    );
    expect(errors).toEqual({
      area: 'Choose an area from the list',
      categories: 'Choose categories from the list',
      source: 'Choose how it was reported from the list',
      perpetrator1AgeBand: 'Choose an age band from the list',
      perpetrator1Tenure: 'Choose a housing tenure from the list',
      victim1PreferredContact: 'Choose a contact method from the list',
      victim1UpdateFrequency: 'Choose weekly, fortnightly or monthly',
      incidentEvidence: 'Choose evidence types from the list',
    });
  });

  it('refuses a ward outside the chosen area', () => {
    expect(errorsOf(parseForm(schema, { ...validNewCase, ward: 'harbour' }))).toEqual({ ward: 'Choose a ward in Kingsford: Kingsford Central, Kingsford North, Riverside' });
  });

  it('asks for a name when a person slot was started', () => {
    const errors = errorsOf(
      parseForm(schema, { ...validNewCase, victim2Name: '', victim2Phone: '07700 900123', perpetrator2DateOfBirth: '2010-01-01', witness2Phone: '01632 960000' }),
    );
    expect(errors).toEqual({
      victim2Name: "Enter the victim's name",
      perpetrator2Name: "Enter the alleged perpetrator's name (or a description if the name isn't known)",
      witness2Name: "Enter the witness's name",
    });
  });

  it('treats a toggle switched on as a started victim slot', () => {
    expect(errorsOf(parseForm(schema, { ...validNewCase, victim4Under18: 'true' }))).toEqual({ victim4Name: "Enter the victim's name" });
  });

  it('checks contact details and dates on people', () => {
    const errors = errorsOf(
      parseForm(schema, {
        ...validNewCase,
        victim1Phone: '',
        victim1ConsentDate: '2026-05-16',
        victim2Phone: 'call me',
        victim2PreferredContact: 'email',
        perpetrator1DateOfBirth: '2030-01-01',
        witness1Email: 'x@',
      }),
    );
    expect(errors).toEqual({
      victim1Phone: 'Enter a phone number, as that is how they want to be contacted',
      victim1ConsentDate: "The consent date can't be in the future",
      victim2Phone: "That phone number doesn't look right — for example 01632 960123",
      victim2Email: 'Enter an email address, as that is how they want to be contacted',
      perpetrator1DateOfBirth: "A date of birth can't be in the future",
      witness1Email: "That email address doesn't look right — for example name@example.org",
    });
  });

  it('refuses a first incident in the future and asks for its missing parts', () => {
    expect(errorsOf(parseForm(schema, { ...validNewCase, incidentDate: '2026-05-16' }))).toEqual({
      incidentDate: "An incident can't be in the future",
    });
    expect(errorsOf(parseForm(schema, { ...validNewCase, incidentDate: '2026-05-15', incidentTime: '11:00' }))).toEqual({
      incidentTime: "An incident can't be in the future",
    });
    expect(errorsOf(parseForm(schema, { ...validNewCase, incidentDate: '', incidentTime: '', incidentDescription: '' , incidentEvidence: 'cctv' }))).toEqual({
      incidentDate: 'Enter the date the incident happened',
      incidentTime: 'Enter the time the incident happened (roughly is fine)',
      incidentDescription: 'Say what happened',
    });
    expect(errorsOf(parseForm(schema, { ...validNewCase, incidentDate: '2026-02-30', incidentTime: '25:00' }))).toEqual({
      incidentDate: 'Enter a real date, for example 2026-03-31',
      incidentTime: 'Enter a time like 21:30',
    });
  });

  it('accepts a case without a first incident, and a place instead of an address', () => {
    const { incidentDate, incidentTime, incidentDescription, incidentEvidence, address, ...rest } = validNewCase;
    void [incidentDate, incidentTime, incidentDescription, incidentEvidence, address];
    const form = valueOf(parseForm(schema, { ...rest, place: 'Kingsford bus station' }));
    expect(form.firstIncident).toBeUndefined();
    expect(form.draft.location).toEqual({ place: 'Kingsford bus station', postcode: 'SW1A 1AA' });
  });

  it('limits text length and the number of police references', () => {
    const errors = errorsOf(
      parseForm(schema, {
        ...validNewCase,
        victim1Name: 'A'.repeat(121),
        policeReferences: Array.from({ length: 11 }, (_, i) => `REF${i}`).join(','),
      }),
    );
    expect(errors).toEqual({
      victim1Name: 'Keep this under 120 characters (it has 121)',
      policeReferences: 'Enter at most 10 police references',
    });
  });

  it('refuses an oversize payload before reading it', () => {
    const result = parseForm(schema, { ...validNewCase, incidentDescription: 'x'.repeat(MAX_PAYLOAD_BYTES) });
    expect(result).toEqual({
      ok: false,
      errors: [{ field: '_form', message: 'This form is too big to save. Shorten the longest text and try again.' }],
      values: {},
    });
  });

  it('refuses a payload that is not an object', () => {
    expect(parseForm(schema, 'hello').ok).toBe(false);
    expect(parseForm(schema, null).ok).toBe(false);
  });
});

describe('incident form', () => {
  const schema = incidentFormSchema({ clock, personIds: ['victim-a', 'victim-b'] });
  const valid = {
    idempotencyKey: 'k-2',
    caseId: 'case-1',
    version: 3,
    incidentDate: '2026-05-15',
    incidentTime: '09:55',
    incidentCategories: 'noise',
    incidentDescription: 'Dog barking all morning',
    reportedBy: 'victim-a',
    incidentEvidence: '',
  };

  it('parses a valid incident, reading the time as London time', () => {
    const form = valueOf(parseForm(schema, valid));
    expect(form).toEqual({
      idempotencyKey: 'k-2',
      caseId: 'case-1',
      version: 3,
      draft: {
        occurredAt: new Date('2026-05-15T08:55:00Z'),
        categories: ['noise'],
        description: 'Dog barking all morning',
        reportedBy: { personId: 'victim-a' },
        evidence: [],
      },
      warnings: [],
    });
  });

  it('allows a few minutes of clock skew but refuses the future', () => {
    expect(parseForm(schema, { ...valid, incidentTime: '10:04' }).ok).toBe(true);
    expect(errorsOf(parseForm(schema, { ...valid, incidentTime: '10:06' }))).toEqual({ incidentTime: "An incident can't be in the future" });
    expect(errorsOf(parseForm(schema, { ...valid, incidentDate: '2026-05-16', incidentTime: '00:00' }))).toEqual({
      incidentDate: "An incident can't be in the future",
    });
  });

  it('warns about incidents more than two years ago', () => {
    const form = valueOf(parseForm(schema, { ...valid, incidentDate: '2024-05-14' }));
    expect(form.warnings).toEqual(['This incident is more than 2 years ago — check the date is right']);
  });

  it('reports every field error', () => {
    expect(errorsOf(parseForm(schema, { incidentEvidence: 'cctv' }))).toEqual({
      idempotencyKey: 'This form is missing its submission key. Open the form again.',
      caseId: 'This card has lost track of its case. Open the case again.',
      incidentDate: 'Enter the date the incident happened',
      incidentTime: 'Enter the time the incident happened (roughly is fine)',
      incidentCategories: 'Choose at least one category',
      incidentDescription: 'Say what happened',
      reportedBy: 'Say who reported it',
    });
  });

  it('checks who reported it', () => {
    expect(errorsOf(parseForm(schema, { ...valid, reportedBy: 'stranger' }))).toEqual({ reportedBy: 'Choose who reported it from the list' });
    expect(errorsOf(parseForm(schema, { ...valid, reportedBy: 'other' }))).toEqual({
      reportedByName: 'Enter the name of the person who reported it',
    });
    const form = valueOf(parseForm(schema, { ...valid, reportedBy: 'other', reportedByName: 'PC Jones' }));
    expect(form.draft.reportedBy).toEqual({ name: 'PC Jones' });
    expect(errorsOf(parseForm(schema, { ...valid, version: 'abc' }))).toEqual({ version: 'This card is out of date. Open the case again.' });
  });
});

describe('note, person, status, close and reopen forms', () => {
  it('parses a note and refuses an empty or over-long one', () => {
    expect(valueOf(parseForm(noteFormSchema, { caseId: 'c', noteText: ' Rang victim ', correctsNoteId: 'n1' }))).toEqual({
      caseId: 'c',
      text: 'Rang victim',
      correctsNoteId: 'n1',
    });
    expect(errorsOf(parseForm(noteFormSchema, { caseId: 'c', noteText: '  ' }))).toEqual({ noteText: 'Write the note' });
    expect(errorsOf(parseForm(noteFormSchema, { caseId: 'c', noteText: 'x'.repeat(4001) }))).toEqual({
      noteText: 'Keep this under 4000 characters (it has 4001)',
    });
  });

  it('parses each kind of person', () => {
    const schema = addPersonFormSchema({ clock });
    expect(valueOf(parseForm(schema, { caseId: 'c', personRole: 'perpetrator', personName: 'Jay', personDateOfBirth: '2011-02-03' }))).toEqual({
      caseId: 'c',
      role: 'perpetrator',
      person: { name: 'Jay', dateOfBirth: '2011-02-03', tenure: 'unknown' },
    });
    expect(valueOf(parseForm(schema, { caseId: 'c', personRole: 'witness', personName: 'Kim', personEmail: 'kim@example.org' }))).toEqual({
      caseId: 'c',
      role: 'witness',
      person: { name: 'Kim', contact: { email: 'kim@example.org' } },
    });
    const victim = valueOf(parseForm(schema, { caseId: 'c', version: '2', personRole: 'victim', personName: 'Lee', personConsent: 'true' }));
    expect(victim).toMatchObject({ caseId: 'c', version: 2, role: 'victim', person: { name: 'Lee', consentToShare: { given: true } } });
    expect(errorsOf(parseForm(schema, { caseId: 'c', personName: 'X' }))).toEqual({
      personRole: 'Choose whether this is a victim, an alleged perpetrator or a witness',
    });
    expect(errorsOf(parseForm(schema, { caseId: 'c', personRole: 'victim' }))).toEqual({ personName: "Enter the victim's name" });
  });

  it('parses a status change', () => {
    expect(valueOf(parseForm(changeStatusFormSchema, { caseId: 'c', status: 'monitoring', statusReason: 'warning issued' }))).toEqual({
      caseId: 'c',
      status: 'monitoring',
      reason: 'warning issued',
    });
    expect(errorsOf(parseForm(changeStatusFormSchema, { caseId: 'c' }))).toEqual({ status: 'Choose the new status' });
    expect(errorsOf(parseForm(changeStatusFormSchema, { caseId: 'c', status: 'finished' }))).toEqual({ status: 'Choose a status from the list' });
  });

  it('needs a closure reason, text for "other" and the informed tick', () => {
    expect(errorsOf(parseForm(closeCaseFormSchema, { caseId: 'c', victimInformed: 'false' }))).toEqual({
      closureReason: 'Choose why the case is closing',
      victimInformed: 'Tick to confirm the victim has been told the case is closing',
    });
    expect(errorsOf(parseForm(closeCaseFormSchema, { caseId: 'c', closureReason: 'other', victimInformed: 'true' }))).toEqual({
      closureOtherText: 'Say why the case is being closed',
    });
    expect(valueOf(parseForm(closeCaseFormSchema, { caseId: 'c', closureReason: 'moved-away', victimInformed: 'true', closureOtherText: 'ignored' }))).toEqual({
      caseId: 'c',
      closure: { reason: 'moved-away', victimInformed: true },
    });
  });

  it('needs a reason to reopen', () => {
    expect(errorsOf(parseForm(reopenCaseFormSchema, { caseId: 'c' }))).toEqual({ reopenReason: 'Say why the case is being reopened' });
    expect(valueOf(parseForm(reopenCaseFormSchema, { caseId: 'c', reopenReason: 'New report' }))).toEqual({ caseId: 'c', reason: 'New report' });
  });
});
