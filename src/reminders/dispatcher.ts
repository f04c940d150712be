/**
 * Drains the outbox: a few workers each claim a message under a lease, wait for a send slot within Teams' rate
 * limits (booked in MongoDB, so shared with every other instance), send it and record the result. Throttling and
 * transient faults are retried with jittered backoff (honouring Retry-After); after the last attempt the message
 * is marked failed, which the manager's digest shows.
 *
 * The only window for a duplicate is between Teams accepting a message and the "sent" write that follows it:
 * a crash there leaves the message "sending", and it is sent again when its lease runs out.
 */
import type { Activity } from 'botbuilder';
import type { ConversationReferences } from '../db/conversationReferences.js';
import type { Clock } from '../domain/clock.js';
import { retryDelayMs, teamsConversationLimits, teamsTenantLimits, withMargin } from '../domain/reminders/rateLimits.js';
import type { Logger } from '../log.js';
import { attach } from '../teams/cardKit.js';
import type { OutboxRecord, OutboxStore } from '../db/outbox.js';
import type { SendBudgetLimits, SendBudgets } from '../db/sendBudgets.js';
import type { TurnReplies } from './ports.js';
import type { Target, TeamsSender, SendOutcome } from './teamsSender.js';

export interface DispatcherOptions {
  /** Messages in flight at once. */
  concurrency: number;
  /** How long a claimed message is owned before another dispatcher may take it over. */
  leaseMs: number;
  maxAttempts: number;
  /** A message whose conversation has no free slot within this long goes back to the queue, so others can go first. */
  deferAfterMs: number;
  /** Real time for rate limits and waits; the clock may be a test's. */
  nowMs: () => number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  /** This instance's turn replies, which proactive sends leave room for in the tenant's budget. */
  turnReplies?: TurnReplies;
}

export const defaultDispatcherOptions: DispatcherOptions = {
  concurrency: 8,
  leaseMs: 60_000,
  maxAttempts: 6,
  deferAfterMs: 250,
  nowMs: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

type Sender = Pick<TeamsSender, 'resolve' | 'send'>;

/**
 * How much later than booked a message may reach Teams (see withMargin). Wide for a conversation, where a few
 * messages must never bunch up; narrow for the tenant, whose 50/s is the throughput ceiling.
 */
const CONVERSATION_MARGIN_MS = 150;
const TENANT_MARGIN_MS = 100;

/** The windows send slots are booked in (shared by every instance, in MongoDB: db/sendBudgets.ts). */
export const sendBudgetLimits: SendBudgetLimits = {
  conversation: withMargin(teamsConversationLimits, CONVERSATION_MARGIN_MS),
  tenant: withMargin(teamsTenantLimits, TENANT_MARGIN_MS),
};

/** Told when a person or conversation can no longer be reached (so a manager can be informed). */
export type UnreachableListener = (record: OutboxRecord, error: string) => Promise<void>;

export class OutboxDispatcher {
  private readonly options: DispatcherOptions;
  private draining: Promise<number> | undefined;
  private again = false;
  private stopped = false;
  private wakeTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly outbox: OutboxStore,
    /** Teams' limits, booked in MongoDB so that every instance together stays inside them. */
    private readonly budgets: SendBudgets,
    private readonly sender: Sender,
    private readonly references: ConversationReferences,
    private readonly clock: Clock,
    private readonly logger: Logger,
    options: Partial<DispatcherOptions> = {},
    private readonly onUnreachable?: UnreachableListener,
  ) {
    this.options = { ...defaultDispatcherOptions, ...options };
  }

  /** Starts draining now (or once more after the current drain); safe to call often. */
  kick(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    void this.drain().catch((error: unknown) => this.logger.error({ err: error instanceof Error ? error.message : String(error) }, 'outbox drain failed'));
  }

  /** Sends everything deliverable now; resolves with how many messages were sent. */
  drain(): Promise<number> {
    this.draining ??= this.drainLoop().finally(() => {
      this.draining = undefined;
      if (this.again) {
        this.again = false;
        this.kick();
      } else {
        this.scheduleWake().catch((error: unknown) => this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'outbox wake-up not scheduled'));
      }
    });
    return this.draining;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.wakeTimer);
    await this.draining?.catch(() => undefined);
  }

  private async drainLoop(): Promise<number> {
    let sent = 0;
    const claimed: OutboxRecord[] = [];
    let refilling: Promise<boolean> | undefined;
    // Workers share a small batch of claimed messages; one claim query serves several sends.
    const next = async (): Promise<OutboxRecord | undefined> => {
      while (claimed.length === 0) {
        if (this.stopped) return undefined;
        refilling ??= this.outbox.claim(this.options.leaseMs, this.options.concurrency * 2).then((batch) => {
          claimed.push(...batch);
          refilling = undefined;
          return batch.length > 0;
        });
        if (!(await refilling)) return undefined;
      }
      return claimed.shift();
    };
    const worker = async () => {
      for (let record = await next(); record; record = await next()) {
        if (await this.deliver(record)) sent++;
      }
    };
    await Promise.all(Array.from({ length: this.options.concurrency }, worker));
    return sent;
  }

  /** Wakes the dispatcher when the next retry or deferred message becomes due. */
  private async scheduleWake(): Promise<void> {
    if (this.stopped) return;
    const next = await this.outbox.nextDueAt();
    clearTimeout(this.wakeTimer);
    if (!next) return;
    const delay = Math.max(0, Math.min(next.getTime() - this.clock.now().getTime(), 60_000));
    this.wakeTimer = setTimeout(() => this.kick(), delay + 5);
    this.wakeTimer.unref();
  }

  private async deliver(record: OutboxRecord): Promise<boolean> {
    const target = await this.sender.resolve(record.to);
    if (target.kind === 'gone') {
      await this.unreachable(record, target.error);
      return false;
    }
    const replies = () => this.options.turnReplies?.lastSecond(target.tenantId) ?? 0;
    const booking = await this.budgets.book(target.throttleKey, target.tenantId, this.options.nowMs, this.options.deferAfterMs, replies);
    if (booking.kind === 'defer') {
      await this.outbox.defer(record, new Date(this.clock.now().getTime() + Math.max(0, booking.until - this.options.nowMs())));
      return false;
    }
    const wait = booking.at - this.options.nowMs();
    if (wait > 0) await this.options.sleep(wait);
    // The wait for a slot may have outlived the lease: only the lease holder sends.
    if (!(await this.outbox.renew(record, this.options.leaseMs))) return false;
    // Sent well after its slot, it could land with the next window's messages: the slot stays booked (so nothing
    // goes over), and the message books again.
    if (this.options.nowMs() - booking.at > TENANT_MARGIN_MS) {
      await this.outbox.defer(record, this.clock.now());
      return false;
    }
    const outcome = await this.sender.send(target, activityOf(record));
    return this.record(record, target, outcome);
  }

  private async record(record: OutboxRecord, target: Target, outcome: SendOutcome): Promise<boolean> {
    switch (outcome.kind) {
      case 'sent':
        if (!(await this.outbox.markSent(record))) this.logger.warn({ message: record._id }, 'sent after its lease was taken over; another dispatcher owns it now');
        return true;
      case 'retry':
        if (record.attempts >= this.options.maxAttempts) {
          await this.outbox.markFailed(record, outcome.error);
          this.logger.warn({ message: record._id, attempts: record.attempts, error: outcome.error }, 'proactive message failed after its last retry');
        } else {
          const delay = retryDelayMs(record.attempts, outcome.retryAfterMs, this.options.random);
          await this.outbox.release(record, new Date(this.clock.now().getTime() + delay), outcome.error);
        }
        return false;
      case 'gone':
        if (target.kind === 'conversation') await this.references.markInactive(target.throttleKey, this.clock.now());
        await this.unreachable(record, outcome.error);
        return false;
      case 'failed':
        await this.outbox.markFailed(record, outcome.error);
        this.logger.warn({ message: record._id, error: outcome.error }, 'proactive message refused');
        return false;
    }
  }

  private async unreachable(record: OutboxRecord, error: string): Promise<void> {
    await this.outbox.markFailed(record, error);
    this.logger.warn({ message: record._id, error }, 'recipient unreachable; proactive message not delivered');
    await this.onUnreachable?.(record, error);
  }
}

function activityOf(record: OutboxRecord): Partial<Activity> {
  return {
    type: 'message',
    ...(record.text ? { text: record.text } : {}),
    ...(record.card ? attach(record.card) : {}),
  };
}
