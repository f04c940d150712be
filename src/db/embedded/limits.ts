/** The limits this server advertises in `hello` and enforces, the same as a MongoDB 7 server's. */
export const MAX_BSON_OBJECT_SIZE = 16 * 1024 * 1024;
export const MAX_MESSAGE_SIZE_BYTES = 48_000_000;
export const MAX_WRITE_BATCH_SIZE = 100_000;
export const MAX_WIRE_VERSION = 21;
export const MIN_WIRE_VERSION = 0;
/** A getMore with no batchSize returns at most this many bytes, like the real server. */
export const DEFAULT_GETMORE_BYTES = 16 * 1024 * 1024;
/** A find or aggregate with no batchSize returns at most this many documents in its first batch. */
export const DEFAULT_FIRST_BATCH = 101;
/** Idle cursors are reaped after this long, as `cursorTimeoutMillis` does in mongod. */
export const CURSOR_TIMEOUT_MS = 10 * 60 * 1000;
