/** Victim risk assessment end to end: real cards over HTTP, answered with the card's own input ids. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../src/domain/clock.js';
import { defaultQuestionSet } from '../../src/domain/risk/defaultQuestionSet.js';
import { answerInputId } from '../../src/teams/risk/answersForm.js';
import { messageActivity } from '../support/activities.js';
import { startTestBot, type TestBot } from '../support/bot.js';
import { cardInputs, cardText, errorsOn, findButton, lastCardSent, press, sayTo } from '../support/cardDriver.js';

let bot: TestBot;
// Wednesday 23 December 2026: Christmas Day (Fri) and the Boxing Day substitute (Mon 28th) are not working days.
const clock = new ManualClock('2026-12-23T10:00:00Z');

beforeAll(async () => {
  bot = await startTestBot({ clock });
});
afterAll(async () => bot.stop());

const say = (text: string) => sayTo(bot, text);

const oneVictimCase = {
  area: 'kingsford',
  ward: 'kingsford-central',
  categories: 'noise',
  address: '4 Orchard Row, Kingsford',
  postcode: 'KF1 3CD',
  source: 'phone',
  victim1Name: 'Dora Reed',
  victim1Consent: 'true',
  incidentDate: '2026-12-22',
  incidentTime: '21:00',
  incidentDescription: 'Shouting and banging on the shared wall late at night.',
};

/** Every question answered with its lowest-weight answer: standard risk. */
function calmAnswers(): Record<string, string> {
  return Object.fromEntries(
    defaultQuestionSet.questions.map((q) => [answerInputId(q.id), [...q.answers].sort((a, b) => a.weight - b.weight)[0]!.id]),
  );
}

/** The calm answers, but with a threat to kill or seriously injure: high whatever the score. */
function threatAnswers(): Record<string, string> {
  const answers = calmAnswers();
  const threat = defaultQuestionSet.questions.find((q) => q.answers.some((a) => a.automaticHigh))!;
  answers[answerInputId(threat.id)] = threat.answers.find((a) => a.automaticHigh)!.id;
  return answers;
}

async function openCase(values: Record<string, string>) {
  const caseCard = await press(bot, await say('new case'), 'Open case', values);
  expect(cardText(caseCard)).toMatch(/Case ASB-2026-\d{4} opened\./);
  return caseCard;
}

describe('victim risk assessment through Teams', () => {
  let caseCard: Record<string, unknown>;

  it('asks every question of the question set, one choice each', async () => {
    caseCard = await openCase(oneVictimCase);
    expect(cardText(caseCard)).toContain('Risk: not assessed yet');
    const form = await press(bot, caseCard, 'Risk assessment');
    const inputs = Object.keys(cardInputs(form));
    expect(inputs).toEqual(defaultQuestionSet.questions.map((q) => answerInputId(q.id)));
    expect(cardText(form)).toContain('Victim:** Dora Reed');
  });

  it('pre-fills "under 18" from the victim\'s record, and each question\'s own required message is plain', async () => {
    const young = await openCase({ ...oneVictimCase, address: '6 Orchard Row, Kingsford', victim1Name: 'Tia Reed', victim1Under18: 'true' });
    const form = await press(bot, young, 'Risk assessment');
    const age = defaultQuestionSet.questions.find((q) => q.id === 'age')!;
    expect(cardInputs(form)[answerInputId(age.id)]).toBe('under-18');
    expect(cardText(form)).toContain('"Under 18" is already chosen');
    // An adult victim's form leaves the age to be asked.
    expect(cardInputs(await press(bot, caseCard, 'Risk assessment'))[answerInputId(age.id)]).toBe('');
    const messages: string[] = [];
    JSON.stringify(form, (_key, node: { errorMessage?: string }) => {
      if (node && typeof node.errorMessage === 'string') messages.push(node.errorMessage);
      return node;
    });
    expect(messages.length).toBe(defaultQuestionSet.questions.length);
    expect(messages.every((m) => m === 'Choose an answer to this question')).toBe(true);
  });

  it('marks an unanswered question and keeps every other answer', async () => {
    const form = await press(bot, caseCard, 'Risk assessment');
    const answers = threatAnswers();
    const skipped = defaultQuestionSet.questions[2]!;
    delete answers[answerInputId(skipped.id)];
    const refused = await press(bot, form, 'Save assessment', answers);
    expect(errorsOn(refused)).toEqual(['Please check the fields marked below.', 'Answer this question']);
    expect(cardInputs(refused)).toEqual({ ...answers, [answerInputId(skipped.id)]: '' });
    expect(await bot.assistant.deps.db.collection('riskAssessments').countDocuments()).toBe(0);

    const result = await press(bot, refused, 'Save assessment', { [answerInputId(skipped.id)]: skipped.answers[0]!.id });
    expect(cardText(result)).toContain('Risk High');
  });

  it('a threat to kill makes the risk high, with the visit due in 3 working days over Christmas', async () => {
    const form = await press(bot, caseCard, 'Risk assessment');
    const result = await press(bot, form, 'Save assessment', threatAnswers());
    const shown = cardText(result);
    expect(shown).toContain('Risk High');
    expect(shown).toContain('**Visit by Wednesday 30 December 2026** (3 working days)');
    expect(shown).toContain('Manager review needed');
    expect(shown).toContain("victims' multi-agency meeting");
    expect(shown).toMatch(/High whatever the score, because:/);
    expect(shown).toContain('Trend: Same as last time (high)');

    caseCard = await press(bot, result, 'Back to case');
    const onCase = cardText(caseCard);
    expect(onCase).toContain('Risk: high');
    expect(onCase).toContain('Wednesday 30 December 2026\nVisit Dora Reed (high risk, within 3 working days)');
  });

  it('keeps every assessment as history and audits it by field name only', async () => {
    const stored = await bot.assistant.deps.db.collection('riskAssessments').find({}).toArray();
    expect(stored).toHaveLength(2);
    expect(stored.every((a) => a.finalLevel === 'high')).toBe(true);
    const audit = await bot.assistant.deps.db.collection('audit').find({ entity: 'risk-assessment' }).toArray();
    expect(audit).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toContain('Dora');
  });

  it('a standard-risk victim is visited within 10 working days, skipping the bank holidays', async () => {
    const other = await openCase({ ...oneVictimCase, victim1Name: 'Ed Marsh', address: '9 Weir Close', postcode: 'KF3 1AA' });
    const result = await press(bot, await press(bot, other, 'Risk assessment'), 'Save assessment', calmAnswers());
    expect(cardText(result)).toContain('Risk Standard');
    // 24, 29, 30, 31 Dec, then (1 Jan is a holiday) 4–8 and 11 Jan.
    expect(cardText(result)).toContain('**Visit by Monday 11 January 2027** (10 working days)');
    expect(cardText(result)).not.toContain('Manager review needed');
  });

  it('picks the victim when the case has more than one', async () => {
    const two = await openCase({ ...oneVictimCase, victim1Name: 'Fay Long', victim2Name: 'Gus Long', address: '2 Ferry Lane', postcode: 'KF2 4BB' });
    const form = await press(bot, two, 'Risk assessment');
    const refused = await press(bot, form, 'Save assessment', calmAnswers());
    expect(errorsOn(refused).join(' ')).toMatch(/Choose the victim/);
    const gus = (JSON.stringify(form).match(/"title":"Gus Long","value":"([^"]+)"/) ?? [])[1]!;
    const result = await press(bot, refused, 'Save assessment', { victimId: gus });
    expect(cardText(result)).toContain('Victim: Gus Long');
  });

  it('lowering a high result waits for a manager and the risk stays high', async () => {
    const form = await press(bot, caseCard, 'Risk assessment');
    const result = await press(bot, form, 'Save assessment', threatAnswers());
    const change = await press(bot, result, 'Change level');
    expect(errorsOn(await press(bot, change, 'Change level', { riskLevel: 'medium' })).join(' ')).toMatch(/Say why/);
    const pending = await press(bot, change, 'Change level', { riskLevel: 'medium', overrideReason: 'Threat was made in jest, says the police officer.' });
    expect(cardText(pending)).toMatch(/waiting for a manager to confirm/);
    expect(cardText(pending)).toContain('Risk High');
    expect(() => findButton(pending, 'Change level')).toThrow();
    expect(cardText(await press(bot, pending, 'Back to case'))).toContain('Risk: high');
  });

  it('the same form submitted twice saves one assessment', async () => {
    const before = await bot.assistant.deps.db.collection('riskAssessments').countDocuments();
    const form = await press(bot, caseCard, 'Risk assessment');
    await press(bot, form, 'Save assessment', threatAnswers());
    const again = await press(bot, form, 'Save assessment', threatAnswers());
    expect(cardText(again)).toContain('This assessment was already saved.');
    expect(await bot.assistant.deps.db.collection('riskAssessments').countDocuments()).toBe(before + 1);
  });

  it('marks the visit overdue, in red, once its day has passed', async () => {
    clock.set('2026-12-31T09:00:00Z');
    const reference = /ASB-2026-\d{4}/.exec(cardText(caseCard))![0];
    caseCard = await say(`case ${reference}`);
    expect(errorsOn(caseCard)).toContain('**Overdue** · Wednesday 30 December 2026');
    expect(cardText(caseCard)).toContain('**Overdue** · Wednesday 30 December 2026\nVisit Dora Reed (high risk, within 3 working days)');
  });

  it('shows no risk assessment button on a closed case', async () => {
    const closeForm = await press(bot, caseCard, 'Close');
    const closed = await press(bot, closeForm, 'Close case', { closureReason: 'asb-ceased', victimInformed: 'true' });
    expect(() => findButton(closed, 'Risk assessment')).toThrow();
  });
});
