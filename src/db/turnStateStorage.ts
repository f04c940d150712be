/**
 * botbuilder `Storage` on MongoDB, for teams-ai turn state, with the eTag optimistic concurrency that the
 * Storage contract describes: a write carrying a stale eTag fails; no eTag or '*' overwrites.
 */
import type { Storage, StoreItems } from 'botbuilder';
import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import type { Clock } from '../domain/clock.js';

interface TurnStateDocument {
  _id: string;
  eTag: string;
  /** JSON text: state keys are chosen by libraries and may contain characters MongoDB field names cannot. */
  json: string;
  updatedAt: Date;
}

const DUPLICATE_KEY = 11000;
const conflict = (key: string) => new Error(`Storage: error writing "${key}" due to eTag conflict.`);

export class MongoTurnStateStorage implements Storage {
  private readonly collection: Collection<TurnStateDocument>;

  constructor(
    db: Db,
    private readonly clock: Clock,
  ) {
    this.collection = db.collection<TurnStateDocument>('turnState');
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (keys.length === 0) return {};
    const docs = await this.collection.find({ _id: { $in: keys } }).toArray();
    const items: StoreItems = {};
    for (const doc of docs) items[doc._id] = { ...(JSON.parse(doc.json) as object), eTag: doc.eTag };
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    for (const [key, item] of Object.entries(changes)) {
      const { eTag, ...state } = (item ?? {}) as { eTag?: string };
      const next = { eTag: randomUUID(), json: JSON.stringify(state), updatedAt: this.clock.now() };
      if (!eTag || eTag === '*') {
        await this.collection.replaceOne({ _id: key }, next, { upsert: true });
        continue;
      }
      try {
        const result = await this.collection.updateOne({ _id: key, eTag }, { $set: next }, { upsert: true });
        if (result.matchedCount === 0 && result.upsertedCount === 0) throw conflict(key);
      } catch (error) {
        // The upsert collides with the existing document when its eTag has moved on.
        if ((error as { code?: number }).code === DUPLICATE_KEY) throw conflict(key);
        throw error;
      }
    }
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length > 0) await this.collection.deleteMany({ _id: { $in: keys } });
  }
}
