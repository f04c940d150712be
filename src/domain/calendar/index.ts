export * from './localDate.js';
export * from './workingCalendar.js';
export { createWorkingCalendar, publicHolidays } from './createWorkingCalendar.js';
