/** Reading: find, getMore, killCursors, count, distinct, explain. */
import type { Document } from 'bson';
import { compareBson } from '../bsonOrder.js';
import { badValue } from '../errors.js';
import { valueKey } from '../keys.js';
import { leafValues, isPlainObject } from '../paths.js';
import { project } from '../query.js';
import { lookupCollection, optionalNumber, refuseUnsupported, targetName, type CommandContext, type CommandHandler } from './context.js';
import { select } from './select.js';

const UNSUPPORTED_FIND_OPTIONS = ['tailable', 'awaitData', 'min', 'max', 'returnKey', 'showRecordId', 'oplogReplay'];

function runFind(command: Document, context: CommandContext) {
  refuseUnsupported(command, UNSUPPORTED_FIND_OPTIONS);
  const limit = optionalNumber(command, 'limit');
  const selected = select(lookupCollection(command, 'find', context), {
    filter: command.filter,
    sort: command.sort,
    skip: optionalNumber(command, 'skip'),
    limit,
  });
  return { ...selected, docs: project(selected.docs, command.projection), limit };
}

const find: CommandHandler = (command, context) => {
  const { docs, limit } = runFind(command, context);
  const ns = `${context.db}.${targetName(command, 'find')}`;
  const singleBatch = command.singleBatch === true || (limit !== undefined && limit < 0);
  return { cursor: context.cursors.start(ns, docs, optionalNumber(command, 'batchSize'), singleBatch) };
};

const getMore: CommandHandler = (command, context) => {
  const id = command.getMore;
  if (typeof id !== 'bigint' && typeof id !== 'number') throw badValue('getMore needs a cursor id');
  const ns = `${context.db}.${String(command.collection)}`;
  return { cursor: context.cursors.next(BigInt(id), ns, optionalNumber(command, 'batchSize')) };
};

const killCursors: CommandHandler = (command, context) => {
  const ids = Array.isArray(command.cursors) ? command.cursors.map((id) => BigInt(id as number | bigint)) : [];
  const { killed, notFound } = context.cursors.kill(ids);
  return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [] };
};

const count: CommandHandler = (command, context) => {
  const { docs } = select(lookupCollection(command, 'count', context), {
    filter: command.query,
    skip: optionalNumber(command, 'skip'),
    limit: optionalNumber(command, 'limit'),
  });
  return { n: docs.length };
};

const distinct: CommandHandler = (command, context) => {
  if (typeof command.key !== 'string') throw badValue("'key' must be a string");
  const { docs } = select(lookupCollection(command, 'distinct', context), { filter: command.query });
  const seen = new Map<string, unknown>();
  for (const doc of docs) for (const value of leafValues(doc, command.key)) seen.set(valueKey(value), value);
  return { values: [...seen.values()].sort(compareBson) };
};

/** `explain` of a find: the plan chosen and how many documents it read, in MongoDB's field names. */
const explain: CommandHandler = (command, context) => {
  const inner = command.explain;
  if (!isPlainObject(inner) || typeof inner.find !== 'string') throw badValue('The embedded server explains find commands only');
  const { docs, plan, examined } = runFind(inner, context);
  const inputStage = plan.stage === 'IXSCAN'
    ? { stage: 'IXSCAN', indexName: plan.indexName }
    : { stage: plan.stage };
  return {
    queryPlanner: { namespace: `${context.db}.${inner.find}`, winningPlan: plan.stage === 'IXSCAN' ? { stage: 'FETCH', inputStage } : inputStage },
    executionStats: { nReturned: docs.length, totalKeysExamined: plan.keysExamined, totalDocsExamined: examined },
  };
};

export const readCommands: Record<string, CommandHandler> = { find, getMore, killCursors, count, distinct, explain };
