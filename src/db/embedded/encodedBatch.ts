/**
 * A cursor batch as BSON bytes: each document is serialised once, when the batch is cut, and its bytes are
 * copied into the reply as they are, instead of being measured, then serialised again inside the reply.
 */
import { BSON, type Document } from 'bson';

const SERIALIZE: BSON.SerializeOptions = { ignoreUndefined: true };

export class EncodedBatch {
  private constructor(readonly docs: Uint8Array[]) {}

  get length(): number {
    return this.docs.length;
  }

  /** Documents from `from`, at most `count` (all if undefined or 0) and, after the first, no more than `maxBytes`. */
  static cut(docs: Document[], from: number, count: number | undefined, maxBytes: number): EncodedBatch {
    const end = count ? Math.min(docs.length, from + count) : docs.length;
    const encoded: Uint8Array[] = [];
    let bytes = 0;
    for (let i = from; i < end; i++) {
      const doc = BSON.serialize(docs[i]!, SERIALIZE);
      bytes += doc.length;
      if (bytes > maxBytes && encoded.length > 0) break;
      encoded.push(doc);
    }
    return new EncodedBatch(encoded);
  }

  /** The batch as a BSON array element named `name`. */
  element(name: string): Buffer {
    const parts: Uint8Array[] = [];
    let size = 5;
    for (const [i, doc] of this.docs.entries()) {
      const head = Buffer.from(`\x03${i}\x00`, 'latin1');
      parts.push(head, doc);
      size += head.length + doc.length;
    }
    const length = Buffer.alloc(4);
    length.writeInt32LE(size);
    return Buffer.concat([Buffer.from(`\x04${name}\x00`, 'latin1'), length, ...parts, Buffer.from([0])]);
  }
}

/**
 * A command reply whose `cursor` holds an EncodedBatch: the rest is serialised with the cursor document last,
 * then the batch element goes in just before that document's end and both lengths grow by its size.
 */
export function serializeCursorReply(reply: Document): Buffer | undefined {
  const cursor = reply.cursor as Document | undefined;
  if (!cursor) return undefined;
  const field = cursor.firstBatch instanceof EncodedBatch ? 'firstBatch' : cursor.nextBatch instanceof EncodedBatch ? 'nextBatch' : undefined;
  if (!field) return undefined;
  const { cursor: _cursor, ...rest } = reply;
  const { [field]: batch, ...cursorRest } = cursor;
  const head = BSON.serialize({ ...rest, cursor: cursorRest }, SERIALIZE);
  const cursorSize = BSON.calculateObjectSize(cursorRest, SERIALIZE);
  const cursorStart = head.length - 1 - cursorSize;
  const element = (batch as EncodedBatch).element(field);
  const out = Buffer.concat([head.subarray(0, head.length - 2), element, Buffer.from([0, 0])]);
  out.writeInt32LE(head.length + element.length, 0);
  out.writeInt32LE(cursorSize + element.length, cursorStart);
  return out;
}
