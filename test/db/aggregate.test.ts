import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MongoServerError, type Collection } from 'mongodb';
import { connectTarget, type TestTarget } from './target.js';

let target: TestTarget;
let cases: Collection;

beforeAll(async () => {
  target = await connectTarget();
  cases = target.db.collection('cases');
  await cases.insertMany([
    { ref: 'ASB-2026-0001', area: 'north', risk: 'high', incidents: [{ at: 1 }, { at: 2 }] },
    { ref: 'ASB-2026-0002', area: 'north', risk: 'standard', incidents: [{ at: 3 }] },
    { ref: 'ASB-2026-0003', area: 'south', risk: 'high', incidents: [] },
  ]);
  await target.db.collection('officers').insertMany([
    { area: 'north', officer: 'Sam' },
    { area: 'south', officer: 'Jo' },
  ]);
});
afterAll(async () => target.stop());

describe('aggregate', () => {
  it('matches, groups, sorts and counts', async () => {
    const byArea = await cases
      .aggregate([{ $match: { risk: 'high' } }, { $group: { _id: '$area', n: { $sum: 1 } } }, { $sort: { _id: 1 } }])
      .toArray();
    expect(byArea).toEqual([{ _id: 'north', n: 1 }, { _id: 'south', n: 1 }]);
    expect(await cases.aggregate([{ $match: { area: 'north' } }, { $count: 'total' }]).toArray()).toEqual([{ total: 2 }]);
  });

  it('unwinds, projects and adds fields', async () => {
    const rows = await cases
      .aggregate([
        { $unwind: '$incidents' },
        { $project: { _id: 0, ref: 1, at: '$incidents.at' } },
        { $addFields: { later: { $gt: ['$at', 1] } } },
        { $sort: { at: -1 } },
        { $limit: 2 },
      ])
      .toArray();
    expect(rows).toEqual([
      { ref: 'ASB-2026-0002', at: 3, later: true },
      { ref: 'ASB-2026-0001', at: 2, later: true },
    ]);
  });

  it('looks up documents in another collection of the same database', async () => {
    const rows = await cases
      .aggregate([
        { $match: { ref: 'ASB-2026-0003' } },
        { $lookup: { from: 'officers', localField: 'area', foreignField: 'area', as: 'team' } },
        { $project: { _id: 0, officer: { $first: '$team.officer' } } },
      ])
      .toArray();
    expect(rows).toEqual([{ officer: 'Jo' }]);
  });

  it('runs $facet', async () => {
    const [facets] = await cases
      .aggregate([{ $facet: { high: [{ $match: { risk: 'high' } }, { $count: 'n' }], all: [{ $count: 'n' }] } }])
      .toArray();
    expect(facets).toEqual({ high: [{ n: 2 }], all: [{ n: 3 }] });
  });

  it('batches aggregate results through getMore', async () => {
    const many = target.db.collection('agg_many');
    await many.insertMany(Array.from({ length: 150 }, (_, i) => ({ i })));
    const rows = await many.aggregate([{ $match: { i: { $gte: 0 } } }], { batchSize: 40 }).toArray();
    expect(rows).toHaveLength(150);
  });

  it('refuses an unknown stage with a clear error', async () => {
    const error = await cases.aggregate([{ $teleport: {} }]).toArray().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MongoServerError);
    expect((error as MongoServerError).code).toBe(40324);
  });

  it('refuses $out and $merge on the embedded server rather than ignoring them', async () => {
    if (!target.embedded) return;
    await expect(cases.aggregate([{ $out: 'copy' }]).toArray()).rejects.toMatchObject({ code: 20 });
    await expect(cases.aggregate([{ $merge: { into: 'copy' } }]).toArray()).rejects.toMatchObject({ code: 20 });
    expect(await target.db.listCollections({ name: 'copy' }).toArray()).toEqual([]);
  });
});
