/**
 * Reminders in MongoDB: one record per obligation being chased (keyed by the feature's key), holding when the
 * next notice is due. The planner finds due ones through the { status, nextNoticeAt } index.
 */
import type { Collection, Db } from 'mongodb';
import { z } from 'zod';
import { localDateSchema, type LocalDate } from '../domain/calendar/localDate.js';
import { deadlineKindSchema } from '../domain/deadlines/deadline.js';
import type { Clock } from '../domain/clock.js';
import type { ReminderRequest, Reminders } from '../reminders/ports.js';
import { readsTogether, type ReadsTogether } from './readsTogether.js';

export const reminderStatuses = ['open', 'done', 'cancelled'] as const;

const recipientSchema = z.object({ tenantId: z.string().min(1), aadObjectId: z.string().min(1) });

export const reminderRequestSchema = z.object({
  key: z.string().min(1).max(200),
  kind: deadlineKindSchema,
  label: z.string().min(1).max(300),
  dueDate: localDateSchema,
  recipient: recipientSchema,
  caseId: z.string().min(1).optional(),
  caseReference: z.string().min(1).optional(),
  doneAction: z.object({ verb: z.string().min(1), data: z.record(z.string(), z.string()) }).optional(),
});

export interface ReminderRecord extends Omit<ReminderRequest, 'key'> {
  _id: string;
  status: (typeof reminderStatuses)[number];
  /** Set by Snooze: the next notice goes on this day instead. */
  snoozedUntil?: LocalDate;
  /** When the next notice should go; absent when none is left (it is then only in digests). */
  nextNoticeAt?: Date;
  /** Ids of the notices already queued (see domain/reminders/notices.ts), so a notice is never queued twice. */
  noticesQueued: string[];
  escalatedOn?: LocalDate;
  createdAt: Date;
  updatedAt: Date;
  closedAt?: Date;
}

/** Computes a reminder's next notice instant (after the ones already queued); injected so the store stays storage-only. */
export type NoticePlanner = (reminder: Pick<ReminderRecord, 'dueDate' | 'snoozedUntil' | 'noticesQueued'>) => Date | undefined;

export class ReminderStore implements Reminders {
  readonly collection: Collection<ReminderRecord>;

  /** Reads that start together with others go as one aggregate (readsTogether.ts). */
  private readonly reads: ReadsTogether;

  constructor(
    db: Db,
    private readonly clock: Clock,
    private readonly nextNotice: NoticePlanner,
  ) {
    this.collection = db.collection<ReminderRecord>('reminders');
    this.reads = readsTogether(db);
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ status: 1, nextNoticeAt: 1 });
    await this.collection.createIndex({ 'recipient.aadObjectId': 1, status: 1, dueDate: 1 });
    await this.collection.createIndex({ status: 1, dueDate: 1 });
    await this.collection.createIndex({ caseId: 1, status: 1 });
  }

  async schedule(request: ReminderRequest): Promise<void> {
    const { key, ...fields } = reminderRequestSchema.parse(request);
    const now = this.clock.now();
    const existing = await this.collection.findOne({ _id: key });
    const sameDue = existing?.status === 'open' && existing.dueDate === fields.dueDate;
    const noticesQueued = sameDue ? existing.noticesQueued : [];
    const snoozedUntil = sameDue ? existing.snoozedUntil : undefined;
    const nextNoticeAt = this.nextNotice({ dueDate: fields.dueDate, snoozedUntil, noticesQueued });
    await this.collection.updateOne(
      { _id: key },
      {
        $set: { ...fields, status: 'open', noticesQueued, updatedAt: now, ...(nextNoticeAt ? { nextNoticeAt } : {}), ...(snoozedUntil ? { snoozedUntil } : {}) },
        $unset: { closedAt: '', ...(nextNoticeAt ? {} : { nextNoticeAt: '' }), ...(snoozedUntil ? {} : { snoozedUntil: '' }), ...(sameDue ? {} : { escalatedOn: '' }) },
        $setOnInsert: { createdAt: now },
      },
      { upsert: true },
    );
  }

  async get(key: string): Promise<ReminderRecord | null> {
    return this.collection.findOne({ _id: key });
  }

  complete(key: string): Promise<void> {
    return this.close({ _id: key }, 'done');
  }

  cancel(key: string): Promise<void> {
    return this.close({ _id: key }, 'cancelled');
  }

  cancelForCase(caseId: string): Promise<void> {
    return this.close({ caseId }, 'cancelled');
  }

  private async close(filter: { _id: string } | { caseId: string }, status: 'done' | 'cancelled'): Promise<void> {
    const now = this.clock.now();
    await this.collection.updateMany({ ...filter, status: 'open' }, { $set: { status, closedAt: now, updatedAt: now }, $unset: { nextNoticeAt: '' } });
  }

  /** The case has a new officer: its open reminders go to them from now on. */
  async moveCaseTo(caseId: string, recipient: { tenantId: string; aadObjectId: string }): Promise<void> {
    await this.collection.updateMany({ caseId, status: 'open' }, { $set: { recipient, updatedAt: this.clock.now() } });
  }

  /** Moves the next notice to the morning of `until`. */
  async snooze(key: string, until: LocalDate): Promise<ReminderRecord | null> {
    const current = await this.collection.findOne({ _id: key, status: 'open' });
    if (!current) return null;
    const nextNoticeAt = this.nextNotice({ dueDate: current.dueDate, snoozedUntil: until, noticesQueued: current.noticesQueued });
    return this.collection.findOneAndUpdate(
      { _id: key, status: 'open' },
      { $set: { snoozedUntil: until, updatedAt: this.clock.now(), ...(nextNoticeAt ? { nextNoticeAt } : {}) }, ...(nextNoticeAt ? {} : { $unset: { nextNoticeAt: '' } }) },
      { returnDocument: 'after' },
    );
  }

  /** Open reminders whose next notice is due, oldest first. */
  async dueForNotice(now: Date, limit: number): Promise<ReminderRecord[]> {
    return this.collection.find({ status: 'open', nextNoticeAt: { $lte: now } }).sort({ nextNoticeAt: 1 }).limit(limit).toArray();
  }

  /**
   * Records that these notices were queued (none when the stored next notice was stale) and moves on to the next
   * one. Conditional on the next notice being the one read, so two planners never both advance the same
   * reminder; false when another got there first.
   */
  async recordNotices(reminder: ReminderRecord, noticeIds: string[]): Promise<boolean> {
    const noticesQueued = [...reminder.noticesQueued, ...noticeIds];
    const nextNoticeAt = this.nextNotice({ dueDate: reminder.dueDate, snoozedUntil: reminder.snoozedUntil, noticesQueued });
    const result = await this.collection.updateOne(
      { _id: reminder._id, status: 'open', nextNoticeAt: reminder.nextNoticeAt },
      { $set: { noticesQueued, ...(nextNoticeAt ? { nextNoticeAt } : {}) }, ...(nextNoticeAt ? {} : { $unset: { nextNoticeAt: '' } }) },
    );
    return result.modifiedCount === 1;
  }

  /** A person's open reminders due on or before a day, earliest first. */
  async openFor(recipientAadObjectId: string, dueOnOrBefore: LocalDate, limit = 50): Promise<ReminderRecord[]> {
    return this.collection
      .find({ 'recipient.aadObjectId': recipientAadObjectId, status: 'open', dueDate: { $lte: dueOnOrBefore } })
      .sort({ dueDate: 1 })
      .limit(limit)
      .toArray();
  }

  /** Every open reminder of a case, whoever it is for, earliest due first. */
  async openForCase(caseId: string, limit = 100): Promise<ReminderRecord[]> {
    return this.reads.find(this.collection, { caseId, status: 'open' }, { sort: { dueDate: 1, label: 1 }, limit });
  }

  /**
   * The earliest open reminder of each of these cases, in one query (a case list sorted by next deadline
   * would otherwise ask once per case); cases with none are absent.
   */
  async nextOpenForCases(caseIds: readonly string[]): Promise<Map<string, ReminderRecord>> {
    const next = new Map<string, ReminderRecord>();
    if (caseIds.length === 0) return next;
    // Picked here rather than sorted by the server: the open reminders of a caseload are few, and unsorted they stream.
    const before = (a: ReminderRecord, b: ReminderRecord) => a.dueDate < b.dueDate || (a.dueDate === b.dueDate && a.label < b.label);
    const open = this.collection.find({ caseId: { $in: [...caseIds] }, status: 'open' }, { batchSize: 1000 });
    for await (const reminder of open) {
      const current = reminder.caseId ? next.get(reminder.caseId) : undefined;
      if (reminder.caseId && (!current || before(reminder, current))) next.set(reminder.caseId, reminder);
    }
    return next;
  }

  /** Open reminders due before a day and not yet escalated. */
  async overdueNotEscalated(dueBefore: LocalDate, limit: number): Promise<ReminderRecord[]> {
    return this.collection.find({ status: 'open', dueDate: { $lt: dueBefore }, escalatedOn: { $exists: false } }).sort({ dueDate: 1 }).limit(limit).toArray();
  }

  async markEscalated(key: string, today: LocalDate): Promise<boolean> {
    const result = await this.collection.updateOne({ _id: key, status: 'open', escalatedOn: { $exists: false } }, { $set: { escalatedOn: today } });
    return result.modifiedCount === 1;
  }

  /** Everyone with an open reminder due on or before a day: the digest's recipients. */
  async recipientsWithOpenDue(dueOnOrBefore: LocalDate): Promise<Array<{ tenantId: string; aadObjectId: string }>> {
    const rows = await this.collection
      .aggregate<{ _id: { tenantId: string; aadObjectId: string } }>([
        { $match: { status: 'open', dueDate: { $lte: dueOnOrBefore } } },
        { $group: { _id: { tenantId: '$recipient.tenantId', aadObjectId: '$recipient.aadObjectId' } } },
      ])
      .toArray();
    return rows.map((row) => row._id);
  }
}
