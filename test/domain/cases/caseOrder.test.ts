/** The order of an officer's case list: highest risk first by default, then the earliest next deadline. */
import { describe, expect, it } from '@jest/globals';
import { defaultCaseListOrder, orderCases } from '../../../src/domain/cases/caseOrder.js';

const today = '2026-12-01';
// Given most recently updated first, as the case list reads them.
const cases = [
  { ref: 'A', riskLevel: 'standard' as const, nextDue: '2026-12-02' },
  { ref: 'B', riskLevel: 'high' as const, nextDue: '2026-12-09' },
  { ref: 'C' },
  { ref: 'D', riskLevel: 'high' as const, nextDue: '2026-11-26' },
  { ref: 'E', riskLevel: 'medium' as const },
  { ref: 'F', riskLevel: 'high' as const },
  { ref: 'G', riskLevel: 'medium' as const, nextDue: '2026-11-30' },
];
const refs = (list: ReadonlyArray<{ ref: string }>) => list.map((c) => c.ref).join('');

describe('case list order', () => {
  it('puts the highest risk first by default, then the earliest deadline (overdue first), then no deadline', () => {
    expect(defaultCaseListOrder).toBe('risk-first');
    expect(refs(orderCases(cases, defaultCaseListOrder, today))).toBe('DBFGEAC');
  });

  it('still offers overdue first (keeping the update order otherwise) and recently updated', () => {
    expect(refs(orderCases(cases, 'overdue-first', today))).toBe('DGABCEF');
    expect(refs(orderCases(cases, 'updated', today))).toBe('ABCDEFG');
  });

  it('keeps the update order among equals and does not change the list it was given', () => {
    const same = [{ ref: 'X', riskLevel: 'high' as const, nextDue: today }, { ref: 'Y', riskLevel: 'high' as const, nextDue: today }];
    expect(refs(orderCases(same, 'risk-first', today))).toBe('XY');
    orderCases(cases, 'risk-first', today);
    expect(refs(cases)).toBe('ABCDEFG');
  });
});
