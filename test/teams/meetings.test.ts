/**
 * Target group meetings end to end in a team channel: real activities over HTTP, real cards clicked with their
 * own input ids, the connector stand-in recording the bot's posts and its in-place updates (PUT), the minutes
 * downloaded through the signed link and unzipped, and the owners' messages read from the outbox.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import JSZip from 'jszip';
import { ManualClock } from '../../src/domain/clock.js';
import { defaultQuestionSet } from '../../src/domain/risk/defaultQuestionSet.js';
import { answerInputId } from '../../src/teams/risk/answersForm.js';
import { messageActivity, TEST_TENANT, type ActivityOptions } from '../support/activities.js';
import { startTestBot, type TestBot } from '../support/bot.js';
import { answerCard, cardInputs, cardText, errorsOn, findButton, findElement, findToggle, newChannelPost, press, pressing, sayTo } from '../support/cardDriver.js';
import { expectValidCard } from '../support/cards.js';

let bot: TestBot;
// Monday 23 November 2026. The group meets on the second Thursday: the next meeting is Thursday 10 December.
const clock = new ManualClock('2026-11-23T10:00:00Z');
const DAY_MS = 24 * 60 * 60 * 1000;

const CHANNEL = '19:kingsford-tg@thread.tacv2';
const chair = { aadObjectId: 'aad-chair', userName: 'Priya Shah' };
const minuteTaker = { aadObjectId: 'aad-minutes', userName: 'Tom Reed' };
const police = { aadObjectId: 'aad-police', userName: 'PC Alan Moss' };
const housing = { aadObjectId: 'aad-housing', userName: 'Dee Carter' };
type Person = typeof chair;
const inChannel = (who: Person, conversationId = CHANNEL): ActivityOptions => ({ ...who, conversation: 'channel', conversationId });
const personal = (who: Person): ActivityOptions => ({ ...who });

type Card = Record<string, unknown>;

beforeAll(async () => {
  bot = await startTestBot({ clock });
  // Everyone has talked to the assistant once, so they are known Teams users who can be chosen and messaged.
  for (const who of [chair, minuteTaker, police, housing]) await sayTo(bot, 'help', personal(who));
});
afterAll(async () => bot.stop());

function choiceValue(card: unknown, inputId: string, title: string | RegExp): string {
  let value = '';
  JSON.stringify(card, (_key, node: { id?: string; choices?: Array<{ title: string; value: string }> }) => {
    if (node && node.id === inputId && node.choices) value = node.choices.find((c) => (typeof title === 'string' ? c.title === title : title.test(c.title)))?.value ?? '';
    return node;
  });
  if (!value) throw new Error(`No choice "${String(title)}" for ${inputId}`);
  return value;
}

function threatAnswers(): Record<string, string> {
  const answers = Object.fromEntries(defaultQuestionSet.questions.map((q) => [answerInputId(q.id), [...q.answers].sort((a, b) => a.weight - b.weight)[0]!.id]));
  const threat = defaultQuestionSet.questions.find((q) => q.answers.some((a) => a.automaticHigh))!;
  answers[answerInputId(threat.id)] = threat.answers.find((a) => a.automaticHigh)!.id;
  return answers;
}

const baseCase = { area: 'kingsford', ward: 'kingsford-central', categories: 'noise', source: 'phone', victim1Consent: 'true', incidentTime: '21:00' };

async function openCase(values: Record<string, string>): Promise<{ card: Card; reference: string }> {
  const card = await press(bot, await sayTo(bot, 'new case', personal(chair)), 'Open case', { ...baseCase, ...values }, personal(chair));
  return { card, reference: /ASB-2026-\d{4}/.exec(cardText(card))![0] };
}

/** The event Teams sends when the channel's Teams meeting starts or ends. */
async function meetingEvent(name: 'meetingStart' | 'meetingEnd'): Promise<Card> {
  const { text: _text, entities: _entities, ...base } = messageActivity('', inChannel(chair, `${CHANNEL};messageid=teams-meeting-post`));
  const response = await bot.send({ ...base, type: 'event', name: `application/vnd.microsoft.${name}`, value: { Id: 'teams-meeting-1', MeetingType: 'Scheduled', Title: 'Target group' } });
  expect(response.status).toBe(200);
  return cardOfCall(bot.connector.calls.filter((c) => c.method === 'POST').at(-1)!.body);
}

/**
 * A reply in a channel thread, as Teams sends it: conversation "<channel>;messageid=<root>" and replyToId. Without
 * an @mention the bot receives it through its channel-message permission (RSC ChannelMessage.Read.Group).
 */
async function replyInThread(rootId: string, who: Person, text: string, mention = false): Promise<void> {
  const response = await bot.send(messageActivity(text, { ...inChannel(who), threadRoot: rootId, mention }));
  expect(response.status).toBe(200);
}

const puts = () => bot.connector.calls.filter((c) => c.method === 'PUT');
const cardOfCall = (body: Record<string, unknown> | undefined) => {
  // A new top-level channel post is a createConversation whose body carries the activity.
  const activity = (body?.activity as Record<string, unknown> | undefined) ?? body;
  return expectValidCard(((activity?.attachments ?? []) as Array<{ content: unknown }>)[0]!.content);
};

describe('a target group meeting in a Teams channel', () => {
  const refs: Record<'high' | 'nominatedA' | 'nominatedB' | 'threshold' | 'warned', string> = { high: '', nominatedA: '', nominatedB: '', threshold: '', warned: '' };
  let groupCard: Card;
  let meetingId = '';
  let rootId = '';
  let commandPostId = '';
  let meetingCard: Card;
  let minutesUrl = '';

  it('sets up the cases: one high-risk victim, two to nominate, one at the Case Review threshold', async () => {
    const high = await openCase({ address: '4 Orchard Row, Kingsford', postcode: 'KF1 3CD', victim1Name: 'Dora Reed', incidentDate: '2026-11-20', incidentDescription: 'Threats shouted through the letterbox.' });
    refs.high = high.reference;
    const questionnaire = await press(bot, high.card, 'Risk assessment', {}, personal(chair));
    expect(cardText(await press(bot, questionnaire, 'Save assessment', threatAnswers(), personal(chair)))).toContain('Risk High');

    refs.nominatedA = (await openCase({ address: '12 Mill Lane, Kingsford', postcode: 'KF1 2AB', victim1Name: 'Alice Smith', perpetrator1Name: 'Jay Bloggs', perpetrator1Tenure: 'council', incidentDate: '2026-11-19', incidentDescription: 'Loud music until 2am.' })).reference;
    refs.nominatedB = (await openCase({ address: '3 Quay Street, Kingsford', postcode: 'KF3 9ZZ', victim1Name: 'Carol Jones', perpetrator1Name: 'Carl West', perpetrator1Tenure: 'council', perpetrator1AgeBand: '25-plus', incidentDate: '2026-11-18', incidentDescription: 'Youths gathering and shouting.' })).reference;
    refs.warned = (await openCase({ address: '7 Ferry Road, Kingsford', postcode: 'KF4 1GH', victim1Name: 'Gill Hart', perpetrator1Name: 'Jay Bloggs', perpetrator1Tenure: 'council', perpetrator1AgeBand: '14-17', incidentDate: '2026-05-28', incidentDescription: 'Stones thrown at windows.' })).reference;

    let threshold = await openCase({ address: '9 Elm Close, Kingsford', postcode: 'KF2 4EF', victim1Name: 'Evan Price', incidentDate: '2026-10-01', incidentDescription: 'Car damaged.' });
    refs.threshold = threshold.reference;
    for (const day of ['2026-10-20', '2026-11-10']) {
      const form = await press(bot, threshold.card, 'Log incident', {}, personal(chair));
      const incident = { incidentCategories: 'noise', incidentDescription: `Shouting in the close on ${day}.`, reportedBy: choiceValue(form, 'reportedBy', 'Evan Price'), incidentDate: day, incidentTime: '22:00' };
      threshold = { ...threshold, card: await press(bot, form, 'Save incident', incident, personal(chair)) };
    }
    expect(cardText(threshold.card)).toMatch(/Case Review threshold met/);

    // Warnings on Jay Bloggs (14 to 17): an ABC and a stage 1 letter whose monitoring ends before the meeting after
    // next (14 January), and a verbal warning whose monitoring has already ended. Carl West, an adult, had a stage 2
    // warning last week, monitored until May.
    const officer = { id: chair.aadObjectId, name: chair.userName, tenantId: TEST_TENANT, teamId: TEST_TENANT, roles: ['officer' as const] };
    const warn = async (reference: string, interventionId: string, type: 'verbal-warning' | 'stage-1-warning-letter' | 'stage-2-final-warning' | 'acceptable-behaviour-contract', servedOn: string) => {
      const found = await bot.assistant.deps.db.collection('cases').findOne({ reference });
      const recorded = await bot.assistant.deps.interventions.record(String(found!._id), { interventionId, type, personId: found!.perpetrators[0].id, servedOn, officerId: officer.id }, officer);
      expect(recorded.ok).toBe(true);
    };
    await warn(refs.warned, 'w-abc', 'acceptable-behaviour-contract', '2026-06-01');
    await warn(refs.warned, 'w-stage1', 'stage-1-warning-letter', '2026-10-01');
    await warn(refs.warned, 'w-verbal', 'verbal-warning', '2026-08-01');
    await warn(refs.nominatedB, 'w-stage2', 'stage-2-final-warning', '2026-11-20');
  });

  it('sets up the target group in the channel, checking each field', async () => {
    const form = await sayTo(bot, 'set up target group', inChannel(chair));
    const values = {
      groupName: 'Kingsford ASB Target Group',
      areas: 'kingsford',
      chair: 'aad-chair',
      minuteTaker: 'aad-minutes',
      schedule: 'every so often',
      memberAgencies: 'Police, Housing, Youth Offending',
      member1: 'aad-police',
      member1Agency: 'Police',
      member2: 'aad-housing',
      member2Agency: '',
    };
    const refused = await press(bot, form, 'Set up group', values, inChannel(chair));
    expect(errorsOn(refused)).toEqual(['Please check the fields marked below.', 'Start with which one: first, second, third, fourth or last.', 'Say which agency this member represents']);
    expect(cardInputs(refused)).toMatchObject({ groupName: 'Kingsford ASB Target Group', member1: 'aad-police', memberAgencies: 'Police, Housing, Youth Offending' });

    groupCard = await press(bot, refused, 'Set up group', { schedule: 'second Thursday monthly', member2Agency: 'Housing' }, inChannel(chair));
    const shown = cardText(groupCard);
    expect(shown).toContain('Target group set up for this channel.');
    expect(shown).toContain('Meets: Second Thursday of every month');
    expect(shown).toContain('Members: PC Alan Moss (Police), Dee Carter (Housing)');
    expect(shown).toContain('Information shared under: s.115 Crime and Disorder Act 1998');
  });

  it('holds one group per channel and asks before a second group claims the same area', async () => {
    const again = await sayTo(bot, 'set up target group', inChannel(chair));
    expect(cardText(again)).toContain('This channel already has a target group');

    const otherChannel = inChannel(chair, '19:another@thread.tacv2');
    const form = await sayTo(bot, 'set up target group', otherChannel);
    const clash = await press(bot, form, 'Set up group', { groupName: 'Second group', areas: 'kingsford', schedule: 'last Tuesday monthly' }, otherChannel);
    expect(cardText(clash)).toContain('Already covered: Kingsford by Kingsford ASB Target Group');
    expect(findButton(clash, 'Set up anyway')).toBeDefined();
    expect(await bot.assistant.deps.db.collection('targetGroups').countDocuments()).toBe(1);
  });

  it('nominates two cases from their case cards', async () => {
    for (const [reference, reason, who] of [
      [refs.nominatedA, 'Housing enforcement needed', police],
      [refs.nominatedB, 'Escalating group behaviour', housing],
    ] as const) {
      const caseCard = await sayTo(bot, `case ${reference}`, personal(who));
      const form = await press(bot, caseCard, 'Nominate for target group', {}, personal(who));
      const refused = await press(bot, form, 'Nominate', { nominationReason: reason }, personal(who));
      expect(errorsOn(refused)).toContain('Choose the target group');
      const done = await press(bot, refused, 'Nominate', { groupId: choiceValue(refused, 'groupId', 'Kingsford ASB Target Group') }, personal(who));
      expect(cardText(done)).toContain(`${reference} is nominated for the Kingsford ASB Target Group's next agenda.`);
    }
  });

  it('schedules the meeting with the agenda built from the cases, in section order', async () => {
    const agenda = await sayTo(bot, 'schedule meeting', inChannel(chair));
    const shown = cardText(agenda);
    expect(shown).toContain('Thursday 10 December 2026');
    // The numbered headings are counted with the items, so "6 items" beside headings 1 to 9 reads right.
    expect(shown).toMatch(/9 headings, \d+ items, built from the cases/);
    const order = [
      '1. Apologies',
      '2. Previous minutes and open actions',
      '3. New high-risk victims since the last meeting',
      `3.1 ${refs.high}`,
      '4. Cases nominated by officers',
      `4.1 ${refs.nominatedA}`,
      'Nominated by PC Alan Moss: Housing enforcement needed',
      `4.2 ${refs.nominatedB}`,
      'Nominated by Dee Carter: Escalating group behaviour',
      '5. Cases at an ASB Case Review threshold',
      `5.1 ${refs.threshold}`,
      '6. Warnings and ABCs reaching the end of monitoring before the next meeting',
      `6.1 ${refs.warned}`,
      'monitoring ends Tuesday 1 December 2026',
      '7. Area figures since the last meeting',
      '8. Any other business',
      '9. Date of the next meeting',
      'Date of the next meeting: Thursday 14 January 2027',
    ];
    // One numbering: no second running count under the section headings, no ISO dates.
    expect(shown).not.toMatch(/\n\d+\. (Area figures|Apologies|Any other business)/);
    expect(shown).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    const positions = order.map((part) => shown.indexOf(part));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    // The high-risk case is there by itself: nobody nominated it.
    expect(shown.split(refs.high).length - 1).toBe(1);
    expect(shown).not.toMatch(/Dora Reed|Orchard Row/);

    const meeting = await bot.assistant.deps.db.collection('meetings').findOne({});
    meetingId = String(meeting!._id);
    // Section 6 holds the warnings still being monitored, initials only; the verbal warning has already ended.
    const items = meeting!.agenda.items as Array<{ section: number; kind: string; reasons?: Array<Record<string, unknown>>; figures?: Record<string, unknown> }>;
    const ending = items.filter((i) => i.section === 6);
    expect(ending).toHaveLength(1);
    expect(ending[0]!.reasons).toEqual([
      { kind: 'monitoring-ending', interventionId: 'w-abc', type: 'Acceptable Behaviour Contract', stage: 'ABC', personInitials: 'J. B.', under18: true, endsOn: '2026-12-01' },
      { kind: 'monitoring-ending', interventionId: 'w-stage1', type: 'Stage 1 warning letter', stage: 'Stage 1', personInitials: 'J. B.', under18: true, endsOn: '2027-01-01' },
    ]);
    expect(JSON.stringify(ending[0]!.reasons)).not.toContain('Jay Bloggs');
    expect(shown).not.toContain('Jay Bloggs');
    // The area figures count every warning served in the period, by stage, under 18 or adult.
    expect(items.find((i) => i.kind === 'figures')!.figures!.warningsByStage).toEqual({
      Verbal: { under18: 1, adult: 0 },
      'Stage 1': { under18: 1, adult: 0 },
      'Stage 2': { under18: 0, adult: 1 },
      ABC: { under18: 1, adult: 0 },
    });
    const outbox = bot.assistant.deps.outbox.collection;
    const agendaPost = await outbox.findOne({ _id: `meeting-agenda:${meetingId}` });
    expect(agendaPost?.to).toEqual({ kind: 'conversation', conversationId: CHANNEL });
    expect(agendaPost?.notBefore.toISOString()).toBe('2026-12-07T09:00:00.000Z');
    expect(await outbox.countDocuments({ _id: { $regex: `^meeting-day:${meetingId}:` } })).toBe(4);

    // Only the chair changes the agenda; an added item goes before Any other business.
    const notChair = await press(bot, agenda, 'Add item', { newItemTitle: 'Summer diversionary activities' }, inChannel(minuteTaker));
    expect(cardText(notChair)).toContain('Only the chair can change the agenda.');
    const added = await press(bot, agenda, 'Add item', { newItemTitle: 'Summer diversionary activities' }, inChannel(chair));
    const addedText = cardText(added);
    expect(addedText).toMatch(/\n\*\*8\. Any other business\*\*\n8\.1 Summer diversionary activities\n8\.2 Any other business\n\*\*9\. Date of the next meeting/);
    // Moving takes an item number from the agenda: the new item takes the place of 7 (the area figures).
    const movedItem = await press(bot, added, 'Move', { agendaItem: choiceValue(added, 'agendaItem', /Summer diversionary/), toPosition: '7' }, inChannel(chair));
    expect(cardText(movedItem)).toMatch(/\n\*\*7\. Area figures since the last meeting\*\*\n7\.1 Summer diversionary activities\n7\.2 Area figures since the last meeting\n\*\*8\. Any other business\*\*\n/);
    const badPlace = await press(bot, movedItem, 'Move', { agendaItem: choiceValue(movedItem, 'agendaItem', /Summer diversionary/), toPosition: 'third' }, inChannel(chair));
    expect(errorsOn(badPlace)).toContain('Give an item number from the agenda, e.g. 3.2');
    const dropped = await press(bot, movedItem, 'Drop', { agendaItem: choiceValue(movedItem, 'agendaItem', /Summer diversionary/) }, inChannel(chair));
    expect(cardText(dropped)).not.toContain('Summer diversionary activities');
  });

  it('starts the meeting in the channel and records attendance, updating the posted card in place', async () => {
    const offer = await meetingEvent('meetingStart');
    expect(cardText(offer)).toContain('has started in Teams. Start taking the minutes here?');
    expect(findButton(offer, 'Start meeting')).toBeDefined();
    // The meeting is for Thursday 10 December, and today is 23 November: the chair is asked first.
    const command = messageActivity('start meeting', inChannel(chair));
    await bot.send(command);
    commandPostId = command.id as string;
    const question = cardOfCall(bot.connector.inThread(commandPostId).at(-1));
    expect(cardText(question)).toContain('Start the meeting for 10 December now (today is 23 November)?');
    expect(findButton(question, 'Cancel')).toBeDefined();
    const cancelled = await press(bot, question, 'Cancel', {}, inChannel(chair));
    expect(cardText(cancelled)).toContain('It is still scheduled for Thursday 10 December 2026.');
    const before = bot.connector.calls.length;
    const pressed = await press(bot, question, 'Start, and date the minutes today', {}, { ...inChannel(chair), threadRoot: commandPostId });
    // The pressed card points to the meeting's one live card: it does not become a second copy that stops following.
    expect(cardText(pressed)).toContain('its card is the newest post in this channel');
    expect(() => findButton(pressed, 'Next')).toThrow();
    // The meeting card is a new top-level post in the channel, not a reply in the thread of "start meeting".
    const post = bot.connector.calls.slice(before).find((c) => c.method === 'POST' && c.path === '/v3/conversations')!;
    expect(post.body?.channelData).toMatchObject({ channel: { id: CHANNEL } });
    rootId = post.threadRoot!;
    expect(bot.connector.inThread(commandPostId)).toHaveLength(1); // only the question
    meetingCard = cardOfCall(post.body);
    expect(cardText(meetingCard)).toContain('Monday 23 November 2026'); // the day it is held, not the day planned
    expect(cardText(meetingCard)).toContain('In progress');
    expect(cardText(meetingCard)).toContain('Item 1 · 1. Apologies · 1 of');

    const form = await press(bot, meetingCard, 'Attendance', {}, inChannel(minuteTaker));
    const present = ['Priya Shah', 'Tom Reed', 'PC Alan Moss'].map((name) => choiceValue(form, 'present', new RegExp(`^${name}`))).join(',');
    meetingCard = await press(bot, form, 'Save attendance', { present, apologies: choiceValue(form, 'apologies', /^Dee Carter/), guests: 'Ruth Penrose, Victim Support' }, inChannel(minuteTaker));
    expect(cardText(meetingCard)).toContain('Present: Priya Shah (Council), Tom Reed (Council), PC Alan Moss (Police), Ruth Penrose (Victim Support, guest)');
    expect(cardText(meetingCard)).toContain('Apologies: Dee Carter');
    const update = puts().at(-1)!;
    expect(update.activityId).toBe(rootId);
    expect(update.conversationId).toBe(`${CHANNEL};messageid=${rootId}`);
    expect(cardText(cardOfCall(update.body))).toContain('Apologies: Dee Carter');
  });

  it('captures notes by card and from the thread, leaves /off out, and detects a stale edit', async () => {
    meetingCard = await press(bot, meetingCard, 'Add note', { noteText: 'Apologies received from Housing.' }, inChannel(minuteTaker));
    meetingCard = await press(bot, meetingCard, 'Next', {}, inChannel(minuteTaker));
    const atCase = await press(bot, meetingCard, 'Next', {}, inChannel(minuteTaker));
    // Someone pressed Next on the older card: the meeting is not moved twice.
    const movedOn = await press(bot, meetingCard, 'Next', {}, inChannel(chair));
    expect(cardText(movedOn)).toContain('Someone has already moved the meeting on.');
    meetingCard = atCase;
    const shown = cardText(meetingCard);
    expect(shown).toContain(`Case: ${refs.high}`);
    expect(shown).toContain('victim D. R.');
    expect(shown).not.toMatch(/Dora Reed|Orchard Row|KF1 3CD/);

    meetingCard = await press(bot, meetingCard, 'Add note', { noteText: 'Victim reports threats daily.' }, inChannel(minuteTaker));
    const sentBefore = bot.connector.sent().length;
    await replyInThread(rootId, police, 'Police patrols increased at night');
    await replyInThread(rootId, police, '/off this is gossip that must not be minuted');
    // With an @mention, and under the post the meeting was started from: still minuted, never a command.
    await replyInThread(rootId, housing, 'end meeting is not a command here: tenancy warning served', true);
    await replyInThread(commandPostId, housing, 'Housing will check the tenancy file');
    expect(bot.connector.sent().length).toBe(sentBefore);
    const captured = cardText(cardOfCall(puts().at(-1)!.body));
    expect(captured).toContain('Police patrols increased at night');
    expect(captured).toContain('PC Alan Moss, 10:00 · from the thread');
    expect(captured).toContain('end meeting is not a command here: tenancy warning served');
    expect(captured).toContain('Housing will check the tenancy file');
    expect(captured).not.toContain('gossip');
    expect((await bot.assistant.deps.db.collection('meetings').findOne({ _id: meetingId as never }))?.status).toBe('in-progress');

    // An unknown slash word gets a one-line hint in the thread, never the help card.
    await replyInThread(rootId, police, '/help', true);
    const [hint, ...more] = bot.connector.sent().slice(sentBefore);
    expect(more).toHaveLength(0);
    expect(hint!.text).toMatch(/^In the meeting thread everything is minuted\. Start with \/off/);
    expect(hint!.attachments ?? []).toHaveLength(0);

    // The minute-taker's card was shown before the thread reply: a note from it is refused, not overwritten.
    const conflict = await press(bot, meetingCard, 'Add note', { noteText: 'Typed on an old card.' }, inChannel(minuteTaker));
    expect(cardText(conflict)).toContain('Someone else added to this item while you were typing');
    expect(cardInputs(conflict).noteText).toBe('Typed on an old card.');
    expect(cardText(conflict)).toContain('Police patrols increased at night');
    meetingCard = await press(bot, conflict, 'Add decision', { noteText: '', decisionText: 'Refer to the Community MARAC.' }, inChannel(minuteTaker));
    expect(cardText(meetingCard)).toContain('• Refer to the Community MARAC.');
  });

  it('records three actions with owners and due dates', async () => {
    const owner = (title: RegExp) => choiceValue(meetingCard, 'actionOwner', title);
    meetingCard = await press(bot, meetingCard, 'Add action', { actionWhat: 'Make the MARAC referral', actionOwner: owner(/^Priya Shah/), actionDue: '2026-12-14' }, inChannel(minuteTaker));
    const missingDue = await press(bot, meetingCard, 'Add action', { actionWhat: 'Fit a video doorbell', actionOwner: owner(/^Housing \(agency\)/) }, inChannel(minuteTaker));
    expect(errorsOn(missingDue)).toContain('Give a due date');
    expect(cardInputs(missingDue).actionWhat).toBe('Fit a video doorbell');
    meetingCard = await press(bot, missingDue, 'Add action', { actionDue: '2026-12-31' }, inChannel(minuteTaker));
    meetingCard = await press(bot, meetingCard, 'Next', {}, inChannel(minuteTaker));
    expect(cardText(meetingCard)).toContain(`Case: ${refs.nominatedA}`);
    meetingCard = await press(bot, meetingCard, 'Add action', { actionWhat: 'Joint visit with the PCSO', actionOwner: choiceValue(meetingCard, 'actionOwner', /^PC Alan Moss/), actionDue: '2026-12-17' }, inChannel(minuteTaker));
    expect(cardText(meetingCard)).toContain('Joint visit with the PCSO: **PC Alan Moss** (Police), due Thursday 17 December 2026');

    // A line posted in the thread by mistake is removed by the minute-taker.
    await replyInThread(rootId, housing, 'Wrong meeting, sorry');
    meetingCard = cardOfCall(puts().at(-1)!.body);
    expect(cardText(meetingCard)).toContain('Wrong meeting, sorry');
    meetingCard = await press(bot, meetingCard, 'Remove', {}, inChannel(minuteTaker));
    expect(cardText(meetingCard)).toContain('Line removed from the minutes.');
    expect(cardText(meetingCard)).not.toContain('Wrong meeting, sorry');
  });

  it('ends the meeting: the summary card is posted with a signed link to the minutes', async () => {
    const offer = await meetingEvent('meetingEnd');
    expect(findButton(offer, 'End meeting and publish the minutes')).toBeDefined();
    const before = bot.connector.calls.length;
    await bot.send(messageActivity('end meeting', inChannel(chair)));
    // Only what went to the channel: owners' personal messages are delivered through the outbox meanwhile.
    const posted = bot.connector.calls.slice(before).filter((c) => c.method === 'POST' && c.conversationId?.startsWith(CHANNEL)).map((c) => {
      if (!c.body?.attachments) throw new Error(`Expected a card, got: ${String(c.body?.text)}`);
      return cardOfCall(c.body);
    });
    const summary = posted.find((c) => cardText(c).includes('Minutes: Kingsford ASB Target Group'))!;
    const shown = cardText(summary);
    expect(shown).toContain('OFFICIAL-SENSITIVE');
    expect(shown).toContain('Actions (3)');
    expect(shown).toContain('Make the MARAC referral: Priya Shah (Council), due Monday 14 December 2026');
    expect(shown).toContain('Fit a video doorbell: Housing, due Thursday 31 December 2026');
    // Each item's notes and decisions are on the card too, collapsed under the item's number.
    const open = JSON.stringify(summary);
    const toggle = findToggle(summary, new RegExp(`^3\\.1 ${refs.high}`));
    const hidden = findElement(summary, String((toggle.targetElements as string[])[0]));
    expect(hidden.isVisible).toBe(false);
    expect(cardText(hidden)).toContain('Victim reports threats daily.');
    expect(cardText(hidden)).toContain('Police patrols increased at night (PC Alan Moss, 10:00)');
    expect(cardText(hidden)).toContain('**Decision:** Refer to the Community MARAC.');
    expect(open).not.toContain('gossip');
    minutesUrl = /"url":"([^"]+)"/.exec(open)![1]!;
    expect(minutesUrl).toMatch(/^http:\/\/localhost:\d+\/downloads\/minutes\/[^/]+\.docx\?by=aad-chair&tenant=[^&]+&exp=\d+&sig=/);
    expect(cardText(cardOfCall(puts().at(-1)!.body))).toContain('The meeting has ended.');
  });

  it('serves the .docx with every note, decision and action, and records the download', async () => {
    const url = new URL(minutesUrl);
    const response = await fetch(`${bot.url}${url.pathname}${url.search}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const zip = await JSZip.loadAsync(Buffer.from(await response.arrayBuffer()));
    const xml = (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
    for (const expected of [
      'OFFICIAL-SENSITIVE',
      'Apologies received from Housing.',
      'Victim reports threats daily.',
      'Police patrols increased at night',
      'Refer to the Community MARAC.',
      'Make the MARAC referral',
      'Fit a video doorbell',
      'Joint visit with the PCSO',
      'Ruth Penrose (Victim Support, guest)',
      'Dee Carter (Housing)',
      'Warnings by stage: Verbal: 1 under 18, 0 adult; Stage 1: 1 under 18, 0 adult; Stage 2: 0 under 18, 1 adult; ABC: 1 under 18, 0 adult',
      'Acceptable Behaviour Contract (ABC) for J. B., under 18: monitoring ends Tuesday 1 December 2026',
      'Areas: Kingsford',
      '3.1 ' + refs.high,
    ]) {
      expect(xml).toContain(expected);
    }
    expect(xml).not.toContain('gossip');
    expect(xml).not.toContain('Wrong meeting, sorry');
    expect(xml).not.toContain('Dora Reed');
    const audit = await bot.assistant.deps.db.collection('audit').findOne({ entity: 'meeting', action: 'export', entityId: meetingId });
    expect(audit?.actorId).toBe('aad-chair');
  });

  it('sends each owner who uses Teams their actions, and chases every action and the final minutes', async () => {
    const messages = await bot.assistant.deps.outbox.collection.find({ _id: { $regex: `^meeting-actions:${meetingId}:` } }).toArray();
    expect(messages.map((m) => m.to).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual([
      { kind: 'user', tenantId: expect.any(String), aadObjectId: 'aad-chair' },
      { kind: 'user', tenantId: expect.any(String), aadObjectId: 'aad-police' },
    ]);
    const policeCard = expectValidCard(messages.find((m) => m.to.kind === 'user' && m.to.aadObjectId === 'aad-police')!.card);
    expect(cardText(policeCard)).toContain('Joint visit with the PCSO');
    expect(cardText(policeCard)).not.toContain('Make the MARAC referral');
    // And they are delivered: into the owner's personal chat with the assistant (opened for them if need be).
    await bot.assistant.reminderEngine.drained();
    const delivered = bot.connector.calls.filter((c) => c.method === 'POST' && !c.conversationId?.startsWith('19:') && JSON.stringify(c.body).includes('Joint visit with the PCSO'));
    expect(delivered).toHaveLength(1);

    const reminders = await bot.assistant.deps.reminders.collection.find({}).toArray();
    const actions = reminders.filter((r) => r.kind === 'meeting-action');
    expect(actions.map((r) => [r.recipient.aadObjectId, r.dueDate]).sort()).toEqual([
      ['aad-chair', '2026-12-14'],
      ['aad-chair', '2026-12-31'],
      ['aad-police', '2026-12-17'],
    ]);
    // The case's own card lists its open actions.
    const caseCard = expectValidCard(await sayTo(bot, `case ${refs.high}`, personal(police)));
    const onCase = cardText(caseCard).split('Target group actions')[1] ?? '';
    expect(onCase).toContain('Make the MARAC referral: Priya Shah (Council), due Monday 14 December 2026');
    expect(onCase).toContain('Fit a video doorbell: Housing, due Thursday 31 December 2026');
    expect(onCase).not.toContain('Joint visit with the PCSO');
    expect(cardText(await sayTo(bot, `case ${refs.threshold}`, personal(police)))).not.toContain('Target group actions');

    const minutesFinal = reminders.find((r) => r._id === `minutes-final:${meetingId}`);
    expect(minutesFinal).toMatchObject({ kind: 'minutes-final', dueDate: '2026-12-07', recipient: { aadObjectId: 'aad-chair' } });
  });

  it('refuses a tampered or expired link', async () => {
    const url = new URL(minutesUrl);
    const tampered = `${bot.url}${url.pathname}${url.search.replace('by=aad-chair', 'by=aad-police')}`;
    expect((await fetch(tampered)).status).toBe(403);
    const badSignature = `${bot.url}${url.pathname}${url.search.slice(0, -2)}xx`;
    expect((await fetch(badSignature)).status).toBe(403);
    clock.advance(8 * DAY_MS);
    expect((await fetch(`${bot.url}${url.pathname}${url.search}`)).status).toBe(403);
  });

  it('lets an owner close an action, and carries the open ones to the next agenda, where the previous minutes are approved', async () => {
    const mine = await sayTo(bot, 'my actions', personal(police));
    expect(cardText(mine)).toContain('Joint visit with the PCSO');
    const done = await press(bot, mine, 'Done', {}, personal(police));
    expect(cardText(done)).toContain('Action marked done.');
    expect(cardText(done)).toContain('You have no open actions');

    const chairs = await sayTo(bot, 'my actions', personal(chair));
    const noReason = await press(bot, chairs, 'Drop', {}, personal(chair));
    expect(errorsOn(noReason)).toContain('Say why the action is dropped');

    const agenda = await sayTo(bot, 'schedule meeting 2027-01-14', inChannel(chair));
    const shown = cardText(agenda);
    expect(shown).toContain('Action: Make the MARAC referral (Priya Shah, Council; due Monday 14 December 2026)');
    expect(shown).toContain('Action: Fit a video doorbell (Housing; due Thursday 31 December 2026)');
    expect(shown).not.toContain('Joint visit with the PCSO');
    // Nominations are used once; the high-risk victim was assessed before the last meeting.
    expect(shown).not.toContain(refs.nominatedB);
    expect(shown).not.toContain(refs.high);

    // Held early, on 1 December: the chair confirms, and the minutes take the actual date.
    const asked = await sayTo(bot, 'start meeting', inChannel(chair));
    const before = bot.connector.calls.length;
    await press(bot, asked, 'Start, and date the minutes today', {}, inChannel(chair));
    let next = newChannelPost(bot, before);
    expect(cardText(next)).toContain('Tuesday 1 December 2026');
    next = await press(bot, next, 'Next', {}, inChannel(chair));
    const approved = await press(bot, next, 'Approve previous minutes', {}, inChannel(chair));
    expect(cardText(approved)).toContain('The previous minutes are approved and now read-only.');
    const previous = await bot.assistant.deps.db.collection('meetings').findOne({ _id: meetingId as never });
    expect(previous?.status).toBe('approved');
    const audit = await bot.assistant.deps.db.collection('audit').countDocuments({ entity: 'meeting', entityId: meetingId, action: 'status' });
    expect(audit).toBeGreaterThanOrEqual(3);
  });

  it('lets the chair append a correction to the approved minutes, shown in the minutes and the .docx, and audited', async () => {
    // The meeting is still on its "previous minutes" item.
    const atPrevious = await sayTo(bot, 'start meeting', inChannel(chair));
    expect(cardText(atPrevious)).toContain('The previous minutes are approved and read-only');
    const minutes = expectValidCard(await press(bot, atPrevious, 'Add a correction', {}, inChannel(chair)));
    expect(cardText(minutes)).toContain('Minutes: Kingsford ASB Target Group');
    expect(cardText(minutes)).toContain('APPROVED');

    const empty = await press(bot, minutes, 'Add correction', {}, inChannel(chair));
    expect(errorsOn(empty)).toContain('Write the correction first');
    const correction = 'Item 3: the referral is to the Community MARAC, not the MARAC.';
    const notChair = await press(bot, minutes, 'Add correction', { correctionText: correction }, inChannel(minuteTaker));
    expect(cardText(notChair)).toContain('Only the chair can add a correction to the minutes.');
    expect(cardInputs(notChair).correctionText).toBe(correction);

    const corrected = expectValidCard(await press(bot, minutes, 'Add correction', { correctionText: correction }, inChannel(chair)));
    expect(cardText(corrected)).toContain('Correction added to the minutes.');
    expect(cardText(corrected)).toContain(`• ${correction} (Priya Shah,`);
    const stored = await bot.assistant.deps.db.collection('meetings').findOne({ _id: meetingId as never });
    expect(stored?.status).toBe('approved');
    expect(stored?.corrections).toHaveLength(1);
    // The same press again, twice at once (a double click, a replayed submit), appends nothing more.
    const replay = pressing(minutes, 'Add correction', { correctionText: correction }, inChannel(chair));
    for (const again of await Promise.all([bot.send(replay), bot.send(replay)])) expect(cardText(answerCard(again))).toContain(`• ${correction} (Priya Shah,`);
    expect((await bot.assistant.deps.db.collection('meetings').findOne({ _id: meetingId as never }))?.corrections).toHaveLength(1);

    const url = new URL(/"url":"([^"]+)"/.exec(JSON.stringify(corrected))![1]!);
    const zip = await JSZip.loadAsync(Buffer.from(await (await fetch(`${bot.url}${url.pathname}${url.search}`)).arrayBuffer()));
    const xml = (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
    expect(xml).toContain('Corrections');
    expect(xml).toContain(correction);

    const audited = await bot.assistant.deps.db.collection('audit').findOne({ entity: 'meeting', entityId: meetingId, action: 'update', changedFields: 'corrections.0' });
    expect(audited).toMatchObject({ actorId: 'aad-chair' });
    expect(JSON.stringify(audited)).not.toContain('Community MARAC');
  });
});
