/**
 * The one database connection: a real MongoDB when MONGODB_URI is set, otherwise the embedded
 * MongoDB-compatible server on DATA_DIR (or in memory, for tests).
 */
import { MongoClient, type Db } from 'mongodb';
import type { Logger } from '../log.js';
import { startEmbeddedMongo, type EmbeddedMongo } from './embedded/index.js';

export const DEFAULT_DB_NAME = 'asb';

export interface DatabaseOptions {
  mongodbUri?: string;
  /** Data directory of the embedded server; 'memory' keeps everything in memory (tests). */
  dataDir: string | 'memory';
}

export interface Database {
  db: Db;
  client: MongoClient;
  /** True when the database answers `ping`. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export async function connectDatabase(options: DatabaseOptions, logger: Logger): Promise<Database> {
  let embedded: EmbeddedMongo | undefined;
  let uri = options.mongodbUri;
  if (!uri) {
    const dataDir = options.dataDir === 'memory' ? undefined : options.dataDir;
    embedded = await startEmbeddedMongo({ dataDir, dbName: DEFAULT_DB_NAME });
    uri = embedded.uri;
    logger.info({ dataDir: dataDir ?? '(in memory)', port: embedded.port }, 'embedded MongoDB-compatible server started');
  }
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000, appName: 'asb-case-assistant' });
  try {
    await client.connect();
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  const db = client.db(new URL(uri.replace(/^mongodb(\+srv)?:/, 'http:')).pathname.slice(1) || DEFAULT_DB_NAME);
  logger.info({ database: db.databaseName, embedded: embedded !== undefined }, 'database connected');
  return {
    db,
    client,
    ping: async () => {
      try {
        await db.command({ ping: 1 }, { timeoutMS: 2000 });
        return true;
      } catch {
        return false;
      }
    },
    close: async () => {
      await client.close();
      await embedded?.stop();
    },
  };
}
