import { z } from 'zod';
import type { RiskLevel } from '../riskLevel.js';
import type { QuestionSet } from './questionSet.js';

/** The officer's answers: question id → answer id. */
export const riskAnswersSchema = z.record(z.string().min(1), z.string().min(1));
export type RiskAnswers = z.infer<typeof riskAnswersSchema>;

export interface AutomaticHighReason {
  questionId: string;
  answerId: string;
  /** Plain words for the card, e.g. 'Threats to kill or serious injury: Yes'. */
  text: string;
}

export interface InvalidAnswer {
  questionId: string;
  answerId: string;
  problem: 'unknown question' | 'unknown answer';
}

export interface RiskScore {
  score: number;
  computedLevel: RiskLevel;
  automaticHighReasons: AutomaticHighReason[];
  /** Question ids with no answer; every question is required, so the assessment is complete only when this is empty. */
  unanswered: string[];
  invalid: InvalidAnswer[];
  complete: boolean;
}

export function levelForScore(score: number, thresholds: QuestionSet['thresholds']): RiskLevel {
  if (score >= thresholds.high) return 'high';
  if (score >= thresholds.medium) return 'medium';
  return 'standard';
}

/**
 * Adds up the weights of the chosen answers and maps the total to a level through the thresholds.
 * Any automatic-high answer makes the level high whatever the total — even on an incomplete form, so a
 * partial save can never hide a threat to life.
 */
export function scoreAssessment(questionSet: QuestionSet, answers: RiskAnswers): RiskScore {
  let score = 0;
  const automaticHighReasons: AutomaticHighReason[] = [];
  const unanswered: string[] = [];
  const invalid: InvalidAnswer[] = [];
  const knownQuestions = new Set(questionSet.questions.map((q) => q.id));

  for (const question of questionSet.questions) {
    const answerId = answers[question.id];
    if (answerId === undefined) {
      unanswered.push(question.id);
      continue;
    }
    const answer = question.answers.find((a) => a.id === answerId);
    if (!answer) {
      invalid.push({ questionId: question.id, answerId, problem: 'unknown answer' });
      continue;
    }
    score += answer.weight;
    if (answer.automaticHigh) {
      automaticHighReasons.push({ questionId: question.id, answerId, text: `${question.text} ${answer.label}` });
    }
  }
  for (const [questionId, answerId] of Object.entries(answers)) {
    if (!knownQuestions.has(questionId)) invalid.push({ questionId, answerId, problem: 'unknown question' });
  }

  const computedLevel = automaticHighReasons.length > 0 ? 'high' : levelForScore(score, questionSet.thresholds);
  return {
    score,
    computedLevel,
    automaticHighReasons,
    unanswered,
    invalid,
    complete: unanswered.length === 0 && invalid.length === 0,
  };
}
