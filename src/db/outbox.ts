/**
 * The outbox: every proactive message, stored before it is sent. A message moves pending → sending (under a
 * lease) → sent, each step an atomic conditional update, so two dispatchers never send the same message and a
 * message whose sender died is picked up again when its lease runs out.
 */
import type { Collection, Db, Sort } from 'mongodb';
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
  attempts: number;
  createdAt: Date;
  sentAt?: Date;
  /** The last failure, as an HTTP status or error code only (never message content). */
  lastError?: string;
}

export class OutboxStore implements Outbox {
  readonly collection: Collection<OutboxRecord>;
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
   * the oldest pending ones that are due. Candidates are read in one query each, then each is taken by its id
   * with the same condition, atomically, so a message taken by another dispatcher in between is skipped.
   */
  async claim(leaseMs: number, max: number): Promise<OutboxRecord[]> {
    const now = this.clock.now();
    const take = { $set: { state: 'sending' as const, leaseUntil: new Date(now.getTime() + leaseMs) }, $inc: { attempts: 1 } };
    const claimed: OutboxRecord[] = [];
    const conditions: Array<{ filter: Record<string, unknown>; sort: Sort }> = [
      { filter: { state: 'sending', leaseUntil: { $lt: now } }, sort: { leaseUntil: 1 } },
      { filter: { state: 'pending', notBefore: { $lte: now } }, sort: { notBefore: 1 } },
    ];
    for (const { filter, sort } of conditions) {
      if (claimed.length >= max) break;
      const candidates = await this.collection.find(filter, { projection: { _id: 1 } }).sort(sort).limit(max - claimed.length).toArray();
      for (const { _id } of candidates) {
        const taken = await this.collection.findOneAndUpdate({ _id, ...filter }, take, { returnDocument: 'after' });
        if (taken) claimed.push(taken);
      }
    }
    return claimed;
  }

  async markSent(id: string): Promise<void> {
    await this.collection.updateOne({ _id: id, state: 'sending' }, { $set: { state: 'sent', sentAt: this.clock.now() }, $unset: { leaseUntil: '' } });
  }

  /** Gives the message back for another attempt at `retryAt`. */
  async release(id: string, retryAt: Date, error: string): Promise<void> {
    await this.collection.updateOne({ _id: id, state: 'sending' }, { $set: { state: 'pending', notBefore: retryAt, lastError: error }, $unset: { leaseUntil: '' } });
  }

  /** Puts a claimed message back untried (its conversation is busy), to be sent from `until`. */
  async defer(id: string, until: Date): Promise<void> {
    await this.collection.updateOne({ _id: id, state: 'sending' }, { $set: { state: 'pending', notBefore: until }, $inc: { attempts: -1 }, $unset: { leaseUntil: '' } });
  }

  async markFailed(id: string, error: string): Promise<void> {
    await this.collection.updateOne({ _id: id, state: 'sending' }, { $set: { state: 'failed', lastError: error }, $unset: { leaseUntil: '' } });
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
