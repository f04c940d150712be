/**
 * Sharing a case with a partner agency. Basis: s.115 Crime and Disorder Act 1998 (disclosure to a relevant
 * authority for the purposes of the Act) or the victims' consent. A full share (names, addresses, incident
 * accounts) needs every victim's consent; an under-18 victim's consent counts only when given or confirmed by a
 * parent or guardian, whose name is recorded (ICO, Children and the UK GDPR; DOMAIN.md "consent to share").
 * Otherwise the partner sees the summary only: reference, status, risk, area, categories, initials.
 */
import { z } from 'zod';
import { agencySchema, type Agency } from './actor.js';

export const shareBasisSchema = z.enum(['s115', 'consent']);
export const shareScopeSchema = z.enum(['summary', 'full']);
export type ShareBasis = z.infer<typeof shareBasisSchema>;
export type ShareScope = z.infer<typeof shareScopeSchema>;

export const caseShareSchema = z.object({
  agency: agencySchema,
  basis: shareBasisSchema,
  /** What the partner sees: the scope asked for, narrowed to summary when consent is missing. */
  scope: shareScopeSchema,
  sharedBy: z.string().min(1),
  sharedAt: z.date(),
});
export type CaseShare = z.infer<typeof caseShareSchema>;

/** What the sharing rule reads of a victim. */
export interface ConsentFacts {
  consentToShare: { given: boolean; guardian?: { name: string } };
  under18: boolean;
}

export type FullShareRefusal = 'no-victims' | 'victim-no-consent' | 'child-consent-not-confirmed';

export const fullShareRefusalText: Record<FullShareRefusal, string> = {
  'no-victims': 'Only the summary is shared: the case has no victim whose consent could allow full details.',
  'victim-no-consent': 'Only the summary is shared: not every victim has consented to their details being shared.',
  'child-consent-not-confirmed': "Only the summary is shared: an under-18 victim's consent must be given or confirmed by a parent or guardian.",
};

/** Why full details may not be shared, or undefined when they may. */
export function fullShareRefusal(victims: readonly ConsentFacts[]): FullShareRefusal | undefined {
  if (victims.length === 0) return 'no-victims';
  if (victims.some((v) => !v.consentToShare.given)) return 'victim-no-consent';
  if (victims.some((v) => v.under18 && !v.consentToShare.guardian?.name.trim())) return 'child-consent-not-confirmed';
  return undefined;
}

/** The share as granted: full only when consent allows it. */
export function grantShare(
  request: { agency: Agency; basis: ShareBasis; scope: ShareScope },
  victims: readonly ConsentFacts[],
  by: { id: string },
  at: Date,
): { share: CaseShare; narrowedBecause?: FullShareRefusal } {
  const refusal = request.scope === 'full' ? fullShareRefusal(victims) : undefined;
  return {
    share: { agency: request.agency, basis: request.basis, scope: refusal ? 'summary' : request.scope, sharedBy: by.id, sharedAt: at },
    ...(refusal ? { narrowedBecause: refusal } : {}),
  };
}

export const shareBasisLabels: Record<ShareBasis, string> = { s115: 's.115 Crime and Disorder Act 1998', consent: "The victims' consent" };
export const shareScopeLabels: Record<ShareScope, string> = { summary: 'Summary only (reference, status, risk, area, categories, initials)', full: 'Full details' };

/** A choice input's value: missing or empty gets the message. */
export const chosen = <T extends z.ZodTypeAny>(schema: T, message: string) => z.preprocess((v) => v ?? '', z.string().min(1, message).pipe(schema));

/** The share form: which agency, on what basis, and how much. */
export const shareFormSchema = z.object({
  caseId: z.string().min(1),
  shareAgency: chosen(agencySchema, 'Choose the partner agency'),
  shareBasis: chosen(shareBasisSchema, 'Choose the basis for sharing'),
  shareScope: chosen(shareScopeSchema, 'Choose what to share'),
});
export type ShareForm = z.infer<typeof shareFormSchema>;
