/**
 * The audit trail in MongoDB: append-only entries of who did what (field names only, never values), one hash
 * chain per team (domain/governance/auditChain.ts). The product only ever inserts and reads here: a correction
 * or a destruction is a new entry (a tombstone), never an update or a delete.
 *
 * Appending claims the next sequence number of the team's chain: (teamId, seq) is a unique index, so two
 * writers racing for the same number clash and the loser retries on top of the winner. A
 * small head document per team (`auditHeads`) says where the chain ends, so an append reads one document,
 * not the chain; if a writer died between its insert and moving the head, the next writer moves it on.
 *
 * The head is moved after the reply (once no turn is waiting, see src/turnsInProgress.ts), one update per team
 * for every entry appended meanwhile: an audited view costs its turn one write, the insert. The trade-off: for up
 * to two seconds the stored head may be behind the chain, so a truncation of those newest entries would not be
 * seen by a check in that window. Anything here that reads the head writes the moves waiting first.
 */
import { randomUUID } from 'node:crypto';
import { MongoBulkWriteError, type Collection, type Db } from 'mongodb';
import { auditEntrySchema, type AuditEntry } from '../domain/cases/audit.js';
import { ChainVerifier, entryHash, GENESIS_HASH, UNASSIGNED_CHAIN, type ChainLink, type ChainReport } from '../domain/governance/auditChain.js';
import type { Logger } from '../log.js';
import { afterWorkInHand, onceAfter } from '../turnsInProgress.js';

const DUPLICATE_KEY = 11000;
const MAX_APPEND_ATTEMPTS = 200;
/** At most this many queued entries go into one insert. */
const MAX_BATCH = 100;

interface PendingAppend {
  content: AuditEntry;
  key: string | undefined;
  resolve(): void;
  reject(error: unknown): void;
}

/** A bulk write that failed only on duplicate keys (a clash in the chain, or a keyed entry already appended). */
const isDuplicateOnly = (error: MongoBulkWriteError) => {
  const errors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
  return errors.length > 0 && errors.every((e) => e.code === DUPLICATE_KEY);
};
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
  /** Where this process last moved each chain's head: a stale one only costs a unique-index clash and a re-read. */
  private readonly knownHeads = new Map<string, ChainHead>();

  /** `afterTurns`: when the head moves are written (src/turnsInProgress.ts: once no turn is waiting for its reply). */
  constructor(private readonly db: Db, afterTurns: () => Promise<void> = afterWorkInHand) {
    this.collection = db.collection<StoredEntry>('audit');
    this.heads = db.collection<ChainHead>('auditHeads');
    this.scheduleHeadMoves = onceAfter(afterTurns, () => this.flush());
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
   * Appends to the team's chain. Appends from this process queue behind each other (they would only clash), and
   * those that queued while one was written go in together: one ordered insert of consecutive links (each entry
   * still carries its seq, the previous entry's hash and its own), then one move of the head, after the reply.
   * Each caller's promise settles only once its entry is written, so a view is still audited before its reply. The unique
   * index settles races with other instances. With a `key` (a step of a resumable action) the same entry is
   * appended at most once.
   */
  async record(entry: AuditEntry, key?: string): Promise<void> {
    const content = defined({ ...auditEntrySchema.parse(entry) });
    const teamId = content.teamId ?? UNASSIGNED_CHAIN;
    return new Promise<void>((resolve, reject) => {
      const queue = this.waiting.get(teamId) ?? [];
      queue.push({ content, key, resolve, reject });
      this.waiting.set(teamId, queue);
      if (!this.draining.has(teamId)) void this.drain(teamId);
    });
  }

  /** Entries waiting for their team's chain, in the order they were recorded. */
  private readonly waiting = new Map<string, PendingAppend[]>();
  private readonly draining = new Set<string>();

  private async drain(teamId: string): Promise<void> {
    this.draining.add(teamId);
    try {
      for (let queue = this.waiting.get(teamId); queue && queue.length > 0; queue = this.waiting.get(teamId)) {
        const batch = queue.splice(0, MAX_BATCH);
        if (queue.length === 0) this.waiting.delete(teamId);
        await this.appendBatch(teamId, batch);
      }
    } finally {
      this.draining.delete(teamId);
    }
  }

  /** Never rejects: each pending entry is settled on its own. */
  private async appendBatch(teamId: string, batch: PendingAppend[]): Promise<void> {
    let done = 0;
    try {
      if (batch.length > 1) done = await this.appendTogether(teamId, batch);
      for (; done < batch.length; done++) {
        const item = batch[done]!;
        await this.append(teamId, item.content, item.key).then(item.resolve, item.reject);
      }
    } catch (error) {
      for (const item of batch.slice(done)) item.reject(error);
    }
  }

  /**
   * Writes the batch as consecutive links after the head; returns how many were written (and settled). A clash
   * (another instance's entry, or a keyed entry already there) stops the ordered insert: the entries before it
   * stand, and the rest are appended one at a time by the usual retrying path.
   */
  private async appendTogether(teamId: string, batch: PendingAppend[]): Promise<number> {
    const head = await this.currentHead(teamId);
    const links: StoredEntry[] = [];
    let previous = head;
    for (const item of batch) {
      const stored = { ...item.content, teamId };
      const link = { _id: item.key ?? randomUUID(), ...stored, seq: previous.seq + 1, prevHash: previous.hash, hash: entryHash(previous.hash, stored) };
      links.push(link);
      previous = { _id: teamId, seq: link.seq, hash: link.hash };
    }
    let written = links.length;
    try {
      await this.collection.insertMany(links, { ordered: true });
    } catch (error) {
      this.knownHeads.delete(teamId);
      if (!(error instanceof MongoBulkWriteError) || !isDuplicateOnly(error)) throw error;
      written = error.insertedCount;
    }
    if (written === 0) return 0;
    const last = links[written - 1]!;
    this.moveHeadLater(teamId, head.seq, last.seq, last.hash);
    if (written === links.length) this.knownHeads.set(teamId, { _id: teamId, seq: last.seq, hash: last.hash });
    for (const item of batch.slice(0, written)) item.resolve();
    return written;
  }

  private async append(teamId: string, content: AuditEntry, key: string | undefined): Promise<void> {
    for (let attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt++) {
      const head = await this.currentHead(teamId);
      const seq = head.seq + 1;
      const stored = { ...content, teamId };
      const hash = entryHash(head.hash, stored);
      try {
        await this.collection.insertOne({ _id: key ?? randomUUID(), ...stored, seq, prevHash: head.hash, hash });
        this.moveHeadLater(teamId, head.seq, seq, hash);
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

  /** Where this process's next append goes: its own last entry, else the stored head once the moves waiting are written. */
  private async currentHead(teamId: string): Promise<ChainHead> {
    const known = this.knownHeads.get(teamId);
    if (known) return known;
    await this.flush();
    return (await this.heads.findOne({ _id: teamId })) ?? { _id: teamId, seq: 0, hash: GENESIS_HASH };
  }

  /** Head moves not written yet, by team: from the head the first of them started on to the latest entry. */
  private readonly headMoves = new Map<string, { fromSeq: number; seq: number; hash: string }>();
  private readonly scheduleHeadMoves: () => void;
  private headsWritten: Promise<void> = Promise.resolve();

  private moveHeadLater(teamId: string, fromSeq: number, seq: number, hash: string): void {
    const waiting = this.headMoves.get(teamId);
    this.headMoves.set(teamId, { fromSeq: waiting?.fromSeq ?? fromSeq, seq, hash });
    this.scheduleHeadMoves();
  }

  /**
   * Writes the head moves waiting now, after those already being written, and waits for them. A move that fails
   * is not retried: the entry stands, and the next writer that reads the stale head clashes and moves it on.
   */
  flush(): Promise<void> {
    const moves = [...this.headMoves];
    this.headMoves.clear();
    if (moves.length > 0) {
      this.headsWritten = this.headsWritten.then(async () => {
        await Promise.all(moves.map(([teamId, move]) => this.moveHead(teamId, move.fromSeq, move.seq, move.hash).catch(() => undefined)));
      });
    }
    return this.headsWritten;
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
    await this.flush();
    const heads = await this.heads.find({}, { projection: { _id: 1 } }).toArray();
    return heads.map((head) => head._id).sort();
  }

  /** Where a team's chain ends, as the head document records it. */
  async head(teamId: string): Promise<{ seq: number; hash: string } | undefined> {
    await this.flush();
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
