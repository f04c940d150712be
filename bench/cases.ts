/**
 * Cases at scale (issue 4): loads 10k cases with 5 incidents each through the real repositories on the
 * embedded server, then times `find <postcode>`, a partial-name `find`, `my cases`, the case card build,
 * and the full `case <ref>` turn through /api/messages at 10 concurrent officers.
 * Targets: case card ≤ 20 ms p95; `find` ≤ 50 ms p95 at 10k cases; `case <ref>` turn ≤ 50 ms p95 at 10 concurrent,
 * and within 1.5x of the `help` turn p95 of the same run (issue 17).
 * Run with `node --import tsx bench/cases.ts` or `npm run bench -- cases` (BENCH_CASES=1000 for a quick look).
 */
import { availableParallelism, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { MongoClient, type CommandStartedEvent, type Db } from 'mongodb';
import { loadConfig } from '../src/config.js';
import { AuditLog } from '../src/db/audit.js';
import { CaseRepository } from '../src/db/cases.js';
import { IncidentRepository } from '../src/db/incidents.js';
import { IntentStore } from '../src/db/intents.js';
import { NoteRepository } from '../src/db/notes.js';
import { Intents } from '../src/services/intents.js';
import { defaultAreas } from '../src/domain/cases/areas.js';
import { applyStatusChange, createCase, type Case, type NewCaseDraft, type PerpetratorDraft, type VictimDraft } from '../src/domain/cases/case.js';
import { asbCategoryIds, type AsbCategory } from '../src/domain/cases/categories.js';
import { defaultCaseReviewThresholds } from '../src/domain/cases/caseReview.js';
import type { EvidenceType } from '../src/domain/cases/evidence.js';
import { logIncident, type Incident } from '../src/domain/cases/incident.js';
import { ageBands, housingTenures } from '../src/domain/cases/people.js';
import { caseReferenceYear, formatCaseReference } from '../src/domain/cases/reference.js';
import { caseSources } from '../src/domain/cases/sources.js';
import { changeStatus } from '../src/domain/cases/status.js';
import { systemClock } from '../src/domain/clock.js';
import { createLogger } from '../src/log.js';
import { CaseFile } from '../src/services/caseFile.js';
import { startAssistant } from '../src/startup.js';
import { caseCard } from '../src/teams/cases/caseCards.js';
import { teamsRoster } from '../src/teams/roster.js';
import { messageActivity, TEST_TENANT } from '../test/support/activities.js';
import { startConnectorStandIn } from '../test/support/connector.js';
import { startDatabase, type BenchDatabase } from './database.js';
import { mb, printTable, seededRandom, summarise, verdict, type LatencySummary } from './stats.js';

const CASES = Number(process.env.BENCH_CASES ?? 10_000);
const INCIDENTS_PER_CASE = 5;
const OWNERS = 50;
const POSTCODES = 3_000;
const SAMPLES = 200;
const INSERT_CONCURRENCY = 64;
const TURN_WORKERS = 10;
const TURNS_PER_WORKER = 30;
/** Most cases belong to the test tenant's team (the one the bench officer is in); the rest to a neighbouring one. */
const OTHER_TEAM = 'team-neighbouring-council';

const TARGET_FIND_P95_MS = 50;
const TARGET_CARD_P95_MS = 20;
const TARGET_TURN_P95_MS = 50;
/** Issue 17: a `case <ref>` turn's p95 within 1.5x of a `help` turn's, both at 10 concurrent, same run. */
const TARGET_TURN_RATIO = 1.5;

const DAY_MS = 24 * 60 * 60 * 1000;


const random = seededRandom(20261123);
const int = (bound: number) => Math.floor(random() * bound);
const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;

const FORENAMES = ['Amina', 'James', 'Olivia', 'Mohammed', 'Grace', 'Daniel', 'Priya', 'Thomas', 'Chloe', 'Oliver', 'Fatima', 'Jack', 'Sophie', 'Kwame', 'Emily', 'Liam', 'Zofia', 'Harry', 'Aisha', 'George', 'Megan', 'Ravi', 'Hannah', 'Connor'];
const SURNAMES = ['Okafor', 'Smith', 'Patel', 'Jones', 'Williams', 'Brown', 'Taylor', 'Davies', 'Evans', 'Khan', 'Thomas', 'Johnson', 'Roberts', 'Walker', 'Wright', 'Robinson', 'Thompson', 'White', 'Hughes', 'Edwards', 'Green', 'Hall', 'Wood', 'Harris', 'Lewis', 'Martin', 'Jackson', 'Clarke', 'Nowak', 'Kowalski', 'Mensah', 'Begum', 'Hussain', 'Ahmed', 'Murphy', 'Kelly', 'Campbell', 'Stewart', 'Morgan', 'Cooper', 'Fletcher', 'Whitfield', 'Ashworth', 'Pemberton', 'Blackwood', 'Greenhalgh'];
const STREETS = ['Mill Lane', 'High Street', 'Church Road', 'Station Road', 'Victoria Street', 'Park Avenue', 'Queens Road', 'Oakfield Close', 'Harbour Walk', 'Westcliff Parade', 'Ashcombe Rise', 'Riverside Way', 'Kingsford Row', 'Elm Grove', 'Beech Crescent', 'Tannery Court', 'Foundry Lane', 'Canal Side', 'Chapel Street', 'Marsh Road', 'Hill Top', 'Brook Drive', 'Willow Gardens', 'Granary Wharf'];
const PLACES = ['Kingsford bus station', 'the park on Mill Lane', 'Porthaven seafront shelter', 'Millbrook Co-op car park', 'Oakfield playing fields', 'Ashcombe village green'];
/** Outward-code shapes of real UK postcodes: A9, A99, AA9, AA99, A9A and AA9A. */
const OUTWARD_CODES = ['M1', 'B33', 'L8', 'S11', 'KF1', 'KF12', 'PH4', 'PH19', 'MB2', 'AC7', 'LS6', 'NE15', 'W1A', 'EC2V', 'SW1A', 'CR0', 'BS16', 'N1C', 'OX4', 'TR18'];
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';
const POLICE_FORCES = ['KP', 'PHC', 'MBP'];

/** A pool of postcodes: each is shared by a few cases, as a street-level postcode is in real life. */
const postcodePool: string[] = [...new Set(Array.from({ length: POSTCODES * 2 }, () => `${pick(OUTWARD_CODES)} ${int(10)}${pick([...INWARD_LETTERS])}${pick([...INWARD_LETTERS])}`))].slice(0, POSTCODES);

const personName = () => `${pick(FORENAMES)} ${pick(SURNAMES)}`;
const address = (postcode: string) => `${1 + int(180)} ${pick(STREETS)}, ${pick(defaultAreas).name}, ${postcode}`;
const categories = (): AsbCategory[] => [...new Set(Array.from({ length: 1 + int(2) }, () => pick(asbCategoryIds)))];
const owner = (n: number) => ({ id: `aad-bench-officer-${n}`, name: `Officer ${pick(FORENAMES)} ${SURNAMES[n % SURNAMES.length]}` });

function victim(): VictimDraft {
  const draft: VictimDraft = {
    name: personName(),
    contact: { phone: `07${String(100_000_000 + int(899_999_999))}`, address: address(pick(postcodePool)) },
    preferredContact: pick(['phone', 'text', 'email', 'letter', 'visit'] as const),
    consentToShare: { given: random() < 0.7 },
    under18: random() < 0.08,
  };
  if (random() < 0.3) draft.vulnerabilityNotes = 'Lives alone; anxiety made worse by the repeated incidents.';
  return draft;
}

function perpetrator(now: Date): PerpetratorDraft {
  const draft: PerpetratorDraft = { name: personName(), tenure: pick(housingTenures).id };
  if (random() < 0.8) draft.address = address(pick(postcodePool));
  if (random() < 0.5) {
    const born = new Date(now.getTime() - (13 + int(50)) * 365.25 * DAY_MS);
    draft.dateOfBirth = born.toISOString().slice(0, 10);
  } else draft.ageBand = pick(ageBands).id;
  return draft;
}

function caseDraft(now: Date): NewCaseDraft {
  const area = pick(defaultAreas);
  const policeReferences = random() < 0.25 ? [`${pick(POLICE_FORCES)}/${String(10_000 + int(89_999))}/${String(now.getUTCFullYear()).slice(2)}`] : [];
  const location = random() < 0.85 ? { address: address(pick(postcodePool)), postcode: pick(postcodePool) } : { place: pick(PLACES) };
  return {
    area: area.id,
    ward: pick(area.wards).id,
    categories: categories(),
    location,
    policeReferences,
    source: pick(caseSources).id,
    victims: Array.from({ length: 1 + int(2) }, victim),
    perpetrators: Array.from({ length: int(3) }, () => perpetrator(now)),
    witnesses: [],
  };
}

const EVIDENCE: EvidenceType[] = ['diary-sheet', 'cctv', 'noise-recording', 'photos', 'witness-statement', 'body-worn-video'];

export function incidentsFor(current: Case, now: Date): Incident[] {
  return Array.from({ length: INCIDENTS_PER_CASE }, (_, n) => {
    const occurredAt = new Date(current.createdAt.getTime() + int(Math.max(1, now.getTime() - current.createdAt.getTime())));
    const reporter = current.victims[n % current.victims.length]!;
    return logIncident(
      {
        occurredAt,
        categories: [pick(current.categories)],
        description: `Shouting and banging from the neighbouring flat late at night; reported by ${reporter.name.split(' ')[0]}.`,
        reportedBy: { personId: reporter.id, name: reporter.name },
        evidence: random() < 0.4 ? [pick(EVIDENCE)] : [],
      },
      { id: `${current.id}:i${n}`, caseId: current.id, loggedBy: current.ownerId, loggedByName: current.ownerName, loggedAt: occurredAt },
    );
  });
}

export function buildCase(sequence: number, now: Date): Case {
  const officerNumber = int(OWNERS);
  const officer = owner(officerNumber);
  const at = new Date(now.getTime() - int(320) * DAY_MS - int(DAY_MS));
  const created = createCase(
    caseDraft(now),
    { id: `bench-case-${sequence}`, reference: formatCaseReference(caseReferenceYear(now), sequence), ownerId: officer.id, ownerName: officer.name, teamId: random() < 0.9 ? TEST_TENANT : OTHER_TEAM, at },
    (() => {
      let person = 0;
      return () => `bench-case-${sequence}-p${person++}`;
    })(),
  );
  if (random() >= 0.2) return created;
  const closing = changeStatus(created.status, 'closed', { by: officer.id, byName: officer.name, at: new Date(at.getTime() + DAY_MS), closure: { reason: 'asb-ceased', victimInformed: true } });
  return closing.ok ? applyStatusChange(created, closing.change) : created;
}

/** Runs `operation(i)` for i = 0..count-1 with `concurrency` in flight. */
async function runConcurrently(count: number, concurrency: number, operation: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await operation(next++);
    }),
  );
}

/** Times `operation` on each sample, one after another (an officer's view of a single request). */
async function timeEach<T>(samples: readonly T[], operation: (sample: T) => Promise<unknown>): Promise<{ summary: LatencySummary; results: unknown[] }> {
  const latencies: number[] = [];
  const results: unknown[] = [];
  const started = performance.now();
  for (const sample of samples) {
    const t0 = performance.now();
    results.push(await operation(sample));
    latencies.push(performance.now() - t0);
  }
  return { summary: summarise(latencies, performance.now() - started), results };
}

interface Loaded {
  cases: Case[];
  loadMs: number;
}

export async function load(db: Db, now: Date): Promise<Loaded> {
  const cases = new CaseRepository(db);
  const incidents = new IncidentRepository(db);
  await cases.ensureIndexes();
  await incidents.ensureIndexes();
  const all = Array.from({ length: CASES }, (_, i) => buildCase(i + 1, now));
  // The repositories only insert one at a time (as the bot does), so the load runs many inserts in parallel.
  const started = performance.now();
  await runConcurrently(all.length, INSERT_CONCURRENCY, async (i) => {
    const current = all[i]!;
    await cases.insert(current);
    for (const incident of incidentsFor(current, now)) await incidents.insert(incident, current);
  });
  return { cases: all, loadMs: performance.now() - started };
}

const samplesOf = <T>(items: readonly T[], count = SAMPLES): T[] => Array.from({ length: count }, () => pick(items));

export function postcodesOf(current: Case): string[] {
  const found = [current.location.postcode, ...[current.location.address, ...current.victims.map((v) => v.contact.address), ...current.perpetrators.map((p) => p.address)].map((a) => a?.split(', ').at(-1))];
  return found.filter((p): p is string => p !== undefined);
}

export async function main(): Promise<void> {
  const now = new Date();
  const embedded = await startDatabase();
  const client = new MongoClient(embedded.uri);
  await client.connect();
  const db = client.db('asb');
  const rows: Array<Record<string, string | number>> = [];
  const add = (what: string, s: LatencySummary, target: string, ok?: boolean) =>
    rows.push({ measure: what, n: String(s.count), 'p50 ms': s.p50, 'p95 ms': s.p95, 'p99 ms': s.p99, target, result: ok === undefined ? '(information)' : verdict(ok) });
  let turns: LatencySummary | undefined;
  let versusHelp: Array<Record<string, string | number>> = [];
  let loadMs = NaN;
  let commands: string[] = [];
  const breakdown: Array<Record<string, string | number>> = [];
  try {
    const loaded = await load(db, now);
    loadMs = loaded.loadMs;
    console.log(`Loaded ${CASES.toLocaleString('en-GB')} cases + ${(CASES * INCIDENTS_PER_CASE).toLocaleString('en-GB')} incidents in ${(loadMs / 1000).toFixed(1)} s (${INSERT_CONCURRENCY} inserts in flight, in-memory embedded server ${embedded.where})`);

    const cases = new CaseRepository(db);
    const incidents = new IncidentRepository(db);
    const scope = { teamIds: [TEST_TENANT] };
    const teamCases = loaded.cases.filter((c) => c.teamId === TEST_TENANT);

    const postcodes = samplesOf(teamCases).map((c) => pick(postcodesOf(c)));
    const find = await timeEach(postcodes, (postcode) => cases.search(postcode, scope, 10));
    const hits = find.results.map((r) => (r as Case[]).length);
    add('find <postcode>', find.summary, `p95 ≤ ${TARGET_FIND_P95_MS} ms`, find.summary.p95 <= TARGET_FIND_P95_MS);
    console.log(`find <postcode>: ${hits.filter((h) => h > 0).length}/${hits.length} found something, ${(hits.reduce((a, b) => a + b, 0) / hits.length).toFixed(1)} cases on average`);

    const partialNames = samplesOf(teamCases).map((c) => pick(c.victims).name.split(' ')[1]!.slice(0, 4).toLowerCase());
    const partial = await timeEach(partialNames, (text) => cases.search(text, scope, 10));
    add('find <4 letters of a surname>', partial.summary, '—');

    const owners = samplesOf(Array.from({ length: OWNERS }, (_, n) => owner(n).id));
    const mine = await timeEach(owners, (ownerId) => cases.list({ ownerId, activeOnly: true, teamIds: scope.teamIds }, 0, 10));
    add('my cases (first page of 10)', mine.summary, '—');

    const caseFile = new CaseFile({
      intents: new Intents({ store: new IntentStore(db), clock: systemClock }),
      cases,
      incidents,
      notes: new NoteRepository(db),
      audit: new AuditLog(db),
      clock: systemClock,
      caseReview: defaultCaseReviewThresholds,
      nextCaseNumber: async () => CASES + 1,
    });
    const cardSamples = samplesOf(loaded.cases);
    const viewMs: number[] = [];
    const renderMs: number[] = [];
    const card = await timeEach(cardSamples, async (current) => {
      const t0 = performance.now();
      const view = await caseFile.caseView(current);
      const t1 = performance.now();
      const built = caseCard(view, { areas: defaultAreas, now: new Date() });
      viewMs.push(t1 - t0);
      renderMs.push(performance.now() - t1);
      return built;
    });
    add('case card (caseView + caseCard)', card.summary, `p95 ≤ ${TARGET_CARD_P95_MS} ms`, card.summary.p95 <= TARGET_CARD_P95_MS);
    breakdown.push({ part: '  CaseFile.caseView (incident queries)', 'p50 ms': summarise(viewMs, 1).p50, 'p95 ms': summarise(viewMs, 1).p95 });
    breakdown.push({ part: '  caseCard (build the card)', 'p50 ms': summarise(renderMs, 1).p50, 'p95 ms': summarise(renderMs, 1).p95 });
    const references = samplesOf(teamCases).map((c) => c.reference);
    const byRef = await timeEach(references, (reference) => cases.findByReference(reference));
    breakdown.push({ part: '  findByReference', 'p50 ms': byRef.summary.p50, 'p95 ms': byRef.summary.p95 });

    const figures = await caseTurns(embedded, teamCases);
    turns = figures.caseAt10;
    add(`case <ref> turn, ${TURN_WORKERS} concurrent`, turns, `p95 ≤ ${TARGET_TURN_P95_MS} ms`, turns.p95 <= TARGET_TURN_P95_MS);
    add('case <ref> turn, 1 at a time', figures.caseAt1, '—');
    add(`help turn, ${TURN_WORKERS} concurrent (baseline)`, figures.helpAt10, '—');
    commands = figures.commandsPerCaseTurn;
    const { caseAt10, helpAt10 } = figures;
    const ratio = caseAt10.p95 / helpAt10.p95;
    versusHelp = [
      { figure: `case <ref> p95 ÷ help p95, ${TURN_WORKERS} concurrent`, value: `${caseAt10.p95.toFixed(1)} ms`, baseline: `help ${helpAt10.p95.toFixed(1)} ms`, ratio: `${ratio.toFixed(2)}x`, target: `≤ ${TARGET_TURN_RATIO}x`, result: verdict(ratio <= TARGET_TURN_RATIO) },
      // CPU per turn moves less with the machine's load than the p95 does, so it says where the ratio comes from.
      { figure: `CPU per turn (this process: bot and client${caseAt10.dbCpuMsPerTurn === undefined ? ', embedded server' : ''})`, value: `${caseAt10.cpuMsPerTurn.toFixed(2)} ms`, baseline: `help ${helpAt10.cpuMsPerTurn.toFixed(2)} ms`, ratio: `${(caseAt10.cpuMsPerTurn / helpAt10.cpuMsPerTurn).toFixed(2)}x`, target: '(information)', result: '' },
      ...(caseAt10.dbCpuMsPerTurn === undefined ? [] : [{ figure: 'CPU per turn of the database process', value: `${caseAt10.dbCpuMsPerTurn.toFixed(2)} ms`, baseline: `help ${(helpAt10.dbCpuMsPerTurn ?? NaN).toFixed(2)} ms`, ratio: '', target: '(information)', result: '' }]),
    ];
  } finally {
    await client.close();
    await embedded.stop();
  }
  console.log(`\nCases at ${CASES.toLocaleString('en-GB')} cases × ${INCIDENTS_PER_CASE} incidents (samples are random, one request at a time unless stated):`);
  printTable(rows);
  if (turns) console.log(`case <ref> turns at ${TURN_WORKERS} concurrent: ${turns.perSecond.toFixed(1)} turns/s`);
  if (versusHelp.length > 0) printTable(versusHelp);
  if (commands.length > 0) console.log(`database commands of one case <ref> turn: ${commands.filter((c) => !c.startsWith('after')).length} (${commands.join(', ')})`);
  console.log('\nWhere the case card time goes:');
  printTable(breakdown);
  // Other work on the machine slows every figure here; the load average says how busy it was.
  console.log(`(machine load average over the last minute: ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores)`);
  console.log(`(load ${(loadMs / 1000).toFixed(1)} s; peak RSS of this benchmark process: ${mb(process.resourceUsage().maxRSS * 1024).toFixed(0)} MB)`);
}

/** A run of turns, with the CPU this process (the bot and the client) and the database's process spent per turn. */
type TurnSummary = LatencySummary & { cpuMsPerTurn: number; dbCpuMsPerTurn: number | undefined };

interface TurnFigures {
  caseAt10: TurnSummary;
  caseAt1: TurnSummary;
  helpAt10: TurnSummary;
  /** The database commands one `case <ref>` turn sends, e.g. "find cases". */
  commandsPerCaseTurn: string[];
}

/**
 * Boots the real assistant on the loaded database and sends `case <ref>` from 10 officers at once; also from
 * one officer, and `help` from 10 (the same HTTP/adapter/turn-state path without any case work), so the
 * case-specific share of the turn can be told apart from the fixed cost of a turn. The round trips of one turn are
 * then listed by a second assistant with command monitoring on: monitoring makes the driver deserialize every reply
 * whole for its event, so it would charge each database command of the timed turns (and none of `help`'s) extra.
 */
export async function caseTurns(database: BenchDatabase, teamCases: readonly Case[]): Promise<TurnFigures> {
  const { uri } = database;
  const connector = await startConnectorStandIn();
  const boot = async (monitorCommands: boolean) => {
    const assistant = await startAssistant(loadConfig({ PORT: '0', LOG_LEVEL: 'silent', MONGODB_URI: monitorCommands ? `${uri}?monitorCommands=true` : uri }), { logger: createLogger('silent') });
    const turn = async (worker: number, text: string) => {
      const activity = { ...messageActivity(text, { aadObjectId: `aad-bench-officer-${worker}` }), serviceUrl: connector.url };
      const t0 = performance.now();
      const response = await fetch(`${assistant.url}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(activity) });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`turn failed with HTTP ${response.status}`);
      return performance.now() - t0;
    };
    return { assistant, turn };
  };
  const caseText = () => `case ${pick(teamCases).reference}`;
  try {
    const { assistant, turn } = await boot(false);
    let timings: Omit<TurnFigures, 'commandsPerCaseTurn'>;
    try {
      const measure = async (workers: number, text: () => string): Promise<TurnSummary> => {
        const latencies: number[] = [];
        const cpuBefore = process.cpuUsage();
        const dbCpuBefore = await database.cpuMs();
        const started = performance.now();
        await Promise.all(
          Array.from({ length: workers }, async (_, worker) => {
            for (let i = 0; i < TURNS_PER_WORKER; i++) latencies.push(await turn(worker, text()));
          }),
        );
        const elapsed = performance.now() - started;
        const cpu = process.cpuUsage(cpuBefore);
        const dbCpu = await database.cpuMs();
        const dbCpuMsPerTurn = dbCpu === undefined || dbCpuBefore === undefined ? undefined : (dbCpu - dbCpuBefore) / latencies.length;
        return { ...summarise(latencies, elapsed), cpuMsPerTurn: (cpu.user + cpu.system) / 1000 / latencies.length, dbCpuMsPerTurn };
      };
      for (let i = 0; i < 10; i++) await turn(i, caseText()); // warm-up
      connector.clear();
      const caseAt10 = await measure(TURN_WORKERS, caseText);
      const replies = connector.sent();
      const cards = replies.filter((a) => JSON.stringify(a).includes('Incidents (')).length;
      console.log(`case <ref>: ${replies.length} replies reached the connector, ${cards} of them case cards`);
      const caseAt1 = await measure(1, caseText);
      const helpAt10 = await measure(TURN_WORKERS, () => 'help');
      timings = { caseAt10, caseAt1, helpAt10 };
    } finally {
      await assistant.stop();
    }

    const listing = await boot(true);
    try {
      // The officer's first turns record their conversation and read their roster name; the turn listed is a later one.
      for (let i = 0; i < 3; i++) await listing.turn(0, caseText());
      await listing.assistant.deps.references.flush();
      await teamsRoster(listing.assistant.deps).flush();
      const commandsPerCaseTurn: string[] = [];
      // The audit chain's head moves after the reply (src/db/audit.ts), so it is listed apart.
      const record = (event: CommandStartedEvent) => commandsPerCaseTurn.push(`${listing.assistant.deps.turns.busy ? '' : 'after the reply: '}${event.commandName} ${String(event.command[event.commandName])}`);
      listing.assistant.deps.db.client.on('commandStarted', record);
      await listing.turn(0, caseText());
      listing.assistant.deps.db.client.off('commandStarted', record);
      return { ...timings, commandsPerCaseTurn };
    } finally {
      await listing.assistant.stop();
    }
  } finally {
    await connector.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await main();
  process.exit(0);
}
