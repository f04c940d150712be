/**
 * Target group meetings in MongoDB. A meeting is one document (agenda, attendance and every item's record);
 * each save is guarded by the document's version, so concurrent turns never lose each other's writes. The
 * item versions inside (checked by the domain) are what tells a person that someone else edited their item.
 */
import type { Collection, Db } from 'mongodb';
import { meetingChangeSchema, meetingSchema, type Meeting, type MeetingChange } from '../domain/meetings/index.js';

/** A meeting as stored: the domain record plus where its live card is and a version for guarded saves. */
export interface StoredMeeting {
  meeting: Meeting;
  tenantId: string;
  /** The channel conversation the group lives in. */
  conversationId: string;
  /** The meeting card's activity id: a top-level post in the group's channel, updated in place. */
  cardActivityId?: string;
  /**
   * The roots of the channel threads whose replies are captured: the card's own post, and any post the meeting
   * was started from (Teams names a reply's thread by its root post, not by the message replied to).
   */
  threadRootIds?: string[];
  version: number;
  /** The change that made this version (src/services/meetings.ts): a resumed save knows its own write by it. */
  revision?: string;
}

type MeetingDocument = Omit<Meeting, 'id'> & {
  _id: string;
  tenantId: string;
  conversationId: string;
  cardActivityId?: string;
  threadRootIds?: string[];
  version: number;
  revision?: string;
};

function toDocument(stored: StoredMeeting): MeetingDocument {
  const { id, ...rest } = meetingSchema.parse(stored.meeting);
  return {
    _id: id,
    ...rest,
    tenantId: stored.tenantId,
    conversationId: stored.conversationId,
    ...(stored.cardActivityId ? { cardActivityId: stored.cardActivityId } : {}),
    ...(stored.threadRootIds?.length ? { threadRootIds: stored.threadRootIds } : {}),
    version: stored.version,
    ...(stored.revision ? { revision: stored.revision } : {}),
  };
}

function fromDocument(doc: MeetingDocument): StoredMeeting {
  const { _id, tenantId, conversationId, cardActivityId, threadRootIds, version, revision, ...rest } = doc;
  return {
    meeting: meetingSchema.parse({ id: _id, ...rest }),
    tenantId,
    conversationId,
    ...(cardActivityId ? { cardActivityId } : {}),
    ...(threadRootIds?.length ? { threadRootIds } : {}),
    version,
    ...(revision ? { revision } : {}),
  };
}

/** Someone saved the meeting first; `current` is what they saved. */
export class MeetingVersionConflict extends Error {
  constructor(readonly current: StoredMeeting) {
    super(`Meeting ${current.meeting.id} was changed by someone else`);
  }
}

export class MeetingRepository {
  private readonly collection: Collection<MeetingDocument>;

  constructor(db: Db) {
    this.collection = db.collection<MeetingDocument>('meetings');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ groupId: 1, date: -1 });
    await this.collection.createIndex({ cardActivityId: 1 }, { sparse: true });
    await this.collection.createIndex({ threadRootIds: 1 }, { sparse: true });
  }

  async insert(stored: StoredMeeting): Promise<void> {
    await this.collection.insertOne(toDocument(stored));
  }

  /** Inserts the meeting unless it is already stored (a resumed intent). */
  async insertOnce(stored: StoredMeeting): Promise<void> {
    try {
      await this.insert(stored);
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
    }
  }

  async get(id: string): Promise<StoredMeeting | undefined> {
    const doc = await this.collection.findOne({ _id: id });
    return doc ? fromDocument(doc) : undefined;
  }

  /** Saves the next version; throws MeetingVersionConflict if the stored one is not its predecessor. */
  async save(next: StoredMeeting): Promise<StoredMeeting> {
    const { _id, ...fields } = toDocument(next);
    const result = await this.collection.replaceOne({ _id, version: next.version - 1 }, fields);
    if (result.matchedCount === 1) return next;
    const current = await this.get(next.meeting.id);
    if (!current) throw new Error(`Meeting ${next.meeting.id} no longer exists`);
    throw new MeetingVersionConflict(current);
  }

  /**
   * Saves one change as version `version` of the meeting, writing only what changed (`revision` names the change
   * that made it); throws MeetingVersionConflict if the stored version is not the one before.
   */
  async saveChange(meetingId: string, version: number, revision: string, change: MeetingChange): Promise<void> {
    const { fields, items, cleared } = meetingChangeSchema.parse(change);
    const set: Record<string, unknown> = { ...fields, version, revision };
    // Item ids are made by the app (ids, slugs, numbers), so each is one path segment under `items`.
    if (Object.keys(items).some((id) => id.includes('.') || id.startsWith('$'))) throw new Error('An agenda item id cannot hold "." or start with "$"');
    for (const [id, record] of Object.entries(items)) set[`items.${id}`] = record;
    const update = { $set: set, ...(cleared.length > 0 ? { $unset: Object.fromEntries(cleared.map((field) => [field, '' as const])) } : {}) };
    const result = await this.collection.updateOne({ _id: meetingId, version: version - 1 }, update);
    if (result.matchedCount === 1) return;
    const current = await this.get(meetingId);
    if (!current) throw new Error(`Meeting ${meetingId} no longer exists`);
    throw new MeetingVersionConflict(current);
  }

  /** The group's meetings, newest first. */
  async forGroup(groupId: string, limit = 20): Promise<StoredMeeting[]> {
    const docs = await this.collection.find({ groupId }).sort({ date: -1, _id: -1 }).limit(limit).toArray();
    return docs.map(fromDocument);
  }

  /** The group's meetings as id, date and status only, newest first: cheap enough to ask on every turn. */
  async statuses(groupId: string, limit = 20): Promise<Array<{ id: string; date: string; status: Meeting['status']; caseReview?: boolean }>> {
    const docs = await this.collection.find({ groupId }, { projection: { date: 1, status: 1, caseReview: 1 } }).sort({ date: -1, _id: -1 }).limit(limit).toArray();
    return docs.map((d) => ({ id: d._id, date: d.date, status: d.status, ...(d.caseReview ? { caseReview: true } : {}) }));
  }

  /** The ids of the meetings whose agenda, records or revealed names touch the case. */
  async idsCoveringCase(caseId: string): Promise<string[]> {
    const docs = await this.collection
      .find({ $or: [{ 'agenda.items.caseId': caseId }, { 'agenda.items.action.caseId': caseId }, { revealedCaseIds: caseId }, { [`items.case:${caseId}`]: { $exists: true } }] }, { projection: { _id: 1 } })
      .toArray();
    return docs.map((d) => d._id);
  }

  /** The meeting whose replies are captured from the channel thread with this root post. */
  async byThreadRoot(rootId: string): Promise<StoredMeeting | undefined> {
    const doc = await this.collection.findOne({ threadRootIds: rootId });
    return doc ? fromDocument(doc) : undefined;
  }
}
