/**
 * The retention schedule end to end: cases opened and closed through Teams, a faked clock moved past their
 * retention, the managers' review card from the outbox clicked as Teams would, and destruction checked by
 * scanning every collection of the real database.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import PizZip from 'pizzip';
import { MeetingRepository } from '../../src/db/meetings.js';
import { TargetGroupRepository } from '../../src/db/targetGroups.js';
import { CaseDestruction, DESTROY_CASE } from '../../src/db/caseDestruction.js';
import { IntentStore } from '../../src/db/intents.js';
import { ActionInterrupted, Intents } from '../../src/services/intents.js';
import { FailOnce } from '../support/faults.js';
import { ManualClock } from '../../src/domain/clock.js';
import { addNote, buildAgenda, createMeeting, startMeeting, type AgendaCaseSummary } from '../../src/domain/meetings/index.js';
import { messageActivity, TEST_TENANT } from '../support/activities.js';
import { startTestBot, type TestBot } from '../support/bot.js';
import { cardText, errorsOn, press, sayTo } from '../support/cardDriver.js';
import { expectValidCard } from '../support/cards.js';
import { group } from '../domain/meetings/fixtures.js';

const MANAGER = 'aad-manager-1';
const clock = new ManualClock('2020-11-02T10:00:00Z');
let bot: TestBot;

beforeAll(async () => {
  // The roster applies (ADMIN_IDS): the manager is the team's first admin, and adds an officer who is not.
  bot = await startTestBot({ clock, env: { ADMIN_IDS: MANAGER } });
  const admin = await bot.assistant.deps.roster.resolve(TEST_TENANT, MANAGER, 'Maya Manager');
  await bot.assistant.deps.roster.putMember(admin, { id: 'aad-officer-1', name: 'Test Officer', roles: ['officer'] });
});
afterAll(async () => bot.stop());

const asManager = { aadObjectId: MANAGER, userName: 'Maya Manager' };

async function openAndClose(victim: string, address: string, description: string): Promise<{ reference: string; id: string }> {
  const form = await sayTo(bot, 'new case');
  const opened = await press(bot, form, 'Open case', {
    area: 'kingsford', ward: 'kingsford-central', categories: 'noise', address, postcode: 'kf1 2ab', source: 'phone',
    victim1Name: victim, victim1Consent: 'true', perpetrator1Name: `Perp of ${victim}`, incidentDate: '2020-10-30', incidentTime: '22:30', incidentDescription: description,
  });
  const reference = /ASB-\d{4}-\d{4}/.exec(cardText(opened))![0];
  const noted = await press(bot, await press(bot, opened, 'Add note'), 'Save note', { noteText: `Spoke to ${victim} at ${address}.` });
  expect(cardText(noted)).toContain(reference);
  const closeForm = await press(bot, await sayTo(bot, `case ${reference}`), 'Close');
  await press(bot, closeForm, 'Close case', { closureReason: 'asb-ceased', victimInformed: 'true' });
  const stored = await bot.assistant.deps.db.collection('cases').findOne({ reference });
  return { reference, id: String(stored!._id) };
}

function summary(c: { reference: string; id: string }, victim: string): AgendaCaseSummary {
  return { caseId: c.id, reference: c.reference, area: 'Kingsford', riskLevel: 'medium', summary: `Noise reported by ${victim}.`, people: [{ role: 'victim', name: victim }] };
}

/** Every document in every collection whose JSON contains the text (case-insensitive), as "collection:id". */
async function findEverywhere(needle: string): Promise<string[]> {
  const db = bot.assistant.deps.db;
  const hits: string[] = [];
  for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
    for (const doc of await db.collection(name).find({}).toArray()) {
      if (JSON.stringify(doc).toLowerCase().includes(needle.toLowerCase())) hits.push(`${name}:${String(doc.action ?? doc._id)}`);
    }
  }
  return hits;
}

describe('retention and destruction', () => {
  let destroyed: { reference: string; id: string };
  let held: { reference: string; id: string };
  let extended: { reference: string; id: string };
  let reopened: { reference: string; id: string };
  let review: Record<string, unknown>;
  const meetingId = 'm-retention';

  it('keeps closed cases, and a meeting that covered two of them', async () => {
    destroyed = await openAndClose('Alice Destroyme', '12 Mill Lane, Kingsford', 'Loud music; Alice Destroyme was threatened at the door.');
    held = await openAndClose('Bella Heldcase', '3 Quay Street, Kingsford', 'Shouting in the street.');
    extended = await openAndClose('Cara Extendme', '9 Park Road, Kingsford', 'Graffiti on the fence.');
    reopened = await openAndClose('Dora Reopened', '1 High Street, Kingsford', 'Noise at night.');

    let meeting = createMeeting({
      id: meetingId, group, date: '2020-11-12',
      agenda: buildAgenda({
        meetingDate: '2020-11-12', lastMeetingDate: null, nextMeetingDate: '2020-12-10', openActions: [], newHighRiskCases: [], caseReviewThresholdCases: [], monitoringEndingBeforeNextMeeting: [],
        nominations: [
          { case: summary(destroyed, 'Alice Destroyme'), reason: 'Repeat victim', nominatedBy: { name: 'PC Alan Moss' } },
          { case: summary(held, 'Bella Heldcase'), reason: 'Escalating', nominatedBy: { name: 'PC Alan Moss' } },
        ],
        areaFigures: { newCases: 2, incidentsByCategory: {}, warningsByStage: {} },
      }),
    });
    const started = startMeeting(meeting, '2020-11-12T10:00:00.000Z');
    if (!started.ok) throw new Error(JSON.stringify(started));
    meeting = started.meeting;
    const note = (itemId: string, text: string) => {
      const added = addNote(meeting, itemId, text, { by: 'Tom Reed', at: '2020-11-12T10:05:00.000Z' }, meeting.items[itemId]?.version ?? 0);
      if (!added.ok) throw new Error(JSON.stringify(added));
      meeting = added.meeting;
    };
    note(`case:${destroyed.id}`, 'Alice Destroyme says the threats continue.');
    note(`case:${held.id}`, 'Bella Heldcase has moved in with family.');
    note('any-other-business', `Police to link ${destroyed.reference} with ${held.reference}; Alice Destroyme to be told.`);
    await new TargetGroupRepository(bot.assistant.deps.db).insert({ ...group, tenantId: TEST_TENANT, version: 1 });
    await new MeetingRepository(bot.assistant.deps.db).insert({ meeting, tenantId: TEST_TENANT, conversationId: group.channel.conversationId, version: 1 });

    // Reopened: its clock restarts at the next closure.
    const reopenForm = await press(bot, await sayTo(bot, `case ${reopened.reference}`), 'Reopen');
    await press(bot, reopenForm, 'Reopen case', { reopenReason: 'It started again.' });
    expect(await findEverywhere('Alice Destroyme')).not.toEqual([]);
  }, 180_000); // about 25 turns through /api/messages

  it('lets an admin see and change the team retention period', async () => {
    const period = await sayTo(bot, 'retention', asManager);
    expect(cardText(period)).toContain('kept for **6 years**');
    const saved = await press(bot, period, 'Save', { retentionYears: '5' }, asManager);
    expect(cardText(saved)).toContain('Saved: closed cases are kept for 5 years.');
    await bot.send(messageActivity('retention', { aadObjectId: 'aad-officer-1' }));
    expect(String(bot.connector.sent().at(-1)?.text)).toContain("only the team's managers and admins");
  });

  it('puts the cases whose retention ends within 30 days to the managers, in one review card', async () => {
    clock.set('2025-10-15T09:00:00Z');
    expect(await bot.assistant.deps.retention.sendMonthlyReviews()).toBe(1);
    const call = await bot.connector.waitFor((c) => JSON.stringify(c.body ?? {}).includes('Retention review'), 20_000);
    review = expectValidCard((call.body!.attachments as Array<{ content: unknown }>)[0]!.content);
    const shown = cardText(review);
    for (const c of [destroyed, held, extended]) expect(shown).toContain(c.reference);
    expect(shown).not.toContain(reopened.reference);
    expect(shown).toContain('3 of 3 need a decision.');
    expect(JSON.stringify(review)).not.toMatch(/Alice|Mill Lane/);
  });

  it('records Destroy, Hold (with a reason and review date) and Extend decisions; officers cannot decide', async () => {
    const refused = await press(bot, review, 'Destroy on 2025-11-02', {}, { aadObjectId: 'aad-officer-1' });
    expect(cardText(refused)).toContain("only the team's managers and admins");

    let card = await press(bot, review, 'Destroy on 2025-11-02', {}, asManager);
    expect(cardText(card)).toContain(`${destroyed.reference}: to be destroyed on the date its retention ends.`);
    expect(cardText(card)).toContain('To be destroyed on 2025-11-02.');

    const holdButtons = JSON.stringify(card).match(/"Hold…"/g)?.length;
    expect(holdButtons).toBe(3);
    // Cases needing a decision come first: the one just decided has moved to the end.
    const shown = cardText(card);
    expect(shown.indexOf(held.reference)).toBeLessThan(shown.indexOf('To be destroyed on'));
    const holdForm = await press(bot, card, 'Hold…', {}, asManager);
    expect(cardText(holdForm)).toContain(`Hold ${held.reference}`);

    // Hold the second case: the buttons carry their case id.
    const reviewNow = await press(bot, holdForm, 'Back', {}, asManager);
    const holdFor = (c: { id: string }) => ({ ...reviewNow, body: (reviewNow.body as unknown[]).filter((el) => !JSON.stringify(el).includes('"caseId"') || JSON.stringify(el).includes(c.id)) });
    const heldForm = await press(bot, holdFor(held), 'Hold…', {}, asManager);
    const missing = await press(bot, heldForm, 'Save hold', { holdReviewOn: '2026-06-01' }, asManager);
    expect(errorsOn(missing).join(' ')).toContain('Say why the case is held');
    expect(JSON.stringify(missing)).toContain('2026-06-01');
    card = await press(bot, missing, 'Save hold', { holdReason: 'Pending litigation' }, asManager);
    expect(cardText(card)).toContain(`${held.reference}: held until 2026-06-01.`);

    const extendForm = await press(bot, holdFor(extended), 'Extend…', {}, asManager);
    card = await press(bot, extendForm, 'Extend', { extendReason: 'Civil injunction in force', extendYears: '2' }, asManager);
    expect(cardText(card)).toContain(`${extended.reference}: kept for a further 2 years.`);
    expect(cardText(card)).not.toContain(extended.reference + ' ·');
  });

  it('destroys on the date every trace of the destroyed case; held and extended cases stay', async () => {
    clock.set('2025-11-01T09:00:00Z');
    expect(await bot.assistant.deps.retention.destroyDue()).toBe(0);
    clock.set('2025-11-02T09:00:00Z');
    expect(await bot.assistant.deps.retention.destroyDue()).toBe(1);

    for (const needle of ['Alice Destroyme', '12 Mill Lane', 'Perp of Alice']) expect(await findEverywhere(needle)).toEqual([]);
    // The reference survives only in the audit trail (who did what, append-only), and its tombstone.
    const referenceHits = await findEverywhere(destroyed.reference);
    expect(referenceHits.every((hit) => hit.startsWith('audit:'))).toBe(true);
    const tombstone = await bot.assistant.deps.db.collection('audit').findOne({ action: 'destroy', entityId: destroyed.id });
    expect(tombstone).toMatchObject({ caseReference: destroyed.reference, actorId: MANAGER, details: expect.objectContaining({ 'removed.case': 1, 'removed.incidents': 1, 'removed.meetings': 1, destroyedOn: '2025-11-02' }) });
    expect(await bot.assistant.deps.audit.verify(TEST_TENANT)).toMatchObject({ ok: true });

    for (const kept of [held, extended, reopened]) expect(await bot.assistant.deps.db.collection('cases').countDocuments({ _id: kept.id as never })).toBe(1);
    expect(await findEverywhere('Bella Heldcase')).not.toEqual([]);
  });

  it('keeps the other case of the shared minutes intact, and the .docx follows', async () => {
    const stored = await new MeetingRepository(bot.assistant.deps.db).get(meetingId);
    const titles = stored!.meeting.agenda.items.map((item) => item.title);
    expect(titles).toContain('[case destroyed under the retention schedule on 2025-11-02]');
    expect(stored!.meeting.items[`case:${held.id}`]?.notes[0]?.text).toBe('Bella Heldcase has moved in with family.');
    expect(stored!.meeting.items['any-other-business']?.notes[0]?.text).toBe(
      `Police to link [case destroyed under the retention schedule on 2025-11-02] with ${held.reference}; [removed] to be told.`);
    const document = await bot.assistant.deps.meetings.minutesDocument(meetingId, await bot.assistant.deps.roster.resolve(TEST_TENANT, MANAGER, 'Mo Manager'));
    const xml = new PizZip(document!.docx).file('word/document.xml')!.asText();
    // The other case's note is kept, with its names masked to initials as in all minutes (src/domain/privacy/masking.ts).
    expect(xml).toContain('B. H. has moved in with family.');
    expect(xml).not.toContain('Alice Destroyme');
  });

  it('resumes a destruction interrupted after any step, on the one resume mechanism, and finishes it once', async () => {
    const db = bot.assistant.deps.db;
    const destruction = new CaseDestruction(db, bot.assistant.deps.audit, clock);
    const steps = destruction.intentSteps.map((step) => step.name);
    expect(steps).toEqual(['snapshot', 'meetings', 'meetingActions', 'nominations', 'reminders', 'referrals', 'interventions', 'riskAssessments', 'notes', 'incidents', 'outbox', 'intents', 'subjectRequests', 'retentionRecord', 'case', 'tombstone', 'finish']);
    for (const step of ['snapshot', 'notes', 'intents', 'case', 'tombstone']) {
      const victim = await openAndClose(`Erin Crash${step}`, `5 ${step} Lane, Kingsford`, 'Noise.');
      // Its own intents (the bot's are declared already): fail once after the step, then the sweep takes over.
      const faults = new FailOnce();
      faults.arm(DESTROY_CASE, step);
      const intents = new Intents({ store: new IntentStore(db), clock, faults, leaseMs: 0 });
      const kind = intents.define(DESTROY_CASE, destruction.intentSteps);
      const order = { caseId: victim.id, decidedBy: { id: MANAGER, name: 'Maya Manager' }, decidedAt: clock.now(), destroyedOn: '2025-11-02' };
      await expect(intents.run(kind, victim.id, () => order)).rejects.toBeInstanceOf(ActionInterrupted);
      expect(await intents.sweep()).toBe(1);
      expect(await findEverywhere(`Erin Crash${step}`)).toEqual([]);
      expect(await db.collection('audit').countDocuments({ action: 'destroy', entityId: victim.id })).toBe(1);
      expect(await destruction.counts(victim.id)).toMatchObject({ case: 1, incidents: 1, notes: 1, tombstone: 1 });
    }
  }, 180_000);
});
