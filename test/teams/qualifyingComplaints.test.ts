/**
 * Qualifying complaints through the incident form: a report made more than a month after the behaviour does not
 * count towards the ASB Case Review, a third party's report with the victim's consent does, and the owner's
 * "threshold reached" notice follows the new count. The target group agenda lists a case at the threshold exactly
 * when its case card says the threshold is met.
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

  it("lists a case on the agenda's Case Review section exactly when its card says the threshold is met", async () => {
    const inChannel = { conversation: 'channel' as const, conversationId: '19:kingsford-tg@thread.tacv2' };
    /** Opens a case (its first incident is the victim's, on 20 November) and logs the victim's further reports. */
    const caseWith = async (victim: string, perpetrator: string, address: string, postcode: string, reports: Array<{ incidentDate: string; reportedOn?: string }>) => {
      let card = await press(bot, await sayTo(bot, 'new case'), 'Open case', newCaseForm({ victim1Name: victim, perpetrator1Name: perpetrator, address, postcode }));
      for (const report of reports) {
        const form = await press(bot, card, 'Log incident');
        card = await press(bot, form, 'Save incident', { incidentCategories: 'noise', incidentDescription: 'Music again.', reportedBy: choiceValue(form, 'reportedBy', victim), incidentTime: '21:00', ...report });
      }
      return cardText(card);
    };
    // Three reports, but one made five weeks after the behaviour: two qualifying complaints.
    const late = await caseWith('Lena Late', 'Kim Ray', '12 Station Road, Kingsford', 'KF2 9XY', [{ incidentDate: '2026-11-10' }, { incidentDate: '2026-10-01', reportedOn: '2026-11-05' }]);
    expect(late).toMatch(/explain the ASB Case Review/);
    expect(late).not.toMatch(/Case Review threshold met/);
    // The first report happened before the six months but was reported within them, within a month: three.
    const early = await caseWith('Ella Early', 'Tom Vale', '3 Quay Street, Kingsford', 'KF3 4QS', [{ incidentDate: '2026-11-10' }, { incidentDate: '2026-05-15', reportedOn: '2026-06-01' }]);
    expect(early).toMatch(/Case Review threshold met: Ella Early has reported 3 incidents/);

    const setUp = await sayTo(bot, 'set up target group', inChannel);
    await press(bot, setUp, 'Set up group', { groupName: 'Kingsford ASB Target Group', areas: 'kingsford', chair: 'aad-officer-1', minuteTaker: 'aad-officer-1', schedule: 'second Thursday monthly' }, inChannel);
    const agenda = cardText(await sayTo(bot, 'schedule meeting', inChannel));
    const section = agenda.split('5. Cases at an ASB Case Review threshold')[1]!.split('6. ')[0]!;
    const referenceOf = async (victim: string) => String((await bot.assistant.deps.db.collection('cases').findOne({ 'victims.name': victim } as never))?.reference);
    expect(section).toContain(await referenceOf('Ella Early'));
    expect(section).not.toContain(await referenceOf('Lena Late'));
    // The first test's case, at the threshold on its card, is listed too.
    expect(section).toContain(await referenceOf('Alice Smith'));
    // Incidents logged through Teams carry their case's team and area.
    expect(await bot.assistant.deps.db.collection('incidents').countDocuments({ area: { $ne: 'kingsford' } })).toBe(0);
  });
});
