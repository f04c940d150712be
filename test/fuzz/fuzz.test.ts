/**
 * Hostile activities against the real endpoint: every answer is below 500 with no internals in its body, the bot
 * stays healthy, and nothing stored changes. `npm test` runs a slice (FUZZ_SIZE, default 150); `npm run fuzz`
 * the full corpus of 2,000. A failure names the activity's index: `corpus(index + 1)[index]` reproduces it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestBot, type TestBot } from '../support/bot.js';
import { sayTo } from '../support/cardDriver.js';
import { corpus, FUZZ_SEED } from './corpus.js';

const SIZE = Number(process.env.FUZZ_SIZE ?? 150);
/** Written by every turn that reaches the app (conversation references) or by the scheduler on its own. */
const BOOKKEEPING = new Set(['conversationReferences', 'agendaJobs']);

let bot: TestBot;
beforeAll(async () => {
  bot = await startTestBot();
  await sayTo(bot, 'help', { aadObjectId: 'aad-officer-1' });
});
afterAll(async () => bot.stop());

async function storedState(): Promise<string> {
  const db = bot.assistant.deps.db;
  const names = (await db.listCollections().toArray()).map((c) => c.name).filter((name) => !BOOKKEEPING.has(name)).sort();
  const state: Record<string, unknown> = {};
  for (const name of names) state[name] = await db.collection(name).find().sort({ _id: 1 }).toArray();
  return JSON.stringify(state);
}

describe(`fuzz corpus (seed ${FUZZ_SEED}, ${SIZE} activities)`, () => {
  it('answers every hostile activity below 500, stays healthy, and changes nothing stored', async () => {
    const before = await storedState();
    const problems: string[] = [];
    const statuses = new Map<number, number>();
    for (const [index, activity] of corpus(SIZE).entries()) {
      const response = await bot.send(activity as never).catch((error: unknown) => ({ status: 599, body: String(error) }));
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      if (response.status >= 500) problems.push(`#${index} (${String(activity.type).slice(0, 30)}): ${response.status}`);
      const text = JSON.stringify(response.body ?? '');
      if (/\bat\s\S+:\d+|Error:|\/work\/|node_modules/.test(text)) problems.push(`#${index}: internal text in the body`);
    }
    expect(problems).toEqual([]);
    // The corpus gets past the edge too: a good share reaches the app's routes and is answered by them.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(SIZE / 5);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(SIZE / 10);
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${bot.url}/readyz`)).status).toBe(200);
    expect(await storedState()).toBe(before);
  }, 1_800_000);
});
