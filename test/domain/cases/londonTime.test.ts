import { londonParts, londonWallClockToInstant } from '../../../src/domain/cases/londonTime.js';

const reference = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
const formatted = (at: Date) => {
  const parts: Record<string, number> = {};
  for (const part of reference.formatToParts(at)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return parts;
};

describe('londonParts (offsets remembered per UTC hour)', () => {
  it('reads the same wall clock as Intl every 29 minutes around the clock changes, 1960 to 2040', () => {
    for (let year = 1960; year <= 2040; year++) {
      for (const month of [2, 9]) {
        for (let day = 25; day <= 31; day++) {
          for (let minute = 0; minute < 24 * 60; minute += 29) {
            const at = new Date(Date.UTC(year, month, day, 0, minute, 13, 999));
            expect(londonParts(at)).toEqual(formatted(at));
          }
        }
      }
    }
  });

  it('reads the same wall clock as Intl before 1900, when London kept local mean time', () => {
    const at = new Date(Date.UTC(1840, 5, 1, 12, 0, 30));
    expect(londonParts(at)).toEqual(formatted(at));
  });

  it('still finds the instant for a wall-clock time on either side of a clock change', () => {
    expect(londonWallClockToInstant(2026, 3, 29, 0, 30).toISOString()).toBe('2026-03-29T00:30:00.000Z');
    expect(londonWallClockToInstant(2026, 3, 29, 2, 30).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(londonWallClockToInstant(2026, 10, 25, 1, 30).toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });
});
