/** One collection: documents keyed by `_id`, its secondary indexes, and query planning over them. */
import type { Document } from 'bson';
import { bsonType } from './bsonOrder.js';
import { CommandError } from './errors.js';
import type { SortSpec } from './bsonOrder.js';
import { IndexBuild } from './indexBuild.js';
import { Index, keyValueOf, type IndexKey, type IndexSpec } from './indexes.js';
import { valueKey } from './keys.js';
import { isPlainObject } from './paths.js';
import { planIndex, race, type IndexPlan, type Runner } from './planner.js';
import { compileFilter, type Matcher } from './query.js';

export const ID_INDEX: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };

export interface Plan {
  stage: 'IDHACK' | 'IXSCAN' | 'COLLSCAN' | 'COUNT_SCAN';
  index?: IndexPlan;
  keysExamined: number;
  docsExamined: number;
}

export interface QueryResult {
  /** The matching documents: all of them, or the first `enough` when `sorted`. */
  docs: Document[];
  sorted: boolean;
  plan: Plan;
}

export class Collection {
  private readonly docs = new Map<string, Document>();
  private readonly secondary = new Map<string, Index>();
  /** Indexes being built: kept up to date by every write, used by no query until they commit. */
  private readonly building = new Map<string, IndexBuild>();

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

  /** Builds a secondary index over the existing documents at once (journal replay); fails without change on a duplicate. */
  createIndex(spec: IndexSpec): void {
    const index = newIndex(spec);
    for (const [id, doc] of this.docs) {
      const keys = index.keysFor(doc);
      if (index.conflict(keys, id)) throw this.duplicateKey(index.spec, doc);
      index.add(keys, id, doc);
    }
    this.secondary.set(spec.name, index);
  }

  dropIndex(name: string): void {
    this.secondary.delete(name);
  }

  /** Starts building an index that writes keep up to date from now on; its scan runs in IndexBuild. */
  startIndexBuild(spec: IndexSpec): IndexBuild {
    const build = new IndexBuild(newIndex(spec), {
      idSnapshot: () => [...this.docs.keys()],
      byKey: (id) => this.docs.get(id),
      duplicateKey: (failed, doc) => this.duplicateKey(failed, doc),
    });
    this.building.set(spec.name, build);
    return build;
  }

  /** The build in progress under this name, if any. */
  buildOf(name: string): IndexBuild | undefined {
    return this.building.get(name);
  }

  /** Ends a build: its index serves queries from now on if it succeeded, and is gone otherwise. */
  endIndexBuild(build: IndexBuild, succeeded: boolean): void {
    if (this.building.get(build.name) !== build) return;
    this.building.delete(build.name);
    if (succeeded) this.secondary.set(build.name, build.index);
  }

  abortIndexBuilds(error: CommandError): void {
    for (const build of this.building.values()) build.abort(error);
  }

  get(id: unknown): Document | undefined {
    return this.docs.get(valueKey(id));
  }

  insert(doc: Document): void {
    const id = valueKey(doc._id);
    if (this.docs.has(id)) throw this.duplicateKey(ID_INDEX, doc);
    const keys = this.checkUnique(doc, undefined);
    this.docs.set(id, doc);
    for (const [index, indexKeys] of keys) index.add(indexKeys, id, doc);
    for (const build of this.building.values()) build.added(id, doc);
  }

  /** Swaps a stored document for its updated version (same `_id`), keeping every index in step. */
  replace(previous: Document, next: Document): void {
    const id = valueKey(previous._id);
    const keys = this.checkUnique(next, id);
    for (const index of this.secondary.values()) index.remove(index.keysFor(previous), id);
    for (const [index, indexKeys] of keys) index.add(indexKeys, id, next);
    for (const build of this.building.values()) {
      build.removed(id, previous);
      build.added(id, next);
    }
    this.docs.set(id, next);
  }

  remove(doc: Document): void {
    const id = valueKey(doc._id);
    for (const index of this.secondary.values()) index.remove(index.keysFor(doc), id);
    for (const build of this.building.values()) build.removed(id, doc);
    this.docs.delete(id);
  }

  private checkUnique(doc: Document, ownId: string | undefined): Array<[Index, IndexKey[]]> {
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
   * The documents a filter matches, through the `_id` map, the best index plan or a full scan. When the plan
   * gives the sort, `sorted` is true and (with a limit) the scan stopped at `enough` matches. An exact index plan
   * calls `examined` instead of `matches` (the deadline check only).
   */
  query(filter: Document, matches: Matcher, sort: SortSpec | undefined, enough: number | undefined, examined: Matcher = () => true): QueryResult {
    const ids = equalityValues(filter, '_id');
    if (ids) {
      const found = ids.map((id) => this.docs.get(valueKey(id))).filter((d): d is Document => d !== undefined);
      const plan: Plan = { stage: 'IDHACK', keysExamined: ids.length, docsExamined: found.length };
      return { docs: found.filter(idResidual(filter, examined)), sorted: false, plan };
    }
    const winner = this.planned(filter, matches, sort, enough, examined);
    if (!winner) {
      const docs = [...this.docs.values()];
      return { docs: docs.filter(matches), sorted: false, plan: { stage: 'COLLSCAN', keysExamined: 0, docsExamined: docs.length } };
    }
    if (enough !== undefined && (!sort || winner.plan.providesSort)) readOn(winner, enough);
    else this.readToEnd(winner);
    return { docs: winner.matched, sorted: winner.plan.providesSort, plan: planOf(winner) };
  }

  /**
   * How many documents a filter matches. When the winning plan is exact (its bounds are the whole filter, on a
   * single-valued index), its intervals are counted in the tree without fetching a document: MongoDB's COUNT_SCAN.
   * `examined` (the deadline check) is still called for every key counted.
   */
  count(filter: Document, matches: Matcher, examined: Matcher = () => true): { n: number; plan: Plan } {
    const winner = equalityValues(filter, '_id') ? undefined : this.planned(filter, matches, undefined, undefined, examined);
    if (!winner) {
      const { docs, plan } = this.query(filter, matches, undefined, undefined, examined);
      return { n: docs.length, plan };
    }
    if (!winner.plan.exact) {
      this.readToEnd(winner);
      return { n: winner.matched.length, plan: planOf(winner) };
    }
    const none = {};
    const n = winner.plan.index.countIn(winner.plan.intervals, () => void examined(none));
    return { n, plan: { ...planOf(winner), stage: 'COUNT_SCAN', keysExamined: n } };
  }

  /** The winner of the trial between the index plans for a filter and sort, or undefined when no index applies. */
  private planned(filter: Document, matches: Matcher, sort: SortSpec | undefined, enough: number | undefined, examined: Matcher): Runner | undefined {
    const runners = [...this.secondary.values()]
      .map((index) => planIndex(index, filter, sort))
      .filter((p): p is IndexPlan => p !== undefined)
      .map((p) => this.runner(p, p.exact ? examined : p.answered.length > 0 ? residual(filter, p.answered, examined) : matches));
    if (runners.length === 0) return undefined;
    return race(runners, { ...(enough !== undefined ? { enough } : {}), blocking: (r) => sort !== undefined && !r.plan.providesSort });
  }

  /**
   * Reads a plan to its end. One not yet read (the only plan, or a count) has its ids gathered by the tree's range
   * walk, then fetched and tested in one loop, with the same counts and order as the lazy scan gives.
   */
  private readToEnd(runner: Runner): void {
    if (!untouched(runner)) return readOn(runner, Infinity);
    const { plan } = runner;
    const seen = plan.index.isMultikey ? new Set<string>() : undefined;
    const intervals = plan.reverse ? [...plan.intervals].reverse() : plan.intervals;
    const ids: string[] = [];
    for (const interval of intervals) {
      const from = ids.length;
      runner.keysExamined += plan.index.appendIdsIn(interval, ids);
      if (plan.reverse) reverseFrom(ids, from);
    }
    for (const id of ids) {
      if (!firstTime(seen, id)) continue;
      runner.docsExamined += 1;
      const doc = this.docs.get(id)!;
      if (runner.matches(doc)) runner.matched.push(doc);
    }
    runner.finished = true;
  }

  /** A lazy scan of one index plan: ids from its intervals (once each, for multikey indexes), then documents. */
  private runner(plan: IndexPlan, matches: Matcher): Runner {
    const runner: Runner = { plan, matches, ids: undefined as unknown as Iterator<string>, docs: undefined as unknown as Iterator<Document>, matched: [], finished: false, keysExamined: 0, docsExamined: 0 };
    const docs = this.docs;
    const counter = { keys: 0 };
    function* ids(): Generator<string> {
      const seen = plan.index.isMultikey ? new Set<string>() : undefined;
      const intervals = plan.reverse ? [...plan.intervals].reverse() : plan.intervals;
      for (const interval of intervals) {
        for (const id of plan.index.idsIn(interval, plan.reverse, counter)) {
          runner.keysExamined = counter.keys;
          if (firstTime(seen, id)) yield id;
        }
      }
    }
    function* fetch(): Generator<Document> {
      for (let next = runner.ids.next(); !next.done; next = runner.ids.next()) {
        runner.docsExamined += 1;
        yield docs.get(next.value)!;
      }
    }
    runner.ids = ids();
    runner.docs = fetch();
    return runner;
  }
}

function newIndex(spec: IndexSpec): Index {
  return new Index(spec, spec.partialFilterExpression ? compileFilter(spec.partialFilterExpression) : () => true);
}

const untouched = (runner: Runner) => runner.keysExamined === 0 && runner.docsExamined === 0 && !runner.finished;

/** A multikey index holds a document once per array element: a scan reads it the first time only. */
function firstTime(seen: Set<string> | undefined, id: string): boolean {
  if (!seen) return true;
  if (seen.has(id)) return false;
  seen.add(id);
  return true;
}

function reverseFrom(items: string[], from: number): void {
  for (let i = from, j = items.length - 1; i < j; i++, j--) [items[i], items[j]] = [items[j]!, items[i]!];
}

/** Runs the trial's winner on from where it stopped, until it has `target` matches or its scan ends. */
function readOn(winner: Runner, target: number): void {
  if (winner.finished) return;
  while (winner.matched.length < target) {
    const next = winner.docs.next();
    if (next.done) break;
    if (winner.matches(next.value)) winner.matched.push(next.value);
  }
}

const planOf = (runner: Runner): Plan => ({ stage: 'IXSCAN', index: runner.plan, keysExamined: runner.keysExamined, docsExamined: runner.docsExamined });

/**
 * The test left for documents fetched by their `_id` equality values: the lookup answered the `_id` condition
 * (an `_id` is never an array, so a fetched document equals one of the values), so only the filter's other
 * fields are checked, with the deadline. Re-testing `_id: {$in: [...]}` walked the whole list per document.
 */
function idResidual(filter: Document, examined: Matcher): Matcher {
  const { _id: _answered, ...rest } = filter;
  if (Object.keys(rest).length === 0) return examined;
  const residual = compileFilter(rest);
  return (doc) => examined(doc) && residual(doc);
}

/** The test left for a scan whose bounds answered some of the filter's fields: the others, with the deadline. */
function residual(filter: Document, answered: string[], examined: Matcher): Matcher {
  const rest = Object.fromEntries(Object.entries(filter).filter(([field]) => !answered.includes(field)));
  const matches = compileFilter(rest);
  return (doc) => examined(doc) && matches(doc);
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
