/**
 * The outbox: every proactive message, stored before it is sent. A message moves pending → sending (under a
 * lease) → sent, each step an atomic conditional update, so two dispatchers never send the same message and a
 * message whose sender died is picked up again when its lease runs out.
 */
import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { z } from 'zod';
import type { Clock } from '../domain/clock.js';
import type { Destination, Outbox, OutboundMessage } from '../reminders/ports.js';

const DUPLICATE_KEY = 11000;
/** The earliest date BSON holds: `dueAt >= EARLIEST` reads every message with a `dueAt` from the sparse index. */
const EARLIEST = new Date(-8.64e15);

const destinationSchema = z.union([
  z.object({ kind: z.literal('user'), tenantId: z.string().min(1), aadObjectId: z.string().min(1) }),
  z.object({ kind: z.literal('conversation'), conversationId: z.string().min(1) }),
]);
const messageSchema = z
  .object({
    key: z.string().min(1).max(300),
    to: destinationSchema,
    text: z.string().max(4000).optional(),
    card: z.record(z.string(), z.unknown()).optional(),
    notBefore: z.date().optional(),
  })
  .refine((m) => m.text !== undefined || m.card !== undefined, { message: 'a message needs text or a card' });

export type OutboxState = 'pending' | 'sending' | 'sent' | 'failed';

export interface OutboxRecord {
  _id: string;
  to: Destination;
  text?: string;
  card?: Record<string, unknown>;
  state: OutboxState;
  /** Not sent before this instant; also when a retry is next due. */
  notBefore: Date;
  /** While `sending`: until when this dispatcher owns the message. */
  leaseUntil?: Date;
  /**
   * When a dispatcher may next take the message: `notBefore` while pending, `leaseUntil` while sending; absent once
   * sent or failed. One field, so a claim is one findOneAndUpdate on one index (`dueAt_1`, sparse).
   */
  dueAt?: Date;
  /** Who holds the lease (one id per store instance, i.e. per process), and how many leases were taken. */
  leaseHolder?: string;
  leaseGeneration?: number;
  attempts: number;
  createdAt: Date;
  sentAt?: Date;
  /** The last failure, as an HTTP status or error code only (never message content). */
  lastError?: string;
}

/** A claimed message as its lease holder knows it: every transition out of `sending` is fenced on this. */
export type Leased = Pick<OutboxRecord, '_id' | 'leaseHolder' | 'leaseGeneration'>;

export class OutboxStore implements Outbox {
  readonly collection: Collection<OutboxRecord>;
  private readonly holder = randomUUID();
  private readonly listeners = new Set<() => void>();

  constructor(
    db: Db,
    private readonly clock: Clock,
  ) {
    this.collection = db.collection<OutboxRecord>('outbox');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ state: 1, notBefore: 1 });
    await this.collection.createIndex({ dueAt: 1 }, { sparse: true });
    await this.addDueAt();
  }

  /** Messages stored before `dueAt` existed get it once (plain conditional updates, as every MongoDB has them). */
  private async addDueAt(): Promise<void> {
    for (const [state, from] of [['pending', 'notBefore'], ['sending', 'leaseUntil']] as const) {
      const older = await this.collection.find({ state, dueAt: { $exists: false } }, { projection: { [from]: 1 } }).toArray();
      for (const record of older) {
        const dueAt = record[from];
        if (dueAt) await this.collection.updateOne({ _id: record._id, state, dueAt: { $exists: false } }, { $set: { dueAt } });
      }
    }
  }

  /** Called after each enqueue, so a dispatcher can start at once instead of at its next sweep. */
  onEnqueued(listener: () => void): void {
    this.listeners.add(listener);
  }

  async enqueue(message: OutboundMessage): Promise<void> {
    const { key, notBefore, ...rest } = messageSchema.parse(message);
    const now = this.clock.now();
    try {
      const due = notBefore ?? now;
      await this.collection.insertOne({ _id: key, ...rest, state: 'pending', notBefore: due, dueAt: due, attempts: 0, createdAt: now });
    } catch (error) {
      if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
    }
    for (const listener of this.listeners) listener();
  }

  /**
   * Takes up to `max` deliverable messages under a new lease, the longest due first: pending ones past their
   * `notBefore` and those whose sender died (lease run out) alike. Each is taken by one findOneAndUpdate on `dueAt`,
   * atomic on any MongoDB, so two dispatchers never take the same message and a claim of one is one round trip.
   */
  async claim(leaseMs: number, max: number): Promise<OutboxRecord[]> {
    const now = this.clock.now();
    const leaseUntil = new Date(now.getTime() + leaseMs);
    const take = { $set: { state: 'sending' as const, leaseUntil, dueAt: leaseUntil, leaseHolder: this.holder }, $inc: { attempts: 1, leaseGeneration: 1 } };
    const claimed: OutboxRecord[] = [];
    while (claimed.length < max) {
      const taken = await this.collection.findOneAndUpdate({ dueAt: { $lte: now } }, take, { sort: { dueAt: 1 }, returnDocument: 'after' });
      if (!taken) break;
      claimed.push(taken);
    }
    return claimed;
  }

  /**
   * The transitions out of `sending` apply only while the lease is still this holder's, in the generation it
   * claimed: a send that outlived its lease (another dispatcher has taken the message over) changes nothing.
   * Each returns false when it was fenced out.
   */
  markSent(record: Leased): Promise<boolean> {
    return this.leave(record, { $set: { state: 'sent', sentAt: this.clock.now() } });
  }

  /** Gives the message back for another attempt at `retryAt`. */
  release(record: Leased, retryAt: Date, error: string): Promise<boolean> {
    return this.leave(record, { $set: { state: 'pending', notBefore: retryAt, dueAt: retryAt, lastError: error } });
  }

  /** Puts a claimed message back untried (its conversation is busy), to be sent from `until`. */
  defer(record: Leased, until: Date): Promise<boolean> {
    return this.leave(record, { $set: { state: 'pending', notBefore: until, dueAt: until }, $inc: { attempts: -1 } });
  }

  markFailed(record: Leased, error: string): Promise<boolean> {
    return this.leave(record, { $set: { state: 'failed', lastError: error } });
  }

  /**
   * Extends the lease just before sending; false when another dispatcher has taken the message over since it
   * was claimed (its lease ran out), so the caller must not send it.
   */
  async renew(record: Leased, leaseMs: number): Promise<boolean> {
    const fence = { _id: record._id, state: 'sending' as const, leaseHolder: record.leaseHolder, leaseGeneration: record.leaseGeneration };
    const leaseUntil = new Date(this.clock.now().getTime() + leaseMs);
    const result = await this.collection.updateOne(fence, { $set: { leaseUntil, dueAt: leaseUntil } });
    return result.matchedCount === 1;
  }

  /** Leaves `sending`: back to pending (with its `dueAt` in `update`) or finished (no `dueAt`). */
  private async leave(record: Leased, update: { $set: Partial<OutboxRecord>; $inc?: { attempts: number } }): Promise<boolean> {
    const fence = { _id: record._id, state: 'sending' as const, leaseHolder: record.leaseHolder, leaseGeneration: record.leaseGeneration };
    const unset = { leaseUntil: '' as const, leaseHolder: '' as const, ...(update.$set.dueAt ? {} : { dueAt: '' as const }) };
    const result = await this.collection.updateOne(fence, { ...update, $unset: unset });
    return result.modifiedCount === 1;
  }

  /** Messages being sent, or due within `withinMs` (retries and messages held back by rate limits). */
  async inFlightOrDue(withinMs = 0): Promise<number> {
    const horizon = new Date(this.clock.now().getTime() + withinMs);
    return this.collection.countDocuments({ $or: [{ state: 'pending', notBefore: { $lte: horizon } }, { state: 'sending' }] });
  }

  /** When the next message becomes deliverable, if any is waiting. */
  async nextDueAt(): Promise<Date | undefined> {
    const [next] = await this.collection.find({ dueAt: { $gte: EARLIEST } }, { projection: { dueAt: 1 } }).sort({ dueAt: 1 }).limit(1).toArray();
    return next?.dueAt;
  }

  async failedSince(since: Date, limit = 50): Promise<OutboxRecord[]> {
    return this.collection.find({ state: 'failed', createdAt: { $gte: since } }).sort({ createdAt: -1 }).limit(limit).toArray();
  }
}
