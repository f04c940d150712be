/**
 * Real names from the Teams roster: install events carry no name, so the bot asks the roster API
 * (GET /v3/conversations/{id}/members/{userId}, the team's roster in a channel), caches the answer and
 * refreshes it after a day. Nowhere does a person show as "Officer" when the roster knows their name.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../src/domain/clock.js';
import { installationUpdate, messageActivity, TEST_TENANT, type ActivityOptions } from '../support/activities.js';
import { startTestBot, type TestBot } from '../support/bot.js';
import { cardText, sayTo } from '../support/cardDriver.js';
import { teamsRoster } from '../../src/teams/roster.js';

let bot: TestBot;
const clock = new ManualClock('2026-12-01T09:00:00Z');
const ruth = { aadObjectId: 'aad-ruth' };
const rosterReads = () => bot.connector.calls.filter((c) => c.method === 'GET' && c.path.includes('/members/'));
/** A message whose sender carries no name, as some Teams clients and the Playground send. */
const nameless = (text: string, options: ActivityOptions) => {
  const activity = messageActivity(text, options);
  const { name: _name, ...from } = activity.from as Record<string, unknown>;
  return { ...activity, from };
};

beforeAll(async () => {
  bot = await startTestBot({ clock });
  bot.connector.members = [{ id: '29:aad-ruth', aadObjectId: 'aad-ruth', name: 'Ruth Penrose' }];
});
afterAll(async () => bot.stop());

describe('names from the Teams roster', () => {
  it('names a person who installed the app, though the install event carries no name', async () => {
    expect((await bot.send(installationUpdate('add', ruth))).status).toBe(200);
    expect(rosterReads().map((c) => c.path)).toEqual([`/v3/conversations/${encodeURIComponent('a:personal-aad-ruth')}/members/${encodeURIComponent('29:aad-ruth')}`]);
    expect(await bot.assistant.deps.references.nameOf('aad-ruth', TEST_TENANT)).toBe('Ruth Penrose');
  });

  it('asks the team roster in a channel, and offers the roster name in pickers', async () => {
    bot.connector.clear();
    clock.advance(25 * 60 * 60 * 1000);
    await bot.send(nameless('set up target group', { ...ruth, conversation: 'channel' }));
    expect(rosterReads()[0]!.conversationId).toBe('19:team@thread.tacv2');
    const form = bot.connector.sent().at(-1)!;
    const shown = JSON.stringify(form);
    expect(shown).toContain('Ruth Penrose');
    expect(shown).not.toContain('"Officer"');
  });

  it('reads the roster once a day, not on every turn, and picks up a new name', async () => {
    bot.connector.clear();
    for (let i = 0; i < 3; i++) await bot.send(nameless('help', ruth));
    expect(rosterReads()).toHaveLength(0);
    bot.connector.members = [{ id: '29:aad-ruth', aadObjectId: 'aad-ruth', name: 'Ruth Penrose-Hall' }];
    clock.advance(25 * 60 * 60 * 1000);
    await bot.send(nameless('help', ruth));
    expect(rosterReads()).toHaveLength(1);
    expect(await bot.assistant.deps.references.nameOf('aad-ruth', TEST_TENANT)).toBe('Ruth Penrose-Hall');
  });

  it('answers a named message without waiting for the roster, and uses the roster name from the next turn', async () => {
    bot.connector.members = [...bot.connector.members, { id: '29:aad-dev', aadObjectId: 'aad-dev', name: 'Devi Shah' }];
    const roster = teamsRoster(bot.assistant.deps);
    expect((await bot.send(messageActivity('help', { aadObjectId: 'aad-dev', userName: 'Devi S' }))).status).toBe(200);
    // The turn went on with the name Teams sent; the roster was read beside it.
    await roster.flush();
    await bot.assistant.deps.references.flush();
    expect(await bot.assistant.deps.references.nameOf('aad-dev', TEST_TENANT)).toBe('Devi S');
    expect((await bot.send(messageActivity('help', { aadObjectId: 'aad-dev', userName: 'Devi S' }))).status).toBe(200);
    await bot.assistant.deps.references.flush();
    expect(await bot.assistant.deps.references.nameOf('aad-dev', TEST_TENANT)).toBe('Devi Shah');
  });

  it('reads the roster for a burst of new people even after their turns are over', async () => {
    const people = Array.from({ length: 6 }, (_, i) => ({ id: `29:aad-burst-${i}`, aadObjectId: `aad-burst-${i}`, name: `Burst Person ${i}` }));
    bot.connector.members = [...bot.connector.members, ...people];
    const roster = teamsRoster(bot.assistant.deps);
    const turns = await Promise.all(people.map((p) => bot.send(messageActivity('help', { aadObjectId: p.aadObjectId, userName: `Sent ${p.aadObjectId}` }))));
    expect(turns.map((t) => t.status)).toEqual(people.map(() => 200));
    // botbuilder revokes a turn's context when the turn ends; the refreshes queued behind each other outlive theirs.
    await roster.flush();
    const stored = await bot.assistant.deps.db.collection('rosterNames').find({ aadObjectId: { $in: people.map((p) => p.aadObjectId) } }).toArray();
    expect(stored.map((s) => s.name).sort()).toEqual(people.map((p) => p.name).sort());
  });

  it('leaves the roster read and the new conversation\'s record until no other turn is waiting for its reply', async () => {
    bot.connector.members = [...bot.connector.members, { id: '29:aad-late', aadObjectId: 'aad-late', name: 'Lena Late' }];
    bot.connector.clear();
    const { turns, references, db } = bot.assistant.deps;
    const stored = () => db.collection('conversationReferences').countDocuments({ aadObjectId: 'aad-late' });
    let finish!: () => void;
    // Another officer's turn, still working (it is held open here).
    const other = turns.during(() => new Promise<void>((resolve) => (finish = resolve)));
    expect((await bot.send(messageActivity('help', { aadObjectId: 'aad-late', userName: 'Lena L' }))).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(rosterReads()).toHaveLength(0);
    expect(await stored()).toBe(0);
    finish();
    await other;
    await teamsRoster(bot.assistant.deps).flush();
    expect(rosterReads()).toHaveLength(1);
    // A read of the references writes what is queued first, so this process reads its own writes.
    expect(await references.nameOf('aad-late', TEST_TENANT)).toBeDefined();
    expect(await stored()).toBeGreaterThan(0);
  });

  it('keeps the name Teams sent when the roster does not know the person', async () => {
    const card = await sayTo(bot, 'my actions', { aadObjectId: 'aad-stranger', userName: 'Sam Guest' });
    expect(cardText(card)).toContain('My actions');
    expect(await bot.assistant.deps.references.nameOf('aad-stranger', TEST_TENANT)).toBe('Sam Guest');
  });
});

describe('a person the roster does not know', () => {
  it('is looked up once, not on every turn, and again after ten minutes', async () => {
    bot.connector.clear();
    const roster = teamsRoster(bot.assistant.deps);
    const reads = () => rosterReads().filter((c) => c.path.includes('aad-visitor'));
    for (let i = 0; i < 3; i++) {
      expect((await bot.send(messageActivity('help', { aadObjectId: 'aad-visitor', userName: 'Val Visitor' }))).status).toBe(200);
      await roster.flush();
    }
    expect(reads()).toHaveLength(1);
    clock.advance(11 * 60 * 1000);
    await bot.send(messageActivity('help', { aadObjectId: 'aad-visitor', userName: 'Val Visitor' }));
    await roster.flush();
    expect(reads()).toHaveLength(2);
  });
});
