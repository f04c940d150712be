/** Reading: find, getMore, killCursors, count, distinct, explain. */
import type { Document } from 'bson';
import { compareBson, type SortSpec } from '../bsonOrder.js';
import type { Plan } from '../collection.js';
import { describeBounds } from '../planner.js';
import { badValue } from '../errors.js';
import { valueKey } from '../keys.js';
import { leafValues, isPlainObject } from '../paths.js';
import { documentProjector, project } from '../query.js';
import { lookupCollection, optionalNumber, refuseUnsupported, targetName, type CommandContext, type CommandHandler } from './context.js';
import { leadingSelection } from './aggregate.js';
import { countSelection, select, type Selection } from './select.js';
import { deadlineOf } from './timeLimit.js';

const UNSUPPORTED_FIND_OPTIONS = ['tailable', 'awaitData', 'min', 'max', 'returnKey', 'showRecordId', 'oplogReplay'];

function runFind(command: Document, context: CommandContext) {
  refuseUnsupported(command, UNSUPPORTED_FIND_OPTIONS);
  const limit = optionalNumber(command, 'limit');
  const selected = select(lookupCollection(command, 'find', context), {
    filter: command.filter,
    sort: command.sort,
    skip: optionalNumber(command, 'skip'),
    limit,
    deadline: deadlineOf(command),
  });
  // A plain projection is applied as each batch is cut (see documentProjector).
  const shape = documentProjector(command.projection);
  return { ...selected, docs: shape ? selected.docs : project(selected.docs, command.projection), shape, limit };
}

const find: CommandHandler = (command, context) => {
  const { docs, shape, limit } = runFind(command, context);
  const ns = `${context.db}.${targetName(command, 'find')}`;
  const singleBatch = command.singleBatch === true || (limit !== undefined && limit < 0);
  return { cursor: context.cursors.start(ns, docs, optionalNumber(command, 'batchSize'), singleBatch, shape) };
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
  const { n } = countSelection(lookupCollection(command, 'count', context), {
    filter: command.query,
    skip: optionalNumber(command, 'skip'),
    limit: optionalNumber(command, 'limit'),
    deadline: deadlineOf(command),
  });
  return { n };
};

const distinct: CommandHandler = (command, context) => {
  if (typeof command.key !== 'string') throw badValue("'key' must be a string");
  const { docs } = select(lookupCollection(command, 'distinct', context), { filter: command.query, deadline: deadlineOf(command) });
  const seen = new Map<string, unknown>();
  for (const doc of docs) for (const value of leafValues(doc, command.key)) seen.set(valueKey(value), value);
  return { values: [...seen.values()].sort(compareBson) };
};

/** What an explained command reads: its selection, taken from the command's own fields. */
function explainedSelection(inner: Document): { name: string; selection: Selection } {
  const [verb] = Object.keys(inner);
  const target = String(inner[verb!]);
  switch (verb) {
    case 'find':
      return { name: target, selection: { filter: inner.filter, sort: inner.sort, skip: optionalNumber(inner, 'skip'), limit: optionalNumber(inner, 'limit') } };
    case 'count':
    case 'distinct':
      return { name: target, selection: { filter: inner.query } };
    case 'findAndModify':
    case 'findandmodify':
      return { name: target, selection: { filter: inner.query, sort: inner.sort, limit: 1 } };
    case 'update':
    case 'delete': {
      const statement = ((verb === 'update' ? inner.updates : inner.deletes) as Document[] | undefined)?.[0] ?? {};
      const one = verb === 'update' ? statement.multi !== true : Number(statement.limit ?? 0) === 1;
      return { name: target, selection: { filter: statement.q, sort: verb === 'update' ? statement.sort : undefined, limit: one ? 1 : 0 } };
    }
    case 'aggregate':
      if (Array.isArray(inner.pipeline)) return { name: target, selection: leadingSelection(inner.pipeline as Document[]).selection };
  }
  throw badValue(`The embedded server cannot explain ${String(verb)}`);
}

/**
 * `explain`: the plan chosen and what it read, in MongoDB's shape (queryPlanner.winningPlan with FETCH over
 * IXSCAN, SORT or LIMIT above them; executionStats). Writes are planned, never applied.
 */
const explain: CommandHandler = (command, context) => {
  const inner = command.explain;
  if (!isPlainObject(inner)) throw badValue('explain needs a command to explain');
  const { name, selection } = explainedSelection(inner);
  const collection = context.catalog.collection(context.db, name);
  if (Object.keys(inner)[0] === 'count') return explainCount(`${context.db}.${name}`, countSelection(collection, selection).plan, selection);
  const { docs, plan, sort, sortedInPlan } = select(collection, selection);
  return {
    queryPlanner: { namespace: `${context.db}.${name}`, parsedQuery: selection.filter ?? {}, winningPlan: winningPlan(plan, selection, sort, sortedInPlan), rejectedPlans: [] },
    executionStats: { nReturned: docs.length, totalKeysExamined: plan.keysExamined, totalDocsExamined: plan.docsExamined },
    ok: 1,
  };
};

/** A count's plan: COUNT over COUNT_SCAN when it counted index keys alone, else over the find stages. */
function explainCount(namespace: string, plan: Plan, selection: Selection): Document {
  const input = plan.stage === 'COUNT_SCAN' && plan.index ? { ...indexScan(plan.index), stage: 'COUNT_SCAN' } : winningPlan(plan, {}, undefined, false);
  return {
    queryPlanner: { namespace, parsedQuery: selection.filter ?? {}, winningPlan: { stage: 'COUNT', inputStage: input }, rejectedPlans: [] },
    executionStats: { nReturned: 0, totalKeysExamined: plan.keysExamined, totalDocsExamined: plan.docsExamined },
    ok: 1,
  };
}

function indexScan(plan: NonNullable<Plan['index']>): Document {
  const { index, reverse } = plan;
  return {
    stage: 'IXSCAN',
    keyPattern: index.spec.key,
    indexName: index.spec.name,
    isMultiKey: index.isMultikey,
    isUnique: index.spec.unique === true,
    isSparse: index.spec.sparse === true,
    isPartial: index.spec.partialFilterExpression !== undefined,
    direction: reverse ? 'backward' : 'forward',
    indexBounds: describeBounds(plan),
  };
}

function winningPlan(plan: Plan, selection: Selection, sort: SortSpec | undefined, sortedInPlan: boolean): Document {
  let stage: Document = { stage: plan.stage };
  if (plan.index) stage = { stage: 'FETCH', inputStage: indexScan(plan.index) };
  const limit = selection.limit ? Math.abs(selection.limit) : undefined;
  if (sort && !sortedInPlan) stage = { stage: 'SORT', sortPattern: sort, ...(limit ? { limitAmount: limit } : {}), inputStage: stage };
  else if (limit) stage = { stage: 'LIMIT', limitAmount: limit, inputStage: stage };
  return stage;
}

export const readCommands: Record<string, CommandHandler> = { find, getMore, killCursors, count, distinct, explain };
