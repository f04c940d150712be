/**
 * The one database connection: a real MongoDB when MONGODB_URI is set, otherwise the embedded
 * MongoDB-compatible server on DATA_DIR (or in memory, for tests).
 */
import { MongoClient, type Db } from 'mongodb';
import type { Logger } from '../log.js';
import { startEmbeddedMongo, type EmbeddedMongo, type EmbeddedMongoOptions } from './embedded/index.js';

export const DEFAULT_DB_NAME = 'asb';

export interface DatabaseOptions {
  mongodbUri?: string;
  /** Data directory of the embedded server; 'memory' keeps everything in memory (tests). */
  dataDir: string | 'memory';
  /** Overrides the database named in the URI (tests give each file its own). */
  dbName?: string;
  /** How long to look for a server before giving up (the driver's serverSelectionTimeoutMS). */
  serverSelectionTimeoutMS?: number;
  /** Further settings of the embedded server (tests inject a journal that fails). */
  embedded?: Pick<EmbeddedMongoOptions, 'journal' | 'compactAtBytes'>;
}

export interface Database {
  db: Db;
  client: MongoClient;
  /** True when the database answers `ping` (and, when embedded, its journal can still be written). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** The connection failed after the URI was accepted: the server is down, unresolvable, or refused us. */
export class DatabaseUnreachableError extends Error {
  constructor(hosts: string, reason: string) {
    super(`Database: cannot reach MongoDB at ${hosts} (${reason}).`);
    this.name = 'DatabaseUnreachableError';
  }
}

/**
 * The database a URI names (its path), or ours. The driver has already validated the URI; its own default
 * is 'test', which would hide the data of a deployment whose URI names no database.
 */
function databaseNamed(uri: string, client: MongoClient): string {
  const authorityAndPath = uri.slice(uri.indexOf('://') + 3).split('?')[0]!;
  const slash = authorityAndPath.indexOf('/');
  const path = slash < 0 ? '' : authorityAndPath.slice(slash + 1);
  return path === '' ? DEFAULT_DB_NAME : client.options.dbName;
}

export async function connectDatabase(options: DatabaseOptions, logger: Logger): Promise<Database> {
  let embedded: EmbeddedMongo | undefined;
  let uri = options.mongodbUri;
  if (!uri) {
    const dataDir = options.dataDir === 'memory' ? undefined : options.dataDir;
    embedded = await startEmbeddedMongo({ ...options.embedded, dataDir, dbName: DEFAULT_DB_NAME });
    uri = embedded.uri;
    logger.info({ dataDir: dataDir ?? '(in memory)', port: embedded.port }, 'embedded MongoDB-compatible server started');
  }
  let client: MongoClient;
  try {
    // The driver parses the URI (mongodb+srv, host lists, replicaSet, auth options) and throws MongoParseError on a bad one.
    client = new MongoClient(uri, { serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 5000, appName: 'asb-case-assistant' });
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  try {
    await client.connect();
  } catch (error) {
    await client.close().catch(() => undefined);
    await embedded?.stop();
    const hosts = client.options.srvHost ?? client.options.hosts.map(String).join(',');
    throw new DatabaseUnreachableError(hosts, error instanceof Error ? error.message : String(error));
  }
  const db = client.db(options.dbName ?? databaseNamed(uri, client));
  logger.info({ database: db.databaseName, embedded: embedded !== undefined }, 'database connected');
  return {
    db,
    client,
    ping: async () => {
      if (embedded && !embedded.healthy()) return false;
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
