/**
 * The standard letters an ASB officer sends (issue 16), who each goes to, and when it fits a case. The wording
 * lives in the council's own Word templates (LETTER_TEMPLATES_DIR), never here; these are the fields a template
 * can use. Closure letters to victims are required by the 2025 statutory guidance (DOMAIN.md).
 */
import { z } from 'zod';

export const letterTypes = [
  { id: 'victim-welcome', label: 'Welcome letter with diary sheet', to: 'victim', warning: false },
  { id: 'stage-1-warning', label: 'Stage 1 warning', to: 'perpetrator', warning: true },
  { id: 'stage-2-warning', label: 'Stage 2 final warning', to: 'perpetrator', warning: true },
  { id: 'abc-agreement', label: 'Acceptable Behaviour Contract', to: 'perpetrator', warning: false },
  { id: 'community-protection-warning', label: 'Community Protection Warning', to: 'perpetrator', warning: true },
  { id: 'closure-victim', label: 'Closure letter to victim', to: 'victim', warning: false },
  { id: 'case-review-outcome', label: 'Case Review outcome', to: 'victim', warning: false },
] as const;
export type LetterTypeId = (typeof letterTypes)[number]['id'];
export const letterTypeIdSchema = z.enum(letterTypes.map((t) => t.id) as [LetterTypeId, ...LetterTypeId[]]);
export type LetterType = (typeof letterTypes)[number];

export const letterType = (id: LetterTypeId): LetterType => letterTypes.find((t) => t.id === id)!;

/**
 * Every field a template may use. The letter body sits inside the `{#copies}…{/copies}` loop: one copy per
 * addressee (a warning to someone under 18 has a second copy for their parent or guardian).
 */
export const letterFields = {
  top: ['caseReference', 'date', 'officerName', 'officerContact', 'teamName', 'copies'],
  perCopy: ['recipientName', 'recipientAddress', 'isParentCopy', 'subjectName', 'warningStage', 'servedOn', 'monitoringEnd', 'abcTerms', 'closureReason', 'incidentCount', 'caseReviewMonths'],
} as const;
/** A template without these cannot make a proper letter. */
export const requiredTags = ['copies', 'recipientName', 'caseReference'] as const;
