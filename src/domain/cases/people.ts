/** The people on a case: victims/complainants, alleged perpetrators and witnesses. */
import { z } from 'zod';
import { updateFrequencySchema } from '../updateFrequency.js';
import { londonParts, parseIsoDate } from './londonTime.js';

export const MAX_NAME_LENGTH = 120;
export const MAX_ADDRESS_LENGTH = 300;
export const MAX_NOTES_LENGTH = 2000;

export const contactMethods = [
  { id: 'phone', label: 'Phone call' },
  { id: 'text', label: 'Text message' },
  { id: 'email', label: 'Email' },
  { id: 'letter', label: 'Letter' },
  { id: 'visit', label: 'Home visit' },
] as const;
export type ContactMethod = (typeof contactMethods)[number]['id'];
export const contactMethodSchema = z.enum(contactMethods.map((m) => m.id) as [ContactMethod, ...ContactMethod[]]);

export const housingTenures = [
  { id: 'council', label: 'Council' },
  { id: 'housing-association', label: 'Housing association' },
  { id: 'private-rented', label: 'Private rented' },
  { id: 'owner-occupier', label: 'Owner-occupier' },
  { id: 'unknown', label: 'Unknown' },
] as const;
export type HousingTenure = (typeof housingTenures)[number]['id'];
export const housingTenureSchema = z.enum(housingTenures.map((t) => t.id) as [HousingTenure, ...HousingTenure[]]);

export const ageBands = [
  { id: 'under-10', label: 'Under 10', under18: true },
  { id: '10-13', label: '10 to 13', under18: true },
  { id: '14-17', label: '14 to 17', under18: true },
  { id: '18-24', label: '18 to 24', under18: false },
  { id: '25-plus', label: '25 or over', under18: false },
  { id: 'unknown', label: 'Unknown', under18: undefined },
] as const;
export type AgeBand = (typeof ageBands)[number]['id'];
export const ageBandSchema = z.enum(ageBands.map((b) => b.id) as [AgeBand, ...AgeBand[]]);

const personName = z.string().trim().min(1, 'Enter a name').max(MAX_NAME_LENGTH);
/** A calendar date with no time zone, as typed: 'YYYY-MM-DD'. */
export const calendarDateSchema = z.string().refine((text) => parseIsoDate(text) !== undefined, 'Enter a date like 2026-03-31');

export const contactDetailsSchema = z.object({
  phone: z.string().trim().max(40).optional(),
  email: z.string().trim().max(200).email('That email address doesn\'t look right').optional(),
  address: z.string().trim().max(MAX_ADDRESS_LENGTH).optional(),
});
export type ContactDetails = z.infer<typeof contactDetailsSchema>;

export const consentToShareSchema = z.object({
  given: z.boolean(),
  /** When the victim gave or refused consent. */
  recordedOn: z.date().optional(),
  /** For an under-18 victim: the parent or guardian who gave, confirmed or refused consent, and when. */
  guardian: z.object({ name: z.string().trim().min(1).max(MAX_NAME_LENGTH), relationship: z.string().trim().min(1).max(60), on: z.date() }).optional(),
});
export type ConsentToShare = z.infer<typeof consentToShareSchema>;

export const victimSchema = z.object({
  id: z.string().min(1),
  name: personName,
  contact: contactDetailsSchema,
  preferredContact: contactMethodSchema.optional(),
  updateFrequency: updateFrequencySchema.optional(),
  vulnerabilityNotes: z.string().trim().max(MAX_NOTES_LENGTH).optional(),
  consentToShare: consentToShareSchema,
  under18: z.boolean(),
  /**
   * The same person across the team's cases, set when an officer confirms that a victim on a new case is someone
   * already known; Case Review complaints are counted per person. Unset: the victim is only on this case.
   */
  personKey: z.string().min(1).max(100).optional(),
});
export type Victim = z.infer<typeof victimSchema>;

export const perpetratorSchema = z
  .object({
    id: z.string().min(1),
    name: personName,
    dateOfBirth: calendarDateSchema.optional(),
    ageBand: ageBandSchema.optional(),
    address: z.string().trim().max(MAX_ADDRESS_LENGTH).optional(),
    tenure: housingTenureSchema,
    /** Who also receives a warning letter to a person under 18. */
    parentOrGuardian: z.object({ name: personName, address: z.string().trim().min(1).max(MAX_ADDRESS_LENGTH) }).optional(),
  });
export type Perpetrator = z.infer<typeof perpetratorSchema>;

export const witnessSchema = z.object({
  id: z.string().min(1),
  name: personName,
  contact: contactDetailsSchema,
});
export type Witness = z.infer<typeof witnessSchema>;

export type PersonRole = 'victim' | 'perpetrator' | 'witness';

/** Whole years of age on a London calendar date; 29 February birthdays turn over on 1 March. */
export function ageOn(dateOfBirth: string, on: Date): number | undefined {
  const born = parseIsoDate(dateOfBirth);
  if (!born) return undefined;
  const today = londonParts(on);
  const hadBirthdayThisYear = today.month > born.month || (today.month === born.month && today.day >= born.day);
  return today.year - born.year - (hadBirthdayThisYear ? 0 : 1);
}

/**
 * 'yes' / 'no' from the date of birth when known (exact to the day), otherwise from the age band;
 * 'unknown' when neither tells us.
 */
export function under18Status(perpetrator: Pick<Perpetrator, 'dateOfBirth' | 'ageBand'>, on: Date): 'yes' | 'no' | 'unknown' {
  if (perpetrator.dateOfBirth) {
    const age = ageOn(perpetrator.dateOfBirth, on);
    if (age !== undefined) return age < 18 ? 'yes' : 'no';
  }
  const band = ageBands.find((b) => b.id === perpetrator.ageBand);
  if (band?.under18 === undefined) return 'unknown';
  return band.under18 ? 'yes' : 'no';
}

/** The under-18 flag shown on the case card; unknown ages are not flagged. */
export function isUnder18(perpetrator: Pick<Perpetrator, 'dateOfBirth' | 'ageBand'>, on: Date): boolean {
  return under18Status(perpetrator, on) === 'yes';
}

export function contactMethodLabel(id: ContactMethod): string {
  return contactMethods.find((m) => m.id === id)?.label ?? id;
}
export function tenureLabel(id: HousingTenure): string {
  return housingTenures.find((t) => t.id === id)?.label ?? id;
}
export function ageBandLabel(id: AgeBand): string {
  return ageBands.find((b) => b.id === id)?.label ?? id;
}
