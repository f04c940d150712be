/**
 * Intents in MongoDB: one document per multi-step action, written before any of its steps, holding what the
 * action needs (its payload) and the steps already done. A retry with the same key, or the sweep after a
 * restart, finishes the steps left. One plain document per action works alike on the embedded server, a
 * standalone MongoDB, a replica set and Cosmos DB (no transactions needed).
 */
import type { Collection, Db } from 'mongodb';

export interface IntentRecord<P = unknown> {
  /** `<kind>:<idempotency key>`, so the same submission always finds the same intent. */
  _id: string;
  kind: string;
  payload: P;
  /** Names of the steps already completed, in order. */
  done: string[];
  createdAt: Date;
  /** Until then the instance that began (or last claimed) it is finishing it; the sweep leaves it alone. */
  leaseUntil: Date;
  /** How many times the sweep took it over. */
  claims?: number;
  /** Set once every step is done. */
  finishedAt?: Date;
}

import { removeMentioning } from './mentions.js';

const DUPLICATE_KEY = 11000;

export class IntentStore {
  private readonly collection: Collection<IntentRecord>;

  constructor(private readonly db: Db) {
    this.collection = db.collection<IntentRecord>('intents');
  }

  /** Erasure: finished actions whose recorded words name the person go (unfinished ones are still needed). */
  forgetFinishedMentioning(needles: readonly string[]): Promise<number> {
    return removeMentioning(this.db, 'intents', needles, { projection: { payload: 1 }, filter: { finishedAt: { $exists: true } } });
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ finishedAt: 1, leaseUntil: 1 });
  }

  get<P>(id: string): Promise<IntentRecord<P> | null> {
    return this.collection.findOne({ _id: id }) as Promise<IntentRecord<P> | null>;
  }

  /** Records the intent unless one with this id exists; either way returns the stored one (its payload wins). */
  async begin<P>(record: IntentRecord<P>): Promise<IntentRecord<P>> {
    try {
      await this.collection.insertOne(record as IntentRecord);
      return record;
    } catch (error) {
      if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
      const existing = await this.get<P>(record._id);
      if (!existing) throw error;
      return existing;
    }
  }

  async markDone(id: string, step: string): Promise<void> {
    await this.collection.updateOne({ _id: id }, { $addToSet: { done: step } });
  }

  /** Marks the action finished, with its last step done (one write for both). */
  async finish(id: string, at: Date, lastStep?: string): Promise<void> {
    await this.collection.updateOne({ _id: id, finishedAt: { $exists: false } }, { $set: { finishedAt: at }, ...(lastStep ? { $addToSet: { done: lastStep } } : {}) });
  }

  /** Forgets an intent none of whose steps was done (its first step refused). */
  async discard(id: string): Promise<void> {
    await this.collection.deleteOne({ _id: id, done: { $size: 0 } });
  }

  /** Takes over unfinished intents whose lease has run out (a crashed or stalled instance), oldest first. */
  async claimAbandoned(now: Date, leaseUntil: Date, limit: number): Promise<IntentRecord[]> {
    const candidates = await this.collection.find({ finishedAt: { $exists: false }, leaseUntil: { $lte: now } }).sort({ createdAt: 1 }).limit(limit).toArray();
    const claimed: IntentRecord[] = [];
    for (const intent of candidates) {
      // Conditional on the lease read, so two sweeping instances never both take the same intent.
      const result = await this.collection.updateOne({ _id: intent._id, finishedAt: { $exists: false }, leaseUntil: intent.leaseUntil }, { $set: { leaseUntil }, $inc: { claims: 1 } });
      if (result.modifiedCount === 1) claimed.push({ ...intent, leaseUntil });
    }
    return claimed;
  }

  /** Unfinished intents (for tests and the health of the sweep). */
  unfinished(): Promise<number> {
    return this.collection.countDocuments({ finishedAt: { $exists: false } });
  }
}
