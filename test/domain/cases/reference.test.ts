import {
  caseReferenceSchema,
  caseReferenceYear,
  formatCaseReference,
  normaliseCaseReference,
  parseCaseReference,
} from '../../../src/domain/cases/reference.js';

describe('case reference', () => {
  it('formats with a zero-padded 4-digit sequence', () => {
    expect(formatCaseReference(2026, 42)).toBe('ASB-2026-0042');
    expect(formatCaseReference(2026, 1)).toBe('ASB-2026-0001');
    expect(formatCaseReference(2026, 9999)).toBe('ASB-2026-9999');
  });

  it('grows to five digits past 9999', () => {
    expect(formatCaseReference(2026, 10000)).toBe('ASB-2026-10000');
    expect(caseReferenceSchema.safeParse('ASB-2026-10000').success).toBe(true);
  });

  it('refuses nonsense parts', () => {
    expect(() => formatCaseReference(2026, 0)).toThrow(RangeError);
    expect(() => formatCaseReference(26, 1)).toThrow(RangeError);
    expect(() => formatCaseReference(2026, 1.5)).toThrow(RangeError);
  });

  it('parses what officers type, case-insensitively and tolerant of spaces', () => {
    expect(parseCaseReference('ASB-2026-0042')).toEqual({ year: 2026, sequence: 42 });
    expect(parseCaseReference('  asb-2026-0042 ')).toEqual({ year: 2026, sequence: 42 });
    expect(parseCaseReference('asb 2026 42')).toEqual({ year: 2026, sequence: 42 });
    expect(parseCaseReference('ASB - 2026 - 0042')).toEqual({ year: 2026, sequence: 42 });
    expect(normaliseCaseReference('asb 2026 42')).toBe('ASB-2026-0042');
  });

  it('rejects things that are not references', () => {
    for (const text of ['', 'ASB', 'ASB-26-0042', 'XYZ-2026-0042', 'ASB-2026-0000', 'ASB-2026-00A2', 'ASB20260042']) {
      expect(parseCaseReference(text)).toBeUndefined();
    }
    expect(caseReferenceSchema.safeParse('asb-2026-0042').success).toBe(false);
    expect(caseReferenceSchema.safeParse('ASB-2026-042').success).toBe(false);
  });

  it('round-trips format and parse', () => {
    for (const sequence of [1, 9, 10, 99, 100, 999, 1000, 9999, 10000, 123456]) {
      const text = formatCaseReference(2027, sequence);
      expect(parseCaseReference(text)).toEqual({ year: 2027, sequence });
    }
  });

  it('gives 20 distinct references for sequences 1..20 in one year', () => {
    const references = Array.from({ length: 20 }, (_, i) => formatCaseReference(2026, i + 1));
    expect(new Set(references).size).toBe(20);
    expect(references.every((r) => caseReferenceSchema.safeParse(r).success)).toBe(true);
  });

  it('takes the year of creation on the London calendar', () => {
    expect(caseReferenceYear(new Date('2026-12-31T23:59:59Z'))).toBe(2026);
    expect(caseReferenceYear(new Date('2027-01-01T00:00:00Z'))).toBe(2027);
    expect(caseReferenceYear(new Date('2026-06-30T23:30:00Z'))).toBe(2026);
  });
});
