import { afterEach, describe, expect, it } from '@jest/globals';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient, MongoServerError } from 'mongodb';
import { loadConfig } from '../../src/config.js';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/db/embedded/index.js';
import { JOURNAL_FILE } from '../../src/db/embedded/journal.js';
import type { Journal } from '../../src/db/embedded/store.js';
import { startAssistant } from '../../src/startup.js';

/** A journal that keeps nothing and, once broken, fails every write as a full or failing disk would. */
function breakableJournal(): Journal & { broken: boolean } {
  const journal = {
    broken: false,
    load: async () => ({ snapshot: [], journal: [] }),
    append: async () => {
      if (journal.broken) throw Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' });
    },
    compact: async () => undefined,
    byteLength: () => 0,
    close: async () => undefined,
  };
  return journal;
}

let server: EmbeddedMongo | undefined;
let client: MongoClient | undefined;
let dir: string | undefined;
afterEach(async () => {
  await client?.close();
  await server?.stop();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
  server = client = dir = undefined;
});

describe('a journal write that fails', () => {
  it('fails the write cleanly, leaves memory as it was, keeps the connection usable, and marks the server unhealthy', async () => {
    const journal = breakableJournal();
    server = await startEmbeddedMongo({ journal });
    client = await new MongoClient(server.uri).connect();
    const cases = client.db('asb').collection<{ _id: string; status: string; notes?: number }>('cases');
    await cases.insertOne({ _id: 'ASB-1', status: 'open' });
    expect(server.healthy()).toBe(true);

    journal.broken = true;
    const failed = await cases.insertOne({ _id: 'ASB-2', status: 'open' }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(MongoServerError);
    expect((failed as MongoServerError).message).toMatch(/could not be saved to disk and was not applied/);
    expect((failed as MongoServerError).message).not.toMatch(/EIO|\//);
    await expect(cases.updateOne({ _id: 'ASB-1' }, { $set: { status: 'closed' }, $inc: { notes: 1 } })).rejects.toThrow(MongoServerError);
    await expect(cases.deleteOne({ _id: 'ASB-1' })).rejects.toThrow(MongoServerError);
    await expect(client.db('asb').collection('brandNew').createIndex({ a: 1 })).rejects.toThrow(MongoServerError);

    // The same connection still answers, and memory holds exactly what was acknowledged.
    expect(await cases.find().toArray()).toEqual([{ _id: 'ASB-1', status: 'open' }]);
    expect((await client.db('asb').listCollections().toArray()).map((c) => c.name)).toEqual(['cases']);
    expect(server.healthy()).toBe(false);
  });

  it('makes /readyz answer 503', async () => {
    const journal = breakableJournal();
    const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent' });
    const assistant = await startAssistant(config, { dataDir: 'memory', processEveryMs: 200, shutdownGraceMs: 500, database: { embedded: { journal } } });
    try {
      expect((await fetch(`${assistant.url}/readyz`)).status).toBe(200);
      journal.broken = true;
      await assistant.deps.db.collection('probe').insertOne({ at: 1 }).catch(() => undefined);
      const ready = await fetch(`${assistant.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'not ready' });
    } finally {
      await assistant.stop();
    }
  });
});

describe('journal compaction', () => {
  it('runs in the background once the journal passes its size threshold, and loses nothing', async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'compaction-test-'));
    server = await startEmbeddedMongo({ dataDir: dir, compactAtBytes: 20_000 });
    client = await new MongoClient(server.uri).connect();
    const notes = client.db('asb').collection<{ _id: number; text: string; edits: number }>('notes');
    let largest = 0;
    for (let i = 0; i < 300; i++) {
      await notes.updateOne({ _id: i % 20 }, { $set: { text: `note ${i} `.padEnd(200, '.') }, $inc: { edits: 1 } }, { upsert: true });
      largest = Math.max(largest, (await fs.stat(path.join(dir, JOURNAL_FILE))).size);
    }
    // 300 writes of ~250 bytes is ~75 kB of journal without compaction; the threshold keeps it near 20 kB.
    expect(largest).toBeLessThan(40_000);
    await client.close();
    await server.stop();
    server = await startEmbeddedMongo({ dataDir: dir });
    client = await new MongoClient(server.uri).connect();
    const reopened = client.db('asb').collection<{ _id: number; edits: number }>('notes');
    expect(await reopened.countDocuments()).toBe(20);
    expect((await reopened.find().toArray()).reduce((sum, note) => sum + note.edits, 0)).toBe(300);
  });
});
