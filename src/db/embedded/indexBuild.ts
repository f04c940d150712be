/**
 * Building a secondary index over a collection's documents while other commands go on (mongod's hybrid index
 * build). The index serves no query until the build commits. Writes made during the build go into it as they
 * happen; the scan then adds every document present at its start that is still there (adding a key twice is a
 * no-op, so a document written meanwhile is simply indexed as it now is). A unique index allows duplicates
 * while it is built, as mongod does, and checks every key that collided once the scan is done: if a duplicate
 * is still there the build fails with E11000 and leaves no index.
 */
import type { Document } from 'bson';
import type { CommandError } from './errors.js';
import { LOWEST, HIGHEST, type Index, type IndexKey } from './indexes.js';
import type { Slices } from './slices.js';

export interface BuildSource {
  /** The ids of the documents now held, in a list of their own (the scan must not see later inserts twice). */
  idSnapshot(): string[];
  byKey(id: string): Document | undefined;
  duplicateKey(spec: Index['spec'], doc: Document): CommandError;
}

export class IndexBuild {
  /** Keys seen held by another document when added: checked again when the scan ends (unique indexes only). */
  private readonly collided: IndexKey[] = [];
  private abortedWith: CommandError | undefined;
  private settle!: { resolve: () => void; reject: (error: unknown) => void };
  /** Settles when the build commits or fails, for an identical createIndexes sent meanwhile. */
  readonly finished = new Promise<void>((resolve, reject) => (this.settle = { resolve, reject }));

  constructor(
    readonly index: Index,
    private readonly source: BuildSource,
  ) {
    this.finished.catch(() => undefined);
  }

  get name(): string {
    return this.index.spec.name;
  }

  /** A write by another command during the build. */
  added(id: string, doc: Document): void {
    this.add(this.index.keysFor(doc), id, doc);
  }

  removed(id: string, doc: Document): void {
    this.index.remove(this.index.keysFor(doc), id);
  }

  /** Stops the build at its next slice (the index or its collection was dropped). */
  abort(error: CommandError): void {
    this.abortedWith ??= error;
  }

  async scan(slices: Slices): Promise<void> {
    for (const id of this.source.idSnapshot()) {
      await slices.pause();
      if (this.abortedWith) throw this.abortedWith;
      const doc = this.source.byKey(id);
      if (doc) this.add(this.index.keysFor(doc), id, doc);
    }
    if (this.abortedWith) throw this.abortedWith;
    for (const key of this.collided) {
      const holders = [...this.index.idsIn({ start: [...key, LOWEST], end: [...key, HIGHEST] })];
      if (holders.length > 1) throw this.source.duplicateKey(this.index.spec, this.source.byKey(holders[0]!)!);
    }
  }

  done(error?: unknown): void {
    if (error === undefined) this.settle.resolve();
    else this.settle.reject(error);
  }

  private add(keys: IndexKey[], id: string, doc: Document): void {
    if (this.index.spec.unique) for (const key of keys) if (this.index.conflict([key], id)) this.collided.push(key);
    this.index.add(keys, id, doc);
  }
}
