/**
 * Outbox fencing: two dispatchers (two stores, as two processes have) share one database. When the first one's
 * lease runs out and the second takes the message over, nothing the first does any more changes the message:
 * it may not send (renew refuses), and its sent/retry/failed/defer transitions are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../src/domain/clock.js';
import { OutboxStore } from '../../src/db/outbox.js';
import { connectTarget, type TestTarget } from '../db/target.js';

let target: TestTarget;
const clock = new ManualClock('2026-11-23T10:00:00Z');

beforeAll(async () => {
  target = await connectTarget();
});
afterAll(async () => target.stop());

describe('outbox transitions are fenced on the lease holder and generation', () => {
  it('lets only the current lease holder send and record the outcome', async () => {
    const first = new OutboxStore(target.db, clock);
    const second = new OutboxStore(target.db, clock);
    await first.enqueue({ key: 'm-1', to: { kind: 'conversation', conversationId: 'c-1' }, text: 'Reminder' });

    const [mine] = await first.claim(1000, 1);
    expect(mine).toBeDefined();
    clock.advance(1001);
    const [theirs] = await second.claim(1000, 1);
    expect(theirs?.leaseGeneration).toBe(mine!.leaseGeneration! + 1);

    expect(await first.renew(mine!, 1000)).toBe(false);
    expect(await first.markSent(mine!)).toBe(false);
    expect(await first.release(mine!, clock.now(), '500')).toBe(false);
    expect(await first.defer(mine!, clock.now())).toBe(false);
    expect(await first.markFailed(mine!, '403')).toBe(false);
    expect(await target.db.collection('outbox').findOne({ _id: 'm-1' as never })).toMatchObject({ state: 'sending', leaseHolder: theirs!.leaseHolder });

    expect(await second.renew(theirs!, 1000)).toBe(true);
    expect(await second.markSent(theirs!)).toBe(true);
    expect(await second.markSent(theirs!)).toBe(false);
    const stored = await target.db.collection('outbox').findOne({ _id: 'm-1' as never });
    expect(stored).toMatchObject({ state: 'sent', attempts: 2 });
    expect(stored).not.toHaveProperty('leaseHolder');
  });
});
