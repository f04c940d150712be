/**
 * Teams' send budgets in MongoDB, shared by every instance of the bot: one document per conversation and per
 * tenant holds the send slots booked in the last window (epoch ms). A booking reads both, picks the earliest
 * slot inside every window (src/domain/reminders/rateLimits.ts) and writes each document only if nobody wrote
 * it since it was read (a revision number), so N instances together stay inside the limits. Plain conditional
 * updates on single documents: no transactions, so it works alike on the embedded server, a standalone MongoDB,
 * a replica set and Cosmos DB. Slots are wall-clock times, so the instances' clocks must agree (NTP) to well
 * within the margins the dispatcher adds (see dispatcher.ts).
 */
import type { Collection, Db } from 'mongodb';
import { earliestSlot, leavingRoomForReplies, longestWindowMs, sharedSlot, withBooking, type RateWindow } from '../domain/reminders/rateLimits.js';

interface BudgetDocument {
  /** `c:<conversation>` or `t:<tenant>`. */
  _id: string;
  /** Booked send slots, oldest first, in ms since the epoch. */
  booked: number[];
  /** Bumped by every write, so a write based on an older read is refused. */
  rev: number;
  /** When the last booking has left every window: the TTL index removes idle budgets after it. */
  expiresAt: Date;
}

export type Booking =
  | { kind: 'slot'; at: number }
  /** The conversation alone has no free slot before `until` (ms): nothing was booked. */
  | { kind: 'defer'; until: number };

export interface SendBudgetLimits {
  conversation: readonly RateWindow[];
  tenant: readonly RateWindow[];
}

const DUPLICATE_KEY = 11000;
/** Enough for heavy contention between instances; past it the message is deferred, never sent unbooked. */
const MAX_ATTEMPTS = 50;

export class SendBudgets {
  private readonly collection: Collection<BudgetDocument>;
  /** How long a booking counts, per kind of budget. */
  private readonly keepMs: { conversation: number; tenant: number };
  /** Bookings from this process queue per tenant: within one instance they would only clash. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(db: Db, private readonly limits: SendBudgetLimits) {
    this.collection = db.collection<BudgetDocument>('sendBudgets');
    this.keepMs = { conversation: longestWindowMs(limits.conversation), tenant: longestWindowMs(limits.tenant) };
  }

  private indexed: Promise<unknown> | undefined;

  /** Made before the first booking, so whoever builds the dispatcher need not remember it. */
  ensureIndexes(): Promise<unknown> {
    return (this.indexed ??= this.collection.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 }).catch((error: unknown) => {
      this.indexed = undefined;
      throw error;
    }));
  }

  /**
   * Books the earliest slot (≥ now) for one message to this conversation in this tenant, unless the conversation
   * has none within `deferAfterMs`, in which case nothing is booked and the message should wait.
   */
  book(conversation: string, tenant: string, nowMs: () => number, deferAfterMs: number, repliesLastSecond: () => number = () => 0): Promise<Booking> {
    const previous = this.queues.get(tenant) ?? this.ensureIndexes();
    // The time (and the turns' replies) are read when this booking's turn comes, not when it was queued.
    const booked = previous.then(() => this.bookNow(conversation, tenant, nowMs(), deferAfterMs, leavingRoomForReplies(this.limits.tenant, repliesLastSecond())));
    const settled = booked.catch(() => undefined);
    this.queues.set(tenant, settled);
    void settled.then(() => {
      if (this.queues.get(tenant) === settled) this.queues.delete(tenant);
    });
    return booked;
  }

  private async bookNow(conversation: string, tenant: string, now: number, deferAfterMs: number, tenantWindows: readonly RateWindow[]): Promise<Booking> {
    const [c, t] = [`c:${conversation}`, `t:${tenant}`];
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const docs = await this.collection.find({ _id: { $in: [c, t] } }).toArray();
      const read = (id: string) => docs.find((d) => d._id === id) ?? { booked: [], rev: 0 };
      const [byConversation, byTenant] = [read(c), read(t)];
      const free = earliestSlot(byConversation.booked, this.limits.conversation, now);
      if (free - now > deferAfterMs) return { kind: 'defer', until: free };
      const slot = sharedSlot(
        { booked: byConversation.booked, windows: this.limits.conversation },
        { booked: byTenant.booked, windows: tenantWindows },
        now,
      );
      // The tenant's budget is the one other instances contend for: booked first, so losing it costs nothing.
      const { conversation: keepConversation, tenant: keepTenant } = this.keepMs;
      if (!(await this.write(t, byTenant.rev, withBooking(byTenant.booked, slot, now, keepTenant), slot + keepTenant))) continue;
      if (await this.write(c, byConversation.rev, withBooking(byConversation.booked, slot, now, keepConversation), slot + keepConversation)) return { kind: 'slot', at: slot };
      await this.unbook(t, slot);
    }
    return { kind: 'defer', until: now + deferAfterMs };
  }

  /** Writes the bookings if the document is still at `rev` (or still absent, for rev 0). */
  private async write(id: string, rev: number, booked: number[], expiresAtMs: number): Promise<boolean> {
    const expiresAt = new Date(expiresAtMs);
    if (rev === 0) {
      try {
        await this.collection.insertOne({ _id: id, booked, rev: 1, expiresAt });
        return true;
      } catch (error) {
        if ((error as { code?: number }).code === DUPLICATE_KEY) return false;
        throw error;
      }
    }
    const result = await this.collection.updateOne({ _id: id, rev }, { $set: { booked, rev: rev + 1, expiresAt } });
    return result.modifiedCount === 1;
  }

  /** Gives back one booking of `slot` (its conversation could not take it); left in place if that keeps failing. */
  private async unbook(id: string, slot: number): Promise<void> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const doc = await this.collection.findOne({ _id: id });
      const index = doc?.booked.indexOf(slot) ?? -1;
      if (!doc || index === -1) return;
      const booked = [...doc.booked.slice(0, index), ...doc.booked.slice(index + 1)];
      if ((await this.collection.updateOne({ _id: id, rev: doc.rev }, { $set: { booked, rev: doc.rev + 1 } })).modifiedCount === 1) return;
    }
  }
}
