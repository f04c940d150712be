import { z } from 'zod';
import { riskLevelSchema, riskRank, type RiskLevel } from '../riskLevel.js';
import type { QuestionSet } from './questionSet.js';
import { riskAnswersSchema, scoreAssessment, type AutomaticHighReason } from './scoring.js';
import {
  applyOverride,
  confirmLowering,
  levelInForce,
  rejectLowering,
  RiskRuleError,
  riskOverrideSchema,
  type OverrideResult,
} from './override.js';

export const riskAssessmentSchema = z.object({
  id: z.string().min(1),
  caseId: z.string().min(1),
  victimId: z.string().min(1),
  assessedBy: z.string().min(1),
  assessedAt: z.coerce.date(),
  questionSetVersion: z.number().int().min(1),
  answers: riskAnswersSchema,
  score: z.number().int().min(0),
  computedLevel: riskLevelSchema,
  automaticHighReasons: z.array(z.object({ questionId: z.string(), answerId: z.string(), text: z.string() })),
  override: riskOverrideSchema.optional(),
  /** The level in force: the computed one, or the override once it applies. */
  finalLevel: riskLevelSchema,
});
export type RiskAssessment = z.infer<typeof riskAssessmentSchema>;

export const newRiskAssessmentSchema = z.object({
  id: z.string().min(1),
  caseId: z.string().min(1),
  victimId: z.string().min(1),
  assessedBy: z.string().min(1),
  assessedAt: z.coerce.date(),
  answers: riskAnswersSchema,
  override: z.object({ level: riskLevelSchema, reason: z.string() }).optional(),
});
export type NewRiskAssessment = z.input<typeof newRiskAssessmentSchema>;

/** Scores a completed form into a record to keep. Every question must be answered with a known answer. */
export function assessRisk(input: NewRiskAssessment, questionSet: QuestionSet): RiskAssessment {
  const data = newRiskAssessmentSchema.parse(input);
  const scored = scoreAssessment(questionSet, data.answers);
  if (!scored.complete) {
    const problems = [
      ...scored.unanswered.map((q) => `"${q}" is not answered`),
      ...scored.invalid.map((i) => `"${i.questionId}" has ${i.problem === 'unknown answer' ? `an unknown answer "${i.answerId}"` : 'no such question'}`),
    ];
    throw new RiskRuleError(`The risk assessment is incomplete: ${problems.join('; ')}.`);
  }
  const override =
    data.override && data.override.level !== scored.computedLevel
      ? applyOverride(scored.computedLevel, data.override.level, data.override.reason, data.assessedBy, data.assessedAt).override
      : undefined;
  return {
    id: data.id,
    caseId: data.caseId,
    victimId: data.victimId,
    assessedBy: data.assessedBy,
    assessedAt: data.assessedAt,
    questionSetVersion: questionSet.version,
    answers: { ...data.answers },
    score: scored.score,
    computedLevel: scored.computedLevel,
    automaticHighReasons: scored.automaticHighReasons.map((r: AutomaticHighReason) => ({ ...r })),
    ...(override ? { override } : {}),
    finalLevel: override ? levelInForce(override) : scored.computedLevel,
  };
}

function withOverride(assessment: RiskAssessment, result: OverrideResult): RiskAssessment {
  return { ...assessment, override: result.override, finalLevel: result.level };
}

/** The officer changes the level of a saved assessment (replacing any earlier override). */
export function overrideAssessment(
  assessment: RiskAssessment,
  requested: RiskLevel,
  reason: string,
  actor: string,
  at: Date,
): RiskAssessment {
  if (assessment.override?.status === 'pending-manager') {
    throw new RiskRuleError('A request to lower this assessment is already waiting for a manager.');
  }
  // A manager's decision on lowering this high result stands: a new lowering needs a new assessment.
  if (assessment.override?.decidedBy && assessment.computedLevel === 'high' && riskRank(requested) < riskRank('high')) {
    throw new RiskRuleError('A manager has already decided on lowering this assessment. If things have changed, reassess the victim.');
  }
  return withOverride(assessment, applyOverride(assessment.computedLevel, requested, reason, actor, at));
}

/** A manager confirms the pending lowering of a high assessment; finalLevel follows. */
export function confirmAssessmentLowering(assessment: RiskAssessment, managerId: string, at: Date, note?: string): RiskAssessment {
  if (!assessment.override) throw new RiskRuleError('This assessment has no change of level to confirm.');
  return withOverride(assessment, confirmLowering(assessment.override, managerId, at, note));
}

/** A manager refuses the pending lowering; the assessment stays high. */
export function rejectAssessmentLowering(assessment: RiskAssessment, managerId: string, at: Date, note?: string): RiskAssessment {
  if (!assessment.override) throw new RiskRuleError('This assessment has no change of level to reject.');
  return withOverride(assessment, rejectLowering(assessment.override, managerId, at, note));
}

export type RiskTrend = 'up' | 'down' | 'same' | 'first';

/** Compares the latest assessment with the one before it (by assessedAt). */
export function riskTrend(history: ReadonlyArray<Pick<RiskAssessment, 'assessedAt' | 'finalLevel'>>): RiskTrend {
  if (history.length < 2) return 'first';
  const ordered = [...history].sort((a, b) => a.assessedAt.getTime() - b.assessedAt.getTime());
  const latest = riskRank(ordered[ordered.length - 1].finalLevel);
  const previous = riskRank(ordered[ordered.length - 2].finalLevel);
  return latest > previous ? 'up' : latest < previous ? 'down' : 'same';
}

/** The latest assessment by assessedAt, if any. */
export function currentAssessment<T extends Pick<RiskAssessment, 'assessedAt'>>(history: readonly T[]): T | undefined {
  return history.reduce<T | undefined>((latest, a) => (!latest || a.assessedAt > latest.assessedAt ? a : latest), undefined);
}

export interface RiskConsequences {
  notifyManager: boolean;
  referToVictimsMeeting: boolean;
  flagForTargetGroup: boolean;
  /** Reassess after each new incident (high risk only). */
  reassessAfterIncident: boolean;
}

/** What a level sets in motion. High: tell the manager now, refer to the victims' meeting, flag for the target group. */
export function consequencesOf(level: RiskLevel): RiskConsequences {
  const high = level === 'high';
  return { notifyManager: high, referToVictimsMeeting: high, flagForTargetGroup: high, reassessAfterIncident: high };
}
