import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { conversationKey, userKey } from '../../src/db/conversationReferences.js';
import { conversationUpdate, installationUpdate, messageActivity, TEST_TENANT } from '../support/activities.js';
import { startTestBot, type TestBot } from '../support/bot.js';
import { expectValidCard } from '../support/cards.js';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

const cardsIn = (activity: Record<string, unknown>) =>
  ((activity.attachments ?? []) as Array<{ contentType: string; content: Record<string, unknown> }>).filter(
    (a) => a.contentType === 'application/vnd.microsoft.card.adaptive',
  );

describe('help', () => {
  it('answers `help` with the help card', async () => {
    bot = await startTestBot();
    expect((await bot.send(messageActivity('help'))).status).toBe(200);
    const [reply] = bot.connector.sent();
    const [card] = cardsIn(reply!);
    expectValidCard(card!.content);
    expect(JSON.stringify(card!.content)).toContain('help');
  });

  it('answers text it does not understand with the help card too, also when @mentioned in a channel', async () => {
    bot = await startTestBot();
    await bot.send(messageActivity('what is the weather', { conversation: 'channel' }));
    const [reply] = bot.connector.sent();
    expect(reply!.text).toMatch(/didn't recognise/);
    expect(cardsIn(reply!)).toHaveLength(1);
  });
});

describe('install and welcome', () => {
  it('welcomes an officer once in a personal chat, however often the install is repeated', async () => {
    bot = await startTestBot();
    await bot.send(installationUpdate('add'));
    await bot.send(conversationUpdate({ botAdded: true }));
    await bot.send(installationUpdate('add'));
    const sent = bot.connector.sent();
    expect(sent).toHaveLength(1);
    const [card] = cardsIn(sent[0]!);
    expectValidCard(card!.content);
  });

  it('posts a short text welcome in a team channel', async () => {
    bot = await startTestBot();
    await bot.send(conversationUpdate({ botAdded: true }, { conversation: 'channel' }));
    const sent = bot.connector.sent();
    expect(sent).toHaveLength(1);
    expect(typeof sent[0]!.text).toBe('string');
    expect(cardsIn(sent[0]!)).toHaveLength(0);
  });
});

describe('conversation references', () => {
  it('are written off the critical path: the reply does not wait, and a later read sees the write', async () => {
    bot = await startTestBot();
    const { references } = bot.assistant.deps;
    const write = references.recordSeen.bind(references);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    references.recordSeen = async (...args) => {
      await gate;
      return write(...args);
    };
    expect((await bot.send(messageActivity('help', { aadObjectId: 'aad-slow' }))).status).toBe(200);
    expect(bot.connector.sent()).toHaveLength(1); // answered while the reference write is still held back
    const read = references.findUserReference('aad-slow', TEST_TENANT);
    release();
    expect(await read).toMatchObject({ _id: userKey(TEST_TENANT, 'aad-slow'), active: true });
  });

  it('are stored for the officer and the conversation, marked inactive on uninstall', async () => {
    bot = await startTestBot();
    await bot.send(messageActivity('help', { aadObjectId: 'aad-42' }));
    const { references } = bot.assistant.deps;
    const user = await references.findUserReference('aad-42', TEST_TENANT);
    expect(user).toMatchObject({ _id: userKey(TEST_TENANT, 'aad-42'), conversationType: 'personal', active: true });
    expect(user!.reference.serviceUrl).toBe(bot.connector.url);
    await bot.send(messageActivity('help', { conversation: 'channel' }));
    expect(await references.findConversationReference('19:channel@thread.tacv2')).toMatchObject({
      _id: conversationKey('19:channel@thread.tacv2'),
      conversationType: 'channel',
      teamId: '19:team@thread.tacv2',
      // Teams names the thread ("<channel>;messageid=<post>"); the channel's reference is the bare channel, so a
      // proactive send starts a new post instead of landing in one person's thread.
      reference: { conversation: { id: '19:channel@thread.tacv2' } },
    });
    await bot.send(installationUpdate('remove', { aadObjectId: 'aad-42' }));
    expect(await references.findUserReference('aad-42', TEST_TENANT)).toBeNull();
  });

  it('survive a restart on the same data directory', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'asb-refs-'));
    try {
      bot = await startTestBot({ dataDir });
      await bot.send(messageActivity('help', { aadObjectId: 'aad-restart' }));
      await bot.stop();
      bot = await startTestBot({ dataDir });
      const found = await bot.assistant.deps.references.findUserReference('aad-restart', TEST_TENANT);
      expect(found?.conversationId).toBe('a:personal-aad-restart');
    } finally {
      await bot?.stop();
      bot = undefined;
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
