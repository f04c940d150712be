import { z } from 'zod';
import { longDate } from '../calendar/format.js';
import { zonedFormat } from '../calendar/timeZone.js';

/**
 * The few calendar helpers the meeting rules need. A copy rather than an import from
 * domain/calendar on purpose (that folder was being written in parallel); the types are plain
 * 'YYYY-MM-DD' strings, so they interoperate with calendar's LocalDate.
 */
export type LocalDate = string;

const pattern = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLocalDate(value: string): boolean {
  const m = pattern.exec(value);
  if (!m) return false;
  const mo = Number(m[2]);
  const d = Number(m[3]);
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(Number(m[1]), mo);
}

export const localDateSchema = z.string().refine(isLocalDate, { message: 'must be a real date written YYYY-MM-DD' });

/** An instant written as an ISO string, e.g. '2026-11-12T10:04:00.000Z'. */
export const instantSchema = z.string().datetime({ offset: true });

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function makeLocalDate(year: number, month: number, day: number): LocalDate {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

export function yearMonthOf(d: LocalDate): { year: number; month: number } {
  return { year: Number(d.slice(0, 4)), month: Number(d.slice(5, 7)) };
}

const londonTime = zonedFormat({
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** 'HH:mm' on local clocks (TIMEZONE) for an ISO instant. */
export function londonTimeOf(instant: string): string {
  return londonTime().format(Date.parse(instant));
}

/** 'Thursday 12 November 2026': the one long-date formatter. */
export const describeDate = (d: LocalDate): string => longDate(d);
