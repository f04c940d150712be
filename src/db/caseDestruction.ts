/**
 * Destroying a case under the retention schedule: idempotent steps, each removing the case's personal data
 * from one collection, run as one resumable action (src/services/intents.ts), so a crash part-way is finished
 * by a retry or the sweep. What each step removed is counted in `caseDestructions`; the tombstone step writes
 * the audit entry: reference, dates, who decided and counts, no personal data. The audit trail is never touched.
 */
import type { Collection, Db, Document } from 'mongodb';
import type { Clock } from '../domain/clock.js';
import type { AuditLog } from './audit.js';
import type { IntentStep } from '../services/intents.js';
import { MeetingRepository, MeetingVersionConflict } from './meetings.js';
import { SubjectRequestStore } from './subjectRequests.js';
import { removeMentioning } from './mentions.js';
import { meetingCoversCase, withoutDestroyedCase, type DestroyedCase } from '../domain/governance/destruction.js';

export interface DestructionOrder {
  caseId: string;
  decidedBy: { id: string; name: string };
  decidedAt: Date;
  /** The day of destruction (London), shown in the minutes' placeholder. */
  destroyedOn: string;
}

interface Progress {
  _id: string;
  teamId: string;
  reference?: string;
  /** Everyone named on the case: kept only while the destruction runs, to strike them from the minutes. */
  names?: string[];
  openedOn: string;
  closedOn: string;
  decidedBy: { id: string; name: string };
  decidedAt: Date;
  destroyedOn: string;
  done: string[];
  counts: Record<string, number>;
  finishedAt?: Date;
}

type Step = { name: string; run(progress: Progress): Promise<number> };

/** The kind of the recorded action that destroys a case. */
export const DESTROY_CASE = 'case.destroy';

/** The collections holding a case's records by `caseId`, removed whole. */
const BY_CASE_ID: Array<[step: string, collection: string]> = [
  ['meetingActions', 'meetingActions'],
  ['nominations', 'targetGroupNominations'],
  ['reminders', 'reminders'],
  ['referrals', 'victimsMeetingReferrals'],
  ['interventions', 'interventions'],
  ['riskAssessments', 'riskAssessments'],
  ['notes', 'notes'],
  ['incidents', 'incidents'],
];

const dateOnly = (at: Date | undefined) => (at ? at.toISOString().slice(0, 10) : '');

export class CaseDestruction {
  private readonly progress: Collection<Progress>;
  private readonly meetings: MeetingRepository;
  private readonly steps: Step[];

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {
    this.progress = db.collection<Progress>('caseDestructions');
    this.meetings = new MeetingRepository(db);
    this.steps = [
      { name: 'meetings', run: (p) => this.redactMeetings(p) },
      ...BY_CASE_ID.map(([name, collection]) => ({ name, run: async (p: Progress) => (await db.collection(collection).deleteMany({ caseId: p._id })).deletedCount })),
      { name: 'outbox', run: (p) => this.removeMentions(p, 'outbox', { text: 1, card: 1 }) },
      // Recorded multi-step actions keep what they were asked to write (names, addresses) in their payload;
      // a destruction's own records hold only the case id and who decided.
      { name: 'intents', run: (p) => removeMentioning(db, 'intents', this.needles(p), { projection: { payload: 1 }, filter: { kind: { $ne: DESTROY_CASE } } }) },
      { name: 'subjectRequests', run: (p) => new SubjectRequestStore(db).forgetCase(p._id) },
      { name: 'retentionRecord', run: async (p) => (await db.collection('retentionRecords').deleteOne({ _id: p._id as never })).deletedCount },
      { name: 'case', run: async (p) => (await db.collection('cases').deleteOne({ _id: p._id as never })).deletedCount },
      { name: 'tombstone', run: (p) => this.writeTombstone(p) },
    ];
  }

  /**
   * The destruction as the steps of one resumable action (src/services/intents.ts): the first notes what is to
   * be struck out (the reference and names, kept only until the last step), then each removes the case from
   * one collection and counts what went, then the tombstone, then the working notes are cleared.
   */
  get intentSteps(): Array<IntentStep<DestructionOrder>> {
    return [
      { name: 'snapshot', run: (order) => this.snapshot(order) },
      ...this.steps.map((step) => ({ name: step.name, run: (order: DestructionOrder) => this.runStep(order.caseId, step) })),
      { name: 'finish', run: async (order) => { await this.progress.updateOne({ _id: order.caseId }, { $unset: { reference: '', names: '' }, $set: { finishedAt: this.clock.now() } }); } },
    ];
  }

  /** What the destruction removed from each collection, once it has run. */
  async counts(caseId: string): Promise<Record<string, number> | undefined> {
    return (await this.progress.findOne({ _id: caseId }))?.counts;
  }

  private async snapshot(order: DestructionOrder): Promise<void> {
    if (await this.progress.findOne({ _id: order.caseId })) return;
    const found = await this.db.collection('cases').findOne({ _id: order.caseId as never });
    if (!found) return;
    const people = [...(found.victims ?? []), ...(found.perpetrators ?? []), ...(found.witnesses ?? [])] as Array<{ name?: string }>;
    const progress: Progress = {
      _id: order.caseId, teamId: String(found.teamId), reference: String(found.reference), names: people.map((p) => p.name ?? '').filter((n) => n !== ''),
      openedOn: dateOnly(found.createdAt as Date), closedOn: dateOnly((found.closure as { closedAt?: Date } | undefined)?.closedAt),
      decidedBy: order.decidedBy, decidedAt: order.decidedAt, destroyedOn: order.destroyedOn, done: [], counts: {},
    };
    try {
      await this.progress.insertOne(progress);
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
    }
  }

  /** Runs one step unless it ran before (a step run but not yet marked by the intent is not counted twice). */
  private async runStep(caseId: string, step: Step): Promise<void> {
    const progress = await this.progress.findOne({ _id: caseId });
    if (!progress || progress.finishedAt || progress.done.includes(step.name)) return;
    const removed = await step.run(progress);
    await this.progress.updateOne({ _id: caseId }, { $addToSet: { done: step.name }, $set: { [`counts.${step.name}`]: removed } });
  }

  private destroyed(progress: Progress): DestroyedCase {
    return { caseId: progress._id, reference: progress.reference ?? '', names: progress.names ?? [], destroyedOn: progress.destroyedOn };
  }

  private async redactMeetings(progress: Progress): Promise<number> {
    const caseId = progress._id;
    let changed = 0;
    for (const id of await this.meetings.idsCoveringCase(caseId)) {
      for (let attempt = 0; attempt < 5; attempt++) {
        const stored = await this.meetings.get(id);
        if (!stored || !meetingCoversCase(stored.meeting, caseId)) break;
        try {
          await this.meetings.save({ ...stored, meeting: withoutDestroyedCase(stored.meeting, this.destroyed(progress)), version: stored.version + 1 });
          changed++;
          break;
        } catch (error) {
          if (!(error instanceof MeetingVersionConflict)) throw error;
        }
      }
    }
    return changed;
  }

  private needles(progress: Progress): string[] {
    return [progress._id, progress.reference ?? '', ...(progress.names ?? [])];
  }

  /** Outbox messages, sent or not, that mention the case, its reference or anyone on it. */
  private removeMentions(progress: Progress, collection: 'outbox', projection: Document): Promise<number> {
    return removeMentioning(this.db, collection, this.needles(progress), { projection });
  }

  private async writeTombstone(progress: Progress): Promise<number> {
    const existing = await this.audit.forEntity(progress._id);
    if (existing.some((entry) => entry.action === 'destroy' && entry.entity === 'case')) return 0;
    const details: Record<string, number | string> = { openedOn: progress.openedOn, closedOn: progress.closedOn, decidedOn: dateOnly(progress.decidedAt), destroyedOn: progress.destroyedOn };
    for (const [step, count] of Object.entries(progress.counts)) if (step !== 'tombstone') details[`removed.${step}`] = count;
    await this.audit.record({
      at: this.clock.now(), actorId: progress.decidedBy.id, actorName: progress.decidedBy.name, action: 'destroy', entity: 'case', entityId: progress._id,
      ...(progress.reference ? { caseReference: progress.reference } : {}), changedFields: [], teamId: progress.teamId, details,
    });
    return 1;
  }
}
