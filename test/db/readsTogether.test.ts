/**
 * Reads started together go as one $unionWith aggregate (src/db/readsTogether.ts) and give back exactly what each
 * `find` gives: property-tested over seeded random documents, sorts and limits, on the real driver.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { MongoServerError, type CommandStartedEvent, type Document } from 'mongodb';
import { ReadsTogether } from '../../src/db/readsTogether.js';
import { connectTarget, type TestTarget } from './target.js';

let target: TestTarget;
const started: CommandStartedEvent[] = [];
const COLLECTIONS = ['incidents', 'notes', 'reminders'] as const;

beforeAll(async () => {
  target = await connectTarget({}, { monitorCommands: true });
  target.client.on('commandStarted', (event) => started.push(event));
  let n = 0;
  const random = fc.sample(fc.record({ caseId: fc.constantFrom('c1', 'c2', 'c3'), at: fc.integer({ min: 0, max: 20 }), label: fc.constantFrom('a', 'b', 'c'), status: fc.constantFrom('open', 'done') }), { numRuns: 300, seed: 20261203 });
  for (const name of COLLECTIONS) {
    await target.db.collection(name).createIndex({ caseId: 1, at: -1 });
    await target.db.collection(name).insertMany(random.splice(0, 100).map((doc) => ({ _id: `${name}-${n++}`, ...doc, when: new Date(Date.UTC(2026, 0, 1 + doc.at)) }) as Document));
  }
});
afterAll(async () => target.stop());

const readArb = fc.record({
  collection: fc.constantFrom(...COLLECTIONS),
  filter: fc.oneof(fc.record({ caseId: fc.constantFrom('c1', 'c2', 'c4') }), fc.record({ caseId: fc.constantFrom('c1', 'c2'), status: fc.constantFrom('open', 'done') })),
  sort: fc.constantFrom<Record<string, 1 | -1>>({ at: -1, _id: 1 }, { when: 1, label: -1, _id: 1 }, { label: 1, at: 1, _id: -1 }),
  limit: fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
});

describe('reads together', () => {
  it('gives each read what its own find gives, in one command', async () => {
    const reads = new ReadsTogether(target.db);
    await fc.assert(
      fc.asyncProperty(fc.array(readArb, { minLength: 2, maxLength: 6 }), async (batch) => {
        started.length = 0;
        const together = await Promise.all(batch.map((read) => reads.find(target.db.collection(read.collection), read.filter, { sort: read.sort, ...(read.limit ? { limit: read.limit } : {}) })));
        expect(started.map((event) => event.commandName)).toEqual(['aggregate']);
        for (const [i, read] of batch.entries()) {
          const alone = await target.db.collection(read.collection).find(read.filter).sort(read.sort).limit(read.limit ?? 0).toArray();
          expect(together[i]).toEqual(alone);
        }
      }),
      { numRuns: 60, seed: 20261203 },
    );
  });

  it('fails only the read that is wrong; the others in its batch still answer', async () => {
    const reads = new ReadsTogether(target.db);
    const incidents = target.db.collection('incidents');
    const [good, bad] = await Promise.allSettled([
      reads.find(incidents, { caseId: 'c1' }, { sort: { at: -1, _id: 1 } }),
      reads.find(target.db.collection('notes'), { caseId: { $bogus: 1 } } as Document),
    ]);
    expect(good).toEqual({ status: 'fulfilled', value: await incidents.find({ caseId: 'c1' }).sort({ at: -1, _id: 1 }).toArray() });
    expect(bad.status === 'rejected' && bad.reason).toBeInstanceOf(MongoServerError);
  });

  it('runs the stages after a $unionWith on the combined documents', async () => {
    const counted = await target.db.collection('incidents').aggregate([
      { $match: { caseId: 'c1' } },
      { $unionWith: { coll: 'notes', pipeline: [{ $match: { caseId: 'c1' } }] } },
      { $unionWith: 'reminders' },
      { $group: { _id: null, n: { $sum: 1 } } },
    ]).toArray();
    const expected = (await target.db.collection('incidents').countDocuments({ caseId: 'c1' })) + (await target.db.collection('notes').countDocuments({ caseId: 'c1' })) + 100;
    expect(counted).toEqual([{ _id: null, n: expected }]);
  });
});
