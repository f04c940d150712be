/**
 * Query planning over ordered indexes: the bounds a filter puts on each indexed field, the key intervals they
 * make, whether an index hands documents over in the requested sort order, and (when several indexes apply)
 * a bounded trial between their scans in the manner of MongoDB's multi-planner: the most productive plan wins
 * and only it runs on.
 */
import type { Document } from 'bson';
import { bsonType, typeRank, type SortSpec } from './bsonOrder.js';
import { Bracket, compareParts, HIGHEST, LOWEST, type Index, type IndexKey, type KeyInterval } from './indexes.js';
import { valueKey } from './keys.js';
import { isPlainObject } from './paths.js';

/** The values one field may take, in ascending value order: a few points (equality, `$in`) or one range. */
export type FieldBounds =
  | { kind: 'points'; values: unknown[] }
  | { kind: 'range'; low: unknown; lowInclusive: boolean; high: unknown; highInclusive: boolean };

export interface IndexPlan {
  index: Index;
  /** Bounds on the leading fields; the remaining fields are unbounded. */
  bounds: FieldBounds[];
  intervals: KeyInterval[];
  /** Scan the tree backwards to give the requested sort. */
  reverse: boolean;
  /** The scan yields documents in the requested sort order (no sort needed after it). */
  providesSort: boolean;
  /** The bounds say all the filter says, so the documents the scan yields need no further test. */
  exact: boolean;
  /** The filter's fields whose conditions the bounds say in full: the documents need testing on the others only. */
  answered: string[];
}

/** More intervals than this (from `$in` lists on several fields) and only the leading fields are bounded. */
const MAX_INTERVALS = 500;

/** A value an index can look up: not null (which also matches missing fields), arrays, objects or regexes. */
function indexable(value: unknown): boolean {
  if (value === null || value === undefined || Array.isArray(value) || value instanceof RegExp || isPlainObject(value)) return false;
  const type = bsonType(value);
  return type !== 'BSONRegExp' && type !== 'MinKey' && type !== 'MaxKey' && type !== 'Code';
}

const isOperatorObject = (condition: unknown): condition is Document =>
  isPlainObject(condition) && Object.keys(condition).length > 0 && Object.keys(condition).every((k) => k.startsWith('$'));

/** The conditions a filter puts on a field: at its top level and inside `$and`. */
function conditionsOn(filter: Document, field: string): unknown[] {
  const found = field in filter ? [filter[field]] : [];
  if (Array.isArray(filter.$and)) for (const clause of filter.$and) if (isPlainObject(clause)) found.push(...conditionsOn(clause, field));
  return found;
}

function points(values: unknown[]): FieldBounds {
  const sorted = [...values].sort(compareParts);
  return { kind: 'points', values: sorted.filter((v, i) => i === 0 || compareParts(sorted[i - 1], v) !== 0) };
}

/** `$gt: 5` reaches to the end of the numbers only: comparisons never cross BSON type brackets. */
function range(operator: string, value: unknown): FieldBounds {
  const rank = typeRank(value);
  return operator === '$gt' || operator === '$gte'
    ? { kind: 'range', low: value, lowInclusive: operator === '$gte', high: new Bracket(rank, 1), highInclusive: true }
    : { kind: 'range', low: new Bracket(rank, -1), lowInclusive: true, high: value, highInclusive: operator === '$lte' };
}

function constraints(condition: unknown): FieldBounds[] {
  if (!isOperatorObject(condition)) return indexable(condition) ? [points([condition])] : [];
  const found: FieldBounds[] = [];
  for (const [operator, value] of Object.entries(condition)) {
    if (operator === '$eq' && indexable(value)) found.push(points([value]));
    else if (operator === '$in' && Array.isArray(value) && value.every(indexable)) found.push(points(value));
    else if (['$gt', '$gte', '$lt', '$lte'].includes(operator) && indexable(value)) found.push(range(operator, value));
  }
  return found;
}

const inRange = (value: unknown, r: Extract<FieldBounds, { kind: 'range' }>) => {
  const low = compareParts(value, r.low);
  const high = compareParts(value, r.high);
  return (low > 0 || (low === 0 && r.lowInclusive)) && (high < 0 || (high === 0 && r.highInclusive));
};

function intersect(a: FieldBounds, b: FieldBounds): FieldBounds {
  if (a.kind === 'points' && b.kind === 'points') return { kind: 'points', values: a.values.filter((v) => b.values.some((w) => compareParts(v, w) === 0)) };
  if (a.kind === 'points' && b.kind === 'range') return { kind: 'points', values: a.values.filter((v) => inRange(v, b)) };
  if (a.kind === 'range' && b.kind === 'points') return intersect(b, a);
  const x = a as Extract<FieldBounds, { kind: 'range' }>;
  const y = b as Extract<FieldBounds, { kind: 'range' }>;
  const lowOrder = compareParts(x.low, y.low);
  const highOrder = compareParts(x.high, y.high);
  const low = lowOrder > 0 || (lowOrder === 0 && !x.lowInclusive) ? x : y;
  const high = highOrder < 0 || (highOrder === 0 && !x.highInclusive) ? x : y;
  const merged = { kind: 'range' as const, low: low.low, lowInclusive: low.lowInclusive, high: high.high, highInclusive: high.highInclusive };
  const order = compareParts(merged.low, merged.high);
  return order > 0 || (order === 0 && !(merged.lowInclusive && merged.highInclusive)) ? { kind: 'points', values: [] } : merged;
}

/**
 * The bounds a filter puts on one field. On a multikey field, conditions are not combined (one array element
 * may satisfy `$gt` and another `$lt`), so only one of them bounds the scan; the full filter runs after it.
 */
export function fieldBounds(filter: Document, field: string, multikey: boolean): FieldBounds | undefined {
  const all = conditionsOn(filter, field).flatMap(constraints);
  if (all.length === 0) return undefined;
  if (multikey) return all.find((c) => c.kind === 'points') ?? all[0];
  return all.reduce(intersect);
}

/** Whether every document the filter matches is in a partial index: each clause of its expression is implied. */
export function impliesPartialFilter(filter: Document, expression: Document): boolean {
  return Object.entries(expression).every(([field, condition]) => {
    if (field === '$and') return Array.isArray(condition) && condition.every((c) => isPlainObject(c) && impliesPartialFilter(filter, c));
    if (conditionsOn(filter, field).some((c) => valueKey(c) === valueKey(condition))) return true;
    const existsOnly = isPlainObject(condition) && Object.keys(condition).length === 1 && condition.$exists === true;
    return existsOnly && fieldBounds(filter, field, true) !== undefined;
  });
}

/** The plan one index offers for a filter and sort, or undefined when it can neither bound nor order the scan. */
export function planIndex(index: Index, filter: Document, sort: SortSpec | undefined): IndexPlan | undefined {
  const bounds: FieldBounds[] = [];
  for (const field of index.fields) {
    const fb = fieldBounds(filter, field, index.multikeyFields.has(field));
    if (!fb) break;
    bounds.push(fb);
    if (fb.kind === 'range') break;
  }
  while (bounds.length > 1 && intervalCount(bounds) > MAX_INTERVALS) bounds.pop();
  const direction = sortDirection(index, bounds, sort);
  if (bounds.length === 0 && (!sort || direction === undefined)) return undefined;
  // A sparse or partial index lacks some documents: bounds (which exclude null) or the filter must vouch for them.
  if (index.spec.sparse && bounds.length === 0) return undefined;
  if (index.spec.partialFilterExpression && !impliesPartialFilter(filter, index.spec.partialFilterExpression)) return undefined;
  const answered = answeredFields(index, filter, bounds.length);
  return {
    index, bounds, intervals: intervalsFor(index, bounds), reverse: direction === -1, providesSort: sort !== undefined && direction !== undefined,
    exact: answered.length > 0 && answered.length === Object.keys(filter).length, answered,
  };
}

const EXACT_OPERATORS = new Set(['$eq', '$in', '$gt', '$gte', '$lt', '$lte']);
const exactValue = (value: unknown) => indexable(value) && !Number.isNaN(value);

/**
 * The fields of the filter that are among the `bounded` leading fields of a single-valued (not multikey) index,
 * under equality, `$in` or range conditions only: fieldBounds intersected those exactly, so the scan has
 * answered them (a `$in` of 1,500 case ids is not tested again on each document).
 */
function answeredFields(index: Index, filter: Document, bounded: number): string[] {
  if (index.isMultikey) return [];
  return Object.keys(filter).filter((field) => {
    const position = index.fields.indexOf(field);
    if (position < 0 || position >= bounded) return false;
    const condition = filter[field];
    if (!isOperatorObject(condition)) return exactValue(condition);
    return Object.entries(condition).every(([operator, value]) =>
      EXACT_OPERATORS.has(operator) && (operator === '$in' ? Array.isArray(value) && value.every(exactValue) : exactValue(value)),
    );
  });
}

const intervalCount = (bounds: FieldBounds[]) => bounds.reduce((n, b) => n * (b.kind === 'points' ? b.values.length : 1), 1);

/**
 * 1 when a forward scan gives the sort, -1 when a backward one does, undefined when the index cannot. Fields
 * pinned to one value by the filter drop out of the sort; the rest must follow the index's fields in order.
 */
function sortDirection(index: Index, bounds: FieldBounds[], sort: SortSpec | undefined): 1 | -1 | undefined {
  if (!sort) return 1;
  const pinned = new Set<string>();
  let leading = 0;
  for (const [i, b] of bounds.entries()) {
    const single = b.kind === 'points' && b.values.length === 1 && !index.multikeyFields.has(index.fields[i]!);
    if (single) pinned.add(index.fields[i]!);
    if (single && leading === i) leading += 1;
  }
  const wanted = Object.entries(sort).filter(([field]) => !pinned.has(field));
  let direction: 1 | -1 | undefined;
  for (const [j, [field, order]] of wanted.entries()) {
    const position = leading + j;
    if (index.fields[position] !== field || index.multikeyFields.has(field)) return undefined;
    const d = (order * index.directions[position]!) as 1 | -1;
    if (direction !== undefined && d !== direction) return undefined;
    direction = d;
  }
  return direction ?? 1;
}

/** The key intervals of the bounds, in tree order: the product of each field's points, then its range. */
function intervalsFor(index: Index, bounds: FieldBounds[]): KeyInterval[] {
  const width = index.fields.length + 1;
  const fill = (parts: unknown[], marker: symbol) => [...parts, ...Array<unknown>(width - parts.length).fill(marker)];
  if (bounds.length === 0) return [{ start: fill([], LOWEST), end: fill([], HIGHEST) }];
  let prefixes: unknown[][] = [[]];
  const last = bounds.length - 1;
  for (const [i, b] of bounds.slice(0, last).entries()) {
    const values = b.kind === 'points' ? inTreeOrder(b.values, index.directions[i]!) : [];
    prefixes = prefixes.flatMap((prefix) => values.map((v) => [...prefix, v]));
  }
  const final = bounds[last]!;
  const forward = index.directions[last] === 1;
  return prefixes.flatMap((prefix): KeyInterval[] => {
    if (final.kind === 'points') {
      return inTreeOrder(final.values, index.directions[last]!).map((v) => ({ start: fill([...prefix, v], LOWEST), end: fill([...prefix, v], HIGHEST) }));
    }
    const [from, fromInclusive, to, toInclusive] = forward
      ? [final.low, final.lowInclusive, final.high, final.highInclusive]
      : [final.high, final.highInclusive, final.low, final.lowInclusive];
    return [{ start: fill([...prefix, from], fromInclusive ? LOWEST : HIGHEST), end: fill([...prefix, to], toInclusive ? HIGHEST : LOWEST) }];
  });
}

const inTreeOrder = (values: unknown[], direction: 1 | -1) => (direction === 1 ? values : [...values].reverse());

/** The bounds in MongoDB's explain notation, e.g. `{ nextNoticeAt: ['[-inf, 2026-12-01T08:30:00.000Z]'] }`. */
export function describeBounds(plan: IndexPlan): Record<string, string[]> {
  const show = (v: unknown) => (v instanceof Bracket ? (v.side < 0 ? '-inf' : 'inf') : v instanceof Date ? v.toISOString() : typeof v === 'string' ? JSON.stringify(v) : String(v));
  return Object.fromEntries(
    plan.index.fields.map((field, i) => {
      const b = plan.bounds[i];
      if (!b) return [field, ['[MinKey, MaxKey]']];
      if (b.kind === 'points') return [field, b.values.map((v) => `[${show(v)}, ${show(v)}]`)];
      return [field, [`${b.lowInclusive ? '[' : '('}${show(b.low)}, ${show(b.high)}${b.highInclusive ? ']' : ')'}`]];
    }),
  );
}

/** One index scan in progress during the race, and after it if it wins. */
export interface Runner {
  plan: IndexPlan;
  /** The filter, or (for an exact plan) only the deadline check. */
  matches: (doc: Document) => boolean;
  /** The ids the scan reads, in scan order (once each); `docs` fetches them. Reading `ids` alone skips the fetch. */
  ids: Iterator<string>;
  docs: Iterator<Document>;
  matched: Document[];
  finished: boolean;
  keysExamined: number;
  docsExamined: number;
}

export interface Trial {
  /** The query's limit (skip included), if it has one. */
  enough?: number;
  /** A plan whose documents still need sorting gives no result before its scan ends (a blocking SORT stage). */
  blocking(runner: Runner): boolean;
}

/**
 * MongoDB's multi-planner trial (source: MongoDB manual, "Query Plans"; server parameters
 * internalQueryPlanEvaluationWorks = 10,000 and internalQueryPlanEvaluationMaxResults = 101): each candidate
 * is worked up to this many keys, and the trial ends early once one has produced this many results.
 */
export const TRIAL_WORKS = 10_000;
export const TRIAL_RESULTS = 101;

/**
 * Works every plan one key at a time, for a bounded trial only: it ends when a plan reaches the end of its scan
 * (it wins, finished), when one has produced `min(enough, TRIAL_RESULTS)` results, or after TRIAL_WORKS keys
 * each. The most productive plan wins and keeps its progress; a tie goes to an exact plan (no filter test),
 * then to one giving the sort. No candidate is ever read to the end unless it is the winner.
 */
export function race(runners: Runner[], trial: Trial): Runner {
  if (runners.length === 1) return runners[0]!;
  const goal = Math.min(trial.enough ?? Infinity, TRIAL_RESULTS);
  const produced = (r: Runner) => (trial.blocking(r) ? 0 : r.matched.length);
  // Rounds are whole (every plan works once per round), so plans are compared after equal works.
  for (let works = 0; works < TRIAL_WORKS; works++) {
    let enough = false;
    for (const runner of runners) {
      const next = runner.docs.next();
      if (next.done) {
        runner.finished = true;
        return runner;
      }
      if (runner.matches(next.value)) {
        runner.matched.push(next.value);
        enough ||= produced(runner) >= goal;
      }
    }
    if (enough) break;
  }
  return best(runners, produced);
}

/** Equal works each, so the most results is the best productivity (MongoDB's score, with its no-fetch and no-sort bonuses as tie-breaks). */
function best(runners: Runner[], produced: (r: Runner) => number): Runner {
  const score = (r: Runner) => [produced(r), r.plan.exact ? 1 : 0, r.plan.providesSort ? 1 : 0];
  return runners.reduce((a, b) => {
    const [x, y] = [score(a), score(b)];
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! > y[i]! ? a : b;
    return a;
  });
}

export type { IndexKey };
