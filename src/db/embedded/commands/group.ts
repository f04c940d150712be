/**
 * A $group that only counts or gathers whole documents, run here on the selected documents instead of on mingo's
 * copies of them: its `_id` is a field path, an object of field paths or a constant, and each accumulator is
 * `{ $sum: <number> }` or `{ $push: '$$ROOT' }` (the documents in the order they come, as src/db/readsTogether.ts
 * sends). MongoDB's rules (manual, "$group" and "Expression Objects"): a missing path groups as null, and is left
 * out of an `_id` object; groups are equal by BSON value (1 and 1.0 are one group), shown as the first value met.
 * Anything else, and any document whose path crosses an array (where paths fan out), leaves the stage to mingo.
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

/** A count (`$sum` of a number) or the whole documents (`$push: '$$ROOT'`). */
type Accumulator = number | 'documents';

/** The accumulators of a $group spec run here, or undefined when any is something else. */
function accumulators(spec: Document): Array<[string, Accumulator]> | undefined {
  const out: Array<[string, Accumulator]> = [];
  for (const [name, accumulator] of Object.entries(spec)) {
    if (name === '_id') continue;
    if (!isPlainObject(accumulator) || Object.keys(accumulator).length !== 1) return undefined;
    if (accumulator.$push === '$$ROOT') out.push([name, 'documents']);
    else if (typeof accumulator.$sum === 'number' && Number.isFinite(accumulator.$sum)) out.push([name, accumulator.$sum]);
    else return undefined;
  }
  return out;
}

/** The field paths (without `$`) a counting $group reads, or undefined when it is not one this module runs. */
export function groupPaths(stage: Document | undefined): string[] | undefined {
  const spec = stage?.$group;
  const wanted = isPlainObject(spec) ? accumulators(spec) : undefined;
  // A group that gathers whole documents reads every field.
  if (!isPlainObject(spec) || !('_id' in spec) || !keyReader(spec._id) || !wanted || wanted.some(([, each]) => each === 'documents')) return undefined;
  const id = spec._id;
  const paths = isFieldPath(id) ? [id] : isPlainObject(id) ? Object.values(id) as string[] : [];
  return paths.map((path) => path.slice(1));
}

/** The pipeline with its first stage, a $group run here, applied to `docs`; undefined when it is not one. */
export function groupedHere(docs: Document[], rest: Document[]): { docs: Document[]; rest: Document[] } | undefined {
  const spec = rest[0]?.$group;
  if (!isPlainObject(spec) || !('_id' in spec)) return undefined;
  const keyOf = keyReader(spec._id);
  const wanted = accumulators(spec);
  if (!keyOf || !wanted) return undefined;
  const gathers = wanted.some(([, each]) => each === 'documents');
  const groups = new Map<string, { key: unknown; n: number; members: Document[] }>();
  for (const doc of docs) {
    const key = keyOf(doc);
    if (key === UNSUPPORTED) return undefined;
    const id = valueKey(key);
    let group = groups.get(id);
    if (!group) groups.set(id, (group = { key, n: 0, members: [] }));
    group.n += 1;
    if (gathers) group.members.push(doc);
  }
  const out = [...groups.values()].map(({ key, n, members }) => {
    const row: Document = { _id: key };
    for (const [name, each] of wanted) row[name] = each === 'documents' ? members : n * each;
    return row;
  });
  return { docs: out, rest: rest.slice(1) };
}
