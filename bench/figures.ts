import type { Actor } from '../src/domain/access/actor.js';
/**
 * Figures (issue 16): seeds 100k cases with 500k incidents (plus their risk assessments, visits and interventions)
 * into the embedded server through the driver, then times the figures card's reads and counts for last month,
 * with the figures' indexes and (same run, as the baseline) without them; one chart PNG; one letter.
 * Targets: figures ≤ 1 s with indexes; chart PNG ≤ 200 ms; letter ≤ 300 ms.
 * `npm run bench -- figures` (BENCH_FIGURES_CASES=10000 for a quick look).
 */
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { AuditLog } from '../src/db/audit.js';
import { connectDatabase } from '../src/db/connect.js';
import { FiguresReader } from '../src/db/figures.js';
import { toStored } from '../src/db/stored.js';
import { TeamSettings } from '../src/db/teamSettings.js';
import { createWorkingCalendar } from '../src/domain/calendar/createWorkingCalendar.js';
import { defaultAreas } from '../src/domain/cases/areas.js';
import { ManualClock } from '../src/domain/clock.js';
import { periodFor } from '../src/domain/figures/period.js';
import { renderChart } from '../src/documents/charts.js';
import { renderLetter } from '../src/documents/letters.js';
import { createLogger } from '../src/log.js';
import { Downloads } from '../src/security/downloads.js';
import { FiguresService } from '../src/services/figures.js';
import { seedFigures } from '../test/support/figuresSeed.js';
import { printTable, summarise, verdict } from './stats.js';

const CASES = Number(process.env.BENCH_FIGURES_CASES ?? 100_000);
const INCIDENTS_PER_CASE = 5;
const TEAM = 'bench-team';
const RUNS = 5;
const TARGET_FIGURES_MS = 1000;
const TARGET_CHART_MS = 200;
const TARGET_LETTER_MS = 300;

async function timed<T>(runs: number, work: () => Promise<T> | T): Promise<{ p50: number; last: T }> {
  const ms: number[] = [];
  let last: T | undefined;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    last = await work();
    ms.push(performance.now() - start);
  }
  return { p50: summarise(ms, 1).p50, last: last as T };
}

/** A fixed piece of CPU work, timed in the same run: how loaded the machine was. */
const reference = () => timed(RUNS, () => createHash('sha256').update(Buffer.alloc(8 * 1024 * 1024, 7)).digest('hex'));

export async function main(): Promise<void> {
  const clock = new ManualClock('2026-09-15T10:00:00Z');
  const database = await connectDatabase({ dataDir: 'memory' }, createLogger('silent'));
  try {
    const db = database.db;
    const seedStart = performance.now();
    // Two and a half years of cases, so last month holds about 1/30 of them.
    const seed = seedFigures({ cases: CASES, incidentsPerCase: INCIDENTS_PER_CASE, teamId: TEAM, owners: Array.from({ length: 60 }, (_, i) => `officer-${i}`), from: '2024-03-01', days: 930 });
    const insert = async (name: string, docs: Array<{ id: string }>, extra: Record<string, unknown> = {}) => {
      for (let i = 0; i < docs.length; i += 5000) await db.collection(name).insertMany(docs.slice(i, i + 5000).map((d) => ({ ...toStored(d), ...extra })) as never[]);
    };
    await insert('cases', seed.cases);
    await insert('incidents', seed.incidents);
    await insert('riskAssessments', seed.assessments);
    await insert('visits', seed.visits);
    await insert('interventions', seed.interventions, { teamId: TEAM });
    const seedMs = performance.now() - seedStart;

    const reader = new FiguresReader(db);
    const manager: Actor = { tenantId: TEAM, id: 'manager', name: 'Manager', teamId: TEAM, roles: ['officer', 'manager'] };
    const downloads = new Downloads({ secret: 'bench-secret-bench-secret-bench-secret', clock, publicUrl: () => 'http://localhost', actorFor: async () => manager });
    const figures = new FiguresService({
      reader, settings: new TeamSettings(db), audit: new AuditLog(db), clock, calendar: createWorkingCalendar('england-and-wales'),
      downloads, areas: defaultAreas,
    });
    for (const kind of figures.downloadKinds()) downloads.register(kind);
    const period = periodFor('last-month', '2026-09-15');
    const withoutIndexes = await timed(1, () => figures.view(manager, { period }));
    await db.collection('cases').createIndex({ teamId: 1, status: 1 });
    await reader.ensureIndexes();
    await db.collection('visits').createIndex({ caseId: 1, victimId: 1, visitedOn: 1 });
    await db.collection('riskAssessments').createIndex({ caseId: 1, assessedAt: -1 });
    await db.collection('interventions').createIndex({ teamId: 1, servedOn: 1 });
    await db.collection('interventions').createIndex({ teamId: 1, monitoringEndsOn: 1, 'outcome.recordedAt': 1 }, { partialFilterExpression: { monitoringEndsOn: { $exists: true } } });
    const withIndexes = await timed(RUNS, () => figures.view(manager, { period }));
    const view = withIndexes.last!;
    const chart = await timed(RUNS, () => renderChart('trend', view.figures));
    const letterData = {
      caseReference: 'ASB-2026-0042', date: '15 September 2026', officerName: 'Officer', officerContact: '01632 960000', teamName: 'ASB Team',
      copies: [{ recipientName: 'Resident', recipientAddress: '1 Road', isParentCopy: false, subjectName: 'Resident' }, { recipientName: 'Parent', recipientAddress: '2 Road', isParentCopy: true, subjectName: 'Resident' }],
    };
    const letter = await timed(RUNS, () => renderLetter('victim-welcome', letterData));
    const cpu = await reference();

    console.log(`Seeded ${seed.cases.length.toLocaleString('en-GB')} cases, ${seed.incidents.length.toLocaleString('en-GB')} incidents in ${Math.round(seedMs / 1000)} s; last month: ${view.figures.newCases} new cases, ${view.figures.incidentCount} incidents.`);
    printTable([
      { measure: 'figures card, last month (p50)', ms: withIndexes.p50, baseline: `${Math.round(withoutIndexes.p50)} ms without the figures indexes`, target: `≤ ${TARGET_FIGURES_MS} ms`, verdict: verdict(withIndexes.p50 <= TARGET_FIGURES_MS) },
      { measure: 'one chart PNG (p50)', ms: chart.p50, baseline: `${chart.last.png.length} bytes`, target: `≤ ${TARGET_CHART_MS} ms`, verdict: verdict(chart.p50 <= TARGET_CHART_MS) },
      { measure: 'one letter with parent copy (p50)', ms: letter.p50, baseline: `${letter.last.length} bytes`, target: `≤ ${TARGET_LETTER_MS} ms`, verdict: verdict(letter.p50 <= TARGET_LETTER_MS) },
      { measure: 'reference: sha256 of 8 MB (p50)', ms: cpu.p50, baseline: 'machine load, same run', target: '', verdict: '' },
    ]);
  } finally {
    await database.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
