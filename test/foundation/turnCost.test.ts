import { afterEach, describe, expect, it } from '@jest/globals';
import type { CommandStartedEvent } from 'mongodb';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/db/embedded/index.js';
import { messageActivity } from '../support/activities.js';
import { startTestBot, type TestBot } from '../support/bot.js';

let bot: TestBot | undefined;
let embedded: EmbeddedMongo | undefined;
afterEach(async () => {
  await bot?.stop();
  await embedded?.stop();
  bot = embedded = undefined;
});

/** Collections the background work (scheduler, outbox delivery, reminders, the sweep of interrupted actions) reads on its own clock. */
const BACKGROUND = new Set(['agendaJobs', 'outbox', 'reminders', 'intents']);
/** The housekeeping job's sweep of stale conversation references (an update of many), also on its own clock. */
const isSweep = (event: CommandStartedEvent) => event.commandName === 'update' && (event.command.updates as Array<{ multi?: boolean }>).some((u) => u.multi);

describe('the database work of one turn', () => {
  it('reads no teams-ai turn state: a `help` turn sends no database command at all', async () => {
    embedded = await startEmbeddedMongo({ dbName: 'asb' });
    bot = await startTestBot({ env: { MONGODB_URI: `${embedded.uri}?monitorCommands=true` } });
    expect((await bot.send(messageActivity('help'))).status).toBe(200); // the first turn records the conversation reference
    await bot.assistant.deps.references.flush(); // that write runs after the reply

    const commands: string[] = [];
    const record = (event: CommandStartedEvent) => {
      const collection = String(event.command[event.commandName]);
      const unions = ((event.command.pipeline ?? []) as Array<{ $unionWith?: { coll: string } }>).flatMap((stage) => (stage.$unionWith ? [`+${stage.$unionWith.coll}`] : []));
      if (!BACKGROUND.has(collection) && !isSweep(event)) commands.push([`${event.commandName} ${collection}`, ...unions].join(' '));
    };
    bot.assistant.deps.db.client.on('commandStarted', record);
    for (let i = 0; i < 3; i++) expect((await bot.send(messageActivity('help'))).status).toBe(200);
    expect((await bot.send(messageActivity('case ASB-2026-99999'))).status).toBe(200);
    bot.assistant.deps.db.client.off('commandStarted', record);

    expect(bot.connector.sent()).toHaveLength(5);
    expect(commands.filter((c) => c.endsWith(' turnState'))).toEqual([]);
    // `case <ref>` for a case that does not exist looks it up, with the team's areas read beside it in the same
    // command (src/db/readsTogether.ts: the card that would show the case needs them), and nothing else.
    expect(commands).toEqual(['aggregate asbTeams +cases']);
  });
});
