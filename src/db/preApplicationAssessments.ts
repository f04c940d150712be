/** Pre-application risk assessments (Crime and Policing Act 2026 orders), one document each, by case and person. */
import type { Collection, Db } from 'mongodb';
import { preApplicationAssessmentSchema, type PreApplicationAssessment } from '../domain/interventions/preApplication.js';
import { fromStored, toStored, type Stored } from './stored.js';

const DUPLICATE_KEY = 11000;

export class PreApplicationAssessmentRepository {
  private readonly collection: Collection<Stored<PreApplicationAssessment>>;

  constructor(db: Db) {
    this.collection = db.collection<Stored<PreApplicationAssessment>>('preApplicationAssessments');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ caseId: 1, personId: 1, assessedOn: 1 });
  }

  /** Stores one; the id comes from the form, so a second submit of the same form stores nothing more. */
  async insert(value: PreApplicationAssessment): Promise<{ assessment: PreApplicationAssessment; created: boolean }> {
    try {
      await this.collection.insertOne(toStored(preApplicationAssessmentSchema.parse(value)));
      return { assessment: value, created: true };
    } catch (error) {
      if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
      const existing = await this.collection.findOne({ _id: value.id });
      if (!existing) throw error;
      return { assessment: fromStored<PreApplicationAssessment>(existing), created: false };
    }
  }

  /** The person's assessments on the case, oldest first. */
  async forPerson(caseId: string, personId: string): Promise<PreApplicationAssessment[]> {
    const docs = await this.collection.find({ caseId, personId }).sort({ assessedOn: 1, _id: 1 }).toArray();
    return docs.map((doc) => fromStored<PreApplicationAssessment>(doc));
  }
}
