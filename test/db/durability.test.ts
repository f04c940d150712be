/**
 * Durability of the embedded server through the real driver: a child process writes and prints what was
 * acknowledged, is killed with SIGKILL, and every acknowledged write must be there after a restart.
 */
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { startEmbeddedMongo } from '../../src/db/embedded/index.js';
import { JOURNAL_FILE, parseFrames } from '../../src/db/embedded/journal.js';

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'durable-writer.ts');

interface WriterRun {
  pid: number;
  insertedIds: string[];
  lastCounter: number | undefined;
}

/** Runs the writer until it has acknowledged `killAfterInserts` inserts, then kills it with SIGKILL. */
function runWriterUntilKilled(dataDir: string, round: number, killAfterInserts: number): Promise<WriterRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, dataDir, String(round)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const run: WriterRun = { pid: child.pid!, insertedIds: [], lastCounter: undefined };
    let stdout = '';
    let stderr = '';
    const timeout = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`writer made only ${run.insertedIds.length} acknowledged inserts in time; stderr: ${stderr}`));
    }, 20_000);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const lines = stdout.split('\n');
      stdout = lines.pop() ?? '';
      for (const line of lines) {
        const [kind, value] = line.split(' ');
        if (kind === 'insert') run.insertedIds.push(value);
        if (kind === 'counter') run.lastCounter = Number(value);
      }
      if (run.insertedIds.length >= killAfterInserts) child.kill('SIGKILL');
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timeout);
      if (signal === 'SIGKILL') resolve(run);
      else reject(new Error(`writer exited by itself (code ${code}); stderr: ${stderr}`));
    });
  });
}

/** Starts the writer and resolves once its server holds the data directory; the caller kills it. */
function startWriter(dataDir: string): Promise<{ pid: number; kill(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, dataDir, '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) {
        resolve({ pid: child.pid!, kill: () => (child.kill('SIGKILL'), exited) });
      }
    });
    void exited.then(() => reject(new Error(`writer exited before it was ready; stderr: ${stderr}`)));
  });
}

async function withServer<T>(dataDir: string, work: (client: MongoClient) => Promise<T>): Promise<T> {
  const server = await startEmbeddedMongo({ dataDir, dbName: 'durability' });
  const client = new MongoClient(server.uri, { serverSelectionTimeoutMS: 5000 });
  try {
    await client.connect();
    return await work(client);
  } finally {
    await client.close();
    await server.stop();
  }
}

let dataDir: string;
beforeEach(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'durability-test-'));
});
afterEach(async () => {
  await fs.rm(dataDir, { recursive: true, force: true });
});

test('every acknowledged write survives SIGKILL, over 5 kill-and-restart rounds on the same data directory', async () => {
  const acknowledged: string[] = [];
  let lastCounter = 0;
  for (let round = 1; round <= 5; round++) {
    const run = await runWriterUntilKilled(dataDir, round, 200 + round * 10);
    acknowledged.push(...run.insertedIds);
    lastCounter = run.lastCounter ?? lastCounter;

    await withServer(dataDir, async (client) => {
      const db = client.db('durability');
      const documents = db.collection<{ _id: string; round: number }>('documents');
      const found = await documents.find({ _id: { $in: acknowledged } }, { projection: { _id: 1 } }).toArray();
      expect(found.length).toBe(acknowledged.length);
      // At most the one write in flight when the kill came can be there without having been acknowledged.
      const inThisRound = await documents.countDocuments({ round });
      expect(inThisRound).toBeGreaterThanOrEqual(run.insertedIds.length);
      expect(inThisRound).toBeLessThanOrEqual(run.insertedIds.length + 1);
      const counter = await db.collection<{ _id: string; n: number }>('counters').findOne({ _id: 'writes' });
      expect(counter?.n).toBeGreaterThanOrEqual(lastCounter);
      expect(counter?.n).toBeLessThanOrEqual(lastCounter + 1);
      lastCounter = counter?.n ?? 0;
    });
  }
  expect(acknowledged.length).toBeGreaterThanOrEqual(5 * 200);
}, 60_000);

test('a journal cut mid-record recovers: the server starts and every complete record is there', async () => {
  const run = await runWriterUntilKilled(dataDir, 1, 200);
  const journalPath = path.join(dataDir, JOURNAL_FILE);
  const journal = await fs.readFile(journalPath);
  const records = parseFrames(journal).records.slice(1); // after the generation header
  const complete = records.slice(0, -1);
  const torn = records[records.length - 1];
  await fs.truncate(journalPath, journal.length - 7);

  const idsIn = (list: typeof records) =>
    list.filter((record) => record.op === 'put' && record.ns === 'durability.documents').map((record) => record.doc._id as string);
  const tornId = idsIn([torn])[0];

  await withServer(dataDir, async (client) => {
    const documents = client.db('durability').collection<{ _id: string }>('documents');
    const ids = (await documents.find({}, { projection: { _id: 1 } }).toArray()).map((doc) => doc._id).sort();
    expect(ids).toEqual(idsIn(complete).sort());
    expect(ids.length).toBeGreaterThanOrEqual(run.insertedIds.length - 1);
    if (tornId !== undefined) expect(ids).not.toContain(tornId);
    // The recovered server accepts writes again, and they survive a clean restart.
    await documents.insertOne({ _id: 'after-recovery' });
  });
  await withServer(dataDir, async (client) => {
    const documents = client.db('durability').collection<{ _id: string }>('documents');
    expect(await documents.countDocuments({ _id: 'after-recovery' })).toBe(1);
  });
}, 30_000);

test('a second server on the same data directory gets a clear error, in this process or another', async () => {
  const first = await startEmbeddedMongo({ dataDir, dbName: 'durability' });
  try {
    await expect(startEmbeddedMongo({ dataDir })).rejects.toThrow(/Data directory .* is already in use by this process/);
    const client = new MongoClient(first.uri, { serverSelectionTimeoutMS: 5000 });
    await client.db('durability').collection('documents').insertOne({ _id: 'still-served' } as never);
    await client.close();
  } finally {
    await first.stop();
  }

  const writer = await startWriter(dataDir);
  try {
    await expect(startEmbeddedMongo({ dataDir })).rejects.toThrow(`is already in use by process ${writer.pid}`);
  } finally {
    await writer.kill();
  }
  // Once the owner is gone (killed, leaving its lock file behind), the directory can be opened again.
  await withServer(dataDir, async (client) => {
    expect(await client.db('durability').collection('documents').countDocuments({ _id: 'still-served' } as never)).toBe(1);
  });
}, 30_000);

test('kill -9 then an immediate restart, 20 rounds: the dead owner is still a zombie, the lock is taken over, no acknowledged write lost', async () => {
  const acknowledged: string[] = [];
  for (let round = 1; round <= 20; round++) {
    // `exec sleep` gives the writer a parent that never reaps it, so after SIGKILL it stays a zombie.
    const shell = spawn('sh', ['-c', `${JSON.stringify(process.execPath)} --import tsx ${JSON.stringify(fixture)} ${JSON.stringify(dataDir)} ${100 + round} & exec sleep 120`], { stdio: ['ignore', 'pipe', 'pipe'] });
    const shellExited = new Promise<void>((resolve) => shell.once('exit', () => resolve()));
    try {
      const { pid, inserted } = await new Promise<{ pid: number; inserted: string[] }>((resolve, reject) => {
        const inserted: string[] = [];
        let pid = 0;
        let buffered = '';
        const timer = setTimeout(() => reject(new Error(`round ${round}: the writer did not get going`)), 60_000);
        shell.stdout.on('data', (chunk: Buffer) => {
          const lines = (buffered + chunk.toString()).split('\n');
          buffered = lines.pop() ?? '';
          for (const line of lines) {
            const [kind, value] = line.split(' ');
            if (kind === 'ready') pid = Number(value);
            if (kind === 'insert') inserted.push(value!);
          }
          if (pid && inserted.length >= 10) {
            clearTimeout(timer);
            process.kill(pid, 'SIGKILL');
            resolve({ pid, inserted: [...inserted] });
          }
        });
      });
      // Restart the moment the kernel has marked it dead (state Z), long before anything reaps it.
      while (!(await fs.readFile(`/proc/${pid}/stat`, 'utf8')).includes(') Z ')) await new Promise((resolve) => setTimeout(resolve, 1));
      acknowledged.push(...inserted);
      await withServer(dataDir, async (client) => {
        const found = await client.db('durability').collection('documents').countDocuments({ _id: { $in: acknowledged } as never });
        expect(found).toBe(acknowledged.length);
      });
    } finally {
      shell.kill('SIGKILL');
      await shellExited;
    }
  }
}, 600_000);
