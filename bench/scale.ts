/**
 * The scale run (issue 17): 100k cases, 500k incidents and 200k reminders, bulk-loaded through the real driver and
 * repositories into the embedded server (in memory), with the real assistant on top and 500 officers who have each
 * talked to it once. It prints every officer turn's p95 over /api/messages beside the `help` turn of the same run,
 * the sweeps (reminder dispatch, retention sweep, outbox drain) beside same-run baselines, and then the 08:30 digest
 * fan-out to the 500 officers: `case <ref>` p95 while it is delivered, beside the idle p95 (target ≤ 1.5x).
 * The Bot Connector stand-in enforces Teams' limits (429 + Retry-After) throughout.
 * Run with `npm run bench -- scale`; BENCH_SCALE=0.2 loads a fifth of the data and prints the projection to full size.
 */
import http from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { MongoClient, type Db } from 'mongodb';
import { loadConfig } from '../src/config.js';
import { CaseRepository } from '../src/db/cases.js';
import { IncidentRepository } from '../src/db/incidents.js';
import { londonDate } from '../src/domain/calendar/localDate.js';
import { createWorkingCalendar } from '../src/domain/calendar/createWorkingCalendar.js';
import type { Case } from '../src/domain/cases/case.js';
import { teamsConversationLimits, teamsTenantLimits } from '../src/domain/reminders/rateLimits.js';
import { createLogger } from '../src/log.js';
import { startAssistant, type Assistant } from '../src/startup.js';
import { invokeAction, messageActivity, TEST_TENANT, type TestActivity } from '../test/support/activities.js';
import { startConnectorStandIn, type ConnectorStandIn } from '../test/support/connector.js';
import { buildCase, incidentsFor, postcodesOf } from './cases.js';
import { startDatabase } from './database.js';
import { printTable, seededRandom, summarise, timed, verdict, type LatencySummary } from './stats.js';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const FULL = { cases: 100_000, incidentsPerCase: 5, reminders: 200_000 };
const CASES = Math.round(FULL.cases * SCALE);
const REMINDERS = Math.round(FULL.reminders * SCALE);
const OFFICERS = 500;
/** Reminders whose notice is due when the dispatch sweep runs (each one becomes an outbox message). */
const DUE_NOTICES = 500;
const BATCH = 5_000;
const TURN_WORKERS = 10;
const TURNS_PER_WORKER = 20;
/** Officers opening cases while the digest goes out, each pausing between turns as a person does. */
const FAN_OUT_WORKERS = 10;
const THINK_MS = 1_000;
const TENANT_PER_SECOND = 50;
const DAY = 86_400_000;

const random = seededRandom(170);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const officer = (n: number) => `aad-bench-officer-${n}`;

async function seed(db: Db, now: Date): Promise<Case[]> {
  const cases = new CaseRepository(db);
  const incidents = new IncidentRepository(db);
  // Indexes first, then unordered batches of 5,000: the embedded server runs each command synchronously, and one
  // long command (building an index over the full load) can hold it past the driver's 30 s monitor timeout.
  await cases.ensureIndexes();
  await incidents.ensureIndexes();
  const all: Case[] = [];
  for (let start = 0; start < CASES; start += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, CASES - start) }, (_, i) => buildCase(start + i + 1, now));
    await cases.insertMany(batch);
    const places = new Map(batch.map((c) => [c.id, c]));
    await incidents.insertMany(batch.flatMap((c) => incidentsFor(c, now)), (caseId) => places.get(caseId)!);
    all.push(...batch);
  }
  const calendar = createWorkingCalendar('england-and-wales');
  const today = londonDate(now);
  const reminders = db.collection('reminders');
  for (let start = 0; start < REMINDERS; start += BATCH) {
    // Two per case (visit, review), spread over 500 officers; the first 1,000 due today so every officer has a digest.
    await reminders.insertMany(
      Array.from({ length: Math.min(BATCH, REMINDERS - start) }, (_, j) => {
        const n = start + j;
        const dueDate = n < 2 * OFFICERS ? today : calendar.addWorkingDays(today, 1 + (n % 40));
        return {
          _id: `reminder-${n}`, kind: n % 2 ? 'case-review' : 'first-visit', label: 'Bench reminder', dueDate, caseId: `bench-case-${1 + Math.floor(n / 2) % Math.max(1, CASES)}`,
          recipient: { tenantId: TEST_TENANT, aadObjectId: officer(n % OFFICERS) }, status: 'open', noticesQueued: [],
          nextNoticeAt: new Date(now.getTime() + (1 + (n % 40)) * DAY), createdAt: now, updatedAt: now,
        } as never;
      }),
    );
  }
  return all;
}

interface Answer {
  status: number;
  body: unknown;
}

/**
 * POSTs over a fresh connection each time: a kept-alive socket that the server closes after 5 s idle while a long
 * turn runs on another would otherwise reset a request now and then (a client-side race, not the bot failing).
 */
function post(url: string, body: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', agent: false, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: response.statusCode ?? 0, body: text ? JSON.parse(text) : undefined });
      });
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

function client(assistant: Assistant, connector: ConnectorStandIn) {
  return async (activity: TestActivity): Promise<{ ms: number; answer: Answer }> => {
    const t0 = performance.now();
    const answer = await post(`${assistant.url}/api/messages`, JSON.stringify({ ...activity, serviceUrl: connector.url }));
    if (answer.status !== 200) throw new Error(`turn failed with HTTP ${answer.status}`);
    return { ms: performance.now() - t0, answer };
  };
}

/** The Action.Execute with this title, anywhere in a card. */
function button(card: unknown, title: string): { verb: string; data: Record<string, unknown> } {
  let found: { verb: string; data: Record<string, unknown> } | undefined;
  JSON.stringify(card, (_key, node: { type?: string; title?: string; verb?: string; data?: Record<string, unknown> }) => {
    if (!found && node?.type === 'Action.Execute' && node.title === title) found = { verb: String(node.verb), data: node.data ?? {} };
    return node;
  });
  if (!found) throw new Error(`no "${title}" button on the card`);
  return found;
}

function firstChoice(card: unknown, id: string): string | undefined {
  let value: string | undefined;
  JSON.stringify(card, (_key, node: { id?: string; choices?: Array<{ value: string }> }) => {
    if (node?.id === id && node.choices?.[0]) value ??= node.choices[0].value;
    return node;
  });
  return value;
}

/** `workers` officers in parallel, each taking turns until `turns` each are done or `until()` says stop. */
async function turns(workers: number, perWorker: number, turn: (worker: number) => Promise<number>, until?: () => boolean): Promise<LatencySummary> {
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      for (let i = 0; until ? !until() : i < perWorker; i++) latencies.push(await turn(worker));
    }),
  );
  return summarise(latencies, performance.now() - started);
}

export async function main(): Promise<void> {
  const now = new Date();
  const embedded = await startDatabase();
  const mongo = await MongoClient.connect(embedded.uri);
  const connector = await startConnectorStandIn();
  const size = `${CASES.toLocaleString('en-GB')} cases, ${(CASES * FULL.incidentsPerCase).toLocaleString('en-GB')} incidents, ${REMINDERS.toLocaleString('en-GB')} reminders`;
  let assistant: Assistant | undefined;
  try {
    const db = mongo.db('asb');
    const loaded = await timed(() => seed(db, now));
    const projected = SCALE < 1 ? `; projected to full size ${(loaded.seconds / SCALE).toFixed(0)} s (linear)` : '';
    console.log(`Embedded server ${embedded.where}`);
    console.log(`Seeded ${size} by bulk insert in ${loaded.seconds.toFixed(1)} s (${loaded.cpuSeconds.toFixed(1)} s CPU)${projected}`);
    const teamCases = loaded.value.filter((c) => c.teamId === TEST_TENANT && c.status !== 'closed');

    assistant = await startAssistant(loadConfig({ PORT: '0', LOG_LEVEL: 'silent', MONGODB_URI: embedded.uri }), { logger: createLogger(process.env.BENCH_LOG_LEVEL ?? 'silent') });
    const send = client(assistant, connector);
    const as = (n: number) => ({ aadObjectId: officer(n) });
    // Every officer has talked to the assistant once, as in a live tenant (this stores their conversation).
    for (let n = 0; n < OFFICERS; n += TURN_WORKERS) await Promise.all(Array.from({ length: TURN_WORKERS }, (_, w) => send(messageActivity('help', as(n + w)))));

    const reference = () => pick(teamCases).reference;
    const postcode = () => pick(postcodesOf(pick(teamCases)) ?? ['M1 1AA']);
    const says = (text: () => string) => async (worker: number) => (await send(messageActivity(text(), as(worker)))).ms;
    const rows: Array<Record<string, string | number>> = [];
    const help = await turns(TURN_WORKERS, TURNS_PER_WORKER, says(() => 'help'));
    const turnRow = (what: string, s: LatencySummary) => rows.push({ measure: what, 'p50 ms': s.p50, 'p95 ms': s.p95, baseline: `help p95 ${help.p95.toFixed(1)} ms`, ratio: `${(s.p95 / help.p95).toFixed(2)}x` });
    rows.push({ measure: `help (${TURN_WORKERS} concurrent, baseline)`, 'p50 ms': help.p50, 'p95 ms': help.p95, baseline: '', ratio: '1.00x' });
    turnRow('case <ref>', await turns(TURN_WORKERS, TURNS_PER_WORKER, says(() => `case ${reference()}`)));
    turnRow('my cases', await turns(TURN_WORKERS, TURNS_PER_WORKER, says(() => 'my cases')));
    turnRow('my deadlines', await turns(TURN_WORKERS, TURNS_PER_WORKER, says(() => 'my deadlines')));
    turnRow('find <postcode>', await turns(TURN_WORKERS, TURNS_PER_WORKER, says(() => `find ${postcode()}`)));
    turnRow('new incident (Save incident)', await turns(TURN_WORKERS, TURNS_PER_WORKER / 2, async (worker) => {
      await send(messageActivity(`case ${reference()}`, as(worker)));
      const card = connector.sent().filter((a) => (a.attachments as unknown[] | undefined)?.length && JSON.stringify(a).includes('Log incident')).at(-1);
      const log = button(card, 'Log incident');
      const form = (await send(invokeAction(log.verb, log.data, as(worker)))).answer.body as { value?: unknown };
      const save = button(form.value, 'Save incident');
      const reportedBy = firstChoice(form.value, 'reportedBy');
      const typed = { incidentCategories: 'noise', incidentDescription: 'Music and shouting after midnight.', incidentDate: londonDate(new Date()), incidentTime: '00:30', ...(reportedBy ? { reportedBy } : {}) };
      return (await send(invokeAction(save.verb, { ...save.data, ...typed }, as(worker)))).ms;
    }));
    console.log(`\nOfficer turns over /api/messages at ${size}, ${TURN_WORKERS} officers at once:`);
    printTable(rows);

    // From here on the stand-in answers like Teams: 429 + Retry-After past 7/s a conversation or 50/s the tenant.
    // (Ten officers typing back to back, as above, would alone exceed the tenant's 50 replies a second.)
    connector.enforceLimits({ perConversation: teamsConversationLimits, overall: teamsTenantLimits });
    // The sweeps, each beside a same-run baseline.
    const engine = assistant.reminderEngine;
    const today = londonDate(now);
    await db.collection('reminders').updateMany({ _id: { $in: Array.from({ length: DUE_NOTICES }, (_, i) => `reminder-${i * 2}`) } } as never, { $set: { nextNoticeAt: new Date(Date.now() - 60_000) } });
    const dueRead = await timed(() => db.collection('reminders').find({ status: 'open', nextNoticeAt: { $lte: new Date() } }).toArray());
    const dispatch = await timed(() => engine.planner.sendDueNotices());
    const drain = await timed(() => engine.drained());
    const countClosed = await timed(() => db.collection('cases').countDocuments({ teamId: TEST_TENANT, status: 'closed' }));
    const retention = await timed(() => assistant!.deps.retention.review(TEST_TENANT));
    const floor = (dispatch.value / TENANT_PER_SECOND);
    console.log('\nSweeps:');
    printTable([
      { sweep: `reminder dispatch (${dispatch.value} notices queued)`, seconds: dispatch.seconds, 'cpu s': dispatch.cpuSeconds, baseline: `indexed read of the ${dueRead.value.length} due: ${dueRead.seconds.toFixed(2)} s`, ratio: `${(dispatch.seconds / dueRead.seconds).toFixed(1)}x` },
      // Sending starts with the first notice queued, so the drain is timed from the start of the dispatch sweep.
      { sweep: `outbox drain (${dispatch.value} messages, from the first queued)`, seconds: dispatch.seconds + drain.seconds, 'cpu s': dispatch.cpuSeconds + drain.cpuSeconds, baseline: `Teams' 50/s floor: ${floor.toFixed(1)} s`, ratio: `${((dispatch.seconds + drain.seconds) / floor).toFixed(2)}x` },
      { sweep: 'retention sweep (one team)', seconds: retention.seconds, 'cpu s': retention.cpuSeconds, baseline: `count of its ${countClosed.value.toLocaleString('en-GB')} closed cases: ${countClosed.seconds.toFixed(2)} s`, ratio: `${(retention.seconds / countClosed.seconds).toFixed(1)}x` },
    ]);

    // The 08:30 digest to every officer, through the planner, outbox and dispatcher, while officers open cases.
    const caseTurn = async (worker: number) => {
      const ms = await says(() => `case ${reference()}`)(worker);
      await new Promise((resolve) => setTimeout(resolve, THINK_MS));
      return ms;
    };
    // The event loop's delay says whether the fan-out blocks it (the server, the stand-in and the bot share it here).
    const loopDelay = async <T>(run: () => Promise<T>): Promise<{ value: T; delay: IntervalHistogram }> => {
      const delay = monitorEventLoopDelay({ resolution: 10 });
      delay.enable();
      const value = await run();
      delay.disable();
      return { value, delay };
    };
    // The drain above has just spent the tenant's send budget: idle replies sent inside its window would be answered
    // 429 and retried, and a baseline of throttled replies is not an idle one. The window passes first.
    await new Promise((resolve) => setTimeout(resolve, 2 * teamsTenantLimits.reduce((ms, w) => Math.max(ms, w.perMs), 0)));
    const refusedBeforeIdle = connector.failures();
    const { value: idle, delay: idleDelay } = await loopDelay(() => turns(FAN_OUT_WORKERS, TURNS_PER_WORKER / 2, caseTurn));
    const refusedWhileIdle = connector.failures() - refusedBeforeIdle;
    const sentBefore = connector.sent().length;
    let fanningOut = true;
    const fanOut = timed(async () => {
      const digests = await engine.planner.sendMorningDigests();
      await engine.drained();
      fanningOut = false;
      return digests;
    });
    const { value: during, delay: duringDelay } = await loopDelay(() => turns(FAN_OUT_WORKERS, 0, caseTurn, () => !fanningOut));
    const { value: digests, seconds: fanOutSeconds } = await fanOut;
    const delivered = connector.sent().length - sentBefore - during.count;
    const ratio = during.p95 / idle.p95;
    console.log(`\nThe 08:30 digest (${today}): ${digests.officers} officers' digests queued and ${delivered} messages delivered in ${fanOutSeconds.toFixed(1)} s (Teams' floor ${(digests.officers / TENANT_PER_SECOND).toFixed(1)} s); the stand-in answered 429 ${connector.failures()} times (${refusedWhileIdle} of them during the idle baseline)`);
    printTable([
      { measure: `case <ref>, ${FAN_OUT_WORKERS} officers (1 s between turns), idle`, turns: idle.count, 'p50 ms': idle.p50, 'p95 ms': idle.p95, 'loop delay p99 ms': idleDelay.percentile(99) / 1e6, baseline: '(baseline)', ratio: '1.00x', verdict: '' },
      { measure: `case <ref>, ${FAN_OUT_WORKERS} officers, during the fan-out`, turns: during.count, 'p50 ms': during.p50, 'p95 ms': during.p95, 'loop delay p99 ms': duringDelay.percentile(99) / 1e6, baseline: `idle p95 ${idle.p95.toFixed(1)} ms`, ratio: `${ratio.toFixed(2)}x`, verdict: verdict(ratio <= 1.5) },
    ]);
  } finally {
    await assistant?.stop();
    await connector.stop();
    await mongo.close();
    await embedded.stop();
  }
  console.log(`(machine load average over the last minute: ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores)`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await main();
  process.exit(0);
}
