import type { AgendaCaseSummary, CasePerson } from './caseSummary.js';
import type { RiskLevel } from '../riskLevel.js';

import { initials, maskNames } from '../privacy/masking.js';

export { initials };

export const caseSummaryMaxChars = 280;

/** The short incident summary: names of the people given and postcodes masked, trimmed to fit the card. */
export function shortSummary(text: string, maxChars = caseSummaryMaxChars, names: readonly string[] = []): string {
  const masked = maskNames(text, names).replace(/\s+/g, ' ').trim();
  return masked.length <= maxChars ? masked : `${masked.slice(0, maxChars - 1).trimEnd()}…`;
}

export interface CaseItemPersonView {
  role: CasePerson['role'];
  /** Initials unless the chair revealed the names for this case. */
  shownAs: string;
  under18?: boolean;
}

/** What the meeting card shows for a case item: never an address, names only when revealed. */
export interface CaseItemView {
  caseId: string;
  reference: string;
  riskLevel?: RiskLevel;
  area: string;
  summary: string;
  people: CaseItemPersonView[];
  namesRevealed: boolean;
}

export function caseItemView(c: AgendaCaseSummary, namesRevealed: boolean): CaseItemView {
  return {
    caseId: c.caseId,
    reference: c.reference,
    ...(c.riskLevel ? { riskLevel: c.riskLevel } : {}),
    area: c.area,
    summary: shortSummary(c.summary ?? '', caseSummaryMaxChars, namesRevealed ? [] : (c.people ?? []).map((p) => p.name)),
    people: (c.people ?? []).map((p) => ({
      role: p.role,
      shownAs: namesRevealed ? p.name : initials(p.name),
      ...(p.under18 === undefined ? {} : { under18: p.under18 }),
    })),
    namesRevealed,
  };
}
