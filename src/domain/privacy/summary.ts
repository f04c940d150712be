/**
 * The summary of a case: what a group chat, a channel or a summary-only partner share may show. It has no
 * field for an address, a full name, a date of birth, a phone number, a police reference or incident text,
 * so a card built from it cannot leak one.
 */
import type { Case } from '../cases/case.js';
import { initials } from './masking.js';

export interface CaseSummary {
  caseId: string;
  reference: string;
  status: Case['status'];
  riskLevel?: Case['riskLevel'];
  area: string;
  categories: Case['categories'];
  /** "victim M. K.", "perpetrator J. B." */
  people: Array<{ role: 'victim' | 'perpetrator'; initials: string }>;
}

export function caseSummaryOf(current: Case): CaseSummary {
  return {
    caseId: current.id,
    reference: current.reference,
    status: current.status,
    ...(current.riskLevel ? { riskLevel: current.riskLevel } : {}),
    area: current.area,
    categories: current.categories,
    people: [
      ...current.victims.map((v) => ({ role: 'victim' as const, initials: initials(v.name) })),
      ...current.perpetrators.map((p) => ({ role: 'perpetrator' as const, initials: initials(p.name) })),
    ],
  };
}
