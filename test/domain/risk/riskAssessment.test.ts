import {
  assessRisk,
  confirmAssessmentLowering,
  overrideAssessment,
  recordReferral,
  referralStep,
  rejectAssessmentLowering,
  confirmLowering,
  consequencesOf,
  currentAssessment,
  defaultQuestionSet,
  riskAssessmentSchema,
  riskTrend,
  RiskRuleError,
  type RiskAnswers,
} from '../../../src/domain/risk/index.js';

const calm: RiskAnswers = Object.fromEntries(defaultQuestionSet.questions.map((q) => [q.id, q.answers[0].id]));
const base = { id: 'ra-1', caseId: 'case-1', victimId: 'victim-1', assessedBy: 'officer-1', assessedAt: new Date('2026-12-23T10:00:00Z') };

describe('assessRisk builds the record to keep', () => {
  test('computed level without override', () => {
    const a = assessRisk({ ...base, answers: { ...calm, 'threat-to-life': 'yes' } }, defaultQuestionSet);
    expect(a).toMatchObject({ score: 10, computedLevel: 'high', finalLevel: 'high', questionSetVersion: 1 });
    expect(a.override).toBeUndefined();
    expect(a.automaticHighReasons).toHaveLength(1);
    expect(riskAssessmentSchema.parse(JSON.parse(JSON.stringify(a)))).toEqual(a);
  });

  test('raising override applies; lowering high is pending and final stays high until confirmed', () => {
    const raised = assessRisk({ ...base, answers: calm, override: { level: 'medium', reason: 'Victim very frightened' } }, defaultQuestionSet);
    expect(raised).toMatchObject({ computedLevel: 'standard', finalLevel: 'medium' });

    const lowered = assessRisk(
      { ...base, answers: { ...calm, 'self-harm': 'yes' }, override: { level: 'medium', reason: 'Has support from GP' } },
      defaultQuestionSet,
    );
    expect(lowered.finalLevel).toBe('high');
    expect(lowered.override?.status).toBe('pending-manager');
    const confirmed = confirmLowering(lowered.override!, 'manager-1', new Date('2026-12-23T12:00:00Z'));
    expect(confirmed.level).toBe('medium');
  });

  test('an override without a reason is refused', () => {
    expect(() => assessRisk({ ...base, answers: calm, override: { level: 'high', reason: '' } }, defaultQuestionSet)).toThrow(/reason/);
  });

  test('every question is required', () => {
    const { hate: _hate, ...missing } = calm;
    expect(() => assessRisk({ ...base, answers: missing }, defaultQuestionSet)).toThrow(RiskRuleError);
    expect(() => assessRisk({ ...base, answers: missing }, defaultQuestionSet)).toThrow(/"hate" is not answered/);
    expect(() => assessRisk({ ...base, answers: { ...calm, age: '42' } }, defaultQuestionSet)).toThrow(/"age" has an unknown answer "42"/);
  });
});

describe('trend and current level', () => {
  const at = (day: number) => new Date(Date.UTC(2026, 11, day, 10));
  test('first, up, down, same — ordered by time, not by list position', () => {
    expect(riskTrend([])).toBe('first');
    expect(riskTrend([{ assessedAt: at(1), finalLevel: 'medium' }])).toBe('first');
    expect(riskTrend([{ assessedAt: at(10), finalLevel: 'high' }, { assessedAt: at(1), finalLevel: 'medium' }])).toBe('up');
    expect(riskTrend([{ assessedAt: at(1), finalLevel: 'high' }, { assessedAt: at(10), finalLevel: 'standard' }])).toBe('down');
    expect(
      riskTrend([
        { assessedAt: at(1), finalLevel: 'standard' },
        { assessedAt: at(5), finalLevel: 'medium' },
        { assessedAt: at(9), finalLevel: 'medium' },
      ]),
    ).toBe('same');
  });

  test('currentAssessment is the latest', () => {
    const list = [{ id: 'a', assessedAt: at(3) }, { id: 'b', assessedAt: at(9) }, { id: 'c', assessedAt: at(5) }];
    expect(currentAssessment(list)?.id).toBe('b');
    expect(currentAssessment([])).toBeUndefined();
  });
});

test('consequences of each level', () => {
  expect(consequencesOf('high')).toEqual({ notifyManager: true, referToVictimsMeeting: true, flagForTargetGroup: true, reassessAfterIncident: true });
  for (const level of ['medium', 'standard'] as const) {
    expect(consequencesOf(level)).toEqual({ notifyManager: false, referToVictimsMeeting: false, flagForTargetGroup: false, reassessAfterIncident: false });
  }
});

describe('changing the level of a saved assessment', () => {
  const high = assessRisk({ ...base, answers: { ...calm, 'threat-to-life': 'yes' } }, defaultQuestionSet);
  const at = new Date('2026-12-24T09:00:00Z');

  test('lowering waits for a manager, then finalLevel follows the decision', () => {
    const pending = overrideAssessment(high, 'medium', 'Threat withdrawn; perpetrator arrested', 'officer-1', at);
    expect(pending.finalLevel).toBe('high');
    expect(() => overrideAssessment(pending, 'standard', 'again', 'officer-1', at)).toThrow(/already waiting/);
    expect(confirmAssessmentLowering(pending, 'manager-1', at).finalLevel).toBe('medium');
    const rejected = rejectAssessmentLowering(pending, 'manager-1', at, 'Keep high until the hearing');
    expect(rejected.finalLevel).toBe('high');
    expect(rejected.override?.status).toBe('rejected');
    expect(() => confirmAssessmentLowering(high, 'manager-1', at)).toThrow(/no change of level/);
  });

  test("a manager's decision stands: lowering the same assessment again needs a reassessment", () => {
    const pending = overrideAssessment(high, 'medium', 'Threat withdrawn', 'officer-1', at);
    const rejected = rejectAssessmentLowering(pending, 'manager-1', at);
    expect(() => overrideAssessment(rejected, 'standard', 'Still think so', 'officer-1', at)).toThrow(/reassess the victim/);
    const confirmed = confirmAssessmentLowering(pending, 'manager-1', at, 'Agreed');
    expect(confirmed.override?.decisionNote).toBe('Agreed');
    expect(() => overrideAssessment(confirmed, 'standard', 'Lower still', 'officer-1', at)).toThrow(/reassess the victim/);
  });
});

describe("the victims' meeting referral step", () => {
  const step = referralStep({ id: 'ra-1', caseId: 'case-1', victimId: 'victim-1' });

  test('referred needs a date and a meeting', () => {
    expect(recordReferral(step, { referred: true, referredOn: '2026-12-24', meeting: 'Vulnerable Victims Conference', recordedBy: 'officer-1' })).toEqual({
      status: 'referred',
      assessmentId: 'ra-1',
      caseId: 'case-1',
      victimId: 'victim-1',
      referredOn: '2026-12-24',
      meeting: 'Vulnerable Victims Conference',
      recordedBy: 'officer-1',
    });
    expect(() => recordReferral(step, { referred: true, referredOn: '24/12/2026', meeting: '', recordedBy: 'officer-1' })).toThrow(
      /give the date referred and the meeting \(check: referredOn, meeting\)/,
    );
  });

  test('declined needs a reason; recorded once only', () => {
    const declined = recordReferral(step, { referred: false, reason: 'Victim does not consent to sharing', recordedBy: 'officer-1' });
    expect(declined.status).toBe('declined');
    expect(() => recordReferral(step, { referred: false, reason: ' ', recordedBy: 'officer-1' })).toThrow(/give the reason/);
    expect(() => recordReferral(declined, { referred: false, reason: 'x', recordedBy: 'officer-1' })).toThrow(/already been recorded/);
  });
});
