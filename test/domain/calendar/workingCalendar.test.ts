import { createWorkingCalendar, publicHolidays, type CalendarRegion, type LocalDate } from '../../../src/domain/calendar/index.js';

const ew = createWorkingCalendar('england-and-wales');
const scot = createWorkingCalendar('scotland');
const ni = createWorkingCalendar('northern-ireland');
const calendars: Record<CalendarRegion, ReturnType<typeof createWorkingCalendar>> = {
  'england-and-wales': ew,
  scotland: scot,
  'northern-ireland': ni,
};

// [date, weekday, E&W working?, Scotland working?, NI working?, why] — checked against gov.uk bank-holiday lists.
const workingDayTable: Array<[LocalDate, string, boolean, boolean, boolean, string]> = [
  // Easter 2026
  ['2026-04-02', 'Thu', true, true, true, 'day before Good Friday'],
  ['2026-04-03', 'Fri', false, false, false, 'Good Friday'],
  ['2026-04-06', 'Mon', false, true, false, 'Easter Monday (not in Scotland)'],
  ['2026-04-07', 'Tue', true, true, true, 'after Easter'],
  // St Patrick's Day (NI only)
  ['2026-03-17', 'Tue', true, true, false, "St Patrick's Day 2026"],
  ['2027-03-17', 'Wed', true, true, false, "St Patrick's Day 2027"],
  // Easter 2027
  ['2027-03-26', 'Fri', false, false, false, 'Good Friday 2027'],
  ['2027-03-29', 'Mon', false, true, false, 'Easter Monday 2027 (not in Scotland)'],
  ['2027-03-30', 'Tue', true, true, true, 'after Easter 2027'],
  // Summer: Scotland's August holiday is the first Monday, elsewhere the last
  ['2026-07-13', 'Mon', true, true, false, "Orangemen's Day substitute (12 July 2026 is a Sunday)"],
  ['2027-07-12', 'Mon', true, true, false, "Orangemen's Day 2027"],
  ['2026-08-03', 'Mon', true, false, true, 'Scottish summer bank holiday'],
  ['2026-08-31', 'Mon', false, true, false, 'summer bank holiday (E&W, NI)'],
  // St Andrew's Day
  ['2026-11-30', 'Mon', true, false, true, "St Andrew's Day 2026"],
  ['2025-12-01', 'Mon', true, false, true, "St Andrew's Day substitute (30 Nov 2025 is a Sunday)"],
  // Christmas and New Year 2026-27
  ['2026-12-24', 'Thu', true, true, true, 'Christmas Eve is a working day'],
  ['2026-12-25', 'Fri', false, false, false, 'Christmas Day'],
  ['2026-12-26', 'Sat', false, false, false, 'Boxing Day (Saturday)'],
  ['2026-12-28', 'Mon', false, false, false, 'Boxing Day substitute'],
  ['2026-12-29', 'Tue', true, true, true, 'between Christmas and New Year'],
  ['2026-12-31', 'Thu', true, true, true, "New Year's Eve"],
  ['2027-01-01', 'Fri', false, false, false, "New Year's Day"],
  ['2027-01-04', 'Mon', true, false, true, '2 January substitute (Scotland only)'],
  ['2027-01-05', 'Tue', true, true, true, 'back to work everywhere'],
  // Christmas and New Year 2027-28
  ['2027-12-24', 'Fri', true, true, true, 'Christmas Eve 2027'],
  ['2027-12-27', 'Mon', false, false, false, 'Christmas Day substitute (25 Dec 2027 is a Saturday)'],
  ['2027-12-28', 'Tue', false, false, false, 'Boxing Day substitute'],
  ['2027-12-29', 'Wed', true, true, true, 'working day'],
  ['2027-12-31', 'Fri', true, true, true, "New Year's Eve 2027"],
  ['2028-01-03', 'Mon', false, false, false, "New Year's Day substitute (1 Jan 2028 is a Saturday)"],
  ['2028-01-04', 'Tue', true, false, true, 'second Scottish substitute (2 January is a Sunday)'],
];

describe('working-day table across Easter, Christmas and New Year, in all three regions', () => {
  test.each(workingDayTable)('%s (%s): E&W %s, Scotland %s, NI %s — %s', (date, _dow, ewWorks, scotWorks, niWorks) => {
    expect(ew.isWorkingDay(date)).toBe(ewWorks);
    expect(scot.isWorkingDay(date)).toBe(scotWorks);
    expect(ni.isWorkingDay(date)).toBe(niWorks);
  });

  test('weekends are never working days', () => {
    for (const cal of Object.values(calendars)) {
      expect(cal.isWorkingDay('2026-11-21')).toBe(false);
      expect(cal.isWorkingDay('2026-11-22')).toBe(false);
      expect(cal.isWorkingDay('2026-11-23')).toBe(true);
    }
  });
});

describe('holidays come from date-holidays, substitutes included, observances left out', () => {
  test('England and Wales 2026 list', () => {
    expect(publicHolidays('england-and-wales', 2026).map((h) => h.date)).toEqual([
      '2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31',
      '2026-12-25', '2026-12-26', '2026-12-28',
    ]);
  });

  test('Scotland 2027 includes 2 January and its substitute but no Easter Monday', () => {
    const dates = publicHolidays('scotland', 2027).map((h) => h.date);
    expect(dates).toEqual(expect.arrayContaining(['2027-01-01', '2027-01-02', '2027-01-04', '2027-03-26', '2027-08-02', '2027-11-30']));
    expect(dates).not.toContain('2027-03-29');
  });

  test("Mother's Day and Easter Sunday are not holidays", () => {
    const names = publicHolidays('england-and-wales', 2026).map((h) => h.name);
    expect(names).not.toContain("Mother's Day");
    expect(names).not.toContain('Easter Sunday');
  });

  test('holidaysIn returns copies (the cache cannot be changed from outside)', () => {
    const list = ew.holidaysIn(2026);
    list[0].date = '1999-01-01';
    expect(ew.holidaysIn(2026)[0].date).toBe('2026-01-01');
  });
});

describe('within N working days counts from the next working day after the start', () => {
  test('high-risk assessment on Wed 23 Dec 2026 (E&W): 3 working days → Wed 30 Dec 2026', () => {
    expect(ew.addWorkingDays('2026-12-23', 1)).toBe('2026-12-24');
    expect(ew.addWorkingDays('2026-12-23', 2)).toBe('2026-12-29');
    expect(ew.addWorkingDays('2026-12-23', 3)).toBe('2026-12-30');
  });

  test('same start in Scotland and NI', () => {
    expect(scot.addWorkingDays('2026-12-23', 3)).toBe('2026-12-30');
    expect(ni.addWorkingDays('2026-12-23', 3)).toBe('2026-12-30');
    // 31 Dec (1), then 1 Jan and Scotland's 4 Jan are holidays → 5 Jan (2)
    expect(scot.addWorkingDays('2026-12-30', 2)).toBe('2027-01-05');
    expect(ew.addWorkingDays('2026-12-30', 2)).toBe('2027-01-04');
  });

  test('10 working days across Christmas 2026', () => {
    // 24, 29, 30, 31 Dec, 4, 5, 6, 7, 8, 11 Jan
    expect(ew.addWorkingDays('2026-12-23', 10)).toBe('2027-01-11');
    // Scotland loses 4 Jan
    expect(scot.addWorkingDays('2026-12-23', 10)).toBe('2027-01-12');
  });

  test('across Easter 2026 and 2027', () => {
    // Thu 2 Apr 2026 + 1: Good Friday and Easter Monday skipped in E&W
    expect(ew.addWorkingDays('2026-04-02', 1)).toBe('2026-04-07');
    expect(scot.addWorkingDays('2026-04-02', 1)).toBe('2026-04-06');
    expect(ni.addWorkingDays('2026-04-02', 1)).toBe('2026-04-07');
    expect(ew.addWorkingDays('2027-03-25', 3)).toBe('2027-04-01');
    expect(scot.addWorkingDays('2027-03-25', 3)).toBe('2027-03-31');
  });

  test('Christmas 2027: Fri 24 Dec + 3 → Fri 31 Dec; + 4 → Tue 4 Jan (E&W), Wed 5 Jan (Scotland)', () => {
    expect(ew.addWorkingDays('2027-12-24', 3)).toBe('2027-12-31');
    expect(ew.addWorkingDays('2027-12-24', 4)).toBe('2028-01-04');
    expect(scot.addWorkingDays('2027-12-24', 4)).toBe('2028-01-05');
  });

  test('a start on a weekend or holiday still counts from the next working day', () => {
    expect(ew.addWorkingDays('2026-12-26', 1)).toBe('2026-12-29');
    expect(ew.addWorkingDays('2026-12-25', 3)).toBe('2026-12-31');
  });

  test('n = 0 is the start itself; negative n goes back', () => {
    expect(ew.addWorkingDays('2026-12-23', 0)).toBe('2026-12-23');
    expect(ew.addWorkingDays('2026-12-29', -1)).toBe('2026-12-24');
    expect(() => ew.addWorkingDays('2026-12-29', 1.5)).toThrow(/whole number/);
  });
});

describe('next / previous working day and counting', () => {
  test('nextWorkingDay and previousWorkingDay skip weekends and holidays', () => {
    expect(ew.nextWorkingDay('2026-12-24')).toBe('2026-12-29');
    expect(ew.previousWorkingDay('2026-12-29')).toBe('2026-12-24');
    expect(scot.nextWorkingDay('2026-12-31')).toBe('2027-01-05');
    expect(ew.nextWorkingDay('2026-12-31')).toBe('2027-01-04');
    expect(ew.previousWorkingDay('2026-04-07')).toBe('2026-04-02');
    expect(scot.previousWorkingDay('2026-04-07')).toBe('2026-04-06');
  });

  test('workingDaysBetween counts days after a up to and including b', () => {
    expect(ew.workingDaysBetween('2026-12-23', '2026-12-30')).toBe(3);
    expect(ew.workingDaysBetween('2026-12-30', '2026-12-23')).toBe(-3);
    expect(ew.workingDaysBetween('2026-12-23', '2026-12-23')).toBe(0);
    expect(scot.workingDaysBetween('2026-12-23', '2027-01-12')).toBe(10);
    // consistent with addWorkingDays
    for (const n of [1, 5, 12, 30]) {
      expect(ni.workingDaysBetween('2026-12-21', ni.addWorkingDays('2026-12-21', n))).toBe(n);
    }
  });

  test('rejects malformed dates', () => {
    expect(() => ew.isWorkingDay('2026-02-30')).toThrow(/YYYY-MM-DD/);
    expect(() => ew.isWorkingDay('23/12/2026')).toThrow(/YYYY-MM-DD/);
  });

  test('default region is England and Wales; an unknown region is refused', () => {
    expect(createWorkingCalendar().region).toBe('england-and-wales');
    expect(() => createWorkingCalendar('wales' as CalendarRegion)).toThrow(/Unknown calendar region "wales"/);
  });
});
