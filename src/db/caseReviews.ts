/** ASB Case Review applications, one document each, with the case's team for the yearly figures. */
import type { Collection, Db } from 'mongodb';
import { caseReviewApplicationSchema, type CaseReviewApplication } from '../domain/caseReview/application.js';
import { fromStored, insertOnce, toStored, type Stored } from './stored.js';

export class CaseReviewRepository {
  private readonly collection: Collection<Stored<CaseReviewApplication>>;

  constructor(db: Db) {
    this.collection = db.collection<Stored<CaseReviewApplication>>('caseReviews');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ teamId: 1, appliedOn: 1 });
    await this.collection.createIndex({ caseId: 1 }, { sparse: true });
  }

  /** Stores a new application; the id comes from the form, so a double submit stores one. */
  async insert(value: CaseReviewApplication): Promise<{ application: CaseReviewApplication; created: boolean }> {
    const stored = await insertOnce(() => this.collection.insertOne(toStored(caseReviewApplicationSchema.parse(value))), () => this.get(value.id), value);
    return { application: stored.value, created: stored.created };
  }

  async get(id: string): Promise<CaseReviewApplication | undefined> {
    const doc = await this.collection.findOne({ _id: id });
    return doc ? caseReviewApplicationSchema.parse(fromStored<CaseReviewApplication>(doc)) : undefined;
  }

  /** Writes the next state of an application (each step is decided on the stored one, then saved whole). */
  async save(value: CaseReviewApplication): Promise<void> {
    const { _id, ...rest } = toStored(caseReviewApplicationSchema.parse(value));
    await this.collection.replaceOne({ _id }, rest);
  }

  async forCase(caseId: string): Promise<CaseReviewApplication[]> {
    const docs = await this.collection.find({ caseId }).sort({ appliedOn: 1, _id: 1 }).toArray();
    return docs.map((doc) => caseReviewApplicationSchema.parse(fromStored<CaseReviewApplication>(doc)));
  }

  /** The applications of these teams made in a calendar year: the published figures. */
  async madeIn(teamIds: readonly string[], year: number): Promise<CaseReviewApplication[]> {
    const docs = await this.collection.find({ teamId: { $in: [...teamIds] }, appliedOn: { $gte: `${year}-01-01`, $lte: `${year}-12-31` } }).toArray();
    return docs.map((doc) => caseReviewApplicationSchema.parse(fromStored<CaseReviewApplication>(doc)));
  }
}
