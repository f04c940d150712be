/**
 * Reminders end to end with a fake clock: a high-risk assessment on Wednesday 23 December 2026 sets the visit for
 * Wednesday 30 December; the reminder arrives on the right mornings as a proactive card whose buttons work.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../src/domain/clock.js';
import { defaultQuestionSet } from '../../src/domain/risk/defaultQuestionSet.js';
import { answerInputId } from '../../src/teams/risk/answersForm.js';
import { startTestBot, type TestBot } from '../support/bot.js';
import { expectValidCard } from '../support/cards.js';
import { cardText, press, sayTo } from '../support/cardDriver.js';

const clock = new ManualClock('2026-12-23T10:00:00Z');
const OFFICER_CHAT = 'a:personal-aad-officer-1';
const MANAGER = 'aad-manager-1';
let bot: TestBot;

beforeAll(async () => {
  bot = await startTestBot({ clock, env: { MANAGER_IDS: MANAGER } });
  // The manager has talked to the assistant before, so has a personal chat with it.
  await sayTo(bot, 'help', { aadObjectId: MANAGER, userName: 'Mina Manager' });
});
afterAll(async () => bot.stop());

function threatAnswers(): Record<string, string> {
  const answers = Object.fromEntries(
    defaultQuestionSet.questions.map((q) => [answerInputId(q.id), [...q.answers].sort((a, b) => a.weight - b.weight)[0]!.id]),
  );
  const threat = defaultQuestionSet.questions.find((q) => q.answers.some((a) => a.automaticHigh))!;
  answers[answerInputId(threat.id)] = threat.answers.find((a) => a.automaticHigh)!.id;
  return answers;
}

/** Cards the bot sent into a conversation since the last clear, newest last; each must parse as a valid card. */
function cardsIn(conversationId: string): Array<Record<string, unknown>> {
  return bot.connector
    .sent(conversationId)
    .flatMap((a) => ((a.attachments ?? []) as Array<{ content: Record<string, unknown> }>).map((x) => expectValidCard(x.content) as Record<string, unknown>));
}

/** Moves the clock, runs the minute job's work, and waits for the outbox to drain. */
async function at(instant: string): Promise<void> {
  clock.set(instant);
  await bot.assistant.deps.planner.sendDueNotices();
  await bot.assistant.reminderEngine.drained();
}

describe('proactive reminders', () => {
  let caseId = '';

  it('a high-risk assessment tells the manager at once and sets the visit reminder for Wednesday 30 December', async () => {
    const caseCard = await press(bot, await sayTo(bot, 'new case'), 'Open case', {
      area: 'kingsford', ward: 'kingsford-central', categories: 'threats', address: '4 Orchard Row, Kingsford', postcode: 'KF1 3CD',
      source: 'phone', victim1Name: 'Dora Reed', victim1Consent: 'true', incidentDate: '2026-12-22', incidentTime: '21:00',
      incidentDescription: 'Threats shouted through the letterbox.',
    });
    caseId = String((JSON.stringify(caseCard).match(/"caseId":"([^"]+)"/) ?? [])[1]);
    await press(bot, await press(bot, caseCard, 'Risk assessment'), 'Save assessment', threatAnswers());
    await bot.assistant.reminderEngine.drained();

    const toManager = cardsIn('a:personal-aad-manager-1').map(cardText).join('\n');
    expect(toManager).toContain('High-risk victim: manager review');
    const visit = await bot.assistant.deps.reminders.get(`risk:${caseId}:first-visit:${await victimId()}`);
    expect(visit).toMatchObject({ kind: 'first-visit', dueDate: '2026-12-30', status: 'open', recipient: { aadObjectId: 'aad-officer-1' } });
  });

  it('nothing goes out before the working day before', async () => {
    bot.connector.clear();
    await at('2026-12-28T09:00:00Z'); // the Boxing Day substitute bank holiday
    expect(cardsIn(OFFICER_CHAT)).toHaveLength(0);
  });

  it('reminds the officer at 08:30 on Tuesday 29 December, the working day before', async () => {
    await at('2026-12-29T08:29:00Z');
    expect(cardsIn(OFFICER_CHAT)).toHaveLength(0);
    await at('2026-12-29T08:30:00Z');
    const [reminder] = cardsIn(OFFICER_CHAT).filter((c) => cardText(c).includes('Visit Dora') || cardText(c).includes('Visit the high-risk victim'));
    expect(reminder).toBeDefined();
    expectValidCard(reminder);
    expect(cardText(reminder)).toContain('Due next working day');
    expect(cardText(reminder)).toContain('Wednesday 30 December 2026');
  });

  it('never sends the same notice twice, even when the minute job runs again', async () => {
    await at('2026-12-29T08:31:00Z');
    await at('2026-12-29T09:30:00Z');
    expect(cardsIn(OFFICER_CHAT).filter((c) => cardText(c).includes('Due next working day'))).toHaveLength(1);
  });

  it('Snooze 1 working day moves the next reminder to that morning', async () => {
    const reminder = cardsIn(OFFICER_CHAT).find((c) => cardText(c).includes('Due next working day'))!;
    const answered = await press(bot, reminder, 'Snooze 1 working day');
    expect(cardText(answered)).toContain("Snoozed. I'll remind you again on Wednesday 30 December 2026.");
    bot.connector.clear();
    await at('2026-12-30T08:30:00Z');
    const [again] = cardsIn(OFFICER_CHAT);
    expect(cardText(again)).toContain('Reminder');
    expect(cardsIn(OFFICER_CHAT)).toHaveLength(1);
  });

  it('a snooze date in the past is refused on the card, keeping what was typed', async () => {
    const reminder = cardsIn(OFFICER_CHAT)[0]!;
    const refused = await press(bot, reminder, 'Snooze to this date', { snoozeUntil: '2026-12-01' });
    expect(cardText(refused)).toContain('Choose a date after today.');
    expect(JSON.stringify(refused)).toContain('"value":"2026-12-01"');
  });

  it('`my deadlines` lists it under Today', async () => {
    const card = await sayTo(bot, 'my deadlines');
    expect(cardText(card)).toMatch(/Today \(1\)[\s\S]*Visit/);
  });

  it('left undone, the manager hears of it in the next working morning digest, and the officer gets the overdue notice', async () => {
    bot.connector.clear();
    clock.set('2026-12-31T08:30:00Z');
    await bot.assistant.deps.planner.sendMorningDigests();
    await at('2026-12-31T08:30:00Z');
    const manager = cardsIn('a:personal-aad-manager-1').map(cardText).join('\n');
    expect(manager).toContain('Still overdue (1)');
    expect(manager).toContain('Officer: Test Officer');
    const officer = cardsIn(OFFICER_CHAT).map(cardText).join('\n');
    expect(officer).toContain('Overdue since Wednesday 30 December 2026');
    expect(officer).toContain('1 overdue, 0 due today, ');
  });

  it('Done stops it: no more notices, and it leaves my deadlines', async () => {
    const overdue = cardsIn(OFFICER_CHAT).find((c) => cardText(c).includes('Overdue since'))!;
    const answered = await press(bot, overdue, 'Done');
    expect(cardText(answered)).toContain('Done. No more reminders for this.');
    bot.connector.clear();
    await at('2027-01-04T08:30:00Z');
    expect(cardsIn(OFFICER_CHAT).filter((c) => cardText(c).includes('Visit'))).toHaveLength(0);
    expect(cardText(await sayTo(bot, 'my deadlines'))).toContain('Nothing overdue.');
  });

  it('only the officer it is for (or a manager) can act on a reminder', async () => {
    const key = `risk:${caseId}:case-review`;
    const reply = await bot.send({
      ...(await import('../support/activities.js')).invokeAction('reminder.done', { reminderKey: key }, { aadObjectId: 'aad-someone-else' }),
    });
    expect(JSON.stringify(reply.body)).toContain('that reminder is for someone else');
    expect((await bot.assistant.deps.reminders.get(key))?.status).toBe('open');
  });

  async function victimId(): Promise<string> {
    const stored = await bot.assistant.deps.db.collection('cases').findOne({ _id: caseId as never });
    return String((stored?.victims as Array<{ id: string }>)[0]!.id);
  }
});
