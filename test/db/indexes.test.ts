import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MongoServerError } from 'mongodb';
import { connectTarget, type TestTarget } from './target.js';

let target: TestTarget;
beforeAll(async () => {
  target = await connectTarget({ ttlIntervalMs: 100 });
});
afterAll(async () => target.stop());

const collection = (name: string) => target.db.collection(name);

describe('unique indexes', () => {
  it('raise E11000 with keyPattern and keyValue as a MongoServerError', async () => {
    const users = collection('users');
    await users.createIndex({ email: 1 }, { unique: true });
    await users.insertOne({ email: 'a@example.org' });
    const error = await users.insertOne({ email: 'a@example.org' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MongoServerError);
    expect(error).toMatchObject({ code: 11000, keyPattern: { email: 1 }, keyValue: { email: 'a@example.org' } });
    expect((error as Error).message).toMatch(/^E11000 duplicate key error collection: .*users index: email_1 dup key: \{ email: "a@example.org" \}/);
  });

  it('apply to compound keys', async () => {
    const refs = collection('refs');
    await refs.createIndex({ year: 1, seq: 1 }, { unique: true });
    await refs.insertMany([{ year: 2026, seq: 1 }, { year: 2026, seq: 2 }, { year: 2027, seq: 1 }]);
    await expect(refs.insertOne({ year: 2026, seq: 2 })).rejects.toMatchObject({ code: 11000, keyValue: { year: 2026, seq: 2 } });
  });

  it('treat a missing field as null, so only one document may lack it', async () => {
    const missing = collection('missing');
    await missing.createIndex({ code: 1 }, { unique: true });
    await missing.insertOne({ other: 1 });
    await expect(missing.insertOne({ other: 2 })).rejects.toMatchObject({ code: 11000, keyValue: { code: null } });
    await expect(missing.insertOne({ code: null })).rejects.toMatchObject({ code: 11000 });
  });

  it('skip documents without the field when sparse', async () => {
    const sparse = collection('sparse');
    await sparse.createIndex({ code: 1 }, { unique: true, sparse: true });
    await sparse.insertMany([{ a: 1 }, { a: 2 }, { code: 'x' }]);
    await expect(sparse.insertOne({ code: 'x' })).rejects.toMatchObject({ code: 11000 });
  });

  it('cannot be built over existing duplicates, and an update into a duplicate fails', async () => {
    const dupes = collection('dupes');
    await dupes.insertMany([{ k: 1 }, { k: 1 }, { k: 2 }]);
    await expect(dupes.createIndex({ k: 1 }, { unique: true })).rejects.toMatchObject({ code: 11000 });
    await dupes.deleteOne({ k: 1 });
    await dupes.createIndex({ k: 1 }, { unique: true });
    await expect(dupes.updateOne({ k: 2 }, { $set: { k: 1 } })).rejects.toMatchObject({ code: 11000 });
    expect(await dupes.countDocuments({ k: 2 })).toBe(1);
  });
});

describe('index management', () => {
  it('lists, recreates idempotently and drops indexes', async () => {
    const managed = collection('managed');
    expect(await managed.createIndex({ a: 1 })).toBe('a_1');
    expect(await managed.createIndex({ a: 1 })).toBe('a_1');
    await managed.createIndex({ b: -1, c: 1 }, { name: 'b_c' });
    const names = (await managed.listIndexes().toArray()).map((i) => i.name);
    expect(names).toEqual(['_id_', 'a_1', 'b_c']);
    await expect(managed.createIndex({ a: 1 }, { name: 'other' })).rejects.toMatchObject({ code: 85 });
    await managed.dropIndex('a_1');
    expect((await managed.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_', 'b_c']);
    await expect(managed.dropIndex('nope')).rejects.toMatchObject({ code: 27 });
    await expect(managed.dropIndex('_id_')).rejects.toMatchObject({ code: 72 });
    await managed.dropIndexes();
    expect((await managed.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
  });

  it('answers listIndexes on a missing collection with NamespaceNotFound (26)', async () => {
    await expect(collection('no_such').listIndexes().toArray()).rejects.toMatchObject({ code: 26 });
  });
});

describe('indexed lookups', () => {
  it('read only the matching documents, not the whole collection', async () => {
    const lookups = collection('lookups');
    await lookups.insertMany(Array.from({ length: 500 }, (_, i) => ({ ref: `R${i}`, group: i % 5 })));
    await lookups.createIndex({ ref: 1 });
    const indexed = await lookups.find({ ref: 'R123' }).explain('executionStats');
    expect(indexed.executionStats).toMatchObject({ nReturned: 1, totalDocsExamined: 1 });
    const inList = await lookups.find({ ref: { $in: ['R1', 'R2'] } }).explain('executionStats');
    expect(inList.executionStats).toMatchObject({ nReturned: 2, totalDocsExamined: 2 });
    const byId = await lookups.findOne({ ref: 'R7' });
    const idLookup = await lookups.find({ _id: byId!._id }).explain('executionStats');
    expect(idLookup.executionStats.totalDocsExamined).toBe(1);
    const scan = await lookups.find({ group: 3 }).explain('executionStats');
    expect(scan.executionStats).toMatchObject({ nReturned: 100, totalDocsExamined: 500 });
    await lookups.createIndex({ group: 1, ref: 1 });
    const prefix = await lookups.find({ group: 3 }).explain('executionStats');
    expect(prefix.executionStats).toMatchObject({ nReturned: 100, totalDocsExamined: 100 });
    const both = await lookups.find({ group: 2, ref: 'R7' }).explain('executionStats');
    expect(both.executionStats).toMatchObject({ nReturned: 1, totalDocsExamined: 1 });
  });
});

describe('TTL indexes', () => {
  it('remove documents once their date is older than expireAfterSeconds', async () => {
    if (!target.embedded) return; // a real server's TTL monitor runs once a minute
    const sessions = collection('sessions');
    await sessions.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
    await sessions.insertMany([
      { expiresAt: new Date(Date.now() - 1000) },
      { expiresAt: new Date(Date.now() + 60 * 60 * 1000) },
      { expiresAt: 'not a date' },
    ]);
    const deadline = Date.now() + 5000;
    while ((await sessions.countDocuments()) > 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await sessions.countDocuments()).toBe(2);
    expect(await sessions.countDocuments({ expiresAt: { $lt: new Date() } })).toBe(0);
  });
});

/** The stages of an explained plan, outermost first, and its IXSCAN stage. */
function stagesOf(explained: Record<string, any>): { stages: string[]; ixscan: Record<string, any> | undefined } {
  const stages: string[] = [];
  let ixscan;
  for (let stage = explained.queryPlanner.winningPlan; stage; stage = stage.inputStage) {
    stages.push(stage.stage);
    if (stage.stage === 'IXSCAN') ixscan = stage;
  }
  return { stages, ixscan };
}

describe('ordered indexes', () => {
  it('serve an equality prefix with a range on the next field, reading only the keys in bounds', async () => {
    const reminders = collection('ordered_reminders');
    const base = Date.UTC(2026, 0, 1);
    await reminders.insertMany(
      Array.from({ length: 1000 }, (_, i) => ({ status: i % 2 === 0 ? 'open' : 'done', nextNoticeAt: new Date(base + i * 60_000) })),
    );
    await reminders.createIndex({ status: 1, nextNoticeAt: 1 });
    const now = new Date(base + 99 * 60_000);
    const explained = await reminders.find({ status: 'open', nextNoticeAt: { $lte: now } }).explain('executionStats');
    expect(stagesOf(explained)).toMatchObject({ stages: ['FETCH', 'IXSCAN'], ixscan: { indexName: 'status_1_nextNoticeAt_1', direction: 'forward' } });
    expect(explained.executionStats).toMatchObject({ nReturned: 50, totalDocsExamined: 50 });
    expect(explained.executionStats.totalKeysExamined).toBeLessThanOrEqual(51); // a real server reads one key past the end
  });

  it('give a matching sort from the index and stop at the limit, forwards and backwards', async () => {
    const incidents = collection('ordered_incidents');
    await incidents.insertMany(Array.from({ length: 2000 }, (_, i) => ({ caseId: `C${i % 4}`, occurredAt: new Date(Date.UTC(2026, 0, 1) + i * 3_600_000) })));
    await incidents.createIndex({ caseId: 1, occurredAt: -1 });
    const latest = await incidents.find({ caseId: 'C1' }).sort({ occurredAt: -1 }).limit(10);
    const explained = await latest.explain('executionStats');
    expect(stagesOf(explained).stages).toEqual(['LIMIT', 'FETCH', 'IXSCAN']);
    expect(explained.executionStats).toMatchObject({ nReturned: 10, totalDocsExamined: 10 });
    const docs = await incidents.find({ caseId: 'C1' }).sort({ occurredAt: -1 }).limit(10).toArray();
    expect(docs.map((d) => d.occurredAt.getTime())).toEqual([...docs.map((d) => d.occurredAt.getTime())].sort((a, b) => b - a));
    const earliest = await incidents.find({ caseId: 'C1', occurredAt: { $gte: new Date(Date.UTC(2026, 0, 10)) } }).sort({ occurredAt: 1 }).limit(3).explain('executionStats');
    expect(stagesOf(earliest)).toMatchObject({ ixscan: { indexName: 'caseId_1_occurredAt_-1', direction: 'backward' } });
    expect(earliest.executionStats.totalDocsExamined).toBe(3);
  });

  it('pick the index with the narrowest bounds, and fall back to a sort stage when no index gives the order', async () => {
    const cases = collection('ordered_cases');
    await cases.insertMany(Array.from({ length: 600 }, (_, i) => ({ teamId: `T${i % 3}`, ownerId: `O${i % 60}`, status: i % 5 === 0 ? 'closed' : 'open', openedAt: i })));
    await cases.createIndex({ teamId: 1, status: 1 });
    await cases.createIndex({ ownerId: 1, status: 1 });
    const explained = await cases.find({ teamId: 'T1', ownerId: 'O7', status: 'open' }).sort({ openedAt: -1 }).explain('executionStats');
    expect(stagesOf(explained)).toMatchObject({ stages: ['SORT', 'FETCH', 'IXSCAN'], ixscan: { indexName: 'ownerId_1_status_1' } });
  });

  it('report multikey indexes and return each document once', async () => {
    const groups = collection('ordered_groups');
    await groups.insertMany([{ areas: ['north', 'east'] }, { areas: ['east', 'eastgate'] }, { areas: 'west' }]);
    await groups.createIndex({ areas: 1 });
    const found = await groups.find({ areas: { $gte: 'east', $lt: 'f' } }).toArray();
    expect(found).toHaveLength(2);
    const explained = await groups.find({ areas: { $in: ['east', 'north'] } }).explain('executionStats');
    expect(stagesOf(explained)).toMatchObject({ ixscan: { indexName: 'areas_1', isMultiKey: true } });
    expect(explained.executionStats.nReturned).toBe(2);
  });

  it('use a partial index only when the query implies its filter', async () => {
    const monitored = collection('ordered_monitored');
    await monitored.insertMany([{ teamId: 'T', monitoringEndsOn: '2026-03-01' }, { teamId: 'T' }]);
    await monitored.createIndex({ teamId: 1, monitoringEndsOn: 1 }, { name: 'monitored', partialFilterExpression: { monitoringEndsOn: { $exists: true } } });
    const implied = await monitored.find({ teamId: 'T', monitoringEndsOn: { $lte: '2026-06-01' } }).explain();
    expect(stagesOf(implied).ixscan?.indexName).toBe('monitored');
    const notImplied = await monitored.find({ teamId: 'T' }).explain();
    expect(stagesOf(notImplied).stages).toEqual(['COLLSCAN']);
    expect(await monitored.countDocuments({ teamId: 'T' })).toBe(2);
  });

  it('explain findAndModify, aggregate and count without changing anything', async () => {
    const outbox = collection('ordered_outbox');
    await outbox.insertMany(Array.from({ length: 100 }, (_, i) => ({ state: 'pending', notBefore: new Date(i * 1000) })));
    await outbox.createIndex({ state: 1, notBefore: 1 });
    const db = target.db;
    const claim = await db.command({ explain: { findAndModify: 'ordered_outbox', query: { state: 'pending', notBefore: { $lte: new Date(50_000) } }, sort: { notBefore: 1 }, update: { $set: { state: 'sending' } } } });
    expect(stagesOf(claim)).toMatchObject({ ixscan: { indexName: 'state_1_notBefore_1' } });
    const grouped = await outbox.aggregate([{ $match: { state: 'pending', notBefore: { $gte: new Date(90_000) } } }, { $count: 'n' }]).explain();
    if (target.embedded) expect(stagesOf(grouped).ixscan?.indexName).toBe('state_1_notBefore_1');
    expect(await outbox.countDocuments({ state: 'sending' })).toBe(0);
  });

  // updateOne with sort is MongoDB 8's; the embedded server plans it as find's sort (the same index, stopping at one).
  it('plan a single update with sort like find, and refuse sort on a multi update', async () => {
    if (!target.embedded) return;
    const outbox = collection('sorted_update');
    await outbox.createIndex({ state: 1, notBefore: 1 });
    await outbox.insertMany([3, 1, 2].map((n) => ({ _id: `m${n}`, state: 'pending', notBefore: new Date(n * 1000) })) as never[]);
    await outbox.updateOne({ state: 'pending' }, { $set: { state: 'sending' } }, { sort: { notBefore: 1 } });
    expect(await outbox.find({ state: 'sending' }).toArray()).toMatchObject([{ _id: 'm1' }]);
    const explained = await target.db.command({ explain: { update: 'sorted_update', updates: [{ q: { state: 'pending' }, u: { $set: { state: 'x' } }, sort: { notBefore: -1 } }] } });
    expect(stagesOf(explained)).toMatchObject({ ixscan: { indexName: 'state_1_notBefore_1', direction: 'backward' } });
    const multi = await target.db.command({ update: 'sorted_update', updates: [{ q: {}, u: { $set: { y: 1 } }, multi: true, sort: { notBefore: 1 } }] });
    expect(multi).toMatchObject({ n: 0, writeErrors: [{ code: 72 }] });
  });
});

describe('the planner trial', () => {
  // Embedded only: a real server may pick either plan for the first few keys; the counts are the same.
  it('compares plans after equal works, stops at 101 results and counts the exact winner from its keys', async () => {
    if (!target.embedded) return;
    const cases = collection('trial_cases');
    // Listed first, and its first keys (open cases have no closedAt) match as well as the exact plan's do.
    await cases.createIndex({ teamId: 1, closedAt: 1 }, { sparse: true });
    await cases.createIndex({ teamId: 1, status: 1 });
    await cases.insertMany(Array.from({ length: 3000 }, (_, i) => ({ teamId: 'T', status: i % 3 === 0 ? 'closed' : 'open', ...(i % 3 === 0 ? { closedAt: new Date(i * 1000) } : {}) })));
    const query = { teamId: 'T', status: 'open' };
    expect((await target.db.command({ count: 'trial_cases', query })).n).toBe(2000);
    const explained = await target.db.command({ explain: { count: 'trial_cases', query } });
    expect(explained.queryPlanner.winningPlan).toMatchObject({ stage: 'COUNT', inputStage: { stage: 'COUNT_SCAN', indexName: 'teamId_1_status_1' } });
    // The trial fetched 101 documents; the other 1,899 were counted from the index alone.
    expect(explained.executionStats).toMatchObject({ totalKeysExamined: 2000, totalDocsExamined: 101 });
    const found = await cases.find(query).explain('executionStats');
    expect(stagesOf(found).ixscan?.indexName).toBe('teamId_1_status_1');
  });
});


describe('a long $in list beside another condition', () => {
  it('finds what a full scan finds when the index bounds only the $in field (too many intervals for both)', async () => {
    const reminders = collection('longIn');
    await reminders.createIndex({ caseId: 1, status: 1 });
    await reminders.insertMany(Array.from({ length: 3_000 }, (_, n) => ({ caseId: `case-${n % 1_000}`, status: ['open', 'done', 'snoozed'][n % 3], n })));
    const ids = Array.from({ length: 600 }, (_, i) => `case-${i * 2}`);
    for (const filter of [{ caseId: { $in: ids }, status: 'open' }, { caseId: { $in: ids }, status: { $in: ['open', 'snoozed'] }, n: { $gte: 500 } }]) {
      const viaIndex = await reminders.find(filter).hint({ caseId: 1, status: 1 }).sort({ n: 1 }).toArray();
      const viaScan = await reminders.find(filter).hint({ $natural: 1 }).sort({ n: 1 }).toArray();
      expect(viaIndex.length).toBeGreaterThan(100);
      expect(viaIndex).toEqual(viaScan);
    }
  });
});
