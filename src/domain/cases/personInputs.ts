/**
 * Reading a person from card inputs. The same fields appear with different prefixes:
 * `victim1Name`, `victim2Name` on the new-case form, `personName` on the add-person form.
 */
import type { Clock } from '../clock.js';
import { updateFrequencies, type UpdateFrequency } from '../updateFrequency.js';
import type { PerpetratorDraft, VictimDraft, WitnessDraft } from './case.js';
import type { FormReader } from './forms.js';
import { londonDate, londonWallClockToInstant, formatIsoDate } from './londonTime.js';
import {
  ageBands,
  contactMethods,
  housingTenures,
  MAX_ADDRESS_LENGTH,
  MAX_NAME_LENGTH,
  MAX_NOTES_LENGTH,
  type AgeBand,
  type ContactDetails,
  type ContactMethod,
  type HousingTenure,
} from './people.js';

/** Input-id suffixes for a person; the card uses `${prefix}${suffix}`. */
export const personFieldSuffixes = {
  name: 'Name',
  phone: 'Phone',
  email: 'Email',
  address: 'Address',
  preferredContact: 'PreferredContact',
  updateFrequency: 'UpdateFrequency',
  vulnerability: 'Vulnerability',
  consent: 'Consent',
  consentDate: 'ConsentDate',
  under18: 'Under18',
  dateOfBirth: 'DateOfBirth',
  ageBand: 'AgeBand',
  tenure: 'Tenure',
} as const;
export type PersonField = keyof typeof personFieldSuffixes;

export function personField(prefix: string, field: PersonField): string {
  return `${prefix}${personFieldSuffixes[field]}`;
}

const victimFields: PersonField[] = [
  'name', 'phone', 'email', 'address', 'preferredContact', 'updateFrequency', 'vulnerability', 'consentDate',
];
const perpetratorFields: PersonField[] = ['name', 'dateOfBirth', 'ageBand', 'address'];
const witnessFields: PersonField[] = ['name', 'phone', 'email'];

/** Whether the officer typed anything for this person (toggles left off and default choices don't count). */
export function personSlotUsed(form: FormReader, prefix: string, role: 'victim' | 'perpetrator' | 'witness'): boolean {
  const fields = role === 'victim' ? victimFields : role === 'perpetrator' ? perpetratorFields : witnessFields;
  const toggledOn = role === 'victim' && (form.flag(personField(prefix, 'consent')) || form.flag(personField(prefix, 'under18')));
  return toggledOn || fields.some((field) => form.has(personField(prefix, field)));
}

function readContact(form: FormReader, prefix: string): ContactDetails {
  const contact: ContactDetails = {};
  const phone = form.phone(personField(prefix, 'phone'));
  const email = form.email(personField(prefix, 'email'));
  const address = form.text(personField(prefix, 'address'), { max: MAX_ADDRESS_LENGTH });
  if (phone) contact.phone = phone;
  if (email) contact.email = email;
  if (address) contact.address = address;
  return contact;
}

function readName(form: FormReader, prefix: string, message: string): string | undefined {
  return form.text(personField(prefix, 'name'), { required: message, max: MAX_NAME_LENGTH });
}

/** A date typed on a card that must not be after today (London). */
function readPastDate(form: FormReader, field: string, clock: Clock, futureMessage: string): string | undefined {
  const date = form.date(field);
  if (!date) return undefined;
  const iso = formatIsoDate(date.year, date.month, date.day);
  return iso > londonDate(clock.now()) ? form.fail(field, futureMessage) : iso;
}

export function readVictim(form: FormReader, prefix: string, clock: Clock): VictimDraft | undefined {
  const name = readName(form, prefix, "Enter the victim's name");
  const contact = readContact(form, prefix);
  const preferredContact = form.choice<ContactMethod>(personField(prefix, 'preferredContact'), contactMethods.map((m) => m.id), {
    invalid: 'Choose a contact method from the list',
  });
  const updateFrequency = form.choice<UpdateFrequency>(personField(prefix, 'updateFrequency'), updateFrequencies, {
    invalid: 'Choose weekly, fortnightly or monthly',
  });
  const vulnerabilityNotes = form.text(personField(prefix, 'vulnerability'), { max: MAX_NOTES_LENGTH });
  const consentGiven = form.flag(personField(prefix, 'consent'));
  const consentDate = readPastDate(form, personField(prefix, 'consentDate'), clock, "The consent date can't be in the future");
  if (preferredContact === 'phone' || preferredContact === 'text') {
    if (!contact.phone && !form.has(personField(prefix, 'phone')))
      form.fail(personField(prefix, 'phone'), 'Enter a phone number, as that is how they want to be contacted');
  }
  if (preferredContact === 'email' && !contact.email && !form.has(personField(prefix, 'email')))
    form.fail(personField(prefix, 'email'), 'Enter an email address, as that is how they want to be contacted');
  if (name === undefined) return undefined;

  // Consent recorded without a date is taken as recorded today.
  const recordedOn = consentDate
    ? parseRecordedOn(consentDate)
    : startOfToday(clock);
  const victim: VictimDraft = {
    name,
    contact,
    consentToShare: { given: consentGiven, recordedOn },
    under18: form.flag(personField(prefix, 'under18')),
  };
  if (preferredContact) victim.preferredContact = preferredContact;
  if (updateFrequency) victim.updateFrequency = updateFrequency;
  if (vulnerabilityNotes) victim.vulnerabilityNotes = vulnerabilityNotes;
  return victim;
}

function parseRecordedOn(iso: string): Date {
  const [year, month, day] = iso.split('-').map(Number);
  return londonWallClockToInstant(year, month, day);
}

function startOfToday(clock: Clock): Date {
  return parseRecordedOn(londonDate(clock.now()));
}

export function readPerpetrator(form: FormReader, prefix: string, clock: Clock): PerpetratorDraft | undefined {
  const name = readName(form, prefix, "Enter the alleged perpetrator's name (or a description if the name isn't known)");
  const dateOfBirth = readPastDate(form, personField(prefix, 'dateOfBirth'), clock, "A date of birth can't be in the future");
  const ageBand = form.choice<AgeBand>(personField(prefix, 'ageBand'), ageBands.map((b) => b.id), {
    invalid: 'Choose an age band from the list',
  });
  const address = form.text(personField(prefix, 'address'), { max: MAX_ADDRESS_LENGTH });
  const tenure = form.choice<HousingTenure>(personField(prefix, 'tenure'), housingTenures.map((t) => t.id), {
    invalid: 'Choose a housing tenure from the list',
  });
  if (name === undefined) return undefined;
  const perpetrator: PerpetratorDraft = { name, tenure: tenure ?? 'unknown' };
  if (dateOfBirth) perpetrator.dateOfBirth = dateOfBirth;
  if (ageBand) perpetrator.ageBand = ageBand;
  if (address) perpetrator.address = address;
  return perpetrator;
}

export function readWitness(form: FormReader, prefix: string): WitnessDraft | undefined {
  const name = readName(form, prefix, "Enter the witness's name");
  const contact = readContact(form, prefix);
  if (name === undefined) return undefined;
  return { name, contact };
}
