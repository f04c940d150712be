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
import { newId } from '../domain/cases/ids.js';
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
import { StepRefused, type IntentKind, type IntentStep, type Intents } from './intents.js';

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
  /** Each saved result and its follow-ups are one resumable intent (see services/intents.ts). */
  intents: Intents;
}

/**
 * A saved risk result and what follows from it (audit, the case's level, the victims' meeting referral, the
 * reminders and the managers' notices), as one resumable intent. `attempt` tells this request from another
 * that reached the same key first.
 */
interface RiskChangeIntent {
  key: string;
  attempt: string;
  caseId: string;
  reference: string;
  assessment: RiskAssessment;
  /** The assessment as read before an override or a decision (absent for a new assessment). */
  read?: RiskAssessment;
  action: AuditAction;
  changedFields: string[];
  officer: Officer;
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
  private assessing!: IntentKind<RiskChangeIntent>;
  private overriding!: IntentKind<RiskChangeIntent>;
  private deciding!: IntentKind<RiskChangeIntent>;

  constructor(private readonly deps: RiskServiceDeps) {
    this.defineKinds();
  }

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
    // The form's id is scoped to its case: the same id sent for another case is a different intent (and refused).
    const key = `${caseId}:${assessmentId}`;
    return this.change(this.assessing, key, officer, () => {
      const assessment = assessRisk(
        { id: assessmentId, caseId, victimId, assessedBy: officer.id, assessedAt: this.deps.clock.now(), answers },
        this.deps.questionSet,
      );
      return { caseId, reference: found.value.reference, assessment, action: 'create', changedFields: changedFieldNames({}, assessment) };
    });
  }

  /**
   * The officer changes the computed level, with a reason. Lowering a high result waits for a manager, so
   * the level stays high until then (the result's assessment.override.status says 'pending-manager').
   */
  async override(caseId: string, assessmentId: string, level: RiskLevel, reason: string, officer: Officer, submitKey: string = newId()): Promise<RiskOutcome<AssessmentResult>> {
    const found = await this.caseToAssess(caseId, officer);
    if (!found.ok) return found;
    const key = `${caseId}:${assessmentId}:${submitKey}`;
    // The same form again (a double click, a retry after an interruption) finishes and shows the first change.
    const again = await this.resumed(this.overriding, key, officer);
    if (again) return again;
    const existing = await this.deps.assessments.get(assessmentId);
    if (!existing || existing.caseId !== caseId) return refused({ kind: 'not-found' });
    let changed: RiskAssessment;
    try {
      changed = overrideAssessment(existing, level, reason, officer.id, this.deps.clock.now());
    } catch (error) {
      if (error instanceof RiskRuleError) return refused({ kind: 'rule', message: error.message });
      throw error;
    }
    return this.change(this.overriding, key, officer, () => ({
      caseId, reference: found.value.reference, assessment: changed, read: existing, action: 'update', changedFields: changedFieldNames(existing, changed),
    }));
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
    const requested = hasRole(manager, 'manager') ? await this.assessment(caseId, assessmentId, manager) : undefined;
    // A request is decided once: its request time and the choice key the decision, so the same press again (a
    // double click, a retry after an interruption) finishes and shows it, and the other choice is refused.
    const keyOf = (requestedAt: Date) => `${caseId}:${assessmentId}:${requestedAt.getTime()}:${decision.confirm ? 'confirm' : 'keep-high'}`;
    const key = requested?.ok && requested.value.assessment.override ? keyOf(requested.value.assessment.override.requestedAt) : undefined;
    const again = key ? await this.resumed(this.deciding, key, manager) : undefined;
    if (again) return again;
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
    return this.change(this.deciding, keyOf(existing.override!.requestedAt), manager, () => ({
      caseId, reference: current.reference, assessment: decided, read: existing, action: 'update', changedFields: changedFieldNames(existing, decided),
    }));
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

  /**
   * Runs a risk change as a resumable intent and answers with its result. Refused when another request reached
   * the same key first (two managers deciding at once) or when its first step refused.
   */
  private async change(
    kind: IntentKind<RiskChangeIntent>, key: string, officer: Officer, make: () => Omit<RiskChangeIntent, 'key' | 'attempt' | 'officer'>,
  ): Promise<RiskOutcome<AssessmentResult>> {
    const attempt = newId();
    let ran: { payload: RiskChangeIntent; first: boolean };
    try {
      ran = await this.deps.intents.run(kind, key, () => ({ key, attempt, officer, ...make() }));
    } catch (error) {
      if (error instanceof StepRefused) return refused(error.refusal as RiskRefusal);
      throw error;
    }
    const { payload, first } = ran;
    if (payload.attempt !== attempt && payload.officer.id !== officer.id) {
      const latest = await this.deps.assessments.get(payload.assessment.id);
      return refused({ kind: 'rule', message: latest ? alreadyDecided(latest) : 'Someone changed this risk result while you were working on it.' });
    }
    return this.resultOf(payload, first);
  }

  /** The result of an earlier request under this key by the same person, finished first if it was interrupted. */
  private async resumed(kind: IntentKind<RiskChangeIntent>, key: string, officer: Officer): Promise<RiskOutcome<AssessmentResult> | undefined> {
    const payload = await this.deps.intents.resume(kind, key);
    if (!payload || payload.officer.id !== officer.id) return undefined;
    return this.resultOf(payload, false);
  }

  private async resultOf(payload: RiskChangeIntent, created: boolean): Promise<RiskOutcome<AssessmentResult>> {
    const result = await this.result(payload.caseId, payload.assessment.id, created);
    return result ? { ok: true, value: result } : refused({ kind: 'not-found' });
  }

  /** The steps of every risk change after its first: each idempotent, so a retry or the sweep may run it again. */
  private followUpSteps(kind: string): IntentStep<RiskChangeIntent>[] {
    return [
      {
        name: 'audit',
        run: ({ officer, action, assessment, reference, changedFields, key }) => this.audit(officer, action, assessment.id, reference, changedFields, `${kind}:${key}`),
      },
      { name: 'case-level', run: ({ caseId }) => this.updateCaseLevel(caseId) },
      { name: 'referral', run: ({ assessment }) => this.addReferralIfDue(assessment) },
      {
        name: 'follow-ups',
        run: async ({ caseId, assessment }) => {
          const result = await this.result(caseId, assessment.id, true);
          if (result) await this.deps.onAssessed?.(result);
        },
      },
    ];
  }

  private defineKinds(): void {
    const kind = (name: string, save: IntentStep<RiskChangeIntent>, ...after: IntentStep<RiskChangeIntent>[]) =>
      this.deps.intents.define<RiskChangeIntent>(name, [save, ...this.followUpSteps(name), ...after]);
    this.assessing = kind('risk.assess', { name: 'assessment', run: (intent) => this.saveAssessment(intent) });
    this.overriding = kind(
      'risk.override',
      { name: 'override', run: (intent) => this.saveChange(intent, (value, read) => this.deps.assessments.saveOverride(value, read)) },
      {
        name: 'lowering-request',
        run: async ({ caseId, assessment, officer }) => {
          if (assessment.override?.status !== 'pending-manager') return;
          const current = await this.deps.cases.get(caseId);
          if (current) await this.deps.onLoweringRequested?.({ case: current, assessment, requestedBy: officer });
        },
      },
    );
    this.deciding = kind('risk.decide', { name: 'decision', run: (intent) => this.saveChange(intent, (value) => this.deps.assessments.saveDecision(value)) });
  }

  /** Stores a new assessment; an id already used on another case is refused, never answered with that case's record. */
  private async saveAssessment({ assessment, caseId }: RiskChangeIntent): Promise<void> {
    const stored = await this.deps.assessments.insert(assessment);
    if (stored.assessment.caseId !== caseId) {
      throw new StepRefused<RiskRefusal>({ kind: 'rule', message: 'This form was already used for another case. Open the risk assessment again from this case.' });
    }
  }

  /** Saves an override or decision made from `read`, unless this very change is already saved (a resumed intent). */
  private async saveChange({ assessment, read }: RiskChangeIntent, save: (value: RiskAssessment, read: RiskAssessment) => Promise<boolean>): Promise<void> {
    if (await save(assessment, read!)) return;
    const stored = await this.deps.assessments.get(assessment.id);
    if (stored && sameChange(stored, assessment)) return;
    throw new StepRefused<RiskRefusal>({
      kind: 'rule',
      message: stored?.override?.status === 'pending-manager' || !read?.override
        ? 'Someone changed this risk result while you were working on it, so your change was not saved. Open the case to see it now.'
        : alreadyDecided(stored ?? read),
    });
  }

  /** Everything the result card shows, read afresh; undefined if the case or the assessment has gone. */
  private async result(caseId: string, assessmentId: string, created: boolean): Promise<AssessmentResult | undefined> {
    const [current, history, referrals] = await Promise.all([this.deps.cases.get(caseId), this.deps.assessments.historyForCase(caseId), this.deps.referrals.forCase(caseId)]);
    const assessment = history.find((a) => a.id === assessmentId);
    if (!current || !assessment) return undefined;
    const victimHistory = history.filter((a) => a.victimId === assessment.victimId);
    const rules = this.deps.rules ?? defaultDeadlineRules;
    const latest = currentAssessment(victimHistory) ?? assessment;
    const referral = referrals.find((r) => r.victimId === assessment.victimId);
    return {
      case: current,
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

  /** Sets the case's level from each victim's latest assessment. */
  private async updateCaseLevel(caseId: string): Promise<void> {
    const [current, history] = await Promise.all([this.deps.cases.get(caseId), this.deps.assessments.historyForCase(caseId)]);
    const level = caseLevelFrom(history);
    if (current && level) await this.saveCaseLevel(current, level);
  }

  /**
   * Adds a referral step when a high result calls for it: one per spell of high risk, so reassessing a victim
   * who stays high does not ask for another, but becoming high again does.
   */
  private async addReferralIfDue(assessment: RiskAssessment): Promise<void> {
    if (!consequencesOf(assessment.finalLevel).referToVictimsMeeting) return;
    const [history, referrals] = await Promise.all([this.deps.assessments.historyForCase(assessment.caseId), this.deps.referrals.forCase(assessment.caseId)]);
    const victimHistory = history.filter((a) => a.victimId === assessment.victimId);
    if ((currentAssessment(victimHistory) ?? assessment).id !== assessment.id) return;
    const steps = referrals.filter((r) => r.victimId === assessment.victimId);
    const previous = victimHistory.find((a) => a.id !== assessment.id && a.assessedAt <= assessment.assessedAt);
    const open = steps.some((r) => r.status === 'to-do');
    const sameSpell = steps.length > 0 && previous?.finalLevel === 'high';
    if (open || sameSpell) return;
    await this.deps.referrals.add(referralStep(assessment), this.deps.clock.now());
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

  private async audit(officer: Officer, action: AuditAction, entityId: string, caseReference: string, changedFields: string[], key?: string): Promise<void> {
    await this.deps.audit.record({ at: this.deps.clock.now(), actorId: officer.id, actorName: officer.name, action, entity: 'risk-assessment', entityId, caseReference, changedFields, teamId: officer.teamId }, key);
  }
}

/** The same override or decision (an earlier run of the same intent saved it). */
function sameChange(stored: RiskAssessment, change: RiskAssessment): boolean {
  const [a, b] = [stored.override, change.override];
  return !!a && !!b && a.status === b.status && a.requestedAt.getTime() === b.requestedAt.getTime() && a.requestedBy === b.requestedBy && a.decidedAt?.getTime() === b.decidedAt?.getTime() && stored.finalLevel === change.finalLevel;
}

function alreadyDecided(assessment: RiskAssessment): string {
  const change = assessment.override;
  if (change?.status === 'applied') return `This has already been decided: the risk was lowered to ${change.requestedLevel}.`;
  if (change?.status === 'rejected') return `This has already been decided: the risk stays ${change.computedLevel}.`;
  return 'This request is no longer waiting for a manager.';
}
