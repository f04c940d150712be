/**
 * People's names as the Teams roster gives them (install events and some invokes carry no name), cached so a
 * turn does not ask Teams each time. Keyed by tenant and Entra ID object id.
 */
import type { Collection, Db } from 'mongodb';

export interface RosterName {
  tenantId: string;
  aadObjectId: string;
  name: string;
  /** Their sign-in name (UPN), lower case, when the roster gave it: an admin may add someone by it. */
  upn?: string;
  refreshedAt: Date;
}

type RosterNameDocument = RosterName & { _id: string };

const keyOf = (tenantId: string, aadObjectId: string) => `${tenantId}:${aadObjectId}`;

export class RosterNames {
  private readonly collection: Collection<RosterNameDocument>;

  constructor(db: Db) {
    this.collection = db.collection<RosterNameDocument>('rosterNames');
  }

  async get(tenantId: string, aadObjectId: string): Promise<RosterName | undefined> {
    const doc = await this.collection.findOne({ _id: keyOf(tenantId, aadObjectId) });
    if (!doc) return undefined;
    const { _id, ...name } = doc;
    return name;
  }

  async byUpn(tenantId: string, upn: string): Promise<RosterName | undefined> {
    const doc = await this.collection.findOne({ tenantId, upn: upn.toLowerCase() });
    if (!doc) return undefined;
    const { _id, ...name } = doc;
    return name;
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ tenantId: 1, upn: 1 });
  }

  async put(entry: RosterName): Promise<void> {
    await this.collection.replaceOne({ _id: keyOf(entry.tenantId, entry.aadObjectId) }, entry, { upsert: true });
  }

  /** Everyone in the tenant whose name the roster has given, by name (for pickers when Teams cannot search). */
  async inTenant(tenantId: string, limit = 200): Promise<RosterName[]> {
    const docs = await this.collection.find({ tenantId }).sort({ name: 1 }).limit(limit).toArray();
    return docs.map(({ _id, ...name }) => name);
  }
}
