import { jest } from '@jest/globals';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BSON, Binary, Decimal128, Int32, Long, MaxKey, MinKey, ObjectId, Timestamp, Double, type Document } from 'bson';
import { frameRecord, JOURNAL_FILE, openJournal, SNAPSHOT_FILE } from '../../src/db/embedded/journal.js';
import { LOCK_FILE_NAME } from '../../src/db/embedded/lockfile.js';
import { deserializeOptions } from '../../src/db/embedded/wire.js';

let dir: string;
let warnings: string[];
const open = () => openJournal(dir, { onWarning: (message) => warnings.push(message) });

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'journal-test-'));
  warnings = [];
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const journalPath = () => path.join(dir, JOURNAL_FILE);
const put = (i: number): Document => ({ op: 'put', ns: 'db.things', doc: { _id: i, name: `thing ${i}` } });

/** Byte offsets where each framed record of a file starts. */
async function frameOffsets(file: string): Promise<number[]> {
  const bytes = await fs.readFile(file);
  const offsets: number[] = [];
  for (let offset = 0; offset < bytes.length; offset += 8 + bytes.readUInt32LE(offset)) offsets.push(offset);
  return offsets;
}

async function writeRecords(file: string, records: Document[]): Promise<void> {
  await fs.writeFile(file, Buffer.concat(records.map(frameRecord)));
}

describe('journal', () => {
  test('a new data directory is created and loads empty', async () => {
    dir = path.join(dir, 'nested', 'data');
    const journal = await open();
    expect(await journal.load()).toEqual({ snapshot: [], journal: [], warnings: [] });
    await journal.close();
  });

  test('records round-trip with their BSON types, in the representation the wire gives a live command', async () => {
    const doc = {
      _id: new ObjectId(),
      int32: 42,
      boxedInt32: new Int32(7),
      double: 1.5,
      boxedDouble: new Double(2.25),
      bigDouble: 2 ** 40,
      long: 9_007_199_254_740_993n,
      boxedLong: Long.fromString('-9223372036854775808'),
      decimal: Decimal128.fromString('1234567890.123456789012345678901234'),
      date: new Date('2026-11-23T09:00:00.123Z'),
      binary: new Binary(Buffer.from([0, 1, 2, 255]), 4),
      timestamp: new Timestamp({ t: 1_700_000_000, i: 3 }),
      regex: /^asb.*case$/i,
      nulls: null,
      minKey: new MinKey(),
      maxKey: new MaxKey(),
      nested: { list: [1, 'two', { three: [3n] }], 'dotted.key': true, $dollar: 'kept' },
      text: 'Über ✓',
    };
    const records = [{ op: 'put', ns: 'db.types', doc }, { op: 'remove', ns: 'db.types', id: doc._id }];
    const journal = await open();
    await journal.append(records);
    await journal.close();

    const reopened = await open();
    const { journal: loaded } = await reopened.load();
    await reopened.close();
    const asTheWireGivesIt = records.map((record) => BSON.deserialize(BSON.serialize(record), deserializeOptions));
    expect(loaded).toEqual(asTheWireGivesIt);
    const loadedDoc = loaded[0].doc as Document;
    expect(loadedDoc._id).toBeInstanceOf(ObjectId);
    expect(loadedDoc._id.equals(doc._id)).toBe(true);
    expect(loadedDoc.long).toBe(9_007_199_254_740_993n);
    expect(loadedDoc.boxedLong).toBe(-9_223_372_036_854_775_808n);
    expect(loadedDoc.int32).toBe(42);
    expect(loadedDoc.boxedInt32).toBe(7);
    expect(loadedDoc.double).toBe(1.5);
    expect(loadedDoc.bigDouble).toBe(2 ** 40);
    expect(loadedDoc.decimal).toBeInstanceOf(Decimal128);
    expect(loadedDoc.decimal.toString()).toBe('1234567890.123456789012345678901234');
    expect(loadedDoc.date).toEqual(doc.date);
    expect(loadedDoc.binary).toBeInstanceOf(Binary);
    expect(loadedDoc.binary.sub_type).toBe(4);
    expect(Buffer.from(loadedDoc.binary.buffer)).toEqual(Buffer.from([0, 1, 2, 255]));
    expect(loadedDoc.timestamp).toEqual(doc.timestamp);
    expect(loadedDoc.nested).toEqual({ list: [1, 'two', { three: [3n] }], 'dotted.key': true, $dollar: 'kept' });
  });

  test('records replay in append order across several appends and reopenings', async () => {
    let journal = await open();
    await journal.append([put(1), put(2)]);
    await journal.append([put(3)]);
    await journal.close();
    journal = await open();
    expect((await journal.load()).journal).toEqual([put(1), put(2), put(3)]);
    await journal.append([put(4)]);
    await journal.close();
    journal = await open();
    expect((await journal.load()).journal).toEqual([put(1), put(2), put(3), put(4)]);
    await journal.close();
  });

  test('concurrent appends are group-committed: far fewer fsyncs than appends, all durable, in call order', async () => {
    const journal = await open();
    await journal.load();
    const handle: FileHandle = await fs.open(path.join(dir, 'probe'), 'w');
    const fileHandlePrototype = Object.getPrototypeOf(handle) as FileHandle;
    await handle.close();
    const datasync = jest.spyOn(fileHandlePrototype, 'datasync');
    try {
      const appends = Array.from({ length: 200 }, (_, i) => journal.append([put(i)]));
      await Promise.all(appends);
      // The first append is written alone; everything queued behind its fsync goes out together.
      expect(datasync.mock.calls.length).toBeGreaterThanOrEqual(1);
      expect(datasync.mock.calls.length).toBeLessThanOrEqual(5);
    } finally {
      datasync.mockRestore();
    }
    await journal.close();
    const reopened = await open();
    expect((await reopened.load()).journal).toEqual(Array.from({ length: 200 }, (_, i) => put(i)));
    await reopened.close();
  });

  test('an append resolves only once its bytes are in the file', async () => {
    const journal = await open();
    const before = (await fs.stat(journalPath())).size;
    await journal.append([put(1)]);
    const after = (await fs.stat(journalPath())).size;
    expect(after - before).toBe(frameRecord(put(1)).length);
    await journal.close();
  });

  test('a torn last record (cut mid-record) is dropped, the file truncated to the last good record, and appends carry on', async () => {
    let journal = await open();
    await journal.append([put(1), put(2), put(3)]);
    await journal.close();
    const offsets = await frameOffsets(journalPath());
    const lastStart = offsets[offsets.length - 1];
    await fs.truncate(journalPath(), lastStart + 11);

    journal = await open();
    expect((await journal.load()).journal).toEqual([put(1), put(2)]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/torn last record/);
    expect((await fs.stat(journalPath())).size).toBe(lastStart);
    await journal.append([put(4)]);
    await journal.close();

    journal = await open();
    expect((await journal.load()).journal).toEqual([put(1), put(2), put(4)]);
    await journal.close();
  });

  test('a last record cut inside its frame header, or followed by zero fill, is dropped as torn', async () => {
    let journal = await open();
    await journal.append([put(1), put(2)]);
    await journal.close();
    const goodSize = (await fs.stat(journalPath())).size;
    await fs.appendFile(journalPath(), Buffer.from([7, 0, 0]));
    journal = await open();
    expect((await journal.load()).journal).toEqual([put(1), put(2)]);
    await journal.close();
    expect((await fs.stat(journalPath())).size).toBe(goodSize);

    await fs.appendFile(journalPath(), Buffer.alloc(4096));
    journal = await open();
    expect((await journal.load()).journal).toEqual([put(1), put(2)]);
    await journal.close();
    expect(warnings).toHaveLength(2);
    expect(warnings.every((warning) => /torn last record/.test(warning))).toBe(true);
    expect((await fs.stat(journalPath())).size).toBe(goodSize);
  });

  test('a last record with a bad checksum is dropped', async () => {
    let journal = await open();
    await journal.append([put(1), put(2), put(3)]);
    await journal.close();
    const bytes = await fs.readFile(journalPath());
    bytes[bytes.length - 3] ^= 0xff;
    await fs.writeFile(journalPath(), bytes);

    journal = await open();
    expect((await journal.load()).journal).toEqual([put(1), put(2)]);
    expect(warnings[0]).toMatch(/checksum mismatch/);
    await journal.close();
  });

  test('corruption in the middle stops replay there, with a warning and a copy of the damaged file, never a throw', async () => {
    let journal = await open();
    await journal.append([put(1), put(2), put(3), put(4)]);
    await journal.close();
    const offsets = await frameOffsets(journalPath());
    const bytes = await fs.readFile(journalPath());
    bytes[offsets[2] + 20] ^= 0x55; // inside put(2), the header being record 0
    await fs.writeFile(journalPath(), bytes);

    journal = await open();
    expect((await journal.load()).journal).toEqual([put(1)]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/corrupt record in the middle/);
    const copies = (await fs.readdir(dir)).filter((name) => name.startsWith(`${JOURNAL_FILE}.damaged-`));
    expect(copies).toHaveLength(1);
    expect(await fs.readFile(path.join(dir, copies[0]))).toEqual(bytes);
    await journal.append([put(5)]);
    await journal.close();
    journal = await open();
    expect((await journal.load()).journal).toEqual([put(1), put(5)]);
    await journal.close();
  });

  test('compact replaces the snapshot and empties the journal; reload gives snapshot then newer appends', async () => {
    let journal = await open();
    await journal.append([put(1), put(2)]);
    await journal.compact([put(1), put(2)]);
    const journalSizeAfterCompact = (await fs.stat(journalPath())).size;
    await journal.append([put(3)]);
    await journal.close();

    journal = await open();
    expect(await journal.load()).toEqual({ snapshot: [put(1), put(2)], journal: [put(3)], warnings: [] });
    await journal.compact([put(1), put(2), put(3)]);
    await journal.compact([put(9)]);
    await journal.close();
    expect((await fs.stat(journalPath())).size).toBe(journalSizeAfterCompact);

    journal = await open();
    expect(await journal.load()).toEqual({ snapshot: [put(9)], journal: [], warnings: [] });
    await journal.close();
  });

  test('compact takes the snapshot when called; appends queued before it are durable, appends after it land in the new journal', async () => {
    const journal = await open();
    const live = [put(1)];
    const before = journal.append([put(1)]);
    const compacted = journal.compact(live.values());
    live.push(put(2));
    const after = journal.append([put(2)]);
    await Promise.all([before, compacted, after]);
    await journal.close();

    const reopened = await open();
    expect(await reopened.load()).toEqual({ snapshot: [put(1)], journal: [put(2)], warnings: [] });
    await reopened.close();
  });

  test('a crash after the snapshot rename but before the journal was emptied does not apply the journal twice', async () => {
    let journal = await open();
    await journal.compact([put(1)]); // snapshot generation 1, journal generation 1
    await journal.append([{ op: 'remove', ns: 'db.things', id: 1 }, put(2)]);
    await journal.close();
    // What compaction to generation 2 leaves if the process dies right after the rename:
    await writeRecords(path.join(dir, SNAPSHOT_FILE), [
      { format: 'asb-embedded-snapshot', version: 1, generation: 2 },
      put(2),
      { count: 1 },
    ]);

    journal = await open();
    expect(await journal.load()).toEqual({ snapshot: [put(2)], journal: [], warnings: [] });
    await journal.append([put(3)]);
    await journal.close();
    journal = await open();
    expect(await journal.load()).toEqual({ snapshot: [put(2)], journal: [put(3)], warnings: [] });
    await journal.close();
  });

  test('a crash while writing the temp snapshot, or while rewriting the journal header, leaves a loadable state', async () => {
    let journal = await open();
    await journal.compact([put(1)]);
    await journal.append([put(2)]);
    await journal.close();
    await fs.writeFile(path.join(dir, 'snapshot.bson.tmp'), Buffer.from('half a snapshot'));
    journal = await open();
    expect(await journal.load()).toEqual({ snapshot: [put(1)], journal: [put(2)], warnings: [] });
    await journal.close();
    expect(await fs.readdir(dir)).not.toContain('snapshot.bson.tmp');

    // Journal emptied but its new header only partly written.
    await fs.writeFile(journalPath(), frameRecord({ format: 'asb-embedded-journal', version: 1, generation: 2 }).subarray(0, 6));
    journal = await open();
    expect((await journal.load()).journal).toEqual([]);
    await journal.append([put(3)]);
    await journal.close();
    journal = await open();
    expect(await journal.load()).toEqual({ snapshot: [put(1)], journal: [put(3)], warnings: [] });
    await journal.close();
  });

  test('a damaged snapshot, or a journal newer than its snapshot, refuses to open with a clear error', async () => {
    let journal = await open();
    await journal.compact([put(1), put(2)]);
    await journal.close();
    const snapshot = await fs.readFile(path.join(dir, SNAPSHOT_FILE));
    await fs.writeFile(path.join(dir, SNAPSHOT_FILE), snapshot.subarray(0, snapshot.length - 4));
    await expect(open()).rejects.toThrow(/Snapshot .* is damaged/);

    await fs.rm(path.join(dir, SNAPSHOT_FILE));
    await expect(open()).rejects.toThrow(/newer than the snapshot/);
    // A refused open does not keep the lock.
    expect(await fs.readdir(dir)).not.toContain(LOCK_FILE_NAME);
  });

  test('appends after close are refused', async () => {
    const journal = await open();
    await journal.close();
    await expect(journal.append([put(1)])).rejects.toThrow(/closed/);
  });
});

describe('data directory lock', () => {
  const lockPath = () => path.join(dir, LOCK_FILE_NAME);

  function runChild(script: string): { pid: number; exited: Promise<void>; kill(): void } {
    const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    return { pid: child.pid!, exited, kill: () => child.kill('SIGKILL') };
  }

  const ownerPid = async () => (await fs.readFile(lockPath(), 'utf8')).trim().split(' ')[0];
  /** Start time of a process in clock ticks since boot, field 22 of /proc/<pid>/stat. */
  const startTimeOf = async (pid: number) => {
    const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  };

  test('the lock file holds our pid and start time while open and is removed on close', async () => {
    const journal = await open();
    expect((await fs.readFile(lockPath(), 'utf8')).trim()).toBe(`${process.pid} ${await startTimeOf(process.pid)}`);
    await journal.close();
    expect(await fs.readdir(dir)).not.toContain(LOCK_FILE_NAME);
  });

  test('a second open in the same process is refused until the first is closed', async () => {
    const journal = await open();
    await expect(open()).rejects.toThrow(`Data directory ${await fs.realpath(dir)} is already in use by this process`);
    // The refusal must not have taken the first owner's lock away.
    expect(await ownerPid()).toBe(String(process.pid));
    await journal.close();
    const again = await open();
    await again.close();
  });

  test('a lock held by another live process is refused, naming that pid', async () => {
    const child = runChild('setTimeout(() => {}, 60000)');
    try {
      await fs.writeFile(lockPath(), `${child.pid}\n`);
      await expect(open()).rejects.toThrow(`is already in use by process ${child.pid}`);
      await fs.writeFile(lockPath(), `${child.pid} ${await startTimeOf(child.pid)}\n`);
      await expect(open()).rejects.toThrow(`is already in use by process ${child.pid}`);
      expect(await ownerPid()).toBe(String(child.pid));
    } finally {
      child.kill();
      await child.exited;
    }
  });

  test('a stale lock left by a dead process is taken over', async () => {
    const child = runChild('');
    await child.exited;
    await fs.writeFile(lockPath(), `${child.pid}\n`);
    const journal = await open();
    expect(await ownerPid()).toBe(String(process.pid));
    await journal.close();

    await fs.writeFile(lockPath(), ''); // torn lock write
    const again = await open();
    await again.close();
  });

  test('a lock whose pid now belongs to another process (pid reuse) is taken over', async () => {
    const child = runChild('setTimeout(() => {}, 60000)');
    try {
      const recorded = Number(await startTimeOf(child.pid)) - 1;
      await fs.writeFile(lockPath(), `${child.pid} ${recorded}\n`);
      const journal = await open();
      expect(await ownerPid()).toBe(String(process.pid));
      await journal.close();
    } finally {
      child.kill();
      await child.exited;
    }
  });

  test('a lock held by a zombie (killed, not yet reaped by its parent) is taken over at once', async () => {
    // `exec sleep` leaves the shell's background child with a parent that never reaps it.
    const shell = spawn('sh', ['-c', `${JSON.stringify(process.execPath)} -e "setTimeout(() => {}, 60000)" & echo $!; exec sleep 60`], { stdio: ['ignore', 'pipe', 'ignore'] });
    const shellExited = new Promise<void>((resolve) => shell.once('exit', () => resolve()));
    const pid = await new Promise<number>((resolve) => shell.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))));
    try {
      await fs.writeFile(lockPath(), `${pid} ${await startTimeOf(pid)}\n`);
      await expect(open()).rejects.toThrow(`is already in use by process ${pid}`);
      process.kill(pid, 'SIGKILL');
      while (!(await fs.readFile(`/proc/${pid}/stat`, 'utf8')).includes(') Z ')) await new Promise((resolve) => setTimeout(resolve, 1));
      const journal = await open();
      expect(await ownerPid()).toBe(String(process.pid));
      await journal.close();
    } finally {
      shell.kill('SIGKILL');
      await shellExited;
    }
  });
});
