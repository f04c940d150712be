/**
 * Secondary indexes: ordered B+ trees (sorted-btree) of compound keys in BSON order, one entry per key tuple
 * a document holds (several for arrays: multikey), each ending with the document's id.
 */
import type { Document } from 'bson';
import { badValue, CommandError } from './errors.js';
import sortedBtree from 'sorted-btree';
import { compareBson, typeRank } from './bsonOrder.js';
import { isPlainObject, leafValues, valuesAtPath } from './paths.js';

export interface IndexSpec {
  v?: number;
  key: Record<string, 1 | -1>;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  expireAfterSeconds?: number;
  partialFilterExpression?: Document;
}

const SUPPORTED_OPTIONS = new Set(['v', 'key', 'name', 'unique', 'sparse', 'expireAfterSeconds', 'partialFilterExpression', 'background', 'ns']);

export function defaultIndexName(key: Record<string, unknown>): string {
  return Object.entries(key).map(([field, direction]) => `${field}_${String(direction)}`).join('_');
}

export function parseIndexSpec(raw: unknown): IndexSpec {
  if (!isPlainObject(raw) || !isPlainObject(raw.key) || Object.keys(raw.key).length === 0) {
    throw new CommandError(67, 'CannotCreateIndex', 'Index specification must have a non-empty key document');
  }
  for (const option of Object.keys(raw)) {
    if (!SUPPORTED_OPTIONS.has(option)) throw new CommandError(197, 'InvalidIndexSpecificationOption', `The field '${option}' is not valid for an index specification`);
  }
  const key: Record<string, 1 | -1> = {};
  for (const [field, direction] of Object.entries(raw.key)) {
    const n = Number(direction);
    if (n !== 1 && n !== -1) throw new CommandError(67, 'CannotCreateIndex', `Index type '${String(direction)}' is not supported by this server; only ascending (1) and descending (-1) keys are`);
    key[field] = n;
  }
  const spec: IndexSpec = { v: 2, key, name: typeof raw.name === 'string' ? raw.name : defaultIndexName(key) };
  if (raw.unique) spec.unique = true;
  if (raw.sparse) spec.sparse = true;
  if (raw.expireAfterSeconds !== undefined) {
    const seconds = Number(raw.expireAfterSeconds);
    if (!Number.isFinite(seconds) || seconds < 0) throw badValue('expireAfterSeconds must be a non-negative number');
    spec.expireAfterSeconds = seconds;
  }
  if (raw.partialFilterExpression !== undefined) spec.partialFilterExpression = raw.partialFilterExpression as Document;
  return spec;
}

/** Markers in tree order, whatever a field's direction: below and above every key part. */
export const LOWEST = Symbol('lowest');
export const HIGHEST = Symbol('highest');
/** An empty array is indexed as undefined, which sorts below null. */
export const EMPTY_ARRAY = Symbol('empty array');

/** The start (side -1) or end (side 1) of one BSON type bracket: the bounds of `$gt: 5` end at the last number. */
export class Bracket {
  constructor(
    readonly rank: number,
    readonly side: -1 | 1,
  ) {}
}

export type KeyPart = unknown;
/** One index entry: a value per indexed field, then the document's id. */
export type IndexKey = KeyPart[];

// sorted-btree is CommonJS: Node's ESM loader gives its exports object as the default, a CJS loader the class.
const BTree = ((sortedBtree as unknown as { default?: typeof sortedBtree.default }).default ?? sortedBtree) as typeof sortedBtree.default;
type Tree = InstanceType<typeof BTree<IndexKey, undefined>>;

const partRank = (part: KeyPart) => (part === EMPTY_ARRAY ? 1.5 : part instanceof Bracket ? part.rank : typeRank(part));

/** Two key parts in value order (ascending), brackets and the empty-array marker included. */
export function compareParts(a: KeyPart, b: KeyPart): number {
  if (a === b) return 0;
  if (typeof a === 'string' && typeof b === 'string') return compareBson(a, b);
  const rankA = partRank(a);
  const rankB = partRank(b);
  if (rankA !== rankB) return rankA < rankB ? -1 : 1;
  if (a instanceof Bracket) return b instanceof Bracket ? Math.sign(a.side - b.side) : a.side;
  if (b instanceof Bracket) return -b.side;
  if (a === EMPTY_ARRAY || b === EMPTY_ARRAY) return 0;
  return compareBson(a, b);
}

function keyComparator(directions: Array<1 | -1>): (x: IndexKey, y: IndexKey) => number {
  const n = directions.length;
  return (x, y) => {
    for (let i = 0; i <= n; i++) {
      const a = x[i];
      const b = y[i];
      if (a === b) continue;
      if (a === LOWEST || b === HIGHEST) return -1;
      if (a === HIGHEST || b === LOWEST) return 1;
      // The last part is the document id (a canonical string): ties between equal keys break by it.
      const order = i === n ? (a! < b! ? -1 : 1) : compareParts(a, b) * directions[i]!;
      if (order !== 0) return order;
    }
    return 0;
  };
}

/** The key tuples a document contributes: one per combination of (multikey) field values. */
export function indexKeyParts(spec: IndexSpec, doc: Document): IndexKey[] {
  const perField = Object.keys(spec.key).map((field) => {
    const values = leafValues(doc, field);
    if (values.length > 0) return values;
    // A missing field is indexed as null; an empty array as undefined.
    return [valuesAtPath(doc, field).some((v) => Array.isArray(v)) ? EMPTY_ARRAY : null];
  });
  return perField.reduce<IndexKey[]>((tuples, values) => tuples.flatMap((tuple) => values.map((v) => [...tuple, v])), [[]]);
}

export function keyValueOf(spec: IndexSpec, doc: Document): Document {
  const keyValue: Document = {};
  for (const field of Object.keys(spec.key)) {
    const values = leafValues(doc, field);
    keyValue[field] = values.length > 0 ? values[0] : null;
  }
  return keyValue;
}

/** A stretch of the tree, both ends inclusive, in tree order; its ends are built with LOWEST/HIGHEST markers. */
export interface KeyInterval {
  start: IndexKey;
  end: IndexKey;
}

export class Index {
  private readonly tree: Tree;
  readonly fields: string[];
  readonly directions: Array<1 | -1>;
  private readonly compare: (x: IndexKey, y: IndexKey) => number;
  /** Fields where some document held an array (or several values): such an index is multikey on them. */
  readonly multikeyFields = new Set<string>();

  constructor(
    readonly spec: IndexSpec,
    private readonly covers: (doc: Document) => boolean,
  ) {
    this.fields = Object.keys(spec.key);
    this.directions = Object.values(spec.key);
    this.compare = keyComparator(this.directions);
    this.tree = new BTree<IndexKey, undefined>(undefined, this.compare);
  }

  get isMultikey(): boolean {
    return this.multikeyFields.size > 0;
  }

  get entryCount(): number {
    return this.tree.size;
  }

  /** The key tuples this document would occupy, or none if the index is sparse/partial and skips it. */
  keysFor(doc: Document): IndexKey[] {
    if (this.spec.sparse && this.fields.every((f) => valuesAtPath(doc, f).length === 0)) return [];
    if (this.spec.partialFilterExpression && !this.covers(doc)) return [];
    return indexKeyParts(this.spec, doc);
  }

  /** The first key that another document already holds in this unique index, if any. */
  conflict(keys: IndexKey[], ownId: string | undefined): IndexKey | undefined {
    if (!this.spec.unique) return undefined;
    const n = this.fields.length;
    // At most two entries to look at: the first holding the key, and the next if the first is the document's own.
    return keys.find((key) => {
      let entry = this.tree.nextHigherPair([...key, LOWEST]);
      if (entry && entry[0][n] === ownId) entry = this.tree.nextHigherPair(entry[0]);
      return entry !== undefined && this.compare(entry[0], [...key, HIGHEST]) <= 0;
    });
  }

  add(keys: IndexKey[], id: string, doc: Document): void {
    for (const field of this.fields) {
      if (this.multikeyFields.has(field)) continue;
      const values = valuesAtPath(doc, field);
      if (values.length > 1 || values.some(Array.isArray)) this.multikeyFields.add(field);
    }
    for (const key of keys) this.tree.set([...key, id], undefined);
  }

  remove(keys: IndexKey[], id: string): void {
    for (const key of keys) this.tree.delete([...key, id]);
  }

  /** Document ids in an interval, in tree order (or reversed), with the number of keys read. */
  *idsIn(interval: KeyInterval, reverse = false, examined?: { keys: number }): Generator<string> {
    const entries = reverse ? this.tree.entriesReversed(interval.end) : this.tree.entries(interval.start);
    for (const [key] of entries) {
      if (reverse ? this.compare(key, interval.start) < 0 : this.compare(key, interval.end) > 0) return;
      if (examined) examined.keys += 1;
      yield key[key.length - 1] as string;
    }
  }

  /**
   * The ids in an interval, in key order, appended to `out`; returns the keys examined. The tree's own range walk,
   * for a scan read to its end: the generator in idsIn compares every key with the bound, this walk does not.
   */
  appendIdsIn(interval: KeyInterval, out: string[]): number {
    return this.tree.forRange(interval.start, interval.end, true, (key) => void out.push(key[key.length - 1] as string));
  }

  /**
   * How many keys lie in these intervals, with `each` called per key (the deadline check). The tree's own range
   * walk, without the id generators a scan goes through: a COUNT_SCAN of tens of thousands of keys.
   */
  countIn(intervals: KeyInterval[], each: () => void): number {
    let count = 0;
    for (const interval of intervals) count += this.tree.forRange(interval.start, interval.end, true, each);
    return count;
  }
}
