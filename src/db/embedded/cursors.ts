/** Server-side cursors: the rest of a result set, handed out batch by batch through `getMore`. */
import type { Document } from 'bson';
import { randomBytes } from 'node:crypto';
import { EncodedBatch } from './encodedBatch.js';
import { cursorNotFound } from './errors.js';
import { CURSOR_TIMEOUT_MS, DEFAULT_FIRST_BATCH, DEFAULT_GETMORE_BYTES } from './limits.js';

interface OpenCursor {
  ns: string;
  docs: Document[];
  shape: Shape | undefined;
  position: number;
  lastUsed: number;
}

export interface CursorReply {
  id: bigint;
  ns: string;
  firstBatch?: EncodedBatch;
  nextBatch?: EncodedBatch;
}

/** What a cursor does to each document as its batch is cut (a find's projection). */
export type Shape = (doc: Document) => Document;

export class Cursors {
  private readonly open = new Map<bigint, OpenCursor>();

  get count(): number {
    return this.open.size;
  }

  /** Returns the first batch; keeps a cursor open only if documents remain and `singleBatch` is not set. */
  start(ns: string, docs: Document[], batchSize: number | undefined, singleBatch = false, shape?: Shape): CursorReply {
    const batch = EncodedBatch.cut(docs, 0, batchSize ?? DEFAULT_FIRST_BATCH, DEFAULT_GETMORE_BYTES, shape);
    if (singleBatch || batch.length === docs.length) return { id: 0n, ns, firstBatch: batch };
    const id = randomBytes(8).readBigInt64LE() & 0x3fffffffffffffffn || 1n;
    this.open.set(id, { ns, docs, shape, position: batch.length, lastUsed: Date.now() });
    return { id, ns, firstBatch: batch };
  }

  next(id: bigint, ns: string, batchSize: number | undefined): CursorReply {
    const cursor = this.open.get(id);
    if (!cursor || cursor.ns !== ns) throw cursorNotFound(id);
    const batch = EncodedBatch.cut(cursor.docs, cursor.position, batchSize, DEFAULT_GETMORE_BYTES, cursor.shape);
    cursor.position += batch.length;
    cursor.lastUsed = Date.now();
    const exhausted = cursor.position >= cursor.docs.length;
    if (exhausted) this.open.delete(id);
    return { id: exhausted ? 0n : id, ns, nextBatch: batch };
  }

  kill(ids: bigint[]): { killed: bigint[]; notFound: bigint[] } {
    const killed = ids.filter((id) => this.open.delete(id));
    return { killed, notFound: ids.filter((id) => !killed.includes(id)) };
  }

  /** Closes cursors idle for longer than the cursor timeout. */
  reap(now = Date.now()): void {
    for (const [id, cursor] of this.open) if (now - cursor.lastUsed > CURSOR_TIMEOUT_MS) this.open.delete(id);
  }
}
