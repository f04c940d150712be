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

/**
 * How a group `_id` spec reads a document: `parts` are the values that decide its group (one per field of an
 * `_id` object, MISSING where a path is missing; one for a field path; none for a constant), and `key` the `_id`
 * itself, read only for a document that starts a group.
 */
interface KeyReader {
  parts: KeyOf[];
  key(doc: Document): unknown;
}

function keyReader(spec: unknown): KeyReader | undefined {
  if (isFieldPath(spec)) {
    const read = pathReader(spec);
    const key = (doc: Document) => {
      const value = read(doc);
      return value === MISSING ? null : value;
    };
    return { parts: [key], key };
  }
  if (spec === null || typeof spec === 'number' || typeof spec === 'boolean' || (typeof spec === 'string' && !spec.startsWith('$'))) return { parts: [], key: () => spec };
  if (!isPlainObject(spec) || Object.keys(spec).length === 0 || !Object.entries(spec).every(([k, v]) => !k.startsWith('$') && !k.includes('.') && isFieldPath(v))) return undefined;
  const fields = Object.entries(spec).map(([name, path]) => [name, pathReader(path as string)] as const);
  return {
    parts: fields.map(([, read]) => read),
    key: (doc) => {
      const key: Document = {};
      for (const [name, read] of fields) {
        const value = read(doc);
        if (value !== MISSING) key[name] = value;
      }
      return key;
    },
  };
}

/**
 * Groups found by their parts, one level of maps per part. A string is its own key (a stored string's hash is
 * kept, where a key made for each document would be hashed again); any other value is keyed by its valueKey, in
 * a map of its own so no string can pass for one; a missing field by ''.
 */
interface Level {
  strings: Map<string, Level | Group>;
  /** Made when first needed: most keys are strings, and a level is made for every group. */
  others: Map<string, Level | Group> | undefined;
}
interface Group { key: unknown; n: number; members: Document[] }
const newLevel = (): Level => ({ strings: new Map(), others: undefined });

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
  const root = newLevel();
  const groups: Group[] = [];
  const last = keyOf.parts.length - 1;
  let constant: Group | undefined;
  for (const doc of docs) {
    let group: Group | undefined;
    if (last < 0) group = constant ??= { key: keyOf.key(doc), n: 0, members: [] };
    let level = root;
    for (let i = 0; i <= last; i++) {
      const value = keyOf.parts[i]!(doc);
      if (value === UNSUPPORTED) return undefined;
      const map = typeof value === 'string' ? level.strings : (level.others ??= new Map());
      const id = typeof value === 'string' ? value : value === MISSING ? '' : valueKey(value);
      let next = map.get(id);
      if (!next) map.set(id, (next = i === last ? { key: keyOf.key(doc), n: 0, members: [] } : newLevel()));
      if (i === last) group = next as Group;
      else level = next as Level;
    }
    if (group!.n === 0) groups.push(group!);
    group!.n += 1;
    if (gathers) group!.members.push(doc);
  }
  const out = groups.map(({ key, n, members }) => {
    const row: Document = { _id: key };
    for (const [name, each] of wanted) row[name] = each === 'documents' ? members : n * each;
    return row;
  });
  return { docs: out, rest: rest.slice(1) };
}
