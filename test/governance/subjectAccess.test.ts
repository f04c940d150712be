/**
 * Subject access, rectification and erasure end to end: cases opened through Teams, a meeting that covered one,
 * the manager's search and confirmation in the personal chat, the .docx pack read back from its signed link,
 * a correction and an erasure, each checked in the real database and the audit trail.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import PizZip from 'pizzip';
import { MeetingRepository } from '../../src/db/meetings.js';
import { ManualClock } from '../../src/domain/clock.js';
import { addNote, buildAgenda, createMeeting, startMeeting } from '../../src/domain/meetings/index.js';
import { messageActivity, TEST_TENANT } from '../support/activities.js';
import { startTestBot, type TestBot } from '../support/bot.js';
import { cardInputs, cardText, errorsOn, press, sayTo } from '../support/cardDriver.js';
import { group } from '../domain/meetings/fixtures.js';

const MANAGER = 'aad-manager-1';
const OFFICER = 'aad-officer-1';
const asManager = { aadObjectId: MANAGER, userName: 'Maya Manager' };
const clock = new ManualClock('2026-12-01T10:00:00Z');
let bot: TestBot;
const cases: Record<'alice' | 'smyth' | 'named', { reference: string; id: string }> = {} as never;

async function open(fields: Record<string, string>): Promise<{ reference: string; id: string }> {
  const opened = await press(bot, await sayTo(bot, 'new case', { aadObjectId: OFFICER }), 'Open case', {
    area: 'kingsford', ward: 'kingsford-central', categories: 'noise', source: 'phone',
    victim1Consent: 'true', incidentDate: '2026-11-20', incidentTime: '22:30', ...fields,
  }, { aadObjectId: OFFICER });
  const stored = await bot.assistant.deps.db.collection('cases').findOne({ 'victims.name': fields.victim1Name });
  const reference = String(stored!.reference);
  expect(cardText(opened)).toContain(reference);
  return { reference, id: String(stored!._id) };
}

const docxText = async (url: string) => {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return new PizZip(Buffer.from(await response.arrayBuffer())).file('word/document.xml')!.asText().replace(/<[^>]+>/g, '').replace(/&apos;/g, "'");
};
const linkOn = (card: unknown) => /"url":"([^"]+)"/.exec(JSON.stringify(card))![1]!;
const auditOf = (action: string, entity: string) => bot.assistant.deps.db.collection('audit').find({ action, entity }).toArray();

beforeAll(async () => {
  bot = await startTestBot({ clock, env: { ADMIN_IDS: MANAGER } });
  const admin = await bot.assistant.deps.roster.resolve(TEST_TENANT, MANAGER, 'Maya Manager');
  await bot.assistant.deps.roster.putMember(admin, { id: OFFICER, name: 'Olly Officer', roles: ['officer'] });
  cases.alice = await open({
    address: '12 Mill Lane, Kingsford', postcode: 'kf1 2ab', victim1Name: 'Alice Smith', victim1Phone: '01632 960001', victim1Address: '12 Mill Lane, Kingsford', perpetrator1Name: 'Dave Jones', perpetrator1Address: '14 Mill Lane',
    incidentDescription: "Dave Jones kicked Alice Smith's door; Dave's brother watched.",
  });
  cases.smyth = await open({ address: '3 Quay Street, Kingsford', postcode: 'kf2 3cd', victim1Name: 'Alice Smyth', perpetrator1Name: 'Kevin Brown', incidentDescription: "Kevin Brown threw eggs at Alice Smyth's window." });
  cases.named = await open({ address: '9 Park Road, Kingsford', postcode: 'kf3 4ef', victim1Name: 'Bob Green', perpetrator1Name: 'Carl White', incidentDescription: 'Carl White shouted at Bob Green; Alice Smith saw it.' });
  const card = await sayTo(bot, `case ${cases.alice.reference}`, { aadObjectId: OFFICER });
  await press(bot, await press(bot, card, 'Add note', {}, { aadObjectId: OFFICER }), 'Save note', { noteText: 'Called Alice about Dave Jones and his brother.' }, { aadObjectId: OFFICER });

  let meeting = createMeeting({
    id: 'm-sar', group, date: '2026-11-26',
    agenda: buildAgenda({
      meetingDate: '2026-11-26', lastMeetingDate: null, nextMeetingDate: '2026-12-24', openActions: [], newHighRiskCases: [], caseReviewThresholdCases: [], monitoringEndingBeforeNextMeeting: [],
      nominations: [{ case: { caseId: cases.alice.id, reference: cases.alice.reference, area: 'Kingsford', riskLevel: 'medium', summary: 'Door kicked.', people: [] }, reason: 'Repeat victim', nominatedBy: { name: 'PC Alan Moss' } }],
      areaFigures: { newCases: 3, incidentsByCategory: {}, warningsByStage: {} },
    }),
  });
  const started = startMeeting(meeting, '2026-11-26T10:00:00.000Z');
  if (!started.ok) throw new Error('meeting did not start');
  const noted = addNote(started.meeting, `case:${cases.alice.id}`, 'Dave Jones to get a warning; Alice Smith to be told.', { by: 'PC Alan Moss', at: '2026-11-26T10:05:00.000Z' }, 0);
  if (!noted.ok) throw new Error('note not added');
  meeting = noted.meeting;
  await new MeetingRepository(bot.assistant.deps.db).insert({ meeting, tenantId: TEST_TENANT, conversationId: group.channel.conversationId, version: 1 });
}, 180_000);
afterAll(async () => bot.stop());

describe('subject access', () => {
  it('is refused in a channel, where everyone would see the names, and to officers', async () => {
    const before = bot.connector.sent().length;
    await bot.send(messageActivity('subject access Alice Smith', { ...asManager, conversation: 'channel' }));
    const answer = bot.connector.sent().slice(before);
    expect(answer.map((a) => String(a.text))).toEqual([expect.stringContaining('only do it in our personal chat')]);
    expect(JSON.stringify(answer)).not.toContain('Smyth');
    await bot.send(messageActivity('subject access Alice Smith', { aadObjectId: OFFICER }));
    expect(String(bot.connector.sent().at(-1)?.text)).toContain("only the team's managers and admins");
  });

  let results: Awaited<ReturnType<typeof sayTo>>;
  it('finds the person on two cases, by the same and a similar name, and a case whose records name them', async () => {
    results = await sayTo(bot, 'subject access alice smith', asManager);
    const text = JSON.stringify(results);
    expect(text).toContain(`Alice Smith: victim on ${cases.alice.reference} (same name)`);
    expect(text).toContain(`Alice Smyth: victim on ${cases.smyth.reference} (similar name)`);
    expect(text).not.toMatch(/Dave Jones:|Kevin Brown:|Bob Green:/);
    expect(text).toContain(`Named in the incident accounts or notes of ${cases.named.reference}`);
    expect(cardInputs(results).sarReceivedOn).toBe('2026-12-01');
    expect(await auditOf('search', 'subject-access')).toHaveLength(1);
  });

  it('asks for at least one record, keeping the date typed', async () => {
    const again = await press(bot, results, 'Build the pack', { sarReceivedOn: '2026-11-25' }, asManager);
    expect(errorsOn(again).join(' ')).toContain('Tick at least one record');
    expect(cardInputs(again).sarReceivedOn).toBe('2026-11-25');
  });

  it('records the request, sets the due date as a reminder, and gives a pack with third parties redacted', async () => {
    const picks = Object.fromEntries(Object.keys(cardInputs(results)).filter((id) => id.startsWith('sarPick.')).map((id) => [id, 'true']));
    expect(Object.keys(picks)).toHaveLength(3);
    const opened = await press(bot, results, 'Build the pack', { ...picks, sarReceivedOn: '2026-11-25' }, asManager);
    // 25 December is Christmas Day; 28 December is the substitute for Boxing Day (a Saturday in 2026).
    expect(cardText(opened)).toContain('Answer by **Tuesday 29 December 2026**');
    const reminder = await bot.assistant.deps.db.collection('reminders').findOne({ kind: 'subject-access' });
    expect(reminder).toMatchObject({ dueDate: '2026-12-29', recipient: { aadObjectId: MANAGER }, status: 'open' });
    expect(String(reminder!.label)).not.toMatch(/Alice|Smith/);

    const pack = await docxText(linkOn(opened));
    expect(pack).toContain(cases.alice.reference);
    expect(pack).toContain('Response due: Tuesday 29 December 2026');
    expect(pack).toContain('by Maya Manager');
    expect(pack).toContain("[third party] kicked Alice Smith's door; [third party]'s brother watched.");
    expect(pack).toContain('Called Alice about [third party] and his brother.');
    expect(pack).toContain('[third party] to get a warning; Alice Smith to be told.');
    expect(pack).toContain("[third party] threw eggs at Alice Smyth's window.");
    expect(pack).toContain('[third party] shouted at [third party]; Alice Smith saw it.');
    expect(pack).toContain('01632 960001');
    expect(pack).not.toMatch(/Dave|Jones|Kevin|Brown|Carl|White|Bob Green|14 Mill Lane/);
    expect(await auditOf('create', 'subject-access')).toHaveLength(1);
    expect(await auditOf('download', 'subject-access')).toHaveLength(1);

    // A double click on the same card records one request.
    await press(bot, results, 'Build the pack', { ...picks, sarReceivedOn: '2026-11-25' }, asManager);
    expect(await bot.assistant.deps.db.collection('subjectRequests').countDocuments({ kind: 'access' })).toBe(1);
  });

  it('corrects a person, keeping the old values in the audit only as hashes', async () => {
    const form = await press(bot, results, /Correct details/, {}, asManager);
    expect(cardInputs(form)).toMatchObject({ sarName: 'Alice Smith', sarPhone: '01632 960001' });
    const bad = await press(bot, form, 'Save correction', { sarPhone: 'call me' }, asManager);
    expect(errorsOn(bad).join(' ')).toContain("That phone number doesn't look right");
    expect(cardInputs(bad).sarPhone).toBe('call me');
    const saved = await press(bot, bad, 'Save correction', { sarPhone: '01632 960999' }, asManager);
    expect(cardText(saved)).toContain(`Corrected on ${cases.alice.reference}: phone`);
    const stored = await bot.assistant.deps.db.collection('cases').findOne({ reference: cases.alice.reference });
    expect(stored!.victims[0].contact.phone).toBe('01632 960999');
    const [entry] = await auditOf('update', 'person');
    expect(entry).toMatchObject({ changedFields: ['person.phone'], details: { 'was.phone': expect.stringMatching(/^[0-9a-f]{32}$/) } });
    expect(JSON.stringify(entry)).not.toContain('960001');
  });

  it('removes a person from a case where lawful: the case stays, their name is struck from its records', async () => {
    const everyone = await sayTo(bot, `subject access ${cases.alice.reference}`, asManager);
    expect(JSON.stringify(everyone)).toContain(`Dave Jones: alleged perpetrator on ${cases.alice.reference} (same name)`);
    const listed = await sayTo(bot, 'subject access Dave Jones', asManager);
    const personId = /"sarPersonId":"([^"]+)"/.exec(JSON.stringify(listed))![1]!;
    const form = await press(bot, listed, /Remove from case/, {}, asManager);
    expect(cardText(form)).toContain(`Remove Dave Jones from ${cases.alice.reference}`);
    expect(errorsOn(await press(bot, form, 'Remove the person', {}, asManager)).join(' ')).toContain('Say why');
    const done = await press(bot, form, 'Remove the person', { sarReason: 'No longer needed; no order in force.' }, asManager);
    expect(cardText(done)).toContain(`The person was removed from ${cases.alice.reference}`);

    const db = bot.assistant.deps.db;
    const stored = await db.collection('cases').findOne({ reference: cases.alice.reference });
    expect(stored!.perpetrators[0]).toEqual({ id: personId, name: '[removed]', tenure: 'unknown' });
    expect(stored!.victims[0].name).toBe('Alice Smith');
    expect((await db.collection('incidents').findOne({ caseId: cases.alice.id }))!.description).toBe("[removed] kicked Alice Smith's door; [removed]'s brother watched.");
    expect((await db.collection('notes').findOne({ caseId: cases.alice.id }))!.text).toBe('Called Alice about [removed] and his brother.');
    const meeting = await new MeetingRepository(db).get('m-sar');
    expect(meeting!.meeting.items[`case:${cases.alice.id}`]!.notes[0]!.text).toBe('[removed] to get a warning; Alice Smith to be told.');
    expect(await db.collection('subjectRequests').findOne({ kind: 'erasure' })).toMatchObject({ reason: 'No longer needed; no order in force.', personId });
    const [entry] = await auditOf('delete', 'person');
    expect(entry).toMatchObject({ entityId: personId, caseReference: cases.alice.reference });
    expect(JSON.stringify(entry)).not.toContain('Dave');
    const hits: string[] = [];
    for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
      for (const doc of await db.collection(name).find({}).toArray()) if (JSON.stringify(doc).includes('Dave')) hits.push(`${name}:${String(doc._id)}`);
    }
    // Nothing in any collection still holds the name (the finished 'open case' action that did is gone).
    expect(hits).toEqual([]);
  });
});
