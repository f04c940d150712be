/**
 * The people pickers on the meeting forms: the chair, minute-taker, members and action owners are chosen, never
 * typed. The stored person is the Entra object id Teams' people search answers with, under the name the Teams
 * roster gives (here the connector stand-in's roster), and an action can still be given to an agency.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../src/domain/clock.js';
import type { StoredTargetGroup } from '../../src/db/targetGroups.js';
import { setupCard } from '../../src/teams/meetings/groupCards.js';
import { meetingCard } from '../../src/teams/meetings/meetingCards.js';
import { messageActivity, TEST_TENANT, type ActivityOptions } from '../support/activities.js';
import { startTestBot, type TestBot } from '../support/bot.js';
import { cardInputs, cardText, choiceValue, errorsOn, findButton, findElement, press, sayTo } from '../support/cardDriver.js';
import { expectValidCard } from '../support/cards.js';

let bot: TestBot;
// Tuesday 1 December 2026: the meeting is scheduled for today, so it starts without a question.
const clock = new ManualClock('2026-12-01T10:00:00Z');
const CHANNEL = '19:pickers-tg@thread.tacv2';
const chair = { aadObjectId: 'aad-chair', userName: 'Priya Shah' };
const inChannel: ActivityOptions = { ...chair, conversation: 'channel', conversationId: CHANNEL };
// In the team's roster but has never talked to the assistant: only Teams' people search can find her.
const nina = { id: '29:aad-nina', aadObjectId: 'aad-nina', name: 'Nina Okafor' };
const omar = { id: '29:aad-omar', aadObjectId: 'aad-omar', name: 'Omar Hale' };

let group: Record<string, unknown>;
let meetingId = '';
const officer = { id: chair.aadObjectId, name: chair.userName, tenantId: TEST_TENANT, teamId: TEST_TENANT, roles: ['officer' as const] };

beforeAll(async () => {
  bot = await startTestBot({ clock });
  bot.connector.members = [{ id: '29:aad-chair', aadObjectId: 'aad-chair', name: 'Priya Shah' }, nina, omar];
  await sayTo(bot, 'help', chair);
});
afterAll(async () => bot.stop());

const pickers = (card: unknown) => {
  const found: Array<{ id: string; query: unknown }> = [];
  JSON.stringify(card, (_k, node: { type?: string; id?: string; 'choices.data'?: unknown }) => {
    if (node?.type === 'Input.ChoiceSet') found.push({ id: node.id!, query: node['choices.data'] });
    return node;
  });
  return found;
};

describe('people pickers on the meeting forms', () => {
  it('searches the organisation in Teams for the chair, minute-taker and members, and says so once', () => {
    const card = expectValidCard(setupCard({ values: {}, errors: {} }, [{ id: 'kingsford', name: 'Kingsford', wards: [] }], [{ id: 'aad-chair', name: 'Priya Shah' }], { search: true }));
    const query = { type: 'Data.Query', dataset: 'graph.microsoft.com/users' };
    const people = pickers(card).filter((p) => p.id !== 'areas');
    expect(people.map((p) => p.id)).toEqual(['chair', 'minuteTaker', 'member1', 'member2', 'member3', 'member4', 'member5', 'member6'].slice(0, people.length));
    expect(people.every((p) => JSON.stringify(p.query) === JSON.stringify(query))).toBe(true);
    expect(cardText(card).match(/search your organisation/g)).toHaveLength(1);
  });

  it('stores a searched person by object id with the roster name, and refuses a typed name', async () => {
    const form = await sayTo(bot, 'set up target group', inChannel);
    expect(cardText(form)).toContain('Only people who have used the assistant are listed here');
    const typed = {
      groupName: 'Pickers Target Group', areas: 'kingsford', chair: 'aad-chair', schedule: 'first Tuesday monthly',
      // What Teams' people search sends: the person's Entra object id.
      minuteTaker: 'aad-nina', member1: 'aad-omar', member1Agency: 'Police', member2: 'Dee Carter', member2Agency: 'Housing',
    };
    const refused = await press(bot, form, 'Set up group', typed, inChannel);
    expect(errorsOn(refused)).toEqual(['Please check the fields marked below.', 'Choose someone from the list']);
    expect(cardInputs(refused)).toMatchObject({ groupName: 'Pickers Target Group', minuteTaker: 'aad-nina', member2Agency: 'Housing' });
    // The searched people now show by name in the redrawn form.
    expect(choiceValue(refused, 'minuteTaker', 'Nina Okafor')).toBe('aad-nina');

    group = await press(bot, refused, 'Set up group', { member2: '', member2Agency: '' }, inChannel);
    expect(cardText(group)).toContain('Minute-taker: Nina Okafor');
    expect(cardText(group)).toContain('Members: Omar Hale (Police)');
    const stored = (await bot.assistant.deps.db.collection<StoredTargetGroup>('targetGroups').findOne({ name: 'Pickers Target Group' }))!;
    expect(stored.minuteTaker).toEqual({ id: 'aad-nina', name: 'Nina Okafor' });
    expect(stored.members).toEqual([{ id: 'aad-omar', name: 'Omar Hale', agency: 'Police' }]);
  });

  it('gives an action to a searched person under the roster name, or to an agency', async () => {
    await sayTo(bot, 'schedule meeting 2026-12-01', inChannel);
    await bot.send(messageActivity('start meeting', inChannel));
    // The meeting card is a new top-level post in the channel.
    const posted = await bot.connector.waitFor((c) => c.method === 'POST' && c.path === '/v3/conversations' && JSON.stringify(c.body).includes('actionOwner'));
    let card = (posted.body!.activity as { attachments: Array<{ content: unknown }> }).attachments[0]!.content as Record<string, unknown>;
    expect(findElement(card, 'actionOwner')).toBeDefined();
    meetingId = String((findButton(card, 'Add action').data as Record<string, unknown>).meetingId);
    card = await press(bot, card, 'Add action', { actionWhat: 'Visit the block', actionOwner: 'aad-nina', actionDue: '2026-12-08' }, inChannel);
    card = await press(bot, card, 'Add action', { actionWhat: 'Check the CCTV', actionOwner: choiceValue(card, 'actionOwner', 'Police (agency)'), actionDue: '2026-12-09' }, inChannel);
    const refused = await press(bot, card, 'Add action', { actionWhat: 'Ring the school', actionOwner: 'Somebody Typed', actionDue: '2026-12-09' }, inChannel);
    expect(errorsOn(refused)).toContain('Choose the owner from the list');
    expect(cardInputs(refused)).toMatchObject({ actionWhat: 'Ring the school' });
    const meeting = await bot.assistant.deps.db.collection('meetings').findOne({}, { sort: { _id: -1 } });
    const actions = JSON.stringify(meeting);
    expect(actions).toContain('"owner":{"kind":"member","id":"aad-nina","name":"Nina Okafor","agency":"Council"}');
    expect(actions).toContain('"owner":{"kind":"agency","name":"Police"}');
    expect(actions).not.toContain('Somebody Typed');
  });

  it('searches the organisation for an action owner in Teams, keeping the agencies on the list', async () => {
    const loaded = (await bot.assistant.deps.meetings.load(meetingId, officer))!;
    const card = expectValidCard(meetingCard(loaded.stored.meeting, loaded.group, { search: true }));
    const owner = pickers(card).find((p) => p.id === 'actionOwner')!;
    expect(owner.query).toEqual({ type: 'Data.Query', dataset: 'graph.microsoft.com/users' });
    expect(choiceValue(card, 'actionOwner', 'Police (agency)')).toBe('agency:Police');
    expect(cardText(card)).toContain('type a name to search your organisation');
  });
});
