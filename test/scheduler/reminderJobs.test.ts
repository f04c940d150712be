/** The reminder engine's jobs as agenda stores them: the minute planner, and the digests at 08:30 London time on weekdays. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MORNING_DIGESTS, PLAN_REMINDERS } from '../../src/reminders/engine.js';
import { startTestBot, type TestBot } from '../support/bot.js';

let bot: TestBot;
beforeAll(async () => {
  bot = await startTestBot();
});
afterAll(async () => bot.stop());

describe('reminder jobs', () => {
  it('stores the planner every minute and the morning digests at 08:30 Europe/London on weekdays', async () => {
    const jobs = bot.assistant.deps.db.collection('agendaJobs');
    const plan = await jobs.findOne({ name: PLAN_REMINDERS });
    expect(plan).toMatchObject({ repeatInterval: '1 minute' });
    const morning = await jobs.findOne({ name: MORNING_DIGESTS });
    expect(morning).toMatchObject({ repeatInterval: '30 8 * * 1-5', repeatTimezone: 'Europe/London' });
    const next = morning!.nextRunAt as Date;
    const london = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(next);
    expect(london).toMatch(/^(Mon|Tue|Wed|Thu|Fri) 08:30$/);
  });
});
