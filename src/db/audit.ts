/**
 * The audit trail in MongoDB: append-only entries of who did what (field names only, never values), one hash
 * chain per team (domain/governance/auditChain.ts). The product only ever inserts and reads here: a correction
 * or a destruction is a new entry (a tombstone), never an update or a delete.
 *
 * Appending claims the next sequence number of the team's chain: (teamId, seq) is a unique index, so two
 * writers racing for the same number clash and the loser retries on top of the winner. A
 * small head document per team (`auditHeads`) says where the chain ends, so an append reads one document,
 * not the chain; if a writer died between its insert and moving the head, the next writer moves it on.
 */
import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { auditEntrySchema, type AuditEntry } from '../domain/cases/audit.js';
import { ChainVerifier, entryHash, GENESIS_HASH, UNASSIGNED_CHAIN, type ChainLink, type ChainReport } from '../domain/governance/auditChain.js';
import type { Logger } from '../log.js';

const DUPLICATE_KEY = 11000;
const MAX_APPEND_ATTEMPTS = 200;
/** Entries per batch when the chain is checked (about 3 MB a batch at the usual entry size). */
const VERIFY_BATCH = 10_000;

type StoredEntry = AuditEntry & ChainLink & { _id: string };
interface ChainHead {
  _id: string;
  seq: number;
  hash: string;
}

/** Every hash field an audit document must carry: what the collection validator requires where the server has one. */
export const auditValidator = {
  $jsonSchema: {
    bsonType: 'object',
    required: ['teamId', 'seq', 'prevHash', 'hash', 'at', 'actorId', 'action', 'entity', 'entityId', 'changedFields'],
    properties: {
      teamId: { bsonType: 'string' },
      seq: { bsonType: ['int', 'long', 'double'], minimum: 1 },
      prevHash: { bsonType: 'string', pattern: '^[0-9a-f]{64}$' },
      hash: { bsonType: 'string', pattern: '^[0-9a-f]{64}$' },
      at: { bsonType: 'date' },
    },
  },
} as const;

/** Drops undefined members, so what is hashed is exactly what the database gives back. */
function defined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as T;
}

const CHAIN_FIELDS = { _id: 0, seq: 0, prevHash: 0, hash: 0 } as const;

export class AuditLog {
  private readonly collection: Collection<StoredEntry>;
  private readonly heads: Collection<ChainHead>;
  private readonly appending = new Map<string, Promise<unknown>>();
  /** Where this process last moved each chain's head: a stale one only costs a unique-index clash and a re-read. */
  private readonly knownHeads = new Map<string, ChainHead>();

  constructor(private readonly db: Db) {
    this.collection = db.collection<StoredEntry>('audit');
    this.heads = db.collection<ChainHead>('auditHeads');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ teamId: 1, seq: 1 }, { unique: true });
    await this.collection.createIndex({ entityId: 1, at: 1 });
    await this.collection.createIndex({ actorId: 1, at: 1 });
    await this.collection.createIndex({ teamId: 1, at: 1 });
    await this.collection.createIndex({ caseReference: 1, at: -1 });
  }

  /**
   * Asks the server to refuse audit documents without their hash fields (a $jsonSchema validator). MongoDB
   * applies a validator to inserts and updates alike, so it cannot forbid updates by itself: that is the
   * database role's job (insert and find only on `audit`, see docs/data-protection.md). Servers without
   * validators (the embedded one) or an app user without collMod rights are told in the log, not failed.
   */
  async applyValidator(logger: Logger): Promise<boolean> {
    try {
      const exists = (await this.db.listCollections({ name: 'audit' }, { nameOnly: true }).toArray()).length > 0;
      if (exists) await this.db.command({ collMod: 'audit', validator: auditValidator, validationLevel: 'strict', validationAction: 'error' });
      else await this.db.createCollection('audit', { validator: auditValidator, validationLevel: 'strict', validationAction: 'error' });
      return true;
    } catch (error) {
      logger.warn({ code: (error as { code?: number }).code }, 'the audit collection validator could not be applied; the hash chain still detects any edit');
      return false;
    }
  }

  /**
   * Appends to the team's chain. Appends from this process queue behind each other (they would only clash);
   * the unique index settles races with other instances. With a `key` (a step of a resumable action) the same
   * entry is appended at most once.
   */
  async record(entry: AuditEntry, key?: string): Promise<void> {
    const content = defined({ ...auditEntrySchema.parse(entry) });
    const teamId = content.teamId ?? UNASSIGNED_CHAIN;
    const previous = this.appending.get(teamId) ?? Promise.resolve();
    const appended = previous.then(() => this.append(teamId, content, key));
    const settled = appended.catch(() => undefined);
    this.appending.set(teamId, settled);
    void settled.then(() => {
      if (this.appending.get(teamId) === settled) this.appending.delete(teamId);
    });
    return appended;
  }

  private async append(teamId: string, content: AuditEntry, key: string | undefined): Promise<void> {
    for (let attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt++) {
      const head = this.knownHeads.get(teamId) ?? (await this.heads.findOne({ _id: teamId })) ?? { _id: teamId, seq: 0, hash: GENESIS_HASH };
      const seq = head.seq + 1;
      const stored = { ...content, teamId };
      const hash = entryHash(head.hash, stored);
      try {
        await this.collection.insertOne({ _id: key ?? randomUUID(), ...stored, seq, prevHash: head.hash, hash });
        await this.moveHead(teamId, head.seq, seq, hash);
        this.knownHeads.set(teamId, { _id: teamId, seq, hash });
        return;
      } catch (error) {
        this.knownHeads.delete(teamId);
        if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
        // A resumed step whose entry is already in the chain: nothing more to write.
        if (key && (await this.collection.findOne({ _id: key }, { projection: { _id: 1 } }))) return;
        // Someone else took this number: bring the head up to their entry, then try the next one.
        const taken = await this.collection.findOne({ teamId, seq });
        if (taken) await this.moveHead(teamId, head.seq, taken.seq, taken.hash);
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, attempt + 1)));
      }
    }
    throw new Error('The audit entry could not be appended: too many writers at once.');
  }

  /** Moves the head from `fromSeq` to the entry just written; a head already moved on is left alone. */
  private async moveHead(teamId: string, fromSeq: number, seq: number, hash: string): Promise<void> {
    try {
      await this.heads.updateOne({ _id: teamId, seq: fromSeq }, { $set: { seq, hash } }, { upsert: fromSeq === 0 });
    } catch (error) {
      if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
    }
  }

  /** A page of a case's trail (edits, views, shares, reveals, downloads), newest first. */
  async forCase(caseReference: string, page: number, pageSize: number): Promise<{ entries: AuditEntry[]; total: number }> {
    const [entries, total] = await Promise.all([
      this.collection.find({ caseReference }, { projection: { _id: 0 } }).sort({ at: -1 }).skip(page * pageSize).limit(pageSize).toArray(),
      this.collection.countDocuments({ caseReference }),
    ]);
    return { entries, total };
  }

  async forEntity(entityId: string): Promise<AuditEntry[]> {
    return this.collection.find({ entityId }, { projection: CHAIN_FIELDS }).sort({ at: 1 }).toArray();
  }

  /** A team's entries from `from` (inclusive) to `to` (exclusive), oldest first, without the chain fields. */
  async between(teamId: string, from: Date, to: Date): Promise<AuditEntry[]> {
    return this.collection.find({ teamId, at: { $gte: from, $lt: to } }, { projection: CHAIN_FIELDS }).sort({ at: 1 }).toArray();
  }

  /** Every chain there is (one per team, plus entries that name none). */
  async chains(): Promise<string[]> {
    const heads = await this.heads.find({}, { projection: { _id: 1 } }).toArray();
    return heads.map((head) => head._id).sort();
  }

  /** Where a team's chain ends, as the head document records it. */
  async head(teamId: string): Promise<{ seq: number; hash: string } | undefined> {
    const head = await this.heads.findOne({ _id: teamId });
    return head ? { seq: head.seq, hash: head.hash } : undefined;
  }

  /**
   * Reads a team's whole chain in order and reports the first missing, altered or out-of-order entry: streamed
   * by the (teamId, seq) index in large batches, without the storage id (not hashed), each entry hashed as read.
   */
  async verify(teamId: string): Promise<ChainReport> {
    const verifier = new ChainVerifier(teamId);
    const cursor = this.collection.find({ teamId }, { projection: { _id: 0 } }).sort({ seq: 1 }).batchSize(VERIFY_BATCH);
    try {
      for await (const stored of cursor) if (!verifier.push(stored)) break;
    } finally {
      await cursor.close();
    }
    return verifier.report(await this.head(teamId));
  }
}
