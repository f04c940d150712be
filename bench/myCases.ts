/**
 * `my cases` in its default order (issue 13: highest risk first, then the next deadline) needs every listed
 * case's next deadline. This times reading them for an officer's 200 open cases (3 open reminders each) in one
 * query, beside the baseline of one query per case (what the list did before), in the same run on one server.
 * Run with `npm run bench -- my-cases`.
 */
import { MongoClient } from 'mongodb';
import { startEmbeddedMongo } from '../src/db/embedded/index.js';
import { ReminderStore } from '../src/db/reminders.js';
import { printTable, summarise } from './stats.js';

const CASES = 200;
const PER_CASE = 3;
const RUNS = 30;

export async function main(): Promise<void> {
  const server = await startEmbeddedMongo();
  const client = await new MongoClient(server.uri).connect();
  try {
    const db = client.db('bench');
    const reminders = new ReminderStore(db, { now: () => new Date() }, () => undefined);
    await reminders.ensureIndexes();
    await reminders.collection.insertMany(
      Array.from({ length: CASES * PER_CASE }, (_, i) => ({
        _id: `r-${i}`, caseId: `case-${i % CASES}`, status: 'open', dueDate: `2026-12-${String(10 + (i % 17)).padStart(2, '0')}`, label: `Deadline ${i}`,
        kind: 'case-review', recipient: { tenantId: 't', aadObjectId: 'officer-1' }, nextNoticeAt: new Date(),
      })) as never,
    );
    const ids = Array.from({ length: CASES }, (_, i) => `case-${i}`);
    const time = async (run: () => Promise<unknown>) => {
      const ms: number[] = [];
      const started = Date.now();
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        await run();
        ms.push(performance.now() - t);
      }
      return summarise(ms, Date.now() - started);
    };
    const perCase = await time(() => Promise.all(ids.map((id) => reminders.openForCase(id, 1))));
    const batched = await time(() => reminders.nextOpenForCases(ids));
    printTable([
      { measure: `next deadlines of ${CASES} cases, one query per case (baseline)`, value: `p50 ${perCase.p50.toFixed(1)} ms, p95 ${perCase.p95.toFixed(1)} ms`, target: '', result: '(baseline)' },
      { measure: `next deadlines of ${CASES} cases, one query`, value: `p50 ${batched.p50.toFixed(1)} ms, p95 ${batched.p95.toFixed(1)} ms (p50 ${(batched.p50 / perCase.p50).toFixed(2)}× the baseline)`, target: '', result: '' },
    ]);
  } finally {
    await client.close();
    await server.stop();
  }
}
