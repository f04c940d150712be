/**
 * Reads that start together go to the database as one aggregate. A case card reads six collections at once
 * (incidents, notes, reminders, risk assessments, referrals, meeting actions); sent one by one, each takes a
 * pooled connection, a round trip and the driver's and the server's work per command (10 commands a card, now 3).
 * Batched by `dataloader` (the reads started in the same tick, from any turn), each read becomes one branch:
 *
 *   [$match, $sort, $limit, $group { _id: <n>, docs: $push }] on its collection, joined by $unionWith
 *
 * $unionWith (MongoDB 4.4+) does not promise the order of the combined output, so each read comes back as one
 * document holding its results in its own sorted order ($push keeps the order the documents arrive in).
 * When the batch fails (a server without $unionWith, a group over 16 MB), each read is sent alone, so a read
 * only ever fails with its own error.
 */
import DataLoader from 'dataloader';
import type { Collection, Db, Document, Filter } from 'mongodb';

interface Read {
  collection: string;
  filter: Filter<Document>;
  sort?: Record<string, 1 | -1>;
  limit?: number;
}

/** The server has no $unionWith ("Unrecognized pipeline stage"): reads go alone from then on. */
const UNRECOGNISED_STAGE = 40324;
/** More branches would make one slow read hold up many turns' reads. */
const MOST_READS_AT_ONCE = 24;

export class ReadsTogether {
  private unionRefused = false;
  private readonly loader = new DataLoader<Read, Document[]>((reads) => this.send(reads), { cache: false, maxBatchSize: MOST_READS_AT_ONCE });

  constructor(private readonly db: Db) {}

  /** The documents of `collection` matching `filter`, in `sort` order, at most `limit`: as `find` would give them. */
  find<T extends Document>(collection: Collection<T>, filter: Filter<T>, options: { sort?: Record<string, 1 | -1>; limit?: number } = {}): Promise<T[]> {
    return this.loader.load({ collection: collection.collectionName, filter: filter as Filter<Document>, ...options }) as Promise<T[]>;
  }

  /** The first match in `sort` order, as `findOne` would give it. */
  async findOne<T extends Document>(collection: Collection<T>, filter: Filter<T>, sort?: Record<string, 1 | -1>): Promise<T | undefined> {
    return (await this.find(collection, filter, { ...(sort ? { sort } : {}), limit: 1 }))[0];
  }

  private async send(reads: readonly Read[]): Promise<Array<Document[] | Error>> {
    if (reads.length === 1 || this.unionRefused) return this.eachAlone(reads);
    const [first, ...others] = reads as [Read, ...Read[]];
    const pipeline = [...branch(first, 0), ...others.map((read, i) => ({ $unionWith: { coll: read.collection, pipeline: branch(read, i + 1) } }))];
    try {
      const found = await this.db.collection(first.collection).aggregate<{ _id: number; docs: Document[] }>(pipeline).toArray();
      const byRead = new Map(found.map((group) => [group._id, group.docs]));
      return reads.map((_, i) => byRead.get(i) ?? []);
    } catch (error) {
      if ((error as { code?: number }).code === UNRECOGNISED_STAGE) this.unionRefused = true;
      return this.eachAlone(reads);
    }
  }

  private eachAlone(reads: readonly Read[]): Promise<Array<Document[] | Error>> {
    return Promise.all(reads.map((read) => alone(this.db, read).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))))));
  }
}

function branch(read: Read, n: number): Document[] {
  return [
    { $match: read.filter },
    ...(read.sort ? [{ $sort: read.sort }] : []),
    ...(read.limit ? [{ $limit: read.limit }] : []),
    { $group: { _id: n, docs: { $push: '$$ROOT' } } },
  ];
}

function alone(db: Db, read: Read): Promise<Document[]> {
  const cursor = db.collection(read.collection).find(read.filter);
  if (read.sort) cursor.sort(read.sort);
  if (read.limit) cursor.limit(read.limit);
  return cursor.toArray();
}

const byDatabase = new WeakMap<Db, ReadsTogether>();

/** One batcher per database, shared by the repositories. */
export function readsTogether(db: Db): ReadsTogether {
  let reads = byDatabase.get(db);
  if (!reads) byDatabase.set(db, (reads = new ReadsTogether(db)));
  return reads;
}
