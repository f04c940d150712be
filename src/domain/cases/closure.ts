/** Why a case was closed, and the officer's confirmation that the victim was told. */
import { z } from 'zod';

export const closureReasons = [
  { id: 'asb-ceased', label: 'ASB ceased' },
  { id: 'no-further-progress', label: 'No further progress possible' },
  { id: 'victim-no-contact', label: 'Victim no longer in contact' },
  { id: 'moved-away', label: 'Moved away' },
  { id: 'resolved-by-intervention', label: 'Resolved by intervention' },
  { id: 'other', label: 'Other' },
] as const;
export type ClosureReason = (typeof closureReasons)[number]['id'];
export const closureReasonSchema = z.enum(closureReasons.map((r) => r.id) as [ClosureReason, ...ClosureReason[]]);

export const MAX_CLOSURE_TEXT = 1000;

export const closureSchema = z
  .object({
    reason: closureReasonSchema,
    /** Required when the reason is 'other'. */
    otherText: z.string().trim().max(MAX_CLOSURE_TEXT).optional(),
    victimInformed: z.boolean(),
  })
  .superRefine((closure, ctx) => {
    if (closure.reason === 'other' && !closure.otherText)
      ctx.addIssue({ code: 'custom', path: ['otherText'], message: 'Say why the case is being closed' });
    if (!closure.victimInformed)
      ctx.addIssue({ code: 'custom', path: ['victimInformed'], message: 'Confirm the victim has been told the case is closing' });
  });
export type Closure = z.infer<typeof closureSchema>;

/** The recorded closure on a case: the reason plus who closed it and when. */
export const caseClosureSchema = z.object({
  reason: closureReasonSchema,
  otherText: z.string().optional(),
  victimInformed: z.literal(true),
  closedBy: z.string().min(1),
  closedAt: z.date(),
});
export type CaseClosure = z.infer<typeof caseClosureSchema>;

export function closureReasonLabel(closure: Pick<Closure, 'reason' | 'otherText'>): string {
  if (closure.reason === 'other' && closure.otherText) return `Other: ${closure.otherText}`;
  return closureReasons.find((r) => r.id === closure.reason)?.label ?? closure.reason;
}
