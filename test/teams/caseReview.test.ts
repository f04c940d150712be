/**
 * A full ASB Case Review through the HTTP endpoint: the application from the case card with its threshold check
 * (the case card's menu opens it again), the acknowledge reminder to the Case Review lead, the lead's decision
 * with its reasons, the review meeting held by a target group through the meeting engine (its Case Review agenda
 * in the channel, masked; a report asked of each partner agency by a tracked action), the victim's views, the
 * recommendations agreed in that meeting becoming the outcome and tracked actions (kept off the group's regular
 * agenda), the appeal to someone outside the first decision, and the year's figures.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../src/domain/clock.js';
import { invokeAction, messageActivity, TEST_TENANT, type ActivityOptions } from '../support/activities.js';
import { expectValidCard } from '../support/cards.js';
import { startTestBot, type TestBot } from '../support/bot.js';
import { newCaseForm } from '../support/caseForms.js';
import { cardInputs, cardText, choiceValue, errorsOn, findButton, newChannelPost, press, sayTo } from '../support/cardDriver.js';

let bot: TestBot;
// Monday 23 November 2026.
const clock = new ManualClock('2026-11-23T10:00:00Z');
const lead: ActivityOptions = { aadObjectId: 'aad-manager-1', userName: 'Maya Lead' };
const other: ActivityOptions = { aadObjectId: 'aad-manager-2', userName: 'Sam Senior' };
const CHANNEL = '19:kingsford-tg@thread.tacv2';
const inChannel = (who: ActivityOptions): ActivityOptions => ({ ...who, conversation: 'channel', conversationId: CHANNEL });

beforeAll(async () => {
  bot = await startTestBot({ clock, env: { MANAGER_IDS: 'aad-manager-1,aad-manager-2' } });
  await bot.send(messageActivity('help', lead));
  await bot.send(messageActivity('help', other));
  // A police partner on the team (local mode: the tenant's one team), who is asked for a report.
  await bot.assistant.deps.db.collection('teamMembers').insertOne({
    _id: `${TEST_TENANT}:aad-partner-police`, tenantId: TEST_TENANT, id: 'aad-partner-police', teamId: TEST_TENANT, name: 'PC Alan Moss', roles: ['partner'], agency: 'police',
  } as never);
});
afterAll(async () => bot.stop());

const db = () => bot.assistant.deps.db;

/** Opens an application as a step reminder's "Done" does. */
async function open(applicationId: string, as: ActivityOptions): Promise<Record<string, unknown>> {
  const response = await bot.send(invokeAction('caseReview.show', { applicationId }, as));
  return expectValidCard((response.body as { value: unknown }).value);
}
const reminder = (key: string) => db().collection('reminders').findOne({ _id: key } as never);

const newCase = newCaseForm();

describe('an ASB Case Review through Teams', () => {
  let card: Record<string, unknown>;
  let agenda: Record<string, unknown>;
  let applicationId: string;
  let meetingId: string;

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

  it("opens the application recorded on the case from the case card's menu, and another one only when asked", async () => {
    const opened = expectValidCard(await press(bot, await sayTo(bot, 'case ASB-2026-0001'), 'ASB Case Review application'));
    expect(cardText(opened)).toContain('ASB Case Review: Alice Smith');
    expect((findButton(opened, 'Acknowledge').data as Record<string, string>).applicationId).toBe(applicationId);
    const another = expectValidCard(await press(bot, opened, 'Another application on this case'));
    expect(cardText(another)).toContain('ASB Case Review application: ASB-2026-0001');
    expect(() => findButton(another, 'Acknowledge')).toThrow();
    expect(findButton(another, 'Record application')).toBeDefined();
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
    expect(cardText(card)).toContain('Reasons: Three qualifying complaints; harm to a vulnerable victim.');
    // The reasons are the lead's words: the application never opens where others can read it.
    const shared = await bot.send(invokeAction('caseReview.show', { applicationId }, inChannel(lead)));
    expect(JSON.stringify(shared.body)).toContain('open them in your personal chat');
    expect(JSON.stringify(shared.body)).not.toContain('harm to a vulnerable victim');
    expect(await reminder(`case-review:${applicationId}:hold-meeting:aad-manager-1`)).toMatchObject({ status: 'open', dueDate: '2027-01-05' });
  });

  it('schedules the Case Review meeting in a target group, asking each partner agency for a report', async () => {
    const setUp = await sayTo(bot, 'set up target group', inChannel(lead));
    await press(bot, setUp, 'Set up group', {
      groupName: 'Kingsford ASB Target Group', areas: 'kingsford', chair: 'aad-manager-1', minuteTaker: 'aad-manager-1', schedule: 'second Thursday monthly',
      memberAgencies: 'Environmental Health, Kingsford Homes',
    }, inChannel(lead));
    const noGroup = await press(bot, await open(applicationId, lead), 'Schedule review meeting', { reviewMeetingOn: '2026-12-10' }, lead);
    expect(errorsOn(noGroup)).toContain('Choose the target group that holds the meeting');
    expect(cardInputs(noGroup)).toMatchObject({ reviewMeetingOn: '2026-12-10' });
    card = await press(bot, noGroup, 'Schedule review meeting', { reviewGroupId: choiceValue(noGroup, 'reviewGroupId', 'Kingsford ASB Target Group') }, lead);
    expect(cardText(card)).toContain('Case Review meeting scheduled with Kingsford ASB Target Group; the agenda is in its channel. Reports are asked of Police.');
    expect(cardText(card)).toContain('Review meeting: Thursday 10 December 2026');
    expect(cardText(card)).toContain('Send the outcome by Monday 21 December 2026');

    const stored = await db().collection('caseReviews').findOne({ _id: applicationId } as never);
    meetingId = String(stored?.reviewMeeting?.meetingId);
    const meeting = await db().collection('meetings').findOne({ _id: meetingId } as never);
    expect(meeting).toMatchObject({ status: 'scheduled', date: '2026-12-10', caseReview: { applicationId }, chair: { id: 'aad-manager-1' } });
    // The partner's report is a tracked action due the working day before, chased by the action reminder.
    const reportId = `${meetingId}/report:police`;
    expect(await db().collection('meetingActions').findOne({ _id: reportId } as never)).toMatchObject({ status: 'open', agency: 'Police', dueDate: '2026-12-09', owner: { kind: 'agency', id: 'aad-partner-police' } });
    expect(await reminder(`meeting-action:${reportId}`)).toMatchObject({ status: 'open', dueDate: '2026-12-09', recipient: { aadObjectId: 'aad-partner-police' } });
    expect((await reminder(`case-review:${applicationId}:hold-meeting:aad-manager-1`))?.status).toBe('done');

    // The agenda goes to the group's channel: the Case Review sections, the complaints by date, no names or address.
    const post = await bot.assistant.deps.outbox.collection.findOne({ _id: `case-review-agenda:${meetingId}` });
    expect(post?.to).toEqual({ kind: 'conversation', conversationId: CHANNEL });
    agenda = expectValidCard(post?.card);
    const shown = cardText(agenda);
    for (const heading of ['1. The application', '2. History of complaints and responses', "3. Agencies' reports", "4. The victim's views", '5. Recommendations', '6. The action plan']) expect(shown).toContain(heading);
    expect(shown).toContain('ASB-2026-0001: reported Friday 20 November 2026, the day it happened');
    expect(shown).toContain('Police: report due Wednesday 9 December 2026');
    for (const secret of ['Alice Smith', 'Jay Bloggs', 'Mill Lane', 'KF1 2AB']) expect(JSON.stringify(post?.card)).not.toContain(secret);

    // The chair adds an item of their own: it goes under Any other business, after the review's six sections.
    expect(shown).toContain('7. Any other business');
    const added = expectValidCard(await press(bot, agenda, 'Add item', { newItemTitle: 'CCTV from Kingsford Homes' }, inChannel(lead)));
    expect(cardText(added)).toContain('Item added');
    expect(cardText(added)).toContain('7.1 CCTV from Kingsford Homes');
    agenda = added;
  });

  it("records the victim's views", async () => {
    card = await press(bot, card, "Record victim's views", { victimViews: 'Alice Smith wants the music to stop after 11pm.', actionPlanConsulted: 'true' });
    expect(cardText(card)).toContain('Victim consulted on the action plan: Yes');
  });

  it('holds the meeting through the engine; what it recommends becomes the outcome, chased as actions', async () => {
    const wrong = await press(bot, await open(applicationId, lead), 'Record outcome', { recommendations: 'Noise monitoring | Environmental Health' }, lead);
    expect(errorsOn(wrong).join(' ')).toContain('Write each recommendation as: what | owner | YYYY-MM-DD');

    const question = await press(bot, agenda, 'Start meeting', {}, inChannel(lead));
    const before = bot.connector.calls.length;
    await press(bot, question, 'Start, and date the minutes today', {}, inChannel(lead));
    // The meeting's live card is the new post in the channel.
    let live = newChannelPost(bot, before);
    for (let i = 0; i < 10 && !cardText(live).includes('Item 5.1 · 5. Recommendations'); i++) live = await press(bot, live, 'Next', {}, inChannel(lead));
    expect(cardText(live)).toContain('Item 5.1 · 5. Recommendations');
    live = await press(bot, live, 'Add note', { noteText: 'Alice Smith says weekends are worst.' }, inChannel(lead));
    expect(cardText(live)).toContain('A. S. says weekends are worst.');
    expect(cardText(live)).not.toContain('Alice Smith');
    live = await press(bot, live, 'Add action', { actionWhat: 'Noise monitoring for 4 weeks', actionOwner: choiceValue(live, 'actionOwner', 'Environmental Health (agency)'), actionDue: '2027-01-15' }, inChannel(lead));
    live = await press(bot, live, 'Add action', { actionWhat: 'Tenancy warning', actionOwner: choiceValue(live, 'actionOwner', 'Kingsford Homes (agency)'), actionDue: '2026-12-18' }, inChannel(lead));
    await press(bot, live, 'End meeting', {}, inChannel(lead));

    card = await open(applicationId, lead);
    // Held today rather than on the 10th: the application takes the day it was held, and the outcome is due 7 working days on.
    expect(cardText(card)).toContain('Review meeting: Monday 23 November 2026');
    expect(await reminder(`case-review:${applicationId}:send-outcome:aad-manager-1`)).toMatchObject({ status: 'open', dueDate: '2026-12-02' });
    expect(cardText(card)).toContain('Noise monitoring for 4 weeks: Environmental Health, by Friday 15 January 2027');
    expect(cardText(card)).toContain('Tenancy warning: Kingsford Homes, by Friday 18 December 2026');
    const actions = await db().collection('meetingActions').find({ meetingId, itemId: 'case-review:recommendations' } as never).toArray();
    expect(actions.map((a) => a.dueDate).sort()).toEqual(['2026-12-18', '2027-01-15']);
    for (const action of actions) expect(await reminder(`meeting-action:${String(action._id)}`)).toMatchObject({ status: 'open', dueDate: action.dueDate });

    card = await press(bot, card, 'Record outcome sent', { outcomeSentOn: '2026-12-14' }, lead);
    expect(cardText(card)).toContain('Outcome sent: Monday 14 December 2026');
    expect((await reminder(`case-review:${applicationId}:send-outcome:aad-manager-1`))?.status).toBe('done');
  });

  it("keeps the Case Review's actions to it: the group's next regular agenda does not carry them", async () => {
    const regular = expectValidCard(await sayTo(bot, 'schedule meeting', inChannel(lead)));
    const shown = cardText(regular);
    expect(shown).toContain('Agenda: Kingsford ASB Target Group');
    expect(shown).toContain('2. Previous minutes and open actions');
    for (const action of ['Report for the Case Review', 'Noise monitoring', 'Tenancy warning']) expect(shown).not.toContain(action);
    // Still open and chased, as actions of the Case Review.
    expect(await db().collection('meetingActions').findOne({ _id: `${meetingId}/report:police` } as never)).toMatchObject({ status: 'open', caseReview: { applicationId } });
    expect(await db().collection('meetingActions').countDocuments({ meetingId, itemId: 'case-review:recommendations', 'caseReview.applicationId': applicationId } as never)).toBe(2);
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
