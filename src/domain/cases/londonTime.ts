/**
 * Calendar arithmetic in the local time zone (TIMEZONE; Europe/London, where ASB officers work, by default: the
 * names say "London" for that reason). Dates a person types ('YYYY-MM-DD', 'HH:mm') are local wall-clock values;
 * stored instants are UTC Dates.
 */
import { DEFAULT_TIME_ZONE, timeZoneGeneration, zonedFormat } from '../calendar/timeZone.js';

export const LONDON = DEFAULT_TIME_ZONE;

export interface LocalDateTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const londonFormat = zonedFormat({
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function formattedLondonParts(at: Date): LocalDateTime {
  const parts: Record<string, number> = {};
  for (const part of londonFormat().formatToParts(at)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour,
    minute: parts.minute,
    second: parts.second,
  };
}

const HOUR_MS = 60 * 60 * 1000;
/**
 * Since 1900 London has changed its offset only on the hour (UTC), so one offset holds for a whole UTC hour (true
 * of nearly every zone; TIMEZONE should name one where it is).
 */
const HOURLY_OFFSETS_FROM = Date.UTC(1900, 0, 1);
/** The zone's offset from UTC in each UTC hour already asked about; formatToParts is slow and called often. */
const offsetByHour = new Map<number, number>();
let offsetsFor = timeZoneGeneration();

/** The London wall-clock reading of an instant. */
export function londonParts(at: Date): LocalDateTime {
  const time = at.getTime();
  if (!(time >= HOURLY_OFFSETS_FROM)) return formattedLondonParts(at);
  if (offsetsFor !== timeZoneGeneration()) {
    offsetByHour.clear();
    offsetsFor = timeZoneGeneration();
  }
  const hour = Math.floor(time / HOUR_MS);
  let offset = offsetByHour.get(hour);
  if (offset === undefined) {
    const p = formattedLondonParts(new Date(hour * HOUR_MS));
    offset = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - hour * HOUR_MS;
    if (offsetByHour.size >= 10_000) offsetByHour.clear();
    offsetByHour.set(hour, offset);
  }
  const wall = new Date(time + offset);
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
  };
}

/** The calendar date in London as 'YYYY-MM-DD'. */
export function londonDate(at: Date): string {
  const { year, month, day } = londonParts(at);
  return formatIsoDate(year, month, day);
}

export function formatIsoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Offset of London from UTC (in ms) at a given instant: 0 in winter, one hour in summer. */
function londonOffsetMs(at: Date): number {
  const p = londonParts(at);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/**
 * The instant when London clocks show the given wall-clock time. A time inside the
 * spring-forward gap (01:00-01:59 on the last Sunday of March) lands an hour later,
 * as a clock would show it; an ambiguous autumn time takes the first (BST) reading.
 */
export function londonWallClockToInstant(year: number, month: number, day: number, hour = 0, minute = 0): Date {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  const dayMs = 24 * 60 * 60 * 1000;
  // The offsets in force either side of this date cover any clock change on it.
  const offsetBefore = londonOffsetMs(new Date(guess - dayMs));
  const offsetAfter = londonOffsetMs(new Date(guess + dayMs));
  const matches = [guess - offsetBefore, guess - offsetAfter].filter((candidate) => {
    const p = londonParts(new Date(candidate));
    return p.year === year && p.month === month && p.day === day && p.hour === hour && p.minute === minute;
  });
  if (matches.length > 0) return new Date(Math.min(...matches));
  // In the spring-forward gap: read with the offset from before the change, as a clock would.
  return new Date(guess - offsetBefore);
}

/** Start of the London calendar day that contains `at`. */
export function startOfLondonDay(at: Date): Date {
  const { year, month, day } = londonParts(at);
  return londonWallClockToInstant(year, month, day);
}

/**
 * The same London calendar date a number of months earlier; a day that does not exist
 * in the target month is clamped to its last day (31 August minus 6 months is 28/29 February).
 */
export function londonDateMonthsBefore(at: Date, months: number): { year: number; month: number; day: number } {
  const { year, month, day } = londonParts(at);
  const monthIndex = year * 12 + (month - 1) - months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = (monthIndex % 12) + 1;
  const lastDay = daysInMonth(targetYear, targetMonth);
  return { year: targetYear, month: targetMonth, day: Math.min(day, lastDay) };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Parses a strict 'YYYY-MM-DD' calendar date; undefined if it is not a real date. */
export function parseIsoDate(text: string): { year: number; month: number; day: number } | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

/** Parses a strict 'HH:mm' (optionally ':ss', which Input.Time may add) time of day. */
export function parseTimeOfDay(text: string): { hour: number; minute: number } | undefined {
  const match = /^(\d{2}):(\d{2})(?::\d{2})?$/.exec(text.trim());
  if (!match) return undefined;
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  if (hour > 23 || minute > 59) return undefined;
  return { hour, minute };
}
