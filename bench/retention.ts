/**
 * Retention at scale (issue 14), on the embedded server in memory through the real driver:
 * - destroying one case with 50 incidents, 20 notes and 3 meetings (target ≤ 1 s), beside a same-run
 *   baseline that only reads the same records once;
 * - the retention sweep (one team's review) over 100k closed cases (target ≤ 5 s), beside counting them.
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
import { buildAgenda, createMeeting } from '../src/domain/meetings/index.js';
import { Intents } from '../src/services/intents.js';
import { RetentionService } from '../src/services/retention.js';
import { group } from '../test/domain/meetings/fixtures.js';
import { printTable, verdict } from './stats.js';

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
    await db.collection('cases').createIndex({ teamId: 1, status: 1 });
    for (const name of ['incidents', 'notes', 'meetingActions', 'targetGroupNominations', 'reminders', 'victimsMeetingReferrals', 'interventions', 'riskAssessments']) await db.collection(name).createIndex({ caseId: 1 });

    await seedCaseToDestroy(db, 'case-to-destroy');
    const readStart = performance.now();
    await Promise.all(['incidents', 'notes'].map((name) => db.collection(name).find({ caseId: 'case-to-destroy' }).toArray()));
    await db.collection('meetings').find({ 'agenda.items.caseId': 'case-to-destroy' }).toArray();
    const readS = (performance.now() - readStart) / 1000;
    const destruction = new CaseDestruction(db, audit, clock);
    const intentStore = new IntentStore(db);
    await intentStore.ensureIndexes();
    const retention = new RetentionService({ store, destruction, intents: new Intents({ store: intentStore, clock }), audit, clock, outbox: { enqueue: async () => undefined }, managersOf: async (teamId) => [{ tenantId: teamId, id: 'aad-manager' }], reviewCard: () => ({}) });
    const destroyStart = performance.now();
    const counts = await retention.destroy({ caseId: 'case-to-destroy', decidedBy: { id: 'aad-manager', name: 'Bench Manager' }, decidedAt: clock.now(), destroyedOn: '2026-01-05' });
    const destroyS = (performance.now() - destroyStart) / 1000;
    if (counts?.incidents !== 50 || counts.notes !== 20 || counts.meetings !== 3) throw new Error(`Unexpected destruction counts ${JSON.stringify(counts)}`);

    // 100k closed cases over ten years; about one in 120 closed in the month now reaching 6 years.
    const start = Date.UTC(2016, 0, 1);
    for (let first = 0; first < CASES; first += 5_000) {
      await db.collection('cases').insertMany(Array.from({ length: Math.min(5_000, CASES - first) }, (_, k) => {
        const i = first + k;
        return { _id: `case-${i}` as never, teamId: TEAM, reference: `ASB-${2016 + (i % 10)}-${String(i).padStart(6, '0')}`, status: 'closed', area: 'kingsford', closure: { closedAt: new Date(start + ((i * 37) % 3650) * DAY) } };
      }));
    }
    const countStart = performance.now();
    const closed = await db.collection('cases').countDocuments({ teamId: TEAM, status: 'closed' });
    const countS = (performance.now() - countStart) / 1000;
    const sweepStart = performance.now();
    const review = await retention.review(TEAM);
    const sweepS = (performance.now() - sweepStart) / 1000;

    printTable([
      { figure: 'baseline: read the case records once', seconds: readS, target: '', verdict: '' },
      { figure: 'destroy 1 case (50 incidents, 20 notes, 3 meetings)', seconds: destroyS, target: `≤ ${TARGET_DESTROY_S} s`, verdict: verdict(destroyS <= TARGET_DESTROY_S) },
      { figure: `baseline: count ${closed.toLocaleString('en-GB')} closed cases`, seconds: countS, target: '', verdict: '' },
      { figure: `retention sweep of the team (${review.items.length} due)`, seconds: sweepS, target: `≤ ${TARGET_SWEEP_S} s`, verdict: verdict(sweepS <= TARGET_SWEEP_S) },
    ]);
  } finally {
    await client.close();
    await server.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
