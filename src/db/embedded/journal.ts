/**
 * Durable storage for the embedded server: a snapshot file plus an append-only journal in the data directory.
 *
 * Every record is framed as [uint32 length][uint32 crc32][BSON bytes]. The first record of each file is a
 * header carrying a generation number; the snapshot also ends with a trailer holding its record count.
 * `compact` writes generation G+1 to a temp snapshot, renames it into place, then resets the journal to
 * generation G+1. A crash between those steps leaves a generation-G journal beside a G+1 snapshot, and a
 * journal older than the snapshot is ignored at load, so nothing is applied twice.
 */
import { constants as fsConstants, promises as fs, type PathLike } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { BSON, type Document } from 'bson';
import { lockDataDir, type DataDirLock } from './lockfile.js';
import { deserializeOptions as wireDeserializeOptions } from './wire.js';

export interface Journal {
  /** Replays what is on disk: snapshot records first, then journal records, in order. */
  load(): Promise<{ snapshot: Document[]; journal: Document[] }>;
  /** Appends records and resolves only after they are fsynced (concurrent calls are group-committed). */
  append(records: Document[]): Promise<void>;
  /** Atomically replaces the snapshot with these records and empties the journal. */
  compact(snapshot: Iterable<Document>): Promise<void>;
  /** Bytes appended since the last compaction. */
  byteLength(): number;
  /** Releases the data-dir lock. */
  close(): Promise<void>;
}

export interface LoadResult {
  snapshot: Document[];
  journal: Document[];
  /** What recovery had to repair, without any record contents (they may hold personal data). */
  warnings: string[];
}

export interface JournalOptions {
  /** Told about repairs made at open (a torn or corrupt journal record). Defaults to process.emitWarning. */
  onWarning?: (message: string) => void;
}

export const SNAPSHOT_FILE = 'snapshot.bson';
export const JOURNAL_FILE = 'journal.bson';
const SNAPSHOT_TEMP_FILE = 'snapshot.bson.tmp';
const SNAPSHOT_FORMAT = 'asb-embedded-snapshot';
const JOURNAL_FORMAT = 'asb-embedded-journal';
const FORMAT_VERSION = 1;

const FRAME_HEADER_BYTES = 8;
/** Larger than any record a 16 MB document can produce; a bigger length can only be corruption. */
const MAX_RECORD_BYTES = 64 * 1024 * 1024;
const WRITE_CHUNK_BYTES = 1024 * 1024;

/** Records come back in the same JS representation the wire gives a fresh command, so replay equals the live state. */
const deserializeOptions: BSON.DeserializeOptions = { ...wireDeserializeOptions };
const serializeOptions: BSON.SerializeOptions = { checkKeys: false, ignoreUndefined: true, serializeFunctions: false };

export function frameRecord(record: Document): Buffer {
  const bson = BSON.serialize(record, serializeOptions);
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + bson.length);
  frame.writeUInt32LE(bson.length, 0);
  frame.writeUInt32LE(crc32(bson), 4);
  frame.set(bson, FRAME_HEADER_BYTES);
  return frame;
}

interface ParsedFrames {
  records: Document[];
  /** Offset just past the last good record. */
  validEnd: number;
  /** Why reading stopped before the end of the file, if it did. */
  damage?: { offset: number; reason: string; /** Nothing but zeros follows: a write torn by a crash. */ tornTail: boolean };
}

export function parseFrames(bytes: Buffer): ParsedFrames {
  const records: Document[] = [];
  let offset = 0;
  const stop = (reason: string, frameEnd: number | undefined): ParsedFrames => ({
    records,
    validEnd: offset,
    damage: { offset, reason, tornTail: frameEnd === undefined ? isZeroFilled(bytes, offset) : isZeroFilled(bytes, frameEnd) },
  });
  while (offset < bytes.length) {
    if (bytes.length - offset < FRAME_HEADER_BYTES) return stop('short frame header', bytes.length);
    const length = bytes.readUInt32LE(offset);
    const expectedCrc = bytes.readUInt32LE(offset + 4);
    if (length < 5 || length > MAX_RECORD_BYTES) return stop(`impossible record length ${length}`, undefined);
    const end = offset + FRAME_HEADER_BYTES + length;
    if (end > bytes.length) return stop(`record of ${length} bytes cut short at ${bytes.length - offset - FRAME_HEADER_BYTES}`, bytes.length);
    const body = bytes.subarray(offset + FRAME_HEADER_BYTES, end);
    if (crc32(body) !== expectedCrc) return stop('checksum mismatch', end);
    let record: Document;
    try {
      if (body.readInt32LE(0) !== length) throw new Error('BSON length disagrees with frame');
      record = BSON.deserialize(body, deserializeOptions);
    } catch {
      return stop('undecodable BSON', end);
    }
    records.push(record);
    offset = end;
  }
  return { records, validEnd: offset };
}

function isZeroFilled(bytes: Buffer, from: number): boolean {
  for (let i = from; i < bytes.length; i++) if (bytes[i] !== 0) return false;
  return true;
}

async function readIfExists(file: string): Promise<Buffer | undefined> {
  try {
    return await fs.readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function writeFully(handle: FileHandle, bytes: Buffer, position: number): Promise<void> {
  let written = 0;
  while (written < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, written, bytes.length - written, position + written);
    written += bytesWritten;
  }
}

/** Makes a rename or file creation in `dir` durable. */
async function syncDirectory(dir: PathLike): Promise<void> {
  const handle = await fs.open(dir, fsConstants.O_RDONLY | fsConstants.O_DIRECTORY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

interface Snapshot {
  generation: number;
  records: Document[];
}

async function readSnapshot(file: string): Promise<Snapshot> {
  const bytes = await readIfExists(file);
  if (bytes === undefined) return { generation: 0, records: [] };
  // The snapshot only ever appears whole (written to a temp file, fsynced, renamed), so damage is not a torn
  // write but lost data: refuse to start rather than silently serve a partial database.
  const damaged = (why: string) =>
    new Error(`Snapshot ${file} is damaged (${why}); the embedded server will not start on it. Restore it from a backup or move the data directory aside.`);
  const { records, damage } = parseFrames(bytes);
  if (damage) throw damaged(`${damage.reason} at byte ${damage.offset}`);
  const header = records[0];
  const trailer = records[records.length - 1];
  if (records.length < 2 || header?.format !== SNAPSHOT_FORMAT || typeof header.generation !== 'number') throw damaged('no snapshot header');
  if (header.version !== FORMAT_VERSION) throw damaged(`unknown format version ${String(header.version)}`);
  if (trailer?.count !== records.length - 2) throw damaged('record count does not match its trailer');
  return { generation: header.generation, records: records.slice(1, -1) };
}

const journalHeader = (generation: number) => frameRecord({ format: JOURNAL_FORMAT, version: FORMAT_VERSION, generation });

interface PendingAppend {
  bytes: Buffer;
  resolve(): void;
  reject(error: unknown): void;
}

class DiskJournal implements Journal {
  private queue: PendingAppend[] = [];
  private writer: Promise<void> | undefined;
  /** While above zero (a compaction is pending or running), queued appends wait instead of being written. */
  private pauses = 0;
  private exclusive: Promise<unknown> = Promise.resolve();
  private failure: Error | undefined;
  private closing: Promise<void> | undefined;
  private initialLoad: LoadResult | undefined;

  private constructor(
    private readonly dir: string,
    private readonly lock: DataDirLock,
    private readonly onWarning: (message: string) => void,
    private handle: FileHandle,
    /** Where the next append goes: the end of the last good record. */
    private size: number,
    private generation: number,
  ) {}

  static async open(dataDir: string, options: JournalOptions): Promise<DiskJournal> {
    await fs.mkdir(dataDir, { recursive: true });
    const lock = await lockDataDir(dataDir);
    const onWarning = options.onWarning ?? ((message: string) => process.emitWarning(message, 'EmbeddedMongoJournal'));
    let handle: FileHandle | undefined;
    try {
      const dir = lock.dir;
      await fs.rm(path.join(dir, SNAPSHOT_TEMP_FILE), { force: true });
      handle = await fs.open(path.join(dir, JOURNAL_FILE), fsConstants.O_RDWR | fsConstants.O_CREAT);
      await syncDirectory(dir);
      const journal = new DiskJournal(dir, lock, onWarning, handle, 0, 0);
      journal.initialLoad = await journal.recover();
      for (const warning of journal.initialLoad.warnings) onWarning(warning);
      return journal;
    } catch (error) {
      await handle?.close();
      await lock.release();
      throw error;
    }
  }

  async load(): Promise<LoadResult> {
    const initial = this.initialLoad;
    if (initial) {
      this.initialLoad = undefined;
      return initial;
    }
    this.pauses++;
    return this.exclusively(async () => {
      try {
        await this.writer;
        return await this.recover();
      } finally {
        this.pauses--;
        this.startWriter();
      }
    });
  }

  append(records: Document[]): Promise<void> {
    if (this.closing) return Promise.reject(new Error('The journal is closed.'));
    if (this.failure) return Promise.reject(this.failure);
    if (records.length === 0) return Promise.resolve();
    let bytes: Buffer;
    try {
      bytes = Buffer.concat(records.map(frameRecord));
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ bytes, resolve, reject });
      this.startWriter();
    });
  }

  compact(snapshot: Iterable<Document>): Promise<void> {
    if (this.closing) return Promise.reject(new Error('The journal is closed.'));
    // Taken now, so the snapshot is the state as of this call even if `snapshot` is a lazy view of live data;
    // appends queued before this call belong to it, later ones go to the next journal generation.
    let frames: Buffer[];
    try {
      frames = Array.from(snapshot, frameRecord);
    } catch (error) {
      return Promise.reject(error);
    }
    const earlier = this.queue.splice(0);
    this.pauses++;
    return this.exclusively(async () => {
      try {
        await this.writer;
        if (earlier.length > 0) await this.writeBatch(earlier);
        if (this.failure) throw this.failure;
        await this.replaceSnapshot(frames);
      } finally {
        this.pauses--;
        this.startWriter();
      }
    });
  }

  byteLength(): number {
    return this.size;
  }

  close(): Promise<void> {
    return (this.closing ??= this.exclusively(async () => {
      await this.drain();
      await this.handle.close();
      await this.lock.release();
    }));
  }

  /** Reads both files, repairs the journal so that appends land after its last good record, returns the records. */
  private async recover(): Promise<LoadResult> {
    const warnings: string[] = [];
    const snapshot = await readSnapshot(path.join(this.dir, SNAPSHOT_FILE));
    const journalPath = path.join(this.dir, JOURNAL_FILE);
    const bytes = await fs.readFile(journalPath);
    const { records, validEnd, damage } = parseFrames(bytes);
    const header = records[0];

    if (header === undefined) {
      // Empty, or the header itself was torn (a crash during compaction): there are no journal records.
      await this.resetJournal(snapshot.generation);
      return { snapshot: snapshot.records, journal: [], warnings };
    }
    if (header.format !== JOURNAL_FORMAT || typeof header.generation !== 'number') {
      throw new Error(`${journalPath} is not a journal of this server; move it aside to start.`);
    }
    if (header.generation < snapshot.generation) {
      // Compaction renamed the new snapshot into place but stopped before emptying the journal.
      await this.resetJournal(snapshot.generation);
      return { snapshot: snapshot.records, journal: [], warnings };
    }
    if (header.generation > snapshot.generation) {
      throw new Error(
        `${journalPath} (generation ${header.generation}) is newer than the snapshot (generation ${snapshot.generation}); ` +
          'the snapshot file is missing or was replaced. Restore it before starting.',
      );
    }

    if (damage) {
      const droppedBytes = bytes.length - validEnd;
      if (damage.tornTail) {
        warnings.push(`Journal: dropped a torn last record (${damage.reason}; ${droppedBytes} bytes at offset ${damage.offset}).`);
      } else {
        // Records after the damage cannot be trusted to follow on from the ones before it; keep a copy for inspection.
        const copy = `${journalPath}.damaged-${Date.now()}`;
        await fs.writeFile(copy, bytes);
        warnings.push(
          `Journal: corrupt record in the middle of the journal (${damage.reason} at offset ${damage.offset}); ` +
            `kept the ${records.length - 1} records before it and dropped ${droppedBytes} bytes after it (a copy is in ${copy}).`,
        );
      }
      await this.handle.truncate(validEnd);
      await this.handle.datasync();
    }
    this.size = validEnd;
    this.generation = snapshot.generation;
    return { snapshot: snapshot.records, journal: records.slice(1), warnings };
  }

  private startWriter(): void {
    if (this.writer || this.pauses > 0 || this.queue.length === 0) return;
    const batch = this.queue.splice(0);
    this.writer = this.writeBatch(batch).finally(() => {
      this.writer = undefined;
      this.startWriter();
    });
  }

  /** Writes one group of appends with a single fdatasync; never rejects (the appenders' promises carry errors). */
  private async writeBatch(batch: PendingAppend[]): Promise<void> {
    if (this.failure) {
      for (const pending of batch) pending.reject(this.failure);
      return;
    }
    try {
      const bytes = batch.length === 1 ? batch[0].bytes : Buffer.concat(batch.map((pending) => pending.bytes));
      await writeFully(this.handle, bytes, this.size);
      await this.handle.datasync();
      this.size += bytes.length;
      for (const pending of batch) pending.resolve();
    } catch (error) {
      // A partial write may sit at the end of the file; nothing more may be acknowledged after it.
      this.fail(error);
      for (const pending of batch) pending.reject(this.failure);
    }
  }

  private fail(error: unknown): void {
    this.failure ??= new Error(`The journal in ${this.dir} can no longer be written: ${(error as Error)?.message ?? error}`, { cause: error });
    for (const pending of this.queue.splice(0)) pending.reject(this.failure);
  }

  private async drain(): Promise<void> {
    while (this.writer || this.queue.length > 0) {
      if (this.writer) await this.writer;
      else if (this.pauses === 0) this.startWriter();
      else break;
    }
  }

  private async replaceSnapshot(frames: Buffer[]): Promise<void> {
    const generation = this.generation + 1;
    const temp = path.join(this.dir, SNAPSHOT_TEMP_FILE);
    const handle = await fs.open(temp, 'w');
    try {
      const all = [frameRecord({ format: SNAPSHOT_FORMAT, version: FORMAT_VERSION, generation }), ...frames, frameRecord({ count: frames.length })];
      let position = 0;
      for (let i = 0; i < all.length; ) {
        const chunk: Buffer[] = [];
        let chunkBytes = 0;
        while (i < all.length && (chunk.length === 0 || chunkBytes + all[i].length <= WRITE_CHUNK_BYTES)) {
          chunk.push(all[i]);
          chunkBytes += all[i].length;
          i++;
        }
        const bytes = chunk.length === 1 ? chunk[0] : Buffer.concat(chunk, chunkBytes);
        await writeFully(handle, bytes, position);
        position += bytes.length;
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, path.join(this.dir, SNAPSHOT_FILE));
    await syncDirectory(this.dir);
    // From here the new snapshot is what loads; the old journal is stale and ignored until it is reset.
    this.generation = generation;
    try {
      await this.resetJournal(generation);
    } catch (error) {
      this.fail(error);
      throw this.failure;
    }
  }

  private async resetJournal(generation: number): Promise<void> {
    const header = journalHeader(generation);
    await this.handle.truncate(0);
    await writeFully(this.handle, header, 0);
    await this.handle.datasync();
    this.size = header.length;
    this.generation = generation;
  }

  private exclusively<T>(work: () => Promise<T>): Promise<T> {
    const run = this.exclusive.then(work, work);
    this.exclusive = run.catch(() => undefined);
    return run;
  }
}

/** Opens (creating if needed) and locks the data directory, recovering its journal; see the file comment. */
export async function openJournal(dataDir: string, options: JournalOptions = {}): Promise<Journal & { load(): Promise<LoadResult> }> {
  return DiskJournal.open(dataDir, options);
}
