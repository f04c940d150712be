import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { MongoBulkWriteError, MongoServerError, ObjectId, type Collection, type CommandStartedEvent } from 'mongodb';
import { connectTarget, type TestTarget } from './target.js';

let target: TestTarget;
interface Person {
  _id?: ObjectId | string;
  name?: string;
  age?: number;
  years?: number;
  nextAge?: number;
  area?: string;
  tags?: string[];
  scores?: Array<{ k: string; v: number }>;
  flagged?: boolean;
  replaced?: boolean;
  seen?: number;
  n?: number;
  x?: number;
  createdBy?: string;
}
let people: Collection<Person>;
const started: CommandStartedEvent[] = [];

beforeAll(async () => {
  target = await connectTarget({}, { monitorCommands: true });
  target.client.on('commandStarted', (event) => started.push(event));
});
afterAll(async () => target.stop());
beforeEach(async () => {
  people = target.db.collection<Person>(`people_${Math.random().toString(36).slice(2, 8)}`);
  await people.insertMany([
    { name: 'Ada', age: 36, area: 'north', tags: ['a', 'b'] },
    { name: 'Ben', age: 17, area: 'south', tags: ['b'] },
    { name: 'Cal', age: 52, area: 'north', tags: [] },
    { name: 'Dee', age: 29, area: 'east' },
  ]);
});

describe('insert', () => {
  it('adds an ObjectId _id, stored first, and reports the count', async () => {
    const result = await people.insertOne({ name: 'Eve' });
    expect(result.insertedId).toBeInstanceOf(ObjectId);
    const stored = await people.findOne({ name: 'Eve' });
    expect(Object.keys(stored!)[0]).toBe('_id');
  });

  it('keeps a client-chosen _id and refuses a second one with E11000', async () => {
    await people.insertOne({ _id: 'fixed', x: 1 });
    const error = await people.insertOne({ _id: 'fixed', x: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MongoServerError);
    expect(error).toMatchObject({ code: 11000, keyPattern: { _id: 1 }, keyValue: { _id: 'fixed' } });
  });
});

describe('find', () => {
  it('filters, sorts, skips, limits and projects', async () => {
    const docs = await people
      .find({ area: 'north' }, { projection: { _id: 0, name: 1 } })
      .sort({ age: -1 })
      .toArray();
    expect(docs).toEqual([{ name: 'Cal' }, { name: 'Ada' }]);
    const page = await people.find({}).sort({ name: 1 }).skip(1).limit(2).project({ name: 1, _id: 0 }).toArray();
    expect(page).toEqual([{ name: 'Ben' }, { name: 'Cal' }]);
  });

  it('supports comparison, logical, array and element operators', async () => {
    const names = async (filter: object) => (await people.find(filter).sort({ name: 1 }).toArray()).map((d) => d.name);
    expect(await names({ age: { $gte: 29, $lt: 50 } })).toEqual(['Ada', 'Dee']);
    expect(await names({ $or: [{ area: 'east' }, { age: { $lt: 18 } }] })).toEqual(['Ben', 'Dee']);
    expect(await names({ tags: 'b' })).toEqual(['Ada', 'Ben']);
    expect(await names({ tags: { $size: 0 } })).toEqual(['Cal']);
    expect(await names({ tags: { $exists: false } })).toEqual(['Dee']);
    expect(await names({ area: { $in: ['south', 'east'] } })).toEqual(['Ben', 'Dee']);
    expect(await names({ area: { $nin: ['north'] } })).toEqual(['Ben', 'Dee']);
    expect(await names({ name: /^[AB]/ })).toEqual(['Ada', 'Ben']);
    expect(await names({ area: { $ne: 'north' }, age: { $gt: 20 } })).toEqual(['Dee']);
  });

  it('answers a missing collection with no documents', async () => {
    expect(await target.db.collection('never_written').find({}).toArray()).toEqual([]);
  });

  it('returns a large result in batches through getMore', async () => {
    const many = target.db.collection('batched');
    await many.insertMany(Array.from({ length: 250 }, (_, i) => ({ i })));
    started.length = 0;
    const all = await many.find({}, { batchSize: 100 }).sort({ i: 1 }).toArray();
    expect(all.map((d) => d.i)).toEqual(Array.from({ length: 250 }, (_, i) => i));
    expect(started.filter((e) => e.commandName === 'getMore')).toHaveLength(2);
  });

  it('kills a cursor closed early, after which getMore fails with CursorNotFound', async () => {
    const many = target.db.collection('batched_kill');
    await many.insertMany(Array.from({ length: 30 }, (_, i) => ({ i })));
    const first = await target.db.command({ find: 'batched_kill', filter: {}, batchSize: 10 });
    const id = first.cursor.id;
    expect(first.cursor.firstBatch).toHaveLength(10);
    const killed = await target.db.command({ killCursors: 'batched_kill', cursors: [id] });
    expect(killed.cursorsKilled).toHaveLength(1);
    const error = await target.db.command({ getMore: id, collection: 'batched_kill' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 43, codeName: 'CursorNotFound' });
  });
});

describe('update', () => {
  it('updates one or many and reports matched and modified counts', async () => {
    const one = await people.updateOne({ area: 'north' }, { $set: { flagged: true } });
    expect(one).toMatchObject({ matchedCount: 1, modifiedCount: 1 });
    const many = await people.updateMany({ area: 'north' }, { $set: { flagged: true } });
    expect(many).toMatchObject({ matchedCount: 2, modifiedCount: 1 });
  });

  it('upserts, seeding from the equality parts of the filter and applying $setOnInsert only on insert', async () => {
    const inserted = await people.updateOne(
      { name: 'Zed', area: 'west', age: { $gt: 10 } },
      { $set: { seen: 1 }, $setOnInsert: { createdBy: 'test' } },
      { upsert: true },
    );
    expect(inserted).toMatchObject({ matchedCount: 0, upsertedCount: 1 });
    const zed = await people.findOne({ _id: inserted.upsertedId! });
    expect(zed).toEqual({ _id: inserted.upsertedId, name: 'Zed', area: 'west', seen: 1, createdBy: 'test' });
    await people.updateOne({ name: 'Zed' }, { $set: { seen: 2 }, $setOnInsert: { createdBy: 'other' } }, { upsert: true });
    expect(await people.findOne({ name: 'Zed' }, { projection: { _id: 0, seen: 1, createdBy: 1 } })).toEqual({ seen: 2, createdBy: 'test' });
  });

  it('sees a change between arrays whose strings hold the separators of a flat encoding', async () => {
    await people.updateOne({ name: 'Ada' }, { $set: { tags: ['a,sb'] } });
    const changed = await people.updateOne({ name: 'Ada' }, { $set: { tags: ['a', 'b'] } });
    expect(changed.modifiedCount).toBe(1);
    expect((await people.findOne({ name: 'Ada' }))?.tags).toEqual(['a', 'b']);
    expect(await people.distinct('scores', {})).toEqual([]);
    await people.updateMany({}, { $set: { scores: [{ k: 'x,"v":1', v: 2 }] } });
    await people.updateOne({ name: 'Ben' }, { $set: { scores: [{ k: 'x', v: 1 }] } });
    expect(await people.countDocuments({ scores: { k: 'x', v: 1 } })).toBe(1);
  });

  it('applies arrayFilters', async () => {
    await people.insertOne({ name: 'Arr', scores: [{ k: 'x', v: 1 }, { k: 'y', v: 2 }] });
    await people.updateOne({ name: 'Arr' }, { $inc: { 'scores.$[s].v': 10 } }, { arrayFilters: [{ 's.k': 'y' }] });
    expect((await people.findOne({ name: 'Arr' }))!.scores).toEqual([{ k: 'x', v: 1 }, { k: 'y', v: 12 }]);
  });

  it('applies the positional $ operator, $push, $addToSet, $pull, $unset and $rename', async () => {
    await people.updateOne({ name: 'Ada', tags: 'b' }, { $set: { 'tags.$': 'B' } });
    await people.updateOne({ name: 'Ada' }, { $push: { tags: 'c' }, $unset: { area: '' }, $rename: { age: 'years' } });
    await people.updateOne({ name: 'Ada' }, { $addToSet: { tags: 'c' } });
    await people.updateOne({ name: 'Ada' }, { $pull: { tags: 'a' } });
    expect(await people.findOne({ name: 'Ada' }, { projection: { _id: 0 } })).toEqual({ name: 'Ada', tags: ['B', 'c'], years: 36 });
  });

  it('runs pipeline-style updates', async () => {
    await people.updateOne({ name: 'Ben' }, [{ $set: { nextAge: { $add: ['$age', 1] } } }]);
    expect((await people.findOne({ name: 'Ben' }))!.nextAge).toBe(18);
  });

  it('replaces a whole document but keeps its _id', async () => {
    const before = await people.findOne({ name: 'Dee' });
    await people.replaceOne({ name: 'Dee' }, { name: 'Dee', replaced: true });
    expect(await people.findOne({ name: 'Dee' })).toEqual({ _id: before!._id, name: 'Dee', replaced: true });
  });

  it('upserts a replacement, taking _id from the filter', async () => {
    const result = await people.replaceOne({ _id: 'chosen' }, { name: 'Replaced' }, { upsert: true });
    expect(result.upsertedId).toBe('chosen');
    expect(await people.findOne({ _id: 'chosen' })).toEqual({ _id: 'chosen', name: 'Replaced' });
    const generated = await people.replaceOne({ name: 'Nobody' }, { name: 'Somebody' }, { upsert: true });
    expect(generated.upsertedId).toBeInstanceOf(ObjectId);
  });

  it('refuses to change _id and to $inc a string', async () => {
    await expect(people.updateOne({ name: 'Ben' }, { $set: { _id: 'x' } })).rejects.toMatchObject({ code: 66 });
    // The driver's types forbid this, so it goes as a raw command, as a buggy client would send it.
    await expect(target.db.command({ update: people.collectionName, updates: [{ q: { name: 'Ben' }, u: { $inc: { name: 1 } } }] }).then((r) => r.writeErrors[0])).resolves.toMatchObject({ code: 14 });
  });

  it('refuses an unknown update operator', async () => {
    await expect(people.updateOne({ name: 'Ben' }, { $frobnicate: { a: 1 } } as object)).rejects.toMatchObject({ code: 9 });
  });
});

describe('delete', () => {
  it('deletes one or many', async () => {
    expect((await people.deleteOne({ area: 'north' })).deletedCount).toBe(1);
    expect((await people.deleteMany({})).deletedCount).toBe(3);
  });
});

describe('findAndModify', () => {
  it('returns the document before or after the update, honouring sort and fields', async () => {
    const before = await people.findOneAndUpdate({ area: 'north' }, { $inc: { age: 1 } }, { sort: { age: 1 }, projection: { name: 1, age: 1, _id: 0 } });
    expect(before).toEqual({ name: 'Ada', age: 36 });
    const after = await people.findOneAndUpdate({ name: 'Ada' }, { $inc: { age: 1 } }, { returnDocument: 'after' });
    expect(after!.age).toBe(38);
  });

  it('upserts and removes', async () => {
    const created = await people.findOneAndUpdate({ name: 'New' }, { $set: { age: 1 } }, { upsert: true, returnDocument: 'after', includeResultMetadata: true });
    expect(created.lastErrorObject).toMatchObject({ n: 1, updatedExisting: false });
    expect(created.value).toMatchObject({ name: 'New', age: 1 });
    const removed = await people.findOneAndDelete({ name: 'New' });
    expect(removed!.name).toBe('New');
    expect(await people.findOneAndDelete({ name: 'New' })).toBeNull();
  });
});

describe('bulk writes', () => {
  it('stops an ordered batch at the first error', async () => {
    await people.createIndex({ name: 1 }, { unique: true });
    const error = (await people
      .insertMany([{ name: 'P1' }, { name: 'Ada' }, { name: 'P2' }], { ordered: true })
      .catch((e: unknown) => e)) as MongoBulkWriteError;
    expect(error).toBeInstanceOf(MongoBulkWriteError);
    expect(error.result.insertedCount).toBe(1);
    expect(error.writeErrors).toMatchObject([{ index: 1, code: 11000 }]);
    expect(await people.countDocuments({ name: { $in: ['P1', 'P2'] } })).toBe(1);
  });

  it('carries on through an unordered batch and reports every error', async () => {
    await people.createIndex({ name: 1 }, { unique: true });
    const error = (await people
      .bulkWrite(
        [
          { insertOne: { document: { name: 'Q1' } } },
          { insertOne: { document: { name: 'Ada' } } },
          { insertOne: { document: { name: 'Ben' } } },
          { insertOne: { document: { name: 'Q2' } } },
        ],
        { ordered: false },
      )
      .catch((e: unknown) => e)) as MongoBulkWriteError;
    expect(error.writeErrors).toHaveLength(2);
    expect(error.result.insertedCount).toBe(2);
  });

  it('reports mixed update and upsert counts', async () => {
    const result = await people.bulkWrite([
      { updateMany: { filter: { area: 'north' }, update: { $set: { n: 1 } } } },
      { updateOne: { filter: { name: 'Up' }, update: { $set: { n: 2 } }, upsert: true } },
      { deleteOne: { filter: { name: 'Dee' } } },
    ]);
    expect(result).toMatchObject({ matchedCount: 2, modifiedCount: 2, upsertedCount: 1, deletedCount: 1 });
    expect(Object.keys(result.upsertedIds)).toEqual(['1']);
  });
});

describe('count and distinct', () => {
  it('counts with a filter, skip and limit', async () => {
    expect(await people.countDocuments({ area: 'north' })).toBe(2);
    expect(await people.countDocuments({}, { skip: 1, limit: 2 })).toBe(2);
    expect((await target.db.command({ count: people.collectionName, query: { age: { $gt: 20 } } })).n).toBe(3);
  });

  it('lists distinct values, unwinding arrays', async () => {
    expect((await people.distinct('area')).sort()).toEqual(['east', 'north', 'south']);
    expect((await people.distinct('tags')).sort()).toEqual(['a', 'b']);
  });
});
