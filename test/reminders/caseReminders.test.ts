/**
 * Reminders kept in step with their case, with a fake clock: agreed victim updates, recurring case reviews,
 * reassignment, a first message to an officer the bot has never talked with, and a recipient who has gone.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../src/domain/clock.js';
import { victimUpdateKey } from '../../src/reminders/caseFollowUp.js';
import { riskReminderKey } from '../../src/reminders/riskFollowUp.js';
import { TEST_TENANT } from '../support/activities.js';
import { startTestBot, type TestBot } from '../support/bot.js';
import { expectValidCard } from '../support/cards.js';
import { cardText, press, sayTo } from '../support/cardDriver.js';

// Monday 9 November 2026, 10:00.
const clock = new ManualClock('2026-11-09T10:00:00Z');
let bot: TestBot;
let caseId = '';
let caseCard: Record<string, unknown>;

beforeAll(async () => {
  bot = await startTestBot({ clock, env: { MANAGER_IDS: 'aad-manager-1' } });
  await sayTo(bot, 'help', { aadObjectId: 'aad-officer-2', userName: 'Second Officer' });
  await sayTo(bot, 'help', { aadObjectId: 'aad-manager-1', userName: 'Mina Manager' });
  caseCard = await press(bot, await sayTo(bot, 'new case'), 'Open case', {
    area: 'kingsford', ward: 'kingsford-central', categories: 'noise', address: '12 Mill Street, Kingsford', postcode: 'KF1 2AB',
    source: 'phone', victim1Name: 'Amy Hart', victim1Consent: 'true', victim1UpdateFrequency: 'weekly',
    incidentDate: '2026-11-08', incidentTime: '22:00', incidentDescription: 'Loud music through the wall until 3am.',
  });
  caseId = String((JSON.stringify(caseCard).match(/"caseId":"([^"]+)"/) ?? [])[1]);
});
afterAll(async () => bot.stop());

const reminders = () => bot.assistant.deps.reminders;
const victimId = async () => String(((await bot.assistant.deps.db.collection('cases').findOne({ _id: caseId as never }))?.victims as Array<{ id: string }>)[0]!.id);

describe('reminders follow their case', () => {
  it('chases the update agreed with the victim: weekly from the day the case opened', async () => {
    const update = await reminders().get(victimUpdateKey(caseId, await victimId()));
    expect(update).toMatchObject({ kind: 'victim-update', dueDate: '2026-11-16', status: 'open', recipient: { aadObjectId: 'aad-officer-1', tenantId: TEST_TENANT } });
    expect(update?.label).toBe('Update Amy Hart (agreed weekly)');
  });

  it('Done on a victim update sets the next one a week on', async () => {
    clock.set('2026-11-16T08:30:00Z');
    await bot.assistant.deps.planner.sendDueNotices();
    await bot.assistant.reminderEngine.drained();
    const card = bot.connector.sent('a:personal-aad-officer-1').map((a) => (a.attachments as Array<{ content: unknown }>)?.[0]?.content).filter(Boolean).pop();
    expect(cardText(card)).toContain('Update Amy Hart');
    const answered = await press(bot, card, 'Done');
    expect(cardText(answered)).toContain('Done. The next one is due Monday 23 November 2026');
    expect(await reminders().get(victimUpdateKey(caseId, await victimId()))).toMatchObject({ status: 'open', dueDate: '2026-11-23' });
  });

  it('reassigning the case moves its open reminders to the new officer', async () => {
    const assigned = await press(bot, await press(bot, caseCard, 'Assign to…'), 'Assign', { assignTo: 'aad-officer-2' });
    expect(cardText(assigned)).toContain('Case assigned to Second Officer.');
    const open = await reminders().collection.find({ caseId, status: 'open' }).toArray();
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((r) => r.recipient.aadObjectId === 'aad-officer-2')).toBe(true);
  });

  it('Done on a case review sets the next review at the case’s risk level', async () => {
    const key = riskReminderKey(caseId, 'case-review');
    await reminders().schedule({ key, kind: 'case-review', label: 'Review the high-risk case', dueDate: '2026-11-16', recipient: { tenantId: TEST_TENANT, aadObjectId: 'aad-officer-2' }, caseId });
    await bot.assistant.deps.db.collection('cases').updateOne({ _id: caseId as never }, { $set: { riskLevel: 'high' } });
    const reply = await bot.send((await import('../support/activities.js')).invokeAction('reminder.done', { reminderKey: key }, { aadObjectId: 'aad-officer-2', userName: 'Second Officer' }));
    expect(JSON.stringify(reply.body)).toContain('The next one is due');
    // High risk: every 14 days from today (16 November), brought back to a working day: Monday 30 November.
    expect(await reminders().get(key)).toMatchObject({ status: 'open', dueDate: '2026-11-30' });
  });

  it('reaches an officer the bot has never talked with by opening a personal chat from their Entra ID', async () => {
    bot.connector.clear();
    await reminders().schedule({ key: 'first-contact', kind: 'case-review', label: 'Review the case', dueDate: '2026-11-16', recipient: { tenantId: TEST_TENANT, aadObjectId: 'aad-new-officer' }, caseId });
    await bot.assistant.deps.planner.sendDueNotices();
    await bot.assistant.reminderEngine.drained();
    const created = bot.connector.calls.find((c) => c.method === 'POST' && c.path === '/v3/conversations');
    expect(created?.body).toMatchObject({ isGroup: false, members: [{ id: 'aad-new-officer' }], tenantId: TEST_TENANT });
    const sent = bot.connector.calls.find((c) => c.method === 'POST' && c.conversationId?.startsWith('created-'));
    expect(cardText((sent?.body?.attachments as Array<{ content: unknown }>)[0]!.content)).toContain('Review the case');
    expect(await bot.assistant.deps.references.findUserReference('aad-new-officer', TEST_TENANT)).not.toBeNull();
  });

  it('when Teams says the officer is gone (403), their chat is marked inactive and the managers are told', async () => {
    bot.connector.clear();
    bot.connector.failNext(1, 403);
    await bot.assistant.deps.outbox.enqueue({ key: 'to-a-leaver', to: { kind: 'user', tenantId: TEST_TENANT, aadObjectId: 'aad-officer-2' }, text: 'A reminder' });
    await bot.assistant.reminderEngine.drained();
    expect(await bot.assistant.deps.db.collection('outbox').findOne({ _id: 'to-a-leaver' as never })).toMatchObject({ state: 'failed', lastError: 'http-403' });
    expect(await bot.assistant.deps.references.findUserReference('aad-officer-2', TEST_TENANT)).toBeNull();
    const toManager = bot.connector.sent('a:personal-aad-manager-1').map((a) => cardText(expectValidCard((a.attachments as Array<{ content: unknown }>)[0]!.content))).join('\n');
    expect(toManager).toContain('Second Officer can no longer be reached');
  });

  it('closing the case stops every reminder on it', async () => {
    const closed = await bot.assistant.deps.caseFile.changeStatus(caseId, undefined, 'closed', { closure: { reason: 'asb-ceased', victimInformed: true } }, { id: 'aad-manager-1', name: 'Mina Manager', tenantId: TEST_TENANT, teamId: TEST_TENANT, roles: ['officer', 'manager'] });
    expect(closed.ok).toBe(true);
    expect(await reminders().collection.countDocuments({ caseId, status: 'open' })).toBe(0);
  });
});

describe('a reminder Teams keeps refusing', () => {
  it('is retried with backoff, marked failed after the last attempt, and shows in the managers’ digest', async () => {
    clock.set('2026-11-20T08:00:00Z'); // Friday
    bot.connector.clear();
    bot.connector.failNext(6, 502);
    await bot.assistant.deps.outbox.enqueue({ key: 'keeps-failing', to: { kind: 'user', tenantId: TEST_TENANT, aadObjectId: 'aad-officer-1' }, text: 'A reminder' });
    await bot.assistant.reminderEngine.drained();
    const outbox = bot.assistant.deps.db.collection('outbox');
    for (let attempt = 2; attempt <= 6; attempt++) {
      expect(await outbox.findOne({ _id: 'keeps-failing' as never })).toMatchObject({ state: 'pending', attempts: attempt - 1, lastError: 'http-502' });
      clock.advance(2 * 60_000); // past the longest backoff so far
      await bot.assistant.reminderEngine.drained();
    }
    expect(await outbox.findOne({ _id: 'keeps-failing' as never })).toMatchObject({ state: 'failed', attempts: 6 });
    expect(bot.connector.sent('a:personal-aad-officer-1')).toHaveLength(0);

    clock.set('2026-11-20T08:30:00Z');
    await bot.assistant.deps.planner.sendMorningDigests();
    await bot.assistant.reminderEngine.drained();
    const digest = bot.connector.sent('a:personal-aad-manager-1').map((a) => cardText(expectValidCard((a.attachments as Array<{ content: unknown }>)[0]!.content))).join('\n');
    expect(digest).toContain('Reminders not delivered (1)');
    expect(digest).toContain('Test Officer: Teams did not accept the message after several tries');
  });
});
