/**
 * The usual schedule on the target group set-up card: a label and help that say how to write it (the placeholder
 * goes once someone types), and a schedule it cannot read comes back with a message by the field and everything
 * typed kept.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../src/domain/clock.js';
import type { ActivityOptions } from '../support/activities.js';
import { startTestBot, type TestBot } from '../support/bot.js';
import { cardInputs, cardText, errorsOn, findElement, press, sayTo } from '../support/cardDriver.js';

let bot: TestBot;
const chair: ActivityOptions = { aadObjectId: 'aad-chair-1', userName: 'Cara Chair', conversation: 'channel', conversationId: '19:porthaven-tg@thread.tacv2' };

beforeAll(async () => {
  bot = await startTestBot({ clock: new ManualClock('2026-11-23T10:00:00Z') });
  await sayTo(bot, 'help', { aadObjectId: chair.aadObjectId, userName: chair.userName });
});
afterAll(async () => bot.stop());

describe('the usual schedule of a target group', () => {
  it('says how to write it, and keeps what was typed when it cannot be read', async () => {
    const form = await sayTo(bot, 'set up target group', chair);
    expect(findElement(form, 'schedule')).toMatchObject({ label: 'Usual schedule: which weekday of the month, and how often', isRequired: true });
    expect(cardText(form)).toContain('for example "second Thursday monthly", "last Tuesday every 2 months" or "first Monday quarterly"');

    const typed = { groupName: 'Porthaven ASB Target Group', areas: 'porthaven', chair: 'aad-chair-1', minuteTaker: 'aad-chair-1', schedule: 'Thursdays', memberAgencies: 'Police' };
    const refused = await press(bot, form, 'Set up group', typed, chair);
    expect(errorsOn(refused)).toContain('Start with which one: first, second, third, fourth or last.');
    expect(cardInputs(refused)).toMatchObject(typed);
    expect(cardText(refused)).toContain('for example "second Thursday monthly"');

    const everyFortnight = await press(bot, refused, 'Set up group', { schedule: 'second Thursday fortnightly' }, chair);
    expect(errorsOn(everyFortnight)).toContain('Say how often: monthly, every 2 months, every other month or quarterly.');
    expect(cardInputs(everyFortnight)).toMatchObject({ ...typed, schedule: 'second Thursday fortnightly' });

    const set = await press(bot, everyFortnight, 'Set up group', { schedule: 'last Tuesday every 2 months' }, chair);
    expect(cardText(set)).toContain('Meets: Last Tuesday every 2 months');
  });
});
