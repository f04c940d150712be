/**
 * TIMEZONE drives every local date and time: what "today" is, how a typed date and time is stored, and the times
 * the cards show. Run here in Asia/Kolkata (UTC+5:30, no daylight saving), far from London.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { londonDate, londonInstant } from '../../src/domain/calendar/localDate.js';
import { dateTimeText } from '../../src/domain/calendar/format.js';
import { localTimeZone, useTimeZone } from '../../src/domain/calendar/timeZone.js';
import { londonParts, londonWallClockToInstant } from '../../src/domain/cases/londonTime.js';
import { ManualClock } from '../../src/domain/clock.js';
import { londonTimeOf } from '../../src/domain/meetings/dates.js';
import { startTestBot, type TestBot } from '../support/bot.js';
import { cardText, press, sayTo } from '../support/cardDriver.js';

describe('the local zone in the calendar helpers', () => {
  afterAll(() => useTimeZone('Europe/London'));

  it('reads dates and times in the zone it is given, and London by default', () => {
    const lateEvening = new Date('2026-11-23T20:00:00Z');
    expect(localTimeZone()).toBe('Europe/London');
    expect(londonDate(lateEvening)).toBe('2026-11-23');
    useTimeZone('Asia/Kolkata');
    expect(londonDate(lateEvening)).toBe('2026-11-24');
    expect(londonParts(lateEvening)).toMatchObject({ day: 24, hour: 1, minute: 30 });
    expect(londonInstant('2026-11-24', '08:30').toISOString()).toBe('2026-11-24T03:00:00.000Z');
    expect(londonWallClockToInstant(2026, 11, 24, 8, 30).toISOString()).toBe('2026-11-24T03:00:00.000Z');
    expect(londonTimeOf('2026-11-24T03:00:00.000Z')).toBe('08:30');
    expect(dateTimeText(lateEvening)).toBe('24 Nov 2026, 01:30');
    expect(() => useTimeZone('Mars/Olympus_Mons')).toThrow();
  });
});

describe('the assistant with TIMEZONE=Asia/Kolkata', () => {
  let bot: TestBot;
  // 01:30 on Tuesday 24 November in Kolkata; still Monday 23 November in London.
  const clock = new ManualClock('2026-11-23T20:00:00Z');
  beforeAll(async () => {
    bot = await startTestBot({ clock, env: { TIMEZONE: 'Asia/Kolkata' } });
  });
  afterAll(async () => {
    await bot.stop();
    useTimeZone('Europe/London');
  });

  it('takes today, the typed time and the shown time in that zone', async () => {
    const form = await sayTo(bot, 'new case');
    // 24 November is today in Kolkata, so it is no future date; in London it would be refused.
    const opened = await press(bot, form, 'Open case', {
      area: 'kingsford', ward: 'riverside', categories: 'noise', address: '4 Quay Road', source: 'phone', victim1Name: 'Ravi Rao',
      incidentDate: '2026-11-24', incidentTime: '00:45', incidentDescription: 'Shouting in the street after midnight.',
    });
    expect(cardText(opened)).toContain('opened.');
    expect(cardText(opened)).toContain('24 Nov 2026, 00:45');
    const incident = await bot.assistant.deps.db.collection('incidents').findOne({});
    expect((incident?.occurredAt as Date).toISOString()).toBe('2026-11-23T19:15:00.000Z');
  });
});
