/**
 * Target groups and the cases officers nominate for them, in MongoDB. One group per channel is enforced by a
 * unique index as well as by the service, so two set-ups racing in the same channel still leave one group.
 */
import type { Collection, Db } from 'mongodb';
import { z } from 'zod';
import { targetGroupSchema, type TargetGroup } from '../domain/meetings/targetGroup.js';

const DUPLICATE_KEY = 11000;

/** A group as stored: the domain record plus the tenant it belongs to and a version for guarded saves. */
export interface StoredTargetGroup extends TargetGroup {
  tenantId: string;
  version: number;
}

type GroupDocument = Omit<StoredTargetGroup, 'id'> & { _id: string };

const toDocument = (group: StoredTargetGroup): GroupDocument => {
  const { id, ...rest } = targetGroupSchema.parse(group);
  return { _id: id, ...rest, tenantId: group.tenantId, version: group.version };
};
const fromDocument = ({ _id, ...rest }: GroupDocument): StoredTargetGroup => ({ id: _id, ...rest });

export class ChannelAlreadyHasGroup extends Error {}
export class GroupVersionConflict extends Error {}

export class TargetGroupRepository {
  private readonly collection: Collection<GroupDocument>;

  constructor(db: Db) {
    this.collection = db.collection<GroupDocument>('targetGroups');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ 'channel.teamId': 1, 'channel.channelId': 1 }, { unique: true });
    await this.collection.createIndex({ tenantId: 1, areas: 1 });
  }

  async insert(group: StoredTargetGroup): Promise<void> {
    try {
      await this.collection.insertOne(toDocument(group));
    } catch (error) {
      if ((error as { code?: number }).code === DUPLICATE_KEY) throw new ChannelAlreadyHasGroup('This channel already has a target group');
      throw error;
    }
  }

  /** Saves the next version; throws GroupVersionConflict if someone saved in between. */
  async save(next: StoredTargetGroup): Promise<void> {
    const { _id, ...fields } = toDocument(next);
    const result = await this.collection.replaceOne({ _id, version: next.version - 1 }, fields);
    if (result.matchedCount !== 1) throw new GroupVersionConflict(`Target group ${next.id} was changed by someone else`);
  }

  async get(id: string): Promise<StoredTargetGroup | undefined> {
    const doc = await this.collection.findOne({ _id: id });
    return doc ? fromDocument(doc) : undefined;
  }

  async inChannel(teamId: string, channelId: string): Promise<StoredTargetGroup | undefined> {
    const doc = await this.collection.findOne({ 'channel.teamId': teamId, 'channel.channelId': channelId });
    return doc ? fromDocument(doc) : undefined;
  }

  /** Every group of the organisation (a council has a handful: one per major town). */
  async inTenant(tenantId: string): Promise<StoredTargetGroup[]> {
    const docs = await this.collection.find({ tenantId }).sort({ name: 1 }).limit(500).toArray();
    return docs.map(fromDocument);
  }
}

// ---------------------------------------------------------------- nominations

export const storedNominationSchema = z.object({
  id: z.string().min(1),
  groupId: z.string().min(1),
  caseId: z.string().min(1),
  caseReference: z.string().min(1),
  reason: z.string().trim().min(1).max(1000),
  nominatedBy: z.object({ id: z.string().min(1), name: z.string().min(1) }),
  nominatedOn: z.string(),
  /** The meeting whose agenda listed it; unset while it waits for the next agenda. */
  meetingId: z.string().optional(),
});
export type StoredNomination = z.infer<typeof storedNominationSchema>;
type NominationDocument = Omit<StoredNomination, 'id'> & { _id: string };

export class NominationRepository {
  private readonly collection: Collection<NominationDocument>;

  constructor(db: Db) {
    this.collection = db.collection<NominationDocument>('targetGroupNominations');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ groupId: 1, meetingId: 1 });
  }

  async insert(nomination: StoredNomination): Promise<void> {
    const { id, ...rest } = storedNominationSchema.parse(nomination);
    await this.collection.insertOne({ _id: id, ...rest });
  }

  /** Inserts the nomination unless one with its id is already stored (a resumed or repeated submission). */
  async insertOnce(nomination: StoredNomination): Promise<void> {
    try {
      await this.insert(nomination);
    } catch (error) {
      if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
    }
  }

  /** Nominations not yet on any agenda. */
  async waiting(groupId: string): Promise<StoredNomination[]> {
    const docs = await this.collection.find({ groupId, meetingId: { $exists: false } }).toArray();
    return docs.map(({ _id, ...rest }) => ({ id: _id, ...rest }));
  }

  async markListed(ids: readonly string[], meetingId: string): Promise<void> {
    if (ids.length === 0) return;
    await this.collection.updateMany({ _id: { $in: [...ids] } }, { $set: { meetingId } });
  }
}
