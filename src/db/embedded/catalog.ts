/**
 * Every database and collection the server holds. Each change is also recorded as a journal record, so
 * the same records rebuild the state on restart (see store.ts).
 */
import type { Document } from 'bson';
import { Collection } from './collection.js';
import { CommandError, invalidOptions, namespaceExists } from './errors.js';
import type { IndexSpec } from './indexes.js';
import type { Slices } from './slices.js';

const indexBuildAborted = (message: string) => new CommandError(276, 'IndexBuildAborted', message);

export type JournalRecord =
  | { op: 'create'; ns: string }
  | { op: 'createIndex'; ns: string; spec: IndexSpec }
  | { op: 'dropIndex'; ns: string; name: string }
  | { op: 'drop'; ns: string }
  | { op: 'dropDatabase'; db: string }
  | { op: 'put'; ns: string; doc: Document }
  | { op: 'remove'; ns: string; id: unknown };

const splitNamespace = (ns: string): [string, string] => {
  const dot = ns.indexOf('.');
  return [ns.slice(0, dot), ns.slice(dot + 1)];
};

export class Catalog {
  private readonly databases = new Map<string, Map<string, Collection>>();
  private pending: JournalRecord[] = [];
  /** How to take back each pending change, in the same order, should its journal write fail. */
  private undo: Array<() => void> = [];

  /** Hands over the records of the changes made since the last call, for the journal, with their undo steps. */
  drain(): { records: JournalRecord[]; undo: Array<() => void> } {
    const drained = { records: this.pending, undo: this.undo };
    this.pending = [];
    this.undo = [];
    return drained;
  }

  private record(record: JournalRecord, undo: () => void): void {
    this.pending.push(record);
    this.undo.push(undo);
  }

  collection(db: string, name: string): Collection | undefined {
    return this.databases.get(db)?.get(name);
  }

  collections(db: string): Collection[] {
    return [...(this.databases.get(db)?.values() ?? [])];
  }

  allCollections(): Collection[] {
    return [...this.databases.values()].flatMap((collections) => [...collections.values()]);
  }

  /** Returns the collection, creating it (as MongoDB does on first write) if needed. */
  ensureCollection(db: string, name: string): Collection {
    const existing = this.collection(db, name);
    if (existing) return existing;
    validateCollectionName(name);
    let collections = this.databases.get(db);
    if (!collections) this.databases.set(db, (collections = new Map()));
    const created = new Collection(db, name);
    collections.set(name, created);
    const owner = collections;
    this.record({ op: 'create', ns: created.namespace }, () => {
      if (owner.get(name) === created) owner.delete(name);
      if (owner.size === 0 && this.databases.get(db) === owner) this.databases.delete(db);
    });
    return created;
  }

  createCollection(db: string, name: string): void {
    if (this.collection(db, name)) throw namespaceExists(`Collection ${db}.${name} already exists.`);
    this.ensureCollection(db, name);
  }

  insert(collection: Collection, doc: Document): void {
    collection.insert(doc);
    this.record({ op: 'put', ns: collection.namespace, doc }, () => collection.remove(doc));
  }

  replace(collection: Collection, previous: Document, next: Document): void {
    collection.replace(previous, next);
    this.record({ op: 'put', ns: collection.namespace, doc: next }, () => collection.replace(next, previous));
  }

  remove(collection: Collection, doc: Document): void {
    collection.remove(doc);
    this.record({ op: 'remove', ns: collection.namespace, id: doc._id }, () => collection.insert(doc));
  }

  /**
   * Builds indexes over the collection's documents, giving way to other commands between slices. They commit
   * together once every scan is done, or none does.
   */
  async buildIndexes(collection: Collection, specs: IndexSpec[], slices: Slices): Promise<void> {
    const builds = specs.map((spec) => collection.startIndexBuild(spec));
    try {
      for (const build of builds) await build.scan(slices);
    } catch (error) {
      for (const build of builds) {
        collection.endIndexBuild(build, false);
        build.done(error);
      }
      throw error;
    }
    for (const build of builds) {
      collection.endIndexBuild(build, true);
      build.done();
      const spec = build.index.spec;
      this.record({ op: 'createIndex', ns: collection.namespace, spec }, () => collection.dropIndex(spec.name));
    }
  }

  dropIndex(collection: Collection, name: string): void {
    const build = collection.buildOf(name);
    if (build) return build.abort(indexBuildAborted(`Index build aborted: index ${name} was dropped`));
    const spec = collection.indexSpecs().find((candidate) => candidate.name === name);
    collection.dropIndex(name);
    this.record({ op: 'dropIndex', ns: collection.namespace, name }, () => spec && collection.createIndex(spec));
  }

  drop(db: string, name: string): boolean {
    const collections = this.databases.get(db);
    const dropped = collections?.get(name);
    if (!collections || !dropped) return false;
    collections.delete(name);
    dropped.abortIndexBuilds(indexBuildAborted(`Index build aborted: collection ${db}.${name} was dropped`));
    this.record({ op: 'drop', ns: `${db}.${name}` }, () => collections.set(name, dropped));
    return true;
  }

  dropDatabase(db: string): void {
    const collections = this.databases.get(db);
    if (!collections) return;
    this.databases.delete(db);
    for (const dropped of collections.values()) dropped.abortIndexBuilds(indexBuildAborted(`Index build aborted: database ${db} was dropped`));
    this.record({ op: 'dropDatabase', db }, () => this.databases.set(db, collections));
  }

  /** Replays one journal or snapshot record. */
  apply(record: JournalRecord): void {
    switch (record.op) {
      case 'create': {
        const [db, name] = splitNamespace(record.ns);
        this.ensureCollection(db, name);
        break;
      }
      case 'createIndex':
        this.ensure(record.ns).createIndex(record.spec);
        break;
      case 'dropIndex':
        this.ensure(record.ns).dropIndex(record.name);
        break;
      case 'drop': {
        const [db, name] = splitNamespace(record.ns);
        this.drop(db, name);
        break;
      }
      case 'dropDatabase':
        this.dropDatabase(record.db);
        break;
      case 'put': {
        const collection = this.ensure(record.ns);
        const previous = collection.get(record.doc._id);
        if (previous) collection.replace(previous, record.doc);
        else collection.insert(record.doc);
        break;
      }
      case 'remove': {
        const collection = this.ensure(record.ns);
        const previous = collection.get(record.id);
        if (previous) collection.remove(previous);
        break;
      }
    }
    this.pending = [];
    this.undo = [];
  }

  private ensure(ns: string): Collection {
    const [db, name] = splitNamespace(ns);
    return this.ensureCollection(db, name);
  }

  /** The records that rebuild the current state from nothing: collections, their indexes, then documents. */
  *snapshot(): Generator<JournalRecord> {
    for (const collection of this.allCollections()) {
      const ns = collection.namespace;
      yield { op: 'create', ns };
      for (const spec of collection.indexSpecs().slice(1)) yield { op: 'createIndex', ns, spec };
      for (const doc of collection.all()) yield { op: 'put', ns, doc };
    }
  }
}

function validateCollectionName(name: string): void {
  if (!name || name.includes('$') || name.includes('\0') || name.startsWith('.') || name.startsWith('system.')) {
    throw invalidOptions(`Invalid collection name: '${name}'`);
  }
}
