/** Choosing documents: the shared core of find, count, distinct, findAndModify, update and delete. */
import type { Document } from 'bson';
import { parseSortSpec, sortDocuments } from '../bsonOrder.js';
import type { Collection, Plan } from '../collection.js';
import { asCommandError, badValue } from '../errors.js';
import { isPlainObject } from '../paths.js';
import { compileFilter } from '../query.js';

export interface Selection {
  filter?: unknown;
  sort?: unknown;
  skip?: number;
  /** 0 or undefined means no limit. */
  limit?: number;
}

export interface Selected {
  docs: Document[];
  plan: Plan;
  examined: number;
}

export function select(collection: Collection | undefined, selection: Selection): Selected {
  const filter = selection.filter ?? {};
  if (!isPlainObject(filter)) throw badValue('filter must be an object');
  const matches = compileFilter(filter);
  if (!collection) return { docs: [], plan: { stage: 'COLLSCAN', keysExamined: 0 }, examined: 0 };
  const { docs: candidates, plan } = collection.candidates(filter);
  let docs = candidates.filter(matches);
  let sort;
  try {
    sort = parseSortSpec(selection.sort);
  } catch (error) {
    throw asCommandError(error);
  }
  if (sort) docs = sortDocuments(docs, sort);
  const skip = selection.skip ?? 0;
  if (skip < 0) throw badValue('skip value must be non-negative');
  const limit = selection.limit ? Math.abs(selection.limit) : undefined;
  if (skip > 0 || limit !== undefined) docs = docs.slice(skip, limit !== undefined ? skip + limit : undefined);
  return { docs, plan, examined: candidates.length };
}
