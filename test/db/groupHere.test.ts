/**
 * A counting (or document-gathering) $group answered by the embedded server itself (src/db/embedded/commands/group.ts)
 * gives what mingo, which ran every $group before, gives for the same documents: seeded property tests over random documents
 * (numbers of several BSON types, strings (the empty one too, never a missing field), nulls, missing fields, nested documents and arrays on the paths).
 * One difference is MongoDB's and kept: a path missing from a document is left out of an `_id` object (mingo
 * writes null there), so the comparison merges the groups that differ only by that.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Double, Int32 } from 'bson';
import fc from 'fast-check';
import { Aggregator } from 'mingo/aggregator';
import type { Document } from 'mongodb';
import { cloneForExpressions } from '../../src/db/embedded/clone.js';
import { valueKey } from '../../src/db/embedded/keys.js';
import { mingoOptions } from '../../src/db/embedded/mingoContext.js';
import { connectTarget, type TestTarget } from './target.js';

let target: TestTarget;
beforeAll(async () => {
  target = await connectTarget();
});
afterAll(async () => target.stop());

const scalar = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom(1.5, 'k', 'm', '', null, true));
const value = fc.oneof({ weight: 5, arbitrary: scalar }, { weight: 1, arbitrary: fc.array(scalar, { maxLength: 2 }) });
const inner = fc.oneof({ weight: 4, arbitrary: fc.record({ c: value, d: scalar }, { requiredKeys: [] }) }, { weight: 1, arbitrary: fc.array(fc.record({ c: scalar }), { maxLength: 2 }) }, { weight: 1, arbitrary: scalar });
const doc = fc.record({ a: value, b: inner, e: scalar }, { requiredKeys: [] });
const path = fc.constantFrom('$a', '$e', '$b', '$b.c', '$b.d', '$nope', '$b.c.x');
const groupId = fc.oneof(
  path,
  fc.constantFrom(null, 7, 'all'),
  fc.uniqueArray(fc.tuple(fc.constantFrom('x', 'y', 'z'), path), { minLength: 1, maxLength: 3, selector: ([name]) => name }).map((fields) => Object.fromEntries(fields)),
);
const accumulators = fc.uniqueArray(fc.tuple(fc.constantFrom('n', 'm'), fc.constantFrom(1, 2, 0.5)), { maxLength: 2, selector: ([name]) => name }).map((sums) => Object.fromEntries(sums.map(([name, by]) => [name, { $sum: by }])));

const projection = fc.option(fc.constantFrom<Document>({ a: 1 }, { a: 1, e: 1 }, { 'b.c': 1 }, { b: 1, e: 1 }, { _id: 0, a: 1, 'b.d': 1 }), { nil: undefined });

/** Numbers stored as Int32 or Double too: 1, Int32(1) and Double(1) are one group. */
const typed = (d: Document): Document => ({ ...d, ...(typeof d.e === 'number' && Number.isInteger(d.e) ? { e: d.e % 2 ? new Int32(d.e) : new Double(d.e) } : {}) });
/** The groups with null fields dropped from object `_id`s (merged, their sums added), in key order. */
function comparable(rows: Document[]): Array<[string, Document]> {
  const merged = new Map<string, Document>();
  for (const { _id, ...sums } of rows) {
    const id = valueKey(_id !== null && typeof _id === 'object' && !Array.isArray(_id) ? Object.fromEntries(Object.entries(_id).filter(([, v]) => v !== null && v !== undefined)) : _id);
    const seen = merged.get(id) ?? {};
    for (const [name, n] of Object.entries(sums)) seen[name] = (seen[name] ?? 0) + (n as number);
    merged.set(id, seen);
  }
  return [...merged].sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0));
}

describe('a counting $group run by the embedded server', () => {
  it('groups as mingo does', async () => {
    if (!target.embedded) return;
    let collection = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(doc, { maxLength: 25 }), groupId, accumulators, projection, async (docs, _id, sums, kept) => {
        const stored = target.db.collection(`groups_${collection++}`);
        if (docs.length > 0) await stored.insertMany(docs.map(typed));
        const pipeline = [{ $match: {} }, ...(kept ? [{ $project: kept }] : []), { $group: { _id, ...sums } }];
        const served = await stored.aggregate(pipeline).toArray();
        const all = await stored.find({}).toArray();
        const expected = new Aggregator(pipeline.slice(1), mingoOptions()).run(all.map(cloneForExpressions)) as Document[];
        expect(comparable(served)).toEqual(comparable(expected));
      }),
      { numRuns: 250, seed: 20261202 },
    );
  });

  it("gathers whole documents ($push: '$$ROOT') in the order they come, after a sort and a projection, as mingo does", async () => {
    if (!target.embedded) return;
    let collection = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(doc, { maxLength: 25 }), fc.constantFrom<unknown>('$e', null, 3), projection, fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }), async (docs, _id, kept, limit) => {
        const stored = target.db.collection(`gathered_${collection++}`);
        if (docs.length > 0) await stored.insertMany(docs.map((d, i) => ({ _id: i, ...typed(d) }) as Document));
        const pipeline = [{ $match: {} }, { $sort: { _id: -1 } }, ...(limit ? [{ $limit: limit }] : []), ...(kept ? [{ $project: kept }] : []), { $group: { _id, docs: { $push: '$$ROOT' }, n: { $sum: 1 } } }];
        const served = await stored.aggregate(pipeline).toArray();
        const all = await stored.find({}).sort({ _id: -1 }).limit(limit ?? 0).toArray();
        const expected = new Aggregator(pipeline.slice(limit ? 3 : 2), mingoOptions()).run(all.map(cloneForExpressions)) as Document[];
        const byKey = (rows: Document[]) => rows.map((row) => [valueKey(row._id), row] as const).sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0));
        expect(byKey(served)).toEqual(byKey(expected));
      }),
      { numRuns: 150, seed: 20261203 },
    );
  });

  it('keeps the rows a $match after the group or the projection keeps, as mingo does', async () => {
    if (!target.embedded) return;
    let collection = 0;
    const afterGroup = fc.constantFrom<Document>({ n: { $gte: 2 } }, { $or: [{ n: { $gte: 3 } }, { _id: null }] }, { n: { $lt: 2 }, m: { $exists: true } });
    const afterProjection = fc.constantFrom<Document>({ e: { $in: [1, 'k', ''] } }, { a: null }, { 'b.c': { $gt: 0 } }, { $expr: { $eq: ['$e', 1] } });
    await fc.assert(
      fc.asyncProperty(fc.array(doc, { maxLength: 25 }), groupId, projection, fc.boolean(), afterGroup, afterProjection, async (docs, _id, kept, grouping, groupFilter, projectedFilter) => {
        const stored = target.db.collection(`matched_${collection++}`);
        if (docs.length > 0) await stored.insertMany(docs.map(typed));
        const later = grouping ? [{ $group: { _id, n: { $sum: 1 }, m: { $sum: 2 } } }, { $match: groupFilter }] : [{ $match: projectedFilter }, { $match: { _id: { $exists: true } } }];
        const pipeline = [{ $match: {} }, ...(kept ? [{ $project: kept }] : []), ...later];
        const served = await stored.aggregate(pipeline).toArray();
        const all = await stored.find({}).toArray();
        const expected = new Aggregator(pipeline.slice(1), mingoOptions()).run(all.map(cloneForExpressions)) as Document[];
        if (grouping) expect(comparable(served)).toEqual(comparable(expected));
        else expect(served).toEqual(expected);
      }),
      { numRuns: 200, seed: 20261204 },
    );
  });

  it('leaves a missing path out of an _id object, groups 1 and 1.0 together, and counts null and missing as one top-level group', async () => {
    const stored = target.db.collection('groups_rules');
    await stored.insertMany([{ a: 1, b: 'x' }, { a: new Double(1), b: 'x' }, { b: 'x' }, { a: null, b: 'x' }]);
    const byA = await stored.aggregate([{ $group: { _id: '$a', n: { $sum: 1 } } }]).toArray();
    expect(byA.map((g) => [valueKey(g._id), g.n]).sort()).toEqual([[valueKey(1), 2], [valueKey(null), 2]]);
    const byObject = await stored.aggregate([{ $group: { _id: { a: '$a', b: '$b' }, n: { $sum: 2 } } }]).toArray();
    expect(byObject.map((g) => [JSON.stringify(g._id), g.n]).sort()).toEqual([['{"a":1,"b":"x"}', 4], ['{"a":null,"b":"x"}', 2], ['{"b":"x"}', 2]]);
  });
});
