/**
 * Teams' send limits are shared by every instance of the bot (src/db/sendBudgets.ts): two instances on one
 * database together keep each conversation within 7 in 1 s and 8 in 2 s, and the tenant within 50 a second.
 * First the bookings themselves, made concurrently through two connections at a fixed instant (no real time);
 * then two dispatchers, each in its own assistant with its own connections, draining one outbox into the
 * connector stand-in.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MongoClient, type Db } from 'mongodb';
import { ConnectionString } from 'mongodb-connection-string-url';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/db/embedded/index.js';
import { SendBudgets, type Booking } from '../../src/db/sendBudgets.js';
import { teamsConversationLimits, teamsTenantLimits, type RateWindow } from '../../src/domain/reminders/rateLimits.js';
import { sendBudgetLimits } from '../../src/reminders/dispatcher.js';
import { TEST_TENANT } from '../support/activities.js';
import { busiestWindow } from '../support/windows.js';
import { startTestBot, type TestBot } from '../support/bot.js';
import { sayTo } from '../support/cardDriver.js';
import { startConnectorStandIn } from '../support/connector.js';

const externalUri = process.env.TEST_MONGODB_URI;
let server: EmbeddedMongo | undefined;
let uri: string;
const clients: MongoClient[] = [];
const dbName = `test_budgets_${process.pid}`;

beforeAll(async () => {
  if (!externalUri) server = await startEmbeddedMongo();
  uri = externalUri ?? server!.uri;
});
afterAll(async () => {
  if (clients[0]) await clients[0].db(dbName).dropDatabase().catch(() => undefined);
  for (const client of clients) await client.close();
  await server?.stop();
});

/** A database handle on a connection of its own, as another instance would have. */
async function connection(name = dbName): Promise<Db> {
  const client = await new MongoClient(uri).connect();
  clients.push(client);
  return client.db(name);
}

const withinEvery = (times: number[], windows: readonly RateWindow[]) => windows.every((w) => busiestWindow(times, w.perMs) <= w.limit);

const CONVERSATIONS = 20;
const EACH = 20;
const AT = Date.UTC(2026, 11, 1, 9);

/** Books EACH slots for each of CONVERSATIONS conversations of one tenant, alternately through the budgets given, all at once. */
async function bookAll(budgets: SendBudgets[]): Promise<Array<{ conversation: string; booking: Booking }>> {
  const requests = Array.from({ length: CONVERSATIONS * EACH }, (_, n) => ({ conversation: `conv-${n % CONVERSATIONS}`, via: budgets[n % budgets.length]! }));
  return Promise.all(requests.map(async ({ conversation, via }) => ({ conversation, booking: await via.book(conversation, 'tenant-1', () => AT, Number.POSITIVE_INFINITY) })));
}

describe('send budgets shared in MongoDB', () => {
  it('two instances booking at once keep every conversation and the tenant inside the limits, and lose no booking', async () => {
    const [first, second] = [new SendBudgets(await connection(), sendBudgetLimits), new SendBudgets(await connection(), sendBudgetLimits)];
    const booked = await bookAll([first, second]);

    const slots = booked.map(({ booking }) => (booking.kind === 'slot' ? booking.at : Number.NaN));
    expect(slots.every((s) => s >= AT)).toBe(true);
    expect(withinEvery(slots, sendBudgetLimits.tenant)).toBe(true);
    for (let c = 0; c < CONVERSATIONS; c++) {
      expect(withinEvery(booked.filter((b) => b.conversation === `conv-${c}`).map((b) => (b.booking as { at: number }).at), sendBudgetLimits.conversation)).toBe(true);
    }
    // What is stored is exactly what was handed out: nothing lost to a clash, no slot held for nobody.
    const db = await connection();
    const tenant = await db.collection('sendBudgets').findOne({ _id: 't:tenant-1' as never });
    expect([...(tenant!.booked as number[])].sort()).toEqual([...slots].sort());
    // 400 messages at 50 a second (25 ms of margin) need 8 seconds of slots, and no more.
    expect(Math.max(...slots) - AT).toBeLessThan(8 * (1000 + 25));
  }, 60_000);

  it('with budgets kept apart (as a per-process limiter would), the same bookings exceed the tenant limit', async () => {
    const apart = [new SendBudgets(await connection(`${dbName}_a`), sendBudgetLimits), new SendBudgets(await connection(`${dbName}_b`), sendBudgetLimits)];
    const booked = await bookAll(apart);
    expect(withinEvery(booked.map(({ booking }) => (booking as { at: number }).at), sendBudgetLimits.tenant)).toBe(false);
    for (const db of [`${dbName}_a`, `${dbName}_b`]) await clients[0]!.db(db).dropDatabase();
  }, 60_000);

  it('books nothing when the conversation has no slot soon, and says when it has one', async () => {
    const budgets = new SendBudgets(await connection(), sendBudgetLimits);
    for (let n = 0; n < 7; n++) expect((await budgets.book('conv-busy', 'tenant-2', () => AT, 250)).kind).toBe('slot');
    const deferred = await budgets.book('conv-busy', 'tenant-2', () => AT, 250);
    expect(deferred).toEqual({ kind: 'defer', until: AT + 1000 + 150 });
    const tenant = await (await connection()).collection('sendBudgets').findOne({ _id: 't:tenant-2' as never });
    expect(tenant!.booked).toHaveLength(7);
  }, 30_000);
});

describe('two dispatchers on one database', () => {
  const OFFICERS = 20;
  const MESSAGES_EACH = 8;
  let bots: TestBot[] = [];

  beforeAll(async () => {
    const connector = await startConnectorStandIn();
    const shared = new ConnectionString(uri);
    shared.pathname = `/${dbName}_dispatch`;
    const env = { MONGODB_URI: shared.toString() };
    for (let i = 0; i < 2; i++) bots.push(await startTestBot({ connector, env, processEveryMs: 60_000 }));
    for (let i = 0; i < OFFICERS; i++) await sayTo(bots[0]!, 'help', { aadObjectId: `aad-officer-${i}` });
    await bots[0]!.assistant.deps.references.flush();
    connector.clear();
  }, 60_000);
  afterAll(async () => {
    for (const bot of bots) await bot.assistant.stop();
    await bots[0]?.connector.stop();
    await clients[0]?.db(`${dbName}_dispatch`).dropDatabase();
    bots = [];
  });

  it('together keep each conversation within 7 in 1 s and 8 in 2 s and the tenant within 50/s: 0 lost, 0 duplicates', async () => {
    const [a, b] = bots as [TestBot, TestBot];
    // How many messages each instance recorded as sent (both must have taken part).
    const sentBy = [0, 0];
    bots.forEach(({ assistant: { deps: { outbox } } }, i) => {
      const markSent = outbox.markSent.bind(outbox);
      outbox.markSent = async (record) => (sentBy[i]!++, markSent(record));
    });
    const keys: string[] = [];
    for (let n = 0; n < MESSAGES_EACH; n++) {
      for (let i = 0; i < OFFICERS; i++) keys.push(`shared-budget:${i}:${n}`);
    }
    // Queued through the first instance, which starts sending at once; the second joins while it does.
    for (const key of keys) {
      const officer = key.split(':')[1];
      await a.assistant.deps.outbox.enqueue({ key, to: { kind: 'user', tenantId: TEST_TENANT, aadObjectId: `aad-officer-${officer}` }, text: key });
    }
    await Promise.all([a.assistant.reminderEngine.drained(), b.assistant.reminderEngine.drained()]);

    const posts = a.connector.calls.filter((c) => c.method === 'POST' && c.path.includes('/activities'));
    const delivered = posts.map((c) => String(c.body?.text));
    expect([...delivered].sort()).toEqual([...keys].sort());
    expect(a.connector.failures()).toBe(0);
    const states = await a.assistant.deps.db.collection('outbox').distinct('state', { _id: { $regex: '^shared-budget:' } as never });
    expect(states).toEqual(['sent']);
    expect(sentBy.every((n) => n > 0)).toBe(true);

    // Teams' own limits, counted on arrival at the stand-in.
    expect(withinEvery(posts.map((c) => c.at), teamsTenantLimits)).toBe(true);
    const byConversation = new Map<string, number[]>();
    for (const call of posts) byConversation.set(call.conversationId!, [...(byConversation.get(call.conversationId!) ?? []), call.at]);
    expect(byConversation.size).toBe(OFFICERS);
    for (const times of byConversation.values()) expect(withinEvery(times, teamsConversationLimits)).toBe(true);
  }, 180_000);
});
