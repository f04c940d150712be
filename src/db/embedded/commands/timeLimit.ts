/**
 * maxTimeMS on reads (find, aggregate, count, distinct): past the limit the command fails with MongoDB's code 50,
 * MaxTimeMSExpired, and returns nothing. As in mongod, the clock is checked while documents are examined and
 * between stages, not only at the end. 0 or no limit means none. Source: MongoDB manual, cursor.maxTimeMS() and
 * the error codes list (50 MaxTimeMSExpired, "operation exceeded time limit").
 */
import type { Document } from 'bson';
import { badValue, CommandError } from '../errors.js';
import { optionalNumber } from './context.js';

const MAX_TIME_MS = 2_147_483_647;
/** How many documents are examined between two looks at the clock. */
const CHECK_EVERY = 128;

export interface Deadline {
  /** Throws MaxTimeMSExpired once the command has run for its maxTimeMS. */
  check(): void;
}

export const maxTimeMSExpired = () => new CommandError(50, 'MaxTimeMSExpired', 'operation exceeded time limit');

export function deadlineOf(command: Document): Deadline | undefined {
  const ms = optionalNumber(command, 'maxTimeMS');
  if (ms === undefined || ms === 0) return undefined;
  if (!Number.isInteger(ms) || ms < 0 || ms > MAX_TIME_MS) throw badValue(`${ms} value for maxTimeMS is out of range [0, ${MAX_TIME_MS}]`);
  const at = performance.now() + ms;
  return {
    check: () => {
      if (performance.now() >= at) throw maxTimeMSExpired();
    },
  };
}

/** The filter's matcher, looking at the clock every CHECK_EVERY documents it is asked about. */
export function timedMatcher<T>(matches: (doc: T) => boolean, deadline: Deadline | undefined): (doc: T) => boolean {
  if (!deadline) return matches;
  let examined = 0;
  return (doc) => {
    if (++examined % CHECK_EVERY === 0) deadline.check();
    return matches(doc);
  };
}
