/**
 * The canonical encoding is written straight to text for speed; it must give exactly the text the first
 * encoding gave (a sorted copy passed to JSON.stringify), or every chain hashed before would read as altered.
 */
import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { canonicalEncoding, entryHash, hashedContent, storedEntryHash } from '../../../src/domain/governance/auditChain.js';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** The first encoding, as chains were hashed with it. */
function firstEncoding(value: unknown): string {
  const toCanonical = (v: unknown): Json => {
    if (v instanceof Date) return v.toISOString();
    if (Array.isArray(v)) return v.map((item) => (item === undefined ? null : toCanonical(item)));
    if (v !== null && typeof v === 'object') {
      const out: { [key: string]: Json } = {};
      for (const key of Object.keys(v).sort()) {
        const member = (v as Record<string, unknown>)[key];
        if (member !== undefined) out[key] = toCanonical(member);
      }
      return out;
    }
    if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' || v === null) return v;
    return null;
  };
  return JSON.stringify(toCanonical(value));
}

const firstHash = (prevHash: string, content: unknown) => createHash('sha256').update(prevHash).update('\n').update(firstEncoding(content)).digest('hex');

const values = fc.anything({ withDate: true, withSparseArray: true, withBoxedValues: false, withNullPrototype: false, withObjectString: true, withBigInt: true, maxDepth: 4, key: fc.oneof(fc.string(), fc.constantFrom('0', '10', '9', '4294967295', '4294967294', '01', '-1', '__proto__', 'a"b', 'é')) });

describe('the canonical encoding of audit entries', () => {
  it('gives the same text as the first encoding, for any value', () => {
    // Or both refuse it: an invalid date has no ISO text (the entry schema never lets one through).
    const outcome = (encode: (v: unknown) => string, value: unknown) => { try { return encode(value); } catch { return 'refused'; } };
    fc.assert(fc.property(values, (value) => expect(outcome(canonicalEncoding, value)).toBe(outcome(firstEncoding, value))), { numRuns: 2000 });
    expect(outcome(canonicalEncoding, [new Date(NaN)])).toBe('refused');
  });

  it('gives the same hashes, with or without the chain fields copied out first', () => {
    const prevHash = 'a'.repeat(64);
    const hasInvalidDate = (v: unknown): boolean =>
      v instanceof Date ? Number.isNaN(v.getTime()) : v !== null && typeof v === 'object' && Object.values(v).some(hasInvalidDate);
    fc.assert(fc.property(fc.dictionary(fc.string(), values).filter((c) => !hasInvalidDate(c)), fc.nat(), (content, seq) => {
      const stored = { ...content, _id: 'x', teamId: 'team-1', seq, prevHash, hash: 'b'.repeat(64) };
      const expected = firstHash(prevHash, hashedContent(stored));
      expect(entryHash(prevHash, hashedContent(stored))).toBe(expected);
      expect(storedEntryHash(stored)).toBe(expected);
    }), { numRuns: 500 });
  });

  it('sorts keys and keeps dates as ISO text', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    expect(canonicalEncoding({ b: 1, a: { d: at, c: [1, 'x', undefined] }, skip: undefined, 10: true, 9: false })).toBe('{"9":false,"10":true,"a":{"c":[1,"x",null],"d":"2026-01-01T00:00:00.000Z"},"b":1}');
  });
});
