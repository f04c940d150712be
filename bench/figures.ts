import type { Actor } from '../src/domain/access/actor.js';
/**
 * Figures (issue 16): seeds 100k cases with 500k incidents (plus their risk assessments, visits and interventions)
 * into the embedded server through the driver, with the indexes the app declares, then times the figures card for
 * last month, one chart PNG and one letter (each after one warm-up: the first in a process is printed apart).
 * Each figure is printed beside a baseline timed in the same run: a findOne round trip at the same scale, a bare
 * resvg render of a tiny SVG, a bare docxtemplater render of a one-field template; CPU time beside wall time.
 * Targets: figures ≤ 1 s; chart PNG ≤ 200 ms; letter ≤ 300 ms.
 * `npm run bench -- figures` (BENCH_FIGURES_CASES=10000 for a quick look).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import Docxtemplater from 'docxtemplater';
import PizZip from 'pizzip';
import { AuditLog } from '../src/db/audit.js';
import { CaseRepository } from '../src/db/cases.js';
import { IncidentRepository } from '../src/db/incidents.js';
import { InterventionRepository } from '../src/db/interventions.js';
import { ReminderStore } from '../src/db/reminders.js';
import { RiskAssessmentRepository } from '../src/db/riskAssessments.js';
import { VisitRepository } from '../src/db/visits.js';
import { connectDatabase } from '../src/db/connect.js';
import { FiguresReader } from '../src/db/figures.js';
import { toStored } from '../src/db/stored.js';
import { TeamSettings } from '../src/db/teamSettings.js';
import { createWorkingCalendar } from '../src/domain/calendar/createWorkingCalendar.js';
import { defaultAreas } from '../src/domain/cases/areas.js';
import { ManualClock } from '../src/domain/clock.js';
import { periodFor } from '../src/domain/figures/period.js';
import { renderChart } from '../src/documents/charts.js';
import { DEFAULT_TEMPLATES_DIR, renderLetter } from '../src/documents/letters.js';
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

const cpuMs = () => {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
};

/** Wall and CPU time of one run of `work`. */
async function once<T>(work: () => Promise<T> | T): Promise<{ ms: number; cpu: number; value: T }> {
  const [start, cpu] = [performance.now(), cpuMs()];
  const value = await work();
  return { ms: performance.now() - start, cpu: cpuMs() - cpu, value };
}

/** p50 wall and CPU time over `runs` runs, after the first run (printed apart: the cold one). */
async function timed<T>(runs: number, work: () => Promise<T> | T): Promise<{ first: number; p50: number; cpu: number; last: T }> {
  const first = await once(work);
  const ms: number[] = [];
  const cpu: number[] = [];
  let last = first.value;
  for (let i = 0; i < runs; i++) {
    const run = await once(work);
    ms.push(run.ms);
    cpu.push(run.cpu);
    last = run.value;
  }
  return { first: first.ms, p50: summarise(ms, 1).p50, cpu: summarise(cpu, 1).p50, last };
}

/** A one-field letter: the bare cost of docxtemplater and pizzip, made from the default template's package. */
function oneFieldTemplate(): Buffer {
  const zip = new PizZip(readFileSync(join(DEFAULT_TEMPLATES_DIR, 'victim-welcome.docx')));
  const body = '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{caseReference}</w:t></w:r></w:p></w:body></w:document>';
  zip.file('word/document.xml', body);
  return zip.generate({ type: 'nodebuffer' });
}

const TINY_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"><rect width="16" height="16" fill="#1d4f91"/></svg>';


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
    const places = new Map(seed.cases.map((c) => [c.id, { teamId: c.teamId, area: c.area }]));
    const incidents = new IncidentRepository(db);
    for (let i = 0; i < seed.incidents.length; i += 5000) await incidents.insertMany(seed.incidents.slice(i, i + 5000), (caseId) => places.get(caseId)!);
    await insert('riskAssessments', seed.assessments);
    await insert('visits', seed.visits);
    await insert('interventions', seed.interventions, { teamId: TEAM });
    const seedMs = performance.now() - seedStart;

    const reader = new FiguresReader(db);
    for (const repository of [reader, new CaseRepository(db), new IncidentRepository(db), new RiskAssessmentRepository(db), new VisitRepository(db), new InterventionRepository(db)]) await repository.ensureIndexes();
    await new ReminderStore(db, clock, () => undefined).ensureIndexes();
    const indexMs = performance.now() - seedStart - seedMs;
    const manager: Actor = { tenantId: TEAM, id: 'manager', name: 'Manager', teamId: TEAM, roles: ['officer', 'manager'] };
    const downloads = new Downloads({ secret: 'bench-secret-bench-secret-bench-secret', clock, publicUrl: () => 'http://localhost', actorFor: async () => manager });
    const figures = new FiguresService({
      reader, settings: new TeamSettings(db), audit: new AuditLog(db), clock, calendar: createWorkingCalendar('england-and-wales'),
      downloads, areas: defaultAreas,
    });
    for (const kind of figures.downloadKinds()) downloads.register(kind);
    const period = periodFor('last-month', '2026-09-15');
    const card = await timed(RUNS, () => figures.view(manager, { period }));
    const officer = await timed(RUNS, () => figures.view({ ...manager, id: 'officer-7', roles: ['officer'] }, { period }));
    const findOne = await timed(RUNS, () => db.collection('cases').findOne({ _id: 'seed-case-777' as never }));
    const view = card.last!;
    const chart = await timed(RUNS, () => renderChart('trend', view.figures));
    const tinySvg = await timed(RUNS, () => new Resvg(TINY_SVG, { font: { loadSystemFonts: false } }).render().asPng());
    const letterData = {
      caseReference: 'ASB-2026-0042', date: '15 September 2026', officerName: 'Officer', officerContact: '01632 960000', teamName: 'ASB Team',
      copies: [{ recipientName: 'Resident', recipientAddress: '1 Road', isParentCopy: false, subjectName: 'Resident' }, { recipientName: 'Parent', recipientAddress: '2 Road', isParentCopy: true, subjectName: 'Resident' }],
    };
    const letter = await timed(RUNS, () => renderLetter('victim-welcome', letterData));
    const oneField = oneFieldTemplate();
    const bareLetter = await timed(RUNS, () => {
      const doc = new Docxtemplater(new PizZip(oneField), { paragraphLoop: true, linebreaks: true });
      doc.render({ caseReference: 'ASB-2026-0042' });
      return doc.getZip().generate({ type: 'nodebuffer', compression: 'DEFLATE' });
    });
    const cpu = await timed(RUNS, () => createHash('sha256').update(Buffer.alloc(8 * 1024 * 1024, 7)).digest('hex'));

    console.log(`Seeded ${seed.cases.length.toLocaleString('en-GB')} cases, ${seed.incidents.length.toLocaleString('en-GB')} incidents in ${Math.round(seedMs / 1000)} s, indexes in ${Math.round(indexMs / 1000)} s; last month: ${view.figures.newCases} new cases, ${view.figures.incidentCount} incidents.`);
    const times = (x: { p50: number }, base: { p50: number }) => `× ${(x.p50 / Math.max(base.p50, 0.01)).toFixed(0)}`;
    const cold = (x: { first: number }) => `first in process ${Math.round(x.first)} ms`;
    printTable([
      { measure: 'figures card, team, last month (p50)', ms: card.p50, 'cpu ms': card.cpu, baseline: `findOne by _id ${findOne.p50.toFixed(1)} ms (${times(card, findOne)})`, cold: cold(card), target: `≤ ${TARGET_FIGURES_MS} ms`, verdict: verdict(card.p50 <= TARGET_FIGURES_MS) },
      { measure: "figures card, officer's caseload (p50)", ms: officer.p50, 'cpu ms': officer.cpu, baseline: times(officer, findOne), cold: cold(officer), target: `≤ ${TARGET_FIGURES_MS} ms`, verdict: verdict(officer.p50 <= TARGET_FIGURES_MS) },
      { measure: 'one chart PNG (p50)', ms: chart.p50, 'cpu ms': chart.cpu, baseline: `tiny SVG in resvg ${tinySvg.p50.toFixed(1)} ms (${times(chart, tinySvg)})`, cold: cold(chart), target: `≤ ${TARGET_CHART_MS} ms`, verdict: verdict(chart.p50 <= TARGET_CHART_MS) },
      { measure: 'one letter with parent copy (p50)', ms: letter.p50, 'cpu ms': letter.cpu, baseline: `one-field docxtemplater ${bareLetter.p50.toFixed(1)} ms (${times(letter, bareLetter)})`, cold: cold(letter), target: `≤ ${TARGET_LETTER_MS} ms`, verdict: verdict(letter.p50 <= TARGET_LETTER_MS) },
      { measure: 'reference: sha256 of 8 MB (p50)', ms: cpu.p50, 'cpu ms': cpu.cpu, baseline: 'machine load, same run', cold: '', target: '', verdict: '' },
    ]);
  } finally {
    await database.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
