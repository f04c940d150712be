/** Atomic sequences (one document per counter), e.g. the per-year case reference number. */
import type { Db } from 'mongodb';

interface Counter {
  _id: string;
  value: number;
}

/** The next value of a counter, starting at 1. Concurrent callers always get distinct values; none is reused. */
export async function nextSequence(db: Db, name: string): Promise<number> {
  const counter = await db
    .collection<Counter>('counters')
    .findOneAndUpdate({ _id: name }, { $inc: { value: 1 } }, { upsert: true, returnDocument: 'after' });
  return counter!.value;
}
