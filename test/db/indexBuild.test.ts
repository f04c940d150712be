/**
 * A long index build gives way to other commands (as mongod's does): the driver's heartbeat and a ping on another
 * connection are answered while it runs, the index serves no query until it is built, writes made meanwhile are
 * in it, and a unique duplicate written meanwhile fails the build and leaves no index.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Collection, Document, ServerHeartbeatSucceededEvent } from 'mongodb';
import { connectTarget, type TestTarget } from './target.js';

const DOCS = 20_000;
const TAGS = 10;

let target: TestTarget;
const heartbeats: number[] = [];
beforeAll(async () => {
  target = await connectTarget({}, { heartbeatFrequencyMS: 500, minHeartbeatFrequencyMS: 100 });
  target.client.on('serverHeartbeatSucceeded', (_event: ServerHeartbeatSucceededEvent) => heartbeats.push(performance.now()));
});
afterAll(async () => target.stop());

/** Documents with many keys each, so building an index over them takes far longer than one slice of work. */
async function load(name: string): Promise<Collection<Document>> {
  const collection = target.db.collection(name);
  for (let start = 0; start < DOCS; start += 5_000) {
    await collection.insertMany(Array.from({ length: 5_000 }, (_, i) => {
      const n = start + i;
      return { _id: n as never, k: n, tags: Array.from({ length: TAGS }, (_, t) => `tag-${(n * 7 + t * 13) % 5_000}`) };
    }));
  }
  return collection;
}

/** Runs `during` while `build` (a long command) is still under way, and says whether it still was when `during` finished. */
async function whileBuilding<T>(build: Promise<unknown>, during: () => Promise<T>): Promise<{ value: T; stillBuilding: boolean; outcome: unknown }> {
  let settled = false;
  const outcome = build.then((v) => v, (e: unknown) => e).finally(() => (settled = true));
  const value = await during();
  const stillBuilding = !settled;
  return { value, stillBuilding, outcome: await outcome };
}

const indexNames = async (collection: Collection<Document>) => (await collection.listIndexes().toArray()).map((i) => String(i.name));

describe('a long write batch', () => {
  it('lets a ping on another connection through while a large insertMany maintains an index', async () => {
    const batch = target.db.collection('batch');
    await batch.createIndex({ tags: 1 });
    const docs = Array.from({ length: DOCS / 2 }, (_, n) => ({ _id: n as never, tags: Array.from({ length: TAGS }, (_, t) => `tag-${(n * 7 + t * 13) % 5_000}`) }));
    const { stillBuilding, outcome } = await whileBuilding(batch.insertMany(docs), () => target.db.admin().command({ ping: 1 }));
    expect(stillBuilding).toBe(true);
    expect(outcome).toMatchObject({ insertedCount: DOCS / 2 });
    expect(await batch.countDocuments({ tags: 'tag-0' })).toBe(await batch.countDocuments({ tags: 'tag-0' }, { hint: { $natural: 1 } }));
  });
});

describe('a long index build', () => {
  it('lets the heartbeat and a ping on another connection through, and serves no query until built', async () => {
    const tagged = await load('tagged');
    const heartbeatsBefore = heartbeats.length;
    const { value, stillBuilding } = await whileBuilding(tagged.createIndex({ tags: 1 }), async () => {
      const started = performance.now();
      await target.db.admin().command({ ping: 1 });
      const pingMs = performance.now() - started;
      const plan = await tagged.find({ tags: 'tag-42' }).explain();
      // Until the monitor's next heartbeat (every 500 ms here) has been sent and answered: the build (about a
      // second here) must still be under way then.
      for (let waited = 0; heartbeats.length === heartbeatsBefore && waited < 3_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
      return { pingMs, stage: plan.queryPlanner.winningPlan.stage as string };
    });
    expect(stillBuilding).toBe(true);
    expect(value.stage).toBe('COLLSCAN');
    expect(heartbeats.length).toBeGreaterThan(heartbeatsBefore);
    const built = await tagged.find({ tags: 'tag-42' }).explain();
    expect(JSON.stringify(built.queryPlanner.winningPlan)).toContain('"indexName":"tags_1"');
  });

  it('holds the writes made while it ran, exactly as a full scan finds them', async () => {
    const written = await load('written');
    const { stillBuilding } = await whileBuilding(written.createIndex({ tags: 1 }), async () => {
      await written.insertOne({ _id: -1 as never, k: -1, tags: ['tag-new'] });
      await written.updateOne({ _id: 0 as never }, { $set: { tags: ['tag-moved'] } });
      await written.deleteOne({ _id: DOCS - 1 as never });
    });
    expect(stillBuilding).toBe(true);
    for (const tag of ['tag-new', 'tag-moved', `tag-${(0 * 7) % 5_000}`, `tag-${((DOCS - 1) * 7) % 5_000}`]) {
      const viaIndex = await written.find({ tags: tag }).hint({ tags: 1 }).sort({ _id: 1 }).toArray();
      const viaScan = await written.find({ tags: tag }).hint({ $natural: 1 }).sort({ _id: 1 }).toArray();
      expect(viaIndex.map((d) => d._id)).toEqual(viaScan.map((d) => d._id));
    }
  });

  it('fails with E11000 and leaves no index when a duplicate is written while a unique build runs', async () => {
    const unique = await load('unique');
    const { stillBuilding, outcome } = await whileBuilding(unique.createIndex({ k: 1, tags: 1 }, { unique: true }), async () => {
      // The first document loaded is the first the build scans: this copy of its keys comes after it.
      await unique.insertOne({ _id: 'copy' as never, k: 0, tags: ['tag-0'] });
    });
    expect(stillBuilding).toBe(true);
    expect(outcome).toMatchObject({ code: 11000 });
    expect(await indexNames(unique)).toEqual(['_id_']);
    expect(await unique.countDocuments({ k: 0 })).toBe(2);
    await unique.deleteOne({ _id: 'copy' as never });
    await unique.createIndex({ k: 1, tags: 1 }, { unique: true });
    expect(await indexNames(unique)).toEqual(['_id_', 'k_1_tags_1']);
  });
});
