import { ageOn, isUnder18, under18Status } from '../../../src/domain/cases/people.js';

// Noon UTC is the same calendar day in London all year round.
const on = (date: string): Date => new Date(`${date}T12:00:00Z`);

describe('under-18 derivation', () => {
  it('is exact to the 18th birthday', () => {
    const perpetrator = { dateOfBirth: '2008-06-15' };
    expect(isUnder18(perpetrator, on('2026-06-14'))).toBe(true);
    expect(isUnder18(perpetrator, on('2026-06-15'))).toBe(false);
    expect(isUnder18(perpetrator, on('2026-06-16'))).toBe(false);
    expect(ageOn('2008-06-15', on('2026-06-14'))).toBe(17);
    expect(ageOn('2008-06-15', on('2026-06-15'))).toBe(18);
  });

  it('uses the London date, not UTC, around midnight in summer', () => {
    // 23:30 UTC on 14 June is 00:30 BST on 15 June: already the birthday in London.
    expect(isUnder18({ dateOfBirth: '2008-06-15' }, new Date('2026-06-14T23:30:00Z'))).toBe(false);
    expect(isUnder18({ dateOfBirth: '2008-06-15' }, new Date('2026-06-14T22:30:00Z'))).toBe(true);
  });

  it('turns a 29 February birthday over on 1 March in a common year', () => {
    const perpetrator = { dateOfBirth: '2008-02-29' };
    expect(isUnder18(perpetrator, on('2026-02-28'))).toBe(true);
    expect(isUnder18(perpetrator, on('2026-03-01'))).toBe(false);
  });

  it('falls back to the age band', () => {
    expect(under18Status({ ageBand: 'under-10' }, on('2026-01-01'))).toBe('yes');
    expect(under18Status({ ageBand: '10-13' }, on('2026-01-01'))).toBe('yes');
    expect(under18Status({ ageBand: '14-17' }, on('2026-01-01'))).toBe('yes');
    expect(under18Status({ ageBand: '18-24' }, on('2026-01-01'))).toBe('no');
    expect(under18Status({ ageBand: '25-plus' }, on('2026-01-01'))).toBe('no');
    expect(under18Status({ ageBand: 'unknown' }, on('2026-01-01'))).toBe('unknown');
    expect(under18Status({}, on('2026-01-01'))).toBe('unknown');
    expect(isUnder18({ ageBand: 'unknown' }, on('2026-01-01'))).toBe(false);
  });

  it('prefers the date of birth over a band that disagrees', () => {
    expect(isUnder18({ dateOfBirth: '2000-01-01', ageBand: '14-17' }, on('2026-01-01'))).toBe(false);
  });
});
