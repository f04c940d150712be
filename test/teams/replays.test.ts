/**
 * A double click or a replayed submit acts once: the same invoke sent twice at once (a double click) and then
 * again (Teams retrying a delivery) leaves one record and one audit entry, and each answer is the success card.
 * Real activities over HTTP; the form's own key (its submit id) is what ties the copies together.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../src/domain/clock.js';
import { messageActivity, type ActivityOptions, type TestActivity } from '../support/activities.js';
import { startTestBot, type TestBot } from '../support/bot.js';
import { answerCard, cardText, choiceValue, press, pressing, sayTo } from '../support/cardDriver.js';

let bot: TestBot;
const clock = new ManualClock('2026-11-23T10:00:00Z');
const chair = { aadObjectId: 'aad-chair', userName: 'Priya Shah' };
const inChannel: ActivityOptions = { ...chair, conversation: 'channel', conversationId: '19:replays-tg@thread.tacv2' };
let caseCard: Record<string, unknown>;
let caseId: string;

beforeAll(async () => {
  bot = await startTestBot({ clock });
  const form = await sayTo(bot, 'new case', chair);
  caseCard = await press(bot, form, 'Open case', {
    area: 'kingsford', ward: 'kingsford-central', categories: 'noise', source: 'phone', address: '12 Mill Lane, Kingsford', postcode: 'KF1 2AB',
    victim1Name: 'Alice Smith', victim1Consent: 'true', incidentDate: '2026-11-20', incidentTime: '21:00', incidentDescription: 'Loud music until 2am.',
  }, chair);
  caseId = String((await bot.assistant.deps.db.collection('cases').findOne({}))!._id);
});
afterAll(async () => bot.stop());

/** Sends the invoke twice at once, then once more; returns the three answers' text. */
async function doubleClickThenReplay(activity: TestActivity): Promise<string[]> {
  const answers = await Promise.all([bot.send(activity), bot.send(activity)]);
  answers.push(await bot.send(activity));
  return answers.map((answer) => cardText(answerCard(answer)));
}

describe('the same submission twice acts once', () => {
  it('adds one case note', async () => {
    const form = await press(bot, caseCard, 'Add note', {}, chair);
    const answers = await doubleClickThenReplay(pressing(form, 'Save note', { noteText: 'Spoke to the victim; noise continues.' }, chair));
    for (const shown of answers) expect(shown).toContain('Note added.');
    expect(await bot.assistant.deps.db.collection('notes').countDocuments({ caseId })).toBe(1);
    expect(await bot.assistant.deps.db.collection('audit').countDocuments({ entity: 'note' })).toBe(1);

    // Another note from a fresh form is another note.
    const again = await press(bot, caseCard, 'Add note', {}, chair);
    await press(bot, again, 'Save note', { noteText: 'Visited again.' }, chair);
    expect(await bot.assistant.deps.db.collection('notes').countDocuments({ caseId })).toBe(2);
  });

  it('nominates a case once', async () => {
    const setUp = await sayTo(bot, 'set up target group', inChannel);
    await press(bot, setUp, 'Set up group', { groupName: 'Kingsford ASB Target Group', areas: 'kingsford', chair: chair.aadObjectId, minuteTaker: chair.aadObjectId, schedule: 'second Thursday monthly' }, inChannel);
    const form = await press(bot, caseCard, 'Nominate for target group', {}, chair);
    const typed = { groupId: choiceValue(form, 'groupId', 'Kingsford ASB Target Group'), nominationReason: 'Housing enforcement needed' };
    const answers = await doubleClickThenReplay(pressing(form, 'Nominate', typed, chair));
    for (const shown of answers) expect(shown).toMatch(/is nominated for the Kingsford ASB Target Group's next agenda/);
    expect(await bot.assistant.deps.db.collection('targetGroupNominations').countDocuments({ caseId })).toBe(1);
    expect(await bot.assistant.deps.db.collection('audit').countDocuments({ changedFields: 'nomination.reason' })).toBe(1);
  });

  it('schedules one meeting when the same message arrives twice at once and again, and another at the same instant', async () => {
    const message = messageActivity('schedule meeting', inChannel);
    // Two people typing it at the same instant: two activities with their own ids.
    const another = messageActivity('schedule meeting', { ...inChannel, aadObjectId: 'aad-officer-2', userName: 'Tom Reed' });
    expect(another.id).not.toBe(message.id);
    const answers = await Promise.all([bot.send(message), bot.send(message), bot.send(another)]);
    answers.push(await bot.send(message));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    const meetings = await bot.assistant.deps.db.collection('meetings').find({}).toArray();
    expect(meetings).toHaveLength(1);
    expect(await bot.assistant.deps.db.collection('audit').countDocuments({ entity: 'meeting', entityId: meetings[0]!._id, action: 'create' })).toBe(1);
    // The nomination is on that meeting's agenda, listed once.
    expect((await bot.assistant.deps.db.collection('targetGroupNominations').findOne({ caseId }))?.meetingId).toBe(meetings[0]!._id);
  });

  it('minutes a thread reply once when Teams delivers it twice at once and again', async () => {
    const command = messageActivity('start meeting', inChannel);
    await bot.send(command);
    const question = bot.connector.inThread(command.id as string).at(-1)!;
    const card = (question.attachments as Array<{ content: unknown }>)[0]!.content;
    const before = bot.connector.calls.length;
    await press(bot, card, 'Start, and date the minutes today', {}, { ...inChannel, threadRoot: command.id as string });
    const rootId = bot.connector.calls.slice(before).find((c) => c.method === 'POST' && c.path === '/v3/conversations')!.threadRoot!;

    const reply = messageActivity('Police will visit on Friday', { ...inChannel, threadRoot: rootId, mention: false });
    const answers = await Promise.all([bot.send(reply), bot.send(reply)]);
    answers.push(await bot.send(reply));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    const meeting = await bot.assistant.deps.db.collection('meetings').findOne({ status: 'in-progress' });
    const notes = Object.values(meeting!.items as Record<string, { notes: Array<{ text: string }> }>).flatMap((record) => record.notes);
    expect(notes.filter((n) => n.text === 'Police will visit on Friday')).toHaveLength(1);
  });
});
