/**
 * Hostile activities against the real endpoint: every answer is below 500 with no internals in its body, the bot
 * stays healthy, and nothing stored changes; hostile signed-download links get below 500 and no file. `npm test`
 * runs a slice (FUZZ_SIZE, default 150); `npm run fuzz` the full corpus of 2,000. A third of it presses the real
 * buttons of the bot's own cards (on a real case) with data of the wrong type, or as someone of another tenant.
 * A failure names the activity's index: `corpus(size, buttons)[index]` reproduces it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { invokeAction } from '../support/activities.js';
import { startTestBot, type TestBot } from '../support/bot.js';
import { cardText, press, sayTo } from '../support/cardDriver.js';
import { corpus, downloadPaths, FUZZ_SEED, type RealButton } from './corpus.js';

const SIZE = Number(process.env.FUZZ_SIZE ?? 150);
/** Written by every turn that reaches the app (conversation references) or by the scheduler on its own. */
const BOOKKEEPING = new Set(['conversationReferences', 'agendaJobs', 'auditHeads']);

let bot: TestBot;
let buttons: RealButton[] = [];
beforeAll(async () => {
  bot = await startTestBot();
  const card = await press(bot, await sayTo(bot, 'new case'), 'Open case', {
    area: 'kingsford',
    ward: 'kingsford-central',
    categories: 'noise',
    address: '1 Mill Lane, Kingsford',
    postcode: 'KF1 2AB',
    source: 'phone',
    victim1Name: 'Resident Mill Lane',
    victim1Consent: 'true',
    incidentDate: '2026-11-20',
    incidentTime: '21:00',
    incidentDescription: 'Shouting in the street late at night.',
  });
  const reference = /ASB-2026-\d{4}/.exec(cardText(card))![0];
  for (const text of ['help', 'new case', 'my cases', 'my deadlines', `case ${reference}`]) await sayTo(bot, text);
  const cards = [card, ...bot.connector.sent().flatMap((sent) => ((sent.attachments ?? []) as Array<{ content: unknown }>).map((a) => a.content))];
  // The forms those buttons open (Add note, Close, Log incident…) carry the buttons that write.
  for (const opener of realButtons(cards)) {
    if (!/form$/i.test(opener.verb)) continue;
    const answer = await bot.send(invokeAction(opener.verb, opener.data));
    cards.push((answer.body as { value?: unknown } | undefined)?.value);
  }
  buttons = realButtons(cards);
}, 120_000);
afterAll(async () => bot.stop());

/** Every element of a card, depth first. */
function elements(node: unknown, found: Array<Record<string, unknown>> = []): Array<Record<string, unknown>> {
  if (Array.isArray(node)) node.forEach((item) => elements(item, found));
  else if (node && typeof node === 'object') {
    found.push(node as Record<string, unknown>);
    Object.values(node).forEach((value) => elements(value, found));
  }
  return found;
}

/** Every Action.Execute on these cards, once per verb, in a stable order, with its card's inputs: what the corpus presses. */
function realButtons(cards: unknown[]): RealButton[] {
  const found = new Map<string, RealButton>();
  for (const card of cards) {
    const all = elements(card);
    const inputs = [...new Set(all.filter((e) => String(e.type).startsWith('Input.') && typeof e.id === 'string').map((e) => String(e.id)))];
    for (const e of all) {
      if (e.type === 'Action.Execute' && typeof e.verb === 'string' && !found.has(e.verb)) found.set(e.verb, { verb: e.verb, data: (e.data ?? {}) as Record<string, unknown>, inputs });
    }
  }
  return [...found.values()].sort((a, b) => a.verb.localeCompare(b.verb));
}

/**
 * Every stored document, by collection. A member of the team reading the case is a valid action that is audited
 * ("view"), so those audit entries (and the chain's head) are left out; any other audit entry is compared.
 */
async function storedState(): Promise<Record<string, unknown[]>> {
  const db = bot.assistant.deps.db;
  const names = (await db.listCollections().toArray()).map((c) => c.name).filter((name) => !BOOKKEEPING.has(name)).sort();
  const state: Record<string, unknown[]> = {};
  for (const name of names) {
    const docs = await db.collection(name).find(name === 'audit' ? { action: { $ne: 'view' } } : {}).sort({ _id: 1 }).toArray();
    state[name] = JSON.parse(JSON.stringify(docs)) as unknown[];
  }
  return state;
}

describe(`fuzz corpus (seed ${FUZZ_SEED}, ${SIZE} activities)`, () => {
  it('answers every hostile activity below 500, stays healthy, and changes nothing stored', async () => {
    const before = await storedState();
    const problems: string[] = [];
    const statuses = new Map<number, number>();
    expect(buttons.length).toBeGreaterThan(5);
    for (const [index, activity] of corpus(SIZE, buttons).entries()) {
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
    expect(await storedState()).toEqual(before);
  }, 1_800_000);

  it('answers every hostile download link below 500 with a fixed body, and serves no file', async () => {
    const problems: string[] = [];
    for (const [index, path] of downloadPaths(Math.max(50, Math.round(SIZE / 10))).entries()) {
      const response = await fetch(`${bot.url}${path}`);
      const body = await response.text();
      if (response.status >= 500 || response.status === 200) problems.push(`download #${index}: ${response.status}`);
      if (/\bat\s\S+:\d+|Error:|\/work\/|node_modules/.test(body)) problems.push(`download #${index}: internal text in the body`);
    }
    expect(problems).toEqual([]);
    expect((await fetch(`${bot.url}/readyz`)).status).toBe(200);
  }, 600_000);
});
