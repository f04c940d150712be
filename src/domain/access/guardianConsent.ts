/**
 * A parent's or guardian's word on an under-18 victim's consent to share. A child's own consent is not enough
 * for a full share: a parent or guardian must give or confirm it, and who they are and when is recorded
 * (ICO, "Children and the UK GDPR"; DOMAIN.md, the consent form signed at the first visit).
 */
import { z } from 'zod';
import { londonDate, londonWallClockToInstant, parseIsoDate } from '../cases/londonTime.js';
import { calendarDateSchema, MAX_NAME_LENGTH, type Victim } from '../cases/people.js';
import { chosen } from './sharing.js';

export const guardianRelationships = ['parent', 'guardian', 'carer', 'local-authority'] as const;
export const guardianRelationshipLabels: Record<(typeof guardianRelationships)[number], string> = {
  parent: 'Parent',
  guardian: 'Legal guardian',
  carer: 'Carer with parental responsibility',
  'local-authority': 'Local authority (child in care)',
};
export const guardianDecisions = ['confirmed', 'refused'] as const;

export const guardianFormFields = {
  victimId: 'guardianVictimId', name: 'guardianName', relationship: 'guardianRelationship', on: 'guardianOn', decision: 'guardianDecision',
} as const;

export const guardianConsentFormSchema = (now: Date) =>
  z.object({
    caseId: z.string().min(1),
    version: z.coerce.number().int().nonnegative().optional(),
    guardianVictimId: chosen(z.string().min(1), 'Choose the victim'),
    guardianName: z.preprocess((v) => v ?? '', z.string().trim().min(1, "Enter the parent's or guardian's name").max(MAX_NAME_LENGTH)),
    guardianRelationship: chosen(z.enum(guardianRelationships), 'Choose how they are related to the child'),
    guardianOn: chosen(calendarDateSchema, 'Enter the date they gave their answer')
      .refine((day) => day <= londonDate(now), 'That date is in the future'),
    guardianDecision: chosen(z.enum(guardianDecisions), 'Say whether they gave or confirmed consent, or refused it'),
  });
export type GuardianConsentForm = z.infer<ReturnType<typeof guardianConsentFormSchema>>;

/** The victims with the guardian's answer recorded, or why it cannot be. */
export function withGuardianConsent(victims: readonly Victim[], form: GuardianConsentForm): Victim[] | { message: string } {
  const victim = victims.find((v) => v.id === form.guardianVictimId);
  if (!victim) return { message: 'That victim is no longer on the case. Open the case again.' };
  if (!victim.under18) return { message: 'A parent or guardian confirms consent only for a victim under 18.' };
  const day = parseIsoDate(form.guardianOn)!;
  const on = londonWallClockToInstant(day.year, day.month, day.day, 12);
  const guardian = { name: form.guardianName, relationship: guardianRelationshipLabels[form.guardianRelationship], on };
  return victims.map((v) => (v.id === victim.id ? { ...v, consentToShare: { ...v.consentToShare, given: form.guardianDecision === 'confirmed', recordedOn: on, guardian } } : v));
}
