import type { Actor } from '../../src/domain/access/actor.js';
/**
 * The figures for a seeded month, checked against counts made here from the seeded records by a separate, plain
 * reading of the rules (own working-day count with the August bank holiday), then the card, its charts and its
 * downloads through the real endpoint and the signed links.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CaseRepository } from '../../src/db/cases.js';
import { IncidentRepository } from '../../src/db/incidents.js';
import { InterventionRepository } from '../../src/db/interventions.js';
import { RiskAssessmentRepository } from '../../src/db/riskAssessments.js';
import { VisitRepository } from '../../src/db/visits.js';
import { ManualClock } from '../../src/domain/clock.js';
import { londonInstant } from '../../src/domain/calendar/localDate.js';
import type { Figures } from '../../src/domain/figures/figures.js';
import { chartKinds, renderChart, type ChartKind } from '../../src/documents/charts.js';
import { TEST_TENANT } from '../support/activities.js';
import { startTestBot, type TestBot } from '../support/bot.js';
import { cardText, press, sayTo } from '../support/cardDriver.js';
import { seedFigures, type FiguresSeed } from '../support/figuresSeed.js';

// Tuesday 15 September 2026; "last month" is August, whose last Monday (31st) is the summer bank holiday.
const clock = new ManualClock('2026-09-15T10:00:00Z');
const MANAGER = 'aad-manager-1';
const OFFICER = 'aad-officer-1';
const AUGUST = { from: '2026-08-01', to: '2026-08-31' };
const TODAY = '2026-09-15';
const HOLIDAYS = new Set(['2026-08-31']);

let bot: TestBot;
let seed: FiguresSeed;

/** The test's own London date and working-day arithmetic. */
const day = (at: Date) => at.toLocaleDateString('en-CA', { timeZone: 'Europe/London' });
const inAugust = (d: string) => d >= AUGUST.from && d <= AUGUST.to;
function plusWorkingDays(from: string, n: number): string {
  const d = new Date(`${from}T12:00:00Z`);
  while (n > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    const iso = d.toISOString().slice(0, 10);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6 && !HOLIDAYS.has(iso)) n--;
  }
  return d.toISOString().slice(0, 10);
}
const tally = <T>(items: T[], key: (item: T) => string) => items.reduce<Record<string, number>>((acc, item) => ({ ...acc, [key(item)]: (acc[key(item)] ?? 0) + 1 }), {});

beforeAll(async () => {
  bot = await startTestBot({ clock, env: { MANAGER_IDS: MANAGER } });
  seed = seedFigures({ cases: 120, incidentsPerCase: 3, teamId: TEST_TENANT, owners: [OFFICER, 'aad-officer-2', MANAGER], from: '2026-06-01', days: 100 });
  // Two high-risk victims assessed on Thursday 27 August: due by Wednesday 2 September (the 31st is a bank holiday).
  for (const [n, visitedOn] of [[0, '2026-09-02'], [1, '2026-09-03']] as const) {
    const base = seed.cases[n]!;
    const id = `bank-holiday-${n}`;
    seed.cases.push({ ...base, id, reference: `ASB-2026-900${n}`, status: 'open', riskLevel: 'high', victims: [{ ...base.victims[0]!, id: `${id}-v1` }], createdAt: londonInstant('2026-08-27', '09:00') });
    delete seed.cases[seed.cases.length - 1]!.closure;
    seed.assessments.push({ ...seed.assessments[0]!, id: `${id}-ra`, caseId: id, victimId: `${id}-v1`, assessedAt: londonInstant('2026-08-27', '11:00'), finalLevel: 'high', computedLevel: 'high' });
    seed.visits.push({ id: `${id}-visit`, caseId: id, victimId: `${id}-v1`, visitedOn, seen: true, recordedBy: OFFICER, recordedAt: clock.now() });
  }
  const db = bot.assistant.deps.db;
  const [cases, incidents, assessments, visits, interventions] = [new CaseRepository(db), new IncidentRepository(db), new RiskAssessmentRepository(db), new VisitRepository(db), new InterventionRepository(db)];
  for (const c of seed.cases) await cases.insert(c);
  for (const i of seed.incidents) await incidents.insert(i, seed.cases.find((c) => c.id === i.caseId)!);
  for (const a of seed.assessments) await assessments.insert(a);
  for (const v of seed.visits) await visits.insertOnce(v);
  for (const i of seed.interventions) await interventions.insert(i, TEST_TENANT);
  // One overdue deadline and one not yet due.
  const recipient = { tenantId: TEST_TENANT, aadObjectId: OFFICER };
  await bot.assistant.deps.reminders.schedule({ key: 'seed-overdue', kind: 'case-review', label: 'Review', dueDate: '2026-09-01', recipient, caseId: seed.cases[0]!.id });
  await bot.assistant.deps.reminders.schedule({ key: 'seed-ahead', kind: 'case-review', label: 'Review', dueDate: '2026-09-30', recipient, caseId: seed.cases[1]!.id });
}, 120_000);
afterAll(async () => bot.stop());

function expectedFigures(ownerId?: string) {
  const cases = seed.cases.filter((c) => !ownerId || c.ownerId === ownerId);
  const ids = new Set(cases.map((c) => c.id));
  const levelOf = new Map(seed.assessments.map((a) => [`${a.caseId}:${a.victimId}`, a]));
  const firstVisits = { high: { onTime: 0, late: 0, notYetDue: 0 }, others: { onTime: 0, late: 0, notYetDue: 0 } };
  for (const a of seed.assessments.filter((x) => ids.has(x.caseId) && inAugust(day(x.assessedAt)))) {
    const due = plusWorkingDays(day(a.assessedAt), a.finalLevel === 'high' ? 3 : 10);
    const visited = seed.visits.filter((v) => v.caseId === a.caseId && v.victimId === a.victimId && v.seen).map((v) => v.visitedOn).sort()[0];
    const group = a.finalLevel === 'high' ? firstVisits.high : firstVisits.others;
    if (visited) visited <= due ? group.onTime++ : group.late++;
    else if (due < TODAY) group.late++;
    else group.notYetDue++;
  }
  void levelOf;
  const ended = seed.interventions.filter((i) => ids.has(i.caseId) && i.monitoringEndsOn && inAugust(i.monitoringEndsOn));
  const rate = (under18: boolean) => {
    const withOutcome = ended.filter((i) => i.personUnder18 === under18 && i.outcome);
    const notAgain = withOutcome.filter((i) => !i.outcome!.cameToNoticeAgain).length;
    return { outcomeRecorded: withOutcome.length, notComeToNoticeAgain: notAgain };
  };
  const open = cases.filter((c) => c.status !== 'closed');
  return {
    newCases: cases.filter((c) => inAugust(day(c.createdAt))).length,
    openByRisk: { high: 0, medium: 0, standard: 0, none: 0, ...tally(open, (c) => c.riskLevel ?? 'none') },
    incidents: tally(seed.incidents.filter((i) => ids.has(i.caseId) && inAugust(day(i.occurredAt))).flatMap((i) => i.categories), (c) => c),
    firstVisits,
    served: tally(seed.interventions.filter((i) => ids.has(i.caseId) && inAugust(i.servedOn)), (i) => `${i.type}:${i.personUnder18 ? 'under18' : 'adults'}`),
    prevention: { under18: rate(true), adults: rate(false) },
    closures: tally(cases.filter((c) => c.closure && inAugust(day(c.closure.closedAt))), (c) => c.closure!.reason),
  };
}

function actual(figures: Figures) {
  const t = (x: Figures['firstVisits']['high']) => ({ onTime: x.onTime, late: x.late, notYetDue: x.notYetDue });
  const p = (x: Figures['prevention']['adults']) => ({ outcomeRecorded: x.outcomeRecorded, notComeToNoticeAgain: x.notComeToNoticeAgain });
  return {
    newCases: figures.newCases,
    openByRisk: figures.openByRisk,
    incidents: Object.fromEntries(figures.incidentsByCategory.map((r) => [r.category, r.count])),
    firstVisits: { high: t(figures.firstVisits.high), others: t(figures.firstVisits.others) },
    served: Object.fromEntries(figures.served.flatMap((r) => [[`${r.type}:under18`, r.under18], [`${r.type}:adults`, r.adults]]).filter(([, n]) => n !== 0)),
    prevention: { under18: p(figures.prevention.under18), adults: p(figures.prevention.adults) },
    closures: Object.fromEntries(figures.closuresByReason.map((r) => [r.reason, r.count])),
  };
}

const manager: Actor = { tenantId: TEST_TENANT, id: MANAGER, name: 'Manager', teamId: TEST_TENANT, roles: ['officer', 'manager'] };

describe('figures for a seeded month', () => {
  it("match the team's counts made from the seeded records, with a visit late by a working day across the bank holiday", async () => {
    const view = await bot.assistant.deps.figures.view(manager, { period: AUGUST });
    const expected = expectedFigures();
    expect(actual(view!.figures)).toEqual(expected);
    expect(view!.figures.overdueDeadlines).toBe(1);
    // The bank-holiday pair: one on time (2 Sep), one a working day late (3 Sep).
    expect(expected.firstVisits.high.late).toBeGreaterThanOrEqual(1);
    const high = view!.figures.firstVisits.high;
    expect(high.percent).toBe(Math.round((high.onTime / (high.onTime + high.late)) * 1000) / 10);
    const adults = view!.figures.prevention.adults;
    expect(adults.ratePercent).toBe(adults.outcomeRecorded ? Math.round((adults.notComeToNoticeAgain / adults.outcomeRecorded) * 1000) / 10 : null);
    expect(adults.targetPercent).toBe(70);
    expect(view!.figures.prevention.under18.targetPercent).toBe(80);
  });

  it("give an officer only their own caseload, and a partner none", async () => {
    const view = await bot.assistant.deps.figures.view({ tenantId: TEST_TENANT, id: OFFICER, name: 'Officer', teamId: TEST_TENANT, roles: ['officer'] }, { period: AUGUST });
    expect(actual(view!.figures)).toEqual(expectedFigures(OFFICER));
    expect(view!.whose).toBe('own');
    expect(await bot.assistant.deps.figures.view({ tenantId: TEST_TENANT, id: 'aad-partner', name: 'Partner', teamId: TEST_TENANT, roles: ['partner'], agency: 'police' }, { period: AUGUST })).toBeUndefined();
  });
});

describe('the figures card', () => {
  const asManager = { aadObjectId: MANAGER, userName: 'Mo Manager' };

  it('shows the chosen month with charts whose alt text gives the numbers, and serves the PNGs, CSV and Excel behind signed links', async () => {
    const first = await sayTo(bot, 'figures', asManager);
    expect(cardText(first)).toContain('Figures: 1 Sept 2026 to 15 Sept 2026');
    const august = await press(bot, first, 'Show figures', { period: 'last-month' }, asManager);
    const expected = expectedFigures();
    expect(cardText(august)).toContain('Figures: August 2026');
    expect(cardText(august)).toContain(`New cases: ${expected.newCases}`);
    const images: string[] = JSON.stringify(august).match(/"url":"[^"]+figures-chart[^"]+"/g) ?? [];
    expect(images).toHaveLength(2);
    const altTexts = (JSON.stringify(august).match(/"altText":"[^"]+"/g) ?? []).join(' ');
    expect(altTexts).toContain('August 2026: ');
    expect(altTexts).toMatch(/incidents by category in this period, largest first: .+ \d+ incidents?/);

    for (const image of images) {
      const url = JSON.parse(`{${image}}`).url as string;
      const response = await fetch(url);
      expect(response.status).toBe(200);
      const png = Buffer.from(await response.arrayBuffer());
      expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
      expect(png.readUInt32BE(16)).toBeGreaterThan(400);
      expect(png.readUInt32BE(20)).toBeGreaterThan(100);
      // A tampered link reveals nothing.
      const swapped = url.replace(/figures-chart\/(trend|categories)/, (_m, kind: string) => `figures-chart/${kind === 'trend' ? 'categories' : 'trend'}`);
      expect((await fetch(swapped)).status).toBe(403);
    }
    const links: Record<string, string> = Object.fromEntries([...JSON.stringify(august).matchAll(/"title":"([^"]+)","url":"([^"]+)"/g)].map((m) => [m[1]!, m[2]!]));
    const csv = await (await fetch(links['Download CSV']!)).text();
    expect(csv.split('\n')[0]).toBe('Section,Item,Measure,Value');
    expect(csv).toContain(`Cases,New cases,Count,${expected.newCases}`);
    const rows = await (await fetch(links['Cases (CSV)']!)).text();
    expect(rows).not.toMatch(/Victim \d|Perpetrator \d|Seed Street/);
    const xlsx = Buffer.from(await (await fetch(links['Download Excel']!)).arrayBuffer());
    expect(xlsx.subarray(0, 2).toString('ascii')).toBe('PK');
    const audited = await bot.assistant.deps.db.collection('audit').countDocuments({ entity: 'figures', action: 'export', actorId: MANAGER });
    expect(audited).toBe(5);
  });

  it('shows no category chart for a period with no incidents, only the text that says so', async () => {
    const first = await sayTo(bot, 'figures', asManager);
    const quiet = await press(bot, first, 'Show figures', { period: 'custom', from: '2025-01-01', to: '2025-01-31' }, asManager);
    expect(cardText(quiet)).toContain('No incidents in this period.');
    const images = [...JSON.stringify(quiet).matchAll(/figures-chart\/(trend|categories)/g)].map((m) => m[1]);
    expect(images).toEqual(['trend']);
  });

  it('keeps a custom period that cannot be read, with the problem under the date', async () => {
    const first = await sayTo(bot, 'figures', asManager);
    const refused = await press(bot, first, 'Show figures', { period: 'custom', from: '2026-09-10', to: '2026-09-01' }, asManager);
    expect(cardText(refused)).toContain('The end must be on or after the start');
  });
});

describe('returns', () => {
  const asManager = { aadObjectId: MANAGER, userName: 'Mo Manager' };

  it('NM01 counts ASB and hate-incident cases opened in the financial year per 1,000 homes, with a CSV', async () => {
    expect(cardText(await sayTo(bot, 'nm01 2026', asManager))).toContain('set homes');
    expect(cardText(await sayTo(bot, 'set homes 12,500', { aadObjectId: OFFICER }))).toContain('Only a manager');
    expect(cardText(await sayTo(bot, 'set homes 12,500', asManager))).toContain('Homes set to 12,500');
    const opened = seed.cases.filter((c) => day(c.createdAt) >= '2026-04-01' && day(c.createdAt) <= '2027-03-31');
    const hate = opened.filter((c) => c.categories.includes('hate-incident')).length;
    const perThousand = (n: number) => String(Math.round((n / 12_500) * 1000 * 100) / 100);
    const shown = await sayTo(bot, 'nm01 2026', asManager);
    expect(cardText(shown)).toContain(`Cases: ${opened.length}\nPer 1,000 homes: ${perThousand(opened.length)}`);
    expect(cardText(shown)).toContain(`Cases: ${hate}\nPer 1,000 homes: ${perThousand(hate)}`);
    const url = (JSON.stringify(shown).match(/"url":"([^"]+returns[^"]+)"/) ?? [])[1]!;
    const csv = (await (await fetch(url)).text()).trim().split('\n');
    expect(csv).toEqual([
      'Measure,Period from,Period to,Homes,Cases,"Per 1,000 homes"',
      `NM01(1) ASB cases opened,2026-04-01,2027-03-31,12500,${opened.length},${perThousand(opened.length)}`,
      `NM01(2) ASB cases involving hate incidents opened,2026-04-01,2027-03-31,12500,${hate},${perThousand(hate)}`,
    ]);
  });

  it('gives the prevention rate for each quarter against 80% and 70%', async () => {
    const card = await sayTo(bot, 'prevention return 2026', asManager);
    const url = (JSON.stringify(card).match(/"url":"([^"]+returns[^"]+)"/) ?? [])[1]!;
    const csv = (await (await fetch(url)).text()).trim().split('\n');
    const endedInQ2 = seed.interventions.filter((i) => i.monitoringEndsOn && i.monitoringEndsOn >= '2026-07-01' && i.monitoringEndsOn <= '2026-09-30' && !i.personUnder18);
    const adults = endedInQ2.filter((i) => i.outcome);
    const awaiting = endedInQ2.filter((i) => !i.outcome && i.monitoringEndsOn! <= TODAY).length;
    const notAgain = adults.filter((i) => !i.outcome!.cameToNoticeAgain).length;
    expect(csv).toHaveLength(9);
    expect(csv.find((line) => line.startsWith('Q2 2026/27,Adults'))).toBe(
      `Q2 2026/27,Adults,${adults.length},${notAgain},${adults.length ? Math.round((notAgain / adults.length) * 1000) / 10 : ''},70,${adults.length ? (notAgain / adults.length >= 0.7 ? 'Yes' : 'No') : ''},${awaiting}`,
    );
    expect(csv.find((line) => line.startsWith('Q1 2026/27,Under 18'))).toContain(',80,');
    expect(cardText(await sayTo(bot, 'prevention return 2026', { aadObjectId: OFFICER }))).toContain('Returns are for managers');
  });
});


describe('the chart links', () => {
  const asManager = { aadObjectId: MANAGER, userName: 'Mo Manager' };

  it("serve the card's own figures after a new incident and case are logged, each download audited, until the link expires", async () => {
    const card = await press(bot, await sayTo(bot, 'figures', asManager), 'Show figures', { period: 'last-month' }, asManager);
    const before = (await bot.assistant.deps.figures.view(manager, { period: AUGUST }))!.figures;
    const urls = Object.fromEntries([...JSON.stringify(card).matchAll(/"url":"([^"]+figures-chart\/(trend|categories)[^"]+)"/g)].map((m) => [m[2]!, m[1]!])) as Record<ChartKind, string>;
    expect(Object.keys(urls).sort()).toEqual(['categories', 'trend']);

    const db = bot.assistant.deps.db;
    const incident = { ...seed.incidents[0]!, id: 'logged-after-the-card', occurredAt: londonInstant('2026-08-20', '10:00'), categories: ['noise' as const] };
    await new IncidentRepository(db).insert(incident, seed.cases.find((c) => c.id === incident.caseId)!);
    seed.incidents.push(incident);
    const opened = { ...seed.cases[2]!, id: 'opened-after-the-card', reference: 'ASB-2026-9100', createdAt: londonInstant('2026-08-21', '09:00') };
    await new CaseRepository(db).insert(opened);
    seed.cases.push(opened);
    const after = (await bot.assistant.deps.figures.view(manager, { period: AUGUST }))!.figures;
    expect(after.incidentCount).toBe(before.incidentCount + 1);
    expect(after.trend.at(-1)!.opened).toBe(before.trend.at(-1)!.opened + 1);

    const exports = () => db.collection('audit').countDocuments({ entity: 'figures', action: 'export', actorId: MANAGER });
    const exportedBefore = await exports();
    for (const kind of chartKinds) {
      const response = await fetch(urls[kind]);
      expect(response.status).toBe(200);
      const png = Buffer.from(await response.arrayBuffer());
      expect({ kind, asCard: png.equals((await renderChart(kind, before)).png) }).toEqual({ kind, asCard: true });
      expect({ kind, asNow: png.equals((await renderChart(kind, after)).png) }).toEqual({ kind, asNow: false });
    }
    expect(await exports()).toBe(exportedBefore + 2);

    // A link whose numbers were changed is refused, and so is every link once its 7 days are over.
    const inflated = urls.categories.replace(/\.(\d+)\.png\?/, (_m, n: string) => `.${Number(n) + 5}.png?`);
    expect(inflated).not.toBe(urls.categories);
    expect((await fetch(inflated)).status).toBe(403);
    const now = clock.now();
    clock.advance(7 * 24 * 60 * 60 * 1000 + 60_000);
    try {
      expect((await fetch(urls.trend)).status).toBe(403);
    } finally {
      clock.set(now);
    }
  });
});
