/** Dates the way people read them, in one place: "Thursday 14 January 2027". */
import type { LocalDate } from './localDate.js';
import { zonedFormat } from './timeZone.js';

// A LocalDate is a calendar day, not an instant: read at noon UTC it is that day whatever the zone.
const weekdayDayMonthYear = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });

const written = new Map<string, string>();

/** 'Thursday 14 January 2027'. Remembered per date: an agenda or a list writes the same few dates many times. */
export function longDate(date: LocalDate): string {
  let text = written.get(date);
  if (text === undefined) {
    text = weekdayDayMonthYear.format(new Date(`${date}T12:00:00Z`)).replace(',', '');
    if (written.size >= 5000) written.clear();
    written.set(date, text);
  }
  return text;
}

const dateTime = zonedFormat({ day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
const day = zonedFormat({ day: 'numeric', month: 'long', year: 'numeric' });

/** '1 Dec 2026, 22:30' on local clocks (TIMEZONE): when something happened or was written. */
export const dateTimeText = (at: Date): string => dateTime().format(at);
/** '1 December 2026': the local day of an instant. */
export const dayText = (at: Date): string => day().format(at);
