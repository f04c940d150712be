/**
 * Requests from data subjects, kept as a record of what was asked and answered: a subject access request with
 * the records the manager confirmed are the person, and each erasure with its reason. The audit trail names
 * the request; the request holds what the audit may not (the reason's words, the records chosen).
 */
import type { Collection, Db } from 'mongodb';

export interface SubjectRecord {
  caseId: string;
  personId: string;
}

export interface AccessRequest {
  _id: string;
  kind: 'access';
  teamId: string;
  tenantId: string;
  requestedBy: { id: string; name: string };
  receivedOn: string;
  dueOn: string;
  /** The person's records the manager confirmed, across the team's cases. */
  subjects: SubjectRecord[];
  createdAt: Date;
}

export interface ErasureRequest {
  _id: string;
  kind: 'erasure';
  teamId: string;
  decidedBy: { id: string; name: string };
  caseId: string;
  personId: string;
  reason: string;
  createdAt: Date;
}

export type SubjectRequest = AccessRequest | ErasureRequest;

export class SubjectRequestStore {
  private readonly collection: Collection<SubjectRequest>;

  constructor(db: Db) {
    this.collection = db.collection<SubjectRequest>('subjectRequests');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ teamId: 1, createdAt: -1 });
  }

  /** Saves the request once: the same id again (a retry) keeps the first. */
  async put(request: SubjectRequest): Promise<void> {
    const { _id, ...rest } = request;
    await this.collection.updateOne({ _id }, { $setOnInsert: rest }, { upsert: true });
  }

  async getAccess(id: string): Promise<AccessRequest | undefined> {
    const found = await this.collection.findOne({ _id: id, kind: 'access' });
    return (found as AccessRequest | null) ?? undefined;
  }

  /** A destroyed case leaves no trace here either (src/db/caseDestruction.ts). */
  async forgetCase(caseId: string): Promise<number> {
    const erased = await this.collection.deleteMany({ kind: 'erasure', caseId });
    const pulled = await this.collection.updateMany({ kind: 'access', 'subjects.caseId': caseId }, { $pull: { subjects: { caseId } } } as never);
    return erased.deletedCount + pulled.modifiedCount;
  }
}
