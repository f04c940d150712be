/**
 * Victim risk assessments: what an officer does (assess a victim, change the computed level), with the
 * access check, the case's current level kept up to date, and an audit entry. Knows nothing about Teams.
 */
import type { AuditLog } from '../db/audit.js';
import { CaseVersionConflict, type CaseRepository } from '../db/cases.js';
import type { RiskAssessmentRepository } from '../db/riskAssessments.js';
import type { StoredReferral, VictimsMeetingReferralRepository } from '../db/victimsMeetingReferrals.js';
import type { LocalDate } from '../domain/calendar/localDate.js';
import type { WorkingCalendar } from '../domain/calendar/workingCalendar.js';
import type { Clock } from '../domain/clock.js';
import { hasRole, mayCase } from '../domain/access/index.js';
import { changedFieldNames, type AuditAction } from '../domain/cases/audit.js';
import { touchCase, type Case } from '../domain/cases/case.js';
import { defaultDeadlineRules, type DeadlineRules } from '../domain/deadlines/deadlineRules.js';
import { firstVisitDeadline } from '../domain/deadlines/deadlineDates.js';
import type { QuestionSet } from '../domain/risk/questionSet.js';
import type { RiskAnswers } from '../domain/risk/scoring.js';
import { RiskRuleError } from '../domain/risk/override.js';
import {
  assessRisk, confirmAssessmentLowering, consequencesOf, currentAssessment, overrideAssessment, rejectAssessmentLowering, riskTrend,
  type RiskAssessment, type RiskConsequences, type RiskTrend,
} from '../domain/risk/riskAssessment.js';
import { recordReferral, referralStep, type VictimsMeetingReferral } from '../domain/risk/victimsMeetingReferral.js';
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
  /** The victims' meeting referral steps that high-risk results add. */
  referrals: VictimsMeetingReferralRepository;
  /** Called after every saved assessment or level change (reminders, manager notice). */
  onAssessed?: (result: AssessmentResult) => Promise<void>;
  /** Called when an officer asks to lower a high result, so the managers can confirm or refuse it. */
  onLoweringRequested?: (request: LoweringRequest) => Promise<void>;
}

/** What the officer records about the victims' meeting referral (who recorded it is the officer acting). */
export type ReferralChoice = { referred: true; referredOn: LocalDate; meeting: string } | { referred: false; reason: string };

export interface LoweringRequest {
  case: Case;
  assessment: RiskAssessment;
  requestedBy: Officer;
}

/** Where each victim's risk stands on a case: their latest assessment and their latest referral step. */
export interface VictimRiskSteps {
  victimId: string;
  victimName: string;
  assessment: RiskAssessment;
  referral?: StoredReferral;
}

export type RiskRefusal =
  | Exclude<Refusal, { kind: 'conflict' } | { kind: 'status' }>
  | { kind: 'closed' }
  | { kind: 'unknown-victim' }
  /** Only a manager may confirm or refuse lowering a high result. */
  | { kind: 'not-manager' }
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
  /** The victim's latest victims' meeting referral step, if a high result has ever started one. */
  referral?: StoredReferral;
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
    if (!mayCase(officer, 'view', found)) return refused({ kind: 'not-found' });
    if (!mayCase(officer, 'edit', found)) return refused({ kind: 'no-edit' });
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
    if (!(await this.deps.assessments.saveOverride(changed, existing))) {
      return refused({ kind: 'rule', message: 'Someone changed this risk result while you were working on it, so your change was not saved. Open the case to see it now.' });
    }
    await this.audit(officer, 'update', changed.id, found.value.reference, changedFieldNames(existing, changed));
    const result = await this.afterChange(found.value, changed, true);
    if (changed.override?.status === 'pending-manager') await this.deps.onLoweringRequested?.({ case: result.case, assessment: changed, requestedBy: officer });
    return this.followedUp(result);
  }

  /**
   * A manager confirms (the lower level comes into force, and the case level and reminders follow) or refuses
   * (the level stays high) an officer's request to lower a high result. Decided once: a second decision is refused.
   */
  async decideLowering(
    caseId: string,
    assessmentId: string,
    decision: { confirm: boolean; note?: string },
    manager: Officer,
  ): Promise<RiskOutcome<AssessmentResult>> {
    const found = await this.loweringToDecide(caseId, assessmentId, manager);
    if (!found.ok) return found;
    const { case: current, assessment: existing } = found.value;
    let decided: RiskAssessment;
    try {
      const now = this.deps.clock.now();
      decided = decision.confirm
        ? confirmAssessmentLowering(existing, manager.id, now, decision.note)
        : rejectAssessmentLowering(existing, manager.id, now, decision.note);
    } catch (error) {
      if (error instanceof RiskRuleError) return refused({ kind: 'rule', message: error.message });
      throw error;
    }
    if (!(await this.deps.assessments.saveDecision(decided))) {
      const latest = await this.deps.assessments.get(assessmentId);
      return refused({ kind: 'rule', message: latest ? alreadyDecided(latest) : 'This request is no longer waiting for a manager.' });
    }
    await this.audit(manager, 'update', decided.id, current.reference, changedFieldNames(existing, decided));
    return this.followedUp(await this.afterChange(current, decided, true));
  }

  /** A lowering from high still waiting for a manager, if this person is a manager who may change the case. */
  async loweringToDecide(caseId: string, assessmentId: string, manager: Officer): Promise<RiskOutcome<{ case: Case; assessment: RiskAssessment }>> {
    if (!hasRole(manager, 'manager')) return refused({ kind: 'not-manager' });
    const found = await this.assessment(caseId, assessmentId, manager);
    if (!found.ok) return found;
    const { override } = found.value.assessment;
    if (!override) return refused({ kind: 'not-found' });
    if (override.status !== 'pending-manager') return refused({ kind: 'rule', message: alreadyDecided(found.value.assessment) });
    return found;
  }

  /** The referral step of an assessment, to record it (so the officer must be able to change the case). */
  async referral(caseId: string, assessmentId: string, officer: Officer): Promise<RiskOutcome<{ case: Case; referral: StoredReferral }>> {
    const found = await this.caseToAssess(caseId, officer);
    if (!found.ok) return found;
    const referral = await this.deps.referrals.get(assessmentId);
    if (!referral || referral.caseId !== caseId) return refused({ kind: 'not-found' });
    return { ok: true, value: { case: found.value, referral } };
  }

  /** Records the victims' meeting referral as referred (date, meeting) or declined (reason), once. */
  async recordReferral(caseId: string, assessmentId: string, decision: ReferralChoice, officer: Officer): Promise<RiskOutcome<{ case: Case; referral: StoredReferral }>> {
    const found = await this.referral(caseId, assessmentId, officer);
    if (!found.ok) return found;
    const now = this.deps.clock.now();
    let recorded: VictimsMeetingReferral;
    try {
      recorded = recordReferral(found.value.referral, { ...decision, recordedBy: officer.id });
    } catch (error) {
      if (error instanceof RiskRuleError) return refused({ kind: 'rule', message: error.message });
      throw error;
    }
    if (!(await this.deps.referrals.record(recorded, now))) {
      return refused({ kind: 'rule', message: "The referral to the victims' meeting has already been recorded." });
    }
    const fields = Object.keys(recorded).filter((key) => !['assessmentId', 'caseId', 'victimId'].includes(key)).map((key) => `victimsMeetingReferral.${key}`);
    await this.audit(officer, 'update', assessmentId, found.value.case.reference, fields);
    return { ok: true, value: { case: found.value.case, referral: { ...recorded, addedAt: found.value.referral.addedAt, recordedAt: now } } };
  }

  /** Each assessed victim's latest assessment and referral step, for the case card (`history`: the case's assessments, if already being read). */
  async caseRiskSteps(current: Case, history?: Promise<RiskAssessment[]>): Promise<VictimRiskSteps[]> {
    const [assessments, referrals] = await Promise.all([history ?? this.deps.assessments.historyForCase(current.id), this.deps.referrals.forCase(current.id)]);
    return current.victims.flatMap((victim) => {
      const assessment = currentAssessment(assessments.filter((a) => a.victimId === victim.id));
      if (!assessment) return [];
      const referral = referrals.find((r) => r.victimId === victim.id);
      return [{ victimId: victim.id, victimName: victim.name, assessment, ...(referral ? { referral } : {}) }];
    });
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
    const referral = await this.referralFor(assessment, latest, victimHistory);
    return {
      case: saved,
      assessment,
      victimHistory,
      trend: riskTrend(victimHistory),
      firstVisitDue: firstVisitDeadline(assessment.finalLevel, assessment.assessedAt, this.deps.calendar, rules),
      firstVisitWithinWorkingDays: rules.firstVisitWithinWorkingDays[assessment.finalLevel],
      consequences: consequencesOf(latest.finalLevel),
      ...(referral ? { referral } : {}),
      created,
    };
  }

  /**
   * The victim's latest referral step, adding one when a high result calls for it: one referral per spell of
   * high risk, so reassessing a victim who stays high does not ask for another, but becoming high again does.
   */
  private async referralFor(assessment: RiskAssessment, latest: RiskAssessment, victimHistory: RiskAssessment[]): Promise<StoredReferral | undefined> {
    const steps = (await this.deps.referrals.forCase(assessment.caseId)).filter((r) => r.victimId === assessment.victimId);
    if (latest.id !== assessment.id || !consequencesOf(assessment.finalLevel).referToVictimsMeeting) return steps[0];
    const previous = victimHistory.find((a) => a.id !== assessment.id && a.assessedAt <= assessment.assessedAt);
    const open = steps.some((r) => r.status === 'to-do');
    const sameSpell = steps.length > 0 && previous?.finalLevel === 'high';
    if (open || sameSpell) return steps[0];
    await this.deps.referrals.add(referralStep(assessment), this.deps.clock.now());
    return this.deps.referrals.get(assessment.id);
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
    await this.deps.audit.record({ at: this.deps.clock.now(), actorId: officer.id, actorName: officer.name, action, entity: 'risk-assessment', entityId, caseReference, changedFields, teamId: officer.teamId });
  }
}

function alreadyDecided(assessment: RiskAssessment): string {
  const change = assessment.override;
  if (change?.status === 'applied') return `This has already been decided: the risk was lowered to ${change.requestedLevel}.`;
  if (change?.status === 'rejected') return `This has already been decided: the risk stays ${change.computedLevel}.`;
  return 'This request is no longer waiting for a manager.';
}
