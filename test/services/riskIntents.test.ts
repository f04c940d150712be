/**
 * A risk result and its follow-ups (audit, the case's level, the victims' meeting referral, the visit and review
 * reminders, the managers' notices) converge after a failure at any step, like every multi-step action: the
 * same documents as an uninterrupted run, finished by a retry with the same form or by the sweep.
 */
import { describe, expect, it } from '@jest/globals';
import { defaultQuestionSet } from '../../src/domain/risk/defaultQuestionSet.js';
import type { RiskAnswers } from '../../src/domain/risk/scoring.js';
import type { Officer } from '../../src/services/caseFile.js';
import type { Assistant } from '../../src/startup.js';
import { describeConvergence, type Opened, type Scenario } from '../support/convergence.js';
import { FAULT_TENANT, faultCaseDraft, faultIncident, faultOfficer, startWithFaults } from '../support/faults.js';

const officer = faultOfficer;
const MANAGER_ID = 'aad-manager-1';
const manager: Officer = { tenantId: FAULT_TENANT, id: MANAGER_ID, name: 'Mina Manager', teamId: FAULT_TENANT, roles: ['officer', 'manager'] };
const env = { MANAGER_IDS: MANAGER_ID };

/** Every question answered calmly, except one that makes the result high whatever the score. */
function threat(): RiskAnswers {
  return Object.fromEntries(
    defaultQuestionSet.questions.map((q) => {
      const high = q.answers.find((a) => a.automaticHigh);
      return [q.id, (high ?? [...q.answers].sort((a, b) => a.weight - b.weight)[0]!).id];
    }),
  );
}

async function openCase(a: Assistant): Promise<Opened> {
  const opened = (await a.deps.caseFile.openCase(faultCaseDraft, faultIncident(20), officer, 'open-1')).case;
  return { caseId: opened.id, victimId: opened.victims[0]!.id, perpetratorId: opened.perpetrators[0]!.id };
}

async function assessHigh(a: Assistant, opened: Opened): Promise<unknown> {
  const result = await a.deps.risk.assess(opened.caseId, opened.victimId, threat(), officer, 'assessment-1');
  if (!result.ok) throw new Error(`not assessed: ${result.kind}`);
  return result;
}

const askToLower = async (a: Assistant, { caseId }: Opened) => {
  const result = await a.deps.risk.override(caseId, 'assessment-1', 'medium', 'The threat was withdrawn.', officer, 'override-form-1');
  if (!result.ok) throw new Error(`not changed: ${result.kind}`);
  return result;
};

const outboxIds = (state: Record<string, Array<Record<string, unknown>>>) => state.outbox!.map((m) => String(m._id)).sort();
const riskAudit = (state: Record<string, Array<Record<string, unknown>>>) => state.audit!.filter((e) => e.entity === 'risk-assessment');
const followUpSteps = ['audit', 'case-level', 'referral', 'follow-ups'];

const scenarios: Record<string, Scenario> = {
  'a high risk result (the assessment, audit, case level, victims’ meeting referral, visit reminder, managers told)': {
    kind: 'risk.assess',
    steps: ['assessment', ...followUpSteps],
    env,
    setup: openCase,
    act: assessHigh,
    complete: (state) => {
      expect(state.riskAssessments).toHaveLength(1);
      expect(state.cases![0]!.riskLevel).toBe('high');
      expect(state.victimsMeetingReferrals!.map((r) => r.status)).toEqual(['to-do']);
      expect(state.reminders!.map((r) => r.kind)).toContain('first-visit');
      expect(outboxIds(state)).toContain(`high-risk:assessment-1:${MANAGER_ID}`);
      expect(riskAudit(state)).toHaveLength(1);
    },
  },
  'asking to lower a high result (saved waiting for a manager, audited, the managers asked)': {
    kind: 'risk.override',
    steps: ['override', ...followUpSteps, 'lowering-request'],
    env,
    setup: async (a) => {
      const opened = await openCase(a);
      await assessHigh(a, opened);
      return opened;
    },
    act: askToLower,
    complete: (state) => {
      expect(state.riskAssessments![0]!.override).toMatchObject({ status: 'pending-manager', requestedLevel: 'medium' });
      expect(state.cases![0]!.riskLevel).toBe('high');
      expect(outboxIds(state)).toContain(`risk-lowering:assessment-1:${MANAGER_ID}`);
      expect(riskAudit(state)).toHaveLength(2);
    },
  },
  'a manager confirms the lowering (decided, audited, the case level and visit reminder moved)': {
    kind: 'risk.decide',
    steps: ['decision', ...followUpSteps],
    env,
    setup: async (a) => {
      const opened = await openCase(a);
      await assessHigh(a, opened);
      await askToLower(a, opened);
      return opened;
    },
    act: async (a, { caseId }) => {
      const result = await a.deps.risk.decideLowering(caseId, 'assessment-1', { confirm: true, note: 'Agreed.' }, manager);
      if (!result.ok) throw new Error(`not decided: ${result.kind}`);
      return result;
    },
    complete: (state) => {
      expect(state.riskAssessments![0]).toMatchObject({ finalLevel: 'medium', override: { status: 'applied' } });
      expect(state.cases![0]!.riskLevel).toBe('medium');
      expect(riskAudit(state)).toHaveLength(3);
    },
  },
};

describeConvergence(scenarios);

describe('assessment ids are scoped to their case', () => {
  it('refuses an assessment id already used on another case, and never returns that case’s result', async () => {
    const { assistant } = await startWithFaults(env);
    try {
      const first = await openCase(assistant);
      const other = (await assistant.deps.caseFile.openCase(faultCaseDraft, undefined, officer, 'open-2')).case;
      await assessHigh(assistant, first);
      const reused = await assistant.deps.risk.assess(other.id, other.victims[0]!.id, threat(), officer, 'assessment-1');
      expect(reused).toEqual({ ok: false, kind: 'rule', message: expect.stringContaining('already used for another case') });
      const stored = await assistant.deps.db.collection('riskAssessments').find({}).toArray();
      expect(stored.map((a) => a.caseId)).toEqual([first.caseId]);
      expect((await assistant.deps.db.collection('cases').findOne({ _id: other.id as never }))?.riskLevel).toBeUndefined();
      expect(await assistant.deps.intents.unfinished()).toBe(0);
    } finally {
      await assistant.stop();
    }
  }, 30_000);
});
