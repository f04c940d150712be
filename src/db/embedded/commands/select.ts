/** Choosing documents: the shared core of find, count, distinct, findAndModify, update and delete. */
import type { Document } from 'bson';
import { parseSortSpec, sortDocuments, type SortSpec } from '../bsonOrder.js';
import type { Collection, Plan } from '../collection.js';
import { asCommandError, badValue } from '../errors.js';
import { isPlainObject } from '../paths.js';
import { compileFilter } from '../query.js';
import { timedMatcher, type Deadline } from './timeLimit.js';

export interface Selection {
  filter?: unknown;
  sort?: unknown;
  skip?: number;
  /** 0 or undefined means no limit. */
  limit?: number;
  /** The command's maxTimeMS, checked while documents are examined and after sorting. */
  deadline?: Deadline;
}

export interface Selected {
  docs: Document[];
  plan: Plan;
  examined: number;
  sort: SortSpec | undefined;
  /** The index scan gave the sort order: no sort stage. */
  sortedInPlan: boolean;
}

export function select(collection: Collection | undefined, selection: Selection): Selected {
  const filter = selection.filter ?? {};
  if (!isPlainObject(filter)) throw badValue('filter must be an object');
  const matches = timedMatcher(compileFilter(filter), selection.deadline);
  let sort;
  try {
    sort = parseSortSpec(selection.sort);
  } catch (error) {
    throw asCommandError(error);
  }
  const skip = selection.skip ?? 0;
  if (skip < 0) throw badValue('skip value must be non-negative');
  const limit = selection.limit ? Math.abs(selection.limit) : undefined;
  if (!collection) return { docs: [], plan: { stage: 'COLLSCAN', keysExamined: 0, docsExamined: 0 }, examined: 0, sort, sortedInPlan: false };
  const examined = timedMatcher(() => true, selection.deadline);
  const { docs: matched, sorted, plan } = collection.query(filter, matches, sort, limit !== undefined ? skip + limit : undefined, examined);
  let docs = sort && !sorted ? sortDocuments(matched, sort) : matched;
  selection.deadline?.check();
  if (skip > 0 || limit !== undefined) docs = docs.slice(skip, limit !== undefined ? skip + limit : undefined);
  return { docs, plan, examined: plan.docsExamined, sort, sortedInPlan: sorted };
}

/** How many documents a selection counts (count's skip and limit applied), from index keys where the plan allows. */
export function countSelection(collection: Collection | undefined, selection: Selection): { n: number; plan: Plan } {
  const filter = selection.filter ?? {};
  if (!isPlainObject(filter)) throw badValue('filter must be an object');
  const matches = timedMatcher(compileFilter(filter), selection.deadline);
  const skip = selection.skip ?? 0;
  if (skip < 0) throw badValue('skip value must be non-negative');
  if (!collection) return { n: 0, plan: { stage: 'COLLSCAN', keysExamined: 0, docsExamined: 0 } };
  const { n, plan } = collection.count(filter, matches, timedMatcher(() => true, selection.deadline));
  const limit = selection.limit ? Math.abs(selection.limit) : Infinity;
  return { n: Math.min(Math.max(0, n - skip), limit), plan };
}
