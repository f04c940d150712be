import fc from 'fast-check';
import Holidays from 'date-holidays';
import {
  addDays,
  addMonths,
  dayOfWeek,
  daysBetween,
  endOfWeek,
  isLocalDate,
  localDateSchema,
  londonDate,
  londonInstant,
  publicHolidays,
} from '../../../src/domain/calendar/index.js';

describe('londonInstant: a London wall-clock time on a date, correct across BST/GMT', () => {
  test.each([
    ['2026-03-28', '08:30', '2026-03-28T08:30:00.000Z'], // GMT, day before the spring change
    ['2026-03-29', '08:30', '2026-03-29T07:30:00.000Z'], // clocks went forward at 01:00 UTC
    ['2026-07-01', '08:30', '2026-07-01T07:30:00.000Z'], // BST
    ['2026-10-24', '08:30', '2026-10-24T07:30:00.000Z'], // still BST
    ['2026-10-25', '08:30', '2026-10-25T08:30:00.000Z'], // clocks went back at 01:00 UTC
    ['2026-12-30', '08:30', '2026-12-30T08:30:00.000Z'], // GMT
    ['2026-03-29', '00:30', '2026-03-29T00:30:00.000Z'], // before the change, still GMT
    ['2026-03-29', '03:00', '2026-03-29T02:00:00.000Z'], // after the change, BST
    ['2026-10-25', '00:30', '2026-10-24T23:30:00.000Z'], // before the change, still BST
  ])('%s %s London = %s', (date, time, iso) => {
    expect(londonInstant(date, time).toISOString()).toBe(iso);
  });

  test('a time skipped by the spring change moves forward by the gap; a repeated autumn time is the first one', () => {
    expect(londonInstant('2026-03-29', '01:30').toISOString()).toBe('2026-03-29T01:30:00.000Z'); // 02:30 BST
    expect(londonInstant('2026-10-25', '01:30').toISOString()).toBe('2026-10-25T00:30:00.000Z'); // 01:30 BST
    expect(londonInstant('2026-10-25', '02:00').toISOString()).toBe('2026-10-25T02:00:00.000Z'); // GMT again
  });

  test('08:30 on every day of 2026 and 2027 reads 08:30 on that date in London', () => {
    const fmt = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    for (let d = '2026-01-01'; d <= '2027-12-31'; d = addDays(d, 1)) {
      const instant = londonInstant(d, '08:30');
      expect(londonDate(instant)).toBe(d);
      expect(fmt.format(instant)).toBe('08:30');
    }
  });

  test('londonDate gives the date Intl gives in London, for seeded random instants from 1900 to 2100 and around each clock change', () => {
    const intl = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });
    const instants = fc.sample(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T23:59:59Z'), noInvalidDate: true }), { numRuns: 5000, seed: 20261203 });
    // Each side of the midnights and clock changes of 2026 and 1971 (British Standard Time ended that October).
    for (const edge of ['2026-03-29T00:59:59.999Z', '2026-03-29T01:00:00Z', '2026-10-24T22:59:59.999Z', '2026-10-24T23:00:00Z', '2026-10-25T00:59:59Z', '2026-10-25T01:00:00Z', '1971-10-31T01:59:59Z', '1971-10-31T02:00:00Z']) instants.push(new Date(edge));
    for (const instant of instants) expect([instant.toISOString(), londonDate(instant)]).toEqual([instant.toISOString(), intl.format(instant)]);
  });

  test('rejects bad times', () => {
    expect(() => londonInstant('2026-03-29', '8:30')).toThrow(/HH:mm/);
    expect(() => londonInstant('2026-03-29', '24:00')).toThrow(/HH:mm/);
  });
});

describe('londonDate: the London calendar date of an instant', () => {
  test.each([
    ['2026-06-30T23:30:00Z', '2026-07-01'], // 00:30 BST next day
    ['2026-12-31T23:30:00Z', '2026-12-31'], // GMT
    ['2026-03-29T00:59:00Z', '2026-03-29'],
    ['2026-10-24T23:00:00Z', '2026-10-25'], // 00:00 BST
  ])('%s → %s', (iso, date) => {
    expect(londonDate(new Date(iso))).toBe(date);
  });
});

describe('date arithmetic on LocalDate', () => {
  test('addDays across month, year and DST boundaries', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
  });

  test('addMonths clamps to the month end', () => {
    expect(addMonths('2026-08-31', 3)).toBe('2026-11-30');
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2027-08-31', 6)).toBe('2028-02-29');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
  });

  test('dayOfWeek and daysBetween', () => {
    expect(dayOfWeek('2026-12-23')).toBe(3);
    expect(dayOfWeek('2026-12-25')).toBe(5);
    expect(daysBetween('2026-12-23', '2027-01-06')).toBe(14);
  });

  test('isLocalDate and the zod schema only accept real dates', () => {
    expect(isLocalDate('2028-02-29')).toBe(true);
    expect(isLocalDate('2027-02-29')).toBe(false);
    expect(isLocalDate('2026-13-01')).toBe(false);
    expect(localDateSchema.safeParse('2026-12-23').success).toBe(true);
    expect(localDateSchema.safeParse('2026-12-32').success).toBe(false);
  });
});

test('Wales has the same public holidays as England in date-holidays, so ENG stands for both', () => {
  for (const year of [2025, 2026, 2027, 2028]) {
    const wales = new Holidays('GB', 'WLS')
      .getHolidays(year)
      .filter((h) => h.type === 'public' || h.type === 'bank')
      .map((h) => h.date.slice(0, 10));
    expect(publicHolidays('england-and-wales', year).map((h) => h.date)).toEqual(wales.sort());
  }
});

describe('endOfWeek', () => {
  it('is the Sunday that ends the week, Monday to Sunday', () => {
    expect(endOfWeek('2026-11-23')).toBe('2026-11-29'); // Monday
    expect(endOfWeek('2026-11-27')).toBe('2026-11-29'); // Friday
    expect(endOfWeek('2026-11-29')).toBe('2026-11-29'); // Sunday itself
    expect(endOfWeek('2026-12-28')).toBe('2027-01-03'); // across the year end
  });
});
