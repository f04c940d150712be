/**
 * The figures' reads against a real (embedded) MongoDB: what the database counts matches a plain count made
 * here over the seeded records, for a team, an area, an officer's caseload and an officer's cases in one area,
 * over a month, a quarter to date and a custom period across months; and every query the figures send is
 * served by an index (the driver's command monitoring records them, explain says which index each used).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MongoClient, type Db, type Document } from 'mongodb';
import { FiguresReader, type FiguresQuery } from '../../src/db/figures.js';
import { IncidentRepository } from '../../src/db/incidents.js';
import { InterventionRepository } from '../../src/db/interventions.js';
import { ReminderStore } from '../../src/db/reminders.js';
import { RiskAssessmentRepository } from '../../src/db/riskAssessments.js';
import { toStored } from '../../src/db/stored.js';
import { VisitRepository } from '../../src/db/visits.js';
import { CaseRepository } from '../../src/db/cases.js';
import { defaultAreas } from '../../src/domain/cases/areas.js';
import type { Period } from '../../src/domain/figures/period.js';
import { seedFigures, type FiguresSeed } from '../support/figuresSeed.js';
import { connectTarget, type TestTarget } from './target.js';
import { explainedIndexes } from './explained.js';

const TEAM = 'team-north';
const OTHER_TEAM = 'team-south';
const OFFICER = 'officer-2';
const AREA = defaultAreas[1]!.id;
const TODAY = '2026-09-15';
const PERIODS: Period[] = [
  { from: '2026-08-01', to: '2026-08-31' },
  { from: '2026-07-01', to: TODAY },
  { from: '2026-05-20', to: '2026-06-28' },
];

let target: TestTarget;
let monitored: MongoClient;
let db: Db;
const sent: Document[] = [];
const seeds: FiguresSeed[] = [];

beforeAll(async () => {
  target = await connectTarget();
  const uri = (target.client as unknown as { s: { url: string } }).s.url;
  monitored = new MongoClient(uri, { monitorCommands: true });
  monitored.on('commandStarted', (event) => {
    if (['find', 'aggregate', 'count', 'distinct'].includes(event.commandName)) sent.push(event.command);
  });
  await monitored.connect();
  db = monitored.db(target.db.databaseName);
  const reminders = new ReminderStore(db, { now: () => new Date(`${TODAY}T09:00:00Z`) }, () => undefined);
  for (const repository of [new FiguresReader(db), new CaseRepository(db), new IncidentRepository(db), new RiskAssessmentRepository(db), new VisitRepository(db), new InterventionRepository(db), reminders]) {
    await repository.ensureIndexes();
  }
  // Two teams in one database, so a count that forgets the team shows.
  for (const [teamId, cases, seed] of [[TEAM, 400, 11], [OTHER_TEAM, 150, 12]] as const) {
    const rows = seedFigures({ cases, incidentsPerCase: 3, teamId, owners: [OFFICER, 'officer-3', 'officer-4'], from: '2025-08-01', days: 400, seed });
    // Some cases keep open without an assessment, some incidents carry two categories.
    rows.incidents.filter((_, i) => i % 7 === 0).forEach((incident) => incident.categories.length === 1 && incident.categories.push(incident.categories[0] === 'noise' ? 'hate-incident' : 'noise'));
    if (teamId === OTHER_TEAM) {
      const other = (id: string) => `south-${id}`;
      for (const c of rows.cases) Object.assign(c, { id: other(c.id), reference: c.reference.replace('ASB-', 'ASB-S') });
      for (const row of [...rows.incidents, ...rows.assessments, ...rows.visits, ...rows.interventions]) Object.assign(row, { id: other(row.id), caseId: other(row.caseId) });
    }
    seeds.push(rows);
    const insert = async (name: string, docs: Array<{ id: string }>, extra: Document = {}) => {
      if (docs.length > 0) await db.collection(name).insertMany(docs.map((d) => ({ ...toStored(d), ...extra })) as Document[]);
    };
    await insert('cases', rows.cases);
    const places = new Map(rows.cases.map((c) => [c.id, { teamId: c.teamId, area: c.area }]));
    await new IncidentRepository(db).insertMany(rows.incidents, (caseId) => places.get(caseId)!);
    await insert('riskAssessments', rows.assessments);
    await insert('visits', rows.visits);
    await insert('interventions', rows.interventions, { teamId });
  }
  for (const [n, dueDate] of [[0, '2026-09-01'], [1, '2026-09-10'], [2, '2026-09-30'], [3, '2026-08-20']] as const) {
    const about = seeds[0]!.cases[n * 5]!;
    await reminders.schedule({ key: `r-${n}`, kind: 'case-review', label: 'Review', dueDate, recipient: { tenantId: TEAM, aadObjectId: about.ownerId }, caseId: about.id });
  }
}, 120_000);

afterAll(async () => {
  await monitored.close();
  await target.stop();
});

const day = (at: Date) => at.toLocaleDateString('en-CA', { timeZone: 'Europe/London' });
const within = (d: string | undefined, period: Period) => d !== undefined && d >= period.from && d <= period.to;
function tally(keys: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
  return counts;
}

/** The counts, made plainly from the seeded records of the one team. */
function expected(period: Period, ownerId?: string, area?: string) {
  const seed = seeds[0]!;
  const cases = seed.cases.filter((c) => (!ownerId || c.ownerId === ownerId) && (!area || c.area === area));
  const ids = new Set(cases.map((c) => c.id));
  const months = Array.from({ length: 12 }, (_, i) => {
    const end = new Date(`${period.to.slice(0, 7)}-01T12:00:00Z`);
    end.setUTCMonth(end.getUTCMonth() - 11 + i);
    return end.toISOString().slice(0, 7);
  });
  const monthOf = (d: string) => d.slice(0, 7);
  const openedDays = cases.map((c) => day(c.createdAt)).filter((d) => d <= period.to);
  const closed = cases.filter((c) => c.closure && day(c.closure.closedAt) <= period.to);
  const incidents = seed.incidents.filter((i) => ids.has(i.caseId) && within(day(i.occurredAt), period));
  const open = cases.filter((c) => c.status !== 'closed');
  return {
    newCases: cases.filter((c) => within(day(c.createdAt), period)).length,
    trend: months.map((m) => ({ month: `${m}-01`, opened: openedDays.filter((d) => monthOf(d) === m).length, closed: closed.filter((c) => monthOf(day(c.closure!.closedAt)) === m).length })),
    closuresByReason: tally(cases.filter((c) => c.closure && within(day(c.closure.closedAt), period)).map((c) => c.closure!.reason)),
    openByRisk: { high: 0, medium: 0, standard: 0, none: 0, ...tally(open.map((c) => c.riskLevel ?? 'none')) },
    incidentCount: incidents.length,
    incidentsByCategory: tally(incidents.flatMap((i) => i.categories)),
    served: tally(seed.interventions.filter((i) => ids.has(i.caseId) && within(i.servedOn, period)).map((i) => `${i.type}:${i.personUnder18}`)),
    monitoringEnded: seed.interventions.filter((i) => ids.has(i.caseId) && within(i.monitoringEndsOn, period)).map((i) => i.id).sort(),
  };
}

const query = (period: Period, ownerId?: string, area?: string): FiguresQuery => ({ scope: { teamIds: [TEAM], ...(ownerId ? { ownerId } : {}) }, ...(area ? { area } : {}), period, today: TODAY });

describe('the figures the database counts', () => {
  const scopes: Array<[string, string | undefined, string | undefined]> = [['the team', undefined, undefined], ['an area', undefined, AREA], ["an officer's caseload", OFFICER, undefined], ["an officer's cases in an area", OFFICER, AREA]];
  for (const [name, ownerId, area] of scopes) {
    it(`match a plain count of the seeded records for ${name}`, async () => {
      for (const period of PERIODS) {
        const read = await new FiguresReader(db).read(query(period, ownerId, area));
        const served: Record<string, number> = {};
        for (const row of read.served) served[`${row.type}:${row.personUnder18}`] = (served[`${row.type}:${row.personUnder18}`] ?? 0) + row.count;
        const want = expected(period, ownerId, area);
        expect({
          newCases: read.newCases, trend: read.trend, closuresByReason: read.closuresByReason, openByRisk: read.openByRisk, incidentCount: read.incidentCount,
          incidentsByCategory: read.incidentsByCategory, served, monitoringEnded: read.monitoringEnded.map((i) => i.id).sort(),
        }).toEqual(want);
        expect(want.newCases).toBeGreaterThan(0);
      }
    });
  }

  it('count the overdue deadlines of the team, an officer, and an area', async () => {
    const seed = seeds[0]!;
    const overdueAbout = [0, 1, 3].map((n) => seed.cases[n * 5]!);
    const reader = new FiguresReader(db);
    expect((await reader.read(query(PERIODS[0]!))).overdueDeadlines).toBe(3);
    expect((await reader.read(query(PERIODS[0]!, OFFICER))).overdueDeadlines).toBe(overdueAbout.filter((c) => c.ownerId === OFFICER).length);
    expect((await reader.read(query(PERIODS[0]!, undefined, AREA))).overdueDeadlines).toBe(overdueAbout.filter((c) => c.area === AREA).length);
  });
});

/** The indexes the figures may be served by, per collection ('IDHACK' and _id_: cases looked up by id). */
const allowed: Record<string, string[]> = {
  cases: ['teamId_1_createdAt_1', 'teamId_1_closure.closedAt_1', 'teamId_1_ownerId_1_createdAt_1', 'teamId_1_ownerId_1_closure.closedAt_1', 'teamId_1_status_1_riskLevel_1', 'ownerId_1_status_1', 'teamId_1_area_1_status_1', 'IDHACK', '_id_'],
  incidents: ['teamId_1_occurredAt_1', 'teamId_1_area_1_occurredAt_1', 'caseId_1_occurredAt_-1'],
  riskAssessments: ['assessedAt_1', 'caseId_1_assessedAt_-1'],
  visits: ['caseId_1_victimId_1_visitedOn_1'],
  interventions: ['teamId_1_servedOn_1', 'monitoredByTeam'],
  reminders: ['status_1_dueDate_1', 'recipient.aadObjectId_1_status_1_dueDate_1'],
};

describe('the figures queries', () => {
  it('are each served by an index, for the team and for an officer in one area', async () => {
    for (const [ownerId, area] of [[undefined, undefined], [OFFICER, AREA]] as const) {
      sent.length = 0;
      await new FiguresReader(db).read(query(PERIODS[0]!, ownerId, area));
      const used = await explainedIndexes(db, sent.splice(0));
      // 9 figures, the trend one count per month and series, open cases one count per risk level and one in all, scope checks.
      expect(used.length).toBeGreaterThanOrEqual(15);
      for (const { collection, index } of used) expect({ collection, index, allowed: allowed[collection] ?? [] }).toEqual({ collection, index, allowed: expect.arrayContaining([index]) });
      if (!ownerId) {
        const indexes = new Set(used.map((u) => `${u.collection}:${u.index}`));
        for (const own of ['cases:teamId_1_createdAt_1', 'cases:teamId_1_closure.closedAt_1', 'cases:teamId_1_status_1_riskLevel_1', 'incidents:teamId_1_occurredAt_1', 'riskAssessments:assessedAt_1']) expect(indexes).toContain(own);
      }
    }
  });
});
