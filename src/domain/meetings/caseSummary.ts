import { z } from 'zod';
import { riskLevelSchema } from '../riskLevel.js';

/**
 * What a meeting may know about a case. Built by the caller from the case record; it has no
 * address field on purpose, and everything here is copied field by field so extra input
 * properties (an address, a phone number) never travel onwards.
 */
export const casePersonSchema = z.object({
  role: z.enum(['victim', 'perpetrator', 'witness', 'other']),
  name: z.string().trim().min(1).max(200),
  under18: z.boolean().optional(),
});
export type CasePerson = z.infer<typeof casePersonSchema>;

export const agendaCaseSummarySchema = z.object({
  caseId: z.string().min(1),
  reference: z.string().min(1),
  area: z.string().min(1),
  /** Absent while no victim on the case has been assessed. */
  riskLevel: riskLevelSchema.optional(),
  /** A short incident summary for the meeting card. */
  summary: z.string().max(2000).default(''),
  people: z.array(casePersonSchema).default([]),
});
export type AgendaCaseSummary = z.infer<typeof agendaCaseSummarySchema>;

export function copyCaseSummary(c: AgendaCaseSummary): AgendaCaseSummary {
  return {
    caseId: c.caseId,
    reference: c.reference,
    area: c.area,
    ...(c.riskLevel ? { riskLevel: c.riskLevel } : {}),
    summary: c.summary ?? '',
    people: (c.people ?? []).map((p) => ({ role: p.role, name: p.name, ...(p.under18 === undefined ? {} : { under18: p.under18 }) })),
  };
}
