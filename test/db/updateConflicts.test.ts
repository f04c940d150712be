import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MongoServerError, type Collection, type Document } from 'mongodb';
import { connectTarget, type TestTarget } from './target.js';

let target: TestTarget;
let things: Collection<Document>;
beforeAll(async () => {
  target = await connectTarget();
  things = target.db.collection('things');
  await things.insertOne({ _id: 1 as never, a: { b: 1 }, n: 1 });
});
afterAll(async () => target.stop());

async function refusal(update: Document, upsert = false): Promise<MongoServerError> {
  const error = await things.updateOne({ _id: 1 as never }, update, { upsert }).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(MongoServerError);
  return error as MongoServerError;
}

describe('conflicting update paths (code 40, as MongoDB)', () => {
  it.each([
    [{ $set: { n: 2 }, $setOnInsert: { n: 3 } }, "Updating the path 'n' would create a conflict at 'n'"],
    [{ $inc: { n: 1 }, $set: { n: 5 } }, "Updating the path 'n' would create a conflict at 'n'"],
    [{ $set: { 'a.b': 2 }, $unset: { a: '' } }, "Updating the path 'a' would create a conflict at 'a'"],
    [{ $set: { a: {} }, $inc: { 'a.b': 1 } }, "Updating the path 'a.b' would create a conflict at 'a'"],
    [{ $rename: { n: 'm' }, $set: { m: 1 } }, "Updating the path 'm' would create a conflict at 'm'"],
  ])('%j is refused', async (update, message) => {
    const error = await refusal(update, true);
    expect(error.code).toBe(40);
    expect(error.codeName).toBe('ConflictingUpdateOperators');
    expect(error.message).toBe(message);
    expect(await things.findOne({ _id: 1 as never })).toEqual({ _id: 1, a: { b: 1 }, n: 1 });
  });

  it('paths that only share a prefix of characters do not conflict', async () => {
    await things.updateOne({ _id: 1 as never }, { $set: { 'a.b': 2, ab: 1 }, $inc: { n: 1, nn: 1 } });
    expect(await things.findOne({ _id: 1 as never })).toEqual({ _id: 1, a: { b: 2 }, n: 2, ab: 1, nn: 1 });
  });

  it('a replacement document is not read as operators, whatever its fields hold', async () => {
    await things.replaceOne({ _id: 1 as never }, { reference: 'ASB-2026-0001', status: 'open', tags: ['a', 'b'], a: { b: 3 } });
    expect(await things.findOne({ _id: 1 as never })).toEqual({ _id: 1, reference: 'ASB-2026-0001', status: 'open', tags: ['a', 'b'], a: { b: 3 } });
  });
});
