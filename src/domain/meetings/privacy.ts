import type { AgendaCaseSummary, CasePerson } from './caseSummary.js';
import type { RiskLevel } from '../riskLevel.js';

/**
 * "Jane Mary Smith" → "J. M. S."; "Anne-Marie O'Neil" → "A. M. O."
 * Every part of the name, hyphenated parts included, gives one initial.
 */
export function initials(fullName: string): string {
  return fullName
    .split(/[\s\-]+/)
    .map((part) => part.replace(/[^\p{L}]/gu, ''))
    .filter((part) => part.length > 0)
    .map((part) => `${part[0].toUpperCase()}.`)
    .join(' ');
}

const ukPostcode = /\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b/gi;
export const caseSummaryMaxChars = 280;

/** The short incident summary: postcodes masked, trimmed to fit the card. */
export function shortSummary(text: string, maxChars = caseSummaryMaxChars): string {
  const masked = text.replace(ukPostcode, '[postcode]').replace(/\s+/g, ' ').trim();
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
  riskLevel: RiskLevel;
  area: string;
  summary: string;
  people: CaseItemPersonView[];
  namesRevealed: boolean;
}

export function caseItemView(c: AgendaCaseSummary, namesRevealed: boolean): CaseItemView {
  return {
    caseId: c.caseId,
    reference: c.reference,
    riskLevel: c.riskLevel,
    area: c.area,
    summary: shortSummary(c.summary ?? ''),
    people: (c.people ?? []).map((p) => ({
      role: p.role,
      shownAs: namesRevealed ? p.name : initials(p.name),
      ...(p.under18 === undefined ? {} : { under18: p.under18 }),
    })),
    namesRevealed,
  };
}
