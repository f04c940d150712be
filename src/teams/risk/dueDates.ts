/** Due dates the way officers say them: "Wednesday 30 December 2026". */
import type { LocalDate } from '../../domain/calendar/localDate.js';

// A LocalDate is a London calendar day; read at noon UTC it is the same day whatever the offset.
const weekday = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'long' });
const dayMonthYear = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });

export function longDate(date: LocalDate): string {
  const noon = new Date(`${date}T12:00:00Z`);
  return `${weekday.format(noon)} ${dayMonthYear.format(noon)}`;
}
