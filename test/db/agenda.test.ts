/**
 * agenda 6 with @agendajs/mongo-backend, end to end through the real driver, on the embedded server
 * (or a real MongoDB when TEST_MONGODB_URI is set). processEvery is always a number of milliseconds.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { MongoBackend } from '@agendajs/mongo-backend';
import { Agenda } from 'agenda';
import { connectTarget, type TestTarget } from './target.js';

let target: TestTarget;
const started: Agenda[] = [];

beforeAll(async () => {
  target = await connectTarget();
});
afterEach(async () => {
  await Promise.all(started.splice(0).map((agenda) => agenda.stop(false)));
});
afterAll(async () => {
  await target.stop();
});

/** A started agenda instance on its own jobs collection (so the tests do not see each other's jobs). */
async function startAgenda(collection: string, name = 'test'): Promise<Agenda> {
  const agenda = new Agenda({
    backend: new MongoBackend({ mongo: target.db, collection }),
    name,
    processEvery: 100,
    // Short, because agenda keeps a lockLifetime/2 timer alive after each job, which would hold the test process open.
    defaultLockLifetime: 2000,
  });
  started.push(agenda);
  return agenda;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for a condition');
    await sleep(25);
  }
}

describe('agenda on the embedded server', () => {
  test('a job scheduled 1 s ahead runs once, not before its time', async () => {
    const agenda = await startAgenda('jobsOnce');
    const runs: number[] = [];
    agenda.define('remind.once', async () => {
      runs.push(Date.now());
    });
    await agenda.start();
    const due = new Date(Date.now() + 1000);
    await agenda.schedule(due, 'remind.once', { caseId: 'c1' });

    await waitFor(() => runs.length > 0);
    await sleep(800); // several more polls: it must not run again
    expect(runs).toHaveLength(1);
    expect(runs[0]).toBeGreaterThanOrEqual(due.getTime() - 50);
    const stored = await target.db.collection('jobsOnce').find({ name: 'remind.once' }).toArray();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ data: { caseId: 'c1' }, nextRunAt: null });
    expect(stored[0].lastFinishedAt).toBeInstanceOf(Date);
    expect(stored[0].lockedAt ?? null).toBeNull();
  });

  test('a recurring job runs again and again, kept as one document', async () => {
    const agenda = await startAgenda('jobsRecurring');
    let runs = 0;
    agenda.define('remind.recurring', async () => {
      runs++;
    });
    await agenda.start();
    await agenda.every(300, 'remind.recurring');

    await waitFor(() => runs >= 3);
    const stored = await target.db.collection('jobsRecurring').find({ name: 'remind.recurring' }).toArray();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ type: 'single', repeatInterval: 300 });
    expect(stored[0].nextRunAt).toBeInstanceOf(Date);
  });

  test('a failing job records failReason, failCount and failedAt', async () => {
    const agenda = await startAgenda('jobsFailing');
    let attempts = 0;
    agenda.define('remind.failing', async () => {
      attempts++;
      throw new Error('the connector refused the message');
    });
    const failed = new Promise<void>((resolve) => agenda.once('fail:remind.failing', () => resolve()));
    await agenda.start();
    await agenda.now('remind.failing');
    await failed;

    const jobs = target.db.collection('jobsFailing');
    await waitFor(async () => (await jobs.findOne({ name: 'remind.failing' }))?.failCount === 1);
    const stored = await jobs.findOne({ name: 'remind.failing' });
    expect(stored).toMatchObject({ failReason: 'the connector refused the message', failCount: 1 });
    expect(stored?.failedAt).toBeInstanceOf(Date);
    expect(attempts).toBe(1);
  });

  test('unique jobs are not duplicated', async () => {
    const agenda = await startAgenda('jobsUnique');
    agenda.define('remind.unique', async () => undefined);
    await agenda.ready;
    const when = new Date(Date.now() + 60 * 60 * 1000);
    const first = await agenda.create('remind.unique', { caseId: 'c7' }).unique({ name: 'remind.unique', 'data.caseId': 'c7' }).schedule(when).save();
    const second = await agenda.create('remind.unique', { caseId: 'c7' }).unique({ name: 'remind.unique', 'data.caseId': 'c7' }).schedule(when).save();
    await agenda.create('remind.unique', { caseId: 'c8' }).unique({ name: 'remind.unique', 'data.caseId': 'c8' }).schedule(when).save();

    const jobs = target.db.collection('jobsUnique');
    expect(await jobs.countDocuments({ name: 'remind.unique', 'data.caseId': 'c7' })).toBe(1);
    expect(await jobs.countDocuments({ name: 'remind.unique' })).toBe(2);
    expect(String(second.attrs._id)).toBe(String(first.attrs._id));
  });

  test('two agenda instances on the same database never run the same job twice', async () => {
    const runsById = new Map<number, string[]>();
    const names = ['worker-a', 'worker-b'];
    const instances = await Promise.all(names.map((name) => startAgenda('jobsShared', name)));
    for (const [index, agenda] of instances.entries()) {
      agenda.define('remind.shared', async (job) => {
        const { i } = job.attrs.data as { i: number };
        runsById.set(i, [...(runsById.get(i) ?? []), names[index]]);
        await sleep(20); // long enough that both instances poll while jobs are running
      }, { concurrency: 3, lockLimit: 3 }); // neither instance can lock the whole queue in one poll
    }
    await Promise.all(instances.map((agenda) => agenda.start()));
    const jobCount = 30;
    await Promise.all(Array.from({ length: jobCount }, (_, i) => instances[i % 2].now('remind.shared', { i })));

    await waitFor(() => runsById.size === jobCount, 15_000);
    await sleep(800); // more polls by both instances: nothing may run a second time
    const counts = [...runsById.values()].map((runners) => runners.length);
    expect(counts).toEqual(Array(jobCount).fill(1));
    // Both really competed for the jobs, so the lock was what kept them apart.
    expect(new Set([...runsById.values()].flat())).toEqual(new Set(names));
    const finished = await target.db.collection('jobsShared').countDocuments({ name: 'remind.shared', lastFinishedAt: { $ne: null } });
    expect(finished).toBe(jobCount);
  }, 30_000);
});
