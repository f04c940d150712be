/** Pre-application risk assessments (Crime and Policing Act 2026 orders), one document each, by case and person. */
import type { Collection, Db } from 'mongodb';
import { preApplicationAssessmentSchema, type PreApplicationAssessment } from '../domain/interventions/preApplication.js';
import { fromStored, insertOnce, toStored, type Stored } from './stored.js';

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
    const existing = async () => {
      const doc = await this.collection.findOne({ _id: value.id });
      return doc ? fromStored<PreApplicationAssessment>(doc) : undefined;
    };
    const stored = await insertOnce(() => this.collection.insertOne(toStored(preApplicationAssessmentSchema.parse(value))), existing, value);
    return { assessment: stored.value, created: stored.created };
  }

  /** The person's assessments on the case, oldest first. */
  async forPerson(caseId: string, personId: string): Promise<PreApplicationAssessment[]> {
    const docs = await this.collection.find({ caseId, personId }).sort({ assessedOn: 1, _id: 1 }).toArray();
    return docs.map((doc) => fromStored<PreApplicationAssessment>(doc));
  }
}
