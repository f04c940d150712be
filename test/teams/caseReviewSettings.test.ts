/**
 * A team's own ASB Case Review settings through the HTTP endpoint: the "Case Review settings…" card keeps every
 * value typed when one is wrong; a team whose threshold is 2 complaints meets it where the default 3 would not;
 * a longer acknowledge timescale moves the lead's reminder; an application recorded before the change keeps
 * the values that applied to it; the change is audited; the team's threshold is the one on its target group's
 * agenda and in its closure letters.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../src/domain/clock.js';
import { messageActivity, type ActivityOptions } from '../support/activities.js';
import PizZip from 'pizzip';
import { startTestBot, type TestBot } from '../support/bot.js';
import { expectValidCard } from '../support/cards.js';
import { newCaseForm } from '../support/caseForms.js';
import { cardInputs, cardText, choiceValue, errorsOn, findButton, press, sayTo } from '../support/cardDriver.js';

let bot: TestBot;
// Monday 23 November 2026.
const clock = new ManualClock('2026-11-23T10:00:00Z');
const lead: ActivityOptions = { aadObjectId: 'aad-manager-1', userName: 'Maya Lead' };
const inChannel: ActivityOptions = { ...lead, conversation: 'channel', conversationId: '19:kingsford-tg@thread.tacv2' };

beforeAll(async () => {
  bot = await startTestBot({ clock, env: { MANAGER_IDS: 'aad-manager-1' } });
  await bot.send(messageActivity('help', lead));
});
afterAll(async () => bot.stop());

const db = () => bot.assistant.deps.db;
const reminder = (key: string) => db().collection('reminders').findOne({ _id: key } as never);

/** A case whose victim has made two qualifying complaints, and the application recorded on it. */
async function applyWithTwoComplaints(victim: string, perpetrator: string, address: string, postcode: string): Promise<{ card: Record<string, unknown>; applicationId: string }> {
  let caseCard = await press(bot, await sayTo(bot, 'new case', lead), 'Open case', newCaseForm({ address, postcode, victim1Name: victim, perpetrator1Name: perpetrator }), lead);
  const form = await press(bot, caseCard, 'Log incident', {}, lead);
  caseCard = await press(bot, form, 'Save incident', { incidentCategories: 'noise', incidentDescription: 'Music again.', reportedBy: choiceValue(form, 'reportedBy', victim), incidentDate: '2026-11-21', incidentTime: '23:00' }, lead);
  const card = await press(bot, await press(bot, caseCard, 'ASB Case Review application', {}, lead), 'Record application', { applicationChannel: 'phone' }, lead);
  return { card, applicationId: String((findButton(card, 'Acknowledge').data as Record<string, string>).applicationId) };
}

describe("a team's own Case Review settings", () => {
  let before: string;

  it('counts by the defaults until the team sets its own: 2 complaints do not meet the threshold', async () => {
    const { card, applicationId } = await applyWithTwoComplaints('Alice Smith', 'Jay Bloggs', '9 Mill Lane, Kingsford', 'KF1 2AB');
    before = applicationId;
    expect(cardText(card)).toContain('The count alone does not meet the threshold: 2 qualifying complaints in the last six months. The Case Review lead decides.');
    expect(await reminder(`case-review:${applicationId}:acknowledge:aad-manager-1`)).toMatchObject({ dueDate: '2026-11-25' });
  });

  it('refuses bad settings with a message by each field, keeping everything typed', async () => {
    const settings = await press(bot, await sayTo(bot, 'team', lead), 'Case Review settings…', {}, lead);
    expect(cardInputs(settings)).toMatchObject({ crThresholdAt: '3', crExplainAt: '2', crWindowMonths: '6', crReportedWithinMonths: '1', crAcknowledgeDays: '2', crAppealDays: '15' });
    const refused = await press(bot, settings, 'Save Case Review settings', { crThresholdAt: '1', crExplainAt: '2', crDecideDays: 'ten', crIndividualsRule: 'true', crIndividuals: '1' }, lead);
    expect(errorsOn(refused)).toEqual(expect.arrayContaining([
      'Explain the Case Review at no more complaints than the threshold',
      'The working days to decide must be a whole number from 1 to 90',
      'The number of individuals must be a whole number from 2 to 50',
    ]));
    expect(cardInputs(refused)).toMatchObject({ crThresholdAt: '1', crExplainAt: '2', crDecideDays: 'ten', crIndividualsRule: 'true', crIndividuals: '1' });
    expect(await db().collection('asbTeams').findOne({ 'caseReview.thresholds.thresholdAt': 1 } as never)).toBeNull();
  });

  it('a team with threshold 2 and 5 working days to acknowledge: met on two complaints, reminded later', async () => {
    const settings = await sayTo(bot, 'case review settings', lead);
    const saved = await press(bot, settings, 'Save Case Review settings', { crThresholdAt: '2', crExplainAt: '1', crAcknowledgeDays: '5', crHateRule: 'true' }, lead);
    expect(cardText(saved)).toContain('Case Review settings saved. New applications use them.');
    expect(cardInputs(saved)).toMatchObject({ crThresholdAt: '2', crExplainAt: '1', crAcknowledgeDays: '5', crHateRule: 'true', crDecideDays: '21' });
    const audit = await db().collection('audit').findOne({ entity: 'team', changedFields: 'caseReview.thresholds.thresholdAt' } as never);
    expect(audit?.changedFields).toEqual(expect.arrayContaining(['caseReview.thresholds.explainAt', 'caseReview.timescales.acknowledgeWorkingDays', 'caseReview.thresholds.hateIncidentMeetsThreshold']));

    const { card, applicationId } = await applyWithTwoComplaints('Bea Jones', 'Kim Ray', '4 Station Road, Kingsford', 'KF2 9XY');
    expect(cardText(card)).toContain('**Threshold met**: 2 qualifying complaints in the last six months.');
    expect(cardText(card)).toContain('Acknowledge by Monday 30 November 2026');
    expect(await reminder(`case-review:${applicationId}:acknowledge:aad-manager-1`)).toMatchObject({ status: 'open', dueDate: '2026-11-30' });
    const stored = await db().collection('caseReviews').findOne({ _id: applicationId } as never);
    expect(stored?.settingsApplied).toMatchObject({ thresholds: { thresholdAt: 2, hateIncidentMeetsThreshold: true }, timescales: { acknowledgeWorkingDays: 5 } });
  });

  it("puts the team's threshold on its target group agenda and in the closure letter", async () => {
    const setUp = await sayTo(bot, 'set up target group', inChannel);
    await press(bot, setUp, 'Set up group', {
      groupName: 'Kingsford ASB Target Group', areas: 'kingsford', chair: 'aad-manager-1', minuteTaker: 'aad-manager-1', schedule: 'second Thursday monthly',
    }, inChannel);
    // Both cases have 2 reports by their victim: at the team's threshold of 2, not the default 3.
    const agenda = expectValidCard(await sayTo(bot, 'schedule meeting', inChannel));
    const section = cardText(agenda).split('5. Cases at an ASB Case Review threshold')[1]!.split('6. ')[0]!;
    const references = (await db().collection('cases').find({}).toArray()).map((c) => String(c.reference));
    expect(references).toHaveLength(2);
    for (const reference of references) expect(section).toContain(reference);
    expect(section).toContain('ASB Case Review threshold: 2 qualifying complaints in 6 months');

    const bea = await db().collection('cases').findOne({ 'victims.name': 'Bea Jones' } as never);
    const caseCard = await sayTo(bot, `case ${String(bea?.reference)}`, lead);
    await press(bot, await press(bot, caseCard, 'Close', {}, lead), 'Close case', { closureReason: 'asb-ceased', victimInformed: 'true' }, lead);
    const form = await press(bot, await sayTo(bot, `case ${String(bea?.reference)}`, lead), 'Letter', {}, lead);
    const letter = await press(bot, form, 'Make letter', { letter: choiceValue(form, 'letter', 'Closure letter to victim: Bea Jones') }, lead);
    const url = /"url":"([^"]+\/downloads\/letters\/[^"]+)"/.exec(JSON.stringify(letter))![1]!;
    const docx = Buffer.from(await (await fetch(url)).arrayBuffer());
    const text = new PizZip(docx).file('word/document.xml')!.asText().replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(text).toContain('You may also ask for an ASB Case Review if you have reported 2 or more incidents in 6 months.');
  });

  it('keeps an application to the values that applied when it was recorded', async () => {
    const stored = await db().collection('caseReviews').findOne({ _id: before } as never);
    expect(stored?.settingsApplied).toMatchObject({ thresholds: { thresholdAt: 3 }, timescales: { acknowledgeWorkingDays: 2 } });
    expect(await reminder(`case-review:${before}:acknowledge:aad-manager-1`)).toMatchObject({ dueDate: '2026-11-25' });
  });
});
