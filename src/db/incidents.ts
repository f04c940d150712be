/** Incidents in MongoDB, each on one case; listed newest first by when they happened. */
import type { Collection, Db } from 'mongodb';
import { incidentSchema, type Incident } from '../domain/cases/incident.js';
import { fromStored, mentionQuery, toStored, type Stored } from './stored.js';
import { namesPerson } from '../domain/privacy/masking.js';

type IncidentDocument = Stored<Incident>;

const toDocument = (incident: Incident): IncidentDocument => toStored(incidentSchema.parse(incident));
const fromDocument = (doc: IncidentDocument): Incident => fromStored(doc);

export class IncidentRepository {
  private readonly collection: Collection<IncidentDocument>;

  constructor(db: Db) {
    this.collection = db.collection<IncidentDocument>('incidents');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ caseId: 1, occurredAt: -1 });
  }

  async insert(incident: Incident): Promise<void> {
    await this.collection.insertOne(toDocument(incident));
  }

  /** A bulk load (an import from another case system): one round trip per batch, checked like insert. */
  async insertMany(incidents: readonly Incident[]): Promise<void> {
    if (incidents.length > 0) await this.collection.insertMany(incidents.map(toDocument), { ordered: false });
  }

  /** Inserts unless an incident with this id exists (the same form submitted twice); true if inserted. */
  async insertOnce(incident: Incident): Promise<boolean> {
    try {
      await this.insert(incident);
      return true;
    } catch (error) {
      if ((error as { code?: number }).code === 11000) return false;
      throw error;
    }
  }

  async forCase(caseId: string, limit?: number): Promise<Incident[]> {
    const cursor = this.collection.find({ caseId }).sort({ occurredAt: -1, loggedAt: -1 });
    return (await (limit ? cursor.limit(limit) : cursor).toArray()).map(fromDocument);
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
