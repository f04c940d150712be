/** Handshake and server-level commands. */
import type { CommandHandler } from './context.js';
import {
  MAX_BSON_OBJECT_SIZE, MAX_MESSAGE_SIZE_BYTES, MAX_WIRE_VERSION, MAX_WRITE_BATCH_SIZE, MIN_WIRE_VERSION,
} from '../limits.js';

export const SERVER_VERSION = '7.0.0';

/**
 * No `topologyVersion`: without it the driver polls `hello` instead of streaming it, which a server that
 * cannot push topology changes needs. No `setName`: the driver sees a standalone and sends no transactions.
 */
const hello: CommandHandler = (_command, context) => ({
  helloOk: true,
  isWritablePrimary: true,
  ismaster: true,
  maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
  maxMessageSizeBytes: MAX_MESSAGE_SIZE_BYTES,
  maxWriteBatchSize: MAX_WRITE_BATCH_SIZE,
  localTime: new Date(),
  logicalSessionTimeoutMinutes: 30,
  connectionId: context.connectionId,
  minWireVersion: MIN_WIRE_VERSION,
  maxWireVersion: MAX_WIRE_VERSION,
  readOnly: false,
});

export const adminCommands: Record<string, CommandHandler> = {
  hello,
  ismaster: hello,
  isMaster: hello,
  ping: () => ({}),
  buildInfo: () => ({
    version: SERVER_VERSION,
    gitVersion: 'embedded',
    versionArray: [7, 0, 0, 0],
    bits: 64,
    debug: false,
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    modules: [],
    storageEngines: ['embedded'],
  }),
  endSessions: () => ({}),
  listDatabases: (_command, context) => {
    const names = [...new Set(context.catalog.allCollections().map((c) => c.db))].sort();
    return { databases: names.map((name) => ({ name, sizeOnDisk: 0, empty: false })), totalSize: 0 };
  },
  connectionStatus: () => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] } }),
};
