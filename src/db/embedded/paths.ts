/** Reading dotted paths the way MongoDB does: arrays met on the way are traversed element by element. */
import type { Document } from 'bson';

const isPlainObject = (value: unknown): value is Document =>
  typeof value === 'object' && value !== null && (value.constructor === Object || value.constructor === undefined);

/**
 * Every value a dotted path reaches. Arrays along the way fan out; a terminal array is returned as is.
 * A path that reaches nothing yields an empty list.
 */
export function valuesAtPath(doc: unknown, path: string): unknown[] {
  return collect(doc, path.split('.'), 0);
}

function collect(value: unknown, parts: string[], index: number): unknown[] {
  if (index === parts.length) return value === undefined ? [] : [value];
  const key = parts[index]!;
  if (Array.isArray(value)) {
    const byPosition = /^\d+$/.test(key) ? collect(value[Number(key)], parts, index + 1) : [];
    return byPosition.concat(value.flatMap((item) => (isPlainObject(item) ? collect(item, parts, index) : [])));
  }
  if (isPlainObject(value)) return collect(value[key], parts, index + 1);
  return [];
}

/** The leaf values a path reaches, with terminal arrays flattened: what a multikey index or a sort key sees. */
export function leafValues(doc: unknown, path: string): unknown[] {
  return valuesAtPath(doc, path).flatMap((value) => (Array.isArray(value) ? value : [value]));
}

/** The value at a path when no arrays are involved (for `_id` and simple fields). */
export function getPath(doc: Document, path: string): unknown {
  let value: unknown = doc;
  for (const part of path.split('.')) {
    if (!isPlainObject(value)) return undefined;
    value = value[part];
  }
  return value;
}

export function setPath(doc: Document, path: string, value: unknown): void {
  const parts = path.split('.');
  let target: Document = doc;
  for (const part of parts.slice(0, -1)) {
    if (!isPlainObject(target[part])) target[part] = {};
    target = target[part] as Document;
  }
  target[parts[parts.length - 1]!] = value;
}

export { isPlainObject };
