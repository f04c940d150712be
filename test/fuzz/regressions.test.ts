/**
 * One named test for each class of HTTP 500 the fuzz corpus found before activities were checked at the edge
 * (src/teams/activityEnvelope.ts): each now gets a clear 400 naming the field (never its value), or, for a
 * button nothing handles, a short message. None reaches a handler, and the bot keeps serving.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { UNKNOWN_BUTTON } from '../../src/teams/help/register.js';
import { invokeAction, messageActivity, TEST_TENANT } from '../support/activities.js';
import { startTestBot, type TestBot } from '../support/bot.js';

const MEGABYTE = 'x'.repeat(1024 * 1024 - 4096);
const logLines: string[] = [];
const logStream = new Writable({ write: (chunk: Buffer, _encoding, done) => void (logLines.push(chunk.toString()), done()) });

let bot: TestBot;
beforeAll(async () => {
  bot = await startTestBot({ logger: pino({ level: 'info' }, logStream) });
});
afterAll(async () => bot.stop());

async function expectRefused(activity: Record<string, unknown>, field: string): Promise<void> {
  const before = bot.connector.calls.length;
  const response = await bot.send(activity as never);
  expect(response.status).toBe(400);
  expect(response.body).toEqual({ error: expect.stringMatching(new RegExp(`^${field.replace('.', '\\.')}: `)) });
  expect(JSON.stringify(response.body).length).toBeLessThan(300);
  expect(bot.connector.calls.length).toBe(before);
}

describe('activities Teams could not have sent get a 400 naming the field', () => {
  it('a 1 MB activity id', async () => {
    await expectRefused({ ...messageActivity('help'), id: MEGABYTE }, 'id');
  });

  it('an activity id, locale or text of the wrong type', async () => {
    await expectRefused({ ...messageActivity('help'), id: 9.4e-323 }, 'id');
    await expectRefused({ ...messageActivity('help'), locale: -1375144626 }, 'locale');
    await expectRefused({ ...messageActivity('help'), text: { $gt: '' } }, 'text');
  });

  it('no channelId, sender or recipient', async () => {
    const { channelId: _channel, ...noChannel } = messageActivity('help');
    await expectRefused(noChannel, 'channelId');
    await expectRefused({ ...messageActivity('help'), from: null }, 'from');
    await expectRefused({ ...messageActivity('help'), from: { name: 'no id' } }, 'from.id');
    await expectRefused({ ...messageActivity('help'), recipient: {} }, 'recipient.id');
  });

  it('entities, attachments or channel data that are not objects', async () => {
    await expectRefused({ ...messageActivity('help'), entities: [null] }, 'entities.0');
    await expectRefused({ ...messageActivity('help'), attachments: 'a\u0000b' }, 'attachments');
    await expectRefused({ ...messageActivity('help'), channelData: { tenant: { id: ['another-tenant'] } } }, 'channelData.tenant.id');
  });

  it('a timestamp that is not a date', async () => {
    await expectRefused({ ...messageActivity('help'), timestamp: '2026-02-30T99:99' }, 'timestamp');
  });

  it('an activity type that is no word (a megabyte, NUL bytes), which is also kept out of the log', async () => {
    await expectRefused({ ...messageActivity('help'), type: MEGABYTE }, 'type');
    await expectRefused({ ...messageActivity('help'), type: 'a\u0000b' }, 'type');
    expect(logLines.some((line) => line.includes('xxxxxxxxxx') || line.includes('a\\u0000b'))).toBe(false);
  });
});

describe('requests no route handles', () => {
  it('a button with an unknown verb is told it is no longer available (200), not an invoke error', async () => {
    for (const verb of ['', '../../etc/passwd', 'case.noSuchThing', '__proto__']) {
      const response = await bot.send(invokeAction(verb, { caseId: { $ne: null } }, { tenantId: TEST_TENANT }));
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ statusCode: 200, value: UNKNOWN_BUTTON });
    }
  });

  it('an invoke of a kind nothing handles gets 400 with a fixed body', async () => {
    const response = await bot.send({ ...invokeAction('help.show', {}), name: 'composeExtension/queryLink' });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: 'this request is not supported' });
  });

  it('keeps serving afterwards', async () => {
    expect((await bot.send(messageActivity('help'))).status).toBe(200);
    expect((await fetch(`${bot.url}/readyz`)).status).toBe(200);
  });
});
