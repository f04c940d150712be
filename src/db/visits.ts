/** Visits to victims in MongoDB; the id comes from the form, so a double click records one visit. */
import type { Collection, Db } from 'mongodb';
import type { LocalDate } from '../domain/calendar/localDate.js';
import { visitSchema, type Visit } from '../domain/visits/visit.js';
import { fromStored, toStored, type Stored } from './stored.js';

type VisitDocument = Stored<Visit>;
const DUPLICATE_KEY = 11000;

export class VisitRepository {
  private readonly collection: Collection<VisitDocument>;

  constructor(db: Db) {
    this.collection = db.collection<VisitDocument>('visits');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ caseId: 1, victimId: 1, visitedOn: 1 });
  }

  /** Stores the visit unless one with its id exists; returns the stored one either way. */
  async insertOnce(visit: Visit): Promise<{ visit: Visit; created: boolean }> {
    try {
      await this.collection.insertOne(toStored(visitSchema.parse(visit)));
      return { visit, created: true };
    } catch (error) {
      if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
      const existing = await this.collection.findOne({ _id: visit.id });
      if (!existing) throw error;
      return { visit: fromStored<Visit>(existing), created: false };
    }
  }

  async forCase(caseId: string): Promise<Visit[]> {
    return (await this.collection.find({ caseId }).sort({ visitedOn: 1 }).toArray()).map((doc) => fromStored<Visit>(doc));
  }

  /** The visits at which these cases' victims were seen, up to a day: what the first-visit figure needs. */
  async seenOnCases(caseIds: readonly string[], upTo: LocalDate): Promise<Array<Pick<Visit, 'caseId' | 'victimId' | 'visitedOn' | 'seen'>>> {
    if (caseIds.length === 0) return [];
    return this.collection
      .find({ caseId: { $in: [...caseIds] }, seen: true, visitedOn: { $lte: upTo } }, { projection: { _id: 0, caseId: 1, victimId: 1, visitedOn: 1, seen: 1 } })
      .toArray();
  }
}
