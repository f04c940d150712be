/**
 * The one way a multi-step action is made safe: its intent is recorded first (src/db/intents.ts), then each
 * step runs and is marked done. Steps are idempotent (deterministic ids, upserts, conditional updates), so a
 * step that ran but was not yet marked done may run again harmlessly. A retry with the same idempotency key
 * (the card's submit id) finishes what is left, and so does the scheduler's sweep after a crash or restart.
 */
import type { IntentRecord, IntentStore } from '../db/intents.js';
import type { Clock } from '../domain/clock.js';
import type { Logger } from '../log.js';

export interface IntentStep<P> {
  name: string;
  run(payload: P): Promise<void>;
}

export interface IntentKind<P> {
  readonly kind: string;
  readonly steps: readonly IntentStep<P>[];
}

/** Thrown by an action's first step when it must not go ahead (e.g. someone saved the case first); nothing was written. */
export class StepRefused<R> extends Error {
  constructor(readonly refusal: R) {
    super('The action was refused');
  }
}

/**
 * A step failed after the intent was recorded. What the user entered is kept in the intent and the sweep will
 * finish it, so the error message may say that nothing was lost (see src/teams/app.ts).
 */
export class ActionInterrupted extends Error {
  readonly willFinish = true;
  constructor(readonly kind: string, cause: unknown) {
    super(`${kind} was interrupted; it will be finished from its recorded intent`, { cause });
  }
}

/**
 * A test seam: called after each step is marked done (the last step: after it ran, before the write that marks
 * it and finishes the action); a test throws here, or kills the process, to prove resumption.
 */
export interface FaultPlan {
  afterStep(kind: string, step: string): void | Promise<void>;
}

export interface IntentsDeps {
  store: IntentStore;
  clock: Clock;
  logger?: Logger;
  /** How long the instance running an action has before the sweep may take it over. */
  leaseMs?: number;
  faults?: FaultPlan;
}

export const DEFAULT_INTENT_LEASE_MS = 60_000;
const SWEEP_BATCH = 100;

export class Intents {
  private readonly kinds = new Map<string, IntentKind<unknown>>();

  constructor(private readonly deps: IntentsDeps) {}

  /** Declares a kind of action and its steps, in the order they run; the sweep finishes any kind declared here. */
  define<P>(kind: string, steps: IntentStep<P>[]): IntentKind<P> {
    if (this.kinds.has(kind)) throw new Error(`Intent kind ${kind} is declared twice`);
    const declared: IntentKind<P> = { kind, steps };
    this.kinds.set(kind, declared as IntentKind<unknown>);
    return declared;
  }

  /**
   * Runs the action recorded under `key`, or finishes it if it was recorded before (a double click, a retry).
   * `make` builds the payload only the first time; afterwards the stored payload is used, so a retry never
   * makes a second case number or a second set of ids. `first` is false when the key was seen before.
   */
  async run<P>(kind: IntentKind<P>, key: string, make: () => P | Promise<P>): Promise<{ payload: P; first: boolean }> {
    const stored = await this.deps.store.get<P>(`${kind.kind}:${key}`);
    if (!stored) return this.start(kind, key, await make());
    if (!stored.finishedAt) await this.finishSteps(kind, stored);
    return { payload: stored.payload, first: false };
  }

  /**
   * `run` for a payload already built, without taking anything (no case number, no id another try would not
   * make alike): it is recorded without reading first, and a key recorded before gives back its stored payload.
   */
  async start<P>(kind: IntentKind<P>, key: string, payload: P): Promise<{ payload: P; first: boolean }> {
    const now = this.deps.clock.now();
    const record: IntentRecord<P> = { _id: `${kind.kind}:${key}`, kind: kind.kind, payload, done: [], createdAt: now, leaseUntil: this.leaseFrom(now) };
    const intent = await this.deps.store.begin(record);
    if (!intent.finishedAt) await this.finishSteps(kind, intent);
    return { payload: intent.payload, first: intent === record };
  }

  /** Finishes the action recorded under `key` if it is there and unfinished (without starting a new one). */
  async resume<P>(kind: IntentKind<P>, key: string): Promise<P | undefined> {
    const intent = await this.deps.store.get<P>(`${kind.kind}:${key}`);
    if (!intent) return undefined;
    if (!intent.finishedAt) await this.finishSteps(kind, intent);
    return intent.payload;
  }

  /** Finishes every abandoned intent (its lease ran out); the scheduler calls this on start and every minute. */
  async sweep(): Promise<number> {
    const now = this.deps.clock.now();
    const claimed = await this.deps.store.claimAbandoned(now, this.leaseFrom(now), SWEEP_BATCH);
    let finished = 0;
    for (const intent of claimed) {
      const kind = this.kinds.get(intent.kind);
      if (!kind) continue;
      try {
        await this.finishSteps(kind, intent);
        finished++;
      } catch (error) {
        this.deps.logger?.error({ intent: intent.kind, err: error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error) }, 'intent could not be finished yet');
      }
    }
    return finished;
  }

  /** How many actions are not finished yet. */
  unfinished(): Promise<number> {
    return this.deps.store.unfinished();
  }

  private leaseFrom(now: Date): Date {
    return new Date(now.getTime() + (this.deps.leaseMs ?? DEFAULT_INTENT_LEASE_MS));
  }

  private async finishSteps<P>(kind: IntentKind<P>, intent: IntentRecord<P>): Promise<void> {
    const { store } = this.deps;
    const done = new Set(intent.done);
    const last = kind.steps[kind.steps.length - 1];
    for (const step of kind.steps) {
      if (done.has(step.name)) continue;
      try {
        await step.run(intent.payload);
      } catch (error) {
        if (error instanceof StepRefused && done.size === 0) {
          // Nothing was written: the intent goes, and a later try starts afresh.
          await store.discard(intent._id);
          throw error;
        }
        throw new ActionInterrupted(kind.kind, error);
      }
      // The last step's mark is the finish, in one write; a fault injected after it comes just before that
      // write, as if the process died between the step and its mark, so the step is run again.
      if (step === last) break;
      await store.markDone(intent._id, step.name);
      done.add(step.name);
      await this.afterStep(kind, step);
    }
    if (last && !done.has(last.name)) await this.afterStep(kind, last);
    await store.finish(intent._id, this.deps.clock.now(), last?.name);
  }

  private async afterStep<P>(kind: IntentKind<P>, step: IntentStep<P>): Promise<void> {
    try {
      await this.deps.faults?.afterStep(kind.kind, step.name);
    } catch (error) {
      throw new ActionInterrupted(kind.kind, error);
    }
  }
}
