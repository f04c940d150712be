/**
 * What a partner may ask of a shared case: they read and never edit, so they send the case officer a note or
 * ask for an update (issue 11; E-CINS-style partner access). The request reaches the officer privately.
 */
import { z } from 'zod';

export const partnerRequestKinds = ['note', 'update'] as const;
export type PartnerRequestKind = (typeof partnerRequestKinds)[number];
export const MAX_PARTNER_NOTE_LENGTH = 2000;

export const partnerFields = { requestKey: 'requestKey', note: 'partnerNote' } as const;

const base = { caseId: z.string().min(1), requestKey: z.string().min(1, 'This form is missing its key. Open the case again.').max(100) };
export const partnerNoteFormSchema = z.object({
  ...base,
  partnerNote: z.preprocess((v) => v ?? '', z.string().trim().min(1, 'Write your note to the officer').max(MAX_PARTNER_NOTE_LENGTH, `Keep the note under ${MAX_PARTNER_NOTE_LENGTH} characters`)),
});
export const updateRequestSchema = z.object(base);

export interface PartnerRequest {
  kind: PartnerRequestKind;
  caseId: string;
  reference: string;
  /** The case officer it goes to. */
  to: { tenantId: string; id: string };
  from: { id: string; name: string; agency?: string };
  text?: string;
  /** Unique per request: the same request twice reaches the officer once. */
  key: string;
}
