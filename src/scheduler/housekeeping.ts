/** Housekeeping: conversation references not seen for a long time are flagged stale, so nobody relies on them. */
import type { ConversationReferences } from '../db/conversationReferences.js';
import type { Clock } from '../domain/clock.js';
import type { JobDefinition } from './scheduler.js';

export const MARK_STALE_CONVERSATIONS = 'housekeeping.markStaleConversations';
export const STALE_AFTER_DAYS = 90;

export function markStaleConversationsJob(references: ConversationReferences, clock: Clock, staleAfterDays = STALE_AFTER_DAYS): JobDefinition {
  return {
    name: MARK_STALE_CONVERSATIONS,
    every: '1 day',
    run: async () => {
      const cutoff = new Date(clock.now().getTime() - staleAfterDays * 24 * 60 * 60 * 1000);
      await references.markStale(cutoff);
    },
  };
}

export const SWEEP_INTENTS = 'housekeeping.sweepIntents';

/** Finishes multi-step actions left half done by a crash or a failed step (see services/intents.ts). */
export function sweepIntentsJob(intents: { sweep(): Promise<number> }): JobDefinition {
  return { name: SWEEP_INTENTS, every: '1 minute', run: async () => void (await intents.sweep()) };
}
