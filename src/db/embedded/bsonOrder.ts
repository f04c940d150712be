/**
 * MongoDB's comparison order across BSON types, which mingo does not follow for driver classes
 * (it would sort an ObjectId after every boolean and date, and cannot compare Long with number).
 */
import type { Document } from 'bson';
import { isPlainObject, leafValues } from './paths.js';

/** Canonical BSON type brackets: MinKey < null < numbers < strings < objects < arrays < binData < ObjectId < bool < date < timestamp < regex < MaxKey. */
export function typeRank(value: unknown): number {
  if (value === null || value === undefined) return 2;
  switch (typeof value) {
    case 'number':
    case 'bigint':
      return 3;
    case 'string':
      return 4;
    case 'boolean':
      return 9;
  }
  if (Array.isArray(value)) return 6;
  if (value instanceof Date) return 10;
  if (value instanceof RegExp) return 12;
  if (value instanceof Uint8Array) return 7;
  switch (bsonType(value)) {
    case 'MinKey':
      return 1;
    case 'Int32':
    case 'Double':
    case 'Long':
    case 'Decimal128':
      return 3;
    case 'BSONSymbol':
      return 4;
    case 'Binary':
      return 7;
    case 'ObjectId':
      return 8;
    case 'Timestamp':
      return 11;
    case 'BSONRegExp':
      return 12;
    case 'MaxKey':
      return 13;
  }
  return 5;
}

export function bsonType(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null ? (value as { _bsontype?: string })._bsontype : undefined;
}

/** A numeric BSON value as a JS number or bigint, for comparing across Int32, Double, Long and Decimal128. */
export function numericValue(value: unknown): number | bigint {
  if (typeof value === 'number' || typeof value === 'bigint') return value;
  switch (bsonType(value)) {
    case 'Long':
      return (value as { toBigInt(): bigint }).toBigInt();
    case 'Decimal128':
      return Number.parseFloat(String(value));
    default:
      return Number((value as { valueOf(): number }).valueOf());
  }
}

const sign = (n: number) => (n < 0 ? -1 : n > 0 ? 1 : 0);

function compareNumbers(a: number | bigint, b: number | bigint): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  const x = Number(a);
  const y = Number(b);
  if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : -1; // NaN sorts below every other number
  if (Number.isNaN(y)) return 1;
  return sign(x - y);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return sign(a.length - b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return sign(a[i]! - b[i]!);
  return 0;
}

/** Compares two BSON values in MongoDB's order. Returns -1, 0 or 1. */
export function compareBson(a: unknown, b: unknown): number {
  // The common index keys first (ids, references, search keys, counts): same order, without the type ranking.
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  if (typeof a === 'number' && typeof b === 'number') return compareNumbers(a, b);
  const rankA = typeRank(a);
  const rankB = typeRank(b);
  if (rankA !== rankB) return sign(rankA - rankB);
  switch (rankA) {
    case 1:
    case 2:
    case 13:
      return 0;
    case 3:
      return compareNumbers(numericValue(a), numericValue(b));
    case 4:
      return compareStrings(String(a), String(b));
    case 5:
      return compareObjects(a as Document, b as Document);
    case 6:
      return compareArrays(a as unknown[], b as unknown[]);
    case 7:
      return compareBinary(a, b);
    case 8:
      return compareBytes((a as { id: Uint8Array }).id, (b as { id: Uint8Array }).id);
    case 9:
      return sign(Number(a) - Number(b));
    case 10:
      return sign((a as Date).getTime() - (b as Date).getTime());
    case 11:
      return compareNumbers(numericValue(a), numericValue(b));
    default:
      return compareStrings(String(a), String(b));
  }
}

function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  // MongoDB compares UTF-8 bytes, which for valid strings matches code point order. UTF-16 unit order agrees
  // up to the first difference unless it involves a surrogate (U+D800 and above): only then encode.
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === n) return sign(a.length - b.length);
  const x = a.charCodeAt(i);
  const y = b.charCodeAt(i);
  if (x < 0xd800 && y < 0xd800) return x < y ? -1 : 1;
  return compareBytes(Buffer.from(a), Buffer.from(b)) || 0;
}

function compareBinary(a: unknown, b: unknown): number {
  const bytes = (v: unknown) => (v instanceof Uint8Array ? v : (v as { buffer: Uint8Array }).buffer);
  return compareBytes(bytes(a), bytes(b));
}

function compareArrays(a: unknown[], b: unknown[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const order = compareBson(a[i], b[i]);
    if (order !== 0) return order;
  }
  return sign(a.length - b.length);
}

function compareObjects(a: Document, b: Document): number {
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  for (let i = 0; i < Math.min(keysA.length, keysB.length); i++) {
    const order =
      sign(typeRank(a[keysA[i]!]) - typeRank(b[keysB[i]!])) ||
      compareStrings(keysA[i]!, keysB[i]!) ||
      compareBson(a[keysA[i]!], b[keysB[i]!]);
    if (order !== 0) return order;
  }
  return sign(keysA.length - keysB.length);
}

export type SortSpec = Record<string, 1 | -1>;

export function parseSortSpec(sort: unknown): SortSpec | undefined {
  if (sort === undefined || sort === null) return undefined;
  if (!isPlainObject(sort)) throw new TypeError('sort must be an object');
  const spec: SortSpec = {};
  for (const [field, direction] of Object.entries(sort)) {
    const n = Number(typeof direction === 'object' ? NaN : direction);
    if (n !== 1 && n !== -1) throw new TypeError(`Invalid sort direction for '${field}': only 1 and -1 are supported`);
    spec[field] = n;
  }
  return Object.keys(spec).length > 0 ? spec : undefined;
}

const EMPTY_ARRAY_KEY = Symbol('empty array');

/**
 * The value a document sorts by on one field: for an array, its smallest element ascending and its
 * largest descending, as MongoDB does; an empty array sorts before null.
 */
function sortKey(doc: Document, field: string, direction: 1 | -1): unknown {
  const values = leafValues(doc, field);
  if (values.length === 0) return isEmptyArrayAt(doc, field) ? EMPTY_ARRAY_KEY : null;
  let best = values[0];
  for (const value of values.slice(1)) {
    if (compareBson(value, best) * direction < 0) best = value;
  }
  return best;
}

function isEmptyArrayAt(doc: Document, field: string): boolean {
  let value: unknown = doc;
  for (const part of field.split('.')) value = isPlainObject(value) ? value[part] : undefined;
  return Array.isArray(value) && value.length === 0;
}

function compareKeys(a: unknown, b: unknown): number {
  if (a === EMPTY_ARRAY_KEY || b === EMPTY_ARRAY_KEY) return a === b ? 0 : a === EMPTY_ARRAY_KEY ? -1 : 1;
  return compareBson(a, b);
}

/** Compares two documents by a sort spec: 0 when they tie on every sort field. */
export function compareBySort(spec: SortSpec): (a: Document, b: Document) => number {
  const fields = Object.entries(spec);
  return (a, b) => {
    for (const [field, direction] of fields) {
      const order = compareKeys(sortKey(a, field, direction), sortKey(b, field, direction)) * direction;
      if (order !== 0) return order;
    }
    return 0;
  };
}

/** Sorts documents by a sort spec in place (stable, so equal keys keep insertion order). */
export function sortDocuments<T extends Document>(docs: T[], spec: SortSpec): T[] {
  const fields = Object.entries(spec);
  const keyed = docs.map((doc) => ({ doc, keys: fields.map(([field, direction]) => sortKey(doc, field, direction)) }));
  keyed.sort((x, y) => {
    for (let i = 0; i < fields.length; i++) {
      const order = compareKeys(x.keys[i], y.keys[i]) * fields[i]![1];
      if (order !== 0) return order;
    }
    return 0;
  });
  keyed.forEach((entry, i) => (docs[i] = entry.doc));
  return docs;
}
