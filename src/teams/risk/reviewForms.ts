/**
 * Reading the victims' meeting referral form and a manager's decision on lowering a high result. Each bad
 * input becomes a message keyed by its own input id, so the card shows it under that input.
 */
import type { z } from 'zod';
import type { LocalDate } from '../../domain/calendar/localDate.js';
import { formSchema, type FormReader } from '../../domain/cases/forms.js';
import { formatIsoDate } from '../../domain/cases/londonTime.js';
import type { ReferralChoice } from '../../services/riskAssessments.js';

export const reviewFormFields = {
  caseId: 'caseId',
  assessmentId: 'assessmentId',
  outcome: 'referralOutcome',
  referredOn: 'referredOn',
  meeting: 'referralMeeting',
  declineReason: 'declineReason',
  decisionNote: 'decisionNote',
} as const;
const f = reviewFormFields;

export const referralOutcomes = ['referred', 'declined'] as const;
export const MAX_MEETING_LENGTH = 200;
export const MAX_REASON_LENGTH = 2000;
export const MAX_DECISION_NOTE_LENGTH = 1000;


function ids(form: FormReader): { caseId: string; assessmentId: string } {
  const caseId = form.text(f.caseId, { required: 'This card has lost track of its case. Open the case again.', max: 100 });
  const assessmentId = form.text(f.assessmentId, { required: 'This card has lost track of its assessment. Open the case again.', max: 100 });
  return { caseId: caseId!, assessmentId: assessmentId! };
}

/** Referred needs the date (today or earlier, London) and the meeting; declined needs the reason. */
export function referralFormSchema(today: LocalDate): z.ZodType<{ caseId: string; assessmentId: string; decision: ReferralChoice }, z.ZodTypeDef, unknown> {
  return formSchema((form) => {
    const about = ids(form);
    const outcome = form.choice(f.outcome, referralOutcomes, {
      required: 'Choose whether the victim was referred or the referral was declined',
      invalid: 'Choose referred or declined',
    });
    if (outcome === 'declined') {
      const reason = form.text(f.declineReason, { required: 'Say why the referral was declined', max: MAX_REASON_LENGTH });
      return { ...about, decision: { referred: false as const, reason: reason! } };
    }
    const date = outcome === 'referred' ? form.date(f.referredOn, { required: 'Enter the date the victim was referred' }) : undefined;
    const referredOn = date ? formatIsoDate(date.year, date.month, date.day) : undefined;
    if (referredOn && referredOn > today) form.fail(f.referredOn, "The date referred can't be in the future");
    const meeting = outcome === 'referred' ? form.text(f.meeting, { required: 'Say which meeting the victim was referred to', max: MAX_MEETING_LENGTH }) : undefined;
    return { ...about, decision: { referred: true as const, referredOn: referredOn!, meeting: meeting! } };
  });
}

/** A manager's optional note, for Confirm or Keep high. */
export const loweringDecisionFormSchema: z.ZodType<{ caseId: string; assessmentId: string; note?: string }, z.ZodTypeDef, unknown> = formSchema((form) => {
  const about = ids(form);
  const note = form.text(f.decisionNote, { max: MAX_DECISION_NOTE_LENGTH });
  return { ...about, ...(note ? { note } : {}) };
});
