/**
 * maxTimeMS, through the real driver: a read that runs past its limit fails with MongoDB's code 50
 * (MaxTimeMSExpired) and returns nothing; within it, or without one, the same read answers in full.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MongoServerError, type Collection, type Document } from 'mongodb';
import { connectTarget, type TestTarget } from './target.js';

/** Enough documents that scanning them all, unindexed, cannot take under a millisecond on any machine. */
const DOCUMENTS = 60_000;
const NOWHERE = { note: { $regex: 'never-written$' } };

let target: TestTarget;
let incidents: Collection<Document>;
beforeAll(async () => {
  target = await connectTarget();
  incidents = target.db.collection('incidents');
  const docs = Array.from({ length: DOCUMENTS }, (_, i) => ({ seq: i, area: `area-${i % 50}`, note: `incident note number ${i}` }));
  for (let i = 0; i < docs.length; i += 10_000) await incidents.insertMany(docs.slice(i, i + 10_000));
}, 120_000);
afterAll(async () => target.stop());

async function failure(read: Promise<unknown>): Promise<MongoServerError> {
  const error = await read.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(MongoServerError);
  return error as MongoServerError;
}

async function expectTimedOut(read: Promise<unknown>): Promise<void> {
  const error = await failure(read);
  expect({ code: error.code, codeName: error.codeName }).toEqual({ code: 50, codeName: 'MaxTimeMSExpired' });
  expect(error.message).toMatch(/operation exceeded time limit/);
}

describe('maxTimeMS (code 50, as MongoDB)', () => {
  it('stops a find, an aggregate, a countDocuments and a distinct that run past it', async () => {
    await expectTimedOut(incidents.find(NOWHERE).maxTimeMS(1).toArray());
    await expectTimedOut(incidents.find({}).sort({ note: -1 }).maxTimeMS(1).toArray());
    await expectTimedOut(incidents.aggregate([{ $match: NOWHERE }, { $group: { _id: '$area', n: { $sum: 1 } } }], { maxTimeMS: 1 }).toArray());
    await expectTimedOut(incidents.countDocuments(NOWHERE, { maxTimeMS: 1 }));
    await expectTimedOut(incidents.distinct('area', NOWHERE, { maxTimeMS: 1 }));
  });

  it('answers in full within the limit, and without one', async () => {
    expect(await incidents.find(NOWHERE).maxTimeMS(60_000).toArray()).toEqual([]);
    expect(await incidents.countDocuments({ area: 'area-7' }, { maxTimeMS: 60_000 })).toBe(DOCUMENTS / 50);
    expect((await incidents.distinct('area', {}, { maxTimeMS: 60_000 })).length).toBe(50);
    const grouped = await incidents.aggregate([{ $group: { _id: null, n: { $sum: 1 } } }], { maxTimeMS: 60_000 }).toArray();
    expect(grouped).toEqual([{ _id: null, n: DOCUMENTS }]);
    expect(await incidents.countDocuments({ seq: { $lt: 10 } })).toBe(10);
  });

  it('treats 0 as no limit and refuses a negative one', async () => {
    expect(await incidents.countDocuments({ seq: 5 }, { maxTimeMS: 0 })).toBe(1);
    const error = await failure(incidents.find({ seq: 5 }).maxTimeMS(-1).toArray());
    expect(error.code).toBe(2);
  });
});
