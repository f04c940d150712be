/**
 * An action interrupted part-way, seen from Teams: the officer is told their entry is saved (because its intent
 * is recorded), pressing the same button again finishes it, and an ordinary failure does not make that promise.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ActionInterrupted } from '../../src/services/intents.js';
import { turnFailedMessage } from '../../src/teams/app.js';
import type { TestBot } from '../support/bot.js';
import { cardText, findButton, press, sayTo } from '../support/cardDriver.js';
import { invokeAction } from '../support/activities.js';
import { startConnectorStandIn } from '../support/connector.js';
import { startWithFaults, type FailOnce } from '../support/faults.js';

let bot: TestBot;
let faults: FailOnce;

beforeAll(async () => {
  const connector = await startConnectorStandIn();
  const started = await startWithFaults();
  faults = started.faults;
  const { assistant } = started;
  bot = {
    url: assistant.url,
    assistant,
    connector,
    send: async (activity) => {
      const response = await fetch(`${assistant.url}/api/messages`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ...activity, serviceUrl: connector.url }),
      });
      const text = await response.text();
      return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
    },
    stop: async () => {
      await assistant.stop();
      await connector.stop();
    },
  };
});
afterAll(async () => bot.stop());

const typed = {
  area: 'kingsford', ward: 'kingsford-central', categories: 'noise', address: '3 Quay Street', postcode: 'KF3 9ZZ', source: 'phone',
  victim1Name: 'Dora Dean', victim1Consent: 'true', incidentDate: '2026-11-20', incidentTime: '22:30', incidentDescription: 'Shouting in the stairwell.',
};

describe('an interrupted action, through Teams', () => {
  it('says the entry is saved, and the same press finishes the case with its first incident', async () => {
    const form = await sayTo(bot, 'new case');
    faults.arm('case.open', 'case');
    const action = findButton(form, 'Open case');
    await bot.send(invokeAction(String(action.verb), { ...(action.data as object), ...typed }));
    const told = bot.connector.sent().map((a) => String(a.text ?? '')).join('\n');
    expect(told).toContain('What you entered is saved');
    expect(await bot.assistant.deps.intents.unfinished()).toBe(1);

    const again = await press(bot, form, 'Open case', typed);
    expect(cardText(again)).toContain('Incidents (1)');
    expect(await bot.assistant.deps.intents.unfinished()).toBe(0);
    expect(await bot.assistant.deps.db.collection('cases').countDocuments()).toBe(1);
  });

  it('promises nothing when the failure came before anything was recorded', () => {
    expect(turnFailedMessage(new ActionInterrupted('case.open', new Error('x')))).toContain('saved');
    const plain = turnFailedMessage(new Error('database unreachable'));
    expect(plain).not.toMatch(/saved and|nothing .* lost/i);
    expect(plain).toContain('may not have been saved');
  });
});
