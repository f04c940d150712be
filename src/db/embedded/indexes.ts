/** Secondary indexes: hash maps from a canonical index key to the documents holding it. */
import type { Document } from 'bson';
import { badValue, CommandError } from './errors.js';
import { valueKey } from './keys.js';
import { isPlainObject, leafValues, valuesAtPath } from './paths.js';

export interface IndexSpec {
  v?: number;
  key: Record<string, 1 | -1>;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  expireAfterSeconds?: number;
  partialFilterExpression?: Document;
}

const SUPPORTED_OPTIONS = new Set(['v', 'key', 'name', 'unique', 'sparse', 'expireAfterSeconds', 'partialFilterExpression', 'background', 'ns']);

export function defaultIndexName(key: Record<string, unknown>): string {
  return Object.entries(key).map(([field, direction]) => `${field}_${String(direction)}`).join('_');
}

export function parseIndexSpec(raw: unknown): IndexSpec {
  if (!isPlainObject(raw) || !isPlainObject(raw.key) || Object.keys(raw.key).length === 0) {
    throw new CommandError(67, 'CannotCreateIndex', 'Index specification must have a non-empty key document');
  }
  for (const option of Object.keys(raw)) {
    if (!SUPPORTED_OPTIONS.has(option)) throw new CommandError(197, 'InvalidIndexSpecificationOption', `The field '${option}' is not valid for an index specification`);
  }
  const key: Record<string, 1 | -1> = {};
  for (const [field, direction] of Object.entries(raw.key)) {
    const n = Number(direction);
    if (n !== 1 && n !== -1) throw new CommandError(67, 'CannotCreateIndex', `Index type '${String(direction)}' is not supported by this server; only ascending (1) and descending (-1) keys are`);
    key[field] = n;
  }
  const spec: IndexSpec = { v: 2, key, name: typeof raw.name === 'string' ? raw.name : defaultIndexName(key) };
  if (raw.unique) spec.unique = true;
  if (raw.sparse) spec.sparse = true;
  if (raw.expireAfterSeconds !== undefined) {
    const seconds = Number(raw.expireAfterSeconds);
    if (!Number.isFinite(seconds) || seconds < 0) throw badValue('expireAfterSeconds must be a non-negative number');
    spec.expireAfterSeconds = seconds;
  }
  if (raw.partialFilterExpression !== undefined) spec.partialFilterExpression = raw.partialFilterExpression as Document;
  return spec;
}

/** The canonical key parts a document contributes to an index: one tuple per combination of (multikey) field values. */
export function indexKeyParts(spec: IndexSpec, doc: Document): string[][] {
  const perField = Object.keys(spec.key).map((field) => {
    const values = leafValues(doc, field);
    if (values.length > 0) return values.map(valueKey);
    // A missing field is indexed as null; an empty array is indexed as undefined.
    return [valuesAtPath(doc, field).some((v) => Array.isArray(v)) ? 'u' : valueKey(null)];
  });
  return perField.reduce<string[][]>((tuples, values) => tuples.flatMap((tuple) => values.map((v) => [...tuple, v])), [[]]);
}

/** One string per key tuple; JSON keeps the parts apart whatever characters the values hold. */
export const joinKey = (parts: string[]) => (parts.length === 1 ? parts[0]! : JSON.stringify(parts));

export function keyValueOf(spec: IndexSpec, doc: Document): Document {
  const keyValue: Document = {};
  for (const field of Object.keys(spec.key)) {
    const values = leafValues(doc, field);
    keyValue[field] = values.length > 0 ? values[0] : null;
  }
  return keyValue;
}

export class Index {
  readonly entries = new Map<string, Set<string>>();
  /** For compound indexes: documents by their first field alone, so equality on a prefix is also a lookup. */
  private readonly byFirstField = new Map<string, Set<string>>();

  constructor(
    readonly spec: IndexSpec,
    private readonly covers: (doc: Document) => boolean,
  ) {}

  get fields(): string[] {
    return Object.keys(this.spec.key);
  }

  /** The key tuples this document would occupy, or none if the index is sparse/partial and skips it. */
  keysFor(doc: Document): string[][] {
    if (this.spec.sparse && this.fields.every((f) => valuesAtPath(doc, f).length === 0)) return [];
    if (this.spec.partialFilterExpression && !this.covers(doc)) return [];
    return indexKeyParts(this.spec, doc);
  }

  /** The first key that another document already holds in this unique index, if any. */
  conflict(keys: string[][], ownId: string | undefined): string | undefined {
    if (!this.spec.unique) return undefined;
    return keys.map(joinKey).find((key) => [...(this.entries.get(key) ?? [])].some((id) => id !== ownId));
  }

  add(keys: string[][], id: string): void {
    for (const parts of keys) {
      addTo(this.entries, joinKey(parts), id);
      if (parts.length > 1) addTo(this.byFirstField, parts[0]!, id);
    }
  }

  remove(keys: string[][], id: string): void {
    for (const parts of keys) {
      removeFrom(this.entries, joinKey(parts), id);
      if (parts.length > 1) removeFrom(this.byFirstField, parts[0]!, id);
    }
  }

  lookup(key: string): Set<string> {
    return this.entries.get(key) ?? new Set();
  }

  /** Documents whose first indexed field has this key (compound indexes only). */
  lookupFirstField(key: string): Set<string> {
    return (this.fields.length > 1 ? this.byFirstField.get(key) : this.entries.get(key)) ?? new Set();
  }
}

function addTo(map: Map<string, Set<string>>, key: string, id: string): void {
  let ids = map.get(key);
  if (!ids) map.set(key, (ids = new Set()));
  ids.add(id);
}

function removeFrom(map: Map<string, Set<string>>, key: string, id: string): void {
  const ids = map.get(key);
  ids?.delete(id);
  if (ids?.size === 0) map.delete(key);
}
