import { z } from 'zod';
import type { LocalDate } from './localDate.js';

export const calendarRegions = ['england-and-wales', 'scotland', 'northern-ireland'] as const;
export const calendarRegionSchema = z.enum(calendarRegions);
export type CalendarRegion = z.infer<typeof calendarRegionSchema>;
export const defaultCalendarRegion: CalendarRegion = 'england-and-wales';

export interface PublicHoliday {
  date: LocalDate;
  name: string;
}

/** Working days are Monday–Friday minus the region's public and bank holidays (substitute days included). */
export interface WorkingCalendar {
  readonly region: CalendarRegion;
  isWorkingDay(d: LocalDate): boolean;
  /** "Within n working days" of start: counts from the next working day after start. n = 0 gives start itself. */
  addWorkingDays(start: LocalDate, n: number): LocalDate;
  /** The first working day strictly after d. */
  nextWorkingDay(d: LocalDate): LocalDate;
  /** The last working day strictly before d. */
  previousWorkingDay(d: LocalDate): LocalDate;
  /** Working days in (a, b]: after a, up to and including b. Negative if b is before a. */
  workingDaysBetween(a: LocalDate, b: LocalDate): number;
  holidaysIn(year: number): PublicHoliday[];
}
