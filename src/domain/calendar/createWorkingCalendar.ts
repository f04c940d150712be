import { gbHolidays } from './gbHolidays.js';
import { addDays, dayOfWeek, yearOf, type LocalDate } from './localDate.js';
import {
  calendarRegions,
  calendarRegionSchema,
  defaultCalendarRegion,
  type CalendarRegion,
  type PublicHoliday,
  type WorkingCalendar,
} from './workingCalendar.js';

// England and Wales share one bank-holiday list; date-holidays has ENG and WLS, which agree, so ENG stands for both.
const dateHolidaysState: Record<CalendarRegion, string> = {
  'england-and-wales': 'ENG',
  scotland: 'SCT',
  'northern-ireland': 'NIR',
};

/** Working-day sums remembered per calendar: about ten years of dates, each with a few day counts. */
const MAX_REMEMBERED = 20_000;

// date-holidays also lists observances (Mother's Day, Easter Sunday…) that are not days off.
const daysOffTypes = new Set(['public', 'bank']);

/** Public and bank holidays (substitute days included) for one region and year, straight from date-holidays. */
export function publicHolidays(region: CalendarRegion, year: number): PublicHoliday[] {
  const source = gbHolidays(dateHolidaysState[region]);
  const found = source.getHolidays(year) || [];
  return found
    .filter((h) => daysOffTypes.has(h.type))
    .map((h) => ({ date: h.date.slice(0, 10) as LocalDate, name: h.name }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

export function createWorkingCalendar(regionSetting: CalendarRegion = defaultCalendarRegion): WorkingCalendar {
  const parsedRegion = calendarRegionSchema.safeParse(regionSetting);
  if (!parsedRegion.success) {
    throw new Error(`Unknown calendar region "${String(regionSetting)}": use one of ${calendarRegions.join(', ')}`);
  }
  const region = parsedRegion.data;
  const holidaysByYear = new Map<number, PublicHoliday[]>();
  const holidayDatesByYear = new Map<number, Set<string>>();

  function holidaysIn(year: number): PublicHoliday[] {
    let list = holidaysByYear.get(year);
    if (!list) {
      list = publicHolidays(region, year);
      holidaysByYear.set(year, list);
      holidayDatesByYear.set(year, new Set(list.map((h) => h.date)));
    }
    return list.map((h) => ({ ...h }));
  }

  function isHoliday(d: LocalDate): boolean {
    const year = yearOf(d);
    if (!holidayDatesByYear.has(year)) holidaysIn(year);
    return holidayDatesByYear.get(year)?.has(d) ?? false;
  }

  function isWorkingDay(d: LocalDate): boolean {
    const dow = dayOfWeek(d);
    return dow !== 0 && dow !== 6 && !isHoliday(d);
  }

  function nextWorkingDay(d: LocalDate): LocalDate {
    let cursor = addDays(d, 1);
    while (!isWorkingDay(cursor)) cursor = addDays(cursor, 1);
    return cursor;
  }

  function previousWorkingDay(d: LocalDate): LocalDate {
    let cursor = addDays(d, -1);
    while (!isWorkingDay(cursor)) cursor = addDays(cursor, -1);
    return cursor;
  }

  // The figures card asks for the deadlines of thousands of assessments made on a few dozen days.
  const added = new Map<string, LocalDate>();
  function addWorkingDays(start: LocalDate, n: number): LocalDate {
    if (!Number.isInteger(n)) throw new Error(`Working days must be a whole number, got ${n}`);
    const key = `${start}${n}`;
    const known = added.get(key);
    if (known) return known;
    let cursor = start;
    for (let i = 0; i < Math.abs(n); i++) cursor = n > 0 ? nextWorkingDay(cursor) : previousWorkingDay(cursor);
    if (added.size >= MAX_REMEMBERED) added.clear();
    added.set(key, cursor);
    return cursor;
  }

  function workingDaysBetween(a: LocalDate, b: LocalDate): number {
    if (a === b) return 0;
    const [from, to, sign] = a < b ? [a, b, 1] : [b, a, -1];
    let count = 0;
    for (let cursor = addDays(from, 1); cursor <= to; cursor = addDays(cursor, 1)) {
      if (isWorkingDay(cursor)) count++;
    }
    return sign * count;
  }

  return { region, isWorkingDay, addWorkingDays, nextWorkingDay, previousWorkingDay, workingDaysBetween, holidaysIn };
}
