import type { Document } from 'bson';
import { isPlainObject } from './paths.js';

/** A deep copy of plain objects, arrays and dates with every other value passed through `leaf`. */
export function copy<T>(value: T, leaf: (value: unknown) => unknown): T {
  if (Array.isArray(value)) return value.map((item) => copy(item, leaf)) as T;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (isPlainObject(value)) {
    const result: Document = {};
    for (const [key, item] of Object.entries(value)) result[key] = copy(item, leaf);
    return result as T;
  }
  return leaf(value) as T;
}

/** Deep-copies plain objects, arrays and dates; driver classes (ObjectId, Binary...) are immutable and shared. */
export const cloneValue = <T>(value: T): T => copy(value, (leaf) => leaf);

/**
 * A copy for mingo's expression engine, which does arithmetic on JS numbers only: 64-bit integers that fit
 * a double exactly become numbers; larger ones stay bigint.
 */
export const cloneForExpressions = <T>(value: T): T =>
  copy(value, (leaf) => (typeof leaf === 'bigint' && Number.isSafeInteger(Number(leaf)) ? Number(leaf) : leaf));
