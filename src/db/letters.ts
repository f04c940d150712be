/** Letter records in MongoDB: what was made for whom, never the document itself. */
import type { Collection, Db } from 'mongodb';
import { letterRecordSchema, type LetterRecord } from '../domain/letters/letter.js';
import { fromStored, toStored, type Stored } from './stored.js';

type LetterDocument = Stored<LetterRecord>;

export class LetterRepository {
  private readonly collection: Collection<LetterDocument>;

  constructor(db: Db) {
    this.collection = db.collection<LetterDocument>('letters');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ caseId: 1, createdAt: -1 });
  }

  async insert(record: LetterRecord): Promise<void> {
    await this.collection.insertOne(toStored(letterRecordSchema.parse(record)));
  }

  async get(id: string): Promise<LetterRecord | undefined> {
    const doc = await this.collection.findOne({ _id: id });
    return doc ? fromStored<LetterRecord>(doc) : undefined;
  }

  async recordSending(id: string, sent: NonNullable<LetterRecord['sent']>): Promise<void> {
    await this.collection.updateOne({ _id: id }, { $set: { sent } });
  }

  async forCase(caseId: string): Promise<LetterRecord[]> {
    return (await this.collection.find({ caseId }).sort({ createdAt: -1 }).toArray()).map((doc) => fromStored<LetterRecord>(doc));
  }
}
