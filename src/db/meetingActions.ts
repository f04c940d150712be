/**
 * Actions agreed at target group meetings, tracked until done or dropped. Each save is guarded by a version,
 * so two people closing the same action at once cannot both succeed.
 */
import type { Collection, Db } from 'mongodb';
import { trackedActionSchema, type TrackedAction } from '../domain/meetings/index.js';
import { readsTogether, type ReadsTogether } from './readsTogether.js';

export interface StoredAction {
  action: TrackedAction;
  tenantId: string;
  version: number;
}

type ActionDocument = Omit<TrackedAction, 'id'> & { _id: string; tenantId: string; version: number };

function toDocument(stored: StoredAction): ActionDocument {
  const { id, ...rest } = trackedActionSchema.parse(stored.action);
  return { _id: id, ...rest, tenantId: stored.tenantId, version: stored.version };
}

function fromDocument(doc: ActionDocument): StoredAction {
  const { _id, tenantId, version, ...rest } = doc;
  return { action: trackedActionSchema.parse({ id: _id, ...rest }), tenantId, version };
}

export class ActionVersionConflict extends Error {}

export class MeetingActionRepository {
  private readonly collection: Collection<ActionDocument>;

  /** Reads that start together with others go as one aggregate (readsTogether.ts). */
  private readonly reads: ReadsTogether;

  constructor(db: Db) {
    this.collection = db.collection<ActionDocument>('meetingActions');
    this.reads = readsTogether(db);
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ groupId: 1, status: 1 });
    await this.collection.createIndex({ tenantId: 1, 'owner.id': 1, status: 1 });
    await this.collection.createIndex({ caseId: 1, status: 1 }, { sparse: true });
  }

  /** Stores the actions of an ended meeting; ending twice (a double click) stores each once. */
  async insertNew(actions: readonly TrackedAction[], tenantId: string): Promise<void> {
    for (const action of actions) {
      const { _id, ...fields } = toDocument({ action, tenantId, version: 1 });
      await this.collection.updateOne({ _id }, { $setOnInsert: fields }, { upsert: true });
    }
  }

  async get(id: string): Promise<StoredAction | undefined> {
    const doc = await this.collection.findOne({ _id: id });
    return doc ? fromDocument(doc) : undefined;
  }

  async save(next: StoredAction): Promise<void> {
    const { _id, ...fields } = toDocument(next);
    const result = await this.collection.replaceOne({ _id, version: next.version - 1 }, fields);
    if (result.matchedCount !== 1) throw new ActionVersionConflict(`Action ${next.action.id} was changed by someone else`);
  }

  async openForGroup(groupId: string): Promise<TrackedAction[]> {
    const docs = await this.collection.find({ groupId, status: 'open' }).toArray();
    return docs.map((d) => fromDocument(d).action);
  }

  /** The actions a person owns (open and recently closed), for `my actions`. */
  async ownedBy(tenantId: string, userId: string, limit = 50): Promise<TrackedAction[]> {
    const docs = await this.collection.find({ tenantId, 'owner.id': userId }).sort({ dueDate: 1 }).limit(limit).toArray();
    return docs.map((d) => fromDocument(d).action);
  }

  /** Every action about the case, open or not (subject access). */
  async forCase(caseId: string): Promise<TrackedAction[]> {
    const docs = await this.collection.find({ caseId }).sort({ dueDate: 1 }).toArray();
    return docs.map((d) => fromDocument(d).action);
  }

  async openForCase(caseId: string): Promise<TrackedAction[]> {
    return (await this.reads.find(this.collection, { caseId, status: 'open' }, { sort: { dueDate: 1 } })).map((d) => fromDocument(d).action);
  }
}
