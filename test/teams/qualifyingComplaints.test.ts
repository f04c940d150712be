/**
 * Qualifying complaints through the incident form: a report made more than a month after the behaviour does not
 * count towards the ASB Case Review, a third party's report with the victim's consent does, and the owner's
 * "threshold reached" notice follows the new count.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../src/domain/clock.js';
import { startTestBot, type TestBot } from '../support/bot.js';
import { newCaseForm } from '../support/caseForms.js';
import { cardInputs, cardText, choiceValue, errorsOn, findElement, press, sayTo } from '../support/cardDriver.js';

let bot: TestBot;
const clock = new ManualClock('2026-11-23T10:00:00Z');

beforeAll(async () => {
  bot = await startTestBot({ clock });
});
afterAll(async () => bot.stop());

const newCase = newCaseForm({ address: '5 Mill Lane, Kingsford' });

describe('qualifying complaints through Teams', () => {
  it('counts only complaints reported within a month, and a third party with consent', async () => {
    const newCaseForm = await sayTo(bot, 'new case');
    expect(findElement(newCaseForm, 'source')).toMatchObject({ label: 'How it was reported' });
    let caseCard = await press(bot, newCaseForm, 'Open case', newCase);
    let form = await press(bot, caseCard, 'Log incident');
    expect(findElement(form, 'reportedBy')).toMatchObject({ label: 'Who reported it' });
    const alice = choiceValue(form, 'reportedBy', 'Alice Smith');
    const incident = { incidentCategories: 'noise', incidentDescription: 'Music again.', reportedBy: alice, incidentTime: '23:45' };

    const wrongOrder = await press(bot, form, 'Save incident', { ...incident, incidentDate: '2026-10-01', reportedOn: '2026-09-30' });
    expect(errorsOn(wrongOrder)).toContain('The date reported cannot be before the incident happened');
    expect(cardInputs(wrongOrder)).toMatchObject({ incidentDescription: 'Music again.', reportedOn: '2026-09-30' });

    // Five weeks after the behaviour: logged, but not a qualifying complaint.
    caseCard = await press(bot, wrongOrder, 'Save incident', { reportedOn: '2026-11-05' });
    expect(cardText(caseCard)).toContain('Incidents (2)');
    expect(cardText(caseCard)).not.toMatch(/explain the ASB Case Review/);

    form = await press(bot, caseCard, 'Log incident');
    caseCard = await press(bot, form, 'Save incident', {
      ...incident, incidentDate: '2026-11-21', reportedByName: 'Neighbour at no. 7', reporterRole: 'third-party',
    });
    expect(cardText(caseCard)).not.toMatch(/explain the ASB Case Review/);

    form = await press(bot, caseCard, 'Log incident');
    caseCard = await press(bot, form, 'Save incident', {
      ...incident, incidentDate: '2026-11-22', reportedByName: 'Neighbour at no. 7', reporterRole: 'third-party-consent',
    });
    expect(cardText(caseCard)).toContain('Incidents (4)');
    expect(cardText(caseCard)).toMatch(/explain the ASB Case Review/);
    expect(await bot.assistant.deps.db.collection('incidents').findOne({ occurredAt: new Date('2026-10-01T22:45:00Z') })).toMatchObject({ reportedAt: new Date('2026-11-05T12:00:00Z') });

    form = await press(bot, caseCard, 'Log incident');
    caseCard = await press(bot, form, 'Save incident', { ...incident, incidentDate: '2026-11-22', incidentTime: '23:55', reporterRole: 'agency' });
    expect(cardText(caseCard)).toMatch(/Case Review threshold met: Alice Smith has reported 3 incidents/);
    // Who reported each incident, apart from how the case came in.
    const shown = cardText(caseCard);
    expect(shown).toContain('How it was reported: Phone');
    expect(shown).toContain('Reported by: An agency, for Alice Smith');
    expect(shown).not.toContain('(agency for');
    expect(shown).toContain("Reported by: Neighbour at no. 7 (third party for Alice Smith, with their consent)");
    expect(shown).toContain("Reported by: Neighbour at no. 7 (third party for Alice Smith, without their consent)");
    expect(shown).toContain('Reported by: Alice Smith (victim)');
    const outbox = bot.assistant.deps.db.collection('outbox');
    expect(await outbox.countDocuments({ _id: { $regex: '^case-review-threshold:' } } as never)).toBe(1);
    for (let i = 0; i < 50 && (await outbox.countDocuments({ state: 'sent' })) === 0; i++) await bot.assistant.reminderEngine.drained();
    const told = bot.connector.sent('a:personal-aad-officer-1').filter((a) => JSON.stringify(a).includes('ASB Case Review threshold reached'));
    expect(told).toHaveLength(1);
  });
});
