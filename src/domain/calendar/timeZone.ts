/**
 * The one local time zone: every local date and time (what "today" is, 08:30 reminders, the times on cards)
 * is read in it. TIMEZONE sets it once at start-up (src/startup.ts); Europe/London, where ASB officers work,
 * is the default. Formatters are made per zone and kept, as Intl.DateTimeFormat is slow to build.
 */
export const DEFAULT_TIME_ZONE = 'Europe/London';

let zone = DEFAULT_TIME_ZONE;
let generation = 0;

/** Set at start-up from config.timeZone (an IANA name already validated by the config). */
export function useTimeZone(timeZone: string): void {
  if (timeZone === zone) return;
  new Intl.DateTimeFormat('en-GB', { timeZone }); // throws on a name Intl does not know
  zone = timeZone;
  generation += 1;
}

export function localTimeZone(): string {
  return zone;
}

/** A formatter in the local zone, rebuilt only when the zone changes. */
export function zonedFormat(options: Intl.DateTimeFormatOptions, locale = 'en-GB'): () => Intl.DateTimeFormat {
  let made: { generation: number; format: Intl.DateTimeFormat } | undefined;
  return () => {
    if (!made || made.generation !== generation) made = { generation, format: new Intl.DateTimeFormat(locale, { ...options, timeZone: zone }) };
    return made.format;
  };
}

/** Changes when the zone does: caches of zone offsets key on it. */
export const timeZoneGeneration = (): number => generation;
