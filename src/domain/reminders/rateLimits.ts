/**
 * Teams' limits on a bot's proactive messages: per conversation 7 in any 1 s, 8 in 2 s and 60 in 30 s; per
 * tenant 50 requests a second. The limiter books a send slot for each message before it goes, so the bot stays
 * inside every window instead of learning the limits from 429s.
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

/** Sliding-window bookings for one key (a conversation or a tenant). */
class Bookings {
  private readonly times: number[] = [];

  constructor(private readonly windows: readonly RateWindow[]) {}

  /** The earliest instant ≥ at when one more booking keeps every window within its limit. */
  earliestFrom(at: number): number {
    let candidate = at;
    for (let changed = true; changed; ) {
      changed = false;
      for (const { limit, perMs } of this.windows) {
        const inWindow = this.times.filter((t) => t > candidate - perMs);
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

  book(at: number): void {
    const index = this.times.findIndex((t) => t > at);
    this.times.splice(index === -1 ? this.times.length : index, 0, at);
  }

  forget(before: number): void {
    while (this.times.length > 0 && this.times[0]! < before) this.times.shift();
  }

  get empty(): boolean {
    return this.times.length === 0;
  }
}

export class RateLimiter {
  private readonly conversations = new Map<string, Bookings>();
  private readonly tenants = new Map<string, Bookings>();
  private readonly longestMs: number;

  constructor(
    private readonly conversationLimits: readonly RateWindow[] = teamsConversationLimits,
    private readonly tenantLimits: readonly RateWindow[] = teamsTenantLimits,
  ) {
    this.longestMs = Math.max(...[...conversationLimits, ...tenantLimits].map((w) => w.perMs));
  }

  /** The earliest instant (≥ now, in ms) at which this conversation alone could take one more message. */
  conversationSlot(conversation: string, now: number): number {
    return this.conversations.get(conversation)?.earliestFrom(now) ?? now;
  }

  /** Books the earliest slot (≥ now) for a message to this conversation in this tenant; returns its instant in ms. */
  reserve(conversation: string, tenant: string, now: number): number {
    this.forgetBefore(now - this.longestMs);
    const byConversation = this.bookings(this.conversations, conversation, this.conversationLimits);
    const byTenant = this.bookings(this.tenants, tenant, this.tenantLimits);
    let slot = now;
    for (let settled = false; !settled; ) {
      const next = byTenant.earliestFrom(byConversation.earliestFrom(slot));
      settled = next === slot;
      slot = next;
    }
    byConversation.book(slot);
    byTenant.book(slot);
    return slot;
  }

  private bookings(map: Map<string, Bookings>, key: string, windows: readonly RateWindow[]): Bookings {
    let found = map.get(key);
    if (!found) map.set(key, (found = new Bookings(windows)));
    return found;
  }

  private forgetBefore(cutoff: number): void {
    for (const map of [this.conversations, this.tenants]) {
      for (const [key, bookings] of map) {
        bookings.forget(cutoff);
        if (bookings.empty) map.delete(key);
      }
    }
  }
}

/** Jittered exponential backoff (full jitter), never sooner than the server's Retry-After. */
export function retryDelayMs(attempt: number, retryAfterMs: number | undefined, random: () => number = Math.random, baseMs = 500, capMs = 60_000): number {
  const exponential = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.round(exponential / 2 + random() * (exponential / 2));
  return Math.max(retryAfterMs ?? 0, jittered);
}
