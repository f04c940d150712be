/**
 * The embedded MongoDB-compatible server: the real `mongodb` driver (and agenda through it) connects to it
 * with an ordinary URI. With a data directory it is durable; without one it lives in memory (tests).
 */
import { Cursors } from './cursors.js';
import { openJournal } from './journal.js';
import { scramCredential } from './scram.js';
import { WireServer } from './server.js';
import { memoryJournal, Store, type Journal } from './store.js';
import { expireDocuments } from './ttl.js';

export interface EmbeddedMongoOptions {
  /** Where data is kept; omit for an in-memory server. */
  dataDir?: string;
  /** 0 or omitted picks a free port. */
  port?: number;
  /** The database named in the returned URI. */
  dbName?: string;
  /** How often the TTL monitor runs (MongoDB's default is 60 s). */
  ttlIntervalMs?: number;
  /** Compact the journal in the background once it holds more than this many bytes (default 64 MB). */
  compactAtBytes?: number;
  /** Test hook: the journal the store writes to, instead of one opened on dataDir. */
  journal?: Journal;
  /** Where to listen (default 127.0.0.1). Any other address needs `auth`. */
  host?: string;
  /** One user every client must authenticate as, with SCRAM-SHA-256; without it there is no authentication. */
  auth?: { user: string; password: string };
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export interface EmbeddedMongo {
  /** A URI to connect with from this machine; it carries the user and password when there is one. */
  uri: string;
  port: number;
  /** False once a journal write has failed: the server then refuses every write. */
  healthy(): boolean;
  stop(): Promise<void>;
}

const userInfo = (auth: EmbeddedMongoOptions['auth']) => (auth ? `${encodeURIComponent(auth.user)}:${encodeURIComponent(auth.password)}@` : '');

export async function startEmbeddedMongo(options: EmbeddedMongoOptions = {}): Promise<EmbeddedMongo> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host) && !options.auth) throw new Error(`The embedded server listens on ${host} only with a user and password (EMBEDDED_DB_USER, EMBEDDED_DB_PASSWORD)`);
  // Derived before anything is opened, so a password that cannot be used stops the start cleanly.
  const credential = options.auth ? scramCredential(options.auth.user, options.auth.password) : undefined;
  const journal: Journal = options.journal ?? (options.dataDir ? await openJournal(options.dataDir) : memoryJournal);
  let store: Store;
  try {
    store = await Store.open(journal, { compactAtBytes: options.compactAtBytes });
  } catch (error) {
    await journal.close();
    throw error;
  }
  const cursors = new Cursors();
  const server = new WireServer(store, cursors, credential);
  let port: number;
  try {
    port = await server.listen(options.port ?? 0, host);
  } catch (error) {
    await store.close();
    throw error;
  }

  const ttlTimer = setInterval(() => {
    expireDocuments(store.catalog, new Date());
    // A failed journal write takes the expiry back and marks the store unhealthy (see store.ts).
    store.commit().catch(() => undefined);
  }, options.ttlIntervalMs ?? 60_000);
  const reaper = setInterval(() => cursors.reap(), 60_000);
  ttlTimer.unref();
  reaper.unref();

  let stopping: Promise<void> | undefined;
  return {
    uri: `mongodb://${userInfo(options.auth)}127.0.0.1:${port}/${options.dbName ?? ''}`,
    port,
    healthy: () => store.healthy,
    stop: () =>
      (stopping ??= (async () => {
        clearInterval(ttlTimer);
        clearInterval(reaper);
        await server.close();
        await store.close();
      })()),
  };
}
