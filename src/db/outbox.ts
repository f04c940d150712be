/**
 * The outbox: every proactive message, stored before it is sent. A message moves pending → sending (under a
 * lease) → sent, each step an atomic conditional update, so two dispatchers never send the same message and a
 * message whose sender died is picked up again when its lease runs out.
 */
import { randomUUID } from 'node:crypto';
import type { Collection, Db, Filter, Sort } from 'mongodb';
import { z } from 'zod';
import type { Clock } from '../domain/clock.js';
import type { Destination, Outbox, OutboundMessage } from '../reminders/ports.js';

const DUPLICATE_KEY = 11000;

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
    await this.collection.createIndex({ state: 1, leaseUntil: 1 });
  }

  /** Called after each enqueue, so a dispatcher can start at once instead of at its next sweep. */
  onEnqueued(listener: () => void): void {
    this.listeners.add(listener);
  }

  async enqueue(message: OutboundMessage): Promise<void> {
    const { key, notBefore, ...rest } = messageSchema.parse(message);
    const now = this.clock.now();
    try {
      await this.collection.insertOne({ _id: key, ...rest, state: 'pending', notBefore: notBefore ?? now, attempts: 0, createdAt: now });
    } catch (error) {
      if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
    }
    for (const listener of this.listeners) listener();
  }

  /**
   * Takes up to `max` deliverable messages under a new lease: first those whose sender died (lease run out), then
   * the oldest pending ones that are due. Each is taken by one findOneAndUpdate with the condition and its sort,
   * atomic on any MongoDB, so two dispatchers never take the same message and a claim of one costs two round trips.
   */
  async claim(leaseMs: number, max: number): Promise<OutboxRecord[]> {
    const now = this.clock.now();
    const take = { $set: { state: 'sending' as const, leaseUntil: new Date(now.getTime() + leaseMs), leaseHolder: this.holder }, $inc: { attempts: 1, leaseGeneration: 1 } };
    const claimed: OutboxRecord[] = [];
    const conditions: Array<{ filter: Filter<OutboxRecord>; sort: Sort }> = [
      { filter: { state: 'sending', leaseUntil: { $lt: now } }, sort: { leaseUntil: 1 } },
      { filter: { state: 'pending', notBefore: { $lte: now } }, sort: { notBefore: 1 } },
    ];
    for (const { filter, sort } of conditions) {
      while (claimed.length < max) {
        const taken = await this.collection.findOneAndUpdate(filter, take, { sort, returnDocument: 'after' });
        if (!taken) break;
        claimed.push(taken);
      }
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
    return this.leave(record, { $set: { state: 'pending', notBefore: retryAt, lastError: error } });
  }

  /** Puts a claimed message back untried (its conversation is busy), to be sent from `until`. */
  defer(record: Leased, until: Date): Promise<boolean> {
    return this.leave(record, { $set: { state: 'pending', notBefore: until }, $inc: { attempts: -1 } });
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
    const result = await this.collection.updateOne(fence, { $set: { leaseUntil: new Date(this.clock.now().getTime() + leaseMs) } });
    return result.matchedCount === 1;
  }

  private async leave(record: Leased, update: { $set: Partial<OutboxRecord>; $inc?: { attempts: number } }): Promise<boolean> {
    const fence = { _id: record._id, state: 'sending' as const, leaseHolder: record.leaseHolder, leaseGeneration: record.leaseGeneration };
    const result = await this.collection.updateOne(fence, { ...update, $unset: { leaseUntil: '', leaseHolder: '' } });
    return result.modifiedCount === 1;
  }

  /** Messages being sent, or due within `withinMs` (retries and messages held back by rate limits). */
  async inFlightOrDue(withinMs = 0): Promise<number> {
    const horizon = new Date(this.clock.now().getTime() + withinMs);
    return this.collection.countDocuments({ $or: [{ state: 'pending', notBefore: { $lte: horizon } }, { state: 'sending' }] });
  }

  /** When the next message becomes deliverable, if any is waiting. */
  async nextDueAt(): Promise<Date | undefined> {
    const [pending] = await this.collection.find({ state: 'pending' }).sort({ notBefore: 1 }).limit(1).toArray();
    const [leased] = await this.collection.find({ state: 'sending' }).sort({ leaseUntil: 1 }).limit(1).toArray();
    const times = [pending?.notBefore, leased?.leaseUntil].filter((t): t is Date => t instanceof Date);
    return times.length ? new Date(Math.min(...times.map((t) => t.getTime()))) : undefined;
  }

  async failedSince(since: Date, limit = 50): Promise<OutboxRecord[]> {
    return this.collection.find({ state: 'failed', createdAt: { $gte: since } }).sort({ createdAt: -1 }).limit(limit).toArray();
  }
}
