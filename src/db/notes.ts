/**
 * Case notes in MongoDB: append-only, so there is no update and no delete (except purging a whole case, and
 * striking an erased person's name).
 */
import type { Collection, Db } from 'mongodb';
import { caseNoteSchema, type CaseNote } from '../domain/cases/notes.js';
import { fromStored, mentionQuery, toStored, type Stored } from './stored.js';
import { namesPerson } from '../domain/privacy/masking.js';
import { readsTogether, type ReadsTogether } from './readsTogether.js';

type NoteDocument = Stored<CaseNote>;

const DUPLICATE_KEY = 11000;

export class NoteRepository {
  private readonly collection: Collection<NoteDocument>;

  /** Reads that start together with others go as one aggregate (readsTogether.ts). */
  private readonly reads: ReadsTogether;

  constructor(db: Db) {
    this.collection = db.collection<NoteDocument>('notes');
    this.reads = readsTogether(db);
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ caseId: 1, at: -1 });
  }

  async insert(note: CaseNote): Promise<void> {
    await this.collection.insertOne(toStored(caseNoteSchema.parse(note)));
  }

  /** Notes on these cases that name the person (subject access). */
  async mentioning(caseIds: readonly string[], name: string): Promise<CaseNote[]> {
    if (caseIds.length === 0) return [];
    return (await this.collection.find({ caseId: { $in: [...caseIds] }, text: mentionQuery(name) }).toArray()).map((doc) => fromStored<CaseNote>(doc)).filter((found) => namesPerson(found.text, name));
  }

  /** Erasure (UK GDPR art. 17) is the one change to a note's words: a removed person's name struck out. */
  async rewrite(id: string, text: string): Promise<void> {
    await this.collection.updateOne({ _id: id }, { $set: { text } });
  }

  /** Inserts the note unless one with its id is already stored (a resumed or repeated submission). */
  async insertOnce(note: CaseNote): Promise<void> {
    try {
      await this.insert(note);
    } catch (error) {
      if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
    }
  }

  async forCase(caseId: string, limit?: number): Promise<CaseNote[]> {
    return (await this.reads.find(this.collection, { caseId }, { sort: { at: -1 }, ...(limit ? { limit } : {}) })).map((doc) => fromStored<CaseNote>(doc));
  }
}
