/**
 * Warnings and other interventions in MongoDB. The record is the domain's Intervention; the document also
 * carries the case's team, so the prevention-rate figures can be counted per team without reading cases.
 */
import type { Collection, Db } from 'mongodb';
import type { LocalDate } from '../domain/calendar/localDate.js';
import { interventionSchema, type Intervention, type InterventionOutcome } from '../domain/interventions/intervention.js';
import type { WarningRecord } from '../domain/meetings/warnings.js';
import { fromStored, toStored, type Stored } from './stored.js';

type InterventionDocument = Stored<Intervention> & { teamId: string };

const DUPLICATE_KEY = 11000;

function fromDocument(doc: InterventionDocument): Intervention {
  const { teamId: _team, ...stored } = doc;
  return fromStored<Intervention>(stored);
}

export class InterventionRepository {
  private readonly collection: Collection<InterventionDocument>;

  constructor(db: Db) {
    this.collection = db.collection<InterventionDocument>('interventions');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ caseId: 1, servedOn: 1 });
    // A team's interventions by date served: the target group's area figures since its last meeting.
    await this.collection.createIndex({ teamId: 1, servedOn: 1 });
    // Monitored interventions by team and end of monitoring: the figures, and those still waiting for their
    // outcome (a missing outcome matches `outcome.recordedAt: null`). Unmonitored ones are not indexed.
    await this.collection.createIndex(
      { teamId: 1, monitoringEndsOn: 1, 'outcome.recordedAt': 1 },
      { name: 'monitoredByTeam', partialFilterExpression: { monitoringEndsOn: { $exists: true } } },
    );
  }

  /**
   * Stores a new intervention. The id comes from the form, so the same form submitted twice (a double click)
   * stores one: the second insert returns the first, with `created: false`.
   */
  async insert(value: Intervention, teamId: string): Promise<{ intervention: Intervention; created: boolean }> {
    try {
      await this.collection.insertOne({ ...toStored(interventionSchema.parse(value)), teamId });
      return { intervention: value, created: true };
    } catch (error) {
      if ((error as { code?: number }).code === DUPLICATE_KEY) {
        const existing = await this.get(value.id);
        if (existing) return { intervention: existing, created: false };
      }
      throw error;
    }
  }

  async get(id: string): Promise<Intervention | undefined> {
    const doc = await this.collection.findOne({ _id: id });
    return doc ? fromDocument(doc) : undefined;
  }

  /** The case's interventions, in the order they were served. */
  async forCase(caseId: string): Promise<Intervention[]> {
    const docs = await this.collection.find({ caseId }).sort({ servedOn: 1, _id: 1 }).toArray();
    return docs.map(fromDocument);
  }

  /** Writes the outcome once; false when one was already recorded (e.g. by a colleague a moment earlier). */
  async saveOutcome(id: string, outcome: InterventionOutcome): Promise<boolean> {
    const result = await this.collection.updateOne({ _id: id, 'outcome.recordedAt': null }, { $set: { outcome } });
    return result.modifiedCount === 1;
  }

  /**
   * Monitored interventions of these teams whose monitoring ended on or before a day and whose outcome is still
   * missing, earliest first.
   */
  async awaitingOutcome(teamIds: readonly string[], endedOnOrBefore: LocalDate, limit: number): Promise<Intervention[]> {
    const docs = await this.collection
      .find({ teamId: { $in: [...teamIds] }, 'outcome.recordedAt': null, monitoringEndsOn: { $lte: endedOnOrBefore } })
      .sort({ monitoringEndsOn: 1, _id: 1 })
      .limit(limit)
      .toArray();
    return docs.map(fromDocument);
  }

  /** Every monitored intervention of these teams: what the prevention-rate figures count. */
  async monitoredForTeams(teamIds: readonly string[]): Promise<Intervention[]> {
    const docs = await this.collection.find({ teamId: { $in: [...teamIds] }, monitoringEndsOn: { $exists: true } }).toArray();
    return docs.map(fromDocument);
  }

  /** Interventions of a team served on or after a day, as the target group figures need them. */
  async servedFrom(teamId: string, from: LocalDate): Promise<WarningRecord[]> {
    return this.warningRows({ teamId, servedOn: { $gte: from } });
  }

  /**
   * Interventions of a team whose monitoring ends on or after `from` and before `before`, with no outcome yet
   * (the `monitoredByTeam` index): agenda section 6.
   */
  async monitoringEndingBetween(teamId: string, from: LocalDate, before: LocalDate): Promise<WarningRecord[]> {
    return this.warningRows({ teamId, monitoringEndsOn: { $gte: from, $lt: before }, 'outcome.recordedAt': null });
  }

  private async warningRows(filter: Record<string, unknown>): Promise<WarningRecord[]> {
    const docs = await this.collection
      .find(filter, { projection: { caseId: 1, type: 1, personId: 1, personUnder18: 1, servedOn: 1, monitoringEndsOn: 1, 'outcome.recordedAt': 1 } })
      .toArray();
    return docs.map((d) => ({
      id: d._id,
      caseId: d.caseId,
      type: d.type,
      personId: d.personId,
      personUnder18: d.personUnder18,
      servedOn: d.servedOn,
      ...(d.monitoringEndsOn ? { monitoringEndsOn: d.monitoringEndsOn } : {}),
      outcomeRecorded: !!d.outcome?.recordedAt,
    }));
  }
}
