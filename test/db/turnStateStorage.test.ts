import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MongoTurnStateStorage } from '../../src/db/turnStateStorage.js';
import { systemClock } from '../../src/domain/clock.js';
import { connectTarget, type TestTarget } from './target.js';

let target: TestTarget;
let storage: MongoTurnStateStorage;
beforeAll(async () => {
  target = await connectTarget();
  storage = new MongoTurnStateStorage(target.db, systemClock);
});
afterAll(async () => target.stop());

describe('turn state storage', () => {
  it('reads back what it wrote, with an eTag', async () => {
    await storage.write({ 'conv/a': { count: 1, 'odd.key': { $weird: true } } });
    const items = await storage.read(['conv/a', 'missing']);
    expect(Object.keys(items)).toEqual(['conv/a']);
    expect(items['conv/a']).toMatchObject({ count: 1, 'odd.key': { $weird: true } });
    expect(typeof items['conv/a'].eTag).toBe('string');
  });

  it('refuses a write carrying a stale eTag', async () => {
    await storage.write({ 'conv/b': { v: 1 } });
    const first = await storage.read(['conv/b']);
    await storage.write({ 'conv/b': { ...first['conv/b'], v: 2 } });
    await expect(storage.write({ 'conv/b': { ...first['conv/b'], v: 3 } })).rejects.toThrow(/eTag conflict/);
    expect((await storage.read(['conv/b']))['conv/b'].v).toBe(2);
  });

  it("overwrites whatever is there with eTag '*'", async () => {
    await storage.write({ 'conv/c': { v: 1 } });
    await storage.write({ 'conv/c': { v: 9, eTag: '*' } });
    expect((await storage.read(['conv/c']))['conv/c'].v).toBe(9);
  });

  it('deletes', async () => {
    await storage.write({ 'conv/d': { v: 1 } });
    await storage.delete(['conv/d']);
    expect(await storage.read(['conv/d'])).toEqual({});
  });
});
