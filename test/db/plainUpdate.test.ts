/**
 * Top-level `$set`/`$unset` are applied by the embedded server itself, everything else by mingo: both must
 * give what MongoDB gives. (connectTarget can also point these at a real MongoDB.)
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { MongoServerError, type Collection, type Document } from 'mongodb';
import { connectTarget, type TestTarget } from './target.js';

let target: TestTarget;
interface Doc extends Document {
  _id: string;
}
let docs: Collection<Doc>;
beforeAll(async () => {
  target = await connectTarget();
});
afterAll(async () => target.stop());
beforeEach(async () => {
  docs = target.db.collection<Doc>(`plain_${Math.random().toString(36).slice(2, 8)}`);
  await docs.insertOne({ _id: 'a', name: 'Ada', area: 'north', nested: { x: 1 }, tags: ['t'], gone: true });
});

describe('$set and $unset of top-level fields', () => {
  it('replace values in place, append new fields, remove unset ones, and count the change', async () => {
    const when = new Date('2026-11-23T09:00:00Z');
    const result = await docs.updateOne({ _id: 'a' }, { $set: { area: 'south', nested: { y: [1, { z: 2 }] }, at: when }, $unset: { gone: '' } });
    expect(result.modifiedCount).toBe(1);
    const found = await docs.findOne({ _id: 'a' });
    expect(found).toEqual({ _id: 'a', name: 'Ada', area: 'south', nested: { y: [1, { z: 2 }] }, tags: ['t'], at: when });
    expect(Object.keys(found!)).toEqual(['_id', 'name', 'area', 'nested', 'tags', 'at']);
  });

  it('counts an update that changes nothing as matched but not modified', async () => {
    const result = await docs.updateOne({ _id: 'a' }, { $set: { name: 'Ada' }, $unset: { missing: '' } });
    expect([result.matchedCount, result.modifiedCount]).toEqual([1, 0]);
  });

  it('build an upserted document from the filter, $set and $setOnInsert', async () => {
    await docs.updateOne({ _id: 'b' }, { $set: { name: 'Ben' }, $setOnInsert: { createdBy: 'x' }, $unset: { inactiveSince: '' } }, { upsert: true });
    expect(await docs.findOne({ _id: 'b' })).toEqual({ _id: 'b', name: 'Ben', createdBy: 'x' });
  });

  it('refuse to change _id', async () => {
    await expect(docs.updateOne({ _id: 'a' }, { $set: { _id: 'z' } })).rejects.toThrow(MongoServerError);
    expect(await docs.findOne({ _id: 'a' })).not.toBeNull();
  });

  it('refuse a field called __proto__ (left to mingo, which refuses it) without touching any prototype', async () => {
    await expect(docs.updateOne({ _id: 'a' }, { $set: { ['__proto__']: { polluted: true } } as Document })).rejects.toThrow(/__proto__/);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('leave dotted paths to the full updater', async () => {
    await docs.updateOne({ _id: 'a' }, { $set: { 'nested.y': 2 }, $unset: { 'nested.x': '' } });
    expect((await docs.findOne({ _id: 'a' }))!.nested).toEqual({ y: 2 });
  });
});
