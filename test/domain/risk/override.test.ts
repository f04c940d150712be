import { applyOverride, confirmLowering, rejectLowering, RiskRuleError } from '../../../src/domain/risk/index.js';

const at = new Date('2026-12-23T10:00:00Z');
const later = new Date('2026-12-23T15:00:00Z');

describe('changing the computed level', () => {
  test('a reason is mandatory', () => {
    expect(() => applyOverride('medium', 'high', '', 'officer-1', at)).toThrow(RiskRuleError);
    expect(() => applyOverride('medium', 'high', '   ', 'officer-1', at)).toThrow(/reason is needed/);
  });

  test('requesting the same level is refused', () => {
    expect(() => applyOverride('high', 'high', 'no change', 'officer-1', at)).toThrow(/already high/);
  });

  test('raising applies at once with the reason kept', () => {
    const r = applyOverride('standard', 'high', ' Victim disclosed threats after the form was done ', 'officer-1', at);
    expect(r.level).toBe('high');
    expect(r.status).toBe('applied');
    expect(r.override).toMatchObject({
      computedLevel: 'standard',
      requestedLevel: 'high',
      reason: 'Victim disclosed threats after the form was done',
      requestedBy: 'officer-1',
      requestedAt: at,
    });
  });

  test('lowering medium to standard needs no manager', () => {
    const r = applyOverride('medium', 'standard', 'Perpetrator has moved away', 'officer-1', at);
    expect(r).toMatchObject({ level: 'standard', status: 'applied' });
  });

  test.each(['medium', 'standard'] as const)('lowering high to %s waits for a manager and stays high', (requested) => {
    const r = applyOverride('high', requested, 'Threat was a misunderstanding', 'officer-1', at);
    expect(r.status).toBe('pending-manager');
    expect(r.level).toBe('high');
  });
});

describe('the manager rule for lowering high', () => {
  const pending = applyOverride('high', 'medium', 'Perpetrator rehoused', 'officer-1', at).override;

  test('a manager confirms: the lower level comes into force', () => {
    const r = confirmLowering(pending, 'manager-1', later);
    expect(r).toMatchObject({ level: 'medium', status: 'applied' });
    expect(r.override).toMatchObject({ decidedBy: 'manager-1', decidedAt: later });
  });

  test('a manager rejects: stays high', () => {
    const r = rejectLowering(pending, 'manager-1', later, 'Wait for the next incident review');
    expect(r).toMatchObject({ level: 'high', status: 'rejected' });
    expect(r.override.decisionNote).toBe('Wait for the next incident review');
  });

  test('the officer who asked cannot confirm their own request', () => {
    expect(() => confirmLowering(pending, 'officer-1', later)).toThrow(/other than the officer/);
  });

  test('only a pending request can be decided, and only once', () => {
    const applied = confirmLowering(pending, 'manager-1', later).override;
    expect(() => confirmLowering(applied, 'manager-2', later)).toThrow(/waiting for a manager/);
    const raised = applyOverride('medium', 'high', 'Escalating', 'officer-1', at).override;
    expect(() => confirmLowering(raised, 'manager-1', later)).toThrow(RiskRuleError);
  });

  test('the original request is not changed', () => {
    confirmLowering(pending, 'manager-1', later);
    expect(pending.status).toBe('pending-manager');
  });
});
