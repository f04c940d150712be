/**
 * The outbox's `dueAt`: one field says when a dispatcher may take a message (pending: its notBefore; sending: its
 * lease's end), so a claim is one findOneAndUpdate. Messages stored before the field existed get it from
 * ensureIndexes, and are claimed like any other.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../src/domain/clock.js';
import { OutboxStore } from '../../src/db/outbox.js';
import { connectTarget, type TestTarget } from './target.js';

let target: TestTarget;
const clock = new ManualClock('2026-11-23T10:00:00Z');
const minutes = (n: number) => new Date(clock.now().getTime() + n * 60_000);

beforeAll(async () => {
  target = await connectTarget();
});
afterAll(async () => target.stop());

describe('the outbox claims by dueAt', () => {
  it('gives messages stored without dueAt their due time, and claims the longest due first', async () => {
    const outbox = new OutboxStore(target.db, clock);
    await outbox.collection.insertMany([
      { _id: 'old-pending', to: { kind: 'conversation', conversationId: 'c-1' }, text: 'a', state: 'pending', notBefore: minutes(-5), attempts: 0, createdAt: minutes(-10) },
      { _id: 'old-later', to: { kind: 'conversation', conversationId: 'c-1' }, text: 'b', state: 'pending', notBefore: minutes(30), attempts: 0, createdAt: minutes(-10) },
      { _id: 'old-dead-lease', to: { kind: 'conversation', conversationId: 'c-2' }, text: 'c', state: 'sending', notBefore: minutes(-20), leaseUntil: minutes(-1), leaseHolder: 'gone', leaseGeneration: 1, attempts: 1, createdAt: minutes(-20) },
      { _id: 'old-sent', to: { kind: 'conversation', conversationId: 'c-2' }, text: 'd', state: 'sent', notBefore: minutes(-20), attempts: 1, createdAt: minutes(-20), sentAt: minutes(-19) },
    ]);
    await outbox.ensureIndexes();
    await outbox.enqueue({ key: 'new-now', to: { kind: 'conversation', conversationId: 'c-3' }, text: 'e' });

    expect((await outbox.collection.findOne({ _id: 'old-later' }))?.dueAt).toEqual(minutes(30));
    expect(await outbox.collection.findOne({ _id: 'old-sent' })).not.toHaveProperty('dueAt');
    expect(await outbox.nextDueAt()).toEqual(minutes(-5));
    const claimed = await outbox.claim(60_000, 10);
    expect(claimed.map((m) => m._id)).toEqual(['old-pending', 'old-dead-lease', 'new-now']);
    expect(claimed[1]).toMatchObject({ state: 'sending', leaseGeneration: 2, attempts: 2, dueAt: minutes(1) });
    expect(await outbox.nextDueAt()).toEqual(minutes(1));

    expect(await outbox.markSent(claimed[0]!)).toBe(true);
    expect(await outbox.defer(claimed[1]!, minutes(2))).toBe(true);
    expect(await outbox.collection.findOne({ _id: 'old-pending' })).not.toHaveProperty('dueAt');
    expect(await outbox.collection.findOne({ _id: 'old-dead-lease' })).toMatchObject({ state: 'pending', dueAt: minutes(2), attempts: 1 });
    clock.advance(2 * 60_000);
    expect((await outbox.claim(60_000, 10)).map((m) => m._id)).toEqual(['new-now', 'old-dead-lease']);
  });
});
