/**
 * The data and its durability: the catalog in memory, rebuilt at start from the journal (or kept only in
 * memory when there is no data directory). A write is acknowledged once its records are fsynced.
 */
import type { Document } from 'bson';
import { Catalog, type JournalRecord } from './catalog.js';

/** What persistence offers the store; journal.ts writes it to disk, memoryJournal keeps nothing. */
export interface Journal {
  load(): Promise<{ snapshot: Document[]; journal: Document[] }>;
  append(records: Document[]): Promise<void>;
  compact(snapshot: Iterable<Document>): Promise<void>;
  close(): Promise<void>;
}

export const memoryJournal: Journal = {
  load: async () => ({ snapshot: [], journal: [] }),
  append: async () => undefined,
  compact: async () => undefined,
  close: async () => undefined,
};

export class Store {
  readonly catalog = new Catalog();

  private constructor(private readonly journal: Journal) {}

  /** Replays snapshot then journal, then compacts them into a fresh snapshot. */
  static async open(journal: Journal): Promise<Store> {
    const store = new Store(journal);
    const { snapshot, journal: records } = await journal.load();
    for (const record of [...snapshot, ...records]) store.catalog.apply(record as JournalRecord);
    await journal.compact(store.catalog.snapshot());
    return store;
  }

  /** Makes the changes recorded since the last call durable. */
  async commit(): Promise<void> {
    const records = this.catalog.drain();
    if (records.length > 0) await this.journal.append(records);
  }

  async close(): Promise<void> {
    try {
      await this.commit();
      await this.journal.compact(this.catalog.snapshot());
    } finally {
      await this.journal.close();
    }
  }
}
