/** Collections and indexes: create, list and drop them. */
import type { Document } from 'bson';
import { ID_INDEX } from '../collection.js';
import { badValue, CommandError, indexNotFound, indexOptionsConflict, invalidOptions, namespaceNotFound } from '../errors.js';
import { parseIndexSpec, type IndexSpec } from '../indexes.js';
import { valueKey } from '../keys.js';
import { isPlainObject } from '../paths.js';
import { compileFilter } from '../query.js';
import { lookupCollection, optionalNumber, refuseUnsupported, targetName, type CommandHandler } from './context.js';

const sameKey = (a: IndexSpec, b: IndexSpec) => valueKey(a.key) === valueKey(b.key);
const sameOptions = (a: IndexSpec, b: IndexSpec) =>
  !!a.unique === !!b.unique && !!a.sparse === !!b.sparse && a.expireAfterSeconds === b.expireAfterSeconds &&
  valueKey(a.partialFilterExpression ?? null) === valueKey(b.partialFilterExpression ?? null);

const createIndexes: CommandHandler = async (command, context) => {
  const name = targetName(command, 'createIndexes');
  if (!Array.isArray(command.indexes) || command.indexes.length === 0) throw badValue('Must specify at least one index to create');
  const specs = command.indexes.map(parseIndexSpec);
  const existed = context.catalog.collection(context.db, name) !== undefined;
  const collection = context.catalog.ensureCollection(context.db, name);
  const before = collection.indexSpecs().length;
  const toBuild: IndexSpec[] = [];
  const inProgress: Array<Promise<void>> = [];
  for (const spec of specs) {
    // An identical build already under way is waited for, as mongod does.
    const build = collection.buildOf(spec.name);
    const existing = [...collection.indexSpecs(), ...(build ? [build.index.spec] : []), ...toBuild];
    const sameName = existing.find((other) => other.name === spec.name);
    const sameKeys = existing.find((other) => sameKey(other, spec));
    if (sameName && sameKey(sameName, spec) && sameOptions(sameName, spec)) {
      if (build) inProgress.push(build.finished);
      continue;
    }
    if (sameName) throw new CommandError(86, 'IndexKeySpecsConflict', `An existing index has the same name as the requested index but different key or options: ${spec.name}`);
    if (sameKeys && sameKeys.name !== ID_INDEX.name) {
      throw indexOptionsConflict(`Index already exists with a different name: ${sameKeys.name}`);
    }
    toBuild.push(spec);
  }
  await Promise.all([context.catalog.buildIndexes(collection, toBuild, context.slices), ...inProgress]);
  const after = collection.indexSpecs().length;
  return {
    numIndexesBefore: before,
    numIndexesAfter: after,
    createdCollectionAutomatically: !existed,
    ...(before === after ? { note: 'all indexes already exist' } : {}),
  };
};

const listIndexes: CommandHandler = (command, context) => {
  const collection = lookupCollection(command, 'listIndexes', context);
  const ns = `${context.db}.${targetName(command, 'listIndexes')}`;
  if (!collection) throw namespaceNotFound(`ns does not exist: ${ns}`);
  const batchSize = isPlainObject(command.cursor) ? optionalNumber(command.cursor, 'batchSize') : undefined;
  return { cursor: context.cursors.start(ns, collection.indexSpecs() as unknown as Document[], batchSize) };
};

const dropIndexes: CommandHandler = (command, context) => {
  const collection = lookupCollection(command, 'dropIndexes', context);
  const ns = `${context.db}.${targetName(command, 'dropIndexes')}`;
  if (!collection) throw namespaceNotFound(`ns not found ${ns}`);
  const nIndexesWas = collection.indexSpecs().length;
  const secondary = collection.indexSpecs().slice(1);
  const wanted = command.index;
  const names: string[] =
    wanted === '*' ? secondary.map((s) => s.name)
    : typeof wanted === 'string' ? [wanted]
    : Array.isArray(wanted) ? wanted.map(String)
    : isPlainObject(wanted) ? [collection.indexSpecs().find((s) => valueKey(s.key) === valueKey(wanted))?.name ?? `{${Object.keys(wanted).join(', ')}}`]
    : [];
  for (const indexName of names) {
    if (indexName === ID_INDEX.name) throw invalidOptions('cannot drop _id index');
    if (!collection.hasIndex(indexName) && !collection.buildOf(indexName)) throw indexNotFound(`index not found with name [${indexName}]`);
  }
  for (const indexName of names) context.catalog.dropIndex(collection, indexName);
  return { nIndexesWas };
};

const create: CommandHandler = (command, context) => {
  refuseUnsupported(command, ['capped', 'validator', 'timeseries', 'viewOn', 'clusteredIndex', 'changeStreamPreAndPostImages']);
  context.catalog.createCollection(context.db, targetName(command, 'create'));
  return {};
};

const drop: CommandHandler = (command, context) => {
  const collection = lookupCollection(command, 'drop', context);
  const nIndexesWas = collection?.indexSpecs().length ?? 0;
  context.catalog.drop(context.db, targetName(command, 'drop'));
  return { ns: `${context.db}.${targetName(command, 'drop')}`, nIndexesWas };
};

const dropDatabase: CommandHandler = (_command, context) => {
  context.catalog.dropDatabase(context.db);
  return { dropped: context.db };
};

const listCollections: CommandHandler = (command, context) => {
  const infos: Document[] = context.catalog.collections(context.db).map((collection) => ({
    name: collection.name,
    type: 'collection',
    options: {},
    info: { readOnly: false },
    idIndex: ID_INDEX,
  }));
  const matches = compileFilter(command.filter);
  const selected = infos.filter(matches).map((info) => (command.nameOnly === true ? { name: info.name, type: info.type } : info));
  const batchSize = isPlainObject(command.cursor) ? optionalNumber(command.cursor, 'batchSize') : undefined;
  return { cursor: context.cursors.start(`${context.db}.$cmd.listCollections`, selected, batchSize) };
};

export const ddlCommands: Record<string, CommandHandler> = {
  createIndexes, listIndexes, dropIndexes, create, drop, dropDatabase, listCollections,
};
