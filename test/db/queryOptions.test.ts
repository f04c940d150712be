import { describe, expect, it } from '@jest/globals';
import { queryOptions } from '../../src/db/embedded/mingoContext.js';
import { compileFilter } from '../../src/db/embedded/query.js';

describe('the embedded server’s shared filter options', () => {
  it('are mingo’s own ComputeOptions, so a filter does not copy the operator tables', () => {
    expect(queryOptions.constructor.name).toBe('ComputeOptions');
  });

  it('still refuse scripts', () => {
    expect(() => compileFilter({ $where: 'true' })).toThrow(/scriptEnabled/);
  });

  it('read $$NOW afresh for each filter', async () => {
    const soon = { t: new Date(Date.now() + 300) };
    expect(compileFilter({ $expr: { $gt: ['$t', '$$NOW'] } })(soon)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(compileFilter({ $expr: { $gt: ['$t', '$$NOW'] } })(soon)).toBe(false);
  });

  it('keep each filter’s own condition', () => {
    const a = compileFilter({ caseId: 'a' });
    const b = compileFilter({ caseId: 'b' });
    expect([a({ caseId: 'a' }), a({ caseId: 'b' }), b({ caseId: 'b' }), b({ caseId: 'a' })]).toEqual([true, false, true, false]);
  });
});
