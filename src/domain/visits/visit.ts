/**
 * A recorded visit to a victim: when, who was seen, and the contact the officer and the victim agreed (how often
 * and by what means, as Poole's procedure asks). The first visit is what the first-visit timeliness figure
 * measures against the deadline the risk assessment set (DOMAIN.md: high within 3, others within 10 working days).
 */
import { z } from 'zod';
import { localDateSchema, type LocalDate } from '../calendar/localDate.js';
import type { Case } from '../cases/case.js';
import { contactMethodSchema, type ContactMethod } from '../cases/people.js';
import { updateFrequencySchema, type UpdateFrequency } from '../updateFrequency.js';

export const agreedContactSchema = z.object({ frequency: updateFrequencySchema, method: contactMethodSchema });
export type AgreedContact = z.infer<typeof agreedContactSchema>;

export const visitSchema = z.object({
  id: z.string().min(1),
  caseId: z.string().min(1),
  /** The victim visited (and seen). */
  victimId: z.string().min(1),
  visitedOn: localDateSchema,
  /** Whether the victim was seen in person; a visit where nobody answered is recorded but is not a first visit. */
  seen: z.boolean(),
  agreedContact: agreedContactSchema.optional(),
  recordedBy: z.string().min(1),
  recordedAt: z.date(),
});
export type Visit = z.infer<typeof visitSchema>;

/** Problems with a visit before it is saved, keyed by the input they are about. */
export function visitProblems(visit: Pick<Visit, 'visitedOn' | 'seen' | 'agreedContact'>, today: LocalDate, caseOpenedOn: LocalDate): Array<{ field: 'visitedOn' | 'frequency'; message: string }> {
  const problems: Array<{ field: 'visitedOn' | 'frequency'; message: string }> = [];
  if (visit.visitedOn > today) problems.push({ field: 'visitedOn', message: 'The visit date cannot be in the future.' });
  else if (visit.visitedOn < caseOpenedOn) problems.push({ field: 'visitedOn', message: `The visit date cannot be before the case was opened (${caseOpenedOn}).` });
  if (visit.seen && !visit.agreedContact) problems.push({ field: 'frequency', message: 'Say how often and how you agreed to keep the victim updated.' });
  return problems;
}

/** The victim's agreed contact, as the case keeps it: it sets the victim-update reminder. */
export function agreeContact(current: Case, victimId: string, contact: { frequency: UpdateFrequency; method: ContactMethod }, at: Date): Case {
  if (!current.victims.some((v) => v.id === victimId)) throw new Error('The victim is not on this case');
  return {
    ...current,
    victims: current.victims.map((v) => (v.id === victimId ? { ...v, updateFrequency: contact.frequency, preferredContact: contact.method } : v)),
    updatedAt: at,
    version: current.version + 1,
  };
}

/** The first visit at which the victim was seen, if any. */
export function firstVisitSeen(visits: readonly Pick<Visit, 'victimId' | 'visitedOn' | 'seen'>[], victimId: string): LocalDate | undefined {
  return visits.filter((v) => v.victimId === victimId && v.seen).map((v) => v.visitedOn).sort()[0];
}
