/**
 * Reading the submitted questionnaire: one choice input per question (ids from answerInputId), the victim,
 * and the ids the button carries. Each unanswered question becomes an error keyed by its own input id.
 */
import { z } from 'zod';
import { parseForm, type FormResult } from '../../domain/cases/forms.js';
import type { QuestionSet } from '../../domain/risk/questionSet.js';
import { riskAnswersSchema, type RiskAnswers } from '../../domain/risk/scoring.js';
import { riskLevels, type RiskLevel } from '../../domain/riskLevel.js';

export const riskFormFields = {
  caseId: 'caseId',
  assessmentId: 'assessmentId',
  victimId: 'victimId',
  level: 'riskLevel',
  reason: 'overrideReason',
  /** The change-level form's own key, so a double click or a retry changes the level once. */
  submitKey: 'idempotencyKey',
} as const;

/** The card input holding the answer to a question. */
export const answerInputId = (questionId: string): string => `answer-${questionId}`;

export interface SubmittedAssessment {
  caseId: string;
  assessmentId: string;
  victimId: string;
  answers: RiskAnswers;
}

const requiredId = (message: string) => z.string({ required_error: message, invalid_type_error: message }).trim().min(1, message);

export function riskAnswersFormSchema(questionSet: QuestionSet, victimIds: readonly string[]) {
  const answerFields: Record<string, z.ZodTypeAny> = {};
  for (const question of questionSet.questions) {
    const ids = question.answers.map((a) => a.id);
    answerFields[answerInputId(question.id)] = z.string({ required_error: 'Answer this question', invalid_type_error: 'Answer this question' })
      .refine((value) => ids.includes(value), 'Choose one of the answers given');
  }
  return z
    .object({
      [riskFormFields.caseId]: requiredId('The case is missing: open the risk assessment from the case card again.'),
      [riskFormFields.assessmentId]: requiredId('The form is incomplete: open the risk assessment from the case card again.'),
      [riskFormFields.victimId]: requiredId('Choose the victim this assessment is about').refine((id) => victimIds.includes(id), 'Choose one of the victims on this case'),
      ...answerFields,
    })
    .transform((form): SubmittedAssessment => {
      const values = form as Record<string, string>;
      const answers = riskAnswersSchema.parse(
        Object.fromEntries(questionSet.questions.map((q) => [q.id, values[answerInputId(q.id)]])),
      );
      return {
        caseId: values[riskFormFields.caseId]!,
        assessmentId: values[riskFormFields.assessmentId]!,
        victimId: values[riskFormFields.victimId]!,
        answers,
      };
    });
}

export function parseRiskAnswers(raw: unknown, questionSet: QuestionSet, victimIds: readonly string[]): FormResult<SubmittedAssessment> {
  return parseForm(riskAnswersFormSchema(questionSet, victimIds), raw);
}

export interface SubmittedOverride {
  caseId: string;
  assessmentId: string;
  level: RiskLevel;
  reason: string;
  submitKey?: string;
}

export const overrideFormSchema = z
  .object({
    [riskFormFields.caseId]: requiredId('The case is missing: open the assessment again.'),
    [riskFormFields.assessmentId]: requiredId('The assessment is missing: open it again.'),
    [riskFormFields.level]: z.enum(riskLevels, { errorMap: () => ({ message: 'Choose the level you think is right' }) }),
    [riskFormFields.reason]: z.string({ required_error: 'Say why you are changing the level' }).trim().min(1, 'Say why you are changing the level').max(2000),
    [riskFormFields.submitKey]: z.string().trim().min(1).max(100).optional().catch(undefined),
  })
  .transform((form): SubmittedOverride => ({
    caseId: form[riskFormFields.caseId],
    assessmentId: form[riskFormFields.assessmentId],
    level: form[riskFormFields.level],
    reason: form[riskFormFields.reason],
    ...(form[riskFormFields.submitKey] ? { submitKey: form[riskFormFields.submitKey] } : {}),
  }));
