/** One collection: documents keyed by `_id`, its secondary indexes, and query planning over them. */
import type { Document } from 'bson';
import { bsonType } from './bsonOrder.js';
import { CommandError } from './errors.js';
import { Index, joinKey, keyValueOf, type IndexSpec } from './indexes.js';
import { valueKey } from './keys.js';
import { isPlainObject } from './paths.js';
import { compileFilter } from './query.js';

export const ID_INDEX: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };

export interface Plan {
  stage: 'IDHACK' | 'IXSCAN' | 'COLLSCAN';
  indexName?: string;
  keysExamined: number;
}

export class Collection {
  private readonly docs = new Map<string, Document>();
  private readonly secondary = new Map<string, Index>();
  /** Documents read while answering queries; tests use it (via explain) to prove indexed lookups do not scan. */
  docsExamined = 0;

  constructor(
    readonly db: string,
    readonly name: string,
  ) {}

  get namespace(): string {
    return `${this.db}.${this.name}`;
  }

  get size(): number {
    return this.docs.size;
  }

  all(): IterableIterator<Document> {
    return this.docs.values();
  }

  indexSpecs(): IndexSpec[] {
    return [ID_INDEX, ...[...this.secondary.values()].map((index) => index.spec)];
  }

  hasIndex(name: string): boolean {
    return name === ID_INDEX.name || this.secondary.has(name);
  }

  /** Builds a secondary index over the existing documents; fails without change on a duplicate. */
  createIndex(spec: IndexSpec): void {
    const covers = spec.partialFilterExpression ? compileFilter(spec.partialFilterExpression) : () => true;
    const index = new Index(spec, covers);
    for (const [id, doc] of this.docs) {
      const keys = index.keysFor(doc);
      if (index.conflict(keys, id)) throw this.duplicateKey(index.spec, doc);
      index.add(keys, id);
    }
    this.secondary.set(spec.name, index);
  }

  dropIndex(name: string): void {
    this.secondary.delete(name);
  }

  get(id: unknown): Document | undefined {
    return this.docs.get(valueKey(id));
  }

  insert(doc: Document): void {
    const id = valueKey(doc._id);
    if (this.docs.has(id)) throw this.duplicateKey(ID_INDEX, doc);
    const keys = this.checkUnique(doc, undefined);
    this.docs.set(id, doc);
    for (const [index, indexKeys] of keys) index.add(indexKeys, id);
  }

  /** Swaps a stored document for its updated version (same `_id`), keeping every index in step. */
  replace(previous: Document, next: Document): void {
    const id = valueKey(previous._id);
    const keys = this.checkUnique(next, id);
    for (const index of this.secondary.values()) index.remove(index.keysFor(previous), id);
    for (const [index, indexKeys] of keys) index.add(indexKeys, id);
    this.docs.set(id, next);
  }

  remove(doc: Document): void {
    const id = valueKey(doc._id);
    for (const index of this.secondary.values()) index.remove(index.keysFor(doc), id);
    this.docs.delete(id);
  }

  private checkUnique(doc: Document, ownId: string | undefined): Array<[Index, string[][]]> {
    return [...this.secondary.values()].map((index) => {
      const keys = index.keysFor(doc);
      if (index.conflict(keys, ownId)) throw this.duplicateKey(index.spec, doc);
      return [index, keys];
    });
  }

  duplicateKey(spec: IndexSpec, doc: Document): CommandError {
    const keyValue = keyValueOf(spec, doc);
    const shown = Object.entries(keyValue).map(([k, v]) => `${k}: ${describe(v)}`).join(', ');
    return new CommandError(
      11000,
      'DuplicateKey',
      `E11000 duplicate key error collection: ${this.namespace} index: ${spec.name} dup key: { ${shown} }`,
      { keyPattern: spec.key, keyValue },
    );
  }

  /**
   * The documents that may match a filter: found through the `_id` map or an index when the filter pins
   * every field of one by equality, otherwise every document. The caller still applies the full filter.
   */
  candidates(filter: Document): { docs: Document[]; plan: Plan } {
    const ids = equalityValues(filter, '_id');
    if (ids) {
      const docs = ids.map((id) => this.docs.get(valueKey(id))).filter((d): d is Document => d !== undefined);
      this.docsExamined += docs.length;
      return { docs, plan: { stage: 'IDHACK', keysExamined: ids.length } };
    }
    // Of the indexes that can answer the filter, use the one that yields the fewest documents.
    let best: { index: Index; sets: Set<string>[]; size: number } | undefined;
    for (const index of this.secondary.values()) {
      const sets = this.lookupSets(index, filter);
      if (!sets) continue;
      const size = sets.reduce((total, set) => total + set.size, 0);
      if (!best || size < best.size) best = { index, sets, size };
    }
    if (best) {
      const matched = new Set<string>();
      for (const set of best.sets) for (const id of set) matched.add(id);
      const docs = [...matched].map((id) => this.docs.get(id)!);
      this.docsExamined += docs.length;
      return { docs, plan: { stage: 'IXSCAN', indexName: best.index.spec.name, keysExamined: matched.size } };
    }
    const docs = [...this.docs.values()];
    this.docsExamined += docs.length;
    return { docs, plan: { stage: 'COLLSCAN', keysExamined: 0 } };
  }

  /**
   * The id sets an index gives for the filter: by its full key when every indexed field has equality (or
   * `$in`) values, else by its first field alone; undefined when the index cannot help.
   */
  private lookupSets(index: Index, filter: Document): Set<string>[] | undefined {
    if (index.spec.sparse || index.spec.partialFilterExpression) return undefined;
    const perField = index.fields.map((field) => equalityValues(filter, field));
    const usable = (values: unknown[] | undefined): values is unknown[] => !!values && values.every((v) => v !== null && v !== undefined);
    if (perField.every(usable)) {
      let tuples: string[][] = [[]];
      for (const values of perField) tuples = tuples.flatMap((tuple) => values.map((v) => [...tuple, valueKey(v)]));
      return tuples.map((tuple) => index.lookup(joinKey(tuple)));
    }
    const first = perField[0];
    return usable(first) ? first.map((value) => index.lookupFirstField(valueKey(value))) : undefined;
  }
}

/** Plain equality values a filter requires of a top-level field: `{f: v}`, `{f: {$eq: v}}` or `{f: {$in: [...]}}`. */
function equalityValues(filter: Document, field: string): unknown[] | undefined {
  if (!(field in filter)) return undefined;
  const condition = filter[field];
  const usable = (v: unknown) => !Array.isArray(v) && !(v instanceof RegExp) && bsonType(v) !== 'BSONRegExp' && !isPlainObject(v);
  if (isPlainObject(condition) && Object.keys(condition).length === 1) {
    if ('$eq' in condition) return usable(condition.$eq) ? [condition.$eq] : undefined;
    if ('$in' in condition && Array.isArray(condition.$in)) return condition.$in.every(usable) ? condition.$in : undefined;
    return undefined;
  }
  return usable(condition) ? [condition] : undefined;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (bsonType(value) === 'ObjectId') return `ObjectId('${String(value)}')`;
  if (value instanceof Date) return `new Date(${value.getTime()})`;
  if (value === null || value === undefined) return 'null';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
