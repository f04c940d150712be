/**
 * A cursor batch as BSON bytes: the documents are serialised once, when the batch is cut, one after another into
 * a scratch buffer as the elements of the batch array, then copied out in one piece; the reply takes those bytes
 * as they are instead of measuring the documents and serialising them again.
 */
import { BSON, type Document } from 'bson';
import { MAX_MESSAGE_SIZE_BYTES } from './limits.js';

const SERIALIZE: BSON.SerializeOptions = { ignoreUndefined: true };

/** Reused by every cut (each is synchronous and copies its bytes out); grown when a batch needs more. */
let scratch = Buffer.allocUnsafe(1 << 20);

export class EncodedBatch {
  private constructor(
    /** The array's elements: for each document, type 0x03, its index as a C string, then its bytes. */
    private readonly elements: Buffer,
    readonly length: number,
  ) {}

  /**
   * Documents from `from`, at most `count` (all if undefined or 0) and, after the first, no more than `maxBytes`,
   * each passed through `shape` first if given.
   */
  static cut(docs: Document[], from: number, count: number | undefined, maxBytes: number, shape?: (doc: Document) => Document): EncodedBatch {
    const end = count ? Math.min(docs.length, from + count) : docs.length;
    let used = 0;
    let bytes = 0;
    let n = 0;
    for (let i = from; i < end; i++) {
      const start = used;
      const after = writeElement(n, shape ? shape(docs[i]!) : docs[i]!, start);
      bytes += after - start - elementHeadLength(n);
      if (bytes > maxBytes && n > 0) break;
      used = after;
      n += 1;
    }
    return new EncodedBatch(Buffer.from(scratch.subarray(0, used)), n);
  }

  /** The batch as a BSON array element named `name`. */
  element(name: string): Buffer {
    const head = Buffer.from(`\x04${name}\x00\0\0\0\0`, 'latin1');
    head.writeInt32LE(this.elements.length + 5, head.length - 4);
    return Buffer.concat([head, this.elements, Buffer.from([0])]);
  }
}

const elementHeadLength = (index: number) => 2 + String(index).length;

/** Writes array element `index` holding `doc` into the scratch buffer at `at`, growing it if needed; returns its end. */
function writeElement(index: number, doc: Document, at: number): number {
  for (;;) {
    try {
      const docAt = at + scratch.write(`\x03${index}\x00`, at, 'latin1');
      if (docAt !== at + elementHeadLength(index)) throw new RangeError('scratch buffer full');
      return BSON.serializeWithBufferAndIndex(doc, scratch, { ...SERIALIZE, index: docAt }) + 1;
    } catch (error) {
      // Uint8Array.set refuses to write past the end (a RangeError, from whichever realm): grow, within reason.
      if ((error as Error | undefined)?.name !== 'RangeError' || scratch.length > MAX_MESSAGE_SIZE_BYTES) throw error;
      const grown = Buffer.allocUnsafe(scratch.length * 2);
      scratch.copy(grown, 0, 0, at);
      scratch = grown;
    }
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
