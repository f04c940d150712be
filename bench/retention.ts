/**
 * Retention at scale (issue 14), on the embedded server in memory through the real driver:
 * - destroying one case with 50 incidents, 20 notes and 3 meetings (target ≤ 1 s), beside a same-run
 *   baseline that only reads the same records once;
 * - the retention sweep (one team's review) over 100k closed cases (target ≤ 5 s), beside counting them and beside
 *   a plain indexed read of the candidates it has to look at (closed before the cutoff); and the digest's sweep
 *   (every team's undecided cases past their retention date).
 * Run with `npm run bench -- retention` (BENCH_RETENTION_CASES=10000 for a quick look).
 */
import { pathToFileURL } from 'node:url';
import { MongoClient, type Db } from 'mongodb';
import { AuditLog } from '../src/db/audit.js';
import { CaseDestruction } from '../src/db/caseDestruction.js';
import { IntentStore } from '../src/db/intents.js';
import { startEmbeddedMongo } from '../src/db/embedded/index.js';
import { MeetingRepository } from '../src/db/meetings.js';
import { RetentionStore } from '../src/db/retention.js';
import { ManualClock } from '../src/domain/clock.js';
import { reviewCutoff } from '../src/domain/governance/retention.js';
import { buildAgenda, createMeeting } from '../src/domain/meetings/index.js';
import { Intents } from '../src/services/intents.js';
import { RetentionService } from '../src/services/retention.js';
import { group } from '../test/domain/meetings/fixtures.js';
import { printTable, timed, verdict } from './stats.js';

const CASES = Number(process.env.BENCH_RETENTION_CASES ?? 100_000);
const TEAM = 'team-bench';
const TARGET_DESTROY_S = 1;
const TARGET_SWEEP_S = 5;
const DAY = 86_400_000;

async function seedCaseToDestroy(db: Db, caseId: string): Promise<void> {
  const reference = 'ASB-2019-0001';
  await db.collection('cases').insertOne({
    _id: caseId as never, teamId: TEAM, reference, status: 'closed', area: 'kingsford', createdAt: new Date('2019-01-01'), closure: { closedAt: new Date('2019-06-01') },
    victims: [{ id: 'v1', name: 'Alice Bench' }], perpetrators: [{ id: 'p1', name: 'Jay Bench' }], witnesses: [],
  });
  await db.collection('incidents').insertMany(Array.from({ length: 50 }, (_, i) => ({ _id: `${caseId}-i${i}` as never, caseId, description: `Incident ${i} reported by Alice Bench` })));
  await db.collection('notes').insertMany(Array.from({ length: 20 }, (_, i) => ({ _id: `${caseId}-n${i}` as never, caseId, text: `Note ${i} about Jay Bench` })));
  const meetings = new MeetingRepository(db);
  for (let m = 0; m < 3; m++) {
    const meeting = createMeeting({
      id: `${caseId}-m${m}`, group, date: '2019-03-14',
      agenda: buildAgenda({
        meetingDate: '2019-03-14', lastMeetingDate: null, nextMeetingDate: '2019-04-11', openActions: [], newHighRiskCases: [], caseReviewThresholdCases: [], monitoringEndingBeforeNextMeeting: [],
        nominations: [{ case: { caseId, reference, area: 'Kingsford', riskLevel: 'high', summary: 'Threats', people: [{ role: 'victim', name: 'Alice Bench' }] }, reason: 'Repeat victim', nominatedBy: { name: 'PC Moss' } }],
        areaFigures: { newCases: 1, incidentsByCategory: {}, warningsByStage: {} },
      }),
    });
    await meetings.insert({ meeting, tenantId: TEAM, conversationId: 'channel', version: 1 });
  }
}

export async function main(): Promise<void> {
  const server = await startEmbeddedMongo({});
  const client = await MongoClient.connect(server.uri);
  try {
    const db = client.db('bench-retention');
    const clock = new ManualClock('2026-01-05T09:00:00Z');
    const audit = new AuditLog(db);
    await audit.ensureIndexes();
    const store = new RetentionStore(db);
    await store.ensureIndexes();
    for (const name of ['incidents', 'notes', 'meetingActions', 'targetGroupNominations', 'reminders', 'victimsMeetingReferrals', 'interventions', 'riskAssessments']) await db.collection(name).createIndex({ caseId: 1 });

    await seedCaseToDestroy(db, 'case-to-destroy');
    const read = await timed(async () => {
      await Promise.all(['incidents', 'notes'].map((name) => db.collection(name).find({ caseId: 'case-to-destroy' }).toArray()));
      await db.collection('meetings').find({ 'agenda.items.caseId': 'case-to-destroy' }).toArray();
    });
    const destruction = new CaseDestruction(db, audit, clock);
    const intentStore = new IntentStore(db);
    await intentStore.ensureIndexes();
    const retention = new RetentionService({ store, destruction, intents: new Intents({ store: intentStore, clock }), audit, clock, outbox: { enqueue: async () => undefined }, managersOf: async (teamId) => [{ tenantId: teamId, id: 'aad-manager' }], reviewCard: () => ({}) });
    const destroyed = await timed(() => retention.destroy({ caseId: 'case-to-destroy', decidedBy: { id: 'aad-manager', name: 'Bench Manager' }, decidedAt: clock.now(), destroyedOn: '2026-01-05' }));
    for (const counts of [destroyed.value]) {
      if (counts?.incidents !== 50 || counts.notes !== 20 || counts.meetings !== 3) throw new Error(`Unexpected destruction counts ${JSON.stringify(counts)}`);
    }
    // The same again in a database that has been running a while: the outbox and the recorded actions, which
    // destruction scans for words naming the case, hold BUSY messages and BUSY finished actions.
    const BUSY = 20_000;
    for (let first = 0; first < BUSY; first += 5_000) {
      await db.collection('outbox').insertMany(Array.from({ length: 5_000 }, (_, k) => ({
        _id: `reminder:r${first + k}:due` as never, to: { kind: 'user', tenantId: TEAM, aadObjectId: `aad-officer-${k % 40}` }, state: 'sent', attempts: 1, createdAt: clock.now(),
        card: { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: `Visit the victim on ASB-2025-${String(first + k).padStart(4, '0')}` }] },
      })));
      await db.collection('intents').insertMany(Array.from({ length: 5_000 }, (_, k) => ({
        _id: `case.note:n${first + k}` as never, kind: 'case.note', payload: { caseId: `case-${first + k}`, text: `Spoke to the victim about ASB-2025-${String(first + k).padStart(4, '0')}` }, done: ['note', 'audit'], finishedAt: clock.now(),
      })));
    }
    await seedCaseToDestroy(db, 'case-to-destroy-2');
    const destroyedBusy = await timed(() => retention.destroy({ caseId: 'case-to-destroy-2', decidedBy: { id: 'aad-manager', name: 'Bench Manager' }, decidedAt: clock.now(), destroyedOn: '2026-01-05' }));
    if (destroyedBusy.value?.incidents !== 50) throw new Error(`Unexpected destruction counts ${JSON.stringify(destroyedBusy.value)}`);

    // 100k closed cases over ten years, so about 41% are past the 6-year cutoff (a council's first sweep after
    // moving its old cases in); one in ten of those already has a decision (held, extended or to be destroyed).
    const start = Date.UTC(2016, 0, 1);
    for (let first = 0; first < CASES; first += 5_000) {
      await db.collection('cases').insertMany(Array.from({ length: Math.min(5_000, CASES - first) }, (_, k) => {
        const i = first + k;
        return { _id: `case-${i}` as never, teamId: TEAM, reference: `ASB-${2016 + (i % 10)}-${String(i).padStart(6, '0')}`, status: 'closed', area: 'kingsford', closure: { closedAt: new Date(start + ((i * 37) % 3650) * DAY) } };
      }));
    }
    const cutoff = reviewCutoff(clock.now(), 6);
    const past = await db.collection('cases').find({ 'closure.closedAt': { $lte: cutoff } }, { projection: { _id: 1, closure: 1 } }).toArray();
    const decisions = past.filter((_, i) => i % 10 === 0).map((doc, i) => ({
      _id: doc._id, teamId: TEAM, closedAt: (doc.closure as { closedAt: Date }).closedAt, extendedYears: i % 3 === 1 ? 2 : 0,
      ...(i % 3 === 0 ? { decision: { kind: 'hold', reason: 'Order in force', reviewOn: '2027-01-01' } } : i % 3 === 2 ? { decision: { kind: 'destroy', on: '2026-06-01' } } : {}),
      decidedBy: { id: 'aad-manager', name: 'Bench Manager' }, decidedAt: clock.now(),
    }));
    if (decisions.length > 0) await db.collection('retentionRecords').insertMany(decisions as never[]);

    const count = await timed(() => db.collection('cases').countDocuments({ teamId: TEAM, status: 'closed' }));
    const candidates = await timed(async () => {
      let n = 0;
      for await (const _row of db.collection('cases').find({ teamId: TEAM, status: 'closed', 'closure.closedAt': { $lte: cutoff } }, { projection: { _id: 1, teamId: 1, status: 1, reference: 1, area: 1, 'closure.closedAt': 1 } }).batchSize(5_000)) n++;
      return n;
    });
    const sweep = await timed(() => retention.review(TEAM));
    const digest = await timed(() => retention.overdueDecisions());
    const n = (x: number) => x.toLocaleString('en-GB');
    const row = (figure: string, run: { seconds: number; cpuSeconds: number }, target?: number) =>
      ({ figure, seconds: run.seconds, 'cpu s': run.cpuSeconds, target: target ? `≤ ${target} s` : '', verdict: target ? verdict(run.seconds <= target) : '' });

    printTable([
      row('baseline: read the case records once', read),
      row('destroy 1 case (50 incidents, 20 notes, 3 meetings)', destroyed, TARGET_DESTROY_S),
      row('the same among 20k outbox messages and 20k recorded actions', destroyedBusy, TARGET_DESTROY_S),
      row(`baseline: count ${n(count.value)} closed cases`, count),
      row(`baseline: read the ${n(candidates.value)} candidates (indexed, projected)`, candidates),
      row(`retention sweep of the team (${n(sweep.value.total)} on review, ${n(sweep.value.undecided)} undecided)`, sweep, TARGET_SWEEP_S),
      row(`digest sweep: undecided past retention (${n(digest.value[0]?.count ?? 0)})`, digest, TARGET_SWEEP_S),
    ]);
  } finally {
    await client.close();
    await server.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
