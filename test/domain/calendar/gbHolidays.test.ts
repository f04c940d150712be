/**
 * The GB-only holiday data gives exactly what the whole date-holidays package gives, for every UK region and
 * every holiday type, over thirty years (substitute days and one-off holidays included).
 */
import { describe, expect, it } from '@jest/globals';
import Holidays from 'date-holidays';
import { gbHolidays } from '../../../src/domain/calendar/gbHolidays.js';

describe('GB-only holiday data', () => {
  it.each(['ENG', 'WLS', 'SCT', 'NIR'])('matches the whole package for %s, 2010 to 2040', (state) => {
    const whole = new Holidays('GB', state);
    const gbOnly = gbHolidays(state);
    for (let year = 2010; year <= 2040; year++) {
      const mine = gbOnly.getHolidays(year);
      expect(mine.length).toBeGreaterThan(5);
      expect(mine).toEqual(whole.getHolidays(year));
    }
  });
});
