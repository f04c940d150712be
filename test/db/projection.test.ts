/**
 * Inclusion projections through the real driver: the embedded server's fast path must answer as MongoDB does
 * (document field order, sub-documents, missing fields, arrays along a path, _id).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Collection, Document } from 'mongodb';
import { connectTarget, type TestTarget } from './target.js';

let target: TestTarget;
let docs: Collection<Document>;

beforeAll(async () => {
  target = await connectTarget();
  docs = target.db.collection('projection');
  await docs.insertMany([
    { _id: 'a' as never, z: 1, name: 'Ada', address: { street: 'Mill Lane', postcode: 'KF1 2AB', flat: 3 }, victims: [{ name: 'V', id: 'v1' }, { name: 'W', id: 'w1' }] },
    { _id: 'b' as never, name: 'Bo', address: { postcode: 'KF2 1AA' } },
    { _id: 'c' as never, name: 'Cy', address: 'not a document' },
    { _id: 'd' as never, name: 'Di' },
  ]);
});
afterAll(async () => target.stop());

const find = (projection: Document) => docs.find({}, { projection }).sort({ _id: 1 }).toArray();

describe('inclusion projections', () => {
  it('keep the document’s field order and include _id unless excluded', async () => {
    const [first] = await find({ name: 1, z: 1 });
    expect(Object.keys(first!)).toEqual(['_id', 'z', 'name']);
    expect(await find({ _id: 0, name: 1 })).toEqual([{ name: 'Ada' }, { name: 'Bo' }, { name: 'Cy' }, { name: 'Di' }]);
  });

  it('take parts of sub-documents, leaving an empty one where the part is missing and nothing where the field is', async () => {
    expect(await find({ _id: 0, 'address.postcode': 1, 'address.flat': 1 })).toEqual([
      { address: { postcode: 'KF1 2AB', flat: 3 } },
      { address: { postcode: 'KF2 1AA' } },
      {},
      {},
    ]);
  });

  it('reach into arrays of documents along a path', async () => {
    const [first] = await find({ _id: 0, 'victims.id': 1 });
    expect(first).toEqual({ victims: [{ id: 'v1' }, { id: 'w1' }] });
  });

  it('still refuse a path collision', async () => {
    await expect(find({ address: 1, 'address.postcode': 1 })).rejects.toThrow();
  });
});

describe('exclusion projections', () => {
  it('drop the named top-level fields and keep the rest in stored order', async () => {
    const [first, , third] = await find({ _id: 0, address: 0 });
    expect(first).toEqual({ z: 1, name: 'Ada', victims: [{ name: 'V', id: 'v1' }, { name: 'W', id: 'w1' }] });
    expect(Object.keys(first!)).toEqual(['z', 'name', 'victims']);
    expect(third).toEqual({ name: 'Cy' });
    expect(await find({ _id: false })).toEqual([
      { z: 1, name: 'Ada', address: { street: 'Mill Lane', postcode: 'KF1 2AB', flat: 3 }, victims: [{ name: 'V', id: 'v1' }, { name: 'W', id: 'w1' }] },
      { name: 'Bo', address: { postcode: 'KF2 1AA' } },
      { name: 'Cy', address: 'not a document' },
      { name: 'Di' },
    ]);
  });

  it('leave dotted exclusions to the full projection', async () => {
    const [first, , third] = await find({ 'address.street': 0, victims: 0 });
    expect(first).toEqual({ _id: 'a', z: 1, name: 'Ada', address: { postcode: 'KF1 2AB', flat: 3 } });
    expect(third).toEqual({ _id: 'c', name: 'Cy', address: 'not a document' });
  });
});

describe('projections across batches', () => {
  it('shape every getMore batch as the first, for inclusion and exclusion alike', async () => {
    for (const projection of [{ _id: 0, name: 1, 'address.postcode': 1 }, { address: 0 }, { 'victims.name': 1 }]) {
      const whole = await find(projection);
      const batched = await docs.find({}, { projection }).sort({ _id: 1 }).batchSize(1).toArray();
      expect(batched).toEqual(whole);
      expect(whole).toHaveLength(4);
    }
  });
});
