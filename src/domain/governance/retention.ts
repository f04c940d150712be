/**
 * The retention schedule: a closed case is kept for the team's period after closure (default 6 years; Poole
 * uses 5, Bury 6, Tewkesbury 3 — DOMAIN.md, "Closing, reopening and retention"), then reviewed by a manager
 * and destroyed only on a recorded decision (UK GDPR art. 5(1)(e); DPA 2018 s.39 for Part 3 processing).
 * Cases whose retention ends within 30 days are offered for review; a reopened case restarts its clock,
 * because the closure the schedule counts from is the latest one.
 */
import { z } from 'zod';
import { addDays, addMonths, compareLocalDates, localDateSchema, londonDate, type LocalDate } from '../calendar/localDate.js';

export const DEFAULT_RETENTION_YEARS = 6;
export const MIN_RETENTION_YEARS = 1;
export const MAX_RETENTION_YEARS = 20;
/** Cases whose retention ends within this many days are put to the managers. */
export const REVIEW_WINDOW_DAYS = 30;
export const MAX_REASON = 500;

export const retentionYearsSchema = z.coerce.number().int().min(MIN_RETENTION_YEARS, `At least ${MIN_RETENTION_YEARS} year`).max(MAX_RETENTION_YEARS, `At most ${MAX_RETENTION_YEARS} years`);

export const retentionDecisionSchema = z.discriminatedUnion('kind', [
  /** Destroy on the date retention ends. */
  z.object({ kind: z.literal('destroy'), on: localDateSchema }),
  /** Keep until a review date, e.g. pending litigation or an order still in force. */
  z.object({ kind: z.literal('hold'), reason: z.string().trim().min(1).max(MAX_REASON), reviewOn: localDateSchema }),
]);
export type RetentionDecision = z.infer<typeof retentionDecisionSchema>;

/** What is kept about a case's retention while the case exists (destroyed with it). */
export interface RetentionRecord {
  caseId: string;
  teamId: string;
  /** The closure this record is about; a later closure (after a reopening) starts afresh. */
  closedAt: Date;
  /** Years added by Extend decisions, on top of the team's period. */
  extendedYears: number;
  decision?: RetentionDecision;
  decidedBy?: { id: string; name: string };
  decidedAt?: Date;
}

export interface RetainedCase {
  id: string;
  teamId: string;
  status: string;
  closure?: { closedAt: Date };
}

export type RetentionState =
  | { kind: 'open' }
  | { kind: 'kept'; endsOn: LocalDate }
  | { kind: 'undecided'; endsOn: LocalDate }
  | { kind: 'held'; endsOn: LocalDate; reviewOn: LocalDate }
  | { kind: 'destroy-scheduled'; endsOn: LocalDate; on: LocalDate }
  | { kind: 'destroy-due'; endsOn: LocalDate; on: LocalDate };

/** The record that applies to the case's current closure (none if it was made for an earlier one). */
export function currentRecord(current: RetainedCase, record: RetentionRecord | undefined): RetentionRecord | undefined {
  const closedAt = current.closure?.closedAt;
  return record && closedAt && record.closedAt.getTime() === closedAt.getTime() ? record : undefined;
}

export function retentionEndsOn(closedAt: Date, years: number, extendedYears = 0): LocalDate {
  return addMonths(londonDate(closedAt), 12 * (years + extendedYears));
}

/** Where a case stands on the schedule today. Nothing is ever due for destruction without a Destroy decision. */
export function retentionState(current: RetainedCase, years: number, stored: RetentionRecord | undefined, now: Date, today: LocalDate = londonDate(now)): RetentionState {
  const closedAt = current.status === 'closed' ? current.closure?.closedAt : undefined;
  if (!closedAt) return { kind: 'open' };
  const record = currentRecord(current, stored);
  const endsOn = retentionEndsOn(closedAt, years, record?.extendedYears ?? 0);
  const decision = record?.decision;
  if (decision?.kind === 'destroy') {
    return compareLocalDates(today, decision.on) >= 0 ? { kind: 'destroy-due', endsOn, on: decision.on } : { kind: 'destroy-scheduled', endsOn, on: decision.on };
  }
  if (decision?.kind === 'hold' && compareLocalDates(today, decision.reviewOn) < 0) return { kind: 'held', endsOn, reviewOn: decision.reviewOn };
  if (compareLocalDates(addDays(today, REVIEW_WINDOW_DAYS), endsOn) >= 0) return { kind: 'undecided', endsOn };
  return { kind: 'kept', endsOn };
}

const DAY_MS = 86_400_000;

/**
 * A closure instant after which no case can be due for review yet (at `years`): a year is at least 365 days,
 * and two days' margin covers time zones. Storage narrows with it; retentionState decides exactly.
 */
export function reviewCutoff(now: Date, years: number): Date {
  return new Date(now.getTime() + (REVIEW_WINDOW_DAYS + 2) * DAY_MS - years * 365 * DAY_MS);
}

/** A decision for the record: Destroy is always "on the date retention ends", never earlier. */
export function decide(
  current: RetainedCase, years: number, stored: RetentionRecord | undefined,
  choice: { kind: 'destroy' } | { kind: 'hold'; reason: string; reviewOn: LocalDate } | { kind: 'extend'; reason: string; years: number },
  by: { id: string; name: string }, now: Date,
): RetentionRecord | undefined {
  const closedAt = current.status === 'closed' ? current.closure?.closedAt : undefined;
  if (!closedAt) return undefined;
  const base: RetentionRecord = currentRecord(current, stored) ?? { caseId: current.id, teamId: current.teamId, closedAt, extendedYears: 0 };
  const decided = { decidedBy: by, decidedAt: now };
  switch (choice.kind) {
    case 'destroy':
      return { ...base, ...decided, decision: { kind: 'destroy', on: retentionEndsOn(closedAt, years, base.extendedYears) } };
    case 'hold':
      return { ...base, ...decided, decision: { kind: 'hold', reason: choice.reason, reviewOn: choice.reviewOn } };
    case 'extend': {
      const { decision: _previous, ...rest } = base;
      return { ...rest, ...decided, extendedYears: base.extendedYears + choice.years };
    }
  }
}

// ---------------------------------------------------------------- the forms managers fill in

export const retentionFormFields = {
  caseId: 'caseId',
  holdReason: 'holdReason',
  holdReviewOn: 'holdReviewOn',
  extendReason: 'extendReason',
  extendYears: 'extendYears',
  years: 'retentionYears',
  /** Which cases the review lists: 'all' or 'undecided'. */
  show: 'show',
} as const;
const f = retentionFormFields;

const reasonSchema = (what: string) => z.string({ required_error: `Say why the case is ${what}` }).trim().min(1, `Say why the case is ${what}`).max(MAX_REASON, `At most ${MAX_REASON} characters`);

export const caseIdFormSchema = z.object({ [f.caseId]: z.string().min(1) });

/** The review's list: every case on it, or only those needing a decision (anything else reads as every case). */
export const reviewShownSchema = z.object({ [f.show]: z.enum(['all', 'undecided']).catch('all') }).catch({ [f.show]: 'all' as const });

/** Hold: a reason and a review date after today (`today` is the London date the form is read on). */
export const holdFormSchema = (today: LocalDate) =>
  z.object({
    [f.caseId]: z.string().min(1),
    [f.holdReason]: reasonSchema('held'),
    [f.holdReviewOn]: z
      .string({ required_error: 'Choose the date to review the hold' })
      .refine((d) => localDateSchema.safeParse(d).success, 'Choose the date to review the hold')
      .refine((d) => compareLocalDates(d, today) > 0, 'The review date must be after today'),
  });

export const extendFormSchema = z.object({
  [f.caseId]: z.string().min(1),
  [f.extendReason]: reasonSchema('kept longer'),
  [f.extendYears]: z.coerce.number({ invalid_type_error: 'Choose how many years' }).int().min(1, 'Choose how many years').max(5, 'At most 5 years'),
});

export const periodFormSchema = z.object({ [f.years]: retentionYearsSchema });
