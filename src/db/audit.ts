/** The audit trail in MongoDB: append-only entries of who did what (field names only, never values). */
import type { Collection, Db } from 'mongodb';
import { auditEntrySchema, type AuditEntry } from '../domain/cases/audit.js';

export class AuditLog {
  private readonly collection: Collection<AuditEntry>;

  constructor(db: Db) {
    this.collection = db.collection<AuditEntry>('audit');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ entityId: 1, at: 1 });
    await this.collection.createIndex({ actorId: 1, at: 1 });
    await this.collection.createIndex({ caseReference: 1, at: -1 });
  }

  async record(entry: AuditEntry): Promise<void> {
    await this.collection.insertOne({ ...auditEntrySchema.parse(entry) });
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
    return this.collection.find({ entityId }, { projection: { _id: 0 } }).sort({ at: 1 }).toArray();
  }
}
