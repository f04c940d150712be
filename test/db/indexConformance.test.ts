/**
 * Ordered indexes answer exactly as a full scan does. Seeded property tests: random documents (numbers,
 * strings, nulls, missing fields, arrays) go into one collection with indexes and one without; random
 * filters (equality, $in, ranges), sorts, skips and limits must give the same documents from both, in an
 * order that agrees on the sort keys (ties may come in either order, as in MongoDB).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { Collection, Document } from 'mongodb';
import { compareBySort } from '../../src/db/embedded/bsonOrder.js';
import { connectTarget, type TestTarget } from './target.js';

let target: TestTarget;
beforeAll(async () => {
  target = await connectTarget();
});
afterAll(async () => {
  await target.stop();
  // Most random queries bound an indexed field; many are answered in index order with no sort stage.
  expect(served.indexScans).toBeGreaterThan(served.queries / 2);
  expect(served.sortsFromIndex).toBeGreaterThan(served.queries / 10);
  // Filters on an index's bounded fields alone are counted from its keys (a real server only for one interval).
  if (target.embedded) expect(counted.fromKeys).toBeGreaterThan(counted.queries / 4);
});

const scalar = fc.oneof(fc.integer({ min: 0, max: 9 }), fc.constantFrom('k', 'm', 'q'), fc.constant(null));
const fieldValue = fc.oneof({ weight: 4, arbitrary: scalar }, { weight: 1, arbitrary: fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 3 }) });
const scalarDoc = fc.record({ a: scalar, b: scalar, c: scalar }, { requiredKeys: [] });
const multikeyDoc = fc.record({ a: fieldValue, b: scalar, c: fieldValue }, { requiredKeys: [] });

const operand = fc.oneof(fc.integer({ min: -1, max: 10 }), fc.constantFrom('k', 'm', 'q'));
const condition = fc.oneof(
  operand,
  operand.map((v) => ({ $eq: v })),
  fc.array(operand, { minLength: 1, maxLength: 3 }).map((vs) => ({ $in: vs })),
  fc.tuple(fc.constantFrom('$gt', '$gte', '$lt', '$lte'), operand).map(([op, v]) => ({ [op]: v })),
  fc.tuple(fc.constantFrom('$gt', '$gte'), operand, fc.constantFrom('$lt', '$lte'), operand).map(([lo, x, hi, y]) => ({ [lo]: x, [hi]: y })),
);
const filter = fc.record({ a: condition, b: condition, c: condition }, { requiredKeys: [] });
const sort = fc.option(
  fc.uniqueArray(fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.constantFrom(1 as const, -1 as const)), { maxLength: 2, selector: ([f]) => f }).map((pairs) => Object.fromEntries(pairs) as Record<string, 1 | -1>),
  { nil: undefined },
);
const query = fc.record({ filter, sort, skip: fc.integer({ min: 0, max: 2 }), limit: fc.integer({ min: 0, max: 4 }) });

interface Query {
  filter: Document;
  sort: Record<string, 1 | -1> | undefined;
  skip: number;
  limit: number;
}

/** How the queries were served, so the suite proves the indexes were used, not just bypassed. */
const served = { indexScans: 0, sortsFromIndex: 0, queries: 0 };
function tally(explained: Document) {
  const stages: string[] = [];
  for (let stage: Document | undefined = explained.queryPlanner.winningPlan; stage; stage = stage.inputStage) stages.push(stage.stage);
  served.queries += 1;
  if (stages.includes('IXSCAN')) served.indexScans += 1;
  if (stages.includes('IXSCAN') && !stages.includes('SORT')) served.sortsFromIndex += 1;
}

let run = 0;
type Indexes = Array<{ key: Record<string, 1 | -1>; options?: Document }>;

/** Loads the documents into an indexed and a plain collection, runs `check` on both, then drops them. */
async function loaded(docs: Document[], indexes: Indexes, check: (indexed: Collection<Document>, plain: Collection<Document>) => Promise<void>) {
  run += 1;
  const indexed = target.db.collection<Document>(`indexed_${run}`);
  const plain = target.db.collection<Document>(`plain_${run}`);
  for (const { key, options } of indexes) await indexed.createIndex(key, options ?? {});
  const numbered: Document[] = docs.map((doc, i) => ({ _id: i, ...doc }));
  if (numbered.length > 0) {
    await indexed.insertMany(numbered.map((d) => ({ ...d })));
    await plain.insertMany(numbered.map((d) => ({ ...d })));
  }
  try {
    await check(indexed, plain);
  } finally {
    await indexed.drop();
    await plain.drop();
  }
}

const describeQuery = (q: Query) => JSON.stringify(q, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));

/** Checks every query against both collections. */
async function conforms(docs: Document[], indexes: Indexes, queries: Query[]) {
  await loaded(docs, indexes, async (indexed, plain) => {
    for (const q of queries) {
      const options = { sort: q.sort, skip: q.skip, limit: q.limit };
      const got = await indexed.find(q.filter, options).toArray();
      tally(await indexed.find(q.filter, options).explain());
      const all = await plain.find(q.filter, { sort: q.sort }).toArray();
      const context = describeQuery(q);
      if (!q.sort) {
        const expected = q.limit === 0 && q.skip === 0 ? all : undefined;
        if (expected) expect({ context, ids: got.map((d) => d._id).sort() }).toEqual({ context, ids: expected.map((d) => d._id).sort() });
        else {
          expect({ context, n: got.length }).toEqual({ context, n: Math.max(0, Math.min(q.limit || Infinity, all.length - q.skip)) });
          const allowed = new Set(all.map((d) => d._id));
          expect({ context, stray: got.filter((d) => !allowed.has(d._id)) }).toEqual({ context, stray: [] });
        }
        continue;
      }
      const expected = all.slice(q.skip, q.limit ? q.skip + q.limit : undefined);
      expect({ context, n: got.length }).toEqual({ context, n: expected.length });
      const allowed = new Set(all.map((d) => d._id));
      const order = compareBySort(q.sort);
      const mismatched = got.filter((doc, i) => !allowed.has(doc._id) || order(doc, expected[i]!) !== 0);
      expect({ context, mismatched }).toEqual({ context, mismatched: [] });
    }
  });
}

/** How counts were served: from index keys alone (COUNT_SCAN), or not. */
const counted = { fromKeys: 0, queries: 0 };

/** The count command (with skip and limit) on the indexed collection against the plain one's full scan. */
async function countsConform(docs: Document[], indexes: Indexes, queries: Query[]) {
  await loaded(docs, indexes, async (indexed, plain) => {
    for (const q of queries) {
      const command = { count: indexed.collectionName, query: q.filter, ...(q.skip ? { skip: q.skip } : {}), ...(q.limit ? { limit: q.limit } : {}) };
      const { n } = await target.db.command(command);
      const all = (await plain.find(q.filter).toArray()).length;
      const context = describeQuery(q);
      expect({ context, n }).toEqual({ context, n: Math.min(q.limit || Infinity, Math.max(0, all - q.skip)) });
      const explained = await target.db.command({ explain: command });
      counted.queries += 1;
      if (explained.queryPlanner.winningPlan.inputStage?.stage === 'COUNT_SCAN') counted.fromKeys += 1;
    }
  });
}

/** Documents and filters wholly on the bounded fields of an index {s, t}, across BSON types. */
const base = Date.UTC(2026, 11, 1);
const typed = fc.oneof(
  fc.integer({ min: 0, max: 6 }).map((d) => new Date(base + d * 86_400_000)),
  fc.integer({ min: 0, max: 6 }).map((n) => n + 0.5),
  fc.integer({ min: 0, max: 6 }).map((n) => BigInt(n)),
  fc.constantFrom('k', 'm', null),
);
const typedDoc = fc.record({ s: fc.constantFrom('open', 'done'), t: typed }, { requiredKeys: ['s'] });
const typedBound = fc.oneof(typed.filter((v) => v !== null), fc.integer({ min: 0, max: 6 }));
const typedRange = fc.oneof(
  typedBound,
  fc.tuple(fc.constantFrom('$gt', '$gte', '$lt', '$lte'), typedBound).map(([op, v]) => ({ [op]: v })),
  fc.tuple(fc.constantFrom('$gt', '$gte'), typedBound, fc.constantFrom('$lt', '$lte'), typedBound).map(([lo, x, hi, y]) => ({ [lo]: x, [hi]: y })),
  fc.array(typedBound, { minLength: 1, maxLength: 3 }).map((vs) => ({ $in: vs })),
);
const exactQuery = fc.record({
  filter: fc.record({ s: fc.constantFrom('open', 'done'), t: typedRange }, { requiredKeys: ['s'] }),
  sort: fc.constantFrom(undefined, { t: 1 as const }, { t: -1 as const }),
  skip: fc.constant(0),
  limit: fc.integer({ min: 0, max: 3 }),
});

const settings = { seed: 20261201, numRuns: 40 };

describe('ordered indexes agree with a full scan', () => {
  it('on single-field, compound and descending indexes: ranges, $in, sort, skip and limit', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(scalarDoc, { maxLength: 60 }), fc.array(query, { minLength: 1, maxLength: 8 }), (docs, queries) =>
        conforms(docs, [{ key: { a: 1 } }, { key: { b: -1, a: 1 } }, { key: { c: 1, b: 1, a: -1 } }], queries),
      ),
      settings,
    );
  });

  it('looked up by _id ($eq, $in with repeats and absent ids) with other conditions, against $and (a full scan)', async () => {
    const idCondition = fc.oneof(
      fc.integer({ min: -1, max: 70 }),
      fc.integer({ min: -1, max: 70 }).map((v) => ({ $eq: v })),
      fc.array(fc.oneof(fc.integer({ min: -1, max: 70 }), fc.constant('k')), { minLength: 1, maxLength: 12 }).map((vs) => ({ $in: vs })),
    );
    const idQuery = fc.record({ id: idCondition, rest: filter });
    await fc.assert(
      fc.asyncProperty(fc.array(multikeyDoc, { maxLength: 60 }), fc.array(idQuery, { minLength: 1, maxLength: 8 }), (docs, queries) =>
        loaded(docs, [{ key: { a: 1 } }], async (indexed, plain) => {
          for (const { id, rest } of queries) {
            const got = await indexed.find({ _id: id, ...rest } as Document).toArray();
            const scanned = await plain.find({ $and: [{ _id: id }, rest] } as Document).toArray();
            const context = JSON.stringify({ id, rest });
            expect({ context, ids: got.map((d) => d._id).sort() }).toEqual({ context, ids: scanned.map((d) => d._id).sort() });
            expect({ context, n: await indexed.countDocuments({ _id: id, ...rest } as Document) }).toEqual({ context, n: scanned.length });
          }
        }),
      ),
      settings,
    );
  });

  it('read to the end by the only plan that applies, in either direction, with no limit (multikey too)', async () => {
    const onlyA = fc.record({ filter: fc.record({ a: condition }), sort: fc.constantFrom(undefined, { a: 1 as const }, { a: -1 as const }), skip: fc.integer({ min: 0, max: 2 }), limit: fc.constant(0) });
    await fc.assert(
      // Plain values give the sort from the index; arrays make it multikey (read once per document, sorted after).
      fc.asyncProperty(fc.oneof(fc.array(scalarDoc, { maxLength: 60 }), fc.array(multikeyDoc, { maxLength: 60 })), fc.constantFrom<1 | -1>(1, -1), fc.array(onlyA, { minLength: 1, maxLength: 6 }), (docs, direction, queries) =>
        conforms(docs, [{ key: { a: direction } }], queries),
      ),
      settings,
    );
  });

  it('on multikey indexes over arrays', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(multikeyDoc, { maxLength: 60 }), fc.array(query, { minLength: 1, maxLength: 8 }), (docs, queries) =>
        conforms(docs, [{ key: { a: 1 } }, { key: { c: -1, b: 1 } }, { key: { b: 1, a: 1 } }], queries),
      ),
      settings,
    );
  });

  it('on unique, sparse and partial indexes', async () => {
    const uniqueDocs = fc.array(scalarDoc, { maxLength: 60 }).map((docs) => docs.map((doc, i) => ({ ...doc, u: i % 7 === 3 ? undefined : i })));
    await fc.assert(
      fc.asyncProperty(uniqueDocs, fc.array(query, { minLength: 1, maxLength: 8 }), (docs, queries) =>
        conforms(
          docs.map((d) => Object.fromEntries(Object.entries(d).filter(([, v]) => v !== undefined))),
          [
            { key: { u: 1 }, options: { unique: true, sparse: true } },
            { key: { a: 1, b: 1 }, options: { sparse: true } },
            { key: { b: 1 }, options: { partialFilterExpression: { c: { $exists: true } } } },
          ],
          queries.map((q) => ({ ...q, filter: q.skip === 1 ? { ...q.filter, u: { $gte: 5 } } : q.filter })),
        ),
      ),
      settings,
    );
  });

  // Filters wholly on an index's leading fields are answered from the bounds alone, with no further test of
  // each document: mixed BSON types (dates, doubles, 64-bit integers, strings, nulls) check those bounds are exact.
  it('when the bounds are the whole filter, across BSON types', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(typedDoc, { maxLength: 60 }), fc.array(exactQuery, { minLength: 1, maxLength: 8 }), (docs, queries) => conforms(docs, [{ key: { s: 1, t: 1 } }], queries)),
      settings,
    );
  });

  // Collections large enough that the planner's trial ends early (101 results) and only the winner reads on.
  it('past the trial: hundreds of matches, several usable indexes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(scalarDoc, { minLength: 150, maxLength: 400 }), fc.array(query, { minLength: 1, maxLength: 6 }), (docs, queries) =>
        conforms(docs, [{ key: { a: 1 } }, { key: { b: 1, a: 1 } }, { key: { a: 1, c: 1 } }, { key: { c: -1 } }], queries),
      ),
      { ...settings, numRuns: 15 },
    );
  });
});

describe('counts agree with a full scan', () => {
  it('counted from index keys when the bounds are the filter, across BSON types, skip and limit', async () => {
    const counting = exactQuery.chain((q) => fc.integer({ min: 0, max: 2 }).map((skip) => ({ ...q, skip })));
    await fc.assert(
      fc.asyncProperty(fc.array(typedDoc, { maxLength: 250 }), fc.array(counting, { minLength: 1, maxLength: 8 }), (docs, queries) =>
        countsConform(docs, [{ key: { s: 1, t: 1 } }, { key: { t: 1 } }, { key: { s: 1 } }], queries),
      ),
      settings,
    );
  });

  it('with residual filters, multikey, sparse and partial indexes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(multikeyDoc, { maxLength: 250 }), fc.array(query, { minLength: 1, maxLength: 8 }), (docs, queries) =>
        countsConform(docs, [{ key: { a: 1 } }, { key: { b: 1, c: 1 }, options: { sparse: true } }, { key: { c: 1 }, options: { partialFilterExpression: { b: { $exists: true } } } }, { key: { b: 1 } }], queries),
      ),
      settings,
    );
  });
});

describe('aggregations agree with a full scan', () => {
  // A plain inclusion $project after the $match is applied before the documents are copied for the later
  // stages; an empty $match between them keeps it in mingo, on a collection with no index: the reference.
  it('$match, an inclusion $project, then $group by a field (dotted, array or missing) with $sum', async () => {
    const nested = fc.oneof(scalar, fc.record({ r: scalar, s: scalar }, { requiredKeys: [] }), fc.array(fc.record({ r: scalar }), { maxLength: 2 }));
    const groupDoc = fc.record({ a: fieldValue, b: scalar, c: scalar, n: nested }, { requiredKeys: [] });
    const groupBy = fc.constantFrom('$a', '$b', '$n.r', { a: '$a', r: '$n.r' });
    const projection = fc.constantFrom({ a: 1, b: 1, n: 1 }, { _id: 0, a: 1, b: 1, 'n.r': 1 }, { a: 1, b: 1, 'n.r': 1, 'n.s': 1 });
    const stages = fc.record({ filter, projection, groupBy });
    await fc.assert(
      fc.asyncProperty(fc.array(groupDoc, { maxLength: 150 }), fc.array(stages, { minLength: 1, maxLength: 6 }), async (docs, queries) =>
        loaded(docs, [{ key: { a: 1 } }, { key: { b: 1, c: 1 } }], async (indexed, plain) => {
          for (const q of queries) {
            const group = { $group: { _id: q.groupBy, n: { $sum: 1 }, total: { $sum: '$b' } } };
            const got = await indexed.aggregate([{ $match: q.filter }, { $project: q.projection }, group]).toArray();
            const expected = await plain.aggregate([{ $match: q.filter }, { $match: {} }, { $project: q.projection }, group]).toArray();
            const key = (row: Document) => JSON.stringify(row._id) ?? 'undefined';
            const sorted = (rows: Document[]) => [...rows].sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0));
            const context = JSON.stringify(q);
            expect({ context, rows: sorted(got) }).toEqual({ context, rows: sorted(expected) });
          }
        }),
      ),
      settings,
    );
  });
});
