/**
 * A cursor reply built from already-serialised documents is byte for byte what serialising the whole reply
 * gives: the driver reads the same batch, ids and namespace (seeded property test, then the empty batch).
 */
import { describe, expect, it } from '@jest/globals';
import { BSON, Long, type Document } from 'bson';
import fc from 'fast-check';
import { EncodedBatch, serializeCursorReply } from '../../src/db/embedded/encodedBatch.js';

const plain = (docs: Document[], field: 'firstBatch' | 'nextBatch', id: bigint) => ({ cursor: { id: Long.fromBigInt(id), ns: 'db.audit', [field]: docs }, ok: 1 });
const document = fc.record({ _id: fc.string(), seq: fc.integer(), at: fc.date({ noInvalidDate: true }), tags: fc.array(fc.string(), { maxLength: 3 }), note: fc.option(fc.string(), { nil: null }) });

describe('cursor replies from encoded batches', () => {
  it('decode to the same reply as serialising it whole', () => {
    fc.assert(
      fc.property(fc.array(document, { maxLength: 30 }), fc.constantFrom('firstBatch' as const, 'nextBatch' as const), fc.bigInt({ min: 0n, max: 2n ** 62n }), (docs, field, id) => {
        const encoded = serializeCursorReply({ cursor: { id: Long.fromBigInt(id), ns: 'db.audit', [field]: EncodedBatch.cut(docs, 0, 0, 16 * 1024 * 1024) }, ok: 1 });
        expect(BSON.deserialize(encoded!)).toEqual(BSON.deserialize(BSON.serialize(plain(docs, field, id))));
      }),
      { seed: 17, numRuns: 200 },
    );
  });

  it('cuts a batch at its count and its byte limit, never below one document', () => {
    const docs = Array.from({ length: 10 }, (_, i) => ({ _id: i, text: 'x'.repeat(100) }));
    expect(EncodedBatch.cut(docs, 2, 3, 1 << 20).length).toBe(3);
    expect(EncodedBatch.cut(docs, 0, 0, 250).length).toBe(2);
    expect(EncodedBatch.cut(docs, 0, 0, 10).length).toBe(1);
    expect(EncodedBatch.cut(docs, 10, 5, 1 << 20).length).toBe(0);
    const empty = serializeCursorReply({ cursor: { id: Long.fromBigInt(0n), ns: 'db.x', nextBatch: EncodedBatch.cut(docs, 10, 5, 1 << 20) }, ok: 1 });
    expect(BSON.deserialize(empty!)).toEqual({ cursor: { id: 0, ns: 'db.x', nextBatch: [] }, ok: 1 });
  });
});

describe('large encoded batches', () => {
  it('hold documents well past the first scratch buffer, each shaped as asked', () => {
    const docs = Array.from({ length: 40 }, (_, i) => ({ _id: i, text: String(i).repeat(60_000), dropped: true }));
    const shape = ({ dropped: _dropped, ...rest }: Document) => rest;
    const encoded = serializeCursorReply({ cursor: { id: Long.fromBigInt(0n), ns: 'db.audit', firstBatch: EncodedBatch.cut(docs, 0, 0, 16 * 1024 * 1024, shape) }, ok: 1 });
    expect(BSON.deserialize(encoded!)).toEqual(BSON.deserialize(BSON.serialize(plain(docs.map(shape), 'firstBatch', 0n))));
  });
});
