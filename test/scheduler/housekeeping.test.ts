import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConversationReferences } from '../../src/db/conversationReferences.js';
import { ManualClock } from '../../src/domain/clock.js';
import { createLogger } from '../../src/log.js';
import { MARK_STALE_CONVERSATIONS, markStaleConversationsJob } from '../../src/scheduler/housekeeping.js';
import { startScheduler, type Scheduler } from '../../src/scheduler/scheduler.js';
import { connectTarget, type TestTarget } from '../db/target.js';

let target: TestTarget;
let scheduler: Scheduler;
const clock = new ManualClock('2026-11-23T09:00:00Z');

beforeAll(async () => {
  target = await connectTarget();
});
afterAll(async () => {
  await scheduler?.stop();
  await target.stop();
});

const seen = (id: string) => ({
  tenantId: 't1',
  conversationId: id,
  conversationType: 'groupChat' as const,
  reference: { channelId: 'msteams', serviceUrl: 'https://smba.example/', conversation: { id }, bot: { id: 'bot' } },
});

describe('housekeeping job', () => {
  it('runs through agenda and flags references not seen for 90 days as stale', async () => {
    const references = new ConversationReferences(target.db);
    await references.recordSeen(seen('old'), new Date('2026-07-01T09:00:00Z'));
    await references.recordSeen(seen('recent'), new Date('2026-11-01T09:00:00Z'));
    scheduler = await startScheduler(target.db, [markStaleConversationsJob(references, clock)], { processEveryMs: 100 }, createLogger('silent'));

    // The recurring job is stored, and runs at once on a fresh database.
    const jobs = target.db.collection('agendaJobs');
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && !(await jobs.findOne({ name: MARK_STALE_CONVERSATIONS, lastFinishedAt: { $ne: null } }))) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const job = await jobs.findOne({ name: MARK_STALE_CONVERSATIONS });
    expect(job).toMatchObject({ repeatInterval: '1 day' });
    const refs = target.db.collection('conversationReferences');
    expect(await refs.findOne({ conversationId: 'old' })).toMatchObject({ stale: true });
    expect(await refs.findOne({ conversationId: 'recent' })).toMatchObject({ stale: false });
  });
});
