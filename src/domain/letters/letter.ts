/**
 * A generated letter is a record on the case (who made it, when, from which template, to whom), never a file: the
 * document is made again from the record and the case whenever it is downloaded. Sending it is recorded by the
 * officer. A letter to a perpetrator is addressed to the perpetrator; a warning to someone under 18 also goes to
 * their parent or guardian, recorded on the person.
 */
import { z } from 'zod';
import { localDateSchema } from '../calendar/localDate.js';
import type { Case } from '../cases/case.js';
import type { CaseReviewThresholds } from '../cases/caseReview.js';
import { closureReasonLabel } from '../cases/closure.js';
import { under18Status } from '../cases/people.js';
import type { Intervention } from '../interventions/intervention.js';
import type { InterventionTypeId } from '../interventions/interventionTypes.js';
import { letterType, letterTypeIdSchema, letterTypes, type LetterTypeId } from './letterTypes.js';

export const sendingMethods = [
  { id: 'post', label: 'Post' },
  { id: 'email', label: 'Email' },
  { id: 'hand', label: 'Hand delivery' },
] as const;
export type SendingMethod = (typeof sendingMethods)[number]['id'];
export const sendingMethodSchema = z.enum(sendingMethods.map((m) => m.id) as [SendingMethod, ...SendingMethod[]]);

export const MAX_ABC_TERMS = 12;
export const MAX_ABC_TERM_LENGTH = 300;

export const letterRecordSchema = z.object({
  id: z.string().min(1),
  caseId: z.string().min(1),
  /** The team the letter was made in; a download re-checks access to the case as a member of it. */
  teamId: z.string().min(1),
  type: letterTypeIdSchema,
  recipientId: z.string().min(1),
  parentCopy: z.boolean(),
  abcTerms: z.array(z.string().min(1).max(MAX_ABC_TERM_LENGTH)).max(MAX_ABC_TERMS).optional(),
  createdBy: z.string().min(1),
  createdByName: z.string(),
  createdAt: z.date(),
  sent: z.object({ method: sendingMethodSchema, on: localDateSchema, by: z.string().min(1) }).optional(),
});
export type LetterRecord = z.infer<typeof letterRecordSchema>;

export interface LetterChoice {
  type: LetterTypeId;
  recipientId: string;
  recipientRole: 'victim' | 'perpetrator';
  /** Index among the victims or perpetrators, for a label without the name. */
  index: number;
  /** A warning to someone under 18: a copy goes to the parent or guardian. */
  needsParentCopy: boolean;
}

/** The letters that fit the case today, one per letter type and addressee. */
export function lettersThatFit(current: Case, now: Date): LetterChoice[] {
  const choices: LetterChoice[] = [];
  for (const type of letterTypes) {
    if (type.id === 'closure-victim' && current.status !== 'closed') continue;
    if (type.id !== 'closure-victim' && current.status === 'closed') continue;
    const people = type.to === 'victim' ? current.victims : current.perpetrators;
    people.forEach((person, index) => {
      const under18 = type.to === 'perpetrator' && under18Status(current.perpetrators[index]!, now) === 'yes';
      choices.push({ type: type.id, recipientId: person.id, recipientRole: type.to, index, needsParentCopy: type.warning && under18 });
    });
  }
  return choices;
}

/** The intervention a letter is about: the latest of its type served on that person. */
const interventionFor: Partial<Record<LetterTypeId, InterventionTypeId>> = {
  'stage-1-warning': 'stage-1-warning-letter',
  'stage-2-warning': 'stage-2-final-warning',
  'abc-agreement': 'acceptable-behaviour-contract',
  'community-protection-warning': 'community-protection-warning',
};

export interface LetterContext {
  current: Case;
  interventions: readonly Intervention[];
  officer: { name: string; contact: string };
  teamName: string;
  /** Formats a LocalDate or an instant as the letter shows it, e.g. "1 December 2026". */
  longDate(d: string | Date): string;
  now: Date;
  /** The team's ASB Case Review threshold: the complaints, and the months they are counted over. */
  caseReview: Pick<CaseReviewThresholds, 'thresholdAt' | 'windowMonths'>;
}

/** The fields for a record's letter, one copy per addressee; undefined when the addressee is no longer on the case. */
export function letterFieldsFor(record: LetterRecord, context: LetterContext) {
  const { current } = context;
  const type = letterType(record.type);
  const victim = current.victims.find((v) => v.id === record.recipientId);
  const perpetrator = current.perpetrators.find((p) => p.id === record.recipientId);
  const person = type.to === 'victim' ? victim && { name: victim.name, address: victim.contact.address ?? current.location.address ?? '' } : perpetrator && { name: perpetrator.name, address: perpetrator.address ?? '' };
  if (!person) return undefined;
  const interventionType = interventionFor[record.type];
  const served = interventionType
    ? [...context.interventions].filter((i) => i.personId === record.recipientId && i.type === interventionType).sort((a, b) => (a.servedOn < b.servedOn ? 1 : -1))[0]
    : undefined;
  const shared = {
    subjectName: person.name,
    warningStage: type.label,
    servedOn: served ? context.longDate(served.servedOn) : '',
    monitoringEnd: served?.monitoringEndsOn ? context.longDate(served.monitoringEndsOn) : '',
    abcTerms: (record.abcTerms ?? []).map((t) => `• ${t}`).join('\n'),
    closureReason: current.closure ? closureReasonLabel(current.closure) : '',
    incidentCount: String(context.caseReview.thresholdAt),
    caseReviewMonths: String(context.caseReview.windowMonths),
  };
  const copies = [{ recipientName: person.name, recipientAddress: person.address, isParentCopy: false, ...shared }];
  const parent = perpetrator?.parentOrGuardian;
  if (record.parentCopy && parent) copies.push({ recipientName: parent.name, recipientAddress: parent.address, isParentCopy: true, ...shared });
  return {
    caseReference: current.reference,
    date: context.longDate(context.now),
    officerName: context.officer.name,
    officerContact: context.officer.contact,
    teamName: context.teamName,
    copies,
  };
}
