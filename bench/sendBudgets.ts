/**
 * Send budgets shared in MongoDB (issue 12 §5): what booking a send slot costs each proactive message, beside a
 * plain findOne round trip on the same server in the same run, and the send rate two instances reach together on
 * one tenant when each of their workers books a slot and waits for it, as the dispatcher does (Teams allows 50/s).
 * Run with `npm run bench -- send-budgets`.
 */
import { MongoClient } from 'mongodb';
import { startEmbeddedMongo } from '../src/db/embedded/index.js';
import { SendBudgets } from '../src/db/sendBudgets.js';
import { sendBudgetLimits } from '../src/reminders/dispatcher.js';
import { printTable, summarise, verdict } from './stats.js';

const RUNS = 400;
const CONTENDED = 500;
const TENANT_RATE_PER_SECOND = 50;

export async function main(): Promise<void> {
  const server = await startEmbeddedMongo();
  const clients = await Promise.all([0, 1].map(() => new MongoClient(server.uri).connect()));
  try {
    const [first, second] = clients.map((c) => new SendBudgets(c.db('bench'), sendBudgetLimits)) as [SendBudgets, SendBudgets];
    const probe = clients[0]!.db('bench').collection('probe');
    await probe.insertOne({ _id: 'p' as never });
    await first.book('warm-up', 'warm-up', Date.now, Infinity);

    const roundTrips: number[] = [];
    const roundTripsStarted = Date.now();
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      await probe.findOne({ _id: 'p' as never });
      roundTrips.push(performance.now() - t);
    }
    const baseline = summarise(roundTrips, Date.now() - roundTripsStarted);

    // One instance, a new conversation and tenant each time, so the figure is the booking alone (3 round trips).
    const bookings: number[] = [];
    const bookingsStarted = Date.now();
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      await first.book(`conv-${i}`, `tenant-${i}`, Date.now, Infinity);
      bookings.push(performance.now() - t);
    }
    const booking = summarise(bookings, Date.now() - bookingsStarted);

    // Two instances with the dispatcher's 8 workers each, one tenant, 50 conversations; each worker waits for its slot.
    const contendedStarted = Date.now();
    let next = 0;
    let lastSlot = 0;
    const worker = async (via: SendBudgets) => {
      for (let n = next++; n < CONTENDED; n = next++) {
        const booked = await via.book(`conv-${n % 50}`, 'tenant-contended', Date.now, Infinity);
        const at = booked.kind === 'slot' ? booked.at : booked.until;
        lastSlot = Math.max(lastSlot, at);
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));
      }
    };
    await Promise.all([...Array.from({ length: 8 }, () => worker(first)), ...Array.from({ length: 8 }, () => worker(second))]);
    const perSecond = (CONTENDED / (Math.max(lastSlot, Date.now()) - contendedStarted)) * 1000;

    printTable([
      { measure: 'findOne round trip (baseline)', value: `p50 ${baseline.p50.toFixed(2)} ms, p95 ${baseline.p95.toFixed(2)} ms`, target: '', result: '(baseline)' },
      {
        measure: 'booking a send slot',
        value: `p50 ${booking.p50.toFixed(2)} ms, p95 ${booking.p95.toFixed(2)} ms (${(booking.p50 / baseline.p50).toFixed(1)}× a round trip)`,
        target: '≤ 4 round trips',
        result: verdict(booking.p50 <= baseline.p50 * 4),
      },
      {
        measure: `send rate, 2 instances × 8 workers, one tenant (${CONTENDED} slots)`,
        value: `${perSecond.toFixed(1)}/s = ${((perSecond / TENANT_RATE_PER_SECOND) * 100).toFixed(0)}% of ${TENANT_RATE_PER_SECOND}/s`,
        target: '≥ 90%',
        result: verdict(perSecond >= 0.9 * TENANT_RATE_PER_SECOND),
      },
    ]);
  } finally {
    for (const client of clients) await client.close();
    await server.stop();
  }
}
