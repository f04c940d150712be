/**
 * The server a database test runs against: a real MongoDB when TEST_MONGODB_URI is set, otherwise a fresh
 * in-memory embedded server. Each target gets its own database name, dropped when it stops.
 */
import { randomBytes } from 'node:crypto';
import { MongoClient, type Db, type MongoClientOptions } from 'mongodb';
import { startEmbeddedMongo, type EmbeddedMongoOptions } from '../../src/db/embedded/index.js';

export interface TestTarget {
  client: MongoClient;
  db: Db;
  /** True on the embedded server; some checks only hold there (TTL timing, hello details). */
  embedded: boolean;
  stop(): Promise<void>;
}

export async function connectTarget(
  options: EmbeddedMongoOptions = {},
  clientOptions: MongoClientOptions = {},
): Promise<TestTarget> {
  const realUri = process.env.TEST_MONGODB_URI;
  const server = realUri ? undefined : await startEmbeddedMongo(options);
  const client = new MongoClient(realUri ?? server!.uri, { serverSelectionTimeoutMS: 5000, ...clientOptions });
  await client.connect();
  const db = client.db(`test_${randomBytes(4).toString('hex')}`);
  return {
    client,
    db,
    embedded: !realUri,
    stop: async () => {
      if (realUri) await db.dropDatabase();
      await client.close();
      await server?.stop();
    },
  };
}
