import { z } from 'zod';
import type { Clock } from '../clock.js';
import { londonParts } from '../cases/londonTime.js';
import { zonedFormat } from './timeZone.js';

/** A calendar date in the local zone (TIMEZONE, Europe/London by default), 'YYYY-MM-DD'. Compare with < > as plain strings. */
export type LocalDate = string & { readonly __brand?: 'LocalDate' };

const localDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLocalDate(value: string): value is LocalDate {
  const m = localDatePattern.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

export const localDateSchema = z
  .string()
  .refine(isLocalDate, { message: 'must be a real date written YYYY-MM-DD' })
  .transform((s) => s as LocalDate);

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function parts(d: LocalDate): [number, number, number] {
  if (!isLocalDate(d)) throw new Error(`Not a date (YYYY-MM-DD): ${d}`);
  return [Number(d.slice(0, 4)), Number(d.slice(5, 7)), Number(d.slice(8, 10))];
}

function fromUtcMidnight(ms: number): LocalDate {
  return new Date(ms).toISOString().slice(0, 10) as LocalDate;
}

export function makeLocalDate(year: number, month: number, day: number): LocalDate {
  return fromUtcMidnight(Date.UTC(year, month - 1, day));
}

export function addDays(d: LocalDate, n: number): LocalDate {
  const [y, m, day] = parts(d);
  return fromUtcMidnight(Date.UTC(y, m - 1, day + n));
}

/** Calendar months forward, clamped to the month end: 31 Aug + 3 months = 30 Nov. */
export function addMonths(d: LocalDate, n: number): LocalDate {
  const [y, m, day] = parts(d);
  const monthIndex = y * 12 + (m - 1) + n;
  const ty = Math.floor(monthIndex / 12);
  const tm = (monthIndex % 12) + 1;
  return makeLocalDate(ty, tm, Math.min(day, daysInMonth(ty, tm)));
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(d: LocalDate): number {
  const [y, m, day] = parts(d);
  return new Date(Date.UTC(y, m - 1, day)).getUTCDay();
}

export function daysBetween(a: LocalDate, b: LocalDate): number {
  const [ay, am, ad] = parts(a);
  const [by, bm, bd] = parts(b);
  return Math.round((Date.UTC(by, bm - 1, bd) - Date.UTC(ay, am - 1, ad)) / 86_400_000);
}

export function yearOf(d: LocalDate): number {
  return parts(d)[0];
}

export function compareLocalDates(a: LocalDate, b: LocalDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const twoDigits = (n: number) => String(n).padStart(2, '0');

/**
 * The local calendar date of an instant (correct across BST/GMT). From londonParts, which keeps the zone's offset
 * per UTC hour: a case card asks this of every incident, and formatToParts each time was most of its date work.
 */
export function londonDate(instant: Date): LocalDate {
  const { year, month, day } = londonParts(instant);
  return `${String(year).padStart(4, '0')}-${twoDigits(month)}-${twoDigits(day)}` as LocalDate;
}

const londonTimeFormat = zonedFormat({
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** Europe/London offset from UTC in minutes at an instant (0 in GMT, 60 in BST). */
function londonOffsetMinutes(instant: Date): number {
  const p = londonTimeFormat().formatToParts(instant);
  const get = (t: string): number => Number(p.find((x) => x.type === t)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  const truncated = Math.floor(instant.getTime() / 60_000) * 60_000;
  return Math.round((asUtc - truncated) / 60_000);
}

/**
 * The instant at which London clocks show `time` ('HH:mm') on `date`.
 * On the autumn change a time that happens twice means the first (BST) one; a time skipped in spring
 * moves forward by the gap (01:30 on the last Sunday of March → 02:30 BST).
 */
export function londonInstant(date: LocalDate, time: string): Date {
  const tm = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!tm) throw new Error(`Not a time (HH:mm): ${time}`);
  const [y, m, d] = parts(date);
  const wallAsUtc = Date.UTC(y, m - 1, d, Number(tm[1]), Number(tm[2]));
  const dayMs = 86_400_000;
  const offsetBefore = londonOffsetMinutes(new Date(wallAsUtc - dayMs));
  const offsetAfter = londonOffsetMinutes(new Date(wallAsUtc + dayMs));
  // An instant is right when the offset in force at it is the one used to compute it.
  const valid = [...new Set([offsetBefore, offsetAfter])]
    .map((offset) => wallAsUtc - offset * 60_000)
    .filter((instant) => wallAsUtc - instant === londonOffsetMinutes(new Date(instant)) * 60_000)
    .sort((a, b) => a - b);
  return new Date(valid[0] ?? wallAsUtc - offsetBefore * 60_000);
}

/** Today's date in London by the given clock. */
export function todayInLondon(clock: Clock): LocalDate {
  return londonDate(clock.now());
}

/** The Sunday that ends d's week (Monday to Sunday): d itself on a Sunday. */
export function endOfWeek(d: LocalDate): LocalDate {
  return addDays(d, (7 - dayOfWeek(d)) % 7);
}
