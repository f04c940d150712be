/**
 * Removing the documents of a collection whose stored words mention a case or a person (any of the needles,
 * case-insensitive): destroyed cases and erased people leave nothing in the outbox or in recorded actions.
 * A scan, because the words can sit anywhere in a payload or card; destruction and erasure are rare.
 */
import type { Db, Document, Filter } from 'mongodb';

export async function removeMentioning(db: Db, collection: string, needles: readonly string[], options: { projection: Document; filter?: Filter<Document> }): Promise<number> {
  const lower = needles.filter((n) => n.length >= 2).map((n) => n.toLowerCase());
  if (lower.length === 0) return 0;
  const doomed: unknown[] = [];
  for await (const found of db.collection(collection).find(options.filter ?? {}, { projection: options.projection }) as AsyncIterable<Document>) {
    const words = JSON.stringify(found).toLowerCase();
    if (lower.some((needle) => words.includes(needle))) doomed.push(found._id);
  }
  if (doomed.length === 0) return 0;
  return (await db.collection(collection).deleteMany({ _id: { $in: doomed as never[] } })).deletedCount;
}
