/**
 * The same person on two cases, confirmed by the officer on the Case Review application: until then each case
 * counts its own complaints; once linked, the threshold check counts them together.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../src/domain/clock.js';
import { startTestBot, type TestBot } from '../support/bot.js';
import { cardText, choiceValue, press, sayTo } from '../support/cardDriver.js';
import { newCaseForm } from '../support/caseForms.js';

let bot: TestBot;
const clock = new ManualClock('2026-11-23T10:00:00Z');

beforeAll(async () => {
  bot = await startTestBot({ clock });
});
afterAll(async () => bot.stop());

const openCase = async (victim: string, address: string, postcode: string, day: string) =>
  press(bot, await sayTo(bot, 'new case'), 'Open case', newCaseForm({ address, postcode, victim1Name: victim, incidentDate: day }));

describe('the same person on two cases', () => {
  it('is offered on the Case Review application, and once confirmed their complaints count together', async () => {
    const other = await openCase('Alice Smyth', '3 Quay Street, Kingsford', 'KF2 3CD', '2026-11-22');
    const otherReference = /ASB-2026-\d{4}/.exec(cardText(other))![0];
    let here = await openCase('Alice Smith', '5 Mill Lane, Kingsford', 'KF1 2AB', '2026-11-20');
    const form = await press(bot, here, 'Log incident');
    here = await press(bot, form, 'Save incident', { incidentCategories: 'noise', incidentDescription: 'Music again.', incidentDate: '2026-11-21', incidentTime: '23:45', reportedBy: choiceValue(form, 'reportedBy', 'Alice Smith') });
    expect(cardText(here)).toContain('Incidents (2)');

    const application = await press(bot, here, 'ASB Case Review application');
    expect(cardText(application)).toContain(`**Alice Smith** here and **Alice Smyth**, victim on ${otherReference} (similar name)`);
    const linked = await press(bot, application, 'Same person');
    expect(cardText(linked)).toContain(`Linked with the victim on ${otherReference}: their complaints now count together.`);
    expect(cardText(linked)).not.toContain('The same person on another case?');
    const cases = await bot.assistant.deps.db.collection('cases').find({}).toArray();
    const keys = cases.map((c) => c.victims[0].personKey);
    expect(keys[0]).toBeDefined();
    expect(keys[0]).toBe(keys[1]);
    expect(await bot.assistant.deps.db.collection('audit').countDocuments({ action: 'update', entity: 'person', changedFields: ['personKey'] })).toBe(1);

    const recorded = await press(bot, linked, 'Record application', { applicationChannel: 'phone' });
    expect(cardText(recorded)).toContain('**Threshold met**: 3 qualifying complaints in the last six months.');
  });
});
