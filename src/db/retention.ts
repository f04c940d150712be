/**
 * The retention schedule in MongoDB: each team's period (`retentionSettings`, keyed by team id) and, per
 * closed case, the decisions taken on it (`retentionRecords`, keyed by case id, destroyed with the case).
 */
import type { Collection, Db } from 'mongodb';
import type { LocalDate } from '../domain/calendar/localDate.js';
import { DEFAULT_RETENTION_YEARS, retentionYearsSchema, type RetainedCase, type RetentionRecord } from '../domain/governance/retention.js';

interface SettingDocument {
  _id: string;
  years: number;
  updatedAt: Date;
  updatedBy: string;
}
type RecordDocument = Omit<RetentionRecord, 'caseId'> & { _id: string };

/** A closed case as the review needs it: no names, addresses or free text. */
export interface ClosedCaseRow extends RetainedCase {
  reference: string;
  area: string;
  closure: { closedAt: Date };
}

/** Cases per find batch in the sweep, and per batch handed to the review. */
const SWEEP_BATCH = 5_000;

const ROW = { _id: 1, teamId: 1, status: 1, reference: 1, area: 1, 'closure.closedAt': 1 } as const;

export class RetentionStore {
  private readonly settings: Collection<SettingDocument>;
  private readonly records: Collection<RecordDocument>;
  private readonly cases: Collection<{ _id: string; teamId: string; status: string; reference: string; area: string; closure?: { closedAt: Date } }>;

  constructor(db: Db) {
    this.settings = db.collection<SettingDocument>('retentionSettings');
    this.records = db.collection<RecordDocument>('retentionRecords');
    this.cases = db.collection('cases');
  }

  async ensureIndexes(): Promise<void> {
    await this.records.createIndex({ 'decision.kind': 1, 'decision.on': 1 });
    // The sweep reads a team's records by the closure they are about, beside its cases (one range each).
    await this.records.createIndex({ teamId: 1, closedAt: 1 });
    // The sweep: a team's closed cases by closure date (an equality on team and status, a range on the date).
    await this.cases.createIndex({ teamId: 1, status: 1, 'closure.closedAt': 1 });
  }

  async years(teamId: string): Promise<number> {
    return (await this.settings.findOne({ _id: teamId }))?.years ?? DEFAULT_RETENTION_YEARS;
  }

  async setYears(teamId: string, years: number, by: string, at: Date): Promise<void> {
    await this.settings.updateOne({ _id: teamId }, { $set: { years: retentionYearsSchema.parse(years), updatedAt: at, updatedBy: by } }, { upsert: true });
  }

  async record(caseId: string): Promise<RetentionRecord | undefined> {
    const doc = await this.records.findOne({ _id: caseId });
    return doc ? fromRecord(doc) : undefined;
  }

  async recordsFor(caseIds: readonly string[]): Promise<Map<string, RetentionRecord>> {
    const docs = await this.records.find({ _id: { $in: [...caseIds] } }).toArray();
    return new Map(docs.map((doc) => [doc._id, fromRecord(doc)]));
  }

  async saveRecord(record: RetentionRecord): Promise<void> {
    const { caseId, ...fields } = record;
    await this.records.replaceOne({ _id: caseId }, fields, { upsert: true });
  }

  /** Cases with a Destroy decision whose date has come. */
  async destroyDecisionsDue(today: LocalDate): Promise<string[]> {
    const docs = await this.records.find({ 'decision.kind': 'destroy', 'decision.on': { $lte: today } }, { projection: { _id: 1 } }).toArray();
    return docs.map((doc) => doc._id);
  }

  /** Every team with a closed case. */
  async teamsWithClosedCases(): Promise<string[]> {
    return (await this.cases.distinct('teamId', { status: 'closed' })) as string[];
  }

  /** One closed case, or undefined if it is open again or gone. */
  async closedCase(caseId: string): Promise<ClosedCaseRow | undefined> {
    const doc = await this.cases.findOne({ _id: caseId, status: 'closed' }, { projection: ROW });
    return doc?.closure ? { id: doc._id, teamId: doc.teamId, status: doc.status, reference: doc.reference, area: doc.area, closure: { closedAt: doc.closure.closedAt } } : undefined;
  }

  /**
   * The team's cases closed on or before `closedBy` (the candidates for review), in no set order, a batch at
   * a time, each with its retention record if it has one. Two index-served range reads, projected to the few
   * fields the review needs: the team's records about closures up to `closedBy` (a record is about one closure,
   * so no other can apply to these cases), then its cases streamed. No list of ids is sent: on the embedded
   * server an $in of thousands of ids cost more than the read itself.
   */
  async *closedCases(teamId: string, closedBy: Date, batchSize = SWEEP_BATCH): AsyncGenerator<Array<{ row: ClosedCaseRow; record?: RetentionRecord }>> {
    const records = new Map<string, RetentionRecord>();
    for await (const doc of this.records.find({ teamId, closedAt: { $lte: closedBy } }).batchSize(batchSize)) records.set(doc._id, fromRecord(doc));
    const cursor = this.cases
      .find({ teamId, status: 'closed', 'closure.closedAt': { $lte: closedBy } }, { projection: ROW })
      .batchSize(batchSize);
    let batch: Array<{ row: ClosedCaseRow; record?: RetentionRecord }> = [];
    try {
      for await (const doc of cursor) {
        const row = { id: doc._id, teamId: doc.teamId, status: doc.status, reference: doc.reference, area: doc.area, closure: { closedAt: doc.closure!.closedAt } };
        const record = records.get(doc._id);
        batch.push(record ? { row, record } : { row });
        if (batch.length >= batchSize) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    } finally {
      await cursor.close();
    }
  }
}

function fromRecord(doc: RecordDocument): RetentionRecord {
  const { _id, ...rest } = doc;
  return { caseId: _id, ...rest };
}
