/** Writing: insert, update, delete (ordered and unordered batches) and findAndModify. */
import { BSON, ObjectId, type Document } from 'bson';
import type { Collection } from '../collection.js';
import { asCommandError, badValue, bsonTooLarge, failedToParse, invalidOptions } from '../errors.js';
import { valueKey } from '../keys.js';
import { MAX_BSON_OBJECT_SIZE } from '../limits.js';
import { isPlainObject } from '../paths.js';
import { compileFilter, project, type Matcher } from '../query.js';
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

/**
 * Runs each statement, giving way to other commands between slices (a batch is not atomic in MongoDB either);
 * an ordered batch stops at the first failure, an unordered one carries on.
 */
async function runBatch<T>(command: Document, field: string, context: CommandContext, run: (statement: T, index: number) => void | Promise<void>): Promise<WriteError[]> {
  const statements = command[field];
  if (!Array.isArray(statements)) throw failedToParse(`BSON field '${field}' is missing but a required field`);
  const ordered = command.ordered !== false;
  const errors: WriteError[] = [];
  for (const [index, statement] of (statements as T[]).entries()) {
    await context.slices.pause();
    try {
      await run(statement, index);
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

const insert: CommandHandler = async (command, context) => {
  let n = 0;
  const errors = await runBatch<Document>(command, 'documents', context, (doc) => {
    if (!isPlainObject(doc)) throw badValue('Each document to insert must be an object');
    // MongoDB stores _id as the first field, whatever order the client sent.
    const { _id = new ObjectId(), ...fields } = doc;
    const stored = { _id, ...fields };
    if (BSON.calculateObjectSize(stored) > MAX_BSON_OBJECT_SIZE) throw bsonTooLarge('object to insert too large');
    // Looked up for each document: the collection may have been dropped while the batch gave way.
    context.catalog.insert(collectionFor(command, 'insert', context), stored);
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

const update: CommandHandler = async (command, context) => {
  refuseUnsupported(command, []);
  const name = targetName(command, 'update');
  let n = 0;
  let nModified = 0;
  const upserted: Array<{ index: number; _id: unknown }> = [];
  const errors = await runBatch<UpdateStatement>(command, 'updates', context, async (statement, index) => {
    refuseUnsupported(statement as Document, []);
    const spec = validateUpdate(statement.u);
    const filter = statement.q ?? {};
    if (statement.multi && !Array.isArray(spec) && !isOperatorUpdate(spec)) {
      throw failedToParse('multi update is not supported for replacement-style update');
    }
    const collection = context.catalog.collection(context.db, name);
    if (statement.multi && statement.sort !== undefined) throw invalidOptions('Cannot specify sort with multi=true');
    const { docs } = select(collection, { filter, sort: statement.sort, limit: statement.multi ? 0 : 1 });
    await eachStillMatching(docs, filter, name, context, (current, doc) => {
      const next = applyUpdate(doc, spec, { arrayFilters: statement.arrayFilters, filter });
      n += 1;
      if (valueKey(next) !== valueKey(doc)) {
        context.catalog.replace(current, doc, next);
        nModified += 1;
      }
    });
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

const remove: CommandHandler = async (command, context) => {
  const name = targetName(command, 'delete');
  let n = 0;
  const errors = await runBatch<DeleteStatement>(command, 'deletes', context, async (statement) => {
    const limit = Number(statement.limit ?? 0);
    if (limit !== 0 && limit !== 1) throw failedToParse('The limit field in delete objects must be 0 or 1');
    const collection = context.catalog.collection(context.db, name);
    const filter = statement.q ?? {};
    const { docs } = select(collection, { filter, limit });
    await eachStillMatching(docs, filter, name, context, (current, doc) => {
      context.catalog.remove(current, doc);
      n += 1;
    });
  });
  return withErrors({ n }, errors);
};

/**
 * Runs `write` on each selected document as it is when its turn comes, giving way between slices. Once the
 * command has given way, a document another command changed meanwhile is taken only if it still matches the
 * filter, and one removed is skipped, as mongod checks again after a yield.
 */
async function eachStillMatching(docs: Document[], filter: unknown, name: string, context: CommandContext, write: (collection: Collection, doc: Document) => void): Promise<void> {
  const selectedAt = context.slices.yields;
  let matches: Matcher | undefined;
  for (const selected of docs) {
    await context.slices.pause();
    const collection = context.catalog.collection(context.db, name);
    if (!collection) return;
    let doc: Document | undefined = selected;
    if (context.slices.yields !== selectedAt) {
      doc = collection.get(selected._id);
      if (!doc || (doc !== selected && !(matches ??= compileFilter(filter))(doc))) continue;
    }
    write(collection, doc);
  }
}

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

