/**
 * The embedded server's ordered indexes at council scale, through the real driver and the app's own
 * repository code: the due-reminder sweep among 200k reminders, the outbox claim among 100k pending
 * messages, and an indexed range query with sort + limit 10 at 10k and at 1M documents (flat growth).
 * Each figure is printed beside its target or its same-run baseline.
 * Run with `npm run bench -- indexes`.
 */
import { availableParallelism, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { MongoClient, type Db, type Document } from 'mongodb';
import { startEmbeddedMongo } from '../src/db/embedded/index.js';
import { OutboxStore } from '../src/db/outbox.js';
import { ReminderStore } from '../src/db/reminders.js';
import { printTable, seededRandom, summarise, verdict } from './stats.js';

const REMINDERS = 200_000;
const PENDING = 100_000;
const SAMPLES = 300;
const now = new Date('2026-12-01T08:30:00Z');
const minute = 60_000;

async function insertAll(db: Db, name: string, count: number, make: (i: number) => Document): Promise<void> {
  for (let start = 0; start < count; start += 10_000) {
    await db.collection(name).insertMany(Array.from({ length: Math.min(10_000, count - start) }, (_, j) => make(start + j)), { ordered: false });
  }
}

async function sample(count: number, operation: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 20; i++) await operation(i); // warm up
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const before = performance.now();
    await operation(i);
    latencies.push(performance.now() - before);
  }
  return summarise(latencies, performance.now() - started);
}

/** Due reminders: 200k open and closed reminders, 1% of them due; the sweep reads a page of 100. */
async function dueReminders(db: Db) {
  const store = new ReminderStore(db, { now: () => now }, () => undefined);
  await store.ensureIndexes();
  const random = seededRandom(17);
  await insertAll(db, 'reminders', REMINDERS, (i) => ({
    _id: `rem-${i}`,
    status: i % 4 === 0 ? 'done' : 'open',
    nextNoticeAt: new Date(now.getTime() + (random() < 0.01 ? -1 : 1) * Math.floor(random() * 60 * 24 * 30) * minute),
    dueDate: '2026-12-01',
    caseId: `case-${i % 50_000}`,
    recipient: { tenantId: 't', aadObjectId: `officer-${i % 500}` },
    noticesQueued: [],
  }));
  return sample(SAMPLES, () => store.dueForNotice(now, 100));
}

/** The outbox claim: 100k pending messages, all due, each claim takes one (one findOneAndUpdate). */
async function outboxClaim(db: Db) {
  const store = new OutboxStore(db, { now: () => now });
  await store.ensureIndexes();
  // As enqueue stores them: a pending message is due (dueAt) at its notBefore.
  await insertAll(db, 'outbox', PENDING + SAMPLES + 20, (i) => {
    const notBefore = new Date(now.getTime() - (i % 1000) * minute);
    return { _id: `msg-${i}`, to: { conversationId: `c${i % 500}` }, state: 'pending', notBefore, dueAt: notBefore, attempts: 0, createdAt: now };
  });
  return sample(SAMPLES, async () => {
    const [claimed] = await store.claim(60_000, 1);
    if (!claimed) throw new Error('the outbox claim found nothing to send');
  });
}

/** `incidents of a case, newest first, 10 at a time` on a collection of `size` documents. */
async function rangeWithSortAndLimit(db: Db, size: number) {
  const name = `incidents_${size}`;
  await db.collection(name).createIndex({ caseId: 1, occurredAt: -1 });
  const cases = Math.max(1, size / 20);
  await insertAll(db, name, size, (i) => ({ caseId: `case-${i % cases}`, occurredAt: new Date(now.getTime() - i * minute), categories: ['noise'] }));
  const random = seededRandom(size);
  return sample(SAMPLES, () =>
    db
      .collection(name)
      .find({ caseId: `case-${Math.floor(random() * cases)}`, occurredAt: { $lte: now } })
      .sort({ occurredAt: -1 })
      .limit(10)
      .toArray(),
  );
}

export async function main(): Promise<void> {
  const server = await startEmbeddedMongo({ dbName: 'bench' });
  const client = new MongoClient(server.uri);
  try {
    await client.connect();
    const db = client.db('bench');
    const due = await dueReminders(db);
    const claim = await outboxClaim(db);
    const small = await rangeWithSortAndLimit(db, 10_000);
    const large = await rangeWithSortAndLimit(db, 1_000_000);
    const ratio = large.p95 / small.p95;
    console.log(`Embedded server, in memory, through the driver; ${SAMPLES} samples each, one at a time.`);
    printTable([
      { measure: `due reminders among ${REMINDERS.toLocaleString('en-GB')} (page of 100)`, 'p50 ms': due.p50, 'p95 ms': due.p95, baseline: 'target 20 ms', ratio: `${(due.p95 / 20).toFixed(2)}x`, verdict: verdict(due.p95 <= 20) },
      { measure: `outbox claim among ${PENDING.toLocaleString('en-GB')} pending`, 'p50 ms': claim.p50, 'p95 ms': claim.p95, baseline: 'target 5 ms', ratio: `${(claim.p95 / 5).toFixed(2)}x`, verdict: verdict(claim.p95 <= 5) },
      { measure: 'range + sort + limit 10 at 10k', 'p50 ms': small.p50, 'p95 ms': small.p95, baseline: '(baseline)', ratio: '1.00x', verdict: '' },
      { measure: 'range + sort + limit 10 at 1M', 'p50 ms': large.p50, 'p95 ms': large.p95, baseline: `10k p95 ${small.p95.toFixed(2)} ms`, ratio: `${ratio.toFixed(2)}x`, verdict: verdict(ratio <= 3) },
    ]);
    console.log(`(machine load average over the last minute: ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores)`);
  } finally {
    await client.close();
    await server.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
