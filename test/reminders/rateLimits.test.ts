import { describe, expect, it } from '@jest/globals';
import { leavingRoomForReplies, retryDelayMs, sharedSlot, teamsConversationLimits, teamsTenantLimits, withBooking, withMargin } from '../../src/domain/reminders/rateLimits.js';

/** Books slots the way the shared budgets do (src/db/sendBudgets.ts), in memory. */
class Bookings {
  private readonly booked = new Map<string, number[]>();

  reserve(conversation: string, tenant: string, now: number): number {
    const [c, t] = [this.booked.get(`c:${conversation}`) ?? [], this.booked.get(`t:${tenant}`) ?? []];
    const slot = sharedSlot({ booked: c, windows: teamsConversationLimits }, { booked: t, windows: teamsTenantLimits }, now);
    this.booked.set(`c:${conversation}`, withBooking(c, slot, now, 30_000));
    this.booked.set(`t:${tenant}`, withBooking(t, slot, now, 30_000));
    return slot;
  }
}

describe("Teams' rate limits", () => {
  it('books at most 7 messages to one conversation in a second, then 8 in two seconds', () => {
    const limiter = new Bookings();
    const slots = Array.from({ length: 9 }, () => limiter.reserve('conv-a', 'tenant', 0));
    expect(slots.slice(0, 7)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(slots[7]).toBe(1000); // the 1-second window is full
    expect(slots[8]).toBe(2000); // 8 in 2 seconds
  });

  it('keeps a conversation to 60 messages in 30 seconds', () => {
    const limiter = new Bookings();
    const slots = Array.from({ length: 61 }, () => limiter.reserve('conv-a', 'tenant', 0));
    expect(slots[60]).toBeGreaterThanOrEqual(30_000);
  });

  it('keeps a tenant to 50 requests a second across conversations', () => {
    const limiter = new Bookings();
    const slots = Array.from({ length: 51 }, (_, i) => limiter.reserve(`conv-${i}`, 'tenant', 0));
    expect(slots.filter((s) => s === 0)).toHaveLength(50);
    expect(slots[50]).toBe(1000);
    expect(limiter.reserve('conv-x', 'other-tenant', 0)).toBe(0);
  });

  it('backs off exponentially with jitter, never sooner than Retry-After', () => {
    expect(retryDelayMs(1, undefined, () => 0)).toBe(250);
    expect(retryDelayMs(1, undefined, () => 1)).toBe(500);
    expect(retryDelayMs(4, undefined, () => 1)).toBe(4000);
    expect(retryDelayMs(20, undefined, () => 1)).toBe(60_000);
    expect(retryDelayMs(1, 3000, () => 1)).toBe(3000);
  });
});

describe('leavingRoomForReplies', () => {
  it('takes twice the last second of replies off each tenant window, never below half of it', () => {
    expect(leavingRoomForReplies(teamsTenantLimits, 0)).toEqual([{ limit: 50, perMs: 1000 }]);
    expect(leavingRoomForReplies(teamsTenantLimits, 4)).toEqual([{ limit: 42, perMs: 1000 }]);
    expect(leavingRoomForReplies(withMargin(teamsTenantLimits, 100), 4)).toEqual([{ limit: 41, perMs: 1100 }]);
    expect(leavingRoomForReplies(teamsTenantLimits, 40)).toEqual([{ limit: 25, perMs: 1000 }]);
  });
});
