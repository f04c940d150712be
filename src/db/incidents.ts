/**
 * Incidents in MongoDB, each on one case; listed newest first by when they happened. Each stored incident also
 * carries its case's team and area (the case's place), so a team's or an area's incidents in a date window are one
 * index range: the case's writes keep them in step when a case changes team or area.
 */
import type { Collection, Db, Document, Filter } from 'mongodb';
import type { CasePlace } from '../domain/cases/case.js';
import type { AsbCategory } from '../domain/cases/categories.js';
import { incidentSchema, type Incident } from '../domain/cases/incident.js';
import { fromStored, mentionQuery, toStored, type Stored } from './stored.js';
import { namesPerson } from '../domain/privacy/masking.js';
import { readsTogether, type ReadsTogether } from './readsTogether.js';

type IncidentDocument = Stored<Incident> & CasePlace;

const toDocument = (incident: Incident, place: CasePlace): IncidentDocument => ({ ...toStored(incidentSchema.parse(incident)), teamId: place.teamId, area: place.area });
const fromDocument = ({ teamId: _team, area: _area, ...doc }: IncidentDocument): Incident => fromStored(doc);

/** The done-marker of the one-time backfill of incidents stored before they carried their case's place. */
const PLACE_BACKFILL = 'incidents.casePlace';
const BACKFILL_BATCH = 500;
const unplaced = { $or: [{ teamId: { $exists: false } }, { area: { $exists: false } }] };

/**
 * How many incidents match, per set of categories, counted by the database (the figures card and the agenda tally
 * the categories from these): a window can hold thousands of incidents.
 */
export async function incidentsPerCategorySet(db: Db, match: Filter<Document>): Promise<Array<{ categories: AsbCategory[]; count: number }>> {
  const rows = await db
    .collection('incidents')
    .aggregate<{ _id: AsbCategory[]; count: number }>([{ $match: match }, { $project: { _id: 0, categories: 1 } }, { $group: { _id: '$categories', count: { $sum: 1 } } }])
    .toArray();
  return rows.map((row) => ({ categories: row._id, count: row.count }));
}

export class IncidentRepository {
  private readonly collection: Collection<IncidentDocument>;

  /** Reads that start together with others go as one aggregate (readsTogether.ts). */
  private readonly reads: ReadsTogether;

  constructor(private readonly db: Db) {
    this.collection = db.collection<IncidentDocument>('incidents');
    this.reads = readsTogether(db);
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ caseId: 1, occurredAt: -1 });
    // An area's incidents in a date window (the target group agenda, the Case Review candidates).
    await this.collection.createIndex({ teamId: 1, area: 1, occurredAt: 1 });
  }

  async insert(incident: Incident, place: CasePlace): Promise<void> {
    await this.collection.insertOne(toDocument(incident, place));
  }

  /** A bulk load (an import from another case system): one round trip per batch, checked like insert. */
  async insertMany(incidents: readonly Incident[], placeOf: (caseId: string) => CasePlace): Promise<void> {
    if (incidents.length > 0) await this.collection.insertMany(incidents.map((incident) => toDocument(incident, placeOf(incident.caseId))), { ordered: false });
  }

  /** Inserts unless an incident with this id exists (the same form submitted twice); true if inserted. */
  async insertOnce(incident: Incident, place: CasePlace): Promise<boolean> {
    try {
      await this.insert(incident, place);
      return true;
    } catch (error) {
      if ((error as { code?: number }).code === 11000) return false;
      throw error;
    }
  }

  /** The case moved team or area: its incidents follow. */
  async moveCase(caseId: string, place: CasePlace): Promise<void> {
    await this.collection.updateMany({ caseId }, { $set: { teamId: place.teamId, area: place.area } });
  }

  /**
   * Gives the incidents stored before they carried their case's place that place, once: a done-marker is written
   * when every such incident has been visited, so later starts read one document. Stopped halfway, the next start
   * carries on with those still without it. Returns how many incidents it placed.
   */
  async backfillPlaces(now: Date): Promise<number> {
    const markers = this.db.collection<{ _id: string; doneAt: Date }>('migrations');
    if (await markers.findOne({ _id: PLACE_BACKFILL })) return 0;
    const caseIds = (await this.collection.distinct('caseId', unplaced)) as string[];
    const cases = this.db.collection<{ _id: string } & CasePlace>('cases');
    let placed = 0;
    for (let i = 0; i < caseIds.length; i += BACKFILL_BATCH) {
      const found = await cases.find({ _id: { $in: caseIds.slice(i, i + BACKFILL_BATCH) } }, { projection: { teamId: 1, area: 1 } }).toArray();
      if (found.length === 0) continue;
      const written = await this.collection.bulkWrite(
        found.map((c) => ({ updateMany: { filter: { caseId: c._id, ...unplaced }, update: { $set: { teamId: c.teamId, area: c.area } } } })),
        { ordered: false },
      );
      placed += written.modifiedCount;
    }
    await markers.updateOne({ _id: PLACE_BACKFILL }, { $setOnInsert: { doneAt: now } }, { upsert: true });
    return placed;
  }

  async forCase(caseId: string, limit?: number): Promise<Incident[]> {
    return (await this.reads.find(this.collection, { caseId }, { sort: { occurredAt: -1, loggedAt: -1 }, ...(limit ? { limit } : {}) })).map(fromDocument);
  }

  /** Incidents on these cases whose account names the person (subject access). */
  async mentioning(caseIds: readonly string[], name: string): Promise<Incident[]> {
    if (caseIds.length === 0) return [];
    return (await this.collection.find({ caseId: { $in: [...caseIds] }, description: mentionQuery(name) }).toArray()).map(fromDocument).filter((found) => namesPerson(found.description, name));
  }

  /** Erasure: the account with a removed person's name struck out. */
  async rewrite(id: string, description: string): Promise<void> {
    await this.collection.updateOne({ _id: id }, { $set: { description } });
  }

  /** Incidents of these cases that happened on or after a time: other cases' complaints for the Case Review. */
  async forCasesSince(caseIds: readonly string[], since: Date): Promise<Incident[]> {
    if (caseIds.length === 0) return [];
    const docs = await this.collection.find({ caseId: { $in: [...caseIds] }, occurredAt: { $gte: since } }).toArray();
    return docs.map(fromDocument);
  }
}
