/**
 * A $group that only counts, run here on the selected documents instead of on mingo's copies of them: its `_id`
 * is a field path, an object of field paths or a constant, and each accumulator is `{ $sum: <number> }`. MongoDB's
 * rules (manual, "$group" and "Expression Objects"): a missing path groups as null, and is left out of an `_id`
 * object; groups are equal by BSON value (1 and 1.0 are one group), shown as the first value met. Anything else,
 * and any document whose path crosses an array (where paths fan out), leaves the stage to mingo as before.
 */
import type { Document } from 'bson';
import { valueKey } from '../keys.js';
import { isPlainObject } from '../paths.js';

const MISSING = Symbol('missing');
/** Not answered here: the whole stage goes to mingo. */
const UNSUPPORTED = Symbol('unsupported');

type KeyOf = (doc: Document) => unknown;

const isFieldPath = (value: unknown): value is string => typeof value === 'string' && value.startsWith('$') && !value.startsWith('$$') && value.length > 1;

function pathReader(path: string): KeyOf {
  const parts = path.slice(1).split('.');
  return (doc) => {
    let value: unknown = doc;
    for (const part of parts) {
      if (Array.isArray(value)) return UNSUPPORTED;
      if (!isPlainObject(value) || !(part in value)) return MISSING;
      value = value[part];
    }
    return value === undefined ? MISSING : value;
  };
}

function keyReader(spec: unknown): KeyOf | undefined {
  if (isFieldPath(spec)) {
    const read = pathReader(spec);
    return (doc) => {
      const value = read(doc);
      return value === MISSING ? null : value;
    };
  }
  if (spec === null || typeof spec === 'number' || typeof spec === 'boolean' || (typeof spec === 'string' && !spec.startsWith('$'))) return () => spec;
  if (!isPlainObject(spec) || Object.keys(spec).length === 0 || !Object.entries(spec).every(([k, v]) => !k.startsWith('$') && !k.includes('.') && isFieldPath(v))) return undefined;
  const fields = Object.entries(spec).map(([name, path]) => [name, pathReader(path as string)] as const);
  return (doc) => {
    const key: Document = {};
    for (const [name, read] of fields) {
      const value = read(doc);
      if (value === UNSUPPORTED) return UNSUPPORTED;
      if (value !== MISSING) key[name] = value;
    }
    return key;
  };
}

/** The counting accumulators of a $group spec, or undefined when any is something else. */
function counters(spec: Document): Array<[string, number]> | undefined {
  const out: Array<[string, number]> = [];
  for (const [name, accumulator] of Object.entries(spec)) {
    if (name === '_id') continue;
    if (!isPlainObject(accumulator) || Object.keys(accumulator).length !== 1 || typeof accumulator.$sum !== 'number' || !Number.isFinite(accumulator.$sum)) return undefined;
    out.push([name, accumulator.$sum]);
  }
  return out;
}

/** The field paths (without `$`) a counting $group reads, or undefined when it is not one this module runs. */
export function groupPaths(stage: Document | undefined): string[] | undefined {
  const spec = stage?.$group;
  if (!isPlainObject(spec) || !('_id' in spec) || !keyReader(spec._id) || !counters(spec)) return undefined;
  const id = spec._id;
  const paths = isFieldPath(id) ? [id] : isPlainObject(id) ? Object.values(id) as string[] : [];
  return paths.map((path) => path.slice(1));
}

/** The pipeline with its first stage, a counting $group, applied to `docs`; undefined when it is not one. */
export function groupedHere(docs: Document[], rest: Document[]): { docs: Document[]; rest: Document[] } | undefined {
  const spec = rest[0]?.$group;
  if (!isPlainObject(spec) || !('_id' in spec)) return undefined;
  const keyOf = keyReader(spec._id);
  const sums = counters(spec);
  if (!keyOf || !sums) return undefined;
  const groups = new Map<string, { key: unknown; n: number }>();
  for (const doc of docs) {
    const key = keyOf(doc);
    if (key === UNSUPPORTED) return undefined;
    const id = valueKey(key);
    const group = groups.get(id);
    if (group) group.n += 1;
    else groups.set(id, { key, n: 1 });
  }
  const out = [...groups.values()].map(({ key, n }) => {
    const row: Document = { _id: key };
    for (const [name, each] of sums) row[name] = n * each;
    return row;
  });
  return { docs: out, rest: rest.slice(1) };
}
