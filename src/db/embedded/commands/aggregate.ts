/**
 * aggregate: leading $match/$sort/$skip/$limit stages run here (using indexes and BSON sort order), then a plain
 * $project and a counting $group when they come next (group.ts), and any $match straight after those; the rest of
 * the pipeline runs in mingo. $out and $merge are refused: results are never written anywhere silently.
 */
import type { Document } from 'bson';
import { Aggregator } from 'mingo/aggregator';
import { cloneForExpressions } from '../clone.js';
import { asCommandError, badValue, CommandError, unrecognisedStage } from '../errors.js';
import { mingoOptions } from '../mingoContext.js';
import { inclusionTree, pickPaths } from '../inclusionProjection.js';
import { isPlainObject } from '../paths.js';
import { compileFilter } from '../query.js';
import { optionalNumber, refuseUnsupported, type CommandHandler } from './context.js';
import { deadlineOf } from './timeLimit.js';
import { groupedHere, groupPaths } from './group.js';
import { select, type Selection } from './select.js';

const WRITING_STAGES = new Set(['$out', '$merge']);
const UNSUPPORTED_STAGES = new Set(['$changeStream', '$collStats', '$indexStats', '$currentOp', '$listSessions', '$search', '$geoNear']);

function stageName(stage: unknown): string {
  if (!isPlainObject(stage) || Object.keys(stage).length !== 1) {
    throw badValue('A pipeline stage specification object must contain exactly one field.');
  }
  return Object.keys(stage)[0]!;
}

/** Folds the leading $match, $sort, $skip and $limit stages into one selection, as far as their order allows. */
export function leadingSelection(pipeline: Document[]): { selection: Selection; rest: Document[] } {
  const selection: Selection = {};
  let i = 0;
  for (; i < pipeline.length; i++) {
    const [name, spec] = Object.entries(pipeline[i]!)[0]!;
    if (name === '$match' && i === 0) selection.filter = spec;
    else if (name === '$sort' && selection.sort === undefined && selection.skip === undefined && selection.limit === undefined) selection.sort = spec;
    else if (name === '$skip' && selection.skip === undefined && selection.limit === undefined) selection.skip = Number(spec);
    else if (name === '$limit' && selection.limit === undefined) selection.limit = Number(spec);
    else break;
  }
  return { selection, rest: pipeline.slice(i) };
}

function checkStages(pipeline: unknown): asserts pipeline is Document[] {
  if (!Array.isArray(pipeline)) throw badValue("'pipeline' option must be specified as an array");
  for (const stage of pipeline) {
    const name = stageName(stage);
    if (WRITING_STAGES.has(name)) {
      throw new CommandError(20, 'IllegalOperation', `${name} is not supported by the embedded server; write the results with the driver instead`);
    }
    if (UNSUPPORTED_STAGES.has(name)) throw unrecognisedStage(name);
  }
}

type Context = Parameters<CommandHandler>[1];
type Deadline = ReturnType<typeof deadlineOf>;

/** `{ $unionWith: 'coll' }` or `{ $unionWith: { coll, pipeline } }`, checked as MongoDB does. */
function unionOf(spec: unknown): { coll: string; pipeline: Document[] } {
  if (typeof spec === 'string') return { coll: spec, pipeline: [] };
  if (!isPlainObject(spec) || typeof spec.coll !== 'string') throw badValue("$unionWith needs a collection name ('coll'); the embedded server has no $documents");
  const pipeline = spec.pipeline ?? [];
  checkStages(pipeline);
  return { coll: spec.coll, pipeline };
}

/**
 * A pipeline on a collection: its leading stages are a selection through the indexes; each top-level $unionWith
 * runs its own pipeline the same way (so its leading $match uses the other collection's indexes) and appends
 * the results, in order; the stages after it run on the combined documents.
 */
function runPipeline(target: string, pipeline: Document[], context: Context, deadline: Deadline): Document[] {
  const union = pipeline.findIndex((stage) => stageName(stage) === '$unionWith');
  const leading = leadingSelection(union < 0 ? pipeline : pipeline.slice(0, union));
  const selected = select(context.catalog.collection(context.db, target), { ...leading.selection, deadline }).docs;
  const grouped = projectionBeforeGroup(leading.rest) ? groupedHere(selected, leading.rest.slice(1)) : undefined;
  const { docs, rest } = matchedHere(grouped ?? projectedOrGrouped(selected, leading.rest));
  deadline?.check();
  const results = rest.length > 0 ? inMingo(docs, rest, context, deadline) : docs;
  return union < 0 ? results : continuedWith(results, pipeline.slice(union), context, deadline);
}

/** `stages` begins with a $unionWith: the documents so far, the union's, then the rest of the stages on them all. */
function continuedWith(docs: Document[], stages: Document[], context: Context, deadline: Deadline): Document[] {
  const { coll, pipeline } = unionOf(stages[0]!.$unionWith);
  const combined = docs.concat(runPipeline(coll, pipeline, context, deadline));
  const rest = stages.slice(1);
  const next = rest.findIndex((stage) => stageName(stage) === '$unionWith');
  const before = next < 0 ? rest : rest.slice(0, next);
  const results = before.length > 0 ? inMingo(combined, before, context, deadline) : combined;
  return next < 0 ? results : continuedWith(results, rest.slice(next), context, deadline);
}

function inMingo(docs: Document[], stages: Document[], context: Context, deadline: Deadline): Document[] {
  const resolver = (name: string) => [...(context.catalog.collection(context.db, name)?.all() ?? [])].map(cloneForExpressions);
  try {
    // mingo may modify its input in place, so it gets copies of the stored documents.
    const results = new Aggregator(stages, mingoOptions(resolver)).run(docs.map(cloneForExpressions)) as Document[];
    deadline?.check();
    return results;
  } catch (error) {
    if (error instanceof CommandError) throw error;
    const message = error instanceof Error ? error.message : '';
    const unknown = /(?:unknown|unregistered) pipeline operator:? '?(\$\w+)/i.exec(message);
    throw unknown ? unrecognisedStage(unknown[1]!) : asCommandError(error);
  }
}

const aggregate: CommandHandler = (command, context) => {
  refuseUnsupported(command, ['explain']);
  const pipeline = command.pipeline;
  checkStages(pipeline);
  if (!isPlainObject(command.cursor)) throw failedCursor();
  const target = command.aggregate;
  if (typeof target !== 'string') throw badValue('The embedded server supports collection aggregations only');

  const results = runPipeline(target, pipeline as Document[], context, deadlineOf(command));
  const ns = `${context.db}.${target}`;
  return { cursor: context.cursors.start(ns, results, optionalNumber(command.cursor as Document, 'batchSize')) };
};

/**
 * A plain inclusion `$project` right after the selection is applied here, before the documents are copied for
 * mingo, so the later stages copy and read only the fields they use.
 */
function projectedFirst(docs: Document[], rest: Document[]): { docs: Document[]; rest: Document[] } {
  const spec = rest[0]?.$project;
  const tree = isPlainObject(spec) ? inclusionTree(spec) : undefined;
  if (!tree) return { docs, rest };
  const picked = docs.map((doc) => pickPaths(doc, tree));
  return picked.every((doc): doc is Document => doc !== undefined) ? { docs: picked, rest: rest.slice(1) } : { docs, rest };
}

function projectedOrGrouped(docs: Document[], rest: Document[]): { docs: Document[]; rest: Document[] } {
  const projected = projectedFirst(docs, rest);
  return groupedHere(projected.docs, projected.rest) ?? projected;
}

/**
 * A plain inclusion `$project` followed by a counting `$group` that reads only fields it keeps: the group gives the
 * same result on the documents as stored, so they are not projected first.
 */
function projectionBeforeGroup(rest: Document[]): boolean {
  const spec = rest[0]?.$project;
  const tree = isPlainObject(spec) ? inclusionTree(spec) : undefined;
  const paths = groupPaths(rest[1]);
  if (!tree || !paths) return false;
  return paths.every((path) => {
    let node: ReturnType<typeof inclusionTree> | true | undefined = tree;
    for (const part of path.split('.')) {
      if (node === true || node === undefined) break;
      node = node.get(part);
    }
    return node === true;
  });
}

/**
 * A $match on the documents so far, tested here as find tests stored documents, with no copy for mingo: after a
 * group done here that is one test per group row. A filter with `$expr` goes to mingo, whose expressions want
 * the copies' numbers in place of 64-bit integers.
 */
function matchedHere({ docs, rest }: { docs: Document[]; rest: Document[] }): { docs: Document[]; rest: Document[] } {
  let i = 0;
  let matched = docs;
  for (; i < rest.length && isPlainObject(rest[i]!.$match) && !usesExpressions(rest[i]!.$match); i++) {
    const test = compileFilter(rest[i]!.$match);
    matched = matched.filter(test);
  }
  return i === 0 ? { docs, rest } : { docs: matched, rest: rest.slice(i) };
}

function usesExpressions(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(usesExpressions);
  if (!isPlainObject(value)) return false;
  return Object.entries(value).some(([key, inner]) => key === '$expr' || key === '$where' || usesExpressions(inner));
}

const failedCursor = () => new CommandError(9, 'FailedToParse', "The 'cursor' option is required, except for aggregate with the explain argument");

export const aggregateCommands: Record<string, CommandHandler> = { aggregate };
