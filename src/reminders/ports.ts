/**
 * What features use to reach people later. `Reminders` chases a dated obligation (a deadline) until it is done;
 * `Outbox` delivers one proactive message exactly once, throttled and retried. Both are stored in MongoDB, so
 * nothing is lost across a restart.
 */
import type { LocalDate } from '../domain/calendar/localDate.js';
import type { DeadlineKind } from '../domain/deadlines/deadline.js';

/** A person, by their Entra ID object id in their organisation. */
export interface Recipient {
  tenantId: string;
  aadObjectId: string;
}

/** Where a proactive message goes: a person's personal chat with the bot, or a conversation the bot is in (e.g. a channel). */
export type Destination = ({ kind: 'user' } & Recipient) | { kind: 'conversation'; conversationId: string };

export interface OutboundMessage {
  /** Idempotency key: enqueueing the same key twice delivers once. */
  key: string;
  to: Destination;
  text?: string;
  /** An Adaptive Card (already rendered JSON). */
  card?: Record<string, unknown>;
  /** Not delivered before this instant (default: now). */
  notBefore?: Date;
}

export interface Outbox {
  enqueue(message: OutboundMessage): Promise<void>;
}

/** How many messages this instance's turns sent to a tenant in the last second (proactive sends leave them room). */
export interface TurnReplies {
  lastSecond(tenantId: string): number;
}

/** A card action a feature owns, e.g. the form that records a warning's outcome. */
export interface FeatureAction {
  verb: string;
  data: Record<string, string>;
}

export interface ReminderRequest {
  /** What is being chased, e.g. `intervention:<id>:monitoring-end`. Scheduling the same key again moves it. */
  key: string;
  kind: DeadlineKind;
  /** What to do, in plain English (shown on the reminder card). */
  label: string;
  dueDate: LocalDate;
  recipient: Recipient;
  caseId?: string;
  caseReference?: string;
  /**
   * When set, "Done" opens this feature's card (e.g. to record an outcome) instead of closing the reminder;
   * that feature then calls `Reminders.complete(key)`.
   */
  doneAction?: FeatureAction;
}

export interface Reminders {
  /** Creates or moves the reminder for `request.key`; a done or cancelled one is opened again. */
  schedule(request: ReminderRequest): Promise<void>;
  /** The obligation is met: no more reminders. */
  complete(key: string): Promise<void>;
  /** The obligation no longer exists (e.g. superseded). */
  cancel(key: string): Promise<void>;
  /** The case closed: every pending reminder on it stops. */
  cancelForCase(caseId: string): Promise<void>;
}

/**
 * Who hears of what goes wrong: the managers of the ASB team a reminder belongs to (its case's team, else its
 * recipient's), never a global list, so one team's escalations never reach another team's managers.
 */
export interface Escalations {
  /** The managers of this team. */
  managersOf(teamId: string): Promise<Recipient[]>;
  /** The managers of the team of a reminder: its case's team, or else its recipient's. */
  managersFor(about: { caseId?: string; recipient: Recipient }): Promise<Recipient[]>;
}

/** For tools that run the reminder engine on its own: nobody to escalate to. */
export const noEscalations: Escalations = { managersOf: async () => [], managersFor: async () => [] };

/**
 * Closed cases past their retention date with no decision recorded (Destroy, Hold or Extend), per team: the
 * managers' digest raises them every working day until decided (references only, never names).
 */
export interface RetentionDecisionsDue {
  overdueDecisions(): Promise<Array<{ teamId: string; count: number; references: string[] }>>;
}
