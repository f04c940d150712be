import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connectTarget, type TestTarget } from './target.js';

let target: TestTarget;
beforeAll(async () => {
  target = await connectTarget();
});
afterAll(async () => target.stop());

describe('collections', () => {
  it('creates, lists, and drops collections', async () => {
    await target.db.createCollection('alpha');
    await target.db.collection('beta').insertOne({ x: 1 });
    const names = (await target.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
    expect(names).toEqual(['alpha', 'beta']);
    expect(await target.db.listCollections({ name: 'beta' }).toArray()).toMatchObject([{ name: 'beta', type: 'collection' }]);
    await expect(target.db.createCollection('alpha')).rejects.toMatchObject({ code: 48 });
    expect(await target.db.collection('alpha').drop()).toBe(true);
    expect((await target.db.listCollections().toArray()).map((c) => c.name)).toEqual(['beta']);
  });

  it('drops a whole database', async () => {
    const other = target.client.db(`${target.db.databaseName}_other`);
    await other.collection('c').insertOne({ a: 1 });
    await other.dropDatabase();
    expect(await other.listCollections().toArray()).toEqual([]);
    expect(await other.collection('c').countDocuments()).toBe(0);
  });
});
