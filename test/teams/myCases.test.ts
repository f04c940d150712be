/** `my cases` through Teams: highest risk first by default, paged 10 at a time, filtered by status, category and area, and overdue first. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../src/domain/clock.js';
import { defaultQuestionSet } from '../../src/domain/risk/defaultQuestionSet.js';
import { answerInputId } from '../../src/teams/risk/answersForm.js';
import { startTestBot, type TestBot } from '../support/bot.js';
import { cardInputs, cardText, errorsOn, findButton, press, sayTo } from '../support/cardDriver.js';

let bot: TestBot;
// Monday 23 November 2026.
const clock = new ManualClock('2026-11-23T10:00:00Z');

beforeAll(async () => {
  bot = await startTestBot({ clock });
});
afterAll(async () => bot.stop());

const say = (text: string) => sayTo(bot, text);
const references = (card: unknown) => cardText(card).match(/\*\*ASB-2026-\d{4}\*\*/g)?.map((r) => r.replace(/\*/g, '')) ?? [];

const places = [
  { area: 'kingsford', ward: 'kingsford-central' },
  { area: 'porthaven', ward: 'harbour' },
  { area: 'millbrook', ward: 'millbrook-town' },
];
const streets = ['Mill Lane', 'Quay Street', 'Orchard Row', 'Ferry Lane', 'Weir Close', 'Church Walk', 'Station Road', 'Bridge End', 'Park View', 'Hill Rise', 'Dock Road', 'Elm Grove'];

async function openCase(n: number, options: { aadObjectId?: string } = {}): Promise<{ card: Record<string, unknown>; reference: string }> {
  const place = places[n % 3]!;
  const card = await press(bot, await sayTo(bot, 'new case', options), 'Open case', {
    ...place,
    categories: n % 2 === 0 ? 'noise' : 'threats',
    address: `${n + 1} ${streets[n]}, Kingsford`,
    postcode: `KF${n + 1} 2AB`,
    source: 'phone',
    victim1Name: `Resident ${streets[n]}`,
    victim1Consent: 'true',
    incidentDate: '2026-11-20',
    incidentTime: '21:00',
    incidentDescription: 'Shouting in the street late at night.',
  }, options);
  return { card, reference: /ASB-2026-\d{4}/.exec(cardText(card))![0] };
}

/** High risk whatever the score: the first visit is due within 3 working days. */
function threatAnswers(): Record<string, string> {
  const answers = Object.fromEntries(defaultQuestionSet.questions.map((q) => [answerInputId(q.id), [...q.answers].sort((a, b) => a.weight - b.weight)[0]!.id]));
  const threat = defaultQuestionSet.questions.find((q) => q.answers.some((a) => a.automaticHigh))!;
  answers[answerInputId(threat.id)] = threat.answers.find((a) => a.automaticHigh)!.id;
  return answers;
}

describe('my cases', () => {
  const refs: string[] = [];
  let withVisit = '';
  let investigating = '';

  beforeAll(async () => {
    // The first case gets a high-risk assessment (visit due Thursday 26 November); the other 11 are updated after it.
    for (let n = 0; n < 12; n++) {
      clock.set(new Date(Date.UTC(2026, 10, 23, 10, n)));
      const opened = await openCase(n);
      refs.push(opened.reference);
      if (n === 0) {
        withVisit = opened.reference;
        await press(bot, await press(bot, opened.card, 'Risk assessment'), 'Save assessment', threatAnswers());
      }
      if (n === 4) {
        investigating = opened.reference;
        clock.set(new Date(Date.UTC(2026, 10, 23, 10, 4, 30)));
        await press(bot, await press(bot, opened.card, 'Change status'), 'Change status', { status: 'investigating' });
      }
    }
    await openCase(0, { aadObjectId: 'aad-officer-2' });
  });

  it('lists the officer’s open cases highest risk first by default, or 10 at a time most recently updated first', async () => {
    const byRisk = await say('my cases');
    expect(cardInputs(byRisk)).toEqual({ filterStatus: 'any', filterCategory: 'any', filterArea: 'any', order: 'risk-first' });
    expect(references(byRisk)[0]).toBe(withVisit);
    const first = await press(bot, byRisk, 'Apply', { order: 'updated' });
    expect(cardText(first)).toContain('1–10 of 12');
    expect(references(first)).toEqual([...refs].reverse().slice(0, 10));
    expect(cardInputs(first)).toEqual({ filterStatus: 'any', filterCategory: 'any', filterArea: 'any', order: 'updated' });
    const second = await press(bot, first, 'Next');
    expect(cardText(second)).toContain('11–12 of 12');
    expect(references(second)).toEqual([refs[1], refs[0]]);
    expect(() => findButton(second, 'Next')).toThrow();
    expect(references(await press(bot, second, 'Previous'))).toEqual(references(first));
  });

  it('filters by status, category and area, and pages the filtered list', async () => {
    const list = await say('my cases');
    const byStatus = await press(bot, list, 'Apply', { filterStatus: 'investigating' });
    expect(cardText(byStatus)).toContain('My cases: investigating');
    expect(references(byStatus)).toEqual([investigating]);

    const noise = await press(bot, list, 'Apply', { filterCategory: 'noise' });
    expect(references(noise).sort()).toEqual(refs.filter((_, n) => n % 2 === 0).sort());
    expect(cardInputs(noise)).toMatchObject({ filterCategory: 'noise' });

    const porthaven = await press(bot, list, 'Apply', { filterArea: 'porthaven' });
    expect(references(porthaven).sort()).toEqual(refs.filter((_, n) => n % 3 === 1).sort());

    const both = await press(bot, list, 'Apply', { filterArea: 'kingsford', filterCategory: 'threats' });
    expect(references(both).sort()).toEqual(refs.filter((_, n) => n % 3 === 0 && n % 2 === 1).sort());

    const none = await press(bot, list, 'Apply', { filterStatus: 'closed' });
    expect(cardText(none)).toContain('None of your cases match these filters.');
  });

  it('keeps the filter when paging, even if the inputs were changed without Apply', async () => {
    const kingsfordOrMill = await press(bot, await say('my cases'), 'Apply', { filterStatus: 'open', order: 'updated' });
    expect(cardText(kingsfordOrMill)).toContain('1–10 of 11');
    const next = await press(bot, kingsfordOrMill, 'Next', { filterStatus: 'investigating' });
    expect(cardText(next)).toContain('11–11 of 11');
    expect(references(next)).toEqual([refs[0]]);
    expect(cardInputs(next)).toMatchObject({ filterStatus: 'open' });
  });

  it('puts the cases with an overdue deadline first, marked in red', async () => {
    clock.set('2026-12-01T09:00:00Z'); // the visit was due Thursday 26 November
    const updatedFirst = await press(bot, await say('my cases'), 'Apply', { order: 'updated' });
    expect(references(updatedFirst)).not.toContain(withVisit);

    const overdueFirst = await press(bot, updatedFirst, 'Apply', { order: 'overdue-first' });
    expect(references(overdueFirst)[0]).toBe(withVisit);
    expect(references(overdueFirst)).toHaveLength(10);
    expect(errorsOn(overdueFirst)).toEqual([expect.stringMatching(/^Overdue deadline: Thursday 26 November 2026: /)]);
    const next = await press(bot, overdueFirst, 'Next');
    expect(references(next)).toEqual([refs[2], refs[1]]);
    expect(cardInputs(next)).toMatchObject({ order: 'overdue-first' });
  });

  it('shows each row’s risk level and next deadline, and can put the highest risk first', async () => {
    clock.set('2026-11-24T09:00:00Z');
    const list = await press(bot, await say('my cases'), 'Apply', { order: 'updated' });
    expect(cardText(list)).toMatch(/Risk not assessed · Open/);
    const riskFirst = await press(bot, list, 'Apply', { order: 'risk-first' });
    expect(references(riskFirst)[0]).toBe(withVisit);
    const top = cardText(riskFirst);
    expect(top).toContain(`**${withVisit}** · **High risk** · `);
    expect(top).toMatch(/Next deadline Thursday 26 November 2026: /);
    expect(cardInputs(riskFirst)).toMatchObject({ order: 'risk-first' });
  });

  it('refuses a tampered filter and still lists the cases', async () => {
    const list = await say('my cases');
    const response = await press(bot, list, 'Apply', { filterArea: 'atlantis' });
    expect(errorsOn(response)).toContain('Choose an area from the list');
    expect(cardText(response)).toContain('of 12');
  });
});
