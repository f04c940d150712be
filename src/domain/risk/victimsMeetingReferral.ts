import { z } from 'zod';
import { localDateSchema } from '../calendar/localDate.js';
import { RiskRuleError } from './override.js';

/**
 * The "refer to the victims' multi-agency meeting" step a high-risk result adds. The officer records it as
 * referred (date and meeting) or declined (with a reason).
 */
export const victimsMeetingReferralSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('to-do'), assessmentId: z.string().min(1), caseId: z.string().min(1), victimId: z.string().min(1) }),
  z.object({
    status: z.literal('referred'),
    assessmentId: z.string().min(1),
    caseId: z.string().min(1),
    victimId: z.string().min(1),
    referredOn: localDateSchema,
    meeting: z.string().trim().min(1),
    recordedBy: z.string().min(1),
  }),
  z.object({
    status: z.literal('declined'),
    assessmentId: z.string().min(1),
    caseId: z.string().min(1),
    victimId: z.string().min(1),
    reason: z.string().trim().min(1),
    recordedBy: z.string().min(1),
  }),
]);
export type VictimsMeetingReferral = z.infer<typeof victimsMeetingReferralSchema>;

export function referralStep(assessment: { id: string; caseId: string; victimId: string }): VictimsMeetingReferral {
  return { status: 'to-do', assessmentId: assessment.id, caseId: assessment.caseId, victimId: assessment.victimId };
}

export type ReferralDecision =
  | { referred: true; referredOn: string; meeting: string; recordedBy: string }
  | { referred: false; reason: string; recordedBy: string };

/** Records the step once; the date and meeting, or a reason for declining, are required. */
export function recordReferral(step: VictimsMeetingReferral, decision: ReferralDecision): VictimsMeetingReferral {
  if (step.status !== 'to-do') throw new RiskRuleError('The referral to the victims’ meeting has already been recorded.');
  const { assessmentId, caseId, victimId } = step;
  const candidate = decision.referred
    ? { status: 'referred' as const, assessmentId, caseId, victimId, referredOn: decision.referredOn, meeting: decision.meeting, recordedBy: decision.recordedBy }
    : { status: 'declined' as const, assessmentId, caseId, victimId, reason: decision.reason, recordedBy: decision.recordedBy };
  const parsed = victimsMeetingReferralSchema.safeParse(candidate);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
    throw new RiskRuleError(
      decision.referred
        ? `To record a referral, give the date referred and the meeting (check: ${fields}).`
        : `To record that the referral was declined, give the reason (check: ${fields}).`,
    );
  }
  return parsed.data;
}
