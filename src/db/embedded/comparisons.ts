/**
 * Query comparison operators with MongoDB's semantics over BSON values: numbers of any BSON type compare by
 * value, ObjectIds by bytes, dates as dates, and comparisons never cross type brackets ("type bracketing").
 */
import { bsonType, compareBson, typeRank } from './bsonOrder.js';
import { badValue } from './errors.js';
import { valuesAtPath } from './paths.js';

type Predicate = (doc: unknown) => boolean;
type QueryOperator = (selector: string, value: unknown, options: unknown) => Predicate;

/** The values a condition on `path` is tested against: each value reached, and the elements of arrays. */
function candidates(doc: unknown, path: string): unknown[] {
  return valuesAtPath(doc, path).flatMap((value) => (Array.isArray(value) ? [value, ...value] : [value]));
}

function matchesNull(doc: unknown, path: string): boolean {
  const values = candidates(doc, path);
  return values.length === 0 || values.some((v) => v === null || v === undefined) || missingInSomeElement(doc, path);
}

/** `{ 'a.b': null }` also matches when `a` is an array holding an object without `b`. */
function missingInSomeElement(doc: unknown, path: string): boolean {
  const dot = path.lastIndexOf('.');
  if (dot < 0) return false;
  const leaf = path.slice(dot + 1);
  return valuesAtPath(doc, path.slice(0, dot)).some(
    (parent) => Array.isArray(parent) && parent.some((item) => typeof item === 'object' && item !== null && !(leaf in item)),
  );
}

function equals(doc: unknown, path: string, value: unknown): boolean {
  if (value === null || value === undefined) return matchesNull(doc, path);
  return candidates(doc, path).some((candidate) => compareBson(candidate, value) === 0);
}

/** The document's values are walked once, not once per list item: a list of a hundred case ids is common. */
function inList(doc: unknown, path: string, list: unknown): boolean {
  if (!Array.isArray(list)) throw badValue('$in needs an array');
  const values = candidates(doc, path);
  return list.some((item) => {
    if (item instanceof RegExp) return values.some((c) => typeof c === 'string' && item.test(c));
    if (item === null || item === undefined) return matchesNull(doc, path);
    return values.some((candidate) => compareBson(candidate, item) === 0);
  });
}

function ordered(test: (order: number) => boolean, includesNull: boolean): QueryOperator {
  return (selector, value) => (doc) => {
    if (includesNull && (value === null || value === undefined)) return matchesNull(doc, selector);
    const rank = typeRank(value);
    return candidates(doc, selector).some((c) => typeRank(c) === rank && test(compareBson(c, value)));
  };
}

const TYPE_ALIASES: Record<string, number> = {
  double: 1, string: 2, object: 3, array: 4, binData: 5, undefined: 6, objectId: 7, bool: 8, date: 9, null: 10,
  regex: 11, dbPointer: 12, javascript: 13, symbol: 14, int: 16, timestamp: 17, long: 18, decimal: 19,
  minKey: -1, maxKey: 127,
};

/** The BSON type number a value is stored as (JS numbers are sent as int32 when they fit, else as double). */
export function bsonTypeNumber(value: unknown): number {
  if (value === null) return 10;
  if (value === undefined) return 6;
  switch (typeof value) {
    case 'number':
      return Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31 ? 16 : 1;
    case 'bigint':
      return 18;
    case 'string':
      return 2;
    case 'boolean':
      return 8;
  }
  if (Array.isArray(value)) return 4;
  if (value instanceof Date) return 9;
  if (value instanceof RegExp) return 11;
  const numbers: Record<string, number> = {
    Double: 1, Binary: 5, ObjectId: 7, BSONRegExp: 11, Code: 13, BSONSymbol: 14, Int32: 16, Timestamp: 17,
    Long: 18, Decimal128: 19, MinKey: -1, MaxKey: 127,
  };
  return numbers[bsonType(value) ?? ''] ?? 3;
}

function typeMatcher(spec: unknown): (value: unknown) => boolean {
  if (spec === 'number') return (v) => [1, 16, 18, 19].includes(bsonTypeNumber(v));
  const code = typeof spec === 'string' ? TYPE_ALIASES[spec] : typeof spec === 'number' ? spec : undefined;
  if (code === undefined) throw badValue(`Unknown type name alias: ${String(spec)}`);
  return (v) => bsonTypeNumber(v) === code;
}

const $type: QueryOperator = (selector, spec) => {
  const matchers = (Array.isArray(spec) ? spec : [spec]).map(typeMatcher);
  return (doc) => candidates(doc, selector).some((v) => matchers.some((m) => m(v)));
};

export const bsonQueryOperators: Record<string, QueryOperator> = {
  $eq: (selector, value) => (doc) => equals(doc, selector, value),
  $ne: (selector, value) => (doc) => !equals(doc, selector, value),
  $in: (selector, list) => (doc) => inList(doc, selector, list),
  $nin: (selector, list) => (doc) => !inList(doc, selector, list),
  $gt: ordered((o) => o > 0, false),
  $gte: ordered((o) => o >= 0, true),
  $lt: ordered((o) => o < 0, false),
  $lte: ordered((o) => o <= 0, true),
  $type,
};
