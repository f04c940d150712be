/**
 * The data and its durability: the catalog in memory, rebuilt at start from the journal (or kept only in
 * memory when there is no data directory). A write is acknowledged once its records are fsynced.
 *
 * A journal write that fails takes its changes back out of memory (and those of every later write still
 * waiting for the disk), so memory never holds what the disk does not, and marks the store unhealthy.
 * The journal is compacted in the background whenever it grows past a size threshold.
 */
import type { Document } from 'bson';
import { Catalog, type JournalRecord } from './catalog.js';

/** What persistence offers the store; journal.ts writes it to disk, memoryJournal keeps nothing. */
export interface Journal {
  load(): Promise<{ snapshot: Document[]; journal: Document[] }>;
  append(records: Document[]): Promise<void>;
  compact(snapshot: Iterable<Document>): Promise<void>;
  /** Bytes in the journal since the last compaction. */
  byteLength(): number;
  close(): Promise<void>;
}

export const memoryJournal: Journal = {
  load: async () => ({ snapshot: [], journal: [] }),
  append: async () => undefined,
  compact: async () => undefined,
  byteLength: () => 0,
  close: async () => undefined,
};

export interface StoreOptions {
  /** Compact once the journal holds more than this many bytes. */
  compactAtBytes?: number;
}

export const DEFAULT_COMPACT_AT_BYTES = 64 * 1024 * 1024;

/** The write could not be made durable: it was not applied. */
export class JournalWriteError extends Error {
  constructor(cause: unknown) {
    super('The write could not be saved to disk and was not applied; the embedded server is unhealthy.', { cause });
    this.name = 'JournalWriteError';
  }
}

export class Store {
  readonly catalog = new Catalog();
  private failure: unknown;
  /** Undo steps of the commits still waiting for the disk, oldest first. */
  private readonly unsynced = new Set<Array<() => void>>();
  private compacting: Promise<void> | undefined;
  /** Raised after a failed compaction, so a full disk is not retried on every write. */
  private compactAbove: number;

  private constructor(
    private readonly journal: Journal,
    private readonly compactAtBytes: number,
  ) {
    this.compactAbove = compactAtBytes;
  }

  /** Replays snapshot then journal, then compacts them into a fresh snapshot. */
  static async open(journal: Journal, options: StoreOptions = {}): Promise<Store> {
    const store = new Store(journal, options.compactAtBytes ?? DEFAULT_COMPACT_AT_BYTES);
    const { snapshot, journal: records } = await journal.load();
    for (const record of [...snapshot, ...records]) store.catalog.apply(record as JournalRecord);
    await journal.compact(store.catalog.snapshot());
    return store;
  }

  /** False once a journal write has failed: reads still work, every write is refused. */
  get healthy(): boolean {
    return this.failure === undefined;
  }

  /** Makes the changes recorded since the last call durable, or takes them back and throws JournalWriteError. */
  async commit(): Promise<void> {
    const { records, undo } = this.catalog.drain();
    if (records.length === 0) return;
    if (this.failure !== undefined) {
      rollBack([undo]);
      throw new JournalWriteError(this.failure);
    }
    this.unsynced.add(undo);
    try {
      await this.journal.append(records);
    } catch (error) {
      this.failure ??= error;
      if (this.unsynced.has(undo)) rollBack([...this.unsynced]);
      this.unsynced.clear();
      throw new JournalWriteError(error);
    }
    this.unsynced.delete(undo);
    this.compactIfLarge();
  }

  private compactIfLarge(): void {
    if (this.compacting || this.journal.byteLength() <= this.compactAbove) return;
    // The snapshot is taken synchronously inside compact(), so it is exactly the state acknowledged so far.
    this.compacting = this.journal
      .compact(this.catalog.snapshot())
      .then(
        () => void (this.compactAbove = this.compactAtBytes),
        // A journal that can no longer be written fails the next append; anything else is retried later.
        () => void (this.compactAbove = this.journal.byteLength() + this.compactAtBytes),
      )
      .finally(() => (this.compacting = undefined));
  }

  async close(): Promise<void> {
    try {
      await this.compacting;
      await this.commit();
      if (this.healthy) await this.journal.compact(this.catalog.snapshot());
    } finally {
      await this.journal.close();
    }
  }
}

/** Undoes the given commits, newest first and each one's steps last to first. */
function rollBack(commits: Array<Array<() => void>>): void {
  for (const undo of [...commits].reverse()) for (const step of [...undo].reverse()) step();
}
