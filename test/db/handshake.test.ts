import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MongoServerError } from 'mongodb';
import { connectTarget, type TestTarget } from './target.js';

let target: TestTarget;
beforeAll(async () => {
  target = await connectTarget();
});
afterAll(async () => target.stop());

describe('handshake and server commands', () => {
  it('answers hello as a writable standalone primary with the standard limits', async () => {
    const hello = await target.db.admin().command({ hello: 1 });
    expect(hello).toMatchObject({
      ok: 1,
      isWritablePrimary: true,
      maxBsonObjectSize: 16777216,
      maxMessageSizeBytes: 48000000,
      maxWriteBatchSize: 100000,
    });
    expect(hello.maxWireVersion).toBeGreaterThanOrEqual(21);
    expect(hello.minWireVersion).toBeGreaterThanOrEqual(0);
    expect(hello.localTime).toBeInstanceOf(Date);
    expect(hello.setName).toBeUndefined();
    if (target.embedded) {
      expect(hello.maxWireVersion).toBe(21);
      // Without topologyVersion the driver polls hello rather than streaming it.
      expect(hello.topologyVersion).toBeUndefined();
    }
  });

  it('answers the legacy isMaster spelling too', async () => {
    expect(await target.db.admin().command({ isMaster: 1 })).toMatchObject({ ok: 1, ismaster: true });
  });

  it('answers ping, buildInfo and endSessions', async () => {
    expect(await target.db.admin().command({ ping: 1 })).toEqual({ ok: 1 });
    const info = await target.db.admin().command({ buildInfo: 1 });
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(Array.isArray(info.versionArray)).toBe(true);
    expect((await target.db.admin().command({ endSessions: [] })).ok).toBe(1);
  });

  it('refuses an unknown command with CommandNotFound (59)', async () => {
    const error = await target.db.command({ noSuchCommand: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MongoServerError);
    expect(error).toMatchObject({ code: 59, codeName: 'CommandNotFound' });
  });

  it('refuses transactions the way a standalone server does', async () => {
    const session = target.client.startSession();
    try {
      const error = await session
        .withTransaction(async () => {
          await target.db.collection('txn').insertOne({ a: 1 }, { session });
        })
        .catch((e: unknown) => e as Error);
      // The driver rewrites the server's IllegalOperation (20) reply into this advice.
      expect(String((error as Error).message)).toMatch(/does not support retryable writes|Transaction numbers are only allowed/);
    } finally {
      await session.endSession();
    }
    expect(await target.db.collection('txn').countDocuments()).toBe(0);
  });

  it('replies IllegalOperation (20) to a raw command carrying a transaction number', async () => {
    const error = await target.db
      .command({ find: 'txn', filter: {}, txnNumber: 1, startTransaction: true, autocommit: false })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 20, codeName: 'IllegalOperation' });
  });
});
