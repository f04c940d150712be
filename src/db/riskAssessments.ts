/**
 * Victim risk assessments in MongoDB. Every assessment is kept as history (a reassessment is a new record);
 * only an override decision changes an existing one.
 */
import type { Collection, Db } from 'mongodb';
import { riskAssessmentSchema, type RiskAssessment } from '../domain/risk/riskAssessment.js';
import { readsTogether, type ReadsTogether } from './readsTogether.js';

type RiskAssessmentDocument = Omit<RiskAssessment, 'id'> & { _id: string };

const DUPLICATE_KEY = 11000;

function toDocument(value: RiskAssessment): RiskAssessmentDocument {
  const { id, ...rest } = riskAssessmentSchema.parse(value);
  return { _id: id, ...rest };
}

function fromDocument(doc: RiskAssessmentDocument): RiskAssessment {
  const { _id, ...rest } = doc;
  return { id: _id, ...rest };
}

export class RiskAssessmentRepository {
  private readonly collection: Collection<RiskAssessmentDocument>;

  /** Reads that start together with others go as one aggregate (readsTogether.ts). */
  private readonly reads: ReadsTogether;

  constructor(db: Db) {
    this.collection = db.collection<RiskAssessmentDocument>('riskAssessments');
    this.reads = readsTogether(db);
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ caseId: 1, assessedAt: -1 });
  }

  /**
   * Stores a new assessment. The id comes from the form, so the same form submitted twice (a double click)
   * stores one assessment: the second insert returns the first, with `created: false`.
   */
  async insert(value: RiskAssessment): Promise<{ assessment: RiskAssessment; created: boolean }> {
    try {
      await this.collection.insertOne(toDocument(value));
      return { assessment: value, created: true };
    } catch (error) {
      if ((error as { code?: number }).code === DUPLICATE_KEY) {
        const existing = await this.get(value.id);
        if (existing) return { assessment: existing, created: false };
      }
      throw error;
    }
  }

  async get(id: string): Promise<RiskAssessment | undefined> {
    const doc = await this.collection.findOne({ _id: id });
    return doc ? fromDocument(doc) : undefined;
  }

  /**
   * Saves an officer's override (answers and score never change), only if the assessment is still as `read`:
   * no other override, and no manager's decision, was saved in between. False when it was.
   */
  async saveOverride(value: RiskAssessment, read: RiskAssessment): Promise<boolean> {
    const { _id, ...fields } = toDocument(value);
    const unchanged = read.override
      ? { 'override.requestedAt': read.override.requestedAt, 'override.status': read.override.status }
      : { override: { $exists: false } };
    const result = await this.collection.updateOne({ _id, finalLevel: read.finalLevel, ...unchanged }, { $set: { override: fields.override, finalLevel: fields.finalLevel } });
    return result.modifiedCount === 1;
  }

  /**
   * Saves a manager's decision on a lowering that is waiting for one. False when it was no longer waiting
   * (another manager decided first), so a decision is recorded once.
   */
  async saveDecision(value: RiskAssessment): Promise<boolean> {
    const { _id, ...fields } = toDocument(value);
    const result = await this.collection.updateOne(
      { _id, 'override.status': 'pending-manager' },
      { $set: { override: fields.override, finalLevel: fields.finalLevel } },
    );
    return result.modifiedCount === 1;
  }

  /** Every assessment of the case, newest first. */
  async historyForCase(caseId: string): Promise<RiskAssessment[]> {
    return (await this.reads.find(this.collection, { caseId }, { sort: { assessedAt: -1, _id: 1 } })).map(fromDocument);
  }

  async latestForCase(caseId: string): Promise<RiskAssessment | undefined> {
    const doc = await this.collection.find({ caseId }).sort({ assessedAt: -1 }).limit(1).next();
    return doc ? fromDocument(doc) : undefined;
  }
}
