/**
 * Teams' limits on a bot's proactive messages: per conversation 7 in any 1 s, 8 in 2 s and 60 in 30 s; per
 * tenant 50 requests a second. A send slot is booked for each message before it goes (in MongoDB, shared by every
 * instance: src/db/sendBudgets.ts), so the bot stays inside every window instead of learning the limits from 429s.
 */
export interface RateWindow {
  limit: number;
  perMs: number;
}

export const teamsConversationLimits: readonly RateWindow[] = [
  { limit: 7, perMs: 1000 },
  { limit: 8, perMs: 2000 },
  { limit: 60, perMs: 30_000 },
];
export const teamsTenantLimits: readonly RateWindow[] = [{ limit: 50, perMs: 1000 }];

/**
 * Widens each window by a margin: Teams counts messages when they arrive, and two sends booked at the edges of a
 * window can arrive closer together than they were booked.
 */
export function withMargin(windows: readonly RateWindow[], marginMs: number): RateWindow[] {
  return windows.map((w) => ({ limit: w.limit, perMs: w.perMs + marginMs }));
}

/**
 * The tenant's budget left to proactive messages while officers are using the bot. Teams' 50 a second per tenant
 * counts every message the bot sends, replies in a turn included (learn.microsoft.com, Teams "Rate limiting for
 * bots", per app per tenant); a turn cannot wait for a slot, so the proactive sends make room for twice the
 * replies of the last second, and never take less than half the budget.
 */
export function leavingRoomForReplies(windows: readonly RateWindow[], repliesLastSecond: number): RateWindow[] {
  return windows.map((w) => ({ limit: Math.max(Math.ceil(w.limit / 2), w.limit - Math.ceil((2 * repliesLastSecond * w.perMs) / 1000)), perMs: w.perMs }));
}

/** The longest window of these, in ms: bookings older than this no longer count. */
export function longestWindowMs(...windows: ReadonlyArray<readonly RateWindow[]>): number {
  return Math.max(...windows.flat().map((w) => w.perMs));
}

/**
 * The earliest instant ≥ at when one more booking keeps every window within its limit, given the bookings
 * already made (sorted, in ms).
 */
export function earliestSlot(booked: readonly number[], windows: readonly RateWindow[], at: number): number {
  let candidate = at;
  for (let changed = true; changed; ) {
    changed = false;
    for (const { limit, perMs } of windows) {
      const inWindow = booked.filter((t) => t > candidate - perMs);
      if (inWindow.length >= limit) {
        // The window frees up when the oldest booking that keeps it full drops out of it.
        const freeAt = inWindow[inWindow.length - limit]! + perMs;
        if (freeAt > candidate) {
          candidate = freeAt;
          changed = true;
        }
      }
    }
  }
  return candidate;
}

/** The earliest slot (≥ now) free both in the conversation's bookings and in its tenant's. */
export function sharedSlot(
  conversation: { booked: readonly number[]; windows: readonly RateWindow[] },
  tenant: { booked: readonly number[]; windows: readonly RateWindow[] },
  now: number,
): number {
  let slot = now;
  for (let settled = false; !settled; ) {
    const next = earliestSlot(tenant.booked, tenant.windows, earliestSlot(conversation.booked, conversation.windows, slot));
    settled = next === slot;
    slot = next;
  }
  return slot;
}

/** The bookings still inside a window at `now`, with `slot` added in order. */
export function withBooking(booked: readonly number[], slot: number, now: number, keepMs: number): number[] {
  const kept = booked.filter((t) => t > now - keepMs);
  const index = kept.findIndex((t) => t > slot);
  kept.splice(index === -1 ? kept.length : index, 0, slot);
  return kept;
}

/** Jittered exponential backoff (full jitter), never sooner than the server's Retry-After. */
export function retryDelayMs(attempt: number, retryAfterMs: number | undefined, random: () => number = Math.random, baseMs = 500, capMs = 60_000): number {
  const exponential = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.round(exponential / 2 + random() * (exponential / 2));
  return Math.max(retryAfterMs ?? 0, jittered);
}
