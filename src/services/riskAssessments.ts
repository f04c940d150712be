/**
 * Victim risk assessments: what an officer does (assess a victim, change the computed level), with the
 * access check, the case's current level kept up to date, and an audit entry. Knows nothing about Teams.
 */
import type { AuditLog } from '../db/audit.js';
import { CaseVersionConflict, type CaseRepository } from '../db/cases.js';
import type { RiskAssessmentRepository } from '../db/riskAssessments.js';
import type { LocalDate } from '../domain/calendar/localDate.js';
import type { WorkingCalendar } from '../domain/calendar/workingCalendar.js';
import type { Clock } from '../domain/clock.js';
import { canAccessCase, canEditCase } from '../domain/cases/access.js';
import { changedFieldNames, type AuditAction } from '../domain/cases/audit.js';
import { touchCase, type Case } from '../domain/cases/case.js';
import { defaultDeadlineRules, type DeadlineRules } from '../domain/deadlines/deadlineRules.js';
import { firstVisitDeadline } from '../domain/deadlines/deadlineDates.js';
import type { QuestionSet } from '../domain/risk/questionSet.js';
import type { RiskAnswers } from '../domain/risk/scoring.js';
import { RiskRuleError } from '../domain/risk/override.js';
import {
  assessRisk, consequencesOf, currentAssessment, overrideAssessment, riskTrend,
  type RiskAssessment, type RiskConsequences, type RiskTrend,
} from '../domain/risk/riskAssessment.js';
import { riskRank, type RiskLevel } from '../domain/riskLevel.js';
import type { Officer, Refusal } from './caseFile.js';

export interface RiskServiceDeps {
  cases: CaseRepository;
  assessments: RiskAssessmentRepository;
  audit: AuditLog;
  clock: Clock;
  questionSet: QuestionSet;
  calendar: WorkingCalendar;
  rules?: DeadlineRules;
  /** Called after every saved assessment or level change (reminders, manager notice). */
  onAssessed?: (result: AssessmentResult) => Promise<void>;
}

export type RiskRefusal =
  | Exclude<Refusal, { kind: 'conflict' } | { kind: 'status' }>
  | { kind: 'closed' }
  | { kind: 'unknown-victim' }
  /** A rule of the domain said no (missing reason, nothing to change...); the message is safe to show. */
  | { kind: 'rule'; message: string };

export type RiskOutcome<T> = { ok: true; value: T } | ({ ok: false } & RiskRefusal);

/** Everything the result card shows. */
export interface AssessmentResult {
  case: Case;
  assessment: RiskAssessment;
  /** The victim's assessments, newest first (this one included). */
  victimHistory: RiskAssessment[];
  trend: RiskTrend;
  firstVisitDue: LocalDate;
  firstVisitWithinWorkingDays: number;
  consequences: RiskConsequences;
  /** False when the same form was submitted twice and the first assessment is shown again. */
  created: boolean;
}

const refused = <T>(refusal: RiskRefusal): RiskOutcome<T> => ({ ok: false, ...refusal });

/** The case's level: the highest of each victim's latest assessment. */
export function caseLevelFrom(history: readonly RiskAssessment[]): RiskLevel | undefined {
  const latestByVictim = new Map<string, RiskAssessment>();
  for (const assessment of history) {
    const seen = latestByVictim.get(assessment.victimId);
    if (!seen || assessment.assessedAt > seen.assessedAt) latestByVictim.set(assessment.victimId, assessment);
  }
  let level: RiskLevel | undefined;
  for (const { finalLevel } of latestByVictim.values()) {
    if (!level || riskRank(finalLevel) > riskRank(level)) level = finalLevel;
  }
  return level;
}

export class RiskService {
  constructor(private readonly deps: RiskServiceDeps) {}

  get questionSet(): QuestionSet {
    return this.deps.questionSet;
  }

  /** The case to assess, if the officer may change it and it is not closed. */
  async caseToAssess(caseId: string, officer: Officer): Promise<RiskOutcome<Case>> {
    const found = await this.deps.cases.get(caseId);
    if (!found) return refused({ kind: 'not-found' });
    if (!canAccessCase(officer, found)) return refused({ kind: 'no-access' });
    if (!canEditCase(officer, found)) return refused({ kind: 'no-edit' });
    if (found.status === 'closed') return refused({ kind: 'closed' });
    return { ok: true, value: found };
  }

  /**
   * Scores a completed questionnaire for one victim, keeps it, and sets the case's level. The caller checks
   * every question is answered first (an incomplete form is a RiskRuleError here).
   */
  async assess(caseId: string, victimId: string, answers: RiskAnswers, officer: Officer, assessmentId: string): Promise<RiskOutcome<AssessmentResult>> {
    const found = await this.caseToAssess(caseId, officer);
    if (!found.ok) return found;
    if (!found.value.victims.some((v) => v.id === victimId)) return refused({ kind: 'unknown-victim' });
    const assessment = assessRisk(
      { id: assessmentId, caseId, victimId, assessedBy: officer.id, assessedAt: this.deps.clock.now(), answers },
      this.deps.questionSet,
    );
    const stored = await this.deps.assessments.insert(assessment);
    if (stored.created) await this.audit(officer, 'create', assessment.id, found.value.reference, changedFieldNames({}, assessment));
    return this.followedUp(await this.afterChange(found.value, stored.assessment, stored.created));
  }

  /**
   * The officer changes the computed level, with a reason. Lowering a high result waits for a manager, so
   * the level stays high until then (the result's assessment.override.status says 'pending-manager').
   */
  async override(caseId: string, assessmentId: string, level: RiskLevel, reason: string, officer: Officer): Promise<RiskOutcome<AssessmentResult>> {
    const found = await this.caseToAssess(caseId, officer);
    if (!found.ok) return found;
    const existing = await this.deps.assessments.get(assessmentId);
    if (!existing || existing.caseId !== caseId) return refused({ kind: 'not-found' });
    let changed: RiskAssessment;
    try {
      changed = overrideAssessment(existing, level, reason, officer.id, this.deps.clock.now());
    } catch (error) {
      if (error instanceof RiskRuleError) return refused({ kind: 'rule', message: error.message });
      throw error;
    }
    await this.deps.assessments.saveOverride(changed);
    await this.audit(officer, 'update', changed.id, found.value.reference, changedFieldNames(existing, changed));
    return this.followedUp(await this.afterChange(found.value, changed, true));
  }

  /** One assessment of the case, to change its level (so the officer must be able to change the case). */
  async assessment(caseId: string, assessmentId: string, officer: Officer): Promise<RiskOutcome<{ case: Case; assessment: RiskAssessment }>> {
    const found = await this.caseToAssess(caseId, officer);
    if (!found.ok) return found;
    const assessment = await this.deps.assessments.get(assessmentId);
    if (!assessment || assessment.caseId !== caseId) return refused({ kind: 'not-found' });
    return { ok: true, value: { case: found.value, assessment } };
  }

  private async followedUp(result: AssessmentResult): Promise<RiskOutcome<AssessmentResult>> {
    await this.deps.onAssessed?.(result);
    return { ok: true, value: result };
  }

  private async afterChange(current: Case, assessment: RiskAssessment, created: boolean): Promise<AssessmentResult> {
    const history = await this.deps.assessments.historyForCase(current.id);
    const level = caseLevelFrom(history) ?? assessment.finalLevel;
    const saved = await this.saveCaseLevel(current, level);
    const victimHistory = history.filter((a) => a.victimId === assessment.victimId);
    const rules = this.deps.rules ?? defaultDeadlineRules;
    const latest = currentAssessment(victimHistory) ?? assessment;
    return {
      case: saved,
      assessment,
      victimHistory,
      trend: riskTrend(victimHistory),
      firstVisitDue: firstVisitDeadline(assessment.finalLevel, assessment.assessedAt, this.deps.calendar, rules),
      firstVisitWithinWorkingDays: rules.firstVisitWithinWorkingDays[assessment.finalLevel],
      consequences: consequencesOf(latest.finalLevel),
      created,
    };
  }

  /** Writes the level onto the case (a new case version); retried once if someone saved the case in between. */
  private async saveCaseLevel(current: Case, level: RiskLevel): Promise<Case> {
    if (current.riskLevel === level) return current;
    const withLevel = (c: Case): Case => ({ ...touchCase(c, this.deps.clock.now()), riskLevel: level });
    try {
      return await this.deps.cases.save(withLevel(current));
    } catch (error) {
      if (!(error instanceof CaseVersionConflict)) throw error;
      if (error.current.riskLevel === level) return error.current;
      return this.deps.cases.save(withLevel(error.current));
    }
  }

  private async audit(officer: Officer, action: AuditAction, entityId: string, caseReference: string, changedFields: string[]): Promise<void> {
    await this.deps.audit.record({ at: this.deps.clock.now(), actorId: officer.id, actorName: officer.name, action, entity: 'risk-assessment', entityId, caseReference, changedFields });
  }
}
