/**
 * The risk assessment the Crime and Policing Act 2026 requires before applying for a Respect Order, Youth
 * Injunction or Housing Injunction (DOMAIN.md; PNLD, Becket Chambers). A short structured record: the risks to the
 * respondent and to others, their vulnerabilities, and whether an exclusion from home is sought, which a Respect
 * Order allows only where there is violence or a risk of harm.
 */
import { z } from 'zod';
import { localDateSchema, type LocalDate } from '../calendar/localDate.js';
import type { InterventionTypeRule } from './interventionTypes.js';

const answer = z.string().trim().min(1).max(2000);

export const preApplicationAssessmentSchema = z.object({
  id: z.string().min(1),
  caseId: z.string().min(1),
  personId: z.string().min(1),
  assessedOn: localDateSchema,
  risksToRespondent: answer,
  risksToOthers: answer,
  vulnerabilities: answer,
  exclusionFromHomeSought: z.boolean(),
  violenceOrRiskOfHarm: z.boolean(),
  assessedBy: z.string().min(1),
  recordedAt: z.coerce.date(),
});
export type PreApplicationAssessment = z.infer<typeof preApplicationAssessmentSchema>;

/** The rule across answers: an exclusion from home needs violence or a risk of harm. */
export function preApplicationProblems(
  input: Pick<PreApplicationAssessment, 'assessedOn' | 'exclusionFromHomeSought' | 'violenceOrRiskOfHarm'>,
  today: LocalDate,
): Array<{ field: 'assessedOn' | 'exclusionFromHomeSought'; message: string }> {
  const problems: Array<{ field: 'assessedOn' | 'exclusionFromHomeSought'; message: string }> = [];
  if (input.assessedOn > today) problems.push({ field: 'assessedOn', message: 'The assessment date cannot be in the future.' });
  if (input.exclusionFromHomeSought && !input.violenceOrRiskOfHarm) {
    problems.push({ field: 'exclusionFromHomeSought', message: 'An exclusion from home can only be sought where there is violence or a risk of harm.' });
  }
  return problems;
}

/** Why an application cannot go ahead without an assessment, or nothing when one is recorded on or before the date. */
export function missingAssessmentProblem(
  rule: InterventionTypeRule,
  personName: string,
  assessments: readonly Pick<PreApplicationAssessment, 'assessedOn'>[],
  appliedOn: LocalDate,
): string | undefined {
  if (!rule.needsPreApplicationRiskAssessment) return undefined;
  if (assessments.some((a) => a.assessedOn <= appliedOn)) return undefined;
  return `A ${rule.label} cannot be applied for until a pre-application risk assessment of ${personName} is recorded (on or before the date of application). Use "Pre-application risk assessment" below.`;
}
