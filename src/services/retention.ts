/**
 * The retention schedule at work: the team's period, the monthly review put to the managers, their
 * decisions (Destroy on the date / Hold / Extend), and the destruction of cases whose Destroy date has come.
 * No Teams and no Mongo types; who may do each thing is `mayGovern`.
 */
import type { AuditLog } from '../db/audit.js';
import { DESTROY_CASE, type CaseDestruction, type DestructionOrder } from '../db/caseDestruction.js';
import { ActionInterrupted, type IntentKind, type Intents } from './intents.js';
import type { ClosedCaseRow, RetentionStore } from '../db/retention.js';
import { compareLocalDates, londonDate, type LocalDate } from '../domain/calendar/localDate.js';
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

/** What the review card lists: every case on the review, or only those needing a decision. */
export type ReviewShown = 'all' | 'undecided';

export interface RetentionReview {
  years: number;
  show: ReviewShown;
  /** The first cases shown (MAX_REVIEW_ITEMS), those needing a decision first. */
  items: ReviewItem[];
  /** Every case on the team's review, and how many of them need a decision. */
  total: number;
  undecided: number;
  /** Undecided cases whose retention date has passed: how many, and the first references. */
  overdue: { count: number; references: string[] };
}

/** One team's undecided cases past their retention date, for its managers' digest. */
export interface OverdueDecisions {
  teamId: string;
  count: number;
  references: string[];
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
  reviewCard(teamId: string, review: RetentionReview): Record<string, unknown>;
}

const REFUSED = "Sorry, only the team's managers and admins can do that.";
const MAX_REVIEW_ITEMS = 25;
const MAX_DIGEST_REFERENCES = 10;

const NEEDS_DECISION_FIRST: Record<ReviewItem['state']['kind'], number> = { undecided: 0, 'destroy-due': 1, held: 1, 'destroy-scheduled': 1 };
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const reviewOrder = (a: ReviewItem['state'], b: ReviewItem['state']) =>
  NEEDS_DECISION_FIRST[a.kind] - NEEDS_DECISION_FIRST[b.kind] || compareLocalDates(a.endsOn, b.endsOn);

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

  /**
   * The sweep of one team: every closed case due for a decision, held, or waiting for its Destroy date. All of
   * them are counted; the first MAX_REVIEW_ITEMS are kept for the card, those needing a decision first, then the
   * soonest end, then the reference, so the card reads the same every month and a long list of held cases
   * cannot push an undecided one off it.
   */
  async review(teamId: string, show: ReviewShown = 'all'): Promise<RetentionReview> {
    const now = this.deps.clock.now();
    const today = londonDate(now);
    const years = await this.deps.store.years(teamId);
    const due: Array<{ row: ClosedCaseRow; state: ReviewItem['state'] }> = [];
    let total = 0;
    for await (const batch of this.deps.store.closedCases(teamId, reviewCutoff(now, years))) {
      for (const { row, record } of batch) {
        const state = retentionState(row, years, record, now, today);
        if (state.kind === 'open' || state.kind === 'kept') continue;
        total++;
        if (show === 'all' || state.kind === 'undecided') due.push({ row, state });
      }
    }
    due.sort((a, b) => reviewOrder(a.state, b.state) || compareText(a.row.reference, b.row.reference));
    const undecided = due.filter((d) => d.state.kind === 'undecided');
    const overdue = undecided.filter((d) => compareLocalDates(d.state.endsOn, today) < 0);
    return {
      years, total, undecided: undecided.length, show,
      items: due.slice(0, MAX_REVIEW_ITEMS).map(({ row, state }) => ({ caseId: row.id, reference: row.reference, area: row.area, closedOn: londonDate(row.closure.closedAt), state })),
      overdue: { count: overdue.length, references: overdue.slice(0, MAX_DIGEST_REFERENCES).map((d) => d.row.reference) },
    };
  }

  async reviewFor(actor: RetentionActor, show: ReviewShown = 'all'): Promise<RetentionOutcome<RetentionReview & { teamId: string }>> {
    if (!mayGovern(actor, 'retention-review')) return { ok: false, message: REFUSED };
    const teamId = this.teamOf(actor);
    return { ok: true, value: { teamId, ...(await this.review(teamId, show)) } };
  }

  /** The reference of a case on the actor's team's review (decided or not), or undefined. */
  async onReview(actor: RetentionActor, caseId: string): Promise<string | undefined> {
    if (!mayGovern(actor, 'retention-review')) return undefined;
    const row = await this.deps.store.closedCase(caseId);
    if (!row || row.teamId !== this.teamOf(actor)) return undefined;
    const state = retentionState(row, await this.deps.store.years(row.teamId), await this.deps.store.record(caseId), this.deps.clock.now());
    return state.kind === 'open' || state.kind === 'kept' ? undefined : row.reference;
  }

  /**
   * For the managers' morning digest: per team, the closed cases whose retention date has passed with no
   * decision recorded (references only: no names), so an undecided case is raised every working day too.
   */
  async overdueDecisions(): Promise<OverdueDecisions[]> {
    const teams: OverdueDecisions[] = [];
    for (const teamId of await this.deps.store.teamsWithClosedCases()) {
      const { overdue } = await this.review(teamId, 'undecided');
      if (overdue.count > 0) teams.push({ teamId, ...overdue });
    }
    return teams;
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
      const review = await this.review(teamId);
      if (review.undecided === 0) continue;
      const card = this.deps.reviewCard(teamId, review);
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
