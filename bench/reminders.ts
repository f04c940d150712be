/**
 * Reminders at scale (issue 5): 10k reminders due now for 500 officers go through the real planner, outbox and
 * dispatcher to a connector stand-in that enforces Teams' limits (429 + Retry-After when exceeded). Then the
 * due-reminder query among the reminders of 100k cases.
 * Targets: 100% delivered, 0 duplicates, ≥ 90% of the per-tenant rate (50/s), due-reminder query ≤ 1 s.
 * Run with `npm run bench -- reminders` (BENCH_REMINDERS=2000 for a quick look).
 */
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../src/config.js';
import { ConversationReferences } from '../src/db/conversationReferences.js';
import { connectDatabase } from '../src/db/connect.js';
import { londonDate } from '../src/domain/calendar/localDate.js';
import { createWorkingCalendar } from '../src/domain/calendar/createWorkingCalendar.js';
import type { Clock } from '../src/domain/clock.js';
import { teamsConversationLimits, teamsTenantLimits } from '../src/domain/reminders/rateLimits.js';
import { createLogger } from '../src/log.js';
import { createReminderEngine } from '../src/reminders/engine.js';
import { noEscalations } from '../src/reminders/ports.js';
import { createProactiveAdapter } from '../src/reminders/proactiveAdapter.js';
import { ReminderStore } from '../src/db/reminders.js';
import { startConnectorStandIn } from '../test/support/connector.js';
import { mb, printTable, summarise, verdict } from './stats.js';

const REMINDERS = Number(process.env.BENCH_REMINDERS ?? 10_000);
const OFFICERS = 500;
const TENANT = 'bench-tenant';
const CASES_FOR_QUERY = 100_000;
const DUE_AMONG_THEM = 500;
const TENANT_RATE_PER_SECOND = 50;

/** Real time, moved to a working morning (Tuesday 10 November 2026, 09:00) so every reminder is due. */
function shiftedClock(): Clock {
  const offset = new Date('2026-11-10T09:00:00Z').getTime() - Date.now();
  return { now: () => new Date(Date.now() + offset) };
}

async function delivery(): Promise<Array<Record<string, string | number>>> {
  const logger = createLogger('silent');
  const clock = shiftedClock();
  const calendar = createWorkingCalendar('england-and-wales');
  const database = await connectDatabase({ dataDir: 'memory' }, logger);
  const connector = await startConnectorStandIn();
  connector.enforceLimits({ perConversation: teamsConversationLimits, overall: teamsTenantLimits });
  try {
    const references = new ConversationReferences(database.db);
    const engine = createReminderEngine({ db: database.db, clock, calendar, references, logger, escalations: noEscalations });
    for (const store of [references, engine.reminders, engine.outbox]) await store.ensureIndexes();
    const today = londonDate(clock.now());
    for (let o = 0; o < OFFICERS; o++) {
      const conversationId = `a:personal-officer-${o}`;
      await references.recordSeen(
        {
          tenantId: TENANT, conversationId, conversationType: 'personal', user: { aadObjectId: `officer-${o}`, name: 'Officer' },
          reference: { channelId: 'msteams', serviceUrl: connector.url, conversation: { id: conversationId, conversationType: 'personal', tenantId: TENANT }, bot: { id: '28:bench' } },
        },
        clock.now(),
      );
    }
    for (let i = 0; i < REMINDERS; i += 100) {
      await Promise.all(
        Array.from({ length: Math.min(100, REMINDERS - i) }, (_, j) =>
          engine.reminders.schedule({
            key: `bench:${i + j}`, kind: 'first-visit', label: `Visit the victim on case ${i + j}`, dueDate: today,
            recipient: { tenantId: TENANT, aadObjectId: `officer-${(i + j) % OFFICERS}` }, caseId: `case-${i + j}`, caseReference: `ASB-2026-${String(i + j).padStart(5, '0')}`,
          }),
        ),
      );
    }

    const started = Date.now();
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 250);
    // As in the app: the dispatcher is running when the minute job queues the notices, and starts on each one.
    engine.startDelivery(createProactiveAdapter(loadConfig({})), '');
    const queued = await engine.planner.sendDueNotices();
    const plannedMs = Date.now() - started;
    await engine.drained();
    const wallMs = Date.now() - started;
    clearInterval(sampler);
    await engine.stop();

    const delivered = connector.sent().map((a) => JSON.stringify(a.attachments));
    const unique = new Set(delivered).size;
    const rate = (delivered.length / wallMs) * 1000;
    const ratePercent = (rate / TENANT_RATE_PER_SECOND) * 100;
    console.log(`${REMINDERS.toLocaleString('en-GB')} reminders for ${OFFICERS} officers: all queued after ${(plannedMs / 1000).toFixed(1)} s, all delivered after ${(wallMs / 1000).toFixed(1)} s; the stand-in answered 429 ${connector.failures()} times; peak RSS ${mb(peakRss).toFixed(0)} MB`);
    return [
      { measure: 'delivered', value: `${unique} / ${queued} (${((unique / REMINDERS) * 100).toFixed(1)}%)`, target: '100%', result: verdict(unique === REMINDERS) },
      { measure: 'duplicates', value: String(delivered.length - unique), target: '0', result: verdict(delivered.length === unique) },
      { measure: 'wall time', value: `${(wallMs / 1000).toFixed(1)} s`, target: '', result: '(information)' },
      { measure: 'achieved rate', value: `${rate.toFixed(1)}/s = ${ratePercent.toFixed(0)}% of ${TENANT_RATE_PER_SECOND}/s`, target: '≥ 90%', result: verdict(ratePercent >= 90) },
    ];
  } finally {
    await connector.stop();
    await database.close();
  }
}

async function dueQuery(): Promise<Array<Record<string, string | number>>> {
  const logger = createLogger('silent');
  const clock = shiftedClock();
  const calendar = createWorkingCalendar('england-and-wales');
  const database = await connectDatabase({ dataDir: 'memory' }, logger);
  try {
    const store = new ReminderStore(database.db, clock, () => undefined);
    await store.ensureIndexes();
    const now = clock.now();
    const today = londonDate(now);
    const loadStarted = Date.now();
    // Two reminders per case (a visit and a review), nearly all with their next notice in the weeks ahead.
    for (let i = 0; i < CASES_FOR_QUERY * 2; i += 2000) {
      await store.collection.insertMany(
        Array.from({ length: 2000 }, (_, j) => {
          const n = i + j;
          const due = n % ((CASES_FOR_QUERY * 2) / DUE_AMONG_THEM) === 0;
          const dueDate = due ? today : calendar.addWorkingDays(today, 1 + (n % 40));
          return {
            _id: `reminder-${n}`, kind: n % 2 ? 'case-review' : 'first-visit', label: 'Bench reminder', dueDate,
            recipient: { tenantId: TENANT, aadObjectId: `officer-${n % OFFICERS}` }, caseId: `case-${Math.floor(n / 2)}`,
            status: 'open', noticesQueued: [], nextNoticeAt: new Date(now.getTime() + (due ? -60_000 : (1 + (n % 40)) * 86_400_000)),
            createdAt: now, updatedAt: now,
          } as never;
        }),
      );
    }
    console.log(`Loaded ${(CASES_FOR_QUERY * 2).toLocaleString('en-GB')} reminders for ${CASES_FOR_QUERY.toLocaleString('en-GB')} cases in ${((Date.now() - loadStarted) / 1000).toFixed(1)} s`);
    const times: number[] = [];
    let found = 0;
    const started = Date.now();
    for (let run = 0; run < 20; run++) {
      const t = performance.now();
      found = (await store.dueForNotice(now, 1000)).length;
      times.push(performance.now() - t);
    }
    const s = summarise(times, Date.now() - started);
    return [{ measure: `due-reminder query (${found} due of ${(CASES_FOR_QUERY * 2).toLocaleString('en-GB')})`, value: `p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms`, target: '≤ 1 s', result: verdict(s.p95 <= 1000) }];
  } finally {
    await database.close();
  }
}

export async function main(): Promise<void> {
  const rows = [...(await delivery()), ...(await dueQuery())];
  printTable(rows);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await main();
  process.exit(0);
}
