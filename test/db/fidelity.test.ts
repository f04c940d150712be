/** Behaviour where mingo on its own differs from MongoDB; each case is checked through the real driver. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Double, Int32, Long, ObjectId, MinKey, MaxKey } from 'mongodb';
import { connectTarget, type TestTarget } from './target.js';

let target: TestTarget;
beforeAll(async () => {
  target = await connectTarget();
});
afterAll(async () => target.stop());

const fresh = () => target.db.collection(`f_${Math.random().toString(36).slice(2, 8)}`);

describe('fidelity over mingo', () => {
  it('$setOnInsert applies on an upsert insert only', async () => {
    const c = fresh();
    await c.updateOne({ k: 1 }, { $setOnInsert: { created: 'first' }, $inc: { hits: 1 } }, { upsert: true });
    await c.updateOne({ k: 1 }, { $setOnInsert: { created: 'second' }, $inc: { hits: 1 } }, { upsert: true });
    expect(await c.findOne({ k: 1 }, { projection: { _id: 0 } })).toEqual({ k: 1, created: 'first', hits: 2 });
  });

  it('$type matches BSON types by alias and number', async () => {
    const c = fresh();
    await c.insertMany([
      { v: new ObjectId() }, { v: 'text' }, { v: new Int32(1) }, { v: new Double(1.5) }, { v: Long.fromString('9007199254740993') },
      { v: new Date() }, { v: true }, { v: null }, { v: [1] }, { v: { a: 1 } },
    ]);
    const count = (type: unknown) => c.countDocuments({ v: { $type: type } } as object);
    expect(await count('objectId')).toBe(1);
    expect(await count(7)).toBe(1);
    expect(await count('string')).toBe(1);
    expect(await count('int')).toBe(2); // 1 and the element of [1]
    expect(await count('double')).toBe(1);
    expect(await count('long')).toBe(1);
    expect(await count('number')).toBe(4);
    expect(await count('date')).toBe(1);
    expect(await count('bool')).toBe(1);
    expect(await count('null')).toBe(1);
    expect(await count('array')).toBe(1);
    expect(await count('object')).toBe(1);
    expect(await count(['string', 'bool'])).toBe(2);
  });

  it('sorts across BSON types in MongoDB order', async () => {
    const c = fresh();
    const id = new ObjectId();
    const values: unknown[] = [true, new Date(0), id, 'b', 3, null, { a: 1 }, [0, 5], new MaxKey(), new MinKey()];
    await c.insertMany(values.map((v, i) => ({ i, v })));
    const order = (await c.find({}).sort({ v: 1, i: 1 }).toArray()).map((d) => d.i);
    // MinKey, null, numbers (3, and [0,5] by its smallest 0), string, object, ObjectId, bool, date, MaxKey
    expect(order).toEqual([9, 5, 7, 4, 3, 6, 2, 0, 1, 8]);
  });

  it('sorts an array field descending by its largest element and ascending by its smallest', async () => {
    const c = fresh();
    await c.insertMany([{ n: 'a', v: [1, 10] }, { n: 'b', v: [5] }, { n: 'c', v: [3, 7] }]);
    expect((await c.find().sort({ v: -1 }).toArray()).map((d) => d.n)).toEqual(['a', 'c', 'b']);
    expect((await c.find().sort({ v: 1 }).toArray()).map((d) => d.n)).toEqual(['a', 'c', 'b']);
  });

  it('compares Int32, Double and Long by value and keeps the type through $inc', async () => {
    const c = fresh();
    await c.insertMany([{ n: 'int', v: new Int32(3) }, { n: 'double', v: new Double(4.5) }, { n: 'long', v: Long.fromNumber(5) }]);
    expect((await c.find().sort({ v: -1 }).toArray()).map((d) => d.n)).toEqual(['long', 'double', 'int']);
    expect((await c.find({ v: { $gt: 4 } }).toArray()).map((d) => d.n).sort()).toEqual(['double', 'long']);
    expect(await c.countDocuments({ v: 5 })).toBe(1);
    expect(await c.countDocuments({ v: Long.fromNumber(3) })).toBe(1);

    const big = Long.fromString('9007199254740993'); // 2^53 + 1: not representable as a double
    await c.insertOne({ n: 'big', v: big });
    await c.updateOne({ n: 'big' }, { $inc: { v: Long.fromNumber(1) } });
    const raw = await c.findOne({ n: 'big' }, { promoteLongs: false });
    expect(raw!.v).toBeInstanceOf(Long);
    expect(raw!.v.toString()).toBe('9007199254740994');

    await c.updateOne({ n: 'int' }, { $inc: { v: 2147483647 } });
    const overflowed = await c.findOne({ n: 'int' }, { promoteLongs: false });
    expect(overflowed!.v).toBeInstanceOf(Long); // int32 overflow becomes a 64-bit integer
    expect(overflowed!.v.toString()).toBe('2147483650');

    await c.updateOne({ n: 'double' }, { $inc: { v: 1 } });
    expect((await c.findOne({ n: 'double' }))!.v).toBe(5.5);
  });

  it('compares dates as dates and never across types', async () => {
    const c = fresh();
    await c.insertMany([
      { n: 'jan', at: new Date('2026-01-15T00:00:00Z') },
      { n: 'jun', at: new Date('2026-06-15T00:00:00Z') },
      { n: 'str', at: '2026-03-01' },
      { n: 'num', at: Date.parse('2026-03-01') },
    ]);
    const names = async (filter: object) => (await c.find(filter).sort({ n: 1 }).toArray()).map((d) => d.n);
    expect(await names({ at: { $lt: new Date('2026-03-01T00:00:00Z') } })).toEqual(['jan']);
    expect(await names({ at: { $gte: new Date('2026-03-01T00:00:00Z') } })).toEqual(['jun']);
    expect(await names({ at: new Date('2026-06-15T00:00:00Z') })).toEqual(['jun']);
    expect(await names({ at: { $gt: '2026' } })).toEqual(['str']);
  });

  it('matches ObjectIds by value, alone and in $in', async () => {
    const c = fresh();
    const ids = [new ObjectId(), new ObjectId(), new ObjectId()];
    await c.insertMany(ids.map((owner, i) => ({ owner, i })));
    expect((await c.findOne({ owner: new ObjectId(ids[1]!.toHexString()) }))!.i).toBe(1);
    expect(await c.countDocuments({ owner: { $in: [ids[0], ids[2]] } })).toBe(2);
    expect(await c.countDocuments({ owner: { $gt: ids[0] } })).toBe(2);
  });

  it('matches null against missing fields', async () => {
    const c = fresh();
    await c.insertMany([{ n: 1, x: null }, { n: 2 }, { n: 3, x: 0 }]);
    expect(await c.countDocuments({ x: null })).toBe(2);
    expect(await c.countDocuments({ x: { $ne: null } })).toBe(1);
    expect(await c.countDocuments({ x: { $exists: true } })).toBe(2);
  });
});
