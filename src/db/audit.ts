/** The audit trail in MongoDB: append-only entries of who did what (field names only, never values). */
import type { Collection, Db } from 'mongodb';
import { auditEntrySchema, type AuditEntry } from '../domain/cases/audit.js';

export class AuditLog {
  private readonly collection: Collection<AuditEntry & { _id?: string }>;

  constructor(db: Db) {
    this.collection = db.collection<AuditEntry & { _id?: string }>('audit');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ entityId: 1, at: 1 });
    await this.collection.createIndex({ actorId: 1, at: 1 });
  }

  /** Appends an entry; with a `key` (a step of a resumable action) the same entry is written at most once. */
  async record(entry: AuditEntry, key?: string): Promise<void> {
    try {
      await this.collection.insertOne({ ...auditEntrySchema.parse(entry), ...(key ? { _id: key } : {}) });
    } catch (error) {
      if (!key || (error as { code?: number }).code !== 11000) throw error;
    }
  }

  async forEntity(entityId: string): Promise<AuditEntry[]> {
    return this.collection.find({ entityId }, { projection: { _id: 0 } }).sort({ at: 1 }).toArray();
  }
}
