/**
 * The mingo operator context this server runs queries and pipelines with: mingo's own operators, with the
 * comparison and `$type` operators replaced by BSON-aware ones (see comparisons.ts). Scripts are disabled.
 */
import { Context } from 'mingo';
import type { Options } from 'mingo/types';
import * as accumulator from 'mingo/operators/accumulator';
import * as expression from 'mingo/operators/expression';
import * as pipeline from 'mingo/operators/pipeline';
import * as projection from 'mingo/operators/projection';
import * as query from 'mingo/operators/query';
import * as window from 'mingo/operators/window';
import type { Document } from 'bson';
import { bsonQueryOperators } from './comparisons.js';

const context = Context.init({
  accumulator,
  expression,
  pipeline,
  projection,
  query: { ...query, ...bsonQueryOperators },
  window,
} as Parameters<typeof Context.init>[0]);

export type CollectionResolver = (name: string) => Document[];

export function mingoOptions(collectionResolver?: CollectionResolver): Partial<Options> {
  return { context, scriptEnabled: false, useStrictMode: true, ...(collectionResolver ? { collectionResolver } : {}) };
}

