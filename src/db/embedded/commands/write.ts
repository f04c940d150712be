/** Writing: insert, update, delete (ordered and unordered batches) and findAndModify. */
import { BSON, ObjectId, type Document } from 'bson';
import type { Collection } from '../collection.js';
import { asCommandError, badValue, bsonTooLarge, failedToParse, invalidOptions } from '../errors.js';
import { valueKey } from '../keys.js';
import { MAX_BSON_OBJECT_SIZE } from '../limits.js';
import { isPlainObject } from '../paths.js';
import { project } from '../query.js';
import { applyUpdate, buildUpsert, isOperatorUpdate, validateUpdate } from '../update.js';
import { refuseUnsupported, targetName, type CommandContext, type CommandHandler } from './context.js';
import { select } from './select.js';

interface WriteError {
  index: number;
  code: number;
  codeName: string;
  errmsg: string;
  [extra: string]: unknown;
}

/** Runs each statement; an ordered batch stops at the first failure, an unordered one carries on. */
function runBatch<T>(command: Document, field: string, run: (statement: T, index: number) => void): WriteError[] {
  const statements = command[field];
  if (!Array.isArray(statements)) throw failedToParse(`BSON field '${field}' is missing but a required field`);
  const ordered = command.ordered !== false;
  const errors: WriteError[] = [];
  for (const [index, statement] of (statements as T[]).entries()) {
    try {
      run(statement, index);
    } catch (error) {
      const e = asCommandError(error);
      errors.push({ index, code: e.code, codeName: e.codeName, errmsg: e.message, ...e.extra });
      if (ordered) break;
    }
  }
  return errors;
}

const withErrors = (reply: Document, errors: WriteError[]) => (errors.length > 0 ? { ...reply, writeErrors: errors } : reply);

function collectionFor(command: Document, name: string, context: CommandContext): Collection {
  return context.catalog.ensureCollection(context.db, targetName(command, name));
}

const insert: CommandHandler = (command, context) => {
  const collection = collectionFor(command, 'insert', context);
  let n = 0;
  const errors = runBatch<Document>(command, 'documents', (doc) => {
    if (!isPlainObject(doc)) throw badValue('Each document to insert must be an object');
    // MongoDB stores _id as the first field, whatever order the client sent.
    const { _id = new ObjectId(), ...fields } = doc;
    const stored = { _id, ...fields };
    if (BSON.calculateObjectSize(stored) > MAX_BSON_OBJECT_SIZE) throw bsonTooLarge('object to insert too large');
    context.catalog.insert(collection, stored);
    n += 1;
  });
  return withErrors({ n }, errors);
};

interface UpdateStatement {
  q?: Document;
  u: unknown;
  upsert?: boolean;
  multi?: boolean;
  /** MongoDB 8: which document a single update takes, planned like find's sort. */
  sort?: Document;
  arrayFilters?: Document[];
}

const update: CommandHandler = (command, context) => {
  refuseUnsupported(command, []);
  const name = targetName(command, 'update');
  let n = 0;
  let nModified = 0;
  const upserted: Array<{ index: number; _id: unknown }> = [];
  const errors = runBatch<UpdateStatement>(command, 'updates', (statement, index) => {
    refuseUnsupported(statement as Document, []);
    const spec = validateUpdate(statement.u);
    const filter = statement.q ?? {};
    if (statement.multi && !Array.isArray(spec) && !isOperatorUpdate(spec)) {
      throw failedToParse('multi update is not supported for replacement-style update');
    }
    const collection = context.catalog.collection(context.db, name);
    if (statement.multi && statement.sort !== undefined) throw invalidOptions('Cannot specify sort with multi=true');
    const { docs } = select(collection, { filter, sort: statement.sort, limit: statement.multi ? 0 : 1 });
    for (const doc of docs) {
      const next = applyUpdate(doc, spec, { arrayFilters: statement.arrayFilters, filter });
      n += 1;
      if (valueKey(next) !== valueKey(doc)) {
        context.catalog.replace(collection!, doc, next);
        nModified += 1;
      }
    }
    if (docs.length === 0 && statement.upsert) {
      const doc = buildUpsert(filter, spec, { arrayFilters: statement.arrayFilters, filter });
      context.catalog.insert(context.catalog.ensureCollection(context.db, name), doc);
      n += 1;
      upserted.push({ index, _id: doc._id });
    }
  });
  return withErrors({ n, nModified, ...(upserted.length > 0 ? { upserted } : {}) }, errors);
};

interface DeleteStatement {
  q?: Document;
  limit?: number;
}

const remove: CommandHandler = (command, context) => {
  const name = targetName(command, 'delete');
  let n = 0;
  const errors = runBatch<DeleteStatement>(command, 'deletes', (statement) => {
    const limit = Number(statement.limit ?? 0);
    if (limit !== 0 && limit !== 1) throw failedToParse('The limit field in delete objects must be 0 or 1');
    const collection = context.catalog.collection(context.db, name);
    const { docs } = select(collection, { filter: statement.q ?? {}, limit });
    for (const doc of docs) context.catalog.remove(collection!, doc);
    n += docs.length;
  });
  return withErrors({ n }, errors);
};

/** findAndModify: one document, optionally sorted, removed or updated (or upserted), returned before or after. */
const findAndModify: CommandHandler = (command, context) => {
  refuseUnsupported(command, []);
  const name = targetName(command, command.findAndModify !== undefined ? 'findAndModify' : 'findandmodify');
  const filter = (command.query ?? {}) as Document;
  const returnNew = command.new === true;
  if (command.remove === true && (command.update !== undefined || command.upsert === true)) {
    throw failedToParse('Cannot specify both an update and remove=true');
  }
  if (command.remove !== true && command.update === undefined) throw failedToParse('Either an update or remove=true must be specified');
  const collection = context.catalog.collection(context.db, name);
  const [doc] = select(collection, { filter, sort: command.sort, limit: 1 }).docs;
  const shape = (value: Document | null) => (value ? project([value], command.fields)[0]! : null);

  if (command.remove === true) {
    if (doc) context.catalog.remove(collection!, doc);
    return { lastErrorObject: { n: doc ? 1 : 0 }, value: shape(doc ?? null) };
  }
  const spec = validateUpdate(command.update);
  const arrayFilters = command.arrayFilters as Document[] | undefined;
  if (doc) {
    const next = applyUpdate(doc, spec, { arrayFilters, filter });
    if (valueKey(next) !== valueKey(doc)) context.catalog.replace(collection!, doc, next);
    return { lastErrorObject: { n: 1, updatedExisting: true }, value: shape(returnNew ? next : doc) };
  }
  if (command.upsert === true) {
    const created = buildUpsert(filter, spec, { arrayFilters, filter });
    context.catalog.insert(context.catalog.ensureCollection(context.db, name), created);
    return { lastErrorObject: { n: 1, updatedExisting: false, upserted: created._id }, value: shape(returnNew ? created : null) };
  }
  return { lastErrorObject: { n: 0, updatedExisting: false }, value: null };
};

export const writeCommands: Record<string, CommandHandler> = {
  insert,
  update,
  delete: remove,
  findAndModify,
  findandmodify: findAndModify,
};

