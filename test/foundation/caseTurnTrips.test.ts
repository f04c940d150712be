/**
 * `case <ref>` costs at most 3 database round trips, counted as the driver sees them: reads sent together
 * (in parallel) are one round trip; a command sent only after the previous ones answered starts another.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { CommandStartedEvent } from 'mongodb';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/db/embedded/index.js';
import { ManualClock } from '../../src/domain/clock.js';
import { cardText, press, sayTo } from '../support/cardDriver.js';
import { startTestBot, type TestBot } from '../support/bot.js';

let bot: TestBot;
let embedded: EmbeddedMongo;
beforeAll(async () => {
  embedded = await startEmbeddedMongo({ dbName: 'asb' });
  bot = await startTestBot({ clock: new ManualClock('2026-11-23T10:00:00Z'), env: { MONGODB_URI: `${embedded.uri}?monitorCommands=true` } });
});
afterAll(async () => {
  await bot.stop();
  await embedded.stop();
});

/**
 * Collections the background work (scheduler, outbox delivery, reminders) reads on its own clock, and the
 * conversation's reference, written once no turn is waiting (src/turnsInProgress.ts).
 */
const BACKGROUND = new Set(['agendaJobs', 'outbox', 'intents', 'conversationReferences']);
/** The reminder sweep's reads name no case; the card's read of the case's deadlines does. */
const isReminderSweep = (event: CommandStartedEvent) => event.command.find === 'reminders' && !JSON.stringify(event.command.filter ?? {}).includes('caseId');

it('opens a case card in at most 3 database round trips: two aggregates and the audit entry', async () => {
  const form = await sayTo(bot, 'new case');
  const opened = await press(bot, form, 'Open case', {
    area: 'kingsford', ward: 'kingsford-central', categories: 'noise', address: '12 Mill Lane, Kingsford', postcode: 'kf1 2ab', source: 'phone',
    victim1Name: 'Alice Smith', victim1Phone: '07700 900123', victim1Consent: 'true', incidentDate: '2026-11-20', incidentTime: '22:30', incidentDescription: 'Loud music.',
  });
  const reference = /ASB-2026-\d{4}/.exec(cardText(opened))![0];
  await bot.assistant.deps.references.flush();

  let inFlight = 0;
  let roundTrips = 0;
  const commands: string[] = [];
  const reads: string[] = [];
  const afterReply: string[] = [];
  const pending = new Set<number>();
  const started = (event: CommandStartedEvent) => {
    const collection = String(event.command[event.commandName]);
    if (BACKGROUND.has(collection) || isReminderSweep(event)) return;
    // The audit chain's head moves once the reply has gone (src/db/audit.ts): not part of the turn.
    if (!bot.assistant.deps.turns.busy) {
      afterReply.push(`${event.commandName} ${collection}`);
      return;
    }
    const unions = ((event.command.pipeline ?? []) as Array<{ $unionWith?: { coll: string } }>).flatMap((stage) => (stage.$unionWith ? [stage.$unionWith.coll] : []));
    reads.push(...[collection, ...unions].filter(() => ['find', 'aggregate'].includes(event.commandName)));
    if (inFlight === 0) roundTrips += 1;
    inFlight += 1;
    pending.add(event.requestId);
    commands.push(`${event.commandName} ${collection}`);
  };
  const ended = (event: { requestId: number }) => {
    if (pending.delete(event.requestId)) inFlight -= 1;
  };
  const client = bot.assistant.deps.db.client;
  client.on('commandStarted', started);
  client.on('commandSucceeded', ended);
  client.on('commandFailed', ended);
  const card = await sayTo(bot, `case ${reference}`);
  client.off('commandStarted', started);
  client.off('commandSucceeded', ended);
  client.off('commandFailed', ended);

  expect(cardText(card)).toContain(reference);
  expect(roundTrips).toBeLessThanOrEqual(3);
  // The card's eight reads go as two aggregates (src/db/readsTogether.ts): the case with the officer's team (its
  // areas and Case Review thresholds, read once), then the case's records; the audit entry is written beside them.
  expect(reads.sort()).toEqual(['asbTeams', 'cases', 'incidents', 'meetingActions', 'notes', 'reminders', 'riskAssessments', 'victimsMeetingReferrals']);
  expect(commands.sort()).toEqual(['aggregate asbTeams', 'aggregate incidents', 'insert audit'].sort());
  expect(afterReply).toEqual(['update auditHeads']);
});
