/**
 * Applying update documents: operator updates (mingo's updater, plus `$setOnInsert` and numeric `$inc`/`$mul`
 * that keep BSON number types), replacement documents, and aggregation-pipeline updates.
 */
import { ObjectId, type Document } from 'bson';
import { update as mingoUpdate, updateOne as mingoPipelineUpdate, type Modifier, type PipelineStage } from 'mingo/updater';
import { numericValue, bsonType } from './bsonOrder.js';
import { cloneValue } from './clone.js';
import { asCommandError, conflictingUpdateOperators, failedToParse, immutableField, typeMismatch } from './errors.js';
import { valueKey } from './keys.js';
import { mingoOptions } from './mingoContext.js';
import { getPath, isPlainObject, setPath } from './paths.js';

const MINGO_OPERATORS = new Set([
  '$addToSet', '$bit', '$currentDate', '$max', '$min', '$pop', '$pull', '$pullAll', '$push', '$rename', '$set', '$unset',
]);
const NUMERIC_OPERATORS = new Set(['$inc', '$mul']);

export type UpdateSpec = Document | Document[];

export function isOperatorUpdate(update: Document): boolean {
  const keys = Object.keys(update);
  return keys.length > 0 && keys.every((k) => k.startsWith('$'));
}

export function validateUpdate(update: unknown): UpdateSpec {
  if (Array.isArray(update)) return update as Document[];
  if (!isPlainObject(update)) throw failedToParse('Update argument must be either an object or an array');
  const keys = Object.keys(update);
  const operators = keys.filter((k) => k.startsWith('$'));
  if (operators.length > 0 && operators.length < keys.length) {
    throw failedToParse(`Unknown modifier: ${keys.find((k) => !k.startsWith('$'))}. Expected a valid update modifier or pipeline-style update specified as an array`);
  }
  for (const op of operators) {
    if (!MINGO_OPERATORS.has(op) && !NUMERIC_OPERATORS.has(op) && op !== '$setOnInsert') {
      throw failedToParse(`Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`);
    }
    if (!isPlainObject(update[op])) throw failedToParse(`Modifiers operate on fields but we found type ${typeof update[op]} instead.`);
  }
  // A replacement document has no operators, so nothing in it can conflict.
  if (operators.length > 0) refuseConflictingPaths(update);
  return update;
}

/**
 * MongoDB refuses an update that touches one path twice, or a path and its parent, whichever the operators
 * (`$set` and `$setOnInsert` on one field, `$inc` on `a` with `$set` on `a.b`): code 40, ConflictingUpdateOperators.
 */
function refuseConflictingPaths(update: Document): void {
  const seen: string[] = [];
  for (const [op, fields] of Object.entries(update)) {
    for (const [path, value] of Object.entries(fields as Document)) {
      const paths = op === '$rename' && typeof value === 'string' ? [path, value] : [path];
      for (const candidate of paths) {
        for (const earlier of seen) {
          const shorter = earlier.length <= candidate.length ? earlier : candidate;
          const longer = shorter === earlier ? candidate : earlier;
          if (longer === shorter || longer.startsWith(`${shorter}.`)) throw conflictingUpdateOperators(candidate, shorter);
        }
        seen.push(candidate);
      }
    }
  }
}

export interface ApplyOptions {
  arrayFilters?: Document[];
  /** The query, for resolving the positional `$` operator. */
  filter?: Document;
  /** True when the update is building an upserted document, so `$setOnInsert` applies. */
  inserting?: boolean;
}

/** Returns the updated copy of `doc`; the original is left untouched. */
export function applyUpdate(doc: Document, update: UpdateSpec, options: ApplyOptions = {}): Document {
  const updated = cloneValue(doc);
  try {
    if (Array.isArray(update)) {
      const holder = [updated];
      mingoPipelineUpdate(holder, {}, update as PipelineStage[], { cloneMode: 'none' }, mingoOptions());
      return checkIdUnchanged(doc, holder[0]!);
    } else if (!isOperatorUpdate(update)) {
      return replaceDocument(doc, update);
    } else {
      applyOperators(updated, update, options);
    }
  } catch (error) {
    const e = asCommandError(error);
    throw /immutable field '_id'/.test(e.message) ? immutableField(e.message) : e;
  }
  return checkIdUnchanged(doc, updated);
}

function checkIdUnchanged(doc: Document, updated: Document): Document {
  if (doc._id !== undefined && valueKey(updated._id) !== valueKey(doc._id)) {
    throw immutableField("Performing an update on the path '_id' would modify the immutable field '_id'");
  }
  return updated;
}

function replaceDocument(doc: Document, replacement: Document): Document {
  if (replacement._id !== undefined && doc._id !== undefined && valueKey(replacement._id) !== valueKey(doc._id)) {
    throw immutableField("The _id field cannot be changed");
  }
  const { _id, ...rest } = cloneValue(replacement);
  return { _id: doc._id ?? _id, ...rest };
}

function applyOperators(doc: Document, update: Document, options: ApplyOptions): void {
  const modifier: Modifier<Document> = {};
  for (const [op, fields] of Object.entries(update) as [string, Document][]) {
    if (op === '$setOnInsert') {
      if (options.inserting) modifier.$set = { ...(modifier.$set ?? {}), ...fields };
    } else if (NUMERIC_OPERATORS.has(op)) {
      applyNumeric(doc, op as '$inc' | '$mul', fields, modifier);
    } else {
      (modifier as Document)[op] = { ...((modifier as Document)[op] ?? {}), ...fields };
    }
  }
  if (Object.keys(modifier).length > 0 && !applyPlainSetUnset(doc, modifier)) {
    // mingo checks the condition before updating; it is only needed to resolve `$` in an existing document.
    const condition = options.inserting ? undefined : options.filter;
    mingoUpdate(doc, modifier, options.arrayFilters, condition, { cloneMode: 'deep', queryOptions: mingoOptions() });
  }
}

/** A top-level field name with nothing mingo must interpret (no path, positional or operator). */
const isPlainField = (name: string) => name !== '' && name !== '__proto__' && !name.includes('.') && !name.includes('$');

/**
 * `$set`/`$unset` of top-level fields only, applied directly: mingo's updater rebuilds its operator context
 * on every call (most of an upsert's time on this server). Returns false, changing nothing, for any other
 * update, which then goes to mingo as before.
 */
function applyPlainSetUnset(doc: Document, modifier: Document): boolean {
  const { $set = {}, $unset = {}, ...others } = modifier as { $set?: Document; $unset?: Document };
  if (Object.keys(others).length > 0) return false;
  const setFields = Object.keys($set);
  const unsetFields = Object.keys($unset);
  if (![...setFields, ...unsetFields].every(isPlainField)) return false;
  if (unsetFields.some((field) => Object.hasOwn($set, field))) return false;
  for (const field of setFields) doc[field] = cloneValue($set[field]);
  for (const field of unsetFields) delete doc[field];
  return true;
}

function isNumeric(value: unknown): boolean {
  return typeof value === 'number' || typeof value === 'bigint' || ['Int32', 'Double', 'Long', 'Decimal128'].includes(bsonType(value) ?? '');
}

/** `$inc`/`$mul` on plain paths keep MongoDB's type rules; positional paths are left to mingo. */
function applyNumeric(doc: Document, op: '$inc' | '$mul', fields: Document, modifier: Modifier<Document>): void {
  for (const [path, operand] of Object.entries(fields)) {
    if (!isNumeric(operand)) {
      throw typeMismatch(`Cannot ${op === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: {${path}: ${JSON.stringify(operand)}}`);
    }
    if (path.includes('$')) {
      (modifier as Document)[op] = { ...((modifier as Document)[op] ?? {}), [path]: Number(numericValue(operand)) };
      continue;
    }
    const current = getPath(doc, path);
    if (current !== undefined && !isNumeric(current)) {
      throw typeMismatch(`Cannot apply ${op} to a value of non-numeric type. {_id: ${String(doc._id)}} has the field '${path}' of non-numeric type ${typeof current}`);
    }
    setPath(doc, path, combine(op, current, operand));
  }
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const isInt32 = (n: number) => Number.isInteger(n) && n >= INT32_MIN && n <= INT32_MAX;

function combine(op: '$inc' | '$mul', current: unknown, operand: unknown): number | bigint {
  const b = numericValue(operand);
  // A missing field counts as zero: $inc sets it to the operand, $mul to zero of the operand's type.
  if (current === undefined) return op === '$inc' ? b : typeof b === 'bigint' ? 0n : 0;
  const a = numericValue(current);
  if (typeof a === 'bigint' || typeof b === 'bigint') {
    const bothIntegral = (typeof a === 'bigint' || isInt32(a)) && (typeof b === 'bigint' || isInt32(b));
    if (bothIntegral) return op === '$inc' ? BigInt(a) + BigInt(b) : BigInt(a) * BigInt(b);
    return op === '$inc' ? Number(a) + Number(b) : Number(a) * Number(b);
  }
  const result = op === '$inc' ? a + b : a * b;
  // int32 arithmetic that overflows becomes a 64-bit integer, as in MongoDB.
  return isInt32(a) && isInt32(b) && !isInt32(result) && Number.isSafeInteger(result) ? BigInt(result) : result;
}

/** The document an upsert starts from: the equality conditions of the filter, then the update applied. */
export function buildUpsert(filter: Document, update: UpdateSpec, options: ApplyOptions): Document {
  if (!Array.isArray(update) && !isOperatorUpdate(update)) {
    const { _id, ...fields } = cloneValue(update);
    return { _id: _id ?? equalityParts(filter)._id ?? new ObjectId(), ...fields };
  }
  const seed = equalityParts(filter);
  const updated = applyUpdate(seed, update, { ...options, inserting: true });
  if (updated._id === undefined) return { _id: new ObjectId(), ...updated };
  const { _id, ...rest } = updated;
  return { _id, ...rest };
}

function equalityParts(filter: Document): Document {
  const seed: Document = {};
  for (const [key, condition] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(condition)) {
      for (const part of condition) Object.assign(seed, equalityParts(part as Document));
    } else if (!key.startsWith('$')) {
      const value = isPlainObject(condition) && Object.keys(condition).some((k) => k.startsWith('$'))
        ? ('$eq' in condition ? condition.$eq : undefined)
        : condition;
      if (value !== undefined && !(value instanceof RegExp)) setPath(seed, key, cloneValue(value));
    }
  }
  return seed;
}

