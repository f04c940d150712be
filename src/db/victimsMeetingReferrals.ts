/**
 * The "refer to the victims' multi-agency meeting" steps in MongoDB, one per high-risk assessment that
 * started one (keyed by the assessment id). A step is recorded once: the write only applies while it is to do.
 */
import type { Collection, Db } from 'mongodb';
import { victimsMeetingReferralSchema, type VictimsMeetingReferral } from '../domain/risk/victimsMeetingReferral.js';
import { readsTogether, type ReadsTogether } from './readsTogether.js';

/** A step as kept: when it was added and, once recorded, when. */
export type StoredReferral = VictimsMeetingReferral & { addedAt: Date; recordedAt?: Date };

type ReferralDocument = Omit<StoredReferral, 'assessmentId'> & { _id: string };

const DUPLICATE_KEY = 11000;

function fromDocument(doc: ReferralDocument): StoredReferral {
  const { _id, addedAt, recordedAt, ...rest } = doc;
  return { ...victimsMeetingReferralSchema.parse({ ...rest, assessmentId: _id }), addedAt, ...(recordedAt ? { recordedAt } : {}) };
}

export class VictimsMeetingReferralRepository {
  private readonly collection: Collection<ReferralDocument>;

  /** Reads that start together with others go as one aggregate (readsTogether.ts). */
  private readonly reads: ReadsTogether;

  constructor(db: Db) {
    this.collection = db.collection<ReferralDocument>('victimsMeetingReferrals');
    this.reads = readsTogether(db);
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ caseId: 1, victimId: 1, addedAt: -1 });
  }

  /** Adds a to-do step; adding the same assessment's step again changes nothing. */
  async add(step: VictimsMeetingReferral, at: Date): Promise<void> {
    const { assessmentId, ...rest } = victimsMeetingReferralSchema.parse(step);
    try {
      await this.collection.insertOne({ _id: assessmentId, ...rest, addedAt: at });
    } catch (error) {
      if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
    }
  }

  async get(assessmentId: string): Promise<StoredReferral | undefined> {
    const doc = await this.collection.findOne({ _id: assessmentId });
    return doc ? fromDocument(doc) : undefined;
  }

  /** Every step on the case, newest first. */
  async forCase(caseId: string): Promise<StoredReferral[]> {
    return (await this.reads.find(this.collection, { caseId }, { sort: { addedAt: -1, _id: 1 } })).map(fromDocument);
  }

  /** Records the outcome of a to-do step. False when it had already been recorded (e.g. by a second click). */
  async record(step: VictimsMeetingReferral, at: Date): Promise<boolean> {
    const { assessmentId, ...rest } = victimsMeetingReferralSchema.parse(step);
    const result = await this.collection.updateOne({ _id: assessmentId, status: 'to-do' }, { $set: { ...rest, recordedAt: at } });
    return result.modifiedCount === 1;
  }
}
