/** The tamper-evident audit trail: real entries in the embedded store, `audit check` over /api/messages. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Collection, Document } from 'mongodb';
import { AuditLog } from '../../src/db/audit.js';
import { GOVERN_REFUSED } from '../../src/domain/governance/governors.js';
import { ManualClock } from '../../src/domain/clock.js';
import { canonicalEncoding } from '../../src/domain/governance/auditChain.js';
import { checkAuditChains, postAuditHeads } from '../../src/scheduler/auditChecks.js';
import { messageActivity } from '../support/activities.js';
import { startTestBot, type TestBot } from '../support/bot.js';
import { cardText, sayTo } from '../support/cardDriver.js';

const MANAGER = 'aad-manager-1';
const clock = new ManualClock('2026-11-23T10:00:00Z');
let bot: TestBot;
let audit: Collection<Document>;

beforeAll(async () => {
  bot = await startTestBot({ clock, env: { ADMIN_IDS: MANAGER, LOG_LEVEL: process.env.DEBUG_LOG ?? 'silent' } });
  audit = bot.assistant.deps.db.collection('audit');
});
afterAll(async () => bot.stop());

/** A team of its own for each test, with `count` entries written through the product's audit log. */
async function teamWithEntries(teamId: string, count: number): Promise<void> {
  for (let i = 1; i <= count; i++) {
    clock.advance(1000);
    await bot.assistant.deps.audit.record({
      at: clock.now(), actorId: 'aad-officer-1', actorName: 'Test Officer', action: 'update', entity: 'case', entityId: `case-${i}`, caseReference: 'ASB-2026-0001', changedFields: ['status'], teamId,
    });
  }
}

const check = async (tenantId: string) => cardText(await sayTo(bot, 'audit check', { tenantId, aadObjectId: MANAGER }));

describe('the audit chain', () => {
  it('encodes entries canonically, whatever the key order', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    expect(canonicalEncoding({ b: 1, a: { d: at, c: [1, 'x'] }, skip: undefined })).toBe(canonicalEncoding({ a: { c: [1, 'x'], d: at }, b: 1 }));
  });

  it('reports an intact chain to a manager, with its head', async () => {
    await teamWithEntries('team-intact', 5);
    const head = await bot.assistant.deps.audit.head('team-intact');
    const shown = await check('team-intact');
    expect(shown).toMatch(/The audit trail is intact: 5 entries, head #5/);
    expect(shown).toContain(head!.hash);
  });

  it('refuses an officer who is not a manager or admin', async () => {
    const admin = await bot.assistant.deps.roster.resolve('team-intact', MANAGER, 'Mo Manager');
    expect(await bot.assistant.deps.roster.putMember(admin, { id: 'aad-officer-1', name: 'Test Officer', roles: ['officer'] })).toEqual({ ok: true });
    await bot.send(messageActivity('audit check', { tenantId: 'team-intact', aadObjectId: 'aad-officer-1' }));
    const sent = bot.connector.sent();
    expect(sent[sent.length - 1]?.text).toBe(GOVERN_REFUSED);
  });

  it('finds an entry altered directly in the database', async () => {
    await teamWithEntries('team-altered', 6);
    await audit.updateOne({ teamId: 'team-altered', seq: 4 }, { $set: { changedFields: ['victims.0.name'] } });
    expect(await check('team-altered')).toContain('entry #4 has been altered');
  });

  it('finds an entry deleted from the middle, and one deleted from the end', async () => {
    await teamWithEntries('team-deleted', 6);
    await audit.deleteOne({ teamId: 'team-deleted', seq: 3 });
    expect(await check('team-deleted')).toContain('entry #3 is missing');

    await teamWithEntries('team-truncated', 4);
    await audit.deleteOne({ teamId: 'team-truncated', seq: 4 });
    expect(await check('team-truncated')).toContain('entry #4 is missing');
  });

  it('finds two entries swapped, and an entry removed with the rest renumbered', async () => {
    await teamWithEntries('team-swapped', 6);
    await audit.updateOne({ teamId: 'team-swapped', seq: 2 }, { $set: { seq: -1 } });
    await audit.updateOne({ teamId: 'team-swapped', seq: 3 }, { $set: { seq: 2 } });
    await audit.updateOne({ teamId: 'team-swapped', seq: -1 }, { $set: { seq: 3 } });
    expect(await check('team-swapped')).toContain('entry #2 is out of order');

    await teamWithEntries('team-renumbered', 5);
    await audit.deleteOne({ teamId: 'team-renumbered', seq: 2 });
    for (const seq of [3, 4, 5]) await audit.updateOne({ teamId: 'team-renumbered', seq }, { $set: { seq: seq - 1 } });
    await bot.assistant.deps.db.collection('auditHeads').updateOne({ _id: 'team-renumbered' as never }, { $inc: { seq: -1 } });
    expect(await check('team-renumbered')).toContain('entry #2 is out of order');
  });

  it('keeps one unbroken chain when many officers write at once', async () => {
    const at = clock.now();
    await Promise.all(Array.from({ length: 40 }, (_, i) =>
      bot.assistant.deps.audit.record({ at, actorId: `aad-officer-${i}`, action: 'view', entity: 'case', entityId: `case-${i}`, changedFields: [], teamId: 'team-busy' })));
    const report = await bot.assistant.deps.audit.verify('team-busy');
    expect(report).toMatchObject({ ok: true, entries: 40, headSeq: 40 });

    // Two app instances: their appends race for sequence numbers through the unique index.
    const instances = [new AuditLog(bot.assistant.deps.db), new AuditLog(bot.assistant.deps.db)];
    await Promise.all(Array.from({ length: 30 }, (_, i) =>
      instances[i % 2]!.record({ at, actorId: `aad-officer-${i}`, action: 'view', entity: 'case', entityId: `case-${i}`, changedFields: [], teamId: 'team-two-instances' })));
    expect(await bot.assistant.deps.audit.verify('team-two-instances')).toMatchObject({ ok: true, entries: 30, headSeq: 30 });
  });

  it('appends entries queued together as one run of links, a keyed step at most once, after a clash with another instance', async () => {
    const at = clock.now();
    const entry = (i: number) => ({ at, actorId: `aad-officer-${i}`, action: 'view' as const, entity: 'case' as const, entityId: `case-${i}`, changedFields: [], teamId: 'team-batched' });
    const other = new AuditLog(bot.assistant.deps.db);
    // The other instance moves the chain on first, so this process's queued batch clashes part-way.
    await other.record(entry(100));
    await bot.assistant.deps.audit.record(entry(101));
    await other.record(entry(102));
    await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => bot.assistant.deps.audit.record(entry(i))),
      ...Array.from({ length: 5 }, () => bot.assistant.deps.audit.record(entry(50), 'resumed-step-1')),
      ...Array.from({ length: 10 }, (_, i) => other.record(entry(200 + i))),
    ]);
    expect(await bot.assistant.deps.audit.verify('team-batched')).toMatchObject({ ok: true, entries: 3 + 20 + 1 + 10, headSeq: 34 });
    expect(await audit.countDocuments({ _id: 'resumed-step-1' } as Document)).toBe(1);
  });

  it('moves the head after the reply: an append is one insert, and another instance still chains on after it', async () => {
    const at = clock.now();
    const entry = (i: number) => ({ at, actorId: `aad-officer-${i}`, action: 'view' as const, entity: 'case' as const, entityId: `case-${i}`, changedFields: [], teamId: 'team-head-later' });
    let turnsSettle!: () => void;
    const settled = new Promise<void>((resolve) => (turnsSettle = resolve));
    const busy = new AuditLog(bot.assistant.deps.db, () => settled);
    const heads = bot.assistant.deps.db.collection('auditHeads');
    await busy.record(entry(1));
    await busy.record(entry(2));
    expect(await audit.countDocuments({ teamId: 'team-head-later' })).toBe(2);
    expect(await heads.findOne({ _id: 'team-head-later' } as Document)).toBeNull();

    // Another instance reads no head yet: it clashes with the entries written and chains on after them.
    await new AuditLog(bot.assistant.deps.db).record(entry(3));
    turnsSettle();
    await busy.flush();
    expect(await heads.findOne({ _id: 'team-head-later' } as Document)).toMatchObject({ seq: 3 });
    expect(await busy.verify('team-head-later')).toMatchObject({ ok: true, entries: 3, headSeq: 3 });
  });

  it('the nightly check tells the managers of a broken chain, and the weekly post gives them the head', async () => {
    const deps = { audit: bot.assistant.deps.audit, outbox: bot.assistant.deps.outbox, clock, logger: bot.assistant.deps.logger, escalations: { managersOf: async (teamId: string) => [{ tenantId: teamId, aadObjectId: MANAGER }] }, timeZone: 'Europe/London' };
    expect(await checkAuditChains(deps)).toBeGreaterThanOrEqual(4);
    const outbox = bot.assistant.deps.db.collection('outbox');
    const breakNotice = await outbox.findOne({ _id: { $regex: '^audit-break:team-altered:4:' } as never });
    expect(breakNotice).toMatchObject({ to: { kind: 'user', tenantId: 'team-altered', aadObjectId: MANAGER } });
    expect(String(breakNotice!.text)).toContain('entry #4 has been altered');
    expect(await outbox.findOne({ _id: { $regex: '^audit-break:team-intact' } as never })).toBeNull();

    await postAuditHeads(deps);
    const head = await bot.assistant.deps.audit.head('team-intact');
    const posted = await outbox.findOne({ _id: `audit-head:team-intact:${head!.seq}:${MANAGER}` as never });
    expect(String(posted!.text)).toContain(head!.hash);
  });
});
