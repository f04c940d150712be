/**
 * Case references look like ASB-2026-0042: the year the case was created (in London)
 * and a per-year sequence, zero-padded to 4 digits and growing to 5+ past 9999.
 * Allocating the sequence is storage's job (an atomic counter per year).
 */
import { z } from 'zod';
import { londonParts } from './londonTime.js';

export interface CaseReferenceParts {
  year: number;
  sequence: number;
}

const referencePattern = /^ASB-(\d{4})-(\d{4,})$/;

export function formatCaseReference(year: number, sequence: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError('A case reference year has four digits');
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError('A case reference sequence starts at 1');
  return `ASB-${year}-${String(sequence).padStart(4, '0')}`;
}

/**
 * Reads what an officer typed ("asb 2026 42", "ASB-2026-0042", " asb-2026-0042 ") and
 * returns the canonical parts, or undefined if it is not a case reference.
 */
export function parseCaseReference(text: string): CaseReferenceParts | undefined {
  const compact = text.trim().toUpperCase().replace(/\s*-\s*|\s+/g, '-');
  const match = /^ASB-(\d{4})-(\d{1,})$/.exec(compact);
  if (!match) return undefined;
  const year = Number(match[1]);
  const sequence = Number(match[2]);
  if (sequence < 1 || !Number.isSafeInteger(sequence)) return undefined;
  return { year, sequence };
}

/** The canonical form of a typed reference, or undefined. */
export function normaliseCaseReference(text: string): string | undefined {
  const parts = parseCaseReference(text);
  return parts ? formatCaseReference(parts.year, parts.sequence) : undefined;
}

export function isCaseReference(text: string): boolean {
  return referencePattern.test(text);
}

/** The reference year is the year of creation on the London calendar. */
export function caseReferenceYear(createdAt: Date): number {
  return londonParts(createdAt).year;
}

export const caseReferenceSchema = z
  .string()
  .regex(referencePattern, 'A case reference looks like ASB-2026-0042');
