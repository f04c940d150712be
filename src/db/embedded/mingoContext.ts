/**
 * The mingo operator context this server runs queries and pipelines with: mingo's own operators, with the
 * comparison and `$type` operators replaced by BSON-aware ones (see comparisons.ts). Scripts are disabled.
 */
import { Context } from 'mingo';
import { Query } from 'mingo/query';
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


/**
 * Options for filters and projections, made once. Given plain options, mingo copies every operator table of
 * the context for each Query (some 230 entries: 40% of the server's time on a small find); given its own
 * ComputeOptions it shares the context and copies only the per-query locals (the condition, `$$NOW`). That
 * class is not exported, so a probe query hands over an instance; without one, the plain options are used.
 */
export const queryOptions: Partial<Options> = (() => {
  const plain = mingoOptions();
  let probed: object | undefined;
  const probe = Context.init({
    query: {
      $eq: (_selector: string, _value: unknown, options: object) => {
        probed = options;
        return () => false;
      },
    },
  } as Parameters<typeof Context.init>[0]);
  new Query({ probe: { $eq: 1 } }, { context: probe });
  const computeOptions = probed?.constructor as { init?: (options: Partial<Options>) => Partial<Options> } | undefined;
  return typeof computeOptions?.init === 'function' ? computeOptions.init(plain) : plain;
})();
