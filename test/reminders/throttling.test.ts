/**
 * Throttling against the connector stand-in: 20% of calls answered 429 with Retry-After. Everything is still
 * delivered exactly once, and no conversation ever gets more than Teams allows (7 in 1 s, 8 in 2 s).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestBot, type TestBot } from '../support/bot.js';
import { TEST_TENANT } from '../support/activities.js';
import { sayTo } from '../support/cardDriver.js';

const OFFICERS = 6;
const EACH = 15;
let bot: TestBot;

beforeAll(async () => {
  bot = await startTestBot();
  for (let i = 0; i < OFFICERS; i++) await sayTo(bot, 'help', { aadObjectId: `aad-officer-${i}` });
  bot.connector.clear();
});
afterAll(async () => bot.stop());

/** The most messages any conversation received within any window of `ms`. */
function busiestWindow(times: number[], ms: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; j < sorted.length; j++) {
    while (sorted[j]! - sorted[i]! >= ms) i++;
    most = Math.max(most, j - i + 1);
  }
  return most;
}

describe('delivery under throttling', () => {
  it('delivers every message once, retrying 429s, and keeps each conversation within its limits', async () => {
    bot.connector.failRandomly(0.2, 429, { 'Retry-After': '1' });
    const keys: string[] = [];
    for (let n = 0; n < EACH; n++) {
      for (let i = 0; i < OFFICERS; i++) {
        const key = `throttle-test:${i}:${n}`;
        keys.push(key);
        await bot.assistant.deps.outbox.enqueue({ key, to: { kind: 'user', tenantId: TEST_TENANT, aadObjectId: `aad-officer-${i}` }, text: key });
      }
    }
    await bot.assistant.reminderEngine.drained();

    const delivered = bot.connector.sent().map((a) => String(a.text));
    expect([...delivered].sort()).toEqual([...keys].sort());
    expect(bot.connector.failures()).toBeGreaterThan(0);
    const states = await bot.assistant.deps.db.collection('outbox').distinct('state', { _id: { $regex: '^throttle-test:' } as never });
    expect(states).toEqual(['sent']);

    const byConversation = new Map<string, number[]>();
    for (const call of bot.connector.calls.filter((c) => c.method === 'POST' && c.path.includes('/activities'))) {
      byConversation.set(call.conversationId!, [...(byConversation.get(call.conversationId!) ?? []), call.at]);
    }
    expect(byConversation.size).toBe(OFFICERS);
    for (const times of byConversation.values()) {
      expect(busiestWindow(times, 1000)).toBeLessThanOrEqual(7);
      expect(busiestWindow(times, 2000)).toBeLessThanOrEqual(8);
    }
  }, 60_000);
});
