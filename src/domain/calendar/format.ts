/** Dates the way people read them, in one place: "Thursday 14 January 2027". */
import type { LocalDate } from './localDate.js';

// A LocalDate is a calendar day, not an instant: read at noon UTC it is that day whatever the zone.
const weekdayDayMonthYear = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });

/** 'Thursday 14 January 2027'. */
export function longDate(date: LocalDate): string {
  return weekdayDayMonthYear.format(new Date(`${date}T12:00:00Z`)).replace(',', '');
}
