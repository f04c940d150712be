/** "Record visit" end to end: the form on the case card, its errors, the first-visit reminder and the agreed update. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../src/domain/clock.js';
import { startTestBot, type TestBot } from '../support/bot.js';
import { cardInputs, cardText, errorsOn, findButton, press, sayTo } from '../support/cardDriver.js';
import { threatAnswers } from '../support/riskAnswers.js';

let bot: TestBot;
// Monday 23 November 2026.
const clock = new ManualClock('2026-11-23T10:00:00Z');

beforeAll(async () => {
  bot = await startTestBot({ clock });
});
afterAll(async () => bot.stop());

const reminders = () => bot.assistant.deps.db.collection<{ _id: string; status: string; dueDate: string; kind: string }>('reminders');

describe('recording a visit', () => {
  it('marks the first visit done, keeps the agreed contact on the victim and chases the agreed update from the visit date', async () => {
    const opened = await press(bot, await sayTo(bot, 'new case'), 'Open case', {
      area: 'kingsford', ward: 'kingsford-central', categories: 'noise', address: '12 Mill Lane, Kingsford', source: 'phone',
      victim1Name: 'Alice Smith', victim1Consent: 'true',
    });
    const caseId = String((findButton(opened, 'Record visit').data as Record<string, string>).caseId);
    await press(bot, await press(bot, opened, 'Risk assessment'), 'Save assessment', threatAnswers());
    const firstVisit = await reminders().findOne({ kind: 'first-visit' });
    expect(firstVisit).toMatchObject({ status: 'open', dueDate: '2026-11-26' });

    const form = await press(bot, opened, 'Record visit');
    expect(cardInputs(form)).toMatchObject({ visitedOn: '', seen: 'yes', updateFrequency: '', contactMethod: '' });
    // A future date and a frequency without a means are refused, keeping what was typed.
    const refused = await press(bot, form, 'Record visit', { visitedOn: '2026-11-30', updateFrequency: 'weekly' });
    expect(errorsOn(refused)).toEqual(expect.arrayContaining(['Say how the victim will be updated']));
    const future = await press(bot, refused, 'Record visit', { contactMethod: 'phone' });
    expect(errorsOn(future)).toContain('The visit date cannot be in the future.');
    expect(cardInputs(future)).toMatchObject({ updateFrequency: 'weekly', contactMethod: 'phone' });

    const saved = await press(bot, future, 'Record visit', { visitedOn: '2026-11-23' });
    expect(cardText(saved)).toContain('Visit recorded.');
    expect((await reminders().findOne({ _id: firstVisit!._id }))?.status).toBe('done');
    const update = await reminders().findOne({ kind: 'victim-update', status: 'open' });
    expect(update?.dueDate).toBe('2026-11-30');
    const stored = await bot.assistant.deps.db.collection('cases').findOne({ _id: caseId as never });
    expect(stored?.victims[0]).toMatchObject({ updateFrequency: 'weekly', preferredContact: 'phone' });

    // The same form sent again (a double click) records one visit.
    await press(bot, future, 'Record visit', { visitedOn: '2026-11-23' });
    expect(await bot.assistant.deps.db.collection('visits').countDocuments({ caseId })).toBe(1);
  });
});
