/**
 * Canonical strings for BSON values, so equal values (in MongoDB's sense: 1, 1.0 and Long(1) are equal)
 * share one key in the `_id` map and in index maps.
 */
import { bsonType, numericValue } from './bsonOrder.js';
import { isPlainObject } from './paths.js';

export function valueKey(value: unknown): string {
  if (value === null || value === undefined) return 'z';
  switch (typeof value) {
    case 'string':
      return `s${value}`;
    case 'boolean':
      return value ? 'b1' : 'b0';
    case 'number':
    case 'bigint':
      return numberKey(value);
  }
  if (value instanceof Date) return `d${value.getTime()}`;
  if (Array.isArray(value)) return `a[${value.map(framed).join('')}]`;
  if (value instanceof RegExp) return `r/${value.source}/${value.flags}`;
  if (value instanceof Uint8Array) return `x${Buffer.from(value).toString('hex')}`;
  switch (bsonType(value)) {
    case 'ObjectId':
      return `o${(value as { toHexString(): string }).toHexString()}`;
    case 'Int32':
    case 'Double':
    case 'Long':
    case 'Decimal128':
      return numberKey(numericValue(value));
    case 'Binary': {
      const binary = value as { sub_type: number; buffer: Uint8Array };
      return `x${binary.sub_type}:${Buffer.from(binary.buffer).toString('hex')}`;
    }
    case 'Timestamp':
      return `t${String(value)}`;
    case 'MinKey':
      return 'm-';
    case 'MaxKey':
      return 'm+';
  }
  if (isPlainObject(value)) {
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}:${framed(v)}`)
      .join('')}}`;
  }
  return `?${String(value)}`;
}

/** An element's key with its length in front, so no string inside can pass for a separator: ['a,sb'] is not ['a', 'b']. */
function framed(value: unknown): string {
  const key = valueKey(value);
  return `${key.length}:${key}`;
}

function numberKey(n: number | bigint): string {
  if (typeof n === 'bigint') {
    return Number.isSafeInteger(Number(n)) ? `n${Number(n)}` : `n${n}`;
  }
  return Object.is(n, -0) ? 'n0' : `n${n}`;
}
