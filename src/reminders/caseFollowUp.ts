/**
 * Keeps a case's reminders in step with the case: agreed victim updates are chased from the day the case opens
 * (or the victim is added); reassigning moves every open reminder to the new officer; closing stops them all.
 * Done on a recurring obligation (a case review, a victim update) sets the next one. The officer is told when a
 * victim reaches the ASB Case Review threshold.
 */
import type { CaseRepository } from '../db/cases.js';
import { londonDate, type LocalDate } from '../domain/calendar/localDate.js';
import type { WorkingCalendar } from '../domain/calendar/workingCalendar.js';
import { tenantOf, type Case } from '../domain/cases/case.js';
import type { Clock } from '../domain/clock.js';
import { nextCaseReview } from '../domain/deadlines/deadlineDates.js';
import { victimUpdateDeadline } from '../domain/deadlines/riskDeadlines.js';
import type { VictimCaseReview } from '../domain/cases/caseReview.js';
import type { CaseChange } from '../services/caseFile.js';
import { caseReviewThresholdCard } from '../teams/reminders/cards.js';
import type { Outbox } from './ports.js';
import type { ReminderRecord, ReminderStore } from '../db/reminders.js';
import { riskReminderKey } from './riskFollowUp.js';
import type { Visit } from '../domain/visits/visit.js';
import type { UpdateFrequency } from '../domain/updateFrequency.js';
import type { AuditLog } from '../db/audit.js';
import type { IntentKind, Intents } from '../services/intents.js';
import type { ReminderRequest } from './ports.js';

export interface CaseFollowUpDeps {
  reminders: ReminderStore;
  outbox: Outbox;
  cases: Pick<CaseRepository, 'get'>;
  calendar: WorkingCalendar;
  clock: Clock;
  audit: Pick<AuditLog, 'record'>;
  intents: Intents;
}

/** Done on one occurrence of a reminder: closing it, its audit entry and the next occurrence, as one intent. */
interface DoneIntent {
  key: string;
  reminderId: string;
  actor: { id: string; name: string };
  caseReference?: string;
  next?: ReminderRequest;
}

/** What Done did: nothing (it was already closed), or closed it and perhaps set the next one. */
export type DoneResult = { answered: false; status: 'done' | 'cancelled' } | { answered: true; next?: LocalDate };

export const victimUpdateKey = (caseId: string, victimId: string) => `victim-update:${caseId}:${victimId}`;

// Cases belong to one organisation's ASB team; its id is the tenant id (see teams/cases/officer.ts).
const ownerOf = (current: Case) => ({ tenantId: tenantOf(current), aadObjectId: current.ownerId });

export class CaseFollowUp {
  private readonly doing: IntentKind<DoneIntent>;

  constructor(private readonly deps: CaseFollowUpDeps) {
    this.doing = deps.intents.define<DoneIntent>('reminder.done', [
      { name: 'complete', run: ({ reminderId }) => this.deps.reminders.complete(reminderId) },
      {
        name: 'audit',
        run: ({ key, reminderId, actor, caseReference }) =>
          this.deps.audit.record(
            { at: this.deps.clock.now(), actorId: actor.id, actorName: actor.name, action: 'update', entity: 'reminder', entityId: reminderId, caseReference, changedFields: ['status'] },
            `reminder.done:${key}`,
          ),
      },
      { name: 'next', run: async ({ next }) => void (next && (await this.deps.reminders.schedule(next))) },
    ]);
  }

  /**
   * Done on a reminder: it is closed and, for a recurring obligation (a case review, a victim update), the next
   * one is set. A second press on the same occurrence finishes an interrupted Done and changes nothing else.
   */
  async markDone(reminder: ReminderRecord, actor: { id: string; name: string }): Promise<DoneResult> {
    const key = `${reminder._id}@${reminder.dueDate}`;
    if (reminder.status !== 'open') {
      const finished = await this.deps.intents.resume(this.doing, key);
      return finished ? { answered: true, ...(finished.next ? { next: finished.next.dueDate } : {}) } : { answered: false, status: reminder.status };
    }
    const { payload } = await this.deps.intents.run(this.doing, key, async () => {
      const next = await this.nextOf(reminder);
      return { key, reminderId: reminder._id, actor, ...(reminder.caseReference ? { caseReference: reminder.caseReference } : {}), ...(next ? { next } : {}) };
    });
    return { answered: true, ...(payload.next ? { next: payload.next.dueDate } : {}) };
  }

  /** CaseFile calls this after each saved change. */
  readonly onCaseChanged = async (change: CaseChange): Promise<void> => {
    const { reminders } = this.deps;
    switch (change.kind) {
      case 'closed':
        return reminders.cancelForCase(change.case.id);
      case 'assigned':
        await reminders.moveCaseTo(change.case.id, ownerOf(change.case));
        return;
      case 'opened':
      case 'reopened':
      case 'person-added':
        return this.chaseVictimUpdates(change.case);
      case 'case-review-threshold':
        return this.tellOwnerOfCaseReview(change.case, change.victim);
    }
  };

  /** The owner hears once per victim that the Case Review threshold is met (the case card shows the flag too). */
  private async tellOwnerOfCaseReview(current: Case, victim: VictimCaseReview): Promise<void> {
    await this.deps.outbox.enqueue({
      key: `case-review-threshold:${current.id}:${victim.victimId}`,
      to: { kind: 'user', ...ownerOf(current) },
      card: caseReviewThresholdCard(current, victim),
    });
  }

  /** Schedules the agreed update for every victim who has a frequency and no open update reminder yet. */
  private async chaseVictimUpdates(current: Case): Promise<void> {
    const today = londonDate(this.deps.clock.now());
    for (const victim of current.victims) {
      if (!victim.updateFrequency) continue;
      const key = victimUpdateKey(current.id, victim.id);
      if ((await this.deps.reminders.get(key))?.status === 'open') continue;
      await this.scheduleVictimUpdate(current, victim, victim.updateFrequency, today);
    }
  }

  private async scheduleVictimUpdate(current: Case, victim: { id: string; name: string }, frequency: UpdateFrequency, from: LocalDate): Promise<void> {
    const deadline = victimUpdateDeadline(current.id, victim.id, frequency, from, this.deps.calendar);
    await this.deps.reminders.schedule({
      key: victimUpdateKey(current.id, victim.id), kind: 'victim-update', label: `Update ${victim.name} (agreed ${frequency})`, dueDate: deadline.dueDate,
      recipient: ownerOf(current), caseId: current.id, caseReference: current.reference,
    });
  }

  /**
   * A visit was recorded: the victim's first visit is done, and the update agreed at the visit is chased from the
   * visit date (replacing any update chased before).
   */
  async afterVisit(current: Case, visit: Pick<Visit, 'victimId' | 'visitedOn' | 'seen' | 'agreedContact'>): Promise<void> {
    if (visit.seen) await this.deps.reminders.complete(riskReminderKey(current.id, 'first-visit', visit.victimId));
    const victim = current.victims.find((v) => v.id === visit.victimId);
    if (!victim || !visit.agreedContact || current.status === 'closed') return;
    await this.scheduleVictimUpdate(current, victim, visit.agreedContact.frequency, visit.visitedOn);
  }

  /** The next case review (at the case's risk level) or agreed victim update after this one is done. */
  private async nextOf(reminder: ReminderRecord): Promise<ReminderRequest | undefined> {
    if (!reminder.caseId || (reminder.kind !== 'case-review' && reminder.kind !== 'victim-update')) return undefined;
    const current = await this.deps.cases.get(reminder.caseId);
    if (!current || current.status === 'closed') return undefined;
    const next = this.nextOccurrence(reminder, current, londonDate(this.deps.clock.now()));
    if (!next) return undefined;
    const { kind, label, caseId, caseReference, doneAction } = reminder;
    return { key: reminder._id, kind, label, caseId, recipient: ownerOf(current), dueDate: next, ...(caseReference ? { caseReference } : {}), ...(doneAction ? { doneAction } : {}) };
  }

  private nextOccurrence(reminder: ReminderRecord, current: Case, today: LocalDate): LocalDate | undefined {
    if (reminder.kind === 'case-review' && current.riskLevel && reminder._id === riskReminderKey(current.id, 'case-review')) {
      return nextCaseReview(current.riskLevel, today, undefined, this.deps.calendar);
    }
    const victim = current.victims.find((v) => reminder._id === victimUpdateKey(current.id, v.id));
    if (reminder.kind === 'victim-update' && victim?.updateFrequency) {
      return victimUpdateDeadline(current.id, victim.id, victim.updateFrequency, today, this.deps.calendar).dueDate;
    }
    return undefined;
  }
}
