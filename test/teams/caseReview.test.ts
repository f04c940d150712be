/**
 * A full ASB Case Review through the HTTP endpoint: the application from the case card with its threshold check,
 * the acknowledge reminder to the Case Review lead, the lead's decision, the review meeting, the victim's views,
 * the outcome whose recommendations become reminders, the appeal to someone outside the first decision, and the
 * year's figures.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../src/domain/clock.js';
import { invokeAction, messageActivity, type ActivityOptions } from '../support/activities.js';
import { expectValidCard } from '../support/cards.js';
import { startTestBot, type TestBot } from '../support/bot.js';
import { cardText, choiceValue, errorsOn, findButton, press, sayTo } from '../support/cardDriver.js';

let bot: TestBot;
// Monday 23 November 2026.
const clock = new ManualClock('2026-11-23T10:00:00Z');
const lead: ActivityOptions = { aadObjectId: 'aad-manager-1', userName: 'Maya Lead' };
const other: ActivityOptions = { aadObjectId: 'aad-manager-2', userName: 'Sam Senior' };

beforeAll(async () => {
  bot = await startTestBot({ clock, env: { MANAGER_IDS: 'aad-manager-1,aad-manager-2' } });
  await bot.send(messageActivity('help', lead));
  await bot.send(messageActivity('help', other));
});
afterAll(async () => bot.stop());

const db = () => bot.assistant.deps.db;

/** Opens an application as a step reminder's "Done" does. */
async function open(applicationId: string, as: ActivityOptions): Promise<Record<string, unknown>> {
  const response = await bot.send(invokeAction('caseReview.show', { applicationId }, as));
  return expectValidCard((response.body as { value: unknown }).value);
}
const reminder = (key: string) => db().collection('reminders').findOne({ _id: key } as never);

const newCase = {
  area: 'kingsford',
  ward: 'kingsford-central',
  categories: 'noise',
  address: '9 Mill Lane, Kingsford',
  postcode: 'KF1 2AB',
  source: 'phone',
  victim1Name: 'Alice Smith',
  victim1Consent: 'true',
  perpetrator1Name: 'Jay Bloggs',
  perpetrator1Tenure: 'council',
  incidentDate: '2026-11-20',
  incidentTime: '22:30',
  incidentDescription: 'Loud music until 2am.',
};

describe('an ASB Case Review through Teams', () => {
  let card: Record<string, unknown>;
  let applicationId: string;

  it('records the application from the case card and runs the threshold check at once', async () => {
    let caseCard = await press(bot, await sayTo(bot, 'new case'), 'Open case', newCase);
    for (const date of ['2026-11-21', '2026-11-22']) {
      const form = await press(bot, caseCard, 'Log incident');
      caseCard = await press(bot, form, 'Save incident', { incidentCategories: 'noise', incidentDescription: 'Music again.', reportedBy: choiceValue(form, 'reportedBy', 'Alice Smith'), incidentDate: date, incidentTime: '23:00' });
    }
    const form = await press(bot, caseCard, 'ASB Case Review application');
    const missing = await press(bot, form, 'Record application');
    expect(errorsOn(missing)).toContain('Say how they applied');
    card = await press(bot, missing, 'Record application', { applicationChannel: 'phone', singlePointOfContact: 'Test Officer, ASB team' });
    const shown = cardText(card);
    expect(shown).toContain('Application recorded.');
    expect(shown).toContain('**Threshold met**: 3 qualifying complaints in the last six months.');
    expect(shown).toContain('Reported Friday 20 November 2026 (happened Friday 20 November 2026)');
    expect(shown).toContain('Reported Sunday 22 November 2026');
    expect(shown).toContain('Acknowledge by Wednesday 25 November 2026');
    applicationId = String((findButton(card, 'Acknowledge').data as Record<string, string>).applicationId);
  });

  it('reminds the Case Review lead to acknowledge within 2 working days, and stops once acknowledged', async () => {
    expect(await reminder(`case-review:${applicationId}:acknowledge:aad-manager-1`)).toMatchObject({ status: 'open', dueDate: '2026-11-25', kind: 'case-review-step' });
    expect(await reminder(`case-review:${applicationId}:decide:aad-manager-1`)).toMatchObject({ status: 'open', dueDate: '2026-12-22' });
    card = await press(bot, card, 'Acknowledge');
    expect(cardText(card)).toContain('Acknowledged: Monday 23 November 2026');
    expect((await reminder(`case-review:${applicationId}:acknowledge:aad-manager-1`))?.status).toBe('done');
  });

  it('lets only the lead decide; threshold met sets the meeting reminder', async () => {
    expect(() => findButton(card, 'Record decision')).toThrow();
    expect((await reminder(`case-review:${applicationId}:decide:aad-manager-1`))?.doneAction).toEqual({ verb: 'caseReview.show', data: { applicationId } });
    const leadCard = await open(applicationId, lead);
    const noReasons = await press(bot, leadCard, 'Record decision', { thresholdMet: 'met' }, lead);
    expect(errorsOn(noReasons)).toContain('Give the reasons for the decision');
    card = await press(bot, noReasons, 'Record decision', { decisionReasons: 'Three qualifying complaints; harm to a vulnerable victim.' }, lead);
    expect(cardText(card)).toContain('Decision recorded.');
    expect(await reminder(`case-review:${applicationId}:hold-meeting:aad-manager-1`)).toMatchObject({ status: 'open', dueDate: '2027-01-05' });
  });

  it("schedules the review meeting and records the victim's views", async () => {
    card = await press(bot, card, 'Schedule review meeting', { reviewMeetingOn: '2026-12-10' }, lead);
    expect(cardText(card)).toContain('Review meeting: Thursday 10 December 2026');
    expect(cardText(card)).toContain('Send the outcome by Monday 21 December 2026');
    card = await press(bot, card, "Record victim's views", { victimViews: 'Wants the music to stop after 11pm.', actionPlanConsulted: 'true' });
    expect(cardText(card)).toContain('Victim consulted on the action plan: Yes');
  });

  it('records the outcome; each recommendation becomes a reminder', async () => {
    const wrong = await press(bot, await open(applicationId, lead), 'Record outcome', { recommendations: 'Noise monitoring | Environmental Health' }, lead);
    expect(errorsOn(wrong).join(' ')).toContain('Write each recommendation as: what | owner | YYYY-MM-DD');
    card = await press(bot, wrong, 'Record outcome', {
      recommendations: 'Noise monitoring for 4 weeks | Environmental Health | 2027-01-15\nTenancy warning | Kingsford Homes | 2026-12-18',
      outcomeSentOn: '2026-12-14',
    }, lead);
    expect(cardText(card)).toContain('Noise monitoring for 4 weeks: Environmental Health, by Friday 15 January 2027');
    expect(await reminder(`case-review:${applicationId}:recommendation:r1`)).toMatchObject({ status: 'open', dueDate: '2027-01-15' });
    expect(await reminder(`case-review:${applicationId}:recommendation:r2`)).toMatchObject({ status: 'open', dueDate: '2026-12-18' });
    expect((await reminder(`case-review:${applicationId}:send-outcome:aad-manager-1`))?.status).toBe('done');
  });

  it('sends an appeal to a reviewer who was not part of the decision', async () => {
    const asDecider = await press(bot, card, 'Record appeal', { appealReceivedOn: '2026-12-16', appealReviewerId: 'aad-manager-2', appealGrounds: 'The plan does not cover weekends.' }, lead);
    expect(cardText(asDecider)).toContain('Appeal recorded.');
    expect(await reminder(`case-review:${applicationId}:decide-appeal:aad-manager-1`)).toMatchObject({ status: 'open', dueDate: '2027-01-11' }); // 15 working days, over Christmas
    const stored = await db().collection('caseReviews').findOne({ _id: applicationId } as never);
    expect(stored?.appeal).toMatchObject({ reviewerId: 'aad-manager-2' });
  });

  it('refuses the decider as the appeal reviewer, keeping what was typed', async () => {
    const form = await press(bot, await sayTo(bot, 'case review'), 'Record application', { applicantName: 'Pat Jones', applicationChannel: 'letter' });
    const id = String((findButton(form, 'Acknowledge').data as Record<string, string>).applicationId);
    const decided = await press(bot, await open(id, lead), 'Record decision', { thresholdMet: 'not-met', decisionReasons: 'No qualifying complaints on record.' }, lead);
    expect(cardText(decided)).toContain('The partnership decided that the threshold for a Case Review is not met. No qualifying complaints on record.');
    expect(cardText(decided)).toContain('you can appeal. Tell us within 15 working days');
    const refused = await bot.send({
      ...messageActivity('x', lead),
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'caseReview.appeal', data: { applicationId: id, appealReceivedOn: '2026-11-23', appealReviewerId: 'aad-manager-1', appealGrounds: 'Disagree' } } },
    } as never);
    expect(JSON.stringify(refused.body)).toContain('The appeal must be reviewed by someone who was not part of the first decision.');
    expect(JSON.stringify(refused.body)).toContain('Disagree');
  });

  it('gives the figures for the year', async () => {
    const figuresCard = await sayTo(bot, 'case review figures 2026');
    const figures = cardText(figuresCard);
    expect(figures).toContain('Applications: 2');
    expect(figures).toContain('Threshold met: 1');
    expect(figures).toContain('Threshold not met: 1');
    expect(figures).toContain('Reviews held: 1');
    expect(figures).toContain('Recommendations made: 2');
    expect(figures).toContain('Appeals: 1');
    expect(figures).toContain('Average working days to decision: 0');

    let url = '';
    JSON.stringify(figuresCard, (_k, node: { type?: string; url?: string }) => {
      if (node?.type === 'Action.OpenUrl' && node.url) url = node.url;
      return node;
    });
    const csv = await fetch(url);
    expect(csv.status).toBe(200);
    const body = await csv.text();
    expect(body).toContain('Figure,2026');
    expect(body).toContain('Applications,2');
    expect(body).toContain('Recommendations made,2');
    expect((await fetch(url.replace('2026', '2025'))).status).toBe(403);
  });

  it('keeps applications out of shared spaces', async () => {
    const shared = await sayTo(bot, 'case review', { conversation: 'channel' } as ActivityOptions);
    expect(cardText(shared)).toContain('open them in your personal chat');
  });
});
