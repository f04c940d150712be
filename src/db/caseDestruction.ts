/**
 * Destroying a case under the retention schedule: a list of idempotent steps, each removing the case's
 * personal data from one collection, re-run until every step reports done. Progress is kept in
 * `caseDestructions`, so a crash part-way resumes where it stopped (the integrity issue's one resume
 * mechanism can take these steps over as they are). The last step writes the audit tombstone: reference,
 * dates, who decided and counts, no personal data. The audit trail itself is never touched.
 */
import type { Collection, Db, Document } from 'mongodb';
import type { Clock } from '../domain/clock.js';
import type { AuditLog } from './audit.js';
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
      // Recorded multi-step actions keep what they were asked to write (names, addresses) in their payload.
      { name: 'intents', run: (p) => this.removeMentions(p, 'intents', { payload: 1 }) },
      { name: 'subjectRequests', run: (p) => new SubjectRequestStore(db).forgetCase(p._id) },
      { name: 'retentionRecord', run: async (p) => (await db.collection('retentionRecords').deleteOne({ _id: p._id as never })).deletedCount },
      { name: 'case', run: async (p) => (await db.collection('cases').deleteOne({ _id: p._id as never })).deletedCount },
      { name: 'tombstone', run: (p) => this.writeTombstone(p) },
    ];
  }

  /** The step names, in the order they run. */
  get stepNames(): string[] {
    return this.steps.map((step) => step.name);
  }

  /** Starts (or resumes) the destruction of a case; returns the counts removed, or undefined if there is no such case. */
  async destroy(order: DestructionOrder, failAfterStep?: string): Promise<Record<string, number> | undefined> {
    let progress = await this.progress.findOne({ _id: order.caseId });
    if (!progress) {
      const found = await this.db.collection('cases').findOne({ _id: order.caseId as never });
      if (!found) return undefined;
      const people = [...(found.victims ?? []), ...(found.perpetrators ?? []), ...(found.witnesses ?? [])] as Array<{ name?: string }>;
      progress = {
        _id: order.caseId, teamId: String(found.teamId), reference: String(found.reference), names: people.map((p) => p.name ?? '').filter((n) => n !== ''),
        openedOn: dateOnly(found.createdAt as Date), closedOn: dateOnly((found.closure as { closedAt?: Date } | undefined)?.closedAt),
        decidedBy: order.decidedBy, decidedAt: order.decidedAt, destroyedOn: order.destroyedOn, done: [], counts: {},
      };
      try {
        await this.progress.insertOne(progress);
      } catch (error) {
        if ((error as { code?: number }).code !== 11000) throw error;
        progress = (await this.progress.findOne({ _id: order.caseId }))!;
      }
    }
    return this.resume(progress, failAfterStep);
  }

  /** Destructions started and not finished (a crash, a restart): the job resumes them. */
  async unfinished(): Promise<string[]> {
    return (await this.progress.find({ finishedAt: { $exists: false } }, { projection: { _id: 1 } }).toArray()).map((p) => p._id);
  }

  async resumeUnfinished(): Promise<number> {
    const ids = await this.unfinished();
    for (const id of ids) {
      const progress = await this.progress.findOne({ _id: id });
      if (progress) await this.resume(progress);
    }
    return ids.length;
  }

  private async resume(progress: Progress, failAfterStep?: string): Promise<Record<string, number>> {
    if (progress.finishedAt) return progress.counts;
    const counts = progress.counts;
    for (const step of this.steps) {
      if (progress.done.includes(step.name)) continue;
      const removed = await step.run(progress);
      counts[step.name] = (counts[step.name] ?? 0) + removed;
      await this.progress.updateOne({ _id: progress._id }, { $addToSet: { done: step.name }, $set: { [`counts.${step.name}`]: counts[step.name] } });
      if (failAfterStep === step.name) throw new Error(`fault injected after ${step.name}`);
    }
    await this.progress.updateOne({ _id: progress._id }, { $unset: { reference: '', names: '' }, $set: { finishedAt: this.clock.now() } });
    return counts;
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

  /** Documents (outbox messages sent or not, recorded actions) that mention the case, its reference or anyone on it. */
  private removeMentions(progress: Progress, collection: 'outbox' | 'intents', projection: Document): Promise<number> {
    return removeMentioning(this.db, collection, [progress._id, progress.reference ?? '', ...(progress.names ?? [])], { projection });
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
