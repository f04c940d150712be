/**
 * Officers' turns while a fan-out of proactive messages runs, against a stand-in that throttles like Teams (50 a
 * second per tenant, counting replies too). The dispatcher leaves the tenant's budget room for the replies the
 * turns sent in the last second, so no reply is throttled, every turn answers, and every message is delivered once.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { teamsConversationLimits, teamsTenantLimits } from '../../src/domain/reminders/rateLimits.js';
import { messageActivity, TEST_TENANT } from '../support/activities.js';
import { startTestBot, type TestBot } from '../support/bot.js';

const OFFICERS = 40;
const EACH = 6;
const TYPING = 2;
let bot: TestBot;

beforeAll(async () => {
  bot = await startTestBot();
  for (let i = 0; i < OFFICERS + TYPING; i++) expect((await bot.send(messageActivity('help', { aadObjectId: `aad-officer-${i}` }))).status).toBe(200);
  bot.connector.clear();
  bot.connector.enforceLimits({ perConversation: teamsConversationLimits, overall: teamsTenantLimits });
});
afterAll(async () => bot.stop());

describe('turns during a fan-out', () => {
  it('keeps room in the tenant budget for replies: nothing throttled, every turn answered', async () => {
    const keys: string[] = [];
    for (let n = 0; n < EACH; n++) {
      for (let i = 0; i < OFFICERS; i++) {
        keys.push(`fan-out:${i}:${n}`);
        await bot.assistant.deps.outbox.enqueue({ key: keys.at(-1)!, to: { kind: 'user', tenantId: TEST_TENANT, aadObjectId: `aad-officer-${i}` }, text: keys.at(-1)! });
      }
    }
    let draining = true;
    const drained = bot.assistant.reminderEngine.drained().then(() => void (draining = false));
    const statuses: number[] = [];
    await Promise.all(
      Array.from({ length: TYPING }, async (_, officer) => {
        while (draining) {
          // Officers who get none of the messages, so only the tenant's budget is shared with them.
          statuses.push((await bot.send(messageActivity('help', { aadObjectId: `aad-officer-${OFFICERS + officer}` }))).status);
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      }),
    );
    await drained;

    expect(statuses.length).toBeGreaterThan(4);
    expect(new Set(statuses)).toEqual(new Set([200]));
    const typists = new Set(Array.from({ length: TYPING }, (_, officer) => `a:personal-aad-officer-${OFFICERS + officer}`));
    expect(bot.connector.refused.filter((call) => typists.has(call.conversationId ?? '')).map((call) => call.conversationId)).toEqual([]);
    const delivered = bot.connector.sent().map((a) => String(a.text)).filter((text) => text.startsWith('fan-out:'));
    expect(delivered.sort()).toEqual([...keys].sort());
  }, 180_000);
});
