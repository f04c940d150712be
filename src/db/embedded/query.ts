/** Filters and projections, evaluated by mingo with the BSON-aware operator context. */
import { Long, type Document } from 'bson';
import { Query } from 'mingo/query';
import { copy } from './clone.js';
import { asCommandError, badValue } from './errors.js';
import { queryOptions } from './mingoContext.js';
import { inclusionTree, pickPaths } from './inclusionProjection.js';
import { isPlainObject } from './paths.js';

export type Matcher = (doc: Document) => boolean;

export function compileFilter(filter: unknown): Matcher {
  if (filter === undefined || filter === null) return () => true;
  if (!isPlainObject(filter)) throw badValue('filter must be an object');
  if (Object.keys(filter).length === 0) return () => true;
  try {
    const query = new Query(withLongs(filter), queryOptions);
    return (doc) => query.test(doc);
  } catch (error) {
    throw asCommandError(error);
  }
}

/** Applies a find projection (inclusion, exclusion, `$slice`, `$elemMatch`) to already-selected documents. */
export function project(docs: Document[], projection: unknown): Document[] {
  if (projection === undefined || projection === null) return docs;
  if (!isPlainObject(projection)) throw badValue('projection must be an object');
  if (Object.keys(projection).length === 0) return docs;
  const shape = documentProjector(projection);
  if (shape) return docs.map(shape);
  try {
    return new Query({}, queryOptions).find<Document>(docs, projection).all();
  } catch (error) {
    throw asCommandError(error);
  }
}

/**
 * A plain exclusion or inclusion projection as a function of one document, so a cursor can apply it batch by
 * batch instead of holding a projected copy of every result; undefined for any other projection (and none).
 */
export function documentProjector(projection: unknown): ((doc: Document) => Document) | undefined {
  if (!isPlainObject(projection) || Object.keys(projection).length === 0) return undefined;
  const excluded = exclusionFields(projection);
  if (excluded) return (doc) => withoutFields(doc, excluded);
  const tree = inclusionTree(projection);
  if (!tree) return undefined;
  // A document pickPaths cannot answer for (an array along a path) goes to mingo, which projects each one alone.
  return (doc) => pickPaths(doc, tree) ?? new Query({}, queryOptions).find<Document>([doc], projection).all()[0]!;
}

/** Top-level fields a plain exclusion (`{ _id: 0, notes: 0 }`) drops; undefined for any other projection. */
function exclusionFields(projection: Document): Set<string> | undefined {
  const entries = Object.entries(projection);
  const plain = entries.every(([path, value]) => (value === 0 || value === false) && !path.includes('.') && !path.includes('$'));
  return plain ? new Set(entries.map(([path]) => path)) : undefined;
}

/** The document without those fields, the rest in their stored order (as MongoDB returns them). */
function withoutFields(doc: Document, excluded: Set<string>): Document {
  const out: Document = {};
  for (const key of Object.keys(doc)) if (!excluded.has(key)) out[key] = doc[key];
  return out;
}

/**
 * 64-bit integers in a filter arrive as bigint, which mingo cannot stringify in its messages; as Long objects
 * they compare the same way through the BSON-aware operators.
 */
const withLongs = <T>(filter: T): T => copy(filter, (v) => (typeof v === 'bigint' ? Long.fromBigInt(v) : v));
