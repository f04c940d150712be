/**
 * The retention schedule at work: the team's period, the monthly review put to the managers, their
 * decisions (Destroy on the date / Hold / Extend), and the destruction of cases whose Destroy date has come.
 * No Teams and no Mongo types; who may do each thing is `mayGovern`.
 */
import type { AuditLog } from '../db/audit.js';
import { DESTROY_CASE, type CaseDestruction, type DestructionOrder } from '../db/caseDestruction.js';
import { ActionInterrupted, type IntentKind, type Intents } from './intents.js';
import type { RetentionStore } from '../db/retention.js';
import { londonDate, type LocalDate } from '../domain/calendar/localDate.js';
import type { Clock } from '../domain/clock.js';
import type { Actor } from '../domain/access/index.js';
import { mayGovern } from '../domain/governance/governors.js';
import { decide, retentionState, reviewCutoff, type RetentionState } from '../domain/governance/retention.js';
import type { Outbox } from '../reminders/ports.js';

export type RetentionActor = Actor;

/** One case in the review: reference, area and dates only, so the card is safe wherever it is shown. */
export interface ReviewItem {
  caseId: string;
  reference: string;
  area: string;
  closedOn: LocalDate;
  state: Exclude<RetentionState, { kind: 'open' } | { kind: 'kept' }>;
}

export type DecisionChoice = Parameters<typeof decide>[3];
export type RetentionOutcome<T> = { ok: true; value: T } | { ok: false; message: string };

export interface RetentionServiceDeps {
  store: RetentionStore;
  destruction: CaseDestruction;
  /** Destruction runs as one resumable action; a crash part-way is finished by the intents sweep. */
  intents: Intents;
  audit: AuditLog;
  clock: Clock;
  outbox: Outbox;
  /** The team's managers, who get the monthly review (from the roster). */
  managersOf(teamId: string): Promise<Array<{ tenantId: string; id: string }>>;
  /** Renders the review card for the outbox (a port, so this service knows nothing of Teams). */
  reviewCard(teamId: string, items: ReviewItem[], years: number): Record<string, unknown>;
}

const REFUSED = "Sorry, only the team's managers and admins can do that.";
const MAX_REVIEW_ITEMS = 25;

export class RetentionService {
  private readonly destroying: IntentKind<DestructionOrder>;

  constructor(private readonly deps: RetentionServiceDeps) {
    this.destroying = deps.intents.define(DESTROY_CASE, deps.destruction.intentSteps);
  }

  private teamOf(actor: RetentionActor): string {
    return actor.teamId ?? actor.id;
  }

  async period(actor: RetentionActor): Promise<RetentionOutcome<{ teamId: string; years: number }>> {
    if (!mayGovern(actor, 'retention-setting')) return { ok: false, message: REFUSED };
    const teamId = this.teamOf(actor);
    return { ok: true, value: { teamId, years: await this.deps.store.years(teamId) } };
  }

  async setPeriod(actor: RetentionActor, years: number): Promise<RetentionOutcome<{ teamId: string; years: number }>> {
    if (!mayGovern(actor, 'retention-setting')) return { ok: false, message: REFUSED };
    const teamId = this.teamOf(actor);
    const now = this.deps.clock.now();
    await this.deps.store.setYears(teamId, years, actor.id, now);
    await this.deps.audit.record({ at: now, actorId: actor.id, actorName: actor.name, action: 'update', entity: 'retention', entityId: teamId, changedFields: ['years'], teamId, details: { years } });
    return { ok: true, value: { teamId, years } };
  }

  /** The team's cases due for a decision, held, or waiting for their Destroy date. */
  async review(teamId: string): Promise<{ years: number; items: ReviewItem[] }> {
    const now = this.deps.clock.now();
    const years = await this.deps.store.years(teamId);
    const candidates = await this.deps.store.closedCases(teamId, reviewCutoff(now, years));
    const records = await this.deps.store.recordsFor(candidates.map((c) => c.id));
    const items: ReviewItem[] = [];
    for (const row of candidates) {
      const state = retentionState(row, years, records.get(row.id), now);
      if (state.kind === 'open' || state.kind === 'kept') continue;
      items.push({ caseId: row.id, reference: row.reference, area: row.area, closedOn: londonDate(row.closure.closedAt), state });
    }
    // Soonest end first; cases ending the same day in reference order, so the card reads the same every month.
    items.sort((a, b) => (a.state.endsOn < b.state.endsOn ? -1 : a.state.endsOn > b.state.endsOn ? 1 : a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0));
    return { years, items: items.slice(0, MAX_REVIEW_ITEMS) };
  }

  async reviewFor(actor: RetentionActor): Promise<RetentionOutcome<{ teamId: string; years: number; items: ReviewItem[] }>> {
    if (!mayGovern(actor, 'retention-review')) return { ok: false, message: REFUSED };
    const teamId = this.teamOf(actor);
    return { ok: true, value: { teamId, ...(await this.review(teamId)) } };
  }

  /** Records a manager's decision on one case of their own team. */
  async decide(actor: RetentionActor, caseId: string, choice: DecisionChoice): Promise<RetentionOutcome<{ reference: string }>> {
    if (!mayGovern(actor, 'retention-review')) return { ok: false, message: REFUSED };
    const now = this.deps.clock.now();
    const found = await this.deps.store.closedCase(caseId);
    if (!found || actor.teamId !== found.teamId) return { ok: false, message: 'That case is no longer closed, or is not one of your team’s.' };
    const years = await this.deps.store.years(found.teamId);
    const record = decide(found, years, await this.deps.store.record(caseId), choice, { id: actor.id, name: actor.name }, now);
    if (!record) return { ok: false, message: 'That case is no longer closed.' };
    await this.deps.store.saveRecord(record);
    await this.deps.audit.record({
      at: now, actorId: actor.id, actorName: actor.name, action: 'decide', entity: 'retention', entityId: caseId, caseReference: found.reference,
      changedFields: [choice.kind === 'extend' ? 'extendedYears' : 'decision'], teamId: found.teamId, details: { decision: choice.kind, ...(choice.kind === 'extend' ? { years: choice.years } : {}) },
    });
    return { ok: true, value: { reference: found.reference } };
  }

  /** The monthly review: each team's undecided cases, in one card to each of its managers. */
  async sendMonthlyReviews(): Promise<number> {
    const month = this.deps.clock.now().toISOString().slice(0, 7);
    let sent = 0;
    for (const teamId of await this.deps.store.teamsWithClosedCases()) {
      const { years, items } = await this.review(teamId);
      if (!items.some((item) => item.state.kind === 'undecided')) continue;
      const card = this.deps.reviewCard(teamId, items, years);
      for (const manager of await this.deps.managersOf(teamId)) {
        await this.deps.outbox.enqueue({ key: `retention-review:${teamId}:${month}:${manager.id}`, to: { kind: 'user', tenantId: manager.tenantId, aadObjectId: manager.id }, card });
        sent++;
      }
    }
    return sent;
  }

  /** Destroys a case (or finishes its destruction); what was removed from each collection. */
  async destroy(order: DestructionOrder): Promise<Record<string, number> | undefined> {
    await this.deps.intents.run(this.destroying, order.caseId, () => order);
    return this.deps.destruction.counts(order.caseId);
  }

  /** Destroys every case whose Destroy date has come. */
  async destroyDue(): Promise<number> {
    const now = this.deps.clock.now();
    const today = londonDate(now);
    let destroyed = 0;
    for (const caseId of await this.deps.store.destroyDecisionsDue(today)) {
      const record = await this.deps.store.record(caseId);
      const row = await this.deps.store.closedCase(caseId);
      // A case reopened since the decision is not destroyed: the decision was for an earlier closure.
      if (!record || !row || retentionState(row, await this.deps.store.years(row.teamId), record, now).kind !== 'destroy-due') continue;
      try {
        await this.destroy({ caseId, decidedBy: record.decidedBy!, decidedAt: record.decidedAt!, destroyedOn: today });
        destroyed++;
      } catch (error) {
        // Recorded: the intents sweep finishes it; the other cases due today still go.
        if (!(error instanceof ActionInterrupted)) throw error;
      }
    }
    return destroyed;
  }
}
