/**
 * Throughput of the embedded MongoDB-compatible server through the real driver, persisted (temp data
 * directory, every write fsynced before it is acknowledged) and in memory, with and without an index,
 * plus how an indexed equality lookup scales from 1k to 100k documents.
 * Run with `node --import tsx bench/embedded.ts` or `npm run bench -- embedded`.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MongoClient, type Collection } from 'mongodb';
import { startEmbeddedMongo } from '../src/db/embedded/index.js';
import { printTable, summarise, verdict } from './stats.js';

const DOCUMENTS = 10_000;
const INSERT_ONE_SEQUENTIAL = 2_000;
const INSERT_ONE_CONCURRENT = 5_000;
const CONCURRENCY = 32;
const INSERT_MANY_BATCH = 1_000;
/** Reads run for this long (or until their count is reached), so slow unindexed scans do not dominate the run time. */
const READ_BUDGET_MS = 1_500;

const TARGET_FIND_ONE_INDEXED_PER_S = 2_000;
const TARGET_INSERT_ONE_PERSISTED_PER_S = 1_000;
const TARGET_SCALING_RATIO = 2;

interface SmallDocument {
  key: string;
  n: number;
  group: number;
  status: string;
}

const smallDocument = (i: number, prefix = 'k'): SmallDocument => ({ key: `${prefix}${i}`, n: i, group: i % 100, status: i % 3 === 0 ? 'open' : 'closed' });

/** Deterministic pseudo-random sequence, so every run asks for the same keys. */
function randomIndices(count: number, bound: number, seed = 12345): number[] {
  let state = seed;
  return Array.from({ length: count }, () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state % bound;
  });
}

async function timed(work: () => Promise<number>): Promise<{ count: number; perSecond: number }> {
  const start = performance.now();
  const count = await work();
  return { count, perSecond: (count / (performance.now() - start)) * 1000 };
}

/** Runs `operation(i)` for i = 0.. with `concurrency` in flight, until `count` are done or the budget is spent. */
async function runOps(count: number, concurrency: number, operation: (i: number) => Promise<unknown>, budgetMs = Infinity): Promise<number> {
  const deadline = performance.now() + budgetMs;
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < count && performance.now() < deadline) {
      await operation(next++);
      done++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return done;
}

interface ModeFigures {
  mode: string;
  index: string;
  insertOneSequential: number;
  insertOneConcurrent: number;
  insertManyDocs: number;
  findOneSequential: number;
  findOneConcurrent: number;
  findToArrayDocs: number;
}

async function measureCollection(collection: Collection<SmallDocument>, mode: string, indexed: boolean): Promise<ModeFigures> {
  if (indexed) await collection.createIndex({ key: 1 });
  // Warm up the JIT and the connection pool, so the first row is not penalised.
  await runOps(300, CONCURRENCY, (i) => collection.insertOne(smallDocument(i, 'warm')));
  await runOps(300, 1, (i) => collection.insertOne(smallDocument(i, 'warm1')));
  await collection.deleteMany({});

  const insertOneSequential = await timed(() => runOps(INSERT_ONE_SEQUENTIAL, 1, (i) => collection.insertOne(smallDocument(i, 'seq'))));
  const insertOneConcurrent = await timed(() => runOps(INSERT_ONE_CONCURRENT, CONCURRENCY, (i) => collection.insertOne(smallDocument(i, 'con'))));
  await collection.deleteMany({});

  const insertMany = await timed(async () => {
    for (let start = 0; start < DOCUMENTS; start += INSERT_MANY_BATCH) {
      await collection.insertMany(Array.from({ length: INSERT_MANY_BATCH }, (_, j) => smallDocument(start + j)));
    }
    return DOCUMENTS;
  });

  const keys = randomIndices(20_000, DOCUMENTS).map((i) => `k${i}`);
  const findOneSequential = await timed(() => runOps(keys.length, 1, (i) => collection.findOne({ key: keys[i] }), READ_BUDGET_MS));
  const findOneConcurrent = await timed(() => runOps(keys.length, 8, (i) => collection.findOne({ key: keys[i] }), READ_BUDGET_MS));
  const findToArray = await timed(async () => {
    let docs = 0;
    const deadline = performance.now() + READ_BUDGET_MS;
    do docs += (await collection.find({}).toArray()).length;
    while (performance.now() < deadline);
    return docs;
  });

  return {
    mode,
    index: indexed ? '{ key: 1 }' : 'none',
    insertOneSequential: insertOneSequential.perSecond,
    insertOneConcurrent: insertOneConcurrent.perSecond,
    insertManyDocs: insertMany.perSecond,
    findOneSequential: findOneSequential.perSecond,
    findOneConcurrent: findOneConcurrent.perSecond,
    findToArrayDocs: findToArray.perSecond,
  };
}

async function withServer<T>(dataDir: string | undefined, work: (client: MongoClient) => Promise<T>): Promise<T> {
  const server = await startEmbeddedMongo({ dataDir, dbName: 'bench' });
  const client = new MongoClient(server.uri, { maxPoolSize: CONCURRENCY + 4 });
  try {
    await client.connect();
    return await work(client);
  } finally {
    await client.close();
    await server.stop();
  }
}

/** Mean latency of an indexed equality findOne on a collection of `size` documents (in memory). */
async function indexedLookupLatency(client: MongoClient, size: number): Promise<{ size: number; meanMs: number; p50: number; p95: number }> {
  const collection = client.db('bench').collection<SmallDocument>(`scale${size}`);
  await collection.createIndex({ key: 1 });
  for (let start = 0; start < size; start += 10_000) {
    const batch = Math.min(10_000, size - start);
    await collection.insertMany(Array.from({ length: batch }, (_, j) => smallDocument(start + j)));
  }
  const keys = randomIndices(3_000, size, size).map((i) => `k${i}`);
  for (const key of keys.slice(0, 300)) await collection.findOne({ key }); // warm up
  const latencies: number[] = [];
  const start = performance.now();
  for (const key of keys) {
    const before = performance.now();
    const found = await collection.findOne({ key });
    latencies.push(performance.now() - before);
    if (!found) throw new Error(`lookup of ${key} found nothing`);
  }
  const elapsed = performance.now() - start;
  const summary = summarise(latencies, elapsed);
  return { size, meanMs: elapsed / keys.length, p50: summary.p50, p95: summary.p95 };
}

export async function main(): Promise<void> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-embedded-'));
  const figures: ModeFigures[] = [];
  let scaling: Awaited<ReturnType<typeof indexedLookupLatency>>[] = [];
  try {
    for (const [mode, dir] of [['in memory', undefined], ['persisted', dataDir]] as const) {
      await withServer(dir, async (client) => {
        const db = client.db('bench');
        for (const indexed of [false, true]) {
          figures.push(await measureCollection(db.collection<SmallDocument>(indexed ? 'indexed' : 'plain'), mode, indexed));
        }
      });
    }
    scaling = await withServer(undefined, async (client) => [await indexedLookupLatency(client, 1_000), await indexedLookupLatency(client, 100_000)]);
  } finally {
    await fs.rm(dataDir, { recursive: true, force: true });
  }

  console.log(`Embedded server through the mongodb driver; ${DOCUMENTS.toLocaleString('en-GB')} small documents; ${os.cpus().length} CPUs.`);
  console.log(`Sequential = one operation at a time; concurrent = ${CONCURRENCY} insertOne (8 findOne) in flight, which lets the journal group-commit.\n`);
  printTable(
    figures.map((f) => ({
      mode: f.mode,
      index: f.index,
      'insertOne/s seq': f.insertOneSequential,
      'insertOne/s conc': f.insertOneConcurrent,
      'insertMany docs/s': f.insertManyDocs,
      'findOne by key/s seq': f.findOneSequential,
      'findOne by key/s conc': f.findOneConcurrent,
      'find().toArray() docs/s': f.findToArrayDocs,
    })),
  );

  const persistedIndexed = figures.find((f) => f.mode === 'persisted' && f.index !== 'none')!;
  const persistedInserts = figures.filter((f) => f.mode === 'persisted');
  const worstInsertSequential = Math.min(...persistedInserts.map((f) => f.insertOneSequential));
  const worstInsertConcurrent = Math.min(...persistedInserts.map((f) => f.insertOneConcurrent));
  const [small, large] = scaling;
  // Medians: on a shared 2-core machine the means swing with whatever else is running.
  const ratio = large.p50 / small.p50;

  console.log('\nIndexed equality lookup (findOne, in memory, sequential):');
  printTable(scaling.map((s) => ({ documents: s.size, 'mean µs': s.meanMs * 1000, 'p50 µs': s.p50 * 1000, 'p95 µs': s.p95 * 1000 })));

  console.log('\nTargets:');
  printTable([
    {
      target: `findOne on an indexed field >= ${TARGET_FIND_ONE_INDEXED_PER_S.toLocaleString('en-GB')}/s (persisted)`,
      sequential: persistedIndexed.findOneSequential,
      concurrent: persistedIndexed.findOneConcurrent,
      verdict: `seq ${verdict(persistedIndexed.findOneSequential >= TARGET_FIND_ONE_INDEXED_PER_S)}; conc ${verdict(persistedIndexed.findOneConcurrent >= TARGET_FIND_ONE_INDEXED_PER_S)}`,
    },
    {
      target: `insertOne persisted >= ${TARGET_INSERT_ONE_PERSISTED_PER_S.toLocaleString('en-GB')}/s (worst of with/without index)`,
      sequential: worstInsertSequential,
      concurrent: worstInsertConcurrent,
      verdict: `seq ${verdict(worstInsertSequential >= TARGET_INSERT_ONE_PERSISTED_PER_S)}; conc ${verdict(worstInsertConcurrent >= TARGET_INSERT_ONE_PERSISTED_PER_S)}`,
    },
    {
      target: `indexed lookup at 100k within ${TARGET_SCALING_RATIO}x of 1k (median)`,
      sequential: `${ratio.toFixed(2)}x`,
      concurrent: '',
      verdict: verdict(ratio <= TARGET_SCALING_RATIO),
    },
  ]);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
