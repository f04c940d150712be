/**
 * The app's hot queries, each served by the index meant for it. The real repository code runs against the
 * database while the driver's command monitoring records what it sends; each read is then explained. A new
 * hot query without an index, or an index dropped, fails here. Add a row when a sweep or a turn gains a query.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MongoClient, type Db, type Document } from 'mongodb';
import { AreaCaseload } from '../../src/db/areaCaseload.js';
import { CaseRepository } from '../../src/db/cases.js';
import { IncidentRepository } from '../../src/db/incidents.js';
import { InterventionRepository } from '../../src/db/interventions.js';
import { OutboxStore } from '../../src/db/outbox.js';
import { ReminderStore } from '../../src/db/reminders.js';
import { defaultAreas } from '../../src/domain/cases/areas.js';
import { defaultCaseReviewThresholds } from '../../src/domain/cases/caseReview.js';
import { startScheduler } from '../../src/scheduler/scheduler.js';
import { createLogger } from '../../src/log.js';
import { connectTarget, type TestTarget } from './target.js';
import { bare, explainedIndexes } from './explained.js';

let target: TestTarget;
let monitored: MongoClient;
let db: Db;
const sent: Document[] = [];
const READS = new Set(['find', 'findAndModify', 'aggregate', 'count', 'distinct']);

const now = new Date('2026-12-01T08:30:00Z');
const day = 86_400_000;
const repositories = () => {
  const interventions = new InterventionRepository(db);
  return {
    cases: new CaseRepository(db),
    incidents: new IncidentRepository(db),
    reminders: new ReminderStore(db, { now: () => now }, () => undefined),
    outbox: new OutboxStore(db, { now: () => now }),
    interventions,
    caseload: new AreaCaseload(db, defaultAreas, defaultCaseReviewThresholds, interventions),
  };
};

beforeAll(async () => {
  target = await connectTarget();
  const uri = (target.client as unknown as { s: { url: string } }).s.url;
  monitored = new MongoClient(uri, { monitorCommands: true });
  monitored.on('commandStarted', (event) => {
    if (READS.has(event.commandName)) sent.push(event.command);
  });
  await monitored.connect();
  db = monitored.db(target.db.databaseName);
  const r = repositories();
  for (const repository of [r.cases, r.incidents, r.reminders, r.outbox, r.interventions, r.caseload]) await repository.ensureIndexes();
  // Enough documents of each kind that a plan's choice means something.
  await db.collection('cases').insertMany(
    Array.from({ length: 300 }, (_, i) => ({ _id: `case-${i}`, reference: `ASB-2026-${String(i).padStart(5, '0')}`, teamId: `team-${i % 3}`, area: defaultAreas[i % defaultAreas.length]!.id, status: i % 4 === 0 ? 'closed' : 'open', ownerId: `officer-${i % 20}`, updatedAt: new Date(now.getTime() - i * day), searchKeys: [], searchPrefixes: [] })) as Document[],
  );
  await db.collection('incidents').insertMany(Array.from({ length: 600 }, (_, i) => ({ caseId: `case-${i % 300}`, teamId: `team-${i % 3}`, area: defaultAreas[i % 300 % defaultAreas.length]!.id, occurredAt: new Date(now.getTime() - i * day), categories: ['noise'], reportedBy: { personId: `p${i % 7}` } })));
  // A victim confirmed as the same person on two of team-1's cases in different areas: the agenda reads both cases' complaints.
  const samePerson = (id: string, area: string) => ({ _id: id, reference: `ASB-2026-9${id.slice(-1)}`, teamId: 'team-1', area, status: 'open', ownerId: 'officer-1', updatedAt: now, searchKeys: [], searchPrefixes: [], victims: [{ id: `${id}-v`, name: 'Vera Vine', personKey: 'pk-1' }], perpetrators: [] });
  await db.collection('cases').insertMany([samePerson('pk-case-a', defaultAreas[1]!.id), samePerson('pk-case-b', defaultAreas[2]!.id)] as Document[]);
  await db.collection('incidents').insertMany(['pk-case-a', 'pk-case-b'].map((caseId, i) => ({ caseId, teamId: 'team-1', area: defaultAreas[1 + i]!.id, occurredAt: new Date(now.getTime() - 3 * day), categories: ['noise'], description: 'Noise', reportedBy: { personId: `${caseId}-v` } })));
  await db.collection('reminders').insertMany(Array.from({ length: 400 }, (_, i) => ({ _id: `rem-${i}`, status: i % 3 === 0 ? 'done' : 'open', nextNoticeAt: new Date(now.getTime() + (i - 200) * 3_600_000), dueDate: '2026-12-01', caseId: `case-${i % 300}`, recipient: { tenantId: 't', aadObjectId: `officer-${i % 20}` } })) as Document[]);
  await db.collection('outbox').insertMany(
    Array.from({ length: 400 }, (_, i) => {
      const notBefore = new Date(now.getTime() + (i - 200) * 60_000);
      return { _id: `msg-${i}`, state: i % 2 === 0 ? 'pending' : 'sent', notBefore, ...(i % 2 === 0 ? { dueAt: notBefore } : {}), attempts: 0 };
    }) as Document[],
  );
});

afterAll(async () => {
  await monitored.close();
  await target.stop();
});

/** The index each read of the operation used ('IDHACK' for a lookup by _id), from explain. */
async function indexesUsedBy(operation: () => Promise<unknown>): Promise<Array<{ collection: string; index: string }>> {
  sent.length = 0;
  await operation();
  return explainedIndexes(db, sent.splice(0));
}

const hotQueries: Array<{ name: string; run: () => Promise<unknown>; served: Record<string, string[]> }> = [
  { name: 'due reminders: nextNoticeAt ≤ now', run: () => repositories().reminders.dueForNotice(now, 100), served: { reminders: ['status_1_nextNoticeAt_1'] } },
  { name: 'outbox claim', run: () => repositories().outbox.claim(60_000, 8), served: { outbox: ['dueAt_1'] } },
  { name: 'outbox: next message due', run: () => repositories().outbox.nextDueAt(), served: { outbox: ['dueAt_1'] } },
  { name: 'case by reference', run: () => repositories().cases.findByReference('ASB-2026-00042'), served: { cases: ['reference_1'] } },
  { name: "a team's open cases", run: () => repositories().cases.list({ teamIds: ['team-1'], activeOnly: true }, 0, 10), served: { cases: ['teamId_1_status_1', 'teamId_1_area_1_status_1'] } },
  { name: "an area's cases", run: () => repositories().cases.list({ teamIds: ['team-1'], area: defaultAreas[1]!.id }, 0, 10), served: { cases: ['teamId_1_area_1_status_1'] } },
  { name: 'my cases: the next deadline of each listed case', run: () => repositories().reminders.nextOpenForCases(Array.from({ length: 50 }, (_, i) => `case-${i}`)), served: { reminders: ['caseId_1_status_1'] } },
  { name: "a case's latest incidents", run: () => repositories().incidents.forCase('case-7', 3), served: { incidents: ['caseId_1_occurredAt_-1'] } },
  {
    name: 'agenda: incidents in a date window and the area caseload',
    run: () => repositories().caseload.forAgenda({ tenantId: 'team-1', areas: [defaultAreas[1]!.id], since: '2026-11-01', now, monitoringEndsBefore: '2027-01-01' }),
    served: { incidents: ['teamId_1_area_1_occurredAt_1', 'caseId_1_occurredAt_-1'], cases: ['teamId_1_area_1_status_1', 'teamId_1_area_1_createdAt_1', 'personKeysByArea', 'victims.personKey_1_teamId_1', 'IDHACK'], riskAssessments: ['finalLevel_1_assessedAt_1'], interventions: ['teamId_1_servedOn_1', 'monitoredByTeam'] },
  },
];

describe('hot queries are served by their indexes', () => {
  for (const query of hotQueries) {
    it(query.name, async () => {
      const used = await indexesUsedBy(query.run);
      expect(used.length).toBeGreaterThan(0);
      for (const { collection, index } of used) expect({ collection, index, allowed: query.served[collection] ?? [] }).toEqual({ collection, index, allowed: expect.arrayContaining([index]) });
    });
  }

  it("agenda's next job to run (nextRunAt)", async () => {
    const scheduler = await startScheduler(db, [{ name: 'hot-query-probe', every: '1 day', run: async () => undefined }], { processEveryMs: 50 }, createLogger('silent'));
    sent.length = 0;
    await new Promise((resolve) => setTimeout(resolve, 400));
    await scheduler.stop();
    const jobReads = sent.splice(0).filter((c) => c.findAndModify === 'agendaJobs' && c.query?.name === 'hot-query-probe');
    expect(jobReads.length).toBeGreaterThan(0);
    const explained = await db.command({ explain: bare(jobReads[0]!), verbosity: 'queryPlanner' });
    const stages: Document[] = [];
    for (let stage = explained.queryPlanner.winningPlan; stage; stage = stage.inputStage) stages.push(stage);
    expect(stages.find((s) => s.stage === 'IXSCAN')?.indexName).toBe('findAndLockNextJobIndex');
  });
});
