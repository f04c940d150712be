import { afterEach, describe, expect, it } from '@jest/globals';
import { TENANT_REFUSAL } from '../../src/teams/tenants.js';
import { messageActivity, TEST_TENANT } from '../support/activities.js';
import { startTestBot, type TestBot } from '../support/bot.js';
import { TestAdapter, type Activity } from 'botbuilder';
import { createTeamsApp, type Feature } from '../../src/teams/app.js';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

describe('HTTP endpoint', () => {
  it('is alive and ready once the database answers and the scheduler runs', async () => {
    bot = await startTestBot();
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${bot.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('is not ready when the scheduler has stopped', async () => {
    bot = await startTestBot();
    await bot.assistant.scheduler.stop();
    expect((await fetch(`${bot.url}/readyz`)).status).toBe(503);
  });

  it('refuses an unauthenticated request with 401 when BOT_ID is set', async () => {
    bot = await startTestBot({
      env: { BOT_ID: '6f1b0c2e-8a43-4c7b-9d55-0a4e2f1c3b7d', BOT_PASSWORD: 'not-a-real-secret', ALLOWED_TENANTS: TEST_TENANT, LINK_SIGNING_SECRET: 'test-link-signing-secret-0123456789abcdef', PUBLIC_URL: 'https://asb-bot.example.gov.uk' },
    });
    const response = await bot.send(messageActivity('help'));
    expect(response.status).toBe(401);
    const forged = await bot.send(messageActivity('help'), { Authorization: 'Bearer not.a.jwt' });
    expect(forged.status).toBe(401);
    expect(bot.connector.calls).toHaveLength(0);
  });

  it('answers a tenant outside the allow-list with a polite refusal and nothing else', async () => {
    bot = await startTestBot({ env: { ALLOWED_TENANTS: 'another-tenant' } });
    const response = await bot.send(messageActivity('help'));
    expect(response.status).toBe(200);
    const sent = bot.connector.sent();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ type: 'message', text: TENANT_REFUSAL });
    expect(sent[0]!.attachments).toBeUndefined();
  });

  it('refuses malformed requests with 400 and keeps serving', async () => {
    bot = await startTestBot();
    const notJson = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"type": ' });
    expect(notJson.status).toBe(400);
    const noConversation = await bot.send({ type: 'message', text: 'help' });
    expect(noConversation.status).toBe(400);
    const noType = await bot.send({ ...messageActivity('help'), type: '' });
    expect(noType.status).toBe(400);
    const unknownType = await bot.send({ ...messageActivity('help'), type: 'somethingNew' });
    expect(unknownType.status).toBe(200);
    expect(bot.connector.calls).toHaveLength(0);
    expect((await bot.send(messageActivity('help'))).status).toBe(200);
    expect(bot.connector.sent()).toHaveLength(1);
  });

  it('sends no typing activity while a turn is slow: each one would spend the conversation\'s send budget', async () => {
    bot = await startTestBot();
    const slow: Feature = (app) => app.message('slow', async (context) => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await context.sendActivity('done');
    });
    const teams = createTeamsApp(bot.assistant.deps, [slow]);
    const adapter = new TestAdapter((context) => teams.handleTurn(context));
    await adapter.processActivity(messageActivity('slow') as Partial<Activity>);
    expect(adapter.activeQueue.map((a) => [a.type, a.text])).toEqual([['message', 'done']]);
  });

  it('finishes a turn in progress when shutting down, then stops accepting requests', async () => {
    bot = await startTestBot();
    bot.connector.setLatency(300); // the bot's roster read and reply are held, so the turn is still running at shutdown
    const turn = bot.send(messageActivity('help'));
    while (bot.connector.arrivals() === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const stopping = bot.assistant.stop();
    expect((await turn).status).toBe(200);
    await stopping;
    expect(bot.connector.sent()).toHaveLength(1);
    await expect(fetch(`${bot.url}/healthz`)).rejects.toThrow();
    await bot.connector.stop();
    bot = undefined;
  });
});
