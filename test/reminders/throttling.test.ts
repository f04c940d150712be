/**
 * Throttling against the connector stand-in: a seeded plan answers about a fifth of the sends 429 with
 * Retry-After, each message refused 0 to 2 times whatever order the sends arrive in. Everything is still
 * delivered exactly once, and no conversation ever gets more than Teams allows (7 in 1 s, 8 in 2 s).
 * The retry jitter is seeded too, so every run makes the same decisions.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { busiestWindow } from '../support/windows.js';
import { startTestBot, type TestBot } from '../support/bot.js';
import { TEST_TENANT } from '../support/activities.js';
import { sayTo } from '../support/cardDriver.js';

const OFFICERS = 6;
const EACH = 15;
const SEED = 20261201;
let bot: TestBot;

/** A reproducible stream of numbers in [0, 1), for the dispatcher's retry jitter. */
function seededRandom(seed: number): () => number {
  const values = fc.sample(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { seed, numRuns: 10_000 });
  let next = 0;
  return () => values[next++ % values.length]!;
}

beforeAll(async () => {
  bot = await startTestBot({ dispatcher: { random: seededRandom(SEED) } });
  for (let i = 0; i < OFFICERS; i++) await sayTo(bot, 'help', { aadObjectId: `aad-officer-${i}` });
  bot.connector.clear();
});
afterAll(async () => bot.stop());

describe('delivery under throttling', () => {
  it('delivers every message once, retrying 429s, and keeps each conversation within its limits', async () => {
    // How many times each message is refused before it is let through: 0 four times in five, else 1 or 2
    // (below the dispatcher's 6 attempts, so no message may end up failed).
    const refusals = fc.sample(fc.oneof({ arbitrary: fc.constant(0), weight: 8 }, { arbitrary: fc.integer({ min: 1, max: 2 }), weight: 2 }), { seed: SEED, numRuns: OFFICERS * EACH });
    const plan = new Map<string, number>();
    bot.connector.failWhen(
      (call) => {
        const key = String(call.body?.text ?? '');
        const left = plan.get(key) ?? 0;
        if (left > 0) plan.set(key, left - 1);
        return left > 0;
      },
      429,
      { 'Retry-After': '1' },
    );
    const keys: string[] = [];
    for (let n = 0; n < EACH; n++) {
      for (let i = 0; i < OFFICERS; i++) {
        const key = `throttle-test:${i}:${n}`;
        plan.set(key, refusals[keys.length]!);
        keys.push(key);
        await bot.assistant.deps.outbox.enqueue({ key, to: { kind: 'user', tenantId: TEST_TENANT, aadObjectId: `aad-officer-${i}` }, text: key });
      }
    }
    await bot.assistant.reminderEngine.drained();

    const delivered = bot.connector.sent().map((a) => String(a.text));
    expect([...delivered].sort()).toEqual([...keys].sort());
    expect(bot.connector.failures()).toBe(refusals.reduce((sum, n) => sum + n, 0));
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
  }, 180_000);
});
