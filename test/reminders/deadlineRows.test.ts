/**
 * Reminders you can act on anywhere (issue 13 §5–6, issue 11 §4): every deadline row (the case card, its
 * Deadlines, `my deadlines`, the digest, the reminder) has Done and Snooze; "Open case" from a reminder starts the
 * case card with that deadline; every stored reminder of a case is in its Deadlines, the agreed victim update
 * included; `my deadlines` looks 14 days ahead; the digest lists high-risk visits within 3 working days; and in a
 * group chat or channel the lists show only the case summary.
 * Thursday 3 December 2026: a high-risk assessment sets the first visit for Tuesday 8 December.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../src/domain/clock.js';
import { defaultQuestionSet } from '../../src/domain/risk/defaultQuestionSet.js';
import { answerInputId } from '../../src/teams/risk/answersForm.js';
import { ROWS_PER_SECTION } from '../../src/teams/reminders/cards.js';
import { REMINDER_REFUSED_MESSAGE } from '../../src/domain/reminders/access.js';
import { TEST_TENANT } from '../support/activities.js';
import { startTestBot, type TestBot } from '../support/bot.js';
import { expectValidCard } from '../support/cards.js';
import { cardText, press, sayTo } from '../support/cardDriver.js';

const clock = new ManualClock('2026-12-03T10:00:00Z');
const OFFICER_CHAT = 'a:personal-aad-officer-1';
const PERSONAL_DETAILS = ['Dora', 'Reed', 'Bloggs', 'Orchard Row', 'KF1 3CD', 'letterbox'];
let bot: TestBot;
let caseId = '';
let reference = '';

function highRiskAnswers(): Record<string, string> {
  const answers = Object.fromEntries(defaultQuestionSet.questions.map((q) => [answerInputId(q.id), [...q.answers].sort((a, b) => a.weight - b.weight)[0]!.id]));
  const threat = defaultQuestionSet.questions.find((q) => q.answers.some((a) => a.automaticHigh))!;
  answers[answerInputId(threat.id)] = threat.answers.find((a) => a.automaticHigh)!.id;
  return answers;
}

/** The verbs of the buttons in a card, in order. */
const verbsIn = (card: unknown): string[] => [...JSON.stringify(card).matchAll(/"verb":"([^"]+)"/g)].map((m) => m[1]!);
const rowButtons = (card: unknown) => verbsIn(card).filter((v) => v === 'reminder.done' || v === 'reminder.snooze');

beforeAll(async () => {
  // With MANAGER_IDS set, only that person is a manager (who may act on anyone's reminder) in local mode.
  bot = await startTestBot({ clock, env: { MANAGER_IDS: 'aad-manager-1' } });
  const opened = await press(bot, await sayTo(bot, 'new case'), 'Open case', {
    area: 'kingsford', ward: 'kingsford-central', categories: 'threats', address: '4 Orchard Row, Kingsford', postcode: 'KF1 3CD', source: 'phone',
    victim1Name: 'Dora Reed', victim1Consent: 'true', victim1UpdateFrequency: 'weekly', perpetrator1Name: 'Jay Bloggs', perpetrator1Tenure: 'council',
    incidentDate: '2026-12-02', incidentTime: '21:00', incidentDescription: 'Threats shouted through the letterbox.',
  });
  caseId = String(/"caseId":"([^"]+)"/.exec(JSON.stringify(opened))![1]);
  reference = /ASB-2026-\d{4}/.exec(cardText(opened))![0];
  await press(bot, await press(bot, opened, 'Risk assessment'), 'Save assessment', highRiskAnswers());
  await bot.assistant.reminderEngine.drained();
}, 120_000);
afterAll(async () => bot.stop());

describe('every stored reminder of a case is in its Deadlines, each with Done and Snooze', () => {
  it('lists the first visit, the case review and the agreed weekly victim update', async () => {
    const stored = await bot.assistant.deps.reminders.openForCase(caseId);
    expect(stored.map((r) => r.kind).sort()).toEqual(['case-review', 'first-visit', 'victim-update']);
    const shown = await press(bot, await sayTo(bot, `case ${reference}`), 'Deadlines');
    const words = cardText(shown);
    expect(words).toContain('Update Dora Reed (agreed weekly)');
    expect(words).toContain('Thursday 10 December 2026');
    expect(words).toContain('Tuesday 8 December 2026');
    expect(words).not.toContain('Everything still to do on this case, earliest first.\nNo deadlines yet.');
    expect(rowButtons(shown)).toEqual(['reminder.done', 'reminder.snooze', 'reminder.done', 'reminder.snooze', 'reminder.done', 'reminder.snooze']);
  });

  it('puts Done and Snooze on the next deadlines of the case card', async () => {
    const caseCard = await sayTo(bot, `case ${reference}`);
    expect(cardText(caseCard)).toContain('Next deadlines');
    expect(rowButtons(caseCard)).toHaveLength(6);
  });

  it('snoozes from the case\'s Deadlines and answers with the list again', async () => {
    const list = await press(bot, await sayTo(bot, `case ${reference}`), 'Deadlines');
    const after = await press(bot, list, 'Snooze 1 working day');
    expect(cardText(after)).toContain("Snoozed. I'll remind you again on Friday 4 December 2026.");
    expect(cardText(after)).toContain(`${reference}: deadlines`);
    expect((await bot.assistant.deps.reminders.openForCase(caseId))[0]!.snoozedUntil).toBe('2026-12-04');
  });
});

describe('my deadlines and the digest', () => {
  it('`my deadlines` on a Thursday shows the high-risk visit due next Tuesday, within the next 14 days', async () => {
    const card = await sayTo(bot, 'my deadlines');
    const words = cardText(card);
    expect(words).toMatch(/Next 14 days \(3\)[\s\S]*Tuesday 8 December 2026[\s\S]*Thursday 10 December 2026[\s\S]*Thursday 17 December 2026/);
    expect(rowButtons(card)).toHaveLength(6);
    expect(verbsIn(card).filter((v) => v === 'case.show')).toHaveLength(3);
  });

  it('the digest lists the high-risk visit due within 3 working days and the count for the week, with Done and Snooze', async () => {
    const card = await sayTo(bot, 'digest');
    const words = cardText(card);
    expect(words).toContain('0 overdue, 0 due today, 1 due this week (to Wednesday 9 December 2026).');
    expect(words).toMatch(/High-risk visits due within 3 working days \(1\)[\s\S]*Tuesday 8 December 2026/);
    expect(rowButtons(card)).toEqual(['reminder.done', 'reminder.snooze']);
  });

  it('help says what the digest and my deadlines do', async () => {
    const help = JSON.stringify(await sayTo(bot, 'help'));
    expect(help).toContain('high-risk first visits due within 3 working days, and the count for the week');
    expect(help).toContain('the next 14 days');
  });

  it('Done in `my deadlines` goes through the one Done (and its audit), and answers with the list again', async () => {
    const card = await sayTo(bot, 'my deadlines');
    const after = await press(bot, card, 'Done');
    expect(cardText(after)).toContain('Done. No more reminders for this.');
    expect(cardText(after)).toContain('Next 14 days (2)');
    const done = (await bot.assistant.deps.db.collection('reminders').find({ caseId, kind: 'first-visit' }).toArray())[0]!;
    expect(done.status).toBe('done');
    expect(await bot.assistant.deps.db.collection('intents').countDocuments({ kind: 'reminder.done' })).toBeGreaterThanOrEqual(1);
  });
});

describe('"Open case" from a reminder', () => {
  it('opens the case card with that deadline\'s Done and Snooze at the top, and Done there finishes it', async () => {
    bot.connector.clear();
    clock.set('2026-12-09T08:30:00Z');
    await bot.assistant.deps.planner.sendDueNotices();
    await bot.assistant.reminderEngine.drained();
    const reminder = bot.connector.sent(OFFICER_CHAT).flatMap((a) => ((a.attachments ?? []) as Array<{ content: unknown }>).map((x) => expectValidCard(x.content)))
      .find((c) => cardText(c).includes('Update Dora Reed'))!;
    // Done and Snooze 1 working day on its row, and "Snooze to this date" behind "Snooze to…".
    expect(rowButtons(reminder)).toEqual(['reminder.done', 'reminder.snooze', 'reminder.snooze']);
    const opened = await press(bot, reminder, 'Open case');
    const words = cardText(opened);
    expect(words.indexOf('From your reminder')).toBeLessThan(words.indexOf(reference));
    expect(words).toMatch(/From your reminder[\s\S]*Update Dora Reed \(agreed weekly\)/);
    const after = await press(bot, opened, 'Done');
    expect(cardText(after)).toContain("Done. The next one is due Wednesday 16 December 2026; I'll remind you.");
    expect(cardText(after)).not.toContain('From your reminder');
  });
});

describe('in a group chat or channel', () => {
  for (const conversation of ['channel', 'groupChat'] as const) {
    it(`\`my deadlines\` and \`digest\` in a ${conversation} show only the case summary`, async () => {
      for (const command of ['my deadlines', 'digest']) {
        const card = await sayTo(bot, command, { conversation });
        const shown = JSON.stringify(card);
        expect(PERSONAL_DETAILS.filter((d) => shown.includes(d))).toEqual([]);
        if (command === 'my deadlines') {
          expect(cardText(card)).toContain(`${reference} · Open`);
          expect(cardText(card)).toContain('victim D. R., perpetrator J. B.');
          expect(cardText(card)).toContain('Agreed update to a victim');
        }
        expect(cardText(card)).toContain('Summary only');
      }
    });
  }

  it('a colleague in the channel cannot tick off the officer\'s deadline', async () => {
    const card = await sayTo(bot, 'my deadlines', { conversation: 'channel' });
    const before = await bot.assistant.deps.reminders.openForCase(caseId);
    const refused = await press(bot, card, 'Done', {}, { conversation: 'channel', aadObjectId: 'aad-colleague', userName: 'Col League' });
    expect(cardText(refused)).toContain(REMINDER_REFUSED_MESSAGE);
    expect(await bot.assistant.deps.reminders.openForCase(caseId)).toEqual(before);
  });

  it('Snooze pressed in a channel answers with the summary list too', async () => {
    const card = await sayTo(bot, 'my deadlines', { conversation: 'channel' });
    const after = await press(bot, card, 'Snooze 1 working day', {}, { conversation: 'channel' });
    expect(cardText(after)).toContain('Snoozed.');
    const shown = JSON.stringify(after);
    expect(PERSONAL_DETAILS.filter((d) => shown.includes(d))).toEqual([]);
  });
});

describe('a long list', () => {
  it('stays a valid card within the size limit, saying how many more there are', async () => {
    const officer = { aadObjectId: 'aad-busy-officer', userName: 'Bea Busy' };
    for (let i = 0; i < 40; i++) {
      await bot.assistant.deps.reminders.schedule({
        key: `busy:${i}`, kind: 'victim-update', label: `Update the victim on case number ${i} (agreed weekly)`, dueDate: i < 20 ? '2026-12-01' : '2026-12-15',
        recipient: { tenantId: TEST_TENANT, aadObjectId: officer.aadObjectId }, caseId, caseReference: reference,
      });
    }
    for (const command of ['my deadlines', 'digest']) {
      const card = await sayTo(bot, command, officer);
      expect(JSON.stringify(card).length).toBeLessThan(28 * 1024);
      expect(cardText(card)).toContain(`${20 - ROWS_PER_SECTION} more not shown (the earliest due come first).`);
    }
    const all = await press(bot, await sayTo(bot, `case ${reference}`), 'Deadlines');
    expect(JSON.stringify(all).length).toBeLessThan(28 * 1024);
    expect(cardText(all)).toMatch(/\d+ more not shown/);
  });
});

