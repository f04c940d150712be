/**
 * Cases in MongoDB. Repositories speak domain types: nothing outside src/db sees a Mongo document or filter.
 * Every write is validated with the domain's zod schema; updates are guarded by the case's version.
 */
import type { Collection, Db, Filter } from 'mongodb';
import { caseSchema, type Case } from '../domain/cases/case.js';
import type { AsbCategory } from '../domain/cases/categories.js';
import { caseSearchKeys, searchKeyFor } from '../domain/cases/searchKeys.js';
import { normaliseCaseReference } from '../domain/cases/reference.js';
import type { CaseStatus } from '../domain/cases/status.js';
import { fromStored, mentionQuery, toStored, type Stored } from './stored.js';
import { readsTogether, type ReadsTogether } from './readsTogether.js';

type CaseDocument = Stored<Case> & {
  /** Normalised names, streets, postcodes and references: what `find <text>` searches (see caseSearchKeys). */
  searchKeys: string[];
  /** The first 3 to 12 letters of every word in the search keys, so part of a name is an index lookup too. */
  searchPrefixes: string[];
  /** The card submission that created the case, so a double click creates one case. */
  idempotencyKey?: string;
};

/** Someone else saved the case first; `current` is what they saved. */
export class CaseVersionConflict extends Error {
  constructor(readonly current: Case) {
    super(`Case ${current.reference} was changed by someone else`);
  }
}

export interface CaseListFilter {
  ownerId?: string;
  /** Only cases of these teams (the officer's). */
  teamIds?: readonly string[];
  statuses?: CaseStatus[];
  category?: AsbCategory;
  area?: string;
  /** Leave out closed cases unless statuses says otherwise. */
  activeOnly?: boolean;
}

export type CaseForOrdering = Pick<Case, 'id' | 'status' | 'riskLevel'>;

function listQuery(filter: CaseListFilter): Filter<CaseDocument> {
  const query: Filter<CaseDocument> = {};
  if (filter.ownerId) query.ownerId = filter.ownerId;
  if (filter.teamIds) query.teamId = { $in: [...filter.teamIds] };
  if (filter.statuses?.length) query.status = { $in: filter.statuses };
  else if (filter.activeOnly) query.status = { $ne: 'closed' };
  if (filter.category) query.categories = filter.category;
  if (filter.area) query.area = filter.area;
  return query;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

const DUPLICATE_KEY = 11000;
const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const MIN_PREFIX = 3;
const MAX_PREFIX = 12;

function wordPrefixes(keys: readonly string[]): string[] {
  const prefixes = new Set<string>();
  for (const word of keys.flatMap((key) => key.split(' '))) {
    for (let length = MIN_PREFIX; length <= Math.min(word.length, MAX_PREFIX); length++) prefixes.add(word.slice(0, length));
  }
  return [...prefixes];
}

function toDocument(value: Case, idempotencyKey?: string): CaseDocument {
  const searchKeys = caseSearchKeys(value);
  return { ...toStored(caseSchema.parse(value)), searchKeys, searchPrefixes: wordPrefixes(searchKeys), ...(idempotencyKey ? { idempotencyKey } : {}) };
}

function fromDocument(doc: CaseDocument): Case {
  const { searchKeys: _keys, searchPrefixes: _prefixes, idempotencyKey: _key, ...stored } = doc;
  return fromStored<Case>(stored);
}

export class CaseRepository {
  private readonly collection: Collection<CaseDocument>;

  /** Reads that start together with others go as one aggregate (readsTogether.ts). */
  private readonly reads: ReadsTogether;

  constructor(db: Db) {
    this.collection = db.collection<CaseDocument>('cases');
    this.reads = readsTogether(db);
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ reference: 1 }, { unique: true });
    await this.collection.createIndex({ idempotencyKey: 1 }, { unique: true, sparse: true });
    await this.collection.createIndex({ ownerId: 1, status: 1 });
    await this.collection.createIndex({ teamId: 1, status: 1 });
    await this.collection.createIndex({ searchKeys: 1 });
    await this.collection.createIndex({ searchPrefixes: 1 });
    // A person's cases (a victim confirmed to be the same person across cases): the Case Review counts per person.
    await this.collection.createIndex({ 'victims.personKey': 1, teamId: 1 }, { sparse: true });
  }

  /** A bulk load (an import from another case system): one round trip per batch, checked like insert. */
  async insertMany(values: readonly Case[]): Promise<void> {
    if (values.length > 0) await this.collection.insertMany(values.map((value) => toDocument(value)), { ordered: false });
  }

  /**
   * Stores a new case. If a case was already created from the same submission (a double click), returns
   * that one instead, with `created: false`.
   */
  async insert(value: Case, idempotencyKey?: string): Promise<{ case: Case; created: boolean }> {
    try {
      await this.collection.insertOne(toDocument(value, idempotencyKey));
      return { case: value, created: true };
    } catch (error) {
      if ((error as { code?: number }).code === DUPLICATE_KEY && idempotencyKey) {
        const existing = await this.collection.findOne({ idempotencyKey });
        if (existing) return { case: fromDocument(existing), created: false };
      }
      throw error;
    }
  }

  /** Removes a case that was never completed (its first incident could not be saved). */
  async discard(id: string): Promise<void> {
    await this.collection.deleteOne({ _id: id });
  }

  async get(id: string): Promise<Case | undefined> {
    const doc = await this.collection.findOne({ _id: id });
    return doc ? fromDocument(doc) : undefined;
  }

  async findByReference(text: string): Promise<Case | undefined> {
    const reference = normaliseCaseReference(text);
    if (!reference) return undefined;
    const doc = await this.reads.findOne(this.collection, { reference });
    return doc ? fromDocument(doc) : undefined;
  }

  /** Saves the next version of a case; throws CaseVersionConflict if the stored one is not its predecessor. */
  async save(next: Case): Promise<Case> {
    const { _id, ...fields } = toDocument(next);
    const result = await this.collection.replaceOne({ _id, version: next.version - 1 }, { ...fields });
    if (result.matchedCount === 1) return next;
    const current = await this.get(next.id);
    if (!current) throw new Error(`Case ${next.reference} no longer exists`);
    throw new CaseVersionConflict(current);
  }

  async list(filter: CaseListFilter, page: number, pageSize: number): Promise<Page<Case>> {
    const query = listQuery(filter);
    const [docs, total] = await Promise.all([
      this.collection.find(query).sort({ updatedAt: -1 }).skip(page * pageSize).limit(pageSize).toArray(),
      this.collection.countDocuments(query),
    ]);
    return { items: docs.map(fromDocument), total, page, pageSize };
  }

  /**
   * The first `limit` cases of a list (most recently updated first) as what ordering them needs, and the list's
   * length: a caseload of hundreds is sorted without reading every case whole.
   */
  async listForOrdering(filter: CaseListFilter, limit: number): Promise<{ items: CaseForOrdering[]; total: number }> {
    const query = listQuery(filter);
    const [docs, total] = await Promise.all([
      this.collection.find(query, { projection: { _id: 1, status: 1, riskLevel: 1 } }).sort({ updatedAt: -1 }).limit(limit).toArray(),
      this.collection.countDocuments(query),
    ]);
    return { items: docs.map((doc) => ({ id: doc._id, status: doc.status, ...(doc.riskLevel ? { riskLevel: doc.riskLevel } : {}) })), total };
  }

  /** These cases, in the order given (those no longer stored left out). */
  async getMany(ids: readonly string[]): Promise<Case[]> {
    const docs = new Map((await this.collection.find({ _id: { $in: [...ids] } }).toArray()).map((doc) => [doc._id, fromDocument(doc)]));
    return ids.flatMap((id) => (docs.has(id) ? [docs.get(id)!] : []));
  }

  /**
   * Cases matching what an officer typed: a case reference, postcode or police reference exactly, otherwise
   * part of a name, street or place. Newest activity first.
   */
  async search(text: string, scope: { teamIds: readonly string[] }, limit: number): Promise<Case[]> {
    const { kind, key } = searchKeyFor(text);
    if (!key) return [];
    const inScope: Filter<CaseDocument> = { teamId: { $in: [...scope.teamIds] } };
    const exact = await this.collection.find({ ...inScope, searchKeys: key }).sort({ updatedAt: -1 }).limit(limit).toArray();
    if (exact.length > 0 || kind === 'reference') return exact.map(fromDocument);
    // Narrow by the start of the longest word typed (an index lookup), then match the whole text.
    const longest = key.split(' ').reduce((a, b) => (b.length > a.length ? b : a), '');
    const narrowed: Filter<CaseDocument> = longest.length >= MIN_PREFIX ? { searchPrefixes: longest.slice(0, MAX_PREFIX) } : {};
    const partial = await this.collection
      .find({ ...narrowed, ...inScope, searchKeys: { $regex: escapeRegex(key) } })
      .sort({ updatedAt: -1 })
      .limit(limit)
      .toArray();
    return partial.map(fromDocument);
  }

  /** Open cases of these teams sharing a search key (a name, street, postcode...): duplicate candidates. */
  async openCasesSharingKeys(keys: readonly string[], teamIds: readonly string[]): Promise<Case[]> {
    if (keys.length === 0) return [];
    const docs = await this.collection
      .find({ searchKeys: { $in: [...keys] }, teamId: { $in: [...teamIds] }, status: { $ne: 'closed' } })
      .limit(50)
      .toArray();
    return docs.map(fromDocument);
  }

  /**
   * The team's other cases (open or closed) with a victim sharing a word of this name: candidates for "the same
   * person", narrowed by the caller (src/domain/caseReview/samePerson.ts).
   */
  async withVictimsNamedLike(name: string, teamId: string, exceptCaseId: string): Promise<Case[]> {
    const words = [...new Set(name.split(/\s+/).filter((w) => w.length >= 2))];
    if (words.length === 0) return [];
    const docs = await this.collection
      .find({ teamId, _id: { $ne: exceptCaseId }, $or: words.map((word) => ({ 'victims.name': mentionQuery(word) })) })
      .limit(200)
      .toArray();
    return docs.map(fromDocument);
  }

  /** The area and ward pairs of the team's cases not yet closed (they must stay on the team's list). */
  async areasInUse(teamId: string): Promise<Array<{ area: string; ward: string }>> {
    const groups = await this.collection.aggregate<{ _id: { area: string; ward: string } }>([
      { $match: { teamId, status: { $ne: 'closed' } } },
      { $group: { _id: { area: '$area', ward: '$ward' } } },
    ]).toArray();
    return groups.map((g) => g._id);
  }

  /** The team's other cases (open or closed) where one of these people is a victim. */
  async withVictimPersons(personKeys: readonly string[], teamId: string, exceptCaseId: string): Promise<Case[]> {
    if (personKeys.length === 0) return [];
    const docs = await this.collection
      .find({ 'victims.personKey': { $in: [...personKeys] }, teamId, _id: { $ne: exceptCaseId } })
      .limit(200)
      .toArray();
    return docs.map(fromDocument);
  }
}
