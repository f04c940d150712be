/**
 * The reminder engine, assembled: stores, planner, Teams sender and outbox dispatcher, and the scheduled jobs
 * that drive them (agenda, on the same database, so they survive restarts and run once across instances).
 */
import { localTimeZone } from '../domain/calendar/timeZone.js';
import type { CloudAdapter } from 'botbuilder';
import type { Db } from 'mongodb';
import type { CaseRepository } from '../db/cases.js';
import type { ConversationReferences } from '../db/conversationReferences.js';
import type { WorkingCalendar } from '../domain/calendar/workingCalendar.js';
import type { Clock } from '../domain/clock.js';
import { nextNotice } from '../domain/reminders/notices.js';
import type { Logger } from '../log.js';
import type { JobDefinition } from '../scheduler/scheduler.js';
import { unreachableOfficerCard } from '../teams/reminders/cards.js';
import { OutboxDispatcher, sendBudgetLimits, type DispatcherOptions } from './dispatcher.js';
import { OutboxStore, type OutboxRecord } from '../db/outbox.js';
import { SendBudgets } from '../db/sendBudgets.js';
import { ReminderPlanner } from './planner.js';
import { ReminderStore } from '../db/reminders.js';
import { TeamsSender } from './teamsSender.js';
import type { Escalations, RetentionDecisionsDue } from './ports.js';

export const PLAN_REMINDERS = 'reminders.plan';
export const MORNING_DIGESTS = 'reminders.morning';

export interface ReminderEngineDeps {
  db: Db;
  clock: Clock;
  calendar: WorkingCalendar;
  references: ConversationReferences;
  logger: Logger;
  escalations: Escalations;
  /** The cases reminders are on; the digest reads their risk level. */
  cases?: Pick<CaseRepository, 'get'>;
  dispatcher?: Partial<DispatcherOptions>;
  /** Undecided retention cases for the managers' digest. */
  retention?: RetentionDecisionsDue;
}

export interface ReminderEngine {
  reminders: ReminderStore;
  outbox: OutboxStore;
  planner: ReminderPlanner;
  jobs: JobDefinition[];
  /** Connects delivery to Teams; nothing is sent before this (messages wait in the outbox). */
  startDelivery(adapter: CloudAdapter, botAppId: string): OutboxDispatcher;
  /**
   * Resolves once nothing in the outbox is being sent or due within a minute (for tests and benchmarks); with a
   * clock that does not move, once nothing is due now.
   */
  drained(): Promise<void>;
  stop(): Promise<void>;
}

export function createReminderEngine(deps: ReminderEngineDeps): ReminderEngine {
  const { db, clock, calendar, references, logger, escalations } = deps;
  const reminders = new ReminderStore(db, clock, (state) => nextNotice(state, calendar)?.at);
  const outbox = new OutboxStore(db, clock);
  const budgets = new SendBudgets(db, sendBudgetLimits);
  const planner = new ReminderPlanner({ reminders, outbox, references, calendar, clock, escalations, ...(deps.cases ? { cases: deps.cases } : {}), ...(deps.retention ? { retention: deps.retention } : {}) });
  let dispatcher: OutboxDispatcher | undefined;

  /** When someone cannot be reached any more, the managers are told (once per undelivered message). */
  const tellManagers = async (record: OutboxRecord) => {
    if (record.to.kind !== 'user' || record._id.startsWith('unreachable:')) return;
    const { tenantId } = record.to;
    const name = (await references.nameOf(record.to.aadObjectId, tenantId)) ?? 'An officer';
    for (const manager of await escalations.managersFor({ recipient: record.to })) {
      if (manager.aadObjectId === record.to.aadObjectId) continue;
      await outbox.enqueue({
        key: `unreachable:${record._id}:${manager.aadObjectId}`,
        to: { kind: 'user', ...manager },
        card: unreachableOfficerCard(name),
      });
    }
  };

  const jobs: JobDefinition[] = [
    {
      name: PLAN_REMINDERS,
      every: '1 minute',
      run: async () => {
        await planner.sendDueNotices();
        dispatcher?.kick();
      },
    },
    { name: MORNING_DIGESTS, every: '30 8 * * 1-5', timezone: localTimeZone(), run: async () => void (await planner.sendMorningDigests()) },
  ];

  return {
    reminders,
    outbox,
    planner,
    jobs,
    startDelivery: (adapter, botAppId) => {
      const sender = new TeamsSender(adapter, botAppId, references, clock);
      dispatcher = new OutboxDispatcher(outbox, budgets, sender, references, clock, logger, deps.dispatcher, tellManagers);
      outbox.onEnqueued(() => dispatcher?.kick());
      dispatcher.kick();
      return dispatcher;
    },
    drained: async () => {
      for (;;) {
        if (!dispatcher || (await outbox.inFlightOrDue(60_000)) === 0) return;
        const before = clock.now().getTime();
        await dispatcher.drain();
        await new Promise((resolve) => setTimeout(resolve, 20));
        // With a stopped test clock, a retry or held-back message never comes due: only wait for what is due now.
        if (clock.now().getTime() === before && (await outbox.inFlightOrDue(0)) === 0) return;
      }
    },
    stop: async () => {
      await dispatcher?.stop();
    },
  };
}
