/**
 * Where the bot can reach people and places later: the conversation reference of every conversation the bot
 * is in, and of each officer's personal chat (keyed by their Entra ID object id and tenant). Proactive
 * reminders are sent through these.
 */
import type { AnyBulkWriteOperation, Collection, Db } from 'mongodb';
import { z } from 'zod';
import { afterWorkInHand, onceAfter } from '../turnsInProgress.js';

export const conversationTypes = ['personal', 'groupChat', 'channel'] as const;
export type ConversationType = (typeof conversationTypes)[number];

/** Just what botbuilder needs to continue a conversation. */
const referenceSchema = z.object({
  channelId: z.string().min(1),
  serviceUrl: z.string().url(),
  conversation: z.object({
    id: z.string().min(1),
    conversationType: z.string().optional(),
    tenantId: z.string().optional(),
    isGroup: z.boolean().optional(),
  }),
  bot: z.object({ id: z.string().min(1), name: z.string().optional() }),
  user: z.object({ id: z.string().min(1), name: z.string().optional(), aadObjectId: z.string().optional() }).optional(),
});
export type StoredReference = z.infer<typeof referenceSchema>;

const conversationRefSchema = z.object({
  _id: z.string().min(1),
  kind: z.enum(['user', 'conversation']),
  tenantId: z.string().min(1),
  conversationId: z.string().min(1),
  conversationType: z.enum(conversationTypes),
  aadObjectId: z.string().optional(),
  teamId: z.string().optional(),
  /** Display name of the person (user references) or of the chat/channel where Teams gives one. */
  name: z.string().optional(),
  reference: referenceSchema,
  active: z.boolean(),
  stale: z.boolean(),
  welcomedAt: z.date().optional(),
  lastSeenAt: z.date(),
  inactiveSince: z.date().optional(),
});
export type ConversationRef = z.infer<typeof conversationRefSchema>;

/** What the Teams layer knows about the conversation an activity came from. */
export interface SeenConversation {
  tenantId: string;
  conversationId: string;
  conversationType: ConversationType;
  teamId?: string;
  conversationName?: string;
  user?: { aadObjectId: string; name?: string };
  reference: StoredReference;
}

export const userKey = (tenantId: string, aadObjectId: string) => `user:${tenantId}:${aadObjectId}`;
export const conversationKey = (conversationId: string) => `conversation:${conversationId}`;

/** The upserts that record a sighting: the conversation's reference and, in a personal chat, the officer's. */
function seenWrites(seen: SeenConversation, now: Date): Array<AnyBulkWriteOperation<ConversationRef> & { updateOne: { filter: { _id: string } } }> {
  const base = {
    tenantId: seen.tenantId,
    conversationId: seen.conversationId,
    conversationType: seen.conversationType,
    teamId: seen.teamId,
    reference: referenceSchema.parse(seen.reference),
    active: true,
    stale: false,
    lastSeenAt: now,
  };
  const refs = [conversationRefSchema.parse({ _id: conversationKey(seen.conversationId), kind: 'conversation', name: seen.conversationName, ...base })];
  if (seen.conversationType === 'personal' && seen.user) {
    refs.push(conversationRefSchema.parse({ _id: userKey(seen.tenantId, seen.user.aadObjectId), kind: 'user', aadObjectId: seen.user.aadObjectId, name: seen.user.name, ...base }));
  }
  return refs.map(({ _id, ...fields }) => ({
    updateOne: {
      filter: { _id },
      update: { $set: Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)), $unset: { inactiveSince: '' } },
      upsert: true,
    },
  }));
}

export class ConversationReferences {
  private readonly collection: Collection<ConversationRef>;

  /** `afterTurns`: when queued writes go (src/turnsInProgress.ts: once no turn is waiting for its reply). */
  constructor(db: Db, afterTurns: () => Promise<void> = afterWorkInHand) {
    this.collection = db.collection<ConversationRef>('conversationReferences');
    this.scheduleWrite = onceAfter(afterTurns, () => this.writeQueued());
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ conversationId: 1 });
    await this.collection.createIndex({ tenantId: 1, aadObjectId: 1 });
    await this.collection.createIndex({ lastSeenAt: 1 });
  }

  /** Writes still in flight from recordSeenLater; reads wait for them, so this process reads its own writes. */
  private readonly inFlight = new Set<Promise<void>>();

  /** Records that the bot heard from this conversation (and, in a personal chat, from this officer): one round trip. */
  async recordSeen(seen: SeenConversation, now: Date): Promise<void> {
    const writes = seenWrites(seen, now);
    // This sighting is newer than any queued for the same documents.
    for (const write of writes) this.queued.delete(write.updateOne.filter._id);
    await this.collection.bulkWrite(writes, { ordered: false });
  }

  /** Writes waiting for the next batch, by document id (a later sighting replaces an earlier one). */
  private readonly queued = new Map<string, AnyBulkWriteOperation<ConversationRef>>();
  private readonly scheduleWrite: () => void;

  /** Where a failed write-behind is reported (the latest caller's). */
  private onWriteError: (error: unknown) => void = () => undefined;

  /**
   * recordSeen off the turn's critical path: queued, and written once the turns in hand have answered, in one
   * bulk write for every conversation seen meanwhile (50 new conversations at once cost one write, not 50). Every
   * read here flushes the queue and waits for the writes in flight, so this process reads its own writes.
   */
  recordSeenLater(seen: SeenConversation, now: Date, onError: (error: unknown) => void): void {
    for (const write of seenWrites(seen, now)) this.queued.set(write.updateOne.filter._id, write);
    this.onWriteError = onError;
    this.scheduleWrite();
  }

  private writeQueued(): void {
    const batch = [...this.queued.values()];
    this.queued.clear();
    if (batch.length === 0) return;
    const write = this.collection.bulkWrite(batch, { ordered: false }).then(() => undefined, this.onWriteError).finally(() => this.inFlight.delete(write));
    this.inFlight.add(write);
  }

  /** Writes what is queued now (a read, or shutdown, does not wait for the turns to settle) and waits for it. */
  async flush(): Promise<void> {
    this.writeQueued();
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }

  /** The bot was removed from the conversation: keep the record for the audit trail, but stop using it. */
  async markInactive(conversationId: string, now: Date): Promise<void> {
    await this.flush();
    await this.collection.updateMany({ conversationId }, { $set: { active: false, inactiveSince: now } });
  }

  /** Marks the welcome as sent; true only for the first caller, so a welcome goes out once per conversation. */
  async claimWelcome(conversationId: string, now: Date): Promise<boolean> {
    await this.flush();
    const result = await this.collection.updateOne(
      { _id: conversationKey(conversationId), welcomedAt: { $exists: false } },
      { $set: { welcomedAt: now } },
    );
    return result.modifiedCount === 1;
  }

  async findUserReference(aadObjectId: string, tenantId: string): Promise<ConversationRef | null> {
    await this.flush();
    return this.collection.findOne({ _id: userKey(tenantId, aadObjectId), active: true });
  }

  /** A person's display name as Teams last gave it, even once they can no longer be reached. */
  async nameOf(aadObjectId: string, tenantId: string): Promise<string | undefined> {
    await this.flush();
    return (await this.collection.findOne({ _id: userKey(tenantId, aadObjectId) }))?.name;
  }

  async findConversationReference(conversationId: string): Promise<ConversationRef | null> {
    await this.flush();
    return this.collection.findOne({ _id: conversationKey(conversationId), active: true });
  }

  /** The Bot Connector endpoint for this organisation, from any conversation the bot is in there. */
  async serviceUrlForTenant(tenantId: string): Promise<string | undefined> {
    await this.flush();
    const ref = await this.collection.findOne({ tenantId, active: true }, { sort: { lastSeenAt: -1 } });
    return ref?.reference.serviceUrl;
  }

  /** People in this organisation who have a personal chat with the assistant (so can be given work). */
  async officersInTenant(tenantId: string): Promise<Array<{ id: string; name: string }>> {
    await this.flush();
    const refs = await this.collection.find({ kind: 'user', tenantId, active: true }).sort({ name: 1 }).limit(200).toArray();
    return refs.map((ref) => ({ id: ref.aadObjectId ?? ref._id, name: ref.name ?? 'Officer' }));
  }

  /** Flags references not seen since the cutoff; returns how many were newly flagged. */
  async markStale(notSeenSince: Date): Promise<number> {
    await this.flush();
    const result = await this.collection.updateMany({ lastSeenAt: { $lt: notSeenSince }, stale: false }, { $set: { stale: true } });
    return result.modifiedCount;
  }
}
